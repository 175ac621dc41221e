//! `cbrt`, `hypot` and `powf` in f32, through f64.
//!
//! As in [`exp_log`](super::exp_log): the arguments widen to f64 exactly, the value is
//! computed there to about `2^-45` relative, and one rounding gives the f32 result, with
//! overflow and gradual underflow exactly as a correctly rounded libm gives them. The
//! error is at most 0.5 ulp plus about `2^-21` ulp.

use super::f64 as wide;

/// `1.5 * 2^52`: adding then subtracting it rounds an f64 of magnitude below 2^51 to the
/// nearest integer, and leaves that integer (modulo 2^51) in the low mantissa bits.
const ROUND_MAGIC: f64 = 6_755_399_441_055_744.0;

/// The cube root.
///
/// Maximum error: **0.5 ulp** (plus at most `2^-21` ulp) against cbrt computed in f64, over
/// all 2^32 inputs (see `ACCURACY.md`; the tested bound is 1 ulp). Exact for exact cubes.
///
/// `cbrt(±0) = ±0`, `cbrt(±inf) = ±inf`, `cbrt(-x) = -cbrt(x)`, NaN gives NaN; subnormal
/// inputs are as accurate as normal ones.
///
/// Method: `exp(ln|x| / 3)` in f64 (`|ln|x|| <= 104`, so the result is within `2^-45`
/// relative), with the sign of `x`.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::cbrt;
/// assert_eq!(cbrt(27.0), 3.0);
/// assert_eq!(cbrt(-0.125), -0.5);
/// assert_eq!(cbrt(-0.0).to_bits(), (-0.0f32).to_bits());
/// assert_eq!(cbrt(f32::INFINITY), f32::INFINITY);
/// ```
#[inline(always)]
pub fn cbrt(x: f32) -> f32 {
    let x = f64::from(x);
    let y = wide::exp(wide::ln(x.abs()) * (1.0 / 3.0));
    // |x| = 0 or inf: exp(-inf) = 0 and exp(inf) = inf already; the sign is x's.
    (y.copysign(x)) as f32
}

/// `sqrt(x^2 + y^2)` without overflow or underflow on the way.
///
/// Maximum error: **0.5 ulp** (plus at most `2^-21` ulp) against hypot computed in f64, on
/// random pairs and the special cases (see `ACCURACY.md`; the tested bound is 1 ulp).
///
/// `hypot(±inf, y) = +inf` even for a NaN `y` (and the other way round), as C99 Annex F
/// asks; otherwise NaN gives NaN. `hypot(x, ±0) = |x|`.
///
/// Method: `sqrt(x^2 + y^2)` in f64, where the squares of f32s are exact and cannot
/// overflow, and the sum rounds once.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::hypot;
/// assert_eq!(hypot(3.0, 4.0), 5.0);
/// assert_eq!(hypot(3e30, 4e30), 5e30);
/// assert_eq!(hypot(f32::NEG_INFINITY, f32::NAN), f32::INFINITY);
/// ```
#[inline(always)]
pub fn hypot(x: f32, y: f32) -> f32 {
    let (x, y) = (f64::from(x), f64::from(y));
    let h = (x * x + y * y).sqrt();
    let inf = (x.abs() == f64::INFINITY) | (y.abs() == f64::INFINITY);
    (if inf { f64::INFINITY } else { h }) as f32
}

/// `x` raised to the power `y` (`x.powf(y)` in std's terms).
///
/// Maximum error: **0.5 ulp** (plus at most `2^-21` ulp) against powf computed in f64, on
/// random pairs and the special cases (see `ACCURACY.md`; the tested bound is 1 ulp). Where
/// the exact result lies halfway between two f32s (`2^-150`, or some squares), either
/// neighbour may come back, as the 0.5 ulp bound allows.
///
/// Special values as C99 Annex F: `powf(x, ±0) = 1` for any `x`, NaN too;
/// `powf(1, y) = 1` for any `y`, NaN too; `powf(-1, ±inf) = 1`; `powf(±0, y)` is `±inf`
/// for odd integers `y < 0`, `+inf` for other `y < 0`, `±0` for odd integers `y > 0` and
/// `+0` for other `y > 0`; `powf(x, -inf)` is `+inf` for `|x| < 1` and `+0` for
/// `|x| > 1`, `powf(x, +inf)` the other way round; `powf(-inf, y)` is `-0` for odd
/// integers `y < 0`, `+0` for other `y < 0`, `-inf` for odd integers `y > 0` and `+inf`
/// for other `y > 0`; `powf(+inf, y)` is `+0` for `y < 0` and `+inf` for `y > 0`; a finite
/// `x < 0` to a finite non-integer `y` is NaN; otherwise NaN gives NaN. Overflow gives
/// ±inf and underflow ±0 through the subnormals, with the sign of `x` for odd integer `y`.
///
/// Method: `exp(y ln|x|)` in f64 (`|y ln|x||` is below about 104 wherever the result is
/// finite and nonzero, so the product's rounding costs at most `2^-46` relative); the sign
/// from `y`'s parity, found with the rounding trick.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::powf;
/// assert_eq!(powf(2.0, 10.0), 1024.0);
/// assert_eq!(powf(-2.0, 3.0), -8.0);
/// assert!(powf(-2.0, 0.5).is_nan());
/// assert_eq!(powf(f32::NAN, 0.0), 1.0);
/// assert_eq!(powf(-0.0, -3.0), f32::NEG_INFINITY);
/// assert_eq!(powf(2.0, -150.5), 0.0);
/// ```
#[inline(always)]
pub fn powf(x: f32, y: f32) -> f32 {
    let (x, y) = (f64::from(x), f64::from(y));
    let a = x.abs();
    let r = wide::exp(y * wide::ln(a));
    // y's parity: every f32 of magnitude 2^24 or more is an even integer.
    let t = y + ROUND_MAGIC;
    let big = y.abs() >= 16_777_216.0;
    let integer = big | (t - ROUND_MAGIC == y);
    let odd = !big & integer & (t.to_bits() & 1 != 0);
    // A negative x (not -0 or -inf, which follow the table) to a non-integer power is NaN.
    let r = if (x < 0.0) & (a != f64::INFINITY) & !integer {
        f64::NAN
    } else {
        r
    };
    let r = if x.is_sign_negative() & odd { -r } else { r };
    // |x| = 1 with y = ±inf gives 1 (inf * 0 would be NaN); y = 0 gives 1 for any x.
    let r = if (a == 1.0) & (y.abs() == f64::INFINITY) {
        1.0
    } else {
        r
    };
    let r = if (x == 1.0) | (y == 0.0) { 1.0 } else { r };
    r as f32
}
