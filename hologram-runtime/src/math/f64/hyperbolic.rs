//! `sinh`, `cosh`, `asinh`, `acosh` and `atanh` in f64, on the double-f64 exponential and
//! logarithm of `exp_log.rs`.

use super::dd::{self, Dd, two_prod, two_sum};
use super::exp_log::{LN2, exp_split, ln_dd2, ln_special, scale};
use super::horner;

/// `sinh x = x + x z S(z)`, `z = x^2`: Taylor coefficients `1 / (2k+1)!`, `k = 1..=10`
/// (on `|x| <= SINH_SMALL` the first left out is below `2^-70` relative).
const SINH_S: [f64; 10] = [
    0.16666666666666666,
    0.008333333333333333,
    0.0001984126984126984,
    2.7557319223985893e-06,
    2.505210838544172e-08,
    1.6059043836821613e-10,
    7.647163731819816e-13,
    2.8114572543455206e-15,
    8.22063524662433e-18,
    1.9572941063391263e-20,
];

/// Below this `|x|`, `sinh` uses its series; above, the exponentials (whose difference then
/// cancels by at most `coth(0.75) = 1.57`).
const SINH_SMALL: f64 = 0.75;

/// Past this `|x|`, `e^-|x|` is below `2^-80` of `e^|x|`, and left out.
const EXP_NEG_NEGLIGIBLE: f64 = 40.0;

/// `(e^a / 2, e^-a / 2)` for `a >= 0`, each as double-f64; the first is +inf past about
/// 710.48, the second 0 past [`EXP_NEG_NEGLIGIBLE`].
#[inline(always)]
fn half_exps(a: f64) -> (Dd, Dd) {
    let ac = if a > 711.0 { 711.0 } else { a };
    let (k, s) = exp_split(ac);
    let (o, ol) = two_sum(1.0, s.0);
    let e = (scale(o, k - 1), scale(ol + s.1, k - 1));
    // e^-a / 2 = 1 / (4 (e^a / 2)), with the division corrected in double-f64.
    let inv = 0.25 / e.0;
    let (p, pl) = two_prod(inv, e.0);
    let inv_lo = (((0.25 - p) - pl) - inv * e.1) / e.0;
    let neg = if a < EXP_NEG_NEGLIGIBLE {
        (inv, inv_lo)
    } else {
        (0.0, 0.0)
    };
    (e, neg)
}

/// The hyperbolic sine.
///
/// Maximum error: **1 ulp**. Measured: 0.713 ulp on 3·10^7 samples against glibc's long double
/// functions; 0.523 against 50-digit values. See `ACCURACY.md`. `sinh(±0) = ±0`, tiny `x` gives
/// `x`, overflows to ±inf past about 710.48, `sinh(±inf) = ±inf`, NaN gives NaN.
///
/// Method: below 0.75 the Taylor series to `x^21`; above, `(e^|x| - e^-|x|) / 2` in
/// double-f64 from one exponential and a corrected reciprocal, rounded once. The sign is
/// `x`'s.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::f64::sinh;
/// assert_eq!(sinh(1.0), 1.1752011936438014);
/// assert_eq!(sinh(-0.0).to_bits(), (-0.0f64).to_bits());
/// assert_eq!(sinh(710.0), 1.1169973830808555e308);
/// assert_eq!(sinh(711.0), f64::INFINITY);
/// ```
#[inline(always)]
pub fn sinh(x: f64) -> f64 {
    let a = x.abs();
    let z = a * a;
    let small = a + a * z * horner(z, &SINH_S);
    let (e, n) = half_exps(a);
    let (d, dl) = two_sum(e.0, -n.0);
    let large = d + (dl + (e.1 - n.1));
    let large = if e.0 == f64::INFINITY { e.0 } else { large };
    let y = if a < SINH_SMALL { small } else { large };
    y.copysign(x)
}

/// The hyperbolic cosine.
///
/// Maximum error: **1 ulp**. Measured: 0.604 ulp on 3·10^7 samples against glibc's long double
/// functions; 0.509 against 50-digit values. See `ACCURACY.md`. `cosh(±0) = 1`, overflows to
/// +inf past about 710.48, `cosh(±inf) = +inf`, NaN gives NaN.
///
/// Method: `(e^|x| + e^-|x|) / 2` in double-f64, as [`sinh`], rounded once.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::f64::cosh;
/// assert_eq!(cosh(0.0), 1.0);
/// assert_eq!(cosh(1.0), 1.5430806348152437);
/// assert_eq!(cosh(-711.0), f64::INFINITY);
/// ```
#[inline(always)]
pub fn cosh(x: f64) -> f64 {
    let (e, n) = half_exps(x.abs());
    let (d, dl) = two_sum(e.0, n.0);
    let y = d + (dl + (e.1 + n.1));
    if e.0 == f64::INFINITY { e.0 } else { y }
}

