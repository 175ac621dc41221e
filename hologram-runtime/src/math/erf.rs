//! `erf`, `gelu` and `gelu_tanh` in f32.

use super::eft::{split, two_prod, two_sum};
use super::exp::exp_parts;
use super::poly::horner;

/// `erf(x) = x + x P(x^2)` for `|x| < 0.5`; see `tools/fit_math.py` (`ERF_P`).
const ERF_P: [f32; 5] = [
    0.128_379_17,
    -0.376_126_1,
    0.112_828_51,
    -0.026_758_26,
    0.004_719_161,
];

/// `erfc(a) = exp(-a^2) Q(u)`, `u = 1/(2+a) - 1/4`, for `a` in `[0.5, 4]`; see
/// `tools/fit_math.py` (`ERFC_Q`).
const ERFC_Q: [f32; 10] = [
    0.255_395_68,
    1.708_743_6,
    3.866_517_8,
    5.054_421,
    0.962_603_33,
    -7.119_854,
    -4.785_311,
    15.483_607,
    87.707_34,
    -345.100_77,
];

/// Below this `|x|`, erf uses its odd polynomial; above, `1 - erfc`.
const ERF_SWITCH: f32 = 0.5;
/// Where `ERFC_Q` ends; beyond, erf rounds to ±1 and `erfc_scaled` uses its asymptotic series.
const ERFC_Q_END: f32 = 4.0;

/// `a^2` exactly, as `hi + lo` (Dekker's product of the Veltkamp halves; `|a| < 2^60`).
#[inline(always)]
fn square(a: f32) -> (f32, f32) {
    let (ah, al) = split(a);
    let hi = a * a;
    (hi, ((ah * ah - hi) + 2.0 * ah * al) + al * al)
}

/// `erfc(a) e^(a^2)` for `a >= 0.5`: the fitted `Q(u)`, `u = 1/(2+a) - 1/4`, up to
/// `ERFC_Q_END`, then the asymptotic series `(1 - 1/(2a^2) + 3/(4a^4) - 15/(8a^6)) /
/// (a sqrt(pi))` (relative error below 1.1e-4 there, where `erfc` is below 1.6e-8).
///
/// `a_lo` is a correction to `a` (the rounding error of `|x| / sqrt 2` in `gelu`).
///
/// One division serves both: `1/(2+a)` or `1/a`. `Q` amplifies the relative error of
/// `1/(2+a)` by about 1.6, so the two roundings of a plain `1/(2+a)` would cost up to 1.6
/// ulp; the sum and the reciprocal are corrected with error-free steps instead.
#[inline(always)]
fn erfc_scaled(a: f32, a_lo: f32) -> f32 {
    let tail = a > ERFC_Q_END;
    let (s, sl) = two_sum(2.0, a);
    let (d, dl) = if tail { (a, 0.0) } else { (s, sl + a_lo) };
    let t = 1.0 / d;
    let (p, pl) = two_prod(d, t);
    let e = (1.0 - p) - pl; // 1 - d t, exact enough
    // t - 1/4 is exact (Sterbenz) where it is used.
    let fitted = horner((t - 0.25) + t * (e - dl * t), &ERFC_Q);
    let z = t * t;
    let asymptotic =
        core::f32::consts::FRAC_2_SQRT_PI * 0.5 * t * (1.0 + z * (-0.5 + z * (0.75 - 1.875 * z)));
    if tail { asymptotic } else { fitted }
}

/// The error function.
///
/// Maximum error: **2.29 ulp** against libm's `erf` in f64, over all 2^32 inputs (see
/// `ACCURACY.md`; the tested bound is 3 ulp).
///
/// `erf(±inf) = ±1`, `erf(-0) = -0`, NaN gives NaN.
///
/// Method: for `|x| < 0.5`, `x + x P(x^2)` with `P` of degree 4 (minimax, relative); above,
/// `1 - exp(-x^2) Q(u)` with `u = 1/(2+|x|) - 1/4` and `Q` of degree 9 (minimax on
/// `|x|` in `[0.5, 4]`, relative), `x^2` carried exactly into `exp`; the sign by `copysign`.
/// Beyond 4 the result rounds to ±1.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::erf;
/// assert!((erf(1.0) - 0.8427008).abs() <= 1e-7);
/// assert_eq!(erf(f32::NEG_INFINITY), -1.0);
/// assert!(erf(-0.0).is_sign_negative());
/// ```
#[inline(always)]
pub fn erf(x: f32) -> f32 {
    let a = x.abs();
    let small = a + a * horner(a * a, &ERF_P);
    let ac = if a > ERFC_Q_END { ERFC_Q_END } else { a };
    let (h, l) = square(ac);
    let large = 1.0 - exp_parts(-h, -l) * erfc_scaled(ac, 0.0);
    let e = if a < ERF_SWITCH { small } else { large };
    e.copysign(x)
}

/// `1/sqrt 2` as `hi + lo`.
const FRAC_1_SQRT_2: (f32, f32) = (0.707_106_77, 1.210_161_75e-8);

/// Past this `|x|`, `exp(-x^2/2)` is 0 and gelu is `x` or -0.
const GELU_END: f32 = 15.0;

