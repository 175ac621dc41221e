//! `exp`, `exp2`, `ln`, `log2` and `log10` in f32.

use super::eft::two_prod;
use super::poly::horner;

/// `ln 2` split for Cody–Waite reduction: `LN2_HI` has 15 significant bits, so `k * LN2_HI`
/// is exact for every `|k| <= 2^9`.
const LN2_HI: f32 = 0.693_145_75;
/// `ln 2 - LN2_HI`.
const LN2_LO: f32 = 1.428_606_8e-6;
/// `1.5 * 2^23`: adding then subtracting it rounds an f32 of magnitude below 2^22 to the
/// nearest integer, and leaves that integer in the low mantissa bits.
const ROUND_MAGIC: f32 = 12_582_912.0;

/// `exp(r) = 1 + r + r^2 P(r)` on `[-ln2/2, ln2/2]`; see `tools/fit_math.py` (`EXP_P`).
const EXP_P: [f32; 5] = [
    0.499_999_94,
    0.166_665_17,
    0.041_668_102,
    0.008_369_192_5,
    0.001_383_889_9,
];

/// `log(1+f) = 2s + s z P(z)`, `s = f/(2+f)`, `z = s^2`; see `tools/fit_math.py` (`LN_P`).
const LN_P: [f32; 4] = [0.666_666_6, 0.400_009_72, 0.284_987_93, 0.242_788_57];

/// (Integer steps wrap: for a NaN argument `k` is garbage, and the NaN in `p` decides the
/// result.)
///
/// `2^k` for `k` in `[-126, 127]`, built from the exponent bits.
#[inline(always)]
fn pow2i(k: i32) -> f32 {
    f32::from_bits((k.wrapping_add(127) as u32) << 23)
}

/// `exp(hi + lo)`, where `lo` is a small correction to `hi` (below an ulp or so of it).
///
/// Reduction: `k = round(hi / ln2)`, `r = hi - k ln2 + lo` (Cody–Waite, two parts), then
/// `exp(hi + lo) = 2^k exp(r)`. The scaling by `2^k` is done in two steps so that `k` from
/// -150 to 128 never builds an out-of-range exponent: results that overflow become +inf,
/// and results in the subnormal range are rounded once, by the last multiplication.
#[inline(always)]
pub(crate) fn exp_parts(hi: f32, lo: f32) -> f32 {
    // Clamp (NaN passes through: both comparisons are false). Beyond these, exp is +inf or
    // rounds to 0, and the clamped value gives exactly that.
    let x = if hi > 89.0 { 89.0 } else { hi };
    let x = if x < -104.0 { -104.0 } else { x };
    let t = x * core::f32::consts::LOG2_E + ROUND_MAGIC;
    let kf = t - ROUND_MAGIC;
    let k = (t.to_bits() as i32).wrapping_sub(ROUND_MAGIC.to_bits() as i32);
    let r = ((x - kf * LN2_HI) - kf * LN2_LO) + lo;
    let p = 1.0 + (r + r * r * horner(r, &EXP_P));
    let k1 = k >> 1;
    p * pow2i(k1) * pow2i(k.wrapping_sub(k1))
}

/// e^x.
///
/// Maximum error: **0.99 ulp** against exp computed in f64, over all 2^32 inputs (see
/// `ACCURACY.md`; the tested bound is 2 ulp).
///
/// Overflows to +inf above about 88.72; underflows through the subnormals to 0 below
/// about -103.97. `exp(-inf) = 0`, `exp(+inf) = +inf`, NaN gives NaN.
///
/// Method: Cody–Waite reduction `x = k ln2 + r`, `|r| <= ln2/2`; `exp(r) = 1 + r + r^2 P(r)`
/// with `P` of degree 4 (minimax, relative error 3.2e-9 with coefficients rounded to f32);
/// `2^k` from the exponent bits in two steps.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::exp;
/// assert_eq!(exp(0.0), 1.0);
/// assert!((exp(1.0) - core::f32::consts::E).abs() <= f32::EPSILON * 3.0);
/// assert_eq!(exp(-f32::INFINITY), 0.0);
/// assert_eq!(exp(100.0), f32::INFINITY);
/// assert!(exp(-100.0) > 0.0 && exp(-100.0) < f32::MIN_POSITIVE); // subnormal
/// ```
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    exp_parts(x, 0.0)
}

