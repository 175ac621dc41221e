//! Trigonometric kernels in f32: `sin`, `cos`, `tan`, `sin_cos` (two outputs), `asin`,
//! `acos`, `atan`, and `atan2` (two inputs).
//!
//! Each is a `#[kernel]` over the branch-free function of the same name in
//! [`math`](crate::math), so the generated loops vectorize; the arguments may be anything up
//! to `f32::MAX` (the reduction is exact), and each function's maximum error in ulp is
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

use crate::math;

/// `sin x`; see [`math::sin`](crate::math::sin) for the error bound.
#[crate::kernel]
pub fn sin(x: f32) -> f32 {
    math::sin(x)
}

/// `cos x`; see [`math::cos`](crate::math::cos) for the error bound.
#[crate::kernel]
pub fn cos(x: f32) -> f32 {
    math::cos(x)
}

/// `(sin x, cos x)` into two outputs, from one reduction; see
/// [`math::sin_cos`](crate::math::sin_cos) for the error bound.
#[crate::kernel]
pub fn sin_cos(x: f32) -> (f32, f32) {
    math::sin_cos(x)
}

/// `tan x`; see [`math::tan`](crate::math::tan) for the error bound.
#[crate::kernel]
pub fn tan(x: f32) -> f32 {
    math::tan(x)
}

/// The arcsine; see [`math::asin`](crate::math::asin) for the error bound.
#[crate::kernel]
pub fn asin(x: f32) -> f32 {
    math::asin(x)
}

/// The arccosine; see [`math::acos`](crate::math::acos) for the error bound.
#[crate::kernel]
pub fn acos(x: f32) -> f32 {
    math::acos(x)
}

/// The arctangent; see [`math::atan`](crate::math::atan) for the error bound.
#[crate::kernel]
pub fn atan(x: f32) -> f32 {
    math::atan(x)
}

/// The four-quadrant arctangent of `y / x` (inputs in that order); see
/// [`math::atan2`](crate::math::atan2) for the error bound and the special values.
#[crate::kernel]
pub fn atan2(y: f32, x: f32) -> f32 {
    math::atan2(y, x)
}