/// GELU, erf form: `0.5 x (1 + erf(x / sqrt 2))`.
///
/// Maximum error: **3.58 ulp** where `|result| > 1e-3`, and 2.1e-10 absolute elsewhere,
/// against `0.5 x erfc(-x / sqrt 2)` with libm's f64 `erfc`, over all 2^32 inputs (see
/// `ACCURACY.md`; the tested bounds are 4 ulp and 1e-7).
///
/// `gelu(+inf) = +inf`; `gelu(-inf) = -0`, the limit (the formula itself gives
/// `-inf * 0 = NaN` there); results below about -14.5 underflow to -0; NaN gives NaN.
///
/// Method: for `x < 0` the sum `1 + erf` would cancel, so it is computed as
/// `erfc(|x|/sqrt 2) = exp(-x^2/2) Q`, the same pieces as [`erf`], with `x^2` carried
/// exactly into `exp` (an f32 `x^2` would cost up to 6 ulp near `x = -3.5`).
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::gelu;
/// assert!((gelu(1.0) - 0.8413447).abs() <= 1e-7);
/// assert!((gelu(-1.0) + 0.15865526).abs() <= 1e-8);
/// assert_eq!(gelu(f32::INFINITY), f32::INFINITY);
/// ```
#[inline(always)]
pub fn gelu(x: f32) -> f32 {
    let y = x * core::f32::consts::FRAC_1_SQRT_2;
    let erf_small = y + y * horner(y * y, &ERF_P);
    // erfc(|y|) = exp(-x^2/2) Q: past |x| = GELU_END the exponential is 0, so clamp there.
    let xc = if x.abs() > GELU_END {
        GELU_END
    } else {
        x.abs()
    };
    // |y| as ac + ac_lo: Q is sensitive enough that the rounding of |x| / sqrt 2 matters.
    let (ac, ac_lo) = two_prod(xc, FRAC_1_SQRT_2.0);
    let ac_lo = ac_lo + xc * FRAC_1_SQRT_2.1;
    let (h, l) = square(xc);
    let (qa, qa_lo) = if ac < ERF_SWITCH {
        (ERF_SWITCH, 0.0)
    } else {
        (ac, ac_lo)
    };
    let q = erfc_scaled(qa, qa_lo);
    let erfc = exp_parts(-0.5 * h, -0.5 * l) * q;
    let one_plus_erf = if y.abs() < ERF_SWITCH {
        1.0 + erf_small
    } else if x > 0.0 {
        2.0 - erfc
    } else {
        erfc
    };
    let g = 0.5 * x * one_plus_erf;
    if x < -GELU_END { -0.0 } else { g }
}

/// `2 sqrt(2/pi)` as `hi + lo`.
const GT_A: (f32, f32) = (1.595_769_2, -4.534_068e-8);
/// `2 sqrt(2/pi) * 0.044715` as `hi + lo`.
const GT_B: (f32, f32) = (0.071_354_814, 2.398_832_5e-9);
/// Past this `|x|`, `gelu_tanh` is `x` (positive) or rounds to -0 (negative).
const GT_END: f32 = 11.0;

/// GELU, tanh approximation: `0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))`.
///
/// Maximum error: **3.35 ulp** where `|result| > 1e-3`, and 2.2e-10 absolute elsewhere,
/// against the same formula in f64 (written as `x / (1 + exp(-v))`), over all 2^32 inputs
/// (see `ACCURACY.md`; the tested bounds are 4 ulp and 1e-7).
///
/// `gelu_tanh(+inf) = +inf`, `gelu_tanh(-inf) = -0` (the limit; the formula gives NaN);
/// NaN gives NaN.
///
/// Method: `0.5 (1 + tanh(v/2)) = sigmoid(v)` with `v = 2 sqrt(2/pi) (x + 0.044715 x^3)`, so
/// the result is `x sigmoid(v)`, which does not cancel for negative `x`. `v` is carried in
/// two f32s (error-free products and sums), because `exp` multiplies the relative error of
/// its argument by `|v|`, up to 8 near `x = -3.7`.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::gelu_tanh;
/// assert!((gelu_tanh(1.0) - 0.8411920).abs() <= 1e-7);
/// assert_eq!(gelu_tanh(f32::INFINITY), f32::INFINITY);
/// ```
#[inline(always)]
pub fn gelu_tanh(x: f32) -> f32 {
    let xc = if x > GT_END { GT_END } else { x };
    let xc = if xc < -GT_END { -GT_END } else { xc };
    // s = x^2 exactly; t = A + B s; v = x t, each as hi + lo.
    let (sh, sl) = square(xc);
    let (ph, pl) = two_prod(GT_B.0, sh);
    let (th, tl) = two_sum(GT_A.0, ph);
    let tl = tl + (GT_A.1 + pl + GT_B.1 * sh + GT_B.0 * sl);
    let (vh, vl) = two_prod(xc, th);
    let vl = vl + xc * tl;
    // sigmoid(v) with e = exp(-|v|) carried from the pair.
    let neg = vh < 0.0;
    let (eh, el) = if neg { (vh, vl) } else { (-vh, -vl) };
    let e = exp_parts(eh, el);
    let num = if neg { e } else { 1.0 };
    let g = x * (num / (1.0 + e));
    if x < -GT_END { -0.0 } else { g }
}
