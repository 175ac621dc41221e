//! `exp2`, `exp_m1`, `log2`, `log10` and `ln_1p` in f32, through the f64 `exp` and `ln`.
//!
//! Each widens `x` to f64 (exactly), evaluates there with the f64 [`exp`](super::f64::exp)
//! or [`ln`](super::f64::ln) (each within 1 ulp of f64, 2^-52 relative), and rounds once
//! to f32. The f64 result is within about `2^-50` relative of the exact value, so the f32
//! result is the correctly rounded one except within about `2^-26` ulp of a halfway case:
//! the error is at most 0.5 ulp plus that. The one rounding also gives overflow to
//! infinity and gradual underflow through the subnormals exactly as a correctly rounded
//! libm would. The f64 arithmetic runs at half the lanes of f32, so these cost about twice
//! the f32 `exp` and `ln`.

use super::f64 as wide;
use super::poly::horner64 as horner;

/// `1.5 * 2^52`: adding then subtracting it rounds an f64 of magnitude below 2^51 to the
/// nearest integer, and leaves that integer (modulo 2^51) in the low mantissa bits.
const ROUND_MAGIC: f64 = 6_755_399_441_055_744.0;

/// Below this `|x|`, `ln_1p` uses its series: `1 + x` would lose low bits of `x` in f64.
const LN_1P_SERIES: f64 = 1.0 / 536_870_912.0; // 2^-29

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

/// `2^x`.
///
/// Maximum error: **0.5 ulp** (plus at most `2^-26` ulp) against exp2 computed in f64, over
/// all 2^32 inputs (see `ACCURACY.md`; the tested bound is 1 ulp). Exact for integer `x`.
///
/// Overflows to +inf from `x = 128`; underflows through the subnormals to 0 (`2^-149` is
/// the smallest positive result). `exp2(-inf) = 0`, `exp2(+inf) = +inf`, NaN gives NaN.
///
/// Method: `x = k + r` with `k` the nearest integer and `|r| <= 1/2` (exact);
/// `2^r = exp(r ln 2)` in f64 and `2^k` from the exponent bits, so an integer `x` gives
/// `2^k` exactly (and `2^-150` rounds to 0, ties to even, as it must); one rounding to f32.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::exp2;
/// assert_eq!(exp2(10.0), 1024.0);
/// assert_eq!(exp2(-149.0), f32::from_bits(1));
/// assert_eq!(exp2(128.0), f32::INFINITY);
/// assert_eq!(exp2(f32::NEG_INFINITY), 0.0);
/// ```
#[inline(always)]
pub fn exp2(x: f32) -> f32 {
    // Clamp (NaN passes through): beyond these, 2^x is +inf or rounds to 0 in f32.
    let x = f64::from(x);
    let x = if x > 200.0 { 200.0 } else { x };
    let x = if x < -200.0 { -200.0 } else { x };
    let t = x + ROUND_MAGIC;
    let k = t - ROUND_MAGIC;
    let pow2k = f64::from_bits(
        (t.to_bits()
            .wrapping_sub(ROUND_MAGIC.to_bits())
            .wrapping_add(1023))
            << 52,
    );
    (wide::exp((x - k) * core::f64::consts::LN_2) * pow2k) as f32
}

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

/// The base-2 logarithm.
///
/// Maximum error: **0.5 ulp** (plus at most `2^-26` ulp) against log2 computed in f64, over
/// all 2^32 inputs (see `ACCURACY.md`; the tested bound is 1 ulp). Exact for powers of two.
///
/// `log2(±0) = -inf`, `log2(x < 0) = NaN`, `log2(+inf) = +inf`, NaN gives NaN; subnormal
/// inputs are as accurate as normal ones.
///
/// Method: `ln(x) / ln 2` in f64 (a multiplication by `log2(e)`), rounded once to f32.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::log2;
/// assert_eq!(log2(1024.0), 10.0);
/// assert_eq!(log2(f32::from_bits(1)), -149.0);
/// assert_eq!(log2(0.0), f32::NEG_INFINITY);
/// assert!(log2(-1.0).is_nan());
/// ```
#[inline(always)]
pub fn log2(x: f32) -> f32 {
    (wide::ln(f64::from(x)) * core::f64::consts::LOG2_E) as f32
}

/// The base-10 logarithm.
///
/// Maximum error: **0.5 ulp** (plus at most `2^-26` ulp) against log10 computed in f64, over
/// all 2^32 inputs (see `ACCURACY.md`; the tested bound is 1 ulp). Exact at the powers of
/// ten that f32 holds exactly (1 to 1e10).
///
/// `log10(±0) = -inf`, `log10(x < 0) = NaN`, `log10(+inf) = +inf`, NaN gives NaN.
///
/// Method: `ln(x) / ln 10` in f64 (a multiplication by `log10(e)`), rounded once to f32.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::log10;
/// assert_eq!(log10(1000.0), 3.0);
/// assert_eq!(log10(1.0), 0.0);
/// assert_eq!(log10(-0.0), f32::NEG_INFINITY);
/// ```
#[inline(always)]
pub fn log10(x: f32) -> f32 {
    (wide::ln(f64::from(x)) * core::f64::consts::LOG10_E) as f32
}

/// `ln(1 + x)`, accurate for small `x`.
///
/// Maximum error: **0.5 ulp** (plus at most `2^-26` ulp) against ln_1p computed in f64,
/// over all 2^32 inputs (see `ACCURACY.md`; the tested bound is 1 ulp).
///
/// `ln_1p(±0) = ±0`, tiny `x` gives `x`, `ln_1p(-1) = -inf`, `ln_1p(x < -1) = NaN`,
/// `ln_1p(+inf) = +inf`, NaN gives NaN.
///
/// Method: for `|x| < 2^-29`, `x (1 - x/2)` in f64; above, `1 + x` is exact in f64 (an f32
/// of that size has no bits below `2^-52`), and its f64 `ln` is rounded once to f32.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::ln_1p;
/// assert_eq!(ln_1p(1e-10), 1e-10);
/// assert_eq!(ln_1p(-1.0), f32::NEG_INFINITY);
/// assert!(ln_1p(-2.0).is_nan());
/// assert!((ln_1p(1.0) - core::f32::consts::LN_2).abs() <= f32::EPSILON / 2.0);
/// ```
#[inline(always)]
pub fn ln_1p(x: f32) -> f32 {
    let x = f64::from(x);
    let series = x * (1.0 - 0.5 * x);
    let big = wide::ln(1.0 + x);
    (if x.abs() < LN_1P_SERIES { series } else { big }) as f32
}
