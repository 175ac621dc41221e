//! `sin`, `cos`, `sin_cos` and `tan` in f32, over the whole f32 range.
//!
//! # Reduction (Payne–Hanek, per exponent)
//! Every f32 `|x|` is `m 2^E` with an integer `m < 2^24` and `E = max(b, 1) - 150`, `b`
//! the exponent field. Only `x 2/pi` modulo 4 matters (the quadrant and the remainder),
//! and `x 2/pi = m T_b (mod 8)` for `T_b = (2^E 2/pi) mod 8`, a value in `[0, 8)`. The
//! table [`TRIG_W`] holds each of the 256 `T_b` in four words of 29 bits (116 bits from
//! its leading bit), so every product `m * word` (24 + 29 bits) is exact in f64. The first
//! product (below `2^27`) is replaced by its exact remainder modulo 8, the second is added
//! with `two_sum`, the last two (below `2^-31` together) go into the error term: the sum is
//! `x 2/pi` modulo 8 to within about `2^-83`. Removing the nearest integer `n` leaves `f`
//! in about `[-1/2, 1/2]` with that absolute accuracy, and `r = f pi/2` in f64. So `r`
//! keeps its relative accuracy unless `f` is tiny, and no f32 comes close enough to a
//! multiple of `pi/2` for that to matter (the exhaustive sweep in `ACCURACY.md` finds no
//! result off by more than half an ulp, `f32::MAX` included). The same
//! steps serve every argument, from the subnormals to `f32::MAX`, with no branch: the four
//! table reads are gathers (scalar loads on SSE2, where the loop still vectorizes).
//!
//! # Evaluation
//! `sin r` and `cos r` on `|r| <= pi/4` by their Taylor series in f64, to `r^11` and `r^12`
//! (truncation below `2^-36` relative); the quadrant `n mod 4` picks and signs them, and
//! sin and tan take the sign of `x`. The f64 results are within about `2^-36` of the exact
//! values, so the one rounding to f32 gives the correctly rounded result except within
//! `2^-12` ulp of a halfway case: the error is at most 0.5 ulp plus `2^-12` ulp.

use super::eft::two_sum64;
use super::poly::horner64;
use super::trig_table::TRIG_W;

/// `1.5 * 2^52`: adding then subtracting it rounds an f64 of magnitude below 2^51 to the
/// nearest integer, and leaves that integer (modulo 2^51) in the low mantissa bits.
const ROUND_MAGIC: f64 = 6_755_399_441_055_744.0;

/// `1.5 * 2^55`: adding then subtracting it rounds an f64 of magnitude below 2^54 to the
/// nearest multiple of 8 (the sum lies in `(2^55, 2^56)`, where the ulp is 8).
const ROUND8_MAGIC: f64 = 54_043_195_528_445_952.0;

/// `sin r = r (1 + z S(z))`, `z = r^2` (this form keeps the sign of a zero `r`): Taylor
/// coefficients `(-1)^k / (2k+1)!`, `k = 1..5`.
const SIN_S: [f64; 5] = [
    -0.16666666666666666,
    0.008333333333333333,
    -0.0001984126984126984,
    2.7557319223985893e-06,
    -2.505210838544172e-08,
];

/// `cos r = 1 + z C(z)`: Taylor coefficients `(-1)^k / (2k)!`, `k = 1..6`.
const COS_C: [f64; 6] = [
    -0.5,
    0.041666666666666664,
    -0.001388888888888889,
    2.48015873015873e-05,
    -2.755731922398589e-07,
    2.08767569878681e-09,
];

