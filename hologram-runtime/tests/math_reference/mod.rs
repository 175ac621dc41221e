//! Reference values and error measurement for `hologram::math`, shared by
//! `tests/test_math_accuracy.rs` (sampled) and the root `examples/accuracy.rs` (exhaustive).
//!
//! References are computed in f64 with std's functions and the `libm` crate (std has no
//! erf). For the f32 functions that is exact enough: f64 carries 29 more bits. For the f64
//! functions the reference is only as good as std/libm (about 1 ulp), and the arguments
//! that would lose accuracy in f64 (`x / sqrt 2`, the cubic of `gelu_tanh`) are carried in
//! two f64s, with a first-order correction applied to the result.
#![allow(dead_code, missing_docs)]

use std::f64::consts::FRAC_2_SQRT_PI;

mod vectors64;
pub use vectors64::{VECTORS64, VECTORS64_PAIRS};

/// One function under test: its name, the implementation in f32 and f64, the reference,
/// and its bounds.
#[derive(Clone, Copy)]
pub struct Case {
    pub name: &'static str,
    pub f32: fn(f32) -> f32,
    /// The f64 version, where there is one.
    pub f64: Option<fn(f64) -> f64>,
    pub reference: fn(f64) -> f64,
    /// Maximum error in ulp of the result (f32 functions).
    pub bound32: f64,
    /// Maximum error in ulp of the result (f64 functions, against the f64 reference).
    pub bound64: f64,
    /// Maximum error in ulp of the f64 function against the 50-digit vectors.
    pub true64: f64,
    /// `(threshold, abs32, abs64)`: where `|reference| <= threshold`, the error is measured
    /// in absolute terms instead, bounded by `abs32` / `abs64`.
    pub abs_below: Option<(f64, f64, f64)>,
}

/// The functions and their bounds (those in the rustdoc of `hologram::math`).
pub fn cases() -> Vec<Case> {
    use hologram_runtime::math as m;
    use hologram_runtime::math::f64 as d;
    let gelu_abs = Some((1e-3, 1e-7, 1e-16));
    vec![
        Case {
            name: "exp",
            f32: m::exp,
            f64: Some(d::exp),
            reference: exp,
            bound32: 2.0,
            bound64: 2.0,
            true64: 1.0,
            abs_below: None,
        },
        Case {
            name: "ln",
            f32: m::ln,
            f64: Some(d::ln),
            reference: ln,
            bound32: 2.0,
            bound64: 2.0,
            true64: 1.0,
            abs_below: None,
        },
        Case {
            name: "tanh",
            f32: m::tanh,
            f64: Some(d::tanh),
            reference: tanh,
            bound32: 3.0,
            bound64: 3.0,
            true64: 2.0,
            abs_below: None,
        },
        Case {
            name: "sigmoid",
            f32: m::sigmoid,
            f64: Some(d::sigmoid),
            reference: sigmoid,
            bound32: 3.0,
            bound64: 3.0,
            true64: 2.0,
            abs_below: None,
        },
        Case {
            name: "erf",
            f32: m::erf,
            f64: Some(d::erf),
            reference: erf,
            bound32: 3.0,
            bound64: 3.0,
            true64: 2.0,
            abs_below: None,
        },
        Case {
            name: "gelu",
            f32: m::gelu,
            f64: Some(d::gelu),
            reference: gelu,
            bound32: 4.0,
            bound64: 6.0,
            true64: 3.0,
            abs_below: gelu_abs,
        },
        Case {
            name: "gelu_tanh",
            f32: m::gelu_tanh,
            f64: Some(d::gelu_tanh),
            reference: gelu_tanh,
            bound32: 4.0,
            bound64: 4.0,
            true64: 3.0,
            abs_below: gelu_abs,
        },
        full("sin", m::sin, d::sin, sin),
        full("cos", m::cos, d::cos, cos),
        full("sin_cos.0", |x| m::sin_cos(x).0, |x| d::sin_cos(x).0, sin),
        full("sin_cos.1", |x| m::sin_cos(x).1, |x| d::sin_cos(x).1, cos),
        full("tan", m::tan, d::tan, tan),
        full("exp2", m::exp2, d::exp2, f64::exp2),
        full("exp_m1", m::exp_m1, d::exp_m1, f64::exp_m1),
        full("log2", m::log2, d::log2, f64::log2),
        full("log10", m::log10, d::log10, f64::log10),
        full("ln_1p", m::ln_1p, d::ln_1p, f64::ln_1p),
        full("sinh", m::sinh, d::sinh, f64::sinh),
        full("cosh", m::cosh, d::cosh, f64::cosh),
        full("asinh", m::asinh, d::asinh, asinh),
        full("acosh", m::acosh, d::acosh, acosh),
        full("atanh", m::atanh, d::atanh, f64::atanh),
        full("atan", m::atan, d::atan, f64::atan),
        full("asin", m::asin, d::asin, f64::asin),
        full("acos", m::acos, d::acos, f64::acos),
        full("cbrt", m::cbrt, d::cbrt, f64::cbrt),
    ]
}

