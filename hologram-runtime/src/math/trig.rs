//! `sin`, `cos`, `sin_cos` and `tan` in f32, over the whole f32 range.
//!
//! # Reduction
//! Every f32 `x` is `m 2^e` with an integer `|m| < 2^24` and `e <= 104`, and f64 holds it
//! exactly. `x 2/pi` is summed from the products of `x` with the seven 29-bit pieces
//! `C_k` of `2/pi` in [`TWO_OVER_PI`] (203 bits): each product has at most 24 + 29 = 53
//! significant bits, so f64 computes it exactly. Only `x 2/pi` modulo 4 matters (the
//! quadrant and the remainder), so each of the first five products is replaced by its
//! exact remainder modulo 4, in `[-2, 2]`; the remainders are added with `two_sum`, so the
//! sum is exact up to an error below `2^-100`. What the 203 bits leave out is below
//! `2^128 2^-203 = 2^-75`. Removing the nearest integer `n` leaves `f` in about
//! `[-1/2, 1/2]`, accurate to about `2^-75` absolute, far below the closest any f32 comes
//! to a multiple of `pi/2` (about `2^-30` in `x 2/pi`), and `r = f pi/2` in f64.
//! The same steps serve every argument, from the subnormals to `f32::MAX`: there is no
//! branch and no table lookup.
//!
//! # Evaluation
//! `sin r` and `cos r` on `|r| <= pi/4` by their Taylor series in f64, to `r^15` and `r^16`
//! (truncation below `2^-45` relative); the quadrant `n mod 4` picks and signs them. The
//! f64 results are within about `2^-45` of the exact values, so the one rounding to f32
//! gives the correctly rounded result except within `2^-21` ulp of a halfway case: at most
//! 0.5 ulp plus that.

use super::eft::two_sum64;
use super::poly::horner64;

/// `2/pi` in seven pieces of 29 bits: `C_k = (floor(2^(29(k+1)) 2/pi) mod 2^29) 2^(-29(k+1))`.
/// Their sum is `2/pi` to within `2^-203`.
const TWO_OVER_PI: [f64; 7] = [
    0.636619770899415,
    1.4681663246252086e-09,
    2.2760100671971816e-18,
    5.8812147387730434e-27,
    1.0346868700836215e-35,
    3.783256351091319e-45,
    3.720474878517739e-53,
];

/// `1.5 * 2^52`: adding then subtracting it rounds an f64 of magnitude below 2^51 to the
/// nearest integer, and leaves that integer (modulo 2^51) in the low mantissa bits.
const ROUND_MAGIC: f64 = 6_755_399_441_055_744.0;

/// `1.5 * 2^55`: adding then subtracting it rounds an f64 of magnitude below 2^54 to the
/// nearest multiple of 8 (the sum lies in `(2^55, 2^56)`, where the ulp is 8).
const ROUND8_MAGIC: f64 = 54_043_195_528_445_952.0;

/// `sin r = r (1 + z S(z))`, `z = r^2` (this form keeps the sign of a zero `r`): Taylor coefficients `(-1)^k / (2k+1)!`, `k = 1..7`.
const SIN_S: [f64; 7] = [
    -0.16666666666666666,
    0.008333333333333333,
    -0.0001984126984126984,
    2.7557319223985893e-06,
    -2.505210838544172e-08,
    1.6059043836821613e-10,
    -7.647163731819816e-13,
];

/// `cos r = 1 + z C(z)`: Taylor coefficients `(-1)^k / (2k)!`, `k = 1..8`.
const COS_C: [f64; 8] = [
    -0.5,
    0.041666666666666664,
    -0.001388888888888889,
    2.48015873015873e-05,
    -2.755731922398589e-07,
    2.08767569878681e-09,
    -1.1470745597729725e-11,
    4.779477332387385e-14,
];

/// `p - (the multiple of 8 nearest p)`, in `[-4, 4]`, for `|p| < 2^54`. It is exact: the
/// rounded sum is a multiple of `p`'s ulp, and so is the difference, which is small.
#[inline(always)]
fn rem8(p: f64) -> f64 {
    p - ((p + ROUND8_MAGIC) - ROUND8_MAGIC)
}