/// `|x|` reduced: `(r, q)` with `|x| = (n + r/(pi/2)) pi/2` for an integer `n`,
/// `q = n mod 4`, `|r|` at most about `pi/4`, and the sign bit of `x`. For an infinite or
/// NaN `x` the result is meaningless (the callers select NaN).
#[inline(always)]
#[allow(
    clippy::indexing_slicing,
    reason = "the index is an 8-bit exponent field and the tables have 256 entries: the \
              compiler sees it cannot fail, and a `get` would add a branch to the loop"
)]
fn reduce(x: f32) -> (f64, u32, u32) {
    let bits = x.to_bits();
    let b = (bits >> 23) & 0xff;
    // |x| = m 2^E exactly, E = max(b, 1) - 150.
    let m = (bits & 0x7f_ffff) | if b != 0 { 0x80_0000 } else { 0 };
    let m = f64::from(m as i32);
    let [w0, w1, w2, w3] = TRIG_W;
    let i = b as usize;
    // m w0 < 2^27 is exact, and so is its remainder modulo 8; the rest is below 2^-2.
    let p0 = m * w0[i];
    let r0 = p0 - ((p0 + ROUND8_MAGIC) - ROUND8_MAGIC);
    let (s, e) = two_sum64(r0, m * w1[i]);
    let lo = e + (m * w2[i] + m * w3[i]);
    // |s| <= 4.25: round it to the nearest integer n; s - n is exact.
    let t = s + ROUND_MAGIC;
    let n = t - ROUND_MAGIC;
    let q = (t.to_bits() as u32) & 3;
    let r = ((s - n) + lo) * core::f64::consts::FRAC_PI_2;
    (r, q, bits & 0x8000_0000)
}

/// `y` with its sign flipped where `sign` (a sign bit, `0` or `0x8000_0000`) is set.
#[inline(always)]
fn flip(y: f32, sign: u32) -> f32 {
    f32::from_bits(y.to_bits() ^ sign)
}

/// `(sin r, cos r)` for `|r|` up to about `pi/4`, in f64.
#[inline(always)]
fn sin_cos_poly(r: f64) -> (f64, f64) {
    let z = r * r;
    let s = r * (1.0 + z * horner64(z, &SIN_S));
    let c = 1.0 + z * horner64(z, &COS_C);
    (s, c)
}

/// NaN where `x` is infinite or NaN, else `y`.
#[inline(always)]
fn nan_unless_finite(x: f32, y: f32) -> f32 {
    if x.abs() < f32::INFINITY { y } else { f32::NAN }
}

/// The sine and the cosine of `x` (radians), computed together: `(sin x, cos x)`.
///
/// Maximum error: **0.5 ulp** (plus at most `2^-12` ulp) against sin and cos computed in f64,
/// over all 2^32 inputs (see `ACCURACY.md`; the tested bound is 1 ulp), for every finite
/// `x` up to `f32::MAX`: the reduction is exact over the whole range.
///
/// `sin(±0) = ±0`, `cos(±0) = 1`; infinities and NaN give NaN for both. Tiny `x` gives
/// `sin x = x`.
///
/// Method: `x 2/pi` modulo 8 as `m T_b`, from 116 bits of `(2^E 2/pi) mod 8` read from a
/// table by the exponent field `b` (Payne–Hanek), exact products and `two_sum` in f64;
/// Taylor series of sin and cos to degree 11 and 12 in f64 on `|r| <= pi/4`; the quadrant
/// picks and signs them. No branch.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::sin_cos;
/// let (s, c) = sin_cos(0.5);
/// assert_eq!((s, c), (0.47942554, 0.87758256));
/// let (s, c) = sin_cos(1e30);
/// // 1e30f32 is exactly 1000000015047466219876688855040: no loss of accuracy up there.
/// assert_eq!((s, c), (-0.79116344, -0.6116048));
/// assert!(sin_cos(f32::INFINITY).0.is_nan());
/// ```
#[inline(always)]
pub fn sin_cos(x: f32) -> (f32, f32) {
    let (r, q, sign) = reduce(x);
    let (s, c) = sin_cos_poly(r);
    let (s, c) = (s as f32, c as f32);
    // Quadrant q of |x|: (sin, cos) = (s, c), (c, -s), (-s, -c), (-c, s); sin is odd.
    let odd = q & 1 != 0;
    let (sin, cos) = if odd { (c, s) } else { (s, c) };
    let sin = flip(sin, if q & 2 != 0 { sign ^ 0x8000_0000 } else { sign });
    let cos = if (q + 1) & 2 != 0 { -cos } else { cos };
    (nan_unless_finite(x, sin), nan_unless_finite(x, cos))
}