/// A function of the complete math library in f32 and f64: 1 ulp in f32 against the f64
/// reference; in f64, 1 ulp against the 50-digit vectors, and no bound against std's f64
/// function (glibc's `acosh`, for one, is off by up to 5 ulp near 1): the root package's
/// `tests/test_math_f64.rs` and the accuracy example's `--f64-ld` hold it to 1 ulp against
/// long double references instead.
fn full(
    name: &'static str,
    f32: fn(f32) -> f32,
    f64: fn(f64) -> f64,
    reference: fn(f64) -> f64,
) -> Case {
    Case {
        name,
        f32,
        f64: Some(f64),
        reference,
        bound32: 1.0,
        bound64: f64::INFINITY,
        true64: 1.0,
        abs_below: None,
    }
}

/// The sampled bound of the two-argument f64 functions against std's: their own 1 ulp plus
/// std's error.
pub const BOUND_VS_STD: f64 = 2.0;

/// A two-argument function: its name, the f32 and f64 functions, the f64 reference, and
/// the f32 bound in ulp (the f64 functions: 1 ulp against [`VECTORS64_PAIRS`],
/// [`BOUND_VS_STD`] against the reference).
pub type PairCase = (
    &'static str,
    fn(f32, f32) -> f32,
    fn(f64, f64) -> f64,
    fn(f64, f64) -> f64,
    f64,
);

/// atan2, powf and hypot.
pub fn pair_cases() -> [PairCase; 3] {
    use hologram_runtime::math as m;
    use hologram_runtime::math::f64 as d;
    [
        ("atan2", m::atan2, d::atan2, f64::atan2, 1.0),
        ("powf", m::powf, d::powf, f64::powf, 1.0),
        ("hypot", m::hypot, d::hypot, f64::hypot, 1.0),
    ]
}

/// The worst error of a two-argument f64 function on the 50-digit vectors: `(max ulp, at
/// (x, y))`.
pub fn against_pair_vectors64(name: &str, f: fn(f64, f64) -> f64) -> (f64, (f64, f64)) {
    let (mut worst, mut at) = (0.0f64, (0.0, 0.0));
    for &(n, x, y, hi, lo) in VECTORS64_PAIRS {
        if n != name {
            continue;
        }
        let got = f(x, y);
        let u = if got.is_infinite() && hi.is_infinite() && got == hi {
            0.0
        } else {
            ((got - hi) - lo).abs() / ulp64(hi)
        };
        if u > worst || u.is_nan() {
            (worst, at) = (u, (x, y));
        }
    }
    (worst, at)
}