/// Above this, `asinh` and `acosh` are `ln(2|x|)` to far below an ulp.
const ARC_BIG: f64 = 268_435_456.0; // 2^28

/// `ln(t) + add` rounded, for `t` as double-f64 (positive, finite or +inf).
#[inline(always)]
fn ln_plus(t: Dd, add: Dd) -> f64 {
    let y = dd::add(ln_dd2(t.0, t.1), add).0;
    let (special, v) = ln_special(t.0);
    if special { v } else { y }
}

/// The inverse hyperbolic sine.
///
/// Maximum error: **1 ulp**. Measured: 0.501 ulp on 3·10^7 samples against glibc's long double
/// functions; 0.499 against 50-digit values. See `ACCURACY.md`. `asinh(±0) = ±0`, tiny `x`
/// gives `x`, `asinh(±inf) = ±inf`, NaN gives NaN.
///
/// Method: `ln(|x| + sqrt(x^2 + 1))` with the argument in double-f64 (exact square, sum
/// and square root), and [`ln`](super::ln) in double-f64; past `2^28`, `ln|x| + ln 2`.
/// Rounded once; the sign is `x`'s.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::f64::asinh;
/// assert_eq!(asinh(1.0), 0.881373587019543);
/// assert_eq!(asinh(1e-300), 1e-300);
/// assert_eq!(asinh(f64::MAX), 710.475860073944);
/// ```
#[inline(always)]
pub fn asinh(x: f64) -> f64 {
    let a = x.abs();
    let big = a > ARC_BIG;
    let ac = if big { ARC_BIG } else { a };
    let (qh, ql) = two_prod(ac, ac);
    let (vh, vl) = two_sum(1.0, qh);
    let r = dd::sqrt((vh, vl + ql));
    let (th, tl) = two_sum(ac, r.0);
    let t = if big { (a, 0.0) } else { (th, tl + r.1) };
    let add = if big { LN2 } else { (0.0, 0.0) };
    ln_plus(t, add).copysign(x)
}

/// The inverse hyperbolic cosine, for `x >= 1`.
///
/// Maximum error: **1 ulp**. Measured: 0.518 ulp on 3·10^7 samples against glibc's long double
/// functions; 0.499 against 50-digit values. See `ACCURACY.md`. `acosh(1) = +0`, `acosh(+inf) =
/// +inf`, `x < 1` gives NaN, NaN gives NaN.
///
/// Method: `ln(x + sqrt(x^2 - 1))` with the argument in double-f64 (`x^2 - 1` is exact
/// near 1), as [`asinh`]; past `2^28`, `ln x + ln 2`.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::f64::acosh;
/// assert_eq!(acosh(1.0).to_bits(), 0);
/// assert_eq!(acosh(2.0), 1.3169578969248168);
/// assert!(acosh(0.5).is_nan());
/// ```
#[inline(always)]
pub fn acosh(x: f64) -> f64 {
    let big = x > ARC_BIG;
    let xc = if big { ARC_BIG } else { x };
    let (qh, ql) = two_prod(xc, xc);
    let (vh, vl) = two_sum(qh, -1.0);
    let v = (vh, vl + ql);
    let r = if v.0 > 0.0 { dd::sqrt(v) } else { (0.0, 0.0) };
    let (th, tl) = two_sum(xc, r.0);
    let t = if big { (x, 0.0) } else { (th, tl + r.1) };
    let add = if big { LN2 } else { (0.0, 0.0) };
    let y = ln_plus(t, add);
    if x < 1.0 { f64::NAN } else { y }
}

/// The inverse hyperbolic tangent, for `|x| <= 1`.
///
/// Maximum error: **1 ulp**. Measured: 0.500 ulp on 3·10^7 samples against glibc's long double
/// functions; 0.500 against 50-digit values. See `ACCURACY.md`. `atanh(±0) = ±0`, tiny `x`
/// gives `x`, `atanh(±1) = ±inf`, `|x| > 1` gives NaN, NaN gives NaN.
///
/// Method: `ln((1 + |x|) / (1 - |x|)) / 2` with the quotient in double-f64 and the
/// logarithm of [`asinh`], rounded once; the sign is `x`'s.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::f64::atanh;
/// assert_eq!(atanh(0.5), 0.5493061443340549);
/// assert_eq!(atanh(1e-300), 1e-300);
/// assert_eq!(atanh(-1.0), f64::NEG_INFINITY);
/// ```
#[inline(always)]
pub fn atanh(x: f64) -> f64 {
    let a = x.abs();
    let q = dd::div(two_sum(1.0, a), two_sum(1.0, -a));
    let q = if a < 1.0 { q } else { (f64::INFINITY, 0.0) };
    let y = ln_plus(q, (0.0, 0.0)) * 0.5;
    let y = if a <= 1.0 { y } else { f64::NAN };
    y.copysign(x)
}
