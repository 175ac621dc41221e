//! `sin`, `cos`, `sin_cos` and `tan` in f64, over the whole f64 range.
//!
//! # Reduction (Payne–Hanek, per exponent, in integers)
//! Every f64 `|x|` is `m 2^E` with an integer `m < 2^53` and `E = max(b, 1) - 1075`, `b`
//! the exponent field. Only `x 2/pi` modulo 4 matters (the quadrant and the remainder), and
//! `x 2/pi = m T_b (mod 4)` for `T_b = (2^E 2/pi) mod 4`. The table [`TRIG64`] holds each
//! `T_b` as a fixed-point number with 190 fraction bits in six 32-bit limbs. The product
//! `m T_b` modulo `2^192` is formed exactly from eleven 32 x 32 -> 64-bit products (the
//! lowest, below `2^-158`, is left out), which vectorize (`pmuludq`). Its error is below
//! `2^53 2^-190 = 2^-137`, while no f64 lies closer than about `2^-61` to a multiple of
//! `pi/2` (in units of `pi/2`), so the remainder keeps more than 70 correct bits. Rounding
//! to the nearest integer gives the quadrant `q` and the remainder `f` in `[-1/2, 1/2]`,
//! converted to double-f64 through three exact 52-bit pieces; `r = f pi/2` in double-f64.
//! Arguments up to `pi/4` skip all this (`r = x`), which also keeps tiny ones exact.
//!
//! # Evaluation
//! `sin r = r + r z S(z)` and `cos r = 1 - z/2 + z^2 C(z)`, `z = r^2`, with Taylor
//! coefficients (`S` to `r^17`, `C` to `r^18`: truncation below `2^-62` relative on
//! `|r| <= pi/4`), summed in double-f64 with the first-order terms of `r`'s low part, then
//! rounded once (sin, cos) or divided in double-f64 and rounded once (tan).

use super::dd::{self, Dd, two_prod, two_sum};
use super::horner;
use super::trig_table::TRIG64;

/// `pi/2` as double-f64.
const FRAC_PI_2: Dd = (core::f64::consts::FRAC_PI_2, 6.123233995736766e-17);

/// `sin r = r + r z S(z)`: Taylor coefficients `(-1)^k / (2k+1)!`, `k = 1..=8`.
const SIN_S: [f64; 8] = [
    -0.16666666666666666,
    0.008333333333333333,
    -0.0001984126984126984,
    2.7557319223985893e-06,
    -2.505210838544172e-08,
    1.6059043836821613e-10,
    -7.647163731819816e-13,
    2.8114572543455206e-15,
];

/// `cos r = 1 - z/2 + z^2 C(z)`: Taylor coefficients `(-1)^k / (2k)!`, `k = 2..=9`.
const COS_C: [f64; 8] = [
    0.041666666666666664,
    -0.001388888888888889,
    2.48015873015873e-05,
    -2.755731922398589e-07,
    2.08767569878681e-09,
    -1.1470745597729725e-11,
    4.779477332387385e-14,
    -1.5619206968586225e-16,
];

/// `2^52` as an f64, whose low mantissa bits take a 52-bit integer exactly.
const TWO_52: f64 = 4_503_599_627_370_496.0;

/// The f64 of a 52-bit unsigned integer, without an integer conversion (not packed on
/// AVX2): `2^52 + v` has `v` in its mantissa.
#[inline(always)]
fn from_u52(v: u64) -> f64 {
    f64::from_bits(0x4330_0000_0000_0000 | v) - TWO_52
}

