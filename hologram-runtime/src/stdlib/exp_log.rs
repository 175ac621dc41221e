//! Exponential and logarithmic kernels: `exp2`, `exp_m1`, `log2`, `log10`, `ln_1p`.
//!
//! Each is a `#[kernel]` over the branch-free function of the same name in
//! [`math`](crate::math), so the generated loops vectorize; each function's maximum error in
//! ulp is stated in its documentation there.
//!
//! ```
//! # extern crate hologram_runtime as hologram;
//! use hologram::stdlib;
//!
//! let x = [1.0f32, 8.0, 1024.0];
//! let mut out = [0.0f32; 3];
//! stdlib::log2::slices(&x, &mut out)?;
//! assert_eq!(out, [0.0, 3.0, 10.0]);
//! # Ok::<(), hologram::Error>(())
//! ```

macro_rules! exp_log_family {
    ($t:ident, $math:path, { exp2: $exp2:literal, exp_m1: $exp_m1:literal, log2: $log2:literal, log10: $log10:literal, ln_1p: $ln_1p:literal }) => {
        /// `2^x`; see [`math::exp2`](crate::math::exp2) for the error bound.
        #[crate::kernel(name = $exp2)]
        pub fn exp2(x: $t) -> $t {
            use $math as math;
            math::exp2(x)
        }

        /// `e^x - 1`; see [`math::exp_m1`](crate::math::exp_m1) for the error bound.
        #[crate::kernel(name = $exp_m1)]
        pub fn exp_m1(x: $t) -> $t {
            use $math as math;
            math::exp_m1(x)
        }

        /// The base-2 logarithm; see [`math::log2`](crate::math::log2) for the error bound.
        #[crate::kernel(name = $log2)]
        pub fn log2(x: $t) -> $t {
            use $math as math;
            math::log2(x)
        }

        /// The base-10 logarithm; see [`math::log10`](crate::math::log10) for the error bound.
        #[crate::kernel(name = $log10)]
        pub fn log10(x: $t) -> $t {
            use $math as math;
            math::log10(x)
        }

        /// `ln(1 + x)`; see [`math::ln_1p`](crate::math::ln_1p) for the error bound.
        #[crate::kernel(name = $ln_1p)]
        pub fn ln_1p(x: $t) -> $t {
            use $math as math;
            math::ln_1p(x)
        }
    };
}

pub(crate) use exp_log_family;
