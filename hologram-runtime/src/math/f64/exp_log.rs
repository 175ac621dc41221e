//! `exp2`, `exp_m1`, `log2`, `log10` and `ln_1p` in f64, and the double-f64 logarithm and
//! exponential that the hyperbolic functions and `powf` build on.

use super::dd::{self, Dd, two_prod, two_sum};
use super::{EXP_P, LN2_HI, LN2_LO, ROUND_MAGIC, horner, pow2i};

/// `ln 2` as double-f64.
pub(super) const LN2: Dd = (core::f64::consts::LN_2, 2.3190468138462996e-17);
/// `1 / ln 2` as double-f64.
const INV_LN2: Dd = (core::f64::consts::LOG2_E, 2.0355273740931033e-17);
/// `1 / ln 10` as double-f64.
const INV_LN10: Dd = (core::f64::consts::LOG10_E, 1.098319650216765e-17);
/// `2/3` and `2/5` as double-f64: the first coefficients of the series below.
const TWO_THIRDS: Dd = (0.6666666666666666, 3.700743415417188e-17);
const TWO_FIFTHS: Dd = (0.4, -2.2204460492503132e-17);
/// `2 / (2k + 3)`, `k = 2..=11`: the rest of `P(z) = sum 2 z^k / (2k + 3)`, so that
/// `ln((1+s)/(1-s)) = 2s + s z P(z)`, `z = s^2`. With `|s| <= 0.1716`, the first term left
/// out is below `2^-72` absolute.
const LN_SERIES: [f64; 10] = [
    0.2857142857142857,
    0.2222222222222222,
    0.18181818181818182,
    0.15384615384615385,
    0.13333333333333333,
    0.11764705882352941,
    0.10526315789473684,
    0.09523809523809523,
    0.08695652173913043,
    0.08,
];

/// `ln x` as double-f64, to about `2^-72` absolute plus `2^-100` relative, for a positive
/// finite `x` (subnormals included). Other lanes give garbage that callers replace by
/// [`ln_special`].
///
/// Method: `x = 2^k m`, `m` in `[sqrt(2)/2, sqrt 2)` (the reduction of [`ln`](super::ln)),
/// `f = m - 1` exactly, `s = f / (2 + f)` in double-f64, `ln m = 2s + s z P(z)` with the
/// Taylor series of `2 atanh s` (its first two coefficients and the products in
/// double-f64, the tail in f64), plus `k ln 2` in double-f64.
#[inline(always)]
pub(super) fn ln_dd(x: f64) -> Dd {
    let subnormal = x < f64::MIN_POSITIVE;
    let xn = if subnormal {
        x * 18_014_398_509_481_984.0
    } else {
        x
    }; // 2^54
    let ix = xn
        .to_bits()
        .wrapping_add(0x3ff0_0000_0000_0000 - 0x3fe6_a09e_0000_0000);
    let biased = f64::from_bits(0x4330_0000_0000_0000 | (ix >> 52)) - 4_503_599_627_370_496.0;
    let kf = biased - 1023.0 - if subnormal { 54.0 } else { 0.0 };
    let m = f64::from_bits((ix & 0x000f_ffff_ffff_ffff) + 0x3fe6_a09e_0000_0000);
    let f = m - 1.0;
    let s = dd::div((f, 0.0), two_sum(2.0, f));
    let z = dd::mul(s, s);
    let (qh, ql) = two_prod(z.0, horner(z.0, &LN_SERIES));
    let q = dd::add(TWO_FIFTHS, (qh, ql));
    let p = dd::add(TWO_THIRDS, dd::mul(z, q));
    let ln_m = dd::add((2.0 * s.0, 2.0 * s.1), dd::mul(dd::mul(s, z), p));
    let (kh, kl) = two_prod(kf, LN2.0);
    dd::add((kh, kl + kf * LN2.1), ln_m)
}

/// `ln(hi + lo)` as double-f64, for `hi` positive and finite and `|lo|` below an ulp of `hi`:
/// `ln hi + c - c^2/2`, `c = lo / hi` in double-f64 (near `hi = 1` the result can be as
/// small as `c`, so `c` needs more than f64 precision, and `c^2/2` matters).
#[inline(always)]
pub(super) fn ln_dd2(hi: f64, lo: f64) -> Dd {
    let l = ln_dd(hi);
    // Past 2^900 the double-f64 quotient would overflow its splits; c is negligible there.
    let c = if hi < 2f64.powi(900) {
        dd::div((lo, 0.0), (hi, 0.0))
    } else {
        (lo / hi, 0.0)
    };
    dd::add(l, (c.0, c.1 - 0.5 * c.0 * c.0))
}