/// `|x|` reduced: `(r, q)` with `|x| = (n + r/(pi/2)) pi/2`, `q = n mod 4`, `r` as
/// double-f64 with `|r| <= pi/4`. For an infinite or NaN `x` the result is meaningless (the
/// callers select NaN).
#[inline(always)]
#[allow(
    clippy::indexing_slicing,
    reason = "the index is an 11-bit exponent field and the tables have 2048 entries: the \
              compiler sees it cannot fail, and a `get` would add a branch to the loop"
)]
fn reduce(x: f64) -> (Dd, u64) {
    let a = x.abs();
    let bits = a.to_bits();
    let b = bits >> 52;
    let m = (bits & 0x000f_ffff_ffff_ffff) | if b != 0 { 1 << 52 } else { 0 };
    let i = (b & 0x7ff) as usize;
    let t = [
        u64::from(TRIG64[0][i]),
        u64::from(TRIG64[1][i]),
        u64::from(TRIG64[2][i]),
        u64::from(TRIG64[3][i]),
        u64::from(TRIG64[4][i]),
        u64::from(TRIG64[5][i]),
    ];
    let (m0, m1) = (m & 0xffff_ffff, m >> 32);
    // The products of the halves of m with the limbs (each below 2^64), split in halves.
    let p0 = t.map(|t| m0 * t);
    let p1 = t.map(|t| m1 * t);
    let (hi, lo) = (|p: u64| p >> 32, |p: u64| p & 0xffff_ffff);
    // Columns 1..=5 of m * t (column k has weight 2^(32k - 190)), with their carries; the
    // low half of m0 t0 (column 0, below 2^-158) is left out.
    let c1 = hi(p0[0]) + lo(p0[1]) + lo(p1[0]);
    let c2 = hi(p0[1]) + lo(p0[2]) + hi(p1[0]) + lo(p1[1]) + hi(c1);
    let c3 = hi(p0[2]) + lo(p0[3]) + hi(p1[1]) + lo(p1[2]) + hi(c2);
    let c4 = hi(p0[3]) + lo(p0[4]) + hi(p1[2]) + lo(p1[3]) + hi(c3);
    let c5 = hi(p0[4]) + lo(p0[5]) + hi(p1[3]) + lo(p1[4]) + hi(c4);
    let (l1, l2, l3, l4) = (lo(c1), lo(c2), lo(c3), lo(c4));
    // Limb 5 holds the bits of weight 2^1 .. 2^-30: add 1/2, keep the two integer bits as
    // the quadrant, and the rest, less 1/2, as the signed top of the remainder.
    let l5 = lo(c5 + (1 << 29));
    let q = l5 >> 30;
    let top = (l5 & ((1 << 30) - 1)) as i64 - (1 << 29);
    // The remainder in three 52-bit pieces, of weights 2^-52, 2^-104 and 2^-156.
    let h = (top << 22) + (l4 >> 10) as i64;
    let mid = ((l4 & 0x3ff) << 42) | (l3 << 10) | (l2 >> 22);
    let low = ((l2 & 0x3f_ffff) << 30) | (l1 >> 2);
    let fh = (from_u52((h + (1 << 51)) as u64) - 2_251_799_813_685_248.0) * 2f64.powi(-52);
    let fm = from_u52(mid) * 2f64.powi(-104);
    let fl = from_u52(low) * 2f64.powi(-156);
    let (s, e) = two_sum(fh, fm);
    let f = dd::quick(s, e + fl);
    let r = dd::mul(f, FRAC_PI_2);
    let small = a <= core::f64::consts::FRAC_PI_4;
    if small { ((a, 0.0), 0) } else { (r, q) }
}

/// `(sin r, cos r)` as double-f64 for `|r| <= pi/4`.
#[inline(always)]
fn sin_cos_dd(r: Dd) -> (Dd, Dd) {
    let (rh, rl) = r;
    let (zh, zl) = two_prod(rh, rh);
    let t = rh * zh * horner(zh, &SIN_S);
    let (sh, sl) = two_sum(rh, t);
    let s = dd::quick(sh, sl + rl * (1.0 - 0.5 * zh));
    let hz = 0.5 * zh;
    let (w, wl) = two_sum(1.0, -hz);
    let tail = zh * zh * horner(zh, &COS_C);
    let c = dd::quick(w, wl + ((tail - 0.5 * zl) - rh * rl));
    (s, c)
}

/// `y` with its sign flipped where `sign` (a sign bit, `0` or `1 << 63`) is set.
#[inline(always)]
fn flip(y: f64, sign: u64) -> f64 {
    f64::from_bits(y.to_bits() ^ sign)
}

/// NaN where `x` is infinite or NaN, else `y`.
#[inline(always)]
fn nan_unless_finite(x: f64, y: f64) -> f64 {
    if x.abs() < f64::INFINITY { y } else { f64::NAN }
}

/// The sign bit of `x`.
#[inline(always)]
fn sign_of(x: f64) -> u64 {
    x.to_bits() & (1 << 63)
}