/// The natural logarithm.
///
/// Maximum error: **0.84 ulp** against ln computed in f64, over all 2^32 inputs (see
/// `ACCURACY.md`; the tested bound is 2 ulp).
///
/// `ln(0) = -inf` (either sign of zero), `ln(x < 0) = NaN`, `ln(+inf) = +inf`, NaN gives NaN.
/// Subnormal inputs are scaled by 2^23 first, so they are as accurate as normal ones.
///
/// Method: `x = 2^k m` with `m` in `[sqrt(1/2), sqrt(2))`, taken from the bits; with
/// `f = m - 1` and `s = f/(2+f)`, `ln(m) = 2 atanh(s) = f - f^2/2 + s (f^2/2 + z P(z))`,
/// `z = s^2`, `P` of degree 3 (minimax on `z` in `[0, 0.0295]`); `k ln2` in two parts.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::ln;
/// assert_eq!(ln(1.0), 0.0);
/// assert!((ln(core::f32::consts::E) - 1.0).abs() <= f32::EPSILON);
/// assert_eq!(ln(0.0), f32::NEG_INFINITY);
/// assert!(ln(-1.0).is_nan());
/// ```
#[inline(always)]
pub fn ln(x: f32) -> f32 {
    let LnParts { kf, f, s, hfsq, r } = ln_parts(x);
    let y = (((s * (hfsq + r) + kf * LN2_LO) - hfsq) + f) + kf * LN2_HI;
    ln_specials(x, y)
}

/// `ln(1 + x)`, accurate for small `x`.
///
/// Maximum error: **0.87 ulp** against ln_1p computed in f64, over all 2^32 inputs (see
/// `ACCURACY.md`; the tested bound is 1 ulp).
///
/// `ln_1p(±0) = ±0`, tiny `x` gives `x`, `ln_1p(-1) = -inf`, `ln_1p(x < -1) = NaN`,
/// `ln_1p(+inf) = +inf`, NaN gives NaN.
///
/// Method: `u = 1 + x` rounded, and its rounding error `c`, exactly (`x - (u - 1)` below 2,
/// `1 - (u - x)` above); then [`ln`] of `u`, with `c / u` added next to the low part of
/// `k ln 2` (FreeBSD's `log1pf`). All in f32.
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
    let u = 1.0 + x;
    let c = if u < 2.0 {
        x - (u - 1.0)
    } else {
        1.0 - (u - x)
    };
    let c = c / u;
    let LnParts { kf, f, s, hfsq, r } = ln_parts(u);
    let y = (((s * (hfsq + r) + (kf * LN2_LO + c)) - hfsq) + f) + kf * LN2_HI;
    let y = ln_specials(u, y);
    if x == 0.0 { x } else { y }
}

/// The pieces of `ln x = k ln2 + ln(1 + f)` that `ln`, `log2` and `log10` share:
/// `ln(1 + f) = f - hfsq + s (hfsq + r)`.
struct LnParts {
    /// `k`, the power of two.
    kf: f32,
    /// `f = m - 1` for `m = x / 2^k` in `[sqrt(1/2), sqrt(2))`.
    f: f32,
    /// `s = f / (2 + f)`.
    s: f32,
    /// `f^2 / 2`.
    hfsq: f32,
    /// `z P(z)`, `z = s^2`.
    r: f32,
}

/// `x = 2^k m` with `m` in `[sqrt(1/2), sqrt(2))`, taken from the bits (subnormals scaled by
/// 2^23 first), and the pieces of `ln m`. Meaningless for `x <= 0`, infinite or NaN: see
/// [`ln_specials`].
#[inline(always)]
fn ln_parts(x: f32) -> LnParts {
    let subnormal = x < f32::MIN_POSITIVE;
    let xn = if subnormal { x * 8_388_608.0 } else { x }; // 2^23
    // Shift the bits so that the exponent field rounds at sqrt(1/2) instead of 1.
    let ix = xn.to_bits().wrapping_add(0x3f80_0000 - 0x3f35_04f3);
    let k = (ix >> 23) as i32 - 127 - if subnormal { 23 } else { 0 };
    let m = f32::from_bits((ix & 0x007f_ffff) + 0x3f35_04f3);
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let z = s * s;
    LnParts {
        kf: k as f32,
        f,
        s,
        hfsq: 0.5 * f * f,
        r: z * horner(z, &LN_P),
    }
}

/// `y`, or what every logarithm gives at `x`: +inf at +inf, -inf at ±0, NaN below 0 or at
/// NaN.
#[inline(always)]
fn ln_specials(x: f32, y: f32) -> f32 {
    let y = if x == f32::INFINITY { x } else { y };
    let y = if x == 0.0 { f32::NEG_INFINITY } else { y };
    if x < 0.0 || x.is_nan() { f32::NAN } else { y }
}

/// `ln(1 + f) = f - hfsq + s (hfsq + r)` as `hi + lo`, with `hi` holding the top 12 bits of
/// `f - hfsq`, so that `hi` times a 12-bit constant is exact (FreeBSD's `log2f` split).
#[inline(always)]
fn ln1p_split(p: &LnParts) -> (f32, f32) {
    let hi = f32::from_bits((p.f - p.hfsq).to_bits() & 0xffff_f000);
    let lo = ((p.f - hi) - p.hfsq) + p.s * (p.hfsq + p.r);
    (hi, lo)
}

