//! `sinh`, `cosh`, `asinh`, `acosh` and `atanh` in f32, through the f64 `exp` and `ln`.
//!
//! As in [`exp_log`](super::exp_log): each widens `x` to f64 (exactly), evaluates the
//! textbook formula there with the f64 [`exp`](super::f64::exp) or [`ln`](super::f64::ln),
//! switching to the Taylor series near 0 where the formula cancels, and rounds once to f32.
//! The f64 value is within about `2^-40` relative of the exact one, so the error is at most
//! 0.5 ulp plus about `2^-16` ulp, and overflow and underflow come from the one rounding.

use super::f64 as wide;
use super::poly::horner64 as horner;

/// Below this `|x|`, each function uses its Taylor series: the formulas lose up to
/// `2^-52 / |x| <= 2^-42` relative there.
const SERIES: f64 = 1.0 / 1024.0; // 2^-10

/// `sinh x = x (1 + z P(z))`, `z = x^2`: `1/3!, 1/5!, 1/7!` (truncation below `2^-80`).
const SINH_P: [f64; 3] = [
    0.16666666666666666,
    0.008333333333333333,
    0.0001984126984126984,
];
/// `asinh x = x (1 + z P(z))`: `-1/6, 3/40, -5/112`.
const ASINH_P: [f64; 3] = [-0.16666666666666666, 0.075, -0.044642857142857144];
/// `atanh x = x (1 + z P(z))`: `1/3, 1/5, 1/7`.
const ATANH_P: [f64; 3] = [0.3333333333333333, 0.2, 0.14285714285714285];

/// The hyperbolic sine.
///
/// Maximum error: **0.5 ulp** (plus at most `2^-16` ulp) against sinh computed in f64, over
/// all 2^32 inputs (see `ACCURACY.md`; the tested bound is 1 ulp).
///
/// `sinh(±0) = ±0`, tiny `x` gives `x`, `sinh(±inf) = ±inf`, overflows to ±inf beyond about
/// ±89.42, NaN gives NaN.
///
/// Method: `e = exp(|x|)`, `(e - 1/e) / 2` in f64 with the sign of `x`; for `|x| < 2^-10`
/// the series to `x^7`.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::sinh;
/// assert!((sinh(1.0) - 1.1752012).abs() <= f32::EPSILON);
/// assert_eq!(sinh(-0.0).to_bits(), (-0.0f32).to_bits());
/// assert_eq!(sinh(-100.0), f32::NEG_INFINITY);
/// ```
#[inline(always)]
pub fn sinh(x: f32) -> f32 {
    let x = f64::from(x);
    let z = x * x;
    let series = x * (1.0 + z * horner(z, &SINH_P));
    let e = wide::exp(x.abs());
    let big = (0.5 * (e - 1.0 / e)).copysign(x);
    (if x.abs() < SERIES { series } else { big }) as f32
}

/// The hyperbolic cosine.
///
/// Maximum error: **0.5 ulp** (plus at most `2^-16` ulp) against cosh computed in f64, over
/// all 2^32 inputs (see `ACCURACY.md`; the tested bound is 1 ulp).
///
/// `cosh(±0) = 1`, `cosh(±inf) = +inf`, overflows to +inf beyond about ±89.42, NaN gives
/// NaN.
///
/// Method: `e = exp(|x|)`, `(e + 1/e) / 2` in f64.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::cosh;
/// assert_eq!(cosh(0.0), 1.0);
/// assert!((cosh(1.0) - 1.5430806).abs() <= f32::EPSILON);
/// assert_eq!(cosh(f32::NEG_INFINITY), f32::INFINITY);
/// ```
#[inline(always)]
pub fn cosh(x: f32) -> f32 {
    let e = wide::exp(f64::from(x).abs());
    (0.5 * (e + 1.0 / e)) as f32
}

/// The inverse hyperbolic sine.
///
/// Maximum error: **0.5 ulp** (plus at most `2^-16` ulp) against asinh computed in f64, over
/// all 2^32 inputs (see `ACCURACY.md`; the tested bound is 1 ulp).
///
/// `asinh(±0) = ±0`, tiny `x` gives `x`, `asinh(±inf) = ±inf`, NaN gives NaN.
///
/// Method: `ln(|x| + sqrt(x^2 + 1))` in f64 with the sign of `x` (`x^2` cannot overflow in
/// f64); for `|x| < 2^-10` the series to `x^7`.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::asinh;
/// assert!((asinh(1.0) - 0.8813736).abs() <= f32::EPSILON);
/// assert_eq!(asinh(f32::MAX), 89.415985);
/// assert_eq!(asinh(f32::NEG_INFINITY), f32::NEG_INFINITY);
/// ```
#[inline(always)]
pub fn asinh(x: f32) -> f32 {
    let x = f64::from(x);
    let z = x * x;
    let series = x * (1.0 + z * horner(z, &ASINH_P));
    let a = x.abs();
    let big = wide::ln(a + (z + 1.0).sqrt()).copysign(x);
    (if a < SERIES { series } else { big }) as f32
}

/// The inverse hyperbolic cosine.
///
/// Maximum error: **0.5 ulp** (plus at most `2^-16` ulp) against acosh computed in f64, over
/// all 2^32 inputs (see `ACCURACY.md`; the tested bound is 1 ulp).
///
/// `acosh(1) = 0`, `acosh(x < 1) = NaN`, `acosh(+inf) = +inf`, NaN gives NaN.
///
/// Method: `ln(x + sqrt(x^2 - 1))` in f64, where `x^2 - 1` is exact (an f32 squared has at
/// most 48 bits).
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::acosh;
/// assert_eq!(acosh(1.0), 0.0);
/// assert!((acosh(2.0) - 1.316958).abs() <= f32::EPSILON);
/// assert!(acosh(0.5).is_nan());
/// ```
#[inline(always)]
pub fn acosh(x: f32) -> f32 {
    let x = f64::from(x);
    // Below -1 the formula gives a number (x + |x| cancels): select NaN, as for [-1, 1).
    let y = wide::ln(x + (x * x - 1.0).sqrt());
    (if x < 1.0 { f64::NAN } else { y }) as f32
}

/// The inverse hyperbolic tangent.
///
/// Maximum error: **0.5 ulp** (plus at most `2^-16` ulp) against atanh computed in f64, over
/// all 2^32 inputs (see `ACCURACY.md`; the tested bound is 1 ulp).
///
/// `atanh(±0) = ±0`, tiny `x` gives `x`, `atanh(±1) = ±inf`, `atanh(|x| > 1) = NaN`, NaN
/// gives NaN.
///
/// Method: `ln((1 + x) / (1 - x)) / 2` in f64 (`1 ± x` exact); for `|x| < 2^-10` the series
/// to `x^7`.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::atanh;
/// assert!((atanh(0.5) - 0.54930615).abs() <= f32::EPSILON);
/// assert_eq!(atanh(-1.0), f32::NEG_INFINITY);
/// assert!(atanh(2.0).is_nan());
/// ```
#[inline(always)]
pub fn atanh(x: f32) -> f32 {
    let x = f64::from(x);
    let z = x * x;
    let series = x * (1.0 + z * horner(z, &ATANH_P));
    let big = 0.5 * wide::ln((1.0 + x) / (1.0 - x));
    (if x.abs() < SERIES { series } else { big }) as f32
}