/// Whether `x` is outside the domain where [`ln_dd`] computes (0, negative, +inf or NaN),
/// and libm's `ln` there: `-inf`, NaN, `+inf`, NaN.
#[inline(always)]
pub(super) fn ln_special(x: f64) -> (bool, f64) {
    let v = if x == 0.0 {
        f64::NEG_INFINITY
    } else if x == f64::INFINITY {
        x
    } else {
        f64::NAN
    };
    (!(x > 0.0 && x < f64::INFINITY), v)
}

/// `e^x = 2^k (1 + s)`: `k` and `s` as double-f64, `|s| <= 0.42`, to about `2^-57`
/// absolute, for `|x|` up to about 750 (callers clamp).
///
/// Method: that of [`exp`](super::exp), with the reduced argument `r = x - k ln 2` kept as
/// double-f64 and `s = r + r^2 P(r)` added up in double-f64.
#[inline(always)]
pub(super) fn exp_split(x: f64) -> (i64, Dd) {
    exp_split2(x, 0.0)
}

/// [`exp_split`] of `x + lo`, `lo` a correction below an ulp of `x`.
#[inline(always)]
pub(super) fn exp_split2(x: f64, lo: f64) -> (i64, Dd) {
    let t = x * core::f64::consts::LOG2_E + ROUND_MAGIC;
    let kf = t - ROUND_MAGIC;
    let k = (t.to_bits() as i64).wrapping_sub(ROUND_MAGIC.to_bits() as i64);
    // Exact: k has at most 11 bits and LN2_HI 32, and x is near k LN2_HI.
    let rh = x - kf * LN2_HI;
    // lo joins the sum here, not the low part: the low part is corrected to first order
    // only, which must stay far below an ulp.
    let (rh, rl) = two_sum(rh, lo - kf * LN2_LO);
    let q = rh * rh * horner(rh, &EXP_P);
    let (sh, sl) = two_sum(rh, q);
    (k, (sh, sl + (rl + rl * rh)))
}

/// `v 2^k` for `k` in `[-2044, 2046]`, in two exact steps, so that an overflowing or
/// underflowing result rounds once, as libm's does.
#[inline(always)]
pub(super) fn scale(v: f64, k: i64) -> f64 {
    // floor(k / 2) by a logical shift of a non-negative number (see exp_parts).
    let k1 = ((k.wrapping_add(4096) as u64) >> 1) as i64 - 2048;
    v * pow2i(k1) * pow2i(k.wrapping_sub(k1))
}

/// `2^x`.
///
/// Maximum error: **1 ulp**. Measured: 1.000 ulp on 3·10^7 samples against glibc's long double
/// functions, reached only where the result is subnormal (the last step rounds twice); 0.536
/// against 50-digit values. See `ACCURACY.md`. Exact at integers. Overflows to +inf from
/// 1024, underflows through the subnormals to 0 below -1075; `exp2(-inf) = 0`,
/// `exp2(+inf) = +inf`, NaN gives NaN.
///
/// Method: `2^x = 2^k e^r`, `k` the integer nearest `x`, `r = (x - k) ln 2` in double-f64;
/// `e^r = 1 + r + r^2 P(r)` with the polynomial of [`exp`](super::exp), summed in
/// double-f64 and rounded once; `2^k` in two exact steps.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::f64::exp2;
/// assert_eq!(exp2(10.0), 1024.0);
/// assert_eq!(exp2(-1074.0), 5e-324);
/// assert!((exp2(0.5) - core::f64::consts::SQRT_2).abs() <= f64::EPSILON);
/// ```
#[inline(always)]
pub fn exp2(x: f64) -> f64 {
    // Clamp (NaN passes): beyond these 2^x is +inf or 0.
    let x = if x > 1100.0 { 1100.0 } else { x };
    let x = if x < -1100.0 { -1100.0 } else { x };
    let t = x + ROUND_MAGIC;
    let kf = t - ROUND_MAGIC;
    let k = (t.to_bits() as i64).wrapping_sub(ROUND_MAGIC.to_bits() as i64);
    // f = x - k is exact; r = f ln 2 in double-f64, |r| <= ln 2 / 2.
    let f = x - kf;
    let (rh, rl) = two_prod(f, LN2.0);
    let rl = rl + f * LN2.1;
    let q = rh * rh * horner(rh, &EXP_P);
    let (sh, sl) = two_sum(rh, q);
    let (o, ol) = two_sum(1.0, sh);
    scale(o + (ol + (sl + (rl + rl * rh))), k)
}

