//! `atan`, `asin`, `acos` and `atan2` in f32, from one f64 arctangent.
//!
//! Each widens its arguments to f64 (exactly), reduces to the arctangent of a value in
//! `[0, 1]`, evaluates it in f64, and rounds once to f32. The f64 value is within about
//! `2^-38` relative of the exact one, so the error is at most 0.5 ulp plus about `2^-14`
//! ulp.

use super::poly::horner64 as horner;
use core::f64::consts::{FRAC_PI_2, FRAC_PI_4, PI};

/// `tan(pi/8) = sqrt(2) - 1`: above it, `atan t = pi/4 + atan((t - 1)/(t + 1))`.
const TAN_PI_8: f64 = 0.41421356237309503;

/// `atan u = u (1 + z P(z))`, `z = u^2`, `|u| <= tan(pi/8)`: Taylor coefficients
/// `(-1)^k / (2k + 1)`, `k = 1..13` (truncation `u^28 / 29 < 2^-40` relative).
const ATAN_P: [f64; 13] = [
    -0.3333333333333333,
    0.2,
    -0.14285714285714285,
    0.1111111111111111,
    -0.09090909090909091,
    0.07692307692307693,
    -0.06666666666666667,
    0.058823529411764705,
    -0.05263157894736842,
    0.047619047619047616,
    -0.043478260869565216,
    0.04,
    -0.037037037037037035,
];

/// `atan t` for `t` in `[0, 1]` (NaN gives NaN), in f64.
#[inline(always)]
fn atan01(t: f64) -> f64 {
    let high = t > TAN_PI_8;
    let u = if high { (t - 1.0) / (t + 1.0) } else { t };
    let z = u * u;
    let a = u * (1.0 + z * horner(z, &ATAN_P));
    if high { FRAC_PI_4 + a } else { a }
}

/// `atan(num / den)` for `num, den >= 0`, in `[0, pi/2]`: the smaller over the larger, so
/// the quotient is in `[0, 1]`. Both zero give 0 and both infinite give `pi/4`, the values
/// C99 Annex F asks of `atan2`.
#[inline(always)]
fn atan_ratio(num: f64, den: f64) -> f64 {
    let swap = num > den;
    let (p, q) = if swap { (den, num) } else { (num, den) };
    let t = p / q;
    // inf / inf (and equal finite values) give 1; 0 / 0 gives 0; a NaN stays NaN.
    let t = if p == q { 1.0 } else { t };
    let t = if q == 0.0 { 0.0 } else { t };
    let a = atan01(t);
    if swap { FRAC_PI_2 - a } else { a }
}

/// The arctangent, in `[-pi/2, pi/2]`.
///
/// Maximum error: **0.5 ulp** (plus at most `2^-14` ulp) against atan computed in f64, over
/// all 2^32 inputs (see `ACCURACY.md`; the tested bound is 1 ulp).
///
/// `atan(±0) = ±0`, tiny `x` gives `x`, `atan(±inf) = ±pi/2`, NaN gives NaN.
///
/// Method: `atan |x| = pi/2 - atan(1/|x|)` above 1, `pi/4 + atan((t-1)/(t+1))` above
/// `tan(pi/8)`, and the Taylor series to `u^27` below, all in f64, with the sign of `x`.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::atan;
/// assert_eq!(atan(1.0), core::f32::consts::FRAC_PI_4);
/// assert_eq!(atan(f32::NEG_INFINITY), -core::f32::consts::FRAC_PI_2);
/// assert_eq!(atan(-0.0).to_bits(), (-0.0f32).to_bits());
/// ```
#[inline(always)]
pub fn atan(x: f32) -> f32 {
    let x = f64::from(x);
    (atan_ratio(x.abs(), 1.0).copysign(x)) as f32
}