/// `1/ln 2` as `IVLN2_HI` (12 significant bits) plus `IVLN2_LO`.
const IVLN2_HI: f32 = f32::from_bits(0x3fb8_b000);
/// `1/ln 2 - IVLN2_HI`.
const IVLN2_LO: f32 = f32::from_bits(0xb938_9ad4);
/// `1/ln 10` as `IVLN10_HI` (12 significant bits) plus `IVLN10_LO`.
const IVLN10_HI: f32 = f32::from_bits(0x3ede_6000);
/// `1/ln 10 - IVLN10_HI`.
const IVLN10_LO: f32 = f32::from_bits(0xb804_ead9);
/// `log10(2)` as `LOG10_2_HI` (17 significant bits, so `k LOG10_2_HI` is exact) plus
/// `LOG10_2_LO`.
const LOG10_2_HI: f32 = f32::from_bits(0x3e9a_2080);
/// `log10(2) - LOG10_2_HI`.
const LOG10_2_LO: f32 = f32::from_bits(0x3554_27db);

/// The base-2 logarithm.
///
/// Maximum error: **0.87 ulp** against log2 computed in f64, over all 2^32 inputs
/// (see `ACCURACY.md`; the tested bound is 1 ulp). Exact for powers of two.
///
/// `log2(±0) = -inf`, `log2(x < 0) = NaN`, `log2(+inf) = +inf`, NaN gives NaN; subnormal
/// inputs are as accurate as normal ones.
///
/// Method: that of [`ln`] up to `ln(1 + f)`, kept as `hi + lo` with a 12-bit `hi`; then
/// `k + (hi + lo) / ln 2` with `1/ln 2` in two parts, so the large products are exact
/// (FreeBSD's `log2f`).
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
    let p = ln_parts(x);
    let (hi, lo) = ln1p_split(&p);
    let y = (((lo + hi) * IVLN2_LO + lo * IVLN2_HI) + hi * IVLN2_HI) + p.kf;
    ln_specials(x, y)
}

/// The base-10 logarithm.
///
/// Maximum error: **0.83 ulp** against log10 computed in f64, over all 2^32 inputs (see
/// `ACCURACY.md`; the tested bound is 1 ulp). Exact at the powers of ten that f32 holds
/// exactly (1 to 1e10; a test checks them).
///
/// `log10(±0) = -inf`, `log10(x < 0) = NaN`, `log10(+inf) = +inf`, NaN gives NaN.
///
/// Method: that of [`log2`], with `k log10(2) + (hi + lo) / ln 10` (FreeBSD's `log10f`).
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
    let p = ln_parts(x);
    let (hi, lo) = ln1p_split(&p);
    let y = (((p.kf * LOG10_2_LO + (lo + hi) * IVLN10_LO) + lo * IVLN10_HI) + hi * IVLN10_HI)
        + p.kf * LOG10_2_HI;
    ln_specials(x, y)
}

/// `ln 2` rounded to f32, for `exp2`'s `r ln 2` as a sum of two f32s.
const LN2_F32: f32 = core::f32::consts::LN_2;
/// `ln 2 - LN2_F32`.
const LN2_F32_TAIL: f32 = -1.904_654_3e-9;

/// `2^x`.
///
/// Maximum error: **0.84 ulp** against exp2 computed in f64, over all 2^32 inputs (see
/// `ACCURACY.md`; the tested bound is 1 ulp). Exact for integer `x`.
///
/// Overflows to +inf from `x = 128`; underflows through the subnormals to 0 (`2^-149` is
/// the smallest positive result, and `2^-150` rounds to 0, ties to even).
/// `exp2(-inf) = 0`, `exp2(+inf) = +inf`, NaN gives NaN.
///
/// Method: `x = k + r` with `k` the nearest integer (`r = x - k` exact, `|r| <= 1/2`);
/// `2^r = exp(r ln 2)` with `r ln 2` carried as two f32s and [`exp`]'s polynomial; `2^k`
/// from the exponent bits in two steps, so an integer `x` gives exactly `2^k`.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::exp2;
/// assert_eq!(exp2(10.0), 1024.0);
/// assert_eq!(exp2(-149.0), f32::from_bits(1));
/// assert_eq!(exp2(-150.0), 0.0);
/// assert_eq!(exp2(128.0), f32::INFINITY);
/// assert_eq!(exp2(f32::NEG_INFINITY), 0.0);
/// ```
#[inline(always)]
pub fn exp2(x: f32) -> f32 {
    // Clamp (NaN passes through): beyond these, 2^x is +inf or rounds to 0.
    let x = if x > 129.0 { 129.0 } else { x };
    let x = if x < -151.0 { -151.0 } else { x };
    let t = x + ROUND_MAGIC;
    let kf = t - ROUND_MAGIC;
    let k = (t.to_bits() as i32).wrapping_sub(ROUND_MAGIC.to_bits() as i32);
    let r = x - kf;
    let (hi, lo) = two_prod(r, LN2_F32);
    let lo = lo + r * LN2_F32_TAIL;
    // exp(hi + lo) = exp(hi) (1 + lo), to well below an ulp.
    let p = 1.0 + (hi + ((lo + hi * lo) + hi * hi * horner(hi, &EXP_P)));
    let k1 = k >> 1;
    p * pow2i(k1) * pow2i(k.wrapping_sub(k1))
}
