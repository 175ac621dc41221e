//! `atan`, `atan2`, `asin` and `acos` in f64: one double-f64 arctangent of a quotient.

use super::ROUND_MAGIC;
use super::dd::{self, Dd, two_prod, two_sum};
use super::horner;

/// `pi/2`, `pi/4` and `pi` as double-f64.
const FRAC_PI_2: Dd = (core::f64::consts::FRAC_PI_2, 6.123233995736766e-17);
const FRAC_PI_4: Dd = (core::f64::consts::FRAC_PI_4, 3.061616997868383e-17);
const PI: Dd = (core::f64::consts::PI, 1.2246467991473532e-16);

/// `atan(k/16)`, `k = 0..=16`, high and low parts (mpmath, 300 bits).
const ATAN_K_HI: [f64; 17] = [
    0.0,
    0.06241880999595735,
    0.12435499454676144,
    0.18534794999569476,
    0.24497866312686414,
    0.3028848683749714,
    0.35877067027057225,
    0.4124104415973873,
    0.4636476090008061,
    0.5123894603107377,
    0.5585993153435624,
    0.6022873461349642,
    0.6435011087932844,
    0.6823165548747481,
    0.7188299996216245,
    0.7531512809621944,
    core::f64::consts::FRAC_PI_4,
];
const ATAN_K_LO: [f64; 17] = [
    0.0,
    -1.5490756308295046e-18,
    -3.1253241424539383e-18,
    4.180692268843079e-18,
    1.0698755618734451e-17,
    -1.1010827903001369e-17,
    -2.4623815582638635e-17,
    -1.587652227770689e-17,
    2.2698777452961687e-17,
    -2.5462781472855804e-17,
    -5.4556305485916264e-18,
    2.950430737228402e-17,
    1.5834785051444286e-17,
    6.943223671560008e-18,
    -2.1478388444456983e-17,
    -2.4256934659182068e-17,
    3.061616997868383e-17,
];

/// `atan t = t + t z A(z)`, `z = t^2`: Taylor coefficients `(-1)^k / (2k+1)`, `k = 1..=7`
/// (for `|t| <= 1/32` the first left out is below `2^-80` relative).
const ATAN_A: [f64; 7] = [
    -0.3333333333333333,
    0.2,
    -0.14285714285714285,
    0.1111111111111111,
    -0.09090909090909091,
    0.07692307692307693,
    -0.06666666666666667,
];

/// Above this a quotient's arctangent is `pi/2 - 1/q` to far below an ulp.
const Q_BIG: f64 = 1_152_921_504_606_846_976.0; // 2^60

/// `atan q` as double-f64 for `q >= 0` (`q.0` may be +inf; `q.1` finite), in `[0, pi/2]`.
///
/// Method: `u = q` or `1/q` (then `atan q = pi/2 - atan u`), so `u` is in `[0, 1]`;
/// `c = k/16` nearest to `u`, `t = (u - c) / (1 + u c)` in double-f64 (`|t| <= 1/32`),
/// `atan u = atan(k/16) + atan t` with the table above and the Taylor series of `atan t`.
#[inline(always)]
#[allow(
    clippy::indexing_slicing,
    reason = "the index is at most 16 (u <= 1, then min(16)); the tables have 17 entries"
)]
fn atan_dd(q: Dd) -> Dd {
    let big = q.0 > 1.0;
    let huge = q.0 > Q_BIG;
    let qc = if huge { (Q_BIG, 0.0) } else { q };
    let v = dd::div((1.0, 0.0), qc);
    let v = if huge { (1.0 / q.0, 0.0) } else { v };
    let u = if big { v } else { q };
    let t = u.0 * 16.0 + ROUND_MAGIC;
    let k = ((t.to_bits() & 31) as usize).min(16);
    let c = (t - ROUND_MAGIC) * 0.0625;
    // u.0 - c is exact: c = 0, or u.0 and c are within a factor of 2 (Sterbenz).
    let num = dd::quick(u.0 - c, u.1);
    let (p, pl) = two_prod(u.0, c);
    let (d, dl) = two_sum(1.0, p);
    let den = dd::quick(d, dl + (pl + u.1 * c));
    let t = dd::div(num, den);
    let z = t.0 * t.0;
    let at = dd::add(t, (t.0 * z * horner(z, &ATAN_A), 0.0));
    let theta = dd::add((ATAN_K_HI[k], ATAN_K_LO[k]), at);
    if big {
        dd::add(FRAC_PI_2, (-theta.0, -theta.1))
    } else {
        theta
    }
}