/// The arcsine, in `[-pi/2, pi/2]`.
///
/// Maximum error: **0.5 ulp** (plus at most `2^-14` ulp) against asin computed in f64, over
/// all 2^32 inputs (see `ACCURACY.md`; the tested bound is 1 ulp).
///
/// `asin(±0) = ±0`, tiny `x` gives `x`, `asin(±1) = ±pi/2`, `asin(|x| > 1) = NaN`, NaN
/// gives NaN.
///
/// Method: `atan(|x| / sqrt((1 - |x|)(1 + |x|)))` in f64 (`1 ± |x|` exact), with the sign
/// of `x`.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::asin;
/// assert_eq!(asin(1.0), core::f32::consts::FRAC_PI_2);
/// assert_eq!(asin(0.5), 0.5235988);
/// assert!(asin(1.5).is_nan());
/// ```
#[inline(always)]
pub fn asin(x: f32) -> f32 {
    let x = f64::from(x);
    let a = x.abs();
    let c = ((1.0 - a) * (1.0 + a)).sqrt();
    (atan_ratio(a, c).copysign(x)) as f32
}

/// The arccosine, in `[0, pi]`.
///
/// Maximum error: **0.5 ulp** (plus at most `2^-14` ulp) against acos computed in f64, over
/// all 2^32 inputs (see `ACCURACY.md`; the tested bound is 1 ulp).
///
/// `acos(1) = +0`, `acos(-1) = pi`, `acos(|x| > 1) = NaN`, NaN gives NaN.
///
/// Method: `atan(sqrt((1 - x)(1 + x)) / x)` in f64 for `x >= 0`, `pi` minus that of `-x`
/// below.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::acos;
/// assert_eq!(acos(1.0), 0.0);
/// assert_eq!(acos(-1.0), core::f32::consts::PI);
/// assert_eq!(acos(0.0), core::f32::consts::FRAC_PI_2);
/// assert!(acos(-1.5).is_nan());
/// ```
#[inline(always)]
pub fn acos(x: f32) -> f32 {
    let x = f64::from(x);
    let a = x.abs();
    let s = ((1.0 - a) * (1.0 + a)).sqrt();
    let t = atan_ratio(s, a);
    (if x < 0.0 { PI - t } else { t }) as f32
}

/// The four-quadrant arctangent of `y / x`, in `[-pi, pi]` (`self.atan2(other)` in std's
/// terms: `atan2(y, x)`).
///
/// Maximum error: **0.5 ulp** (plus at most `2^-14` ulp) against atan2 computed in f64, on
/// random pairs and the special cases (see `ACCURACY.md`; the tested bound is 1 ulp).
///
/// Special values as C99 Annex F: `atan2(±0, -0) = ±pi`, `atan2(±0, +0) = ±0`,
/// `atan2(±0, x < 0) = ±pi`, `atan2(±0, x > 0) = ±0`, `atan2(y < 0, ±0) = -pi/2`,
/// `atan2(y > 0, ±0) = pi/2`, `atan2(±y, -inf) = ±pi` and `atan2(±y, +inf) = ±0` for finite
/// `y > 0`, `atan2(±inf, x) = ±pi/2` for finite `x`, `atan2(±inf, -inf) = ±3pi/4`,
/// `atan2(±inf, +inf) = ±pi/4`; NaN in either gives NaN.
///
/// Method: `atan(|y| / |x|)` (the smaller over the larger) in f64, then `pi` minus it where
/// `x` is negative (or -0), with the sign of `y`.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::atan2;
/// use core::f32::consts::{FRAC_PI_2, PI};
/// assert_eq!(atan2(1.0, -1.0), 3.0 * PI / 4.0);
/// assert_eq!(atan2(-0.0, -0.0), -PI);
/// assert_eq!(atan2(-2.0, 0.0), -FRAC_PI_2);
/// assert!(atan2(f32::NAN, 1.0).is_nan());
/// ```
#[inline(always)]
pub fn atan2(y: f32, x: f32) -> f32 {
    let (y, x) = (f64::from(y), f64::from(x));
    let t = atan_ratio(y.abs(), x.abs());
    let t = if x.is_sign_negative() { PI - t } else { t };
    let t = if x.is_nan() | y.is_nan() { f64::NAN } else { t };
    (t.copysign(y)) as f32
}