/// [`rem8`] for any product `p` of an integer of at most 24 bits and one of at most 29,
/// scaled by `2^w`: such a product is below `2^53 2^w`, so `|p| >= 2^54` means `w >= 2`:
/// `p` is a multiple of 4, and 0 serves as its remainder (only `p` modulo 4 matters).
#[inline(always)]
fn rem8_any(p: f64) -> f64 {
    let r = rem8(p);
    if p.abs() < 18_014_398_509_481_984.0 {
        r
    } else {
        0.0
    }
}

/// `x` reduced: `(r, q)` with `x = (n + r/(pi/2)) pi/2` for an integer `n`, `q = n mod 4`,
/// `|r|` at most about `pi/4`. For an infinite `x` the result is meaningless (the callers
/// select NaN); a NaN gives a NaN `r`.
#[inline(always)]
fn reduce(x: f32) -> (f64, u32) {
    let x = f64::from(x);
    let [c0, c1, c2, c3, c4, c5, c6] = TWO_OVER_PI;
    // |x c_k| < 2^128 2^(-29 k): the first three may exceed 2^54, the next two may not.
    let (s, e1) = two_sum64(rem8_any(x * c0), rem8_any(x * c1));
    let (s, e2) = two_sum64(s, rem8_any(x * c2));
    let (s, e3) = two_sum64(s, rem8(x * c3));
    let (s, e4) = two_sum64(s, rem8(x * c4));
    let lo = (((x * c6 + x * c5) + e4) + e3) + (e2 + e1);
    // |s| <= 20: round it to the nearest integer n; s - n is exact.
    let t = s + ROUND_MAGIC;
    let n = t - ROUND_MAGIC;
    let q = (t.to_bits() as u32) & 3;
    let r = ((s - n) + lo) * core::f64::consts::FRAC_PI_2;
    // A zero x gives zeros everywhere, but the error terms are +0: keep the sign of x.
    (if x == 0.0 { x } else { r }, q)
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
/// Maximum error: **0.5 ulp** (to within `2^-21` ulp) against sin and cos computed in f64,
/// over all 2^32 inputs (see `ACCURACY.md`; the tested bound is 1 ulp), for every finite
/// `x` up to `f32::MAX`: the reduction is exact over the whole range.
///
/// `sin(±0) = ±0`, `cos(±0) = 1`; infinities and NaN give NaN for both. Tiny `x` gives
/// `sin x = x`.
///
/// Method: `x 2/pi` modulo 4 from 203 bits of `2/pi`, in f64 with error-free sums (no
/// branch, no table lookup); Taylor series of sin and cos to degree 15 and 16 in f64 on
/// `|r| <= pi/4`; the quadrant picks and signs them.
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
    let (r, q) = reduce(x);
    let (s, c) = sin_cos_poly(r);
    let (s, c) = (s as f32, c as f32);
    // Quadrant q: (sin, cos) = (s, c), (c, -s), (-s, -c), (-c, s).
    let odd = q & 1 != 0;
    let (sin, cos) = if odd { (c, s) } else { (s, c) };
    let sin = if q & 2 != 0 { -sin } else { sin };
    let cos = if (q + 1) & 2 != 0 { -cos } else { cos };
    (nan_unless_finite(x, sin), nan_unless_finite(x, cos))
}

/// The sine of `x` (radians).
///
/// Maximum error: **0.5 ulp** (to within `2^-21` ulp) against sin computed in f64, over all
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
    let (r, q) = reduce(x);
    let (s, c) = sin_cos_poly(r);
    let (s, c) = (s as f32, c as f32);
    let y = if q & 1 != 0 { c } else { s };
    let y = if q & 2 != 0 { -y } else { y };
    nan_unless_finite(x, y)
}

/// The cosine of `x` (radians).
///
/// Maximum error: **0.5 ulp** (to within `2^-21` ulp) against cos computed in f64, over all
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
    let (r, q) = reduce(x);
    let (s, c) = sin_cos_poly(r);
    let (s, c) = (s as f32, c as f32);
    let y = if q & 1 != 0 { s } else { c };
    let y = if (q + 1) & 2 != 0 { -y } else { y };
    nan_unless_finite(x, y)
}

/// The tangent of `x` (radians).
///
/// Maximum error: **0.5 ulp** (to within `2^-21` ulp) against tan computed in f64, over all
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
    let (r, q) = reduce(x);
    let (s, c) = sin_cos_poly(r);
    let odd = q & 1 != 0;
    let num = if odd { c } else { s };
    let den = if odd { -s } else { c };
    nan_unless_finite(x, (num / den) as f32)
}