/// The sine and the cosine of `x` (radians), computed together: `(sin x, cos x)`.
///
/// Maximum error: **1 ulp** for both results, for every finite `x` up to `f64::MAX` (the
/// reduction is exact over the whole range). Measured: 0.736 (sin) and 0.720 (cos) ulp on
/// 3·10^7 samples against glibc's long double functions; 0.543 (sin) and 0.512 (cos) against
/// 50-digit values. See `ACCURACY.md`. `sin(±0) = ±0`, `cos(±0) = 1`; infinities and NaN give
/// NaN for both.
///
/// Method: the integer Payne–Hanek reduction and the Taylor series of the module docs, in
/// double-f64, each result rounded once. No branch.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::f64::sin_cos;
/// let (s, c) = sin_cos(0.5);
/// assert_eq!((s, c), (0.479425538604203, 0.8775825618903728));
/// // 1e300 is an exact integer; its remainder needs about 1000 bits of 2/pi.
/// assert_eq!(sin_cos(1e300).0, -0.8178819121159085);
/// assert!(sin_cos(f64::INFINITY).1.is_nan());
/// ```
#[inline(always)]
pub fn sin_cos(x: f64) -> (f64, f64) {
    let (r, q) = reduce(x);
    let ((s, _), (c, _)) = sin_cos_dd(r);
    // Quadrant q of |x|: (sin, cos) = (s, c), (c, -s), (-s, -c), (-c, s); sin is odd.
    let odd = q & 1 != 0;
    let (sin, cos) = if odd { (c, s) } else { (s, c) };
    let sin = flip(sin, sign_of(x) ^ if q & 2 != 0 { 1 << 63 } else { 0 });
    let cos = if (q + 1) & 2 != 0 { -cos } else { cos };
    (nan_unless_finite(x, sin), nan_unless_finite(x, cos))
}

/// The sine of `x` (radians).
///
/// Maximum error: **1 ulp**. Measured: 0.736 ulp on 3·10^7 samples against long double, 0.533
/// against 50-digit values (`ACCURACY.md`). `sin(±0) = ±0`, tiny `x` gives `x`, `sin(±inf) =
/// NaN`, NaN gives NaN.
///
/// Method: that of [`sin_cos`].
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::f64::sin;
/// assert_eq!(sin(core::f64::consts::FRAC_PI_6), 0.5);
/// assert_eq!(sin(-0.0).to_bits(), (-0.0f64).to_bits());
/// assert_eq!(sin(1e-300), 1e-300);
/// ```
#[inline(always)]
pub fn sin(x: f64) -> f64 {
    sin_cos(x).0
}

/// The cosine of `x` (radians).
///
/// Maximum error: **1 ulp**. Measured: 0.720 ulp on 3·10^7 samples against long double, 0.511
/// against 50-digit values (`ACCURACY.md`). `cos(±0) = 1`, `cos(±inf) = NaN`, NaN gives NaN.
///
/// Method: that of [`sin_cos`].
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::f64::cos;
/// assert_eq!(cos(0.0), 1.0);
/// assert_eq!(cos(core::f64::consts::PI), -1.0);
/// ```
#[inline(always)]
pub fn cos(x: f64) -> f64 {
    sin_cos(x).1
}

/// The tangent of `x` (radians).
///
/// Maximum error: **1 ulp**. Measured: 0.875 ulp on 3·10^7 samples against long double, 0.534
/// against 50-digit values (`ACCURACY.md`). `tan(±0) = ±0`, tiny `x` gives `x`, `tan(±inf) =
/// NaN`, NaN gives NaN.
///
/// Method: the reduction and series of [`sin_cos`]; `sin r / cos r` in quadrants 0 and 2,
/// `-cos r / sin r` in 1 and 3, divided in double-f64 and rounded once.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::f64::tan;
/// assert!((tan(core::f64::consts::FRAC_PI_4) - 1.0).abs() <= f64::EPSILON);
/// assert_eq!(tan(-0.0).to_bits(), (-0.0f64).to_bits());
/// ```
#[inline(always)]
pub fn tan(x: f64) -> f64 {
    let (r, q) = reduce(x);
    let (s, c) = sin_cos_dd(r);
    let odd = q & 1 != 0;
    let (num, den) = if odd { (c, (-s.0, -s.1)) } else { (s, c) };
    let t = dd::div(num, den).0;
    nan_unless_finite(x, flip(t, sign_of(x)))
}
