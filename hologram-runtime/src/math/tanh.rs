//! `tanh` and `sigmoid` in f32.

use super::exp::exp;
use super::poly::horner;

/// `tanh(x) = x + x^3 P(x^2)` for `|x| < 0.625`; see `tools/fit_math.py` (`TANH_P`).
const TANH_P: [f32; 6] = [
    -0.333_333_3,
    0.133_332_21,
    -0.053_948_18,
    0.021_706_894,
    -0.008_190_012,
    0.002_152_681_1,
];

/// Below this `|x|`, tanh uses its odd polynomial; above, `1 - 2/(e^(2|x|) + 1)`, where the
/// subtraction loses at most about one bit because the result is at least 0.55.
const TANH_SWITCH: f32 = 0.625;

/// The hyperbolic tangent.
///
/// Maximum error: **1.34 ulp** against tanh computed in f64, over all 2^32 inputs (see
/// `ACCURACY.md`; the tested bound is 3 ulp).
///
/// `tanh(±inf) = ±1`, `tanh(-0) = -0`, tiny `x` gives `x`, NaN gives NaN.
///
/// Method: for `|x| < 0.625`, `x + x^3 P(x^2)` with `P` of degree 5 (minimax, relative);
/// above, `1 - 2/(exp(2|x|) + 1)` with [`exp`](super::exp); the sign by `copysign`. Both
/// are computed and one is selected, so there is no branch.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::tanh;
/// assert!((tanh(0.5) - 0.46211716).abs() <= 1e-7);
/// assert_eq!(tanh(f32::NEG_INFINITY), -1.0);
/// assert!(tanh(-0.0).is_sign_negative());
/// ```
#[inline(always)]
pub fn tanh(x: f32) -> f32 {
    let a = x.abs();
    let z = a * a;
    let small = a + a * z * horner(z, &TANH_P);
    let large = 1.0 - 2.0 / (exp(2.0 * a) + 1.0);
    let t = if a < TANH_SWITCH { small } else { large };
    t.copysign(x)
}

/// The logistic function `1 / (1 + e^-x)`.
///
/// Maximum error: **2.41 ulp** against the same formula in f64, over all 2^32 inputs (see
/// `ACCURACY.md`; the tested bound is 3 ulp).
///
/// `sigmoid(-inf) = 0`, `sigmoid(+inf) = 1`, NaN gives NaN. Large negative `x` give the
/// correctly scaled small (down to subnormal) result rather than 0.
///
/// Method: `e = exp(-|x|)`, which cannot overflow; the result is `1 / (1 + e)` for
/// `x >= 0` and `e / (1 + e)` for `x < 0` (one division, numerator selected).
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::math::sigmoid;
/// assert_eq!(sigmoid(0.0), 0.5);
/// assert!((sigmoid(2.0) - 0.880797).abs() <= 1e-6);
/// assert!(sigmoid(-100.0) > 0.0);
/// assert_eq!(sigmoid(f32::INFINITY), 1.0);
/// ```
#[inline(always)]
pub fn sigmoid(x: f32) -> f32 {
    let e = exp(-x.abs());
    let num = if x < 0.0 { e } else { 1.0 };
    num / (1.0 + e)
}