/// std's `asinh`, except above `1e300`, where glibc's (2.36) overflows to infinity:
/// there `ln|x| + ln 2`, within an ulp.
pub fn asinh(x: f64) -> f64 {
    if x.abs() > 1e300 && x.is_finite() {
        (x.abs().ln() + std::f64::consts::LN_2).copysign(x)
    } else {
        x.asinh()
    }
}

/// std's `acosh`, except above `1e300`, as [`asinh`].
pub fn acosh(x: f64) -> f64 {
    if x > 1e300 && x.is_finite() {
        x.ln() + std::f64::consts::LN_2
    } else {
        x.acosh()
    }
}

pub fn sin(x: f64) -> f64 {
    x.sin()
}

pub fn cos(x: f64) -> f64 {
    x.cos()
}

pub fn tan(x: f64) -> f64 {
    x.tan()
}

pub fn exp(x: f64) -> f64 {
    x.exp()
}

pub fn ln(x: f64) -> f64 {
    x.ln()
}

pub fn tanh(x: f64) -> f64 {
    x.tanh()
}

pub fn sigmoid(x: f64) -> f64 {
    let e = (-x.abs()).exp();
    if x < 0.0 {
        e / (1.0 + e)
    } else {
        1.0 / (1.0 + e)
    }
}

pub fn erf(x: f64) -> f64 {
    libm::erf(x)
}

/// `a * b` as `hi + lo`, exactly (fma: slow but exact, fine for a reference).
fn two_prod(a: f64, b: f64) -> (f64, f64) {
    let p = a * b;
    (p, a.mul_add(b, -p))
}

/// `0.5 x erfc(-x / sqrt 2)`, with `x / sqrt 2` carried as `a + da` and erfc corrected to
/// first order. `gelu(±inf)` are taken as the limits, +inf and -0 (the correction term
/// would be NaN there).
pub fn gelu(x: f64) -> f64 {
    if x.is_infinite() {
        return if x > 0.0 { x } else { -0.0 };
    }
    const R_HI: f64 = std::f64::consts::FRAC_1_SQRT_2;
    const R_LO: f64 = -4.833646656726457e-17;
    let (a, lo) = two_prod(-x, R_HI);
    let da = lo + -x * R_LO;
    let c = libm::erfc(a) - da * FRAC_2_SQRT_PI * (-a * a).exp();
    0.5 * x * c
}

/// `x sigmoid(v)`, `v = 2 sqrt(2/pi) (x + 0.044715 x^3)` carried as `v + dv`; that equals
/// `0.5 x (1 + tanh(v/2))`. `gelu_tanh(-inf)` is taken as its limit, -0.
pub fn gelu_tanh(x: f64) -> f64 {
    const A: (f64, f64) = (1.5957691216057308, -9.96930880911092e-17);
    const B: (f64, f64) = (0.07135481627260025, -6.175149918155315e-19);
    if x.abs() > 1e10 || x.is_nan() {
        // x, 0 * x or NaN: the limits, without the overflow of x^3.
        return if x < 0.0 { -0.0 } else { x };
    }
    let (s, ds) = two_prod(x, x);
    let (p, dp) = two_prod(B.0, s);
    let t = A.0 + p;
    let pp = t - A.0;
    let dt = ((A.0 - (t - pp)) + (p - pp)) + dp + A.1 + B.1 * s + B.0 * ds; // two_sum
    let (v, dv0) = two_prod(x, t);
    let dv = dv0 + x * dt;
    // e = exp(-|v + dv|)
    let (m, dm) = if v < 0.0 { (v, dv) } else { (-v, -dv) };
    let e = m.exp() * (1.0 + dm);
    let num = if v < 0.0 { e } else { 1.0 };
    x * (num / (1.0 + e))
}