/// `a / b` in double-f64 for `a, b >= 0`, and `(a.0 / b.0, 0)` where that is above `Q_BIG`
/// (where its arctangent is `pi/2 - 1/q` to far below an ulp), infinite or NaN, or where
/// `b` is infinite (where the double-f64 steps would overflow or give NaN).
#[inline(always)]
fn quotient(a: Dd, b: Dd) -> Dd {
    let q = a.0 / b.0;
    let d = dd::div(a, b);
    if (q <= Q_BIG) & (b.0 < f64::INFINITY) {
        d
    } else {
        (q, 0.0)
    }
}

/// The arctangent, in `[-pi/2, pi/2]`.
///
/// Maximum error: **1 ulp**. Measured: 0.500 ulp on 3·10^7 samples against glibc's long double
/// functions; 0.498 against 50-digit values. See `ACCURACY.md`. `atan(±0) = ±0`, `atan(±inf) =
/// ±pi/2`, tiny `x` gives `x`, NaN gives NaN.
///
/// Method: for `|x| > 1`, `pi/2 - atan(1/|x|)`; then `atan(k/16)` from a table plus the
/// Taylor series of `atan t`, `t = (u - k/16) / (1 + u k/16)`, all in double-f64, rounded
/// once; the sign is `x`'s.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::f64::atan;
/// assert_eq!(atan(1.0), core::f64::consts::FRAC_PI_4);
/// assert_eq!(atan(f64::NEG_INFINITY), -core::f64::consts::FRAC_PI_2);
/// assert_eq!(atan(-0.0).to_bits(), (-0.0f64).to_bits());
/// ```
#[inline(always)]
pub fn atan(x: f64) -> f64 {
    atan_dd((x.abs(), 0.0)).0.copysign(x)
}

/// The four-quadrant arctangent of `y / x`, in `[-pi, pi]`.
///
/// Maximum error: **1 ulp**. Measured: 0.500 ulp on 3·10^7 samples against glibc's long double
/// functions; 0.500 against 50-digit values. See `ACCURACY.md`. C99 Annex F's special values:
/// `atan2(±0, +0) = ±0`, `atan2(±0, -0) = ±pi`, `atan2(±0, x < 0) = ±pi`,
/// `atan2(y != 0, ±0) = ±pi/2`, `atan2(±inf, +inf) = ±pi/4`, `atan2(±inf, -inf) = ±3pi/4`,
/// `atan2(±y, -inf) = ±pi`, `atan2(±y, +inf) = ±0`; NaN gives NaN.
///
/// Method: `|y| / |x|` in double-f64 (both scaled by a power of two first where either is
/// huge or both tiny), the arctangent of [`atan`], then `pi - angle` where `x`'s sign is
/// negative, and `y`'s sign.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::f64::atan2;
/// use core::f64::consts::{FRAC_PI_4, PI};
/// assert_eq!(atan2(1.0, 1.0), FRAC_PI_4);
/// assert_eq!(atan2(0.0, -0.0), PI);
/// assert_eq!(atan2(-1.0, -1.0), -3.0 * FRAC_PI_4);
/// ```
#[inline(always)]
pub fn atan2(y: f64, x: f64) -> f64 {
    let (ay, ax) = (y.abs(), x.abs());
    let top = if ay > ax { ay } else { ax };
    let bottom = if ay > ax { ax } else { ay };
    // Keep both inside the range where the double-f64 quotient is exact (|v| < 2^995,
    // products not underflowing); one power of two for both leaves the ratio alone. (Where
    // the bottom is tiny and the top above 2^700, the ratio is beyond 2^1600 either way.)
    let s = if top > 2f64.powi(900) {
        2f64.powi(-200)
    } else if (bottom < 2f64.powi(-900)) & (top < 2f64.powi(700)) {
        2f64.powi(200)
    } else {
        1.0
    };
    let q = quotient((ay * s, 0.0), (ax * s, 0.0));
    let theta = atan_dd(q);
    let theta = if (ay == 0.0) & (ax == 0.0) {
        (0.0, 0.0)
    } else {
        theta
    };
    let theta = if (ay == f64::INFINITY) & (ax == f64::INFINITY) {
        FRAC_PI_4
    } else {
        theta
    };
    let theta = if x.is_sign_negative() {
        dd::add(PI, (-theta.0, -theta.1))
    } else {
        theta
    };
    theta.0.copysign(y)
}

