//! `exp_m1` in f32, through the f64 `exp` (`ln_1p` is with `ln`, in f32 arithmetic).
//!
//! It widens `x` to f64 (exactly), evaluates there with the f64 [`exp`](super::f64::exp) (within 1
//! ulp of f64, 2^-52 relative), and rounds once to f32. The f64 result is within about `2^-50`
//! relative of the exact value, so the f32 result is the correctly rounded one except within about
//! `2^-26` ulp of a halfway case: the error is at most 0.5 ulp plus that. The one rounding also
//! gives overflow to infinity exactly as a correctly rounded libm would. The f64 arithmetic runs at
//! half the lanes of f32, so it costs about twice the f32 `exp`.

use super::f64 as wide;
use super::poly::horner64 as horner;

/// Below this `|x|`, `exp_m1` uses its series: above, `exp(x) - 1` in f64 is within
/// `2^-52 / |x| <= 2^-42` relative.
const EXP_M1_SERIES: f64 = 1.0 / 1024.0; // 2^-10

/// `1/k!` for `k = 2..6`.
const INV_FACT: [f64; 5] = [
    0.5,
    0.16666666666666666,
    0.041666666666666664,
    0.008333333333333333,
    0.001388888888888889,
];

/// `e^x - 1`, accurate for small `x`.
///
/// Maximum error: **0.5 ulp** (plus at most `2^-26` ulp) against exp_m1 computed in f64,
/// over all 2^32 inputs (see `ACCURACY.md`; the tested bound is 1 ulp).
///
/// `exp_m1(±0) = ±0`, tiny `x` gives `x`, `exp_m1(-inf) = -1`, overflows to +inf above
/// about 88.72, NaN gives NaN.
///
/// Method: for `|x| < 2^-10`, the Taylor series to `x^6` in f64 (truncation below `2^-60`
/// relative); above, `exp(x) - 1` in f64, within `2^-52 / |x| <= 2^-42` relative.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::exp_m1;
/// assert_eq!(exp_m1(1e-10), 1e-10);
/// assert_eq!(exp_m1(-0.0).to_bits(), (-0.0f32).to_bits());
/// assert_eq!(exp_m1(f32::NEG_INFINITY), -1.0);
/// assert!((exp_m1(1.0) - 1.7182817).abs() <= f32::EPSILON);
/// ```
#[inline(always)]
pub fn exp_m1(x: f32) -> f32 {
    let x = f64::from(x);
    let series = x * (1.0 + x * horner(x, &INV_FACT));
    let big = wide::exp(x) - 1.0;
    (if x.abs() < EXP_M1_SERIES { series } else { big }) as f32
}
