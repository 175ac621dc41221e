//! Exponential and logarithmic kernels in f32: `exp2`, `exp_m1`, `log2`, `log10`, `ln_1p`.
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

use crate::math;

/// `2^x`; see [`math::exp2`](crate::math::exp2) for the error bound.
#[crate::kernel]
pub fn exp2(x: f32) -> f32 {
    math::exp2(x)
}

/// `e^x - 1`; see [`math::exp_m1`](crate::math::exp_m1) for the error bound.
#[crate::kernel]
pub fn exp_m1(x: f32) -> f32 {
    math::exp_m1(x)
}

/// The base-2 logarithm; see [`math::log2`](crate::math::log2) for the error bound.
#[crate::kernel]
pub fn log2(x: f32) -> f32 {
    math::log2(x)
}

/// The base-10 logarithm; see [`math::log10`](crate::math::log10) for the error bound.
#[crate::kernel]
pub fn log10(x: f32) -> f32 {
    math::log10(x)
}

/// `ln(1 + x)`; see [`math::ln_1p`](crate::math::ln_1p) for the error bound.
#[crate::kernel]
pub fn ln_1p(x: f32) -> f32 {
    math::ln_1p(x)
}