/// `sqrt(1 - a^2)` as double-f64 for `a` in `[0, 1]`, from `(1 - a)(1 + a)`.
#[inline(always)]
fn sqrt_one_minus_sq(a: f64) -> Dd {
    let p = dd::mul(two_sum(1.0, -a), two_sum(1.0, a));
    let s = dd::sqrt(p);
    if p.0 > 0.0 { s } else { (0.0, 0.0) }
}

/// The arcsine, in `[-pi/2, pi/2]`.
///
/// Maximum error: **1 ulp**. Measured: 0.500 ulp on 3·10^7 samples against glibc's long double
/// functions; 0.498 against 50-digit values. See `ACCURACY.md`. `asin(±0) = ±0`, `asin(±1) =
/// ±pi/2`, `|x| > 1` gives NaN, NaN gives NaN.
///
/// Method: `atan(|x| / sqrt((1 - |x|)(1 + |x|)))` in double-f64 (see [`atan`]), rounded
/// once; the sign is `x`'s.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::f64::asin;
/// assert_eq!(asin(1.0), core::f64::consts::FRAC_PI_2);
/// assert_eq!(asin(0.5), 0.5235987755982989);
/// assert!(asin(1.5).is_nan());
/// ```
#[inline(always)]
pub fn asin(x: f64) -> f64 {
    let a = x.abs();
    let q = quotient((a, 0.0), sqrt_one_minus_sq(a));
    let y = atan_dd(q).0.copysign(x);
    if a > 1.0 { f64::NAN } else { y }
}

/// The arccosine, in `[0, pi]`.
///
/// Maximum error: **1 ulp**. Measured: 0.500 ulp on 3·10^7 samples against glibc's long double
/// functions; 0.495 against 50-digit values. See `ACCURACY.md`. `acos(1) = +0`, `acos(-1) =
/// pi`, `acos(±0) = pi/2`, `|x| > 1` gives NaN, NaN gives NaN.
///
/// Method: `atan(sqrt((1 - |x|)(1 + |x|)) / |x|)` in double-f64 (see [`atan`]), and
/// `pi - ` that for negative `x`, rounded once.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::f64::acos;
/// assert_eq!(acos(-1.0), core::f64::consts::PI);
/// assert_eq!(acos(0.5), 1.0471975511965979);
/// assert_eq!(acos(1.0).to_bits(), 0);
/// ```
#[inline(always)]
pub fn acos(x: f64) -> f64 {
    let a = x.abs();
    let q = quotient(sqrt_one_minus_sq(a), (a, 0.0));
    let theta = atan_dd(q);
    let theta = if x < 0.0 {
        dd::add(PI, (-theta.0, -theta.1))
    } else {
        theta
    };
    if a > 1.0 { f64::NAN } else { theta.0 }
}
