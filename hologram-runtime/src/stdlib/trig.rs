//! Trigonometric kernels: `sin`, `cos`, `tan`, `sin_cos` (two outputs), `asin`,
//! `acos`, `atan`, and `atan2` (two inputs).
//!
//! Each is a `#[kernel]` over the branch-free function of the same name in
//! [`math`](crate::math), so the generated loops vectorize; the arguments may be anything up
//! to `f32::MAX` and `f64::MAX` (the reduction is exact), and each function's maximum error in ulp is
//! stated in its documentation there.
//!
//! ```
//! # extern crate hologram_runtime as hologram;
//! use hologram::stdlib;
//!
//! let x = [0.0f32, 1.0, 1e30];
//! let (mut s, mut c) = ([0.0f32; 3], [0.0f32; 3]);
//! stdlib::sin_cos::slices(&x, &mut s, &mut c)?;
//! assert_eq!((s[1], c[1]), hologram::math::sin_cos(1.0));
//! assert_eq!(c[0], 1.0);
//! # Ok::<(), hologram::Error>(())
//! ```

macro_rules! trig_family {
    ($t:ident, $math:path, { sin: $sin:literal, cos: $cos:literal, sin_cos: $sin_cos:literal, tan: $tan:literal, asin: $asin:literal, acos: $acos:literal, atan: $atan:literal, atan2: $atan2:literal }) => {
        /// `sin x`; see [`math::sin`](crate::math::sin) for the error bound.
        #[crate::kernel(name = $sin)]
        pub fn sin(x: $t) -> $t {
            use $math as math;
            math::sin(x)
        }

        /// `cos x`; see [`math::cos`](crate::math::cos) for the error bound.
        #[crate::kernel(name = $cos)]
        pub fn cos(x: $t) -> $t {
            use $math as math;
            math::cos(x)
        }

        /// `(sin x, cos x)` into two outputs, from one reduction; see
        /// [`math::sin_cos`](crate::math::sin_cos) for the error bound.
        #[crate::kernel(name = $sin_cos)]
        pub fn sin_cos(x: $t) -> ($t, $t) {
            use $math as math;
            math::sin_cos(x)
        }

        /// `tan x`; see [`math::tan`](crate::math::tan) for the error bound.
        #[crate::kernel(name = $tan)]
        pub fn tan(x: $t) -> $t {
            use $math as math;
            math::tan(x)
        }

        /// The arcsine; see [`math::asin`](crate::math::asin) for the error bound.
        #[crate::kernel(name = $asin)]
        pub fn asin(x: $t) -> $t {
            use $math as math;
            math::asin(x)
        }

        /// The arccosine; see [`math::acos`](crate::math::acos) for the error bound.
        #[crate::kernel(name = $acos)]
        pub fn acos(x: $t) -> $t {
            use $math as math;
            math::acos(x)
        }

        /// The arctangent; see [`math::atan`](crate::math::atan) for the error bound.
        #[crate::kernel(name = $atan)]
        pub fn atan(x: $t) -> $t {
            use $math as math;
            math::atan(x)
        }

        /// The four-quadrant arctangent of `y / x` (inputs in that order); see
        /// [`math::atan2`](crate::math::atan2) for the error bound and the special values.
        #[crate::kernel(name = $atan2)]
        pub fn atan2(y: $t, x: $t) -> $t {
            use $math as math;
            math::atan2(y, x)
        }
    };
}

pub(crate) use trig_family;
