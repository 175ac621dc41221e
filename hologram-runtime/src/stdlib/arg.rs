//! `argmax` and `argmin`: the value and index of the largest (smallest) element, in one pass.
//!
//! Each is a reduction to a tuple `(value, index)` whose `#[index]` parameter receives each
//! element's position, folded with a combiner that picks the better of two candidates:
//!
//! - the larger value for `argmax`, the smaller for `argmin`;
//! - NaN beats every number, in both (as numpy's `argmax` and `argmin`: the first NaN);
//! - of equal values (`-0.0` and `+0.0` are equal), or two NaNs, the smaller index: the
//!   first occurrence, as numpy and `Iterator::max_by` with a strict comparison give.
//!
//! That rule is a total order on candidates, so the result does not depend on the fold
//! order: any split across threads gives the same value and index. The index is an `i64`
//! (numpy's `intp`). Of empty input they return the identity: `(-inf, i64::MAX)` for
//! `argmax`, `(+inf, i64::MAX)` for `argmin`: check the length first.
//!
//! ```
//! # extern crate hologram_runtime as hologram;
//! use hologram::stdlib;
//!
//! let x = [3.0f32, 9.0, -1.0, 9.0];
//! assert_eq!(stdlib::argmax::slices(&x)?, (9.0, 1));
//! assert_eq!(stdlib::argmin::slices(&x)?, (-1.0, 2));
//! # Ok::<(), hologram::Error>(())
//! ```

macro_rules! arg_family {
    ($t:ident { argmax: $argmax:literal, argmin: $argmin:literal }) => {
        /// `argmax`'s combiner: the candidate with the larger value, NaN above every
        /// number, the smaller index of two equal values.
        #[inline(always)]
        pub fn argmax_combine(a: ($t, i64), b: ($t, i64)) -> ($t, i64) {
            let (a_nan, b_nan) = (a.0.is_nan(), b.0.is_nan());
            let better = (b.0 > a.0 && !a_nan) || (b_nan && !a_nan);
            let tie = (b.0 == a.0 || (a_nan && b_nan)) && b.1 < a.1;
            if better || tie { b } else { a }
        }

        /// `argmin`'s combiner: the candidate with the smaller value, NaN beating every
        /// number as in `argmax`, the smaller index of two equal values.
        #[inline(always)]
        pub fn argmin_combine(a: ($t, i64), b: ($t, i64)) -> ($t, i64) {
            let (a_nan, b_nan) = (a.0.is_nan(), b.0.is_nan());
            let better = (b.0 < a.0 && !a_nan) || (b_nan && !a_nan);
            let tie = (b.0 == a.0 || (a_nan && b_nan)) && b.1 < a.1;
            if better || tie { b } else { a }
        }

        /// The largest element and its index (the first, of equal ones; the first NaN if
        /// any); `(-inf, i64::MAX)` for none.
        #[crate::kernel(
                    reduce(combine = argmax_combine, identity = ($t::NEG_INFINITY, i64::MAX)),
                    name = $argmax
                )]
        pub fn argmax(x: $t, #[index] i: u64) -> ($t, i64) {
            (x, i.cast_signed())
        }

        /// The smallest element and its index (the first, of equal ones; the first NaN if
        /// any); `(+inf, i64::MAX)` for none.
        #[crate::kernel(
                    reduce(combine = argmin_combine, identity = ($t::INFINITY, i64::MAX)),
                    name = $argmin
                )]
        pub fn argmin(x: $t, #[index] i: u64) -> ($t, i64) {
            (x, i.cast_signed())
        }
    };
}

pub(crate) use arg_family;

arg_family!(f32 {
    argmax: "argmax",
    argmin: "argmin"
});