/// `2^k` for `k` in `[-1074, 1023]`, exactly.
fn pow2(k: i32) -> f64 {
    if k >= -1022 {
        f64::from_bits(((k + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (k + 1074))
    }
}

/// The exponent of `want` (that of a normal f64; subnormals count as -1023).
fn exponent(want: f64) -> i32 {
    ((want.to_bits() >> 52) & 0x7ff) as i32 - 1023
}

/// The ulp of an f32 at the real value `want`.
pub fn ulp32(want: f64) -> f64 {
    pow2(exponent(want).max(-126) - 23)
}

/// The ulp of an f64 at `want`.
pub fn ulp64(want: f64) -> f64 {
    pow2(exponent(want).max(-1022) - 52)
}

/// How one result compares with the reference.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Verdict {
    /// Error in ulp of the result.
    Ulp(f64),
    /// Absolute error (in the small-result region of `abs_below`).
    Abs(f64),
    /// A special case (NaN, infinity in or out): whether the result matched exactly.
    Special(bool),
}

/// Compares an f32 result with the reference at `x`.
pub fn check32(case: &Case, x: f32, got: f32) -> Verdict {
    let want = (case.reference)(f64::from(x));
    if want.is_nan() || got.is_nan() {
        return Verdict::Special(want.is_nan() && got.is_nan());
    }
    let want32 = want as f32;
    if !x.is_finite() || want32.is_infinite() {
        return Verdict::Special(got == want32);
    }
    if let Some((threshold, _, _)) = case.abs_below
        && want.abs() <= threshold
    {
        return Verdict::Abs((f64::from(got) - want).abs());
    }
    Verdict::Ulp((f64::from(got) - want).abs() / ulp32(want))
}

/// Compares an f64 result with the reference at `x`.
pub fn check64(case: &Case, x: f64, got: f64) -> Verdict {
    let want = (case.reference)(x);
    if want.is_nan() || got.is_nan() {
        return Verdict::Special(want.is_nan() && got.is_nan());
    }
    if !x.is_finite() || want.is_infinite() {
        return Verdict::Special(got == want);
    }
    if let Some((threshold, _, _)) = case.abs_below
        && want.abs() <= threshold
    {
        return Verdict::Abs((got - want).abs());
    }
    if got.is_infinite() {
        return Verdict::Ulp(f64::INFINITY);
    }
    Verdict::Ulp((got - want).abs() / ulp64(want))
}

/// Whether a verdict is within the case's bounds (`wide`: f64 function).
pub fn within(case: &Case, v: Verdict, wide: bool) -> bool {
    let (ulp, abs) = match (wide, case.abs_below) {
        (false, Some((_, a, _))) => (case.bound32, a),
        (true, Some((_, _, a))) => (case.bound64, a),
        (false, None) => (case.bound32, 0.0),
        (true, None) => (case.bound64, 0.0),
    };
    match v {
        Verdict::Ulp(u) => u <= ulp,
        Verdict::Abs(a) => a <= abs,
        Verdict::Special(ok) => ok,
    }
}

/// splitmix64: a small, fast generator for sampling inputs.
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `[lo, hi)`.
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        let u = (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
        lo + (hi - lo) * u
    }
}

/// The worst error of the case's f64 function on the 50-digit vectors: `(max ulp, at x,
/// max absolute error in the `abs_below` region)`; zeros for a function without an f64
/// version.
pub fn against_vectors64(case: &Case) -> (f64, f64, f64) {
    let (mut worst, mut at, mut abs) = (0.0f64, 0.0, 0.0f64);
    let Some(f) = case.f64 else {
        return (worst, at, abs);
    };
    for &(name, x, hi, lo) in VECTORS64 {
        if name != case.name {
            continue;
        }
        let got = f(x);
        let err = ((got - hi) - lo).abs();
        match case.abs_below {
            Some((threshold, _, _)) if hi.abs() <= threshold => abs = abs.max(err),
            _ => {
                let u = err / ulp64(hi);
                if u > worst {
                    (worst, at) = (u, x);
                }
            }
        }
    }
    (worst, at, abs)
}