/// The sine of `x` (radians).
///
/// Maximum error: **0.5 ulp** (plus at most `2^-12` ulp) against sin computed in f64, over all
/// 2^32 inputs (see `ACCURACY.md`; the tested bound is 1 ulp), for every finite `x` up to
/// `f32::MAX`.
///
/// `sin(±0) = ±0`, tiny `x` gives `x`, `sin(±inf) = NaN`, NaN gives NaN.
///
/// Method: that of [`sin_cos`].
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::sin;
/// assert_eq!(sin(core::f32::consts::FRAC_PI_6), 0.5);
/// assert_eq!(sin(-0.0).to_bits(), (-0.0f32).to_bits());
/// assert_eq!(sin(f32::MAX), -0.5218765);
/// assert!(sin(f32::NEG_INFINITY).is_nan());
/// ```
#[inline(always)]
pub fn sin(x: f32) -> f32 {
    let (r, q, sign) = reduce(x);
    let (s, c) = sin_cos_poly(r);
    let (s, c) = (s as f32, c as f32);
    let y = if q & 1 != 0 { c } else { s };
    let y = flip(y, if q & 2 != 0 { sign ^ 0x8000_0000 } else { sign });
    nan_unless_finite(x, y)
}

/// The cosine of `x` (radians).
///
/// Maximum error: **0.5 ulp** (plus at most `2^-12` ulp) against cos computed in f64, over all
/// 2^32 inputs (see `ACCURACY.md`; the tested bound is 1 ulp), for every finite `x` up to
/// `f32::MAX`.
///
/// `cos(±0) = 1`, `cos(±inf) = NaN`, NaN gives NaN.
///
/// Method: that of [`sin_cos`].
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::cos;
/// assert_eq!(cos(0.0), 1.0);
/// assert_eq!(cos(core::f32::consts::PI), -1.0);
/// assert_eq!(cos(f32::MAX), 0.853021);
/// assert!(cos(f32::INFINITY).is_nan());
/// ```
#[inline(always)]
pub fn cos(x: f32) -> f32 {
    let (r, q, _) = reduce(x);
    let (s, c) = sin_cos_poly(r);
    let (s, c) = (s as f32, c as f32);
    let y = if q & 1 != 0 { s } else { c };
    let y = if (q + 1) & 2 != 0 { -y } else { y };
    nan_unless_finite(x, y)
}

/// The tangent of `x` (radians).
///
/// Maximum error: **0.5 ulp** (plus at most `2^-12` ulp) against tan computed in f64, over all
/// 2^32 inputs (see `ACCURACY.md`; the tested bound is 1 ulp), for every finite `x` up to
/// `f32::MAX`. No f32 is close enough to an odd multiple of `pi/2` for the result to
/// overflow: the largest is about `2.2e7`.
///
/// `tan(±0) = ±0`, tiny `x` gives `x`, `tan(±inf) = NaN`, NaN gives NaN.
///
/// Method: the reduction and series of [`sin_cos`]; `sin r / cos r` in quadrants 0 and 2,
/// `-cos r / sin r` in 1 and 3, divided in f64.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::tan;
/// assert_eq!(tan(core::f32::consts::FRAC_PI_4), 1.0);
/// assert_eq!(tan(-0.0).to_bits(), (-0.0f32).to_bits());
/// assert_eq!(tan(1e20), 0.870492);
/// assert!(tan(f32::NAN).is_nan());
/// ```
#[inline(always)]
pub fn tan(x: f32) -> f32 {
    let (r, q, sign) = reduce(x);
    let (s, c) = sin_cos_poly(r);
    let odd = q & 1 != 0;
    let num = if odd { c } else { s };
    let den = if odd { -s } else { c };
    nan_unless_finite(x, flip((num / den) as f32, sign))
}