/// `e^x - 1`, accurate near 0.
///
/// Maximum error: **1 ulp**. Measured: 0.947 ulp on 3·10^7 samples against glibc's long double
/// functions; 0.920 against 50-digit values. See `ACCURACY.md`. `exp_m1(±0) = ±0`, tiny `x`
/// gives `x`, `exp_m1(-inf) = -1`, overflows to +inf above about 709.78, NaN gives NaN.
///
/// Method: `e^x = 2^k (1 + s)` with `s` in double-f64; then `(2^k - 1) + 2^k s` summed in
/// double-f64 for `k <= 57`, `2^k (1 + s)` above.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::f64::exp_m1;
/// assert_eq!(exp_m1(1e-20), 1e-20);
/// assert!((exp_m1(1.0) - 1.718281828459045).abs() <= 2.0 * f64::EPSILON);
/// assert_eq!(exp_m1(-100.0), -1.0);
/// ```
#[inline(always)]
pub fn exp_m1(x: f64) -> f64 {
    let xc = if x > 710.0 { 710.0 } else { x };
    let xc = if xc < -45.0 { -45.0 } else { xc };
    let (k, (sh, sl)) = exp_split(xc);
    let p2 = pow2i(k);
    let (t, tl) = two_sum(p2, -1.0);
    let (u, ul) = two_sum(t, p2 * sh);
    let near = u + (ul + (tl + p2 * sl));
    let (o, ol) = two_sum(1.0, sh);
    let far = scale(o + (ol + sl), k);
    let y = if k > 57 { far } else { near };
    if x == 0.0 { x } else { y }
}

/// Rounds a double-f64 logarithm multiplied by `c`, with `ln`'s special values scaled.
#[inline(always)]
fn scaled_ln(x: f64, l: Dd, c: Dd) -> f64 {
    let y = dd::mul(l, c).0;
    let (special, v) = ln_special(x);
    if special { v } else { y }
}

/// The base-2 logarithm.
///
/// Maximum error: **1 ulp**. Measured: 0.500 ulp on 3·10^7 samples against glibc's long double
/// functions; 0.476 against 50-digit values. See `ACCURACY.md`. Exact at powers of two.
/// `log2(±0) = -inf`, `log2(x < 0) = NaN`, `log2(+inf) = +inf`, NaN gives NaN.
///
/// Method: the natural logarithm in double-f64 (to about `2^-72` absolute) times `1/ln 2`
/// in double-f64, rounded once.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::f64::log2;
/// assert_eq!(log2(1024.0), 10.0);
/// assert_eq!(log2(5e-324), -1074.0);
/// assert_eq!(log2(0.0), f64::NEG_INFINITY);
/// ```
#[inline(always)]
pub fn log2(x: f64) -> f64 {
    scaled_ln(x, ln_dd(x), INV_LN2)
}

/// The base-10 logarithm.
///
/// Maximum error: **1 ulp**. Measured: 0.500 ulp on 3·10^7 samples against glibc's long double
/// functions; 0.498 against 50-digit values. See `ACCURACY.md`. `log10(±0) = -inf`, `log10(x <
/// 0) = NaN`, `log10(+inf) = +inf`, NaN gives NaN.
///
/// Method: the natural logarithm in double-f64 (to about `2^-72` absolute) times `1/ln 10`
/// in double-f64, rounded once.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::f64::log10;
/// assert_eq!(log10(1000.0), 3.0);
/// assert_eq!(log10(1e-300), -300.0);
/// ```
#[inline(always)]
pub fn log10(x: f64) -> f64 {
    scaled_ln(x, ln_dd(x), INV_LN10)
}

/// `ln(1 + x)`, accurate near 0.
///
/// Maximum error: **1 ulp**. Measured: 0.500 ulp on 3·10^7 samples against glibc's long double
/// functions; 0.499 against 50-digit values. See `ACCURACY.md`. `ln_1p(±0) = ±0`, tiny `x`
/// gives `x`, `ln_1p(-1) = -inf`, `ln_1p(x < -1) = NaN`, `ln_1p(+inf) = +inf`, NaN gives NaN.
///
/// Method: `1 + x` as double-f64 (`two_sum`), then the double-f64 logarithm of its high
/// part plus `lo / hi - (lo / hi)^2 / 2`, rounded once.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::f64::ln_1p;
/// assert_eq!(ln_1p(1e-20), 1e-20);
/// assert!((ln_1p(1.0) - core::f64::consts::LN_2).abs() <= f64::EPSILON);
/// assert_eq!(ln_1p(-1.0), f64::NEG_INFINITY);
/// ```
#[inline(always)]
pub fn ln_1p(x: f64) -> f64 {
    let (u, ul) = two_sum(1.0, x);
    let y = ln_dd2(u, ul).0;
    let (special, v) = ln_special(u);
    let y = if special { v } else { y };
    if x == 0.0 { x } else { y }
}
