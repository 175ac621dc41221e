//! Accuracy and special values of `hologram::math`, f32 and f64: 10^6 sampled inputs per
//! function and width, spread over the whole domain, over [-10, 10] and near 0 (including
//! subnormals), held to the bounds each function documents. The exhaustive f32 check is
//! `cargo run --release --example accuracy` (see `ACCURACY.md`).

mod math_reference;

use hologram_runtime::math;
use math_reference::{Case, SplitMix, Verdict, cases, check32, check64, within};

const SAMPLES: usize = 1_000_000;

/// f32 inputs: a third random finite bit patterns, a third uniform in [-10, 10], a third
/// near 0 (|x| < 1e-3, one in eight of those subnormal).
fn inputs32(seed: u64) -> Vec<f32> {
    let mut rng = SplitMix(seed);
    (0..SAMPLES)
        .map(|i| match i % 3 {
            0 => {
                let x = f32::from_bits(rng.next_u64() as u32);
                if x.is_finite() { x } else { 1.5 }
            }
            1 => rng.uniform(-10.0, 10.0) as f32,
            _ if i % 24 == 2 => f32::from_bits((rng.next_u64() as u32) & 0x807f_ffff),
            _ => rng.uniform(-1e-3, 1e-3) as f32,
        })
        .collect()
}

/// The same spread for f64.
fn inputs64(seed: u64) -> Vec<f64> {
    let mut rng = SplitMix(seed);
    (0..SAMPLES)
        .map(|i| match i % 3 {
            0 => {
                let x = f64::from_bits(rng.next_u64());
                if x.is_finite() { x } else { 1.5 }
            }
            1 => rng.uniform(-10.0, 10.0),
            _ if i % 24 == 2 => f64::from_bits(rng.next_u64() & 0x800f_ffff_ffff_ffff),
            _ => rng.uniform(-1e-3, 1e-3),
        })
        .collect()
}

/// Every input within the case's bounds; on failure, the worst few.
fn assert_within(case: &Case, wide: bool, results: impl Iterator<Item = (f64, Verdict)>) {
    let mut bad: Vec<(f64, Verdict)> = results.filter(|&(_, v)| !within(case, v, wide)).collect();
    let n = bad.len();
    bad.truncate(5);
    assert!(
        n == 0,
        "{} ({}): {n} inputs out of bounds, e.g. {bad:?}",
        case.name,
        if wide { "f64" } else { "f32" }
    );
}

#[test]
fn f32_functions_hold_their_bounds_on_sampled_inputs() {
    for (k, case) in cases().iter().enumerate() {
        let xs = inputs32(0x1234 + k as u64);
        let ys: Vec<f32> = xs.iter().map(|&x| (case.f32)(x)).collect();
        assert_within(
            case,
            false,
            xs.iter()
                .zip(&ys)
                .map(|(&x, &y)| (f64::from(x), check32(case, x, y))),
        );
    }
}

#[test]
fn f64_functions_hold_their_bounds_on_sampled_inputs() {
    for (k, case) in cases().iter().enumerate() {
        let Some(f) = case.f64 else { continue };
        let xs = inputs64(0x9876 + k as u64);
        assert_within(case, true, xs.iter().map(|&x| (x, check64(case, x, f(x)))));
    }
}

/// The listed special inputs give exactly the listed outputs (NaN as NaN; zeros with sign).
fn assert_specials32(name: &str, f: fn(f32) -> f32, table: &[(f32, f32)]) {
    for &(x, want) in table {
        let got = f(x);
        let same = (got.is_nan() && want.is_nan())
            || (got == want && got.is_sign_negative() == want.is_sign_negative());
        assert!(same, "{name}({x:e}) = {got:e}, want {want:e}");
    }
}

fn assert_specials64(name: &str, f: fn(f64) -> f64, table: &[(f64, f64)]) {
    for &(x, want) in table {
        let got = f(x);
        let same = (got.is_nan() && want.is_nan())
            || (got == want && got.is_sign_negative() == want.is_sign_negative());
        assert!(same, "{name}({x:e}) = {got:e}, want {want:e}");
    }
}

macro_rules! specials {
    ($assert:ident, $m:path, $t:ident) => {{
        use $m as m;
        let (inf, nan) = ($t::INFINITY, $t::NAN);
        $assert(
            "exp",
            m::exp,
            &[
                (nan, nan),
                (inf, inf),
                (-inf, 0.0),
                (0.0, 1.0),
                (-0.0, 1.0),
                (1000.0, inf),
                (-1000.0, 0.0),
            ],
        );
        $assert(
            "ln",
            m::ln,
            &[
                (nan, nan),
                (inf, inf),
                (-inf, nan),
                (0.0, -inf),
                (-0.0, -inf),
                (-1.0, nan),
                (1.0, 0.0),
            ],
        );
        $assert(
            "tanh",
            m::tanh,
            &[
                (nan, nan),
                (inf, 1.0),
                (-inf, -1.0),
                (0.0, 0.0),
                (-0.0, -0.0),
                (30.0, 1.0),
                (-30.0, -1.0),
            ],
        );
        $assert(
            "sigmoid",
            m::sigmoid,
            &[
                (nan, nan),
                (inf, 1.0),
                (-inf, 0.0),
                (0.0, 0.5),
                (-0.0, 0.5),
                (1000.0, 1.0),
                (-1000.0, 0.0),
            ],
        );
        $assert(
            "erf",
            m::erf,
            &[
                (nan, nan),
                (inf, 1.0),
                (-inf, -1.0),
                (0.0, 0.0),
                (-0.0, -0.0),
                (10.0, 1.0),
                (-10.0, -1.0),
            ],
        );
        $assert(
            "gelu",
            m::gelu,
            &[
                (nan, nan),
                (inf, inf),
                (-inf, -0.0),
                (0.0, 0.0),
                (-0.0, -0.0),
                (-1000.0, -0.0),
                (1000.0, 1000.0),
            ],
        );
        $assert(
            "gelu_tanh",
            m::gelu_tanh,
            &[
                (nan, nan),
                (inf, inf),
                (-inf, -0.0),
                (0.0, 0.0),
                (-0.0, -0.0),
                (-1000.0, -0.0),
                (1000.0, 1000.0),
            ],
        );
    }};
}

#[test]
fn special_values_follow_libm() {
    specials!(assert_specials32, hologram_runtime::math, f32);
    specials!(assert_specials64, hologram_runtime::math::f64, f64);
}

#[test]
fn tiny_inputs_pass_through() {
    for x in [
        1e-30f32,
        -1e-30,
        f32::from_bits(1),
        -f32::from_bits(1),
        1e-40,
    ] {
        assert_eq!(math::tanh(x), x);
        assert_eq!(math::gelu(x), 0.5 * x);
        assert_eq!(math::gelu_tanh(x), 0.5 * x);
    }
    for x in [1e-300f64, -1e-300, f64::from_bits(1)] {
        assert_eq!(math::f64::tanh(x), x);
    }
}

#[test]
fn exp_underflows_through_subnormals() {
    // e^-100 = 3.72e-44, a subnormal f32: within 2 ulp of 2^-149.
    let want = (-100f64).exp();
    let got = f64::from(math::exp(-100.0));
    assert!(
        got > 0.0 && (got - want).abs() <= 2.0 * 2f64.powi(-149),
        "{got:e} vs {want:e}"
    );
    // and e^-103.9 is the smallest subnormal, e^-104 rounds to 0.
    assert_eq!(math::exp(-103.9), f32::from_bits(1));
    assert_eq!(math::exp(-104.0), 0.0);
    let got = math::f64::exp(-740.0);
    assert!(got > 0.0 && (got - (-740f64).exp()).abs() <= 2.0 * f64::from_bits(1));
}

#[test]
fn ln_of_subnormals_is_accurate() {
    for bits in [1u32, 2, 3, 0x10_0000, 0x7f_ffff] {
        let x = f32::from_bits(bits);
        let want = f64::from(x).ln();
        let got = f64::from(math::ln(x));
        assert!(
            (got - want).abs() <= 2.0 * math_reference::ulp32(want),
            "ln({x:e}) = {got} vs {want}"
        );
    }
    let x = f64::from_bits(1);
    assert_eq!(math::f64::ln(x), x.ln());
}

#[test]
fn gelu_known_values() {
    // 0.5 (1 + erf(1/sqrt 2)) = Phi(1) = 0.841344746...
    assert!((math::gelu(1.0) - 0.841_344_7).abs() <= 6e-8);
    assert!((math::f64::gelu(1.0) - 0.841_344_746_068_542_9).abs() <= 2e-16);
    assert!((math::gelu(-1.0) + 0.158_655_26).abs() <= 2e-8);
    assert!((math::gelu(2.0) - 1.954_5).abs() <= 1e-4);
}

#[test]
fn gelu_tanh_known_values_and_not_the_old_formula() {
    // 0.5 (1 + tanh(sqrt(2/pi) (1 + 0.044715))) = 0.841191990...
    assert!((math::gelu_tanh(1.0) - 0.841_192).abs() <= 6e-8);
    assert!((math::f64::gelu_tanh(1.0) - 0.841_191_990_608_276_8).abs() <= 2e-16);
    // The old system computed 0.5 x (1 + tanh(x / sqrt 2)): 0.8044 at 1. Both functions
    // must be far from it.
    let wrong = |x: f32| 0.5 * x * (1.0 + (x * core::f32::consts::FRAC_1_SQRT_2).tanh());
    assert!((wrong(1.0) - 0.804_4).abs() < 1e-3);
    for x in [0.5f32, 1.0, 2.0, -1.0] {
        assert!((math::gelu_tanh(x) - wrong(x)).abs() > 1e-2, "{x}");
        assert!((math::gelu(x) - wrong(x)).abs() > 1e-2, "{x}");
    }
    // gelu_tanh approximates gelu to about 1e-3 (not exactly).
    for x in [-3.0f32, -1.0, 0.5, 1.0, 3.0] {
        assert!((math::gelu_tanh(x) - math::gelu(x)).abs() < 1e-3);
    }
    assert!((math::gelu_tanh(1.0) - math::gelu(1.0)).abs() > 1e-4);
}

#[test]
fn f64_functions_hold_their_bounds_against_50_digit_values() {
    for case in cases() {
        let (ulp, at, abs) = math_reference::against_vectors64(&case);
        assert!(ulp <= case.true64, "{}: {ulp} ulp at {at:e}", case.name);
        if let Some((_, _, bound)) = case.abs_below {
            assert!(abs <= bound, "{}: {abs:e} absolute", case.name);
        }
    }
}

#[test]
fn trig_special_values_follow_libm() {
    let (inf, nan) = (f32::INFINITY, f32::NAN);
    let tiny = [f32::from_bits(1), 1e-40, 1e-30, f32::MIN_POSITIVE, 1e-10];
    let mut sin_table = vec![
        (nan, nan),
        (inf, nan),
        (-inf, nan),
        (0.0, 0.0),
        (-0.0, -0.0),
    ];
    sin_table.extend(tiny.iter().flat_map(|&t| [(t, t), (-t, -t)]));
    assert_specials32("sin", math::sin, &sin_table);
    assert_specials32("tan", math::tan, &sin_table);
    assert_specials32("sin_cos.0", |x| math::sin_cos(x).0, &sin_table);
    let mut cos_table = vec![(nan, nan), (inf, nan), (-inf, nan), (0.0, 1.0), (-0.0, 1.0)];
    cos_table.extend(tiny.iter().flat_map(|&t| [(t, 1.0), (-t, 1.0)]));
    assert_specials32("cos", math::cos, &cos_table);
    assert_specials32("sin_cos.1", |x| math::sin_cos(x).1, &cos_table);
}

/// Arguments where a reduction with too few bits of pi/2 goes wrong: every power of two,
/// the largest f32s, and the f32s nearest to multiples of pi/2 from 1 to 2^20 (where the
/// remainder is smallest relative to the argument).
fn hard_trig_arguments() -> Vec<f32> {
    let mut xs: Vec<f32> = (-149..=127).map(|e| 2f64.powi(e) as f32).collect();
    xs.extend((0..64).map(|i| f32::from_bits(f32::MAX.to_bits() - i)));
    let mut k = 1.0f64;
    while k < 1_048_576.0 {
        let near = (k * std::f64::consts::FRAC_PI_2) as f32;
        xs.extend([
            near,
            f32::from_bits(near.to_bits() + 1),
            f32::from_bits(near.to_bits() - 1),
        ]);
        k = (k * 1.37).ceil();
    }
    let negated: Vec<f32> = xs.iter().map(|&x| -x).collect();
    xs.extend(negated);
    xs
}

#[test]
fn trig_holds_its_bound_on_huge_and_near_multiple_of_pi_2_arguments() {
    let xs = hard_trig_arguments();
    for case in cases()
        .iter()
        .filter(|c| ["sin", "cos", "tan"].contains(&c.name) || c.name.starts_with("sin_cos"))
    {
        assert_within(
            case,
            false,
            xs.iter()
                .map(|&x| (f64::from(x), check32(case, x, (case.f32)(x)))),
        );
    }
}

#[test]
fn sin_cos_is_sin_and_cos() {
    for x in inputs32(0x5c).into_iter().chain(hard_trig_arguments()) {
        let (s, c) = math::sin_cos(x);
        assert_eq!(s.to_bits(), math::sin(x).to_bits(), "sin({x:e})");
        assert_eq!(c.to_bits(), math::cos(x).to_bits(), "cos({x:e})");
    }
}

#[test]
fn exp_log_special_values_follow_libm() {
    let (inf, nan) = (f32::INFINITY, f32::NAN);
    let sub = f32::from_bits(1);
    assert_specials32(
        "exp2",
        math::exp2,
        &[
            (nan, nan),
            (inf, inf),
            (-inf, 0.0),
            (0.0, 1.0),
            (-0.0, 1.0),
            (128.0, inf),
            (127.0, 2f32.powi(127)),
            (-149.0, sub),
            (-150.0, 0.0),
            (-1000.0, 0.0),
            (1e30, inf),
        ],
    );
    assert_specials32(
        "exp_m1",
        math::exp_m1,
        &[
            (nan, nan),
            (inf, inf),
            (-inf, -1.0),
            (0.0, 0.0),
            (-0.0, -0.0),
            (sub, sub),
            (-sub, -sub),
            (1e-30, 1e-30),
            (100.0, inf),
            (-100.0, -1.0),
        ],
    );
    for (name, f) in [
        ("log2", math::log2 as fn(f32) -> f32),
        ("log10", math::log10),
    ] {
        assert_specials32(
            name,
            f,
            &[
                (nan, nan),
                (inf, inf),
                (-inf, nan),
                (0.0, -inf),
                (-0.0, -inf),
                (-1.0, nan),
                (-sub, nan),
                (1.0, 0.0),
            ],
        );
    }
    assert_specials32(
        "ln_1p",
        math::ln_1p,
        &[
            (nan, nan),
            (inf, inf),
            (-inf, nan),
            (0.0, 0.0),
            (-0.0, -0.0),
            (sub, sub),
            (-sub, -sub),
            (-1.0, -inf),
            (-2.0, nan),
        ],
    );
}

#[test]
fn exact_powers_give_exact_results() {
    for k in -149..128 {
        let p = 2f64.powi(k) as f32;
        assert_eq!(math::exp2(k as f32), p, "exp2({k})");
        assert_eq!(math::log2(p), k as f32, "log2(2^{k})");
    }
    for k in 0..=10 {
        let p = 10f32.powi(k);
        assert_eq!(math::log10(p), k as f32, "log10(1e{k})");
    }
}

#[test]
fn hyperbolic_and_inverse_trig_special_values_follow_libm() {
    use core::f32::consts::{FRAC_PI_2, PI};
    let (inf, nan) = (f32::INFINITY, f32::NAN);
    let sub = f32::from_bits(1);
    // Odd functions: ±0, ±subnormal and tiny x give x.
    let odd = |extra: &[(f32, f32)]| {
        let mut t = vec![
            (nan, nan),
            (0.0, 0.0),
            (-0.0, -0.0),
            (sub, sub),
            (-sub, -sub),
        ];
        t.extend([(1e-30, 1e-30), (-1e-30, -1e-30)]);
        t.extend_from_slice(extra);
        t
    };
    assert_specials32(
        "sinh",
        math::sinh,
        &odd(&[(inf, inf), (-inf, -inf), (100.0, inf), (-100.0, -inf)]),
    );
    assert_specials32("asinh", math::asinh, &odd(&[(inf, inf), (-inf, -inf)]));
    assert_specials32(
        "atanh",
        math::atanh,
        &odd(&[(1.0, inf), (-1.0, -inf), (1.5, nan), (-inf, nan)]),
    );
    assert_specials32(
        "atan",
        math::atan,
        &odd(&[(inf, FRAC_PI_2), (-inf, -FRAC_PI_2)]),
    );
    assert_specials32(
        "asin",
        math::asin,
        &odd(&[
            (1.0, FRAC_PI_2),
            (-1.0, -FRAC_PI_2),
            (1.0001, nan),
            (inf, nan),
        ]),
    );
    assert_specials32(
        "cosh",
        math::cosh,
        &[
            (nan, nan),
            (0.0, 1.0),
            (-0.0, 1.0),
            (inf, inf),
            (-inf, inf),
            (100.0, inf),
            (sub, 1.0),
        ],
    );
    assert_specials32(
        "acosh",
        math::acosh,
        &[
            (nan, nan),
            (1.0, 0.0),
            (inf, inf),
            (0.5, nan),
            (0.0, nan),
            (-1.0, nan),
            (-2.0, nan),
            (-1e30, nan),
            (-inf, nan),
        ],
    );
    assert_specials32(
        "acos",
        math::acos,
        &[
            (nan, nan),
            (1.0, 0.0),
            (-1.0, PI),
            (0.0, FRAC_PI_2),
            (-0.0, FRAC_PI_2),
            (1.5, nan),
            (-inf, nan),
        ],
    );
}

/// C99 Annex F's table for atan2, entry by entry (F.10.1.4), with finite `y > 0` and
/// finite `x > 0` represented by several values each.
#[test]
fn atan2_follows_annex_f() {
    use core::f32::consts::{FRAC_PI_2, FRAC_PI_4, PI};
    let (inf, nan) = (f32::INFINITY, f32::NAN);
    let same =
        |got: f32, want: f32| (got.is_nan() && want.is_nan()) || got.to_bits() == want.to_bits();
    let pos = [f32::from_bits(1), 1e-30, 0.5, 1.0, 3.0, 1e30, f32::MAX];
    let mut table: Vec<(f32, f32, f32)> = Vec::new();
    for s in [1.0f32, -1.0] {
        let z = 0.0f32.copysign(s);
        table.push((z, -0.0, PI.copysign(s)));
        table.push((z, 0.0, z));
        for &x in &pos {
            table.push((z, -x, PI.copysign(s)));
            table.push((z, x, z));
            table.push((s * x, -0.0, FRAC_PI_2.copysign(s)));
            table.push((s * x, 0.0, FRAC_PI_2.copysign(s)));
            table.push((s * x, -inf, PI.copysign(s)));
            table.push((s * x, inf, z));
            table.push((s * inf, x, FRAC_PI_2.copysign(s)));
            table.push((s * inf, -x, FRAC_PI_2.copysign(s)));
        }
        table.push((s * inf, -inf, (3.0 * FRAC_PI_4).copysign(s)));
        table.push((s * inf, inf, FRAC_PI_4.copysign(s)));
        for v in [0.0, -0.0, 1.0, -1.0, inf, -inf, nan] {
            table.push((nan, v, nan));
            table.push((v, nan, nan));
        }
    }
    for (y, x, want) in table {
        let got = math::atan2(y, x);
        assert!(
            same(got, want),
            "atan2({y:e}, {x:e}) = {got:e}, want {want:e}"
        );
        // std's atan2 (libm) agrees with the table too.
        assert!(same(y.atan2(x), want), "std atan2({y:e}, {x:e})");
    }
}

#[test]
fn atan2_holds_its_bound_on_sampled_pairs() {
    let mut rng = SplitMix(0xa7a2);
    let mut worst = (0.0f64, 0.0f32, 0.0f32);
    for i in 0..SAMPLES {
        let (y, x) = match i % 3 {
            0 => (
                f32::from_bits(rng.next_u64() as u32),
                f32::from_bits(rng.next_u64() as u32),
            ),
            1 => (
                rng.uniform(-10.0, 10.0) as f32,
                rng.uniform(-10.0, 10.0) as f32,
            ),
            // nearly parallel to an axis or a diagonal
            _ => {
                let x = rng.uniform(-10.0, 10.0) as f32;
                let y = f32::from_bits(x.to_bits() ^ (rng.next_u64() as u32 & 0x8000_00ff));
                if i % 2 == 0 { (y, x) } else { (y * 1e-20, x) }
            }
        };
        let got = math::atan2(y, x);
        let want = f64::from(y).atan2(f64::from(x));
        if want.is_nan() || got.is_nan() {
            assert!(
                want.is_nan() && got.is_nan(),
                "atan2({y:e}, {x:e}) = {got:e}"
            );
            continue;
        }
        let ulp = (f64::from(got) - want).abs() / math_reference::ulp32(want);
        if ulp > worst.0 {
            worst = (ulp, y, x);
        }
    }
    assert!(
        worst.0 <= 1.0,
        "atan2({:e}, {:e}): {} ulp",
        worst.1,
        worst.2,
        worst.0
    );
}

/// The error of a bivariate f32 function against its f64 reference, in ulp; `None` where
/// the reference or the result is NaN or infinite, and then both must be the same.
fn pair_ulp(f: fn(f32, f32) -> f32, reference: fn(f64, f64) -> f64, y: f32, x: f32) -> Option<f64> {
    let got = f(y, x);
    let want = reference(f64::from(y), f64::from(x));
    let want32 = want as f32;
    if want.is_nan() || got.is_nan() || want32.is_infinite() || got.is_infinite() {
        let same = (want.is_nan() && got.is_nan()) || got.to_bits() == want32.to_bits();
        assert!(same, "({y:e}, {x:e}): {got:e}, want {want:e}");
        return None;
    }
    Some((f64::from(got) - want).abs() / math_reference::ulp32(want))
}

#[test]
fn powf_and_hypot_hold_their_bounds_on_sampled_pairs() {
    let mut rng = SplitMix(0x90f);
    for (name, f, reference) in [
        (
            "powf",
            math::powf as fn(f32, f32) -> f32,
            f64::powf as fn(f64, f64) -> f64,
        ),
        ("hypot", math::hypot, f64::hypot),
    ] {
        for i in 0..SAMPLES {
            let (x, y) = match i % 3 {
                0 => (
                    f32::from_bits(rng.next_u64() as u32),
                    f32::from_bits(rng.next_u64() as u32),
                ),
                1 => (
                    rng.uniform(0.0, 4.0) as f32,
                    rng.uniform(-40.0, 40.0) as f32,
                ),
                _ => (
                    rng.uniform(-10.0, 10.0) as f32,
                    (rng.uniform(-20.0, 20.0) as f32).round(),
                ),
            };
            if let Some(u) = pair_ulp(f, reference, x, y) {
                assert!(u <= 1.0, "{name}({x:e}, {y:e}): {u} ulp");
            }
        }
    }
}

/// C99 Annex F's tables for pow (F.10.4.4) and hypot (F.10.4.3), and cbrt's specials.
#[test]
fn powf_hypot_cbrt_follow_annex_f() {
    let (inf, nan) = (f32::INFINITY, f32::NAN);
    let same =
        |got: f32, want: f32| (got.is_nan() && want.is_nan()) || got.to_bits() == want.to_bits();
    let any = [
        0.0f32, -0.0, 0.5, -0.5, 1.0, -1.0, 2.0, -2.0, 3.0, -3.0, 1e30, -1e30, inf, -inf, nan,
    ];
    let mut table: Vec<(f32, f32, f32)> = Vec::new();
    for &v in &any {
        table.extend([(v, 0.0, 1.0), (v, -0.0, 1.0), (1.0, v, 1.0)]);
    }
    for z in [0.0f32, -0.0] {
        table.extend([
            (z, -3.0, inf.copysign(z)),
            (z, -2.0, inf),
            (z, -0.5, inf),
            (z, -inf, inf),
        ]);
        table.extend([(z, 3.0, z), (z, 2.0, 0.0), (z, 0.5, 0.0), (z, inf, 0.0)]);
    }
    table.extend([(-1.0, inf, 1.0), (-1.0, -inf, 1.0)]);
    for x in [0.5f32, -0.5, f32::from_bits(1), -0.999_999_94] {
        table.extend([(x, -inf, inf), (x, inf, 0.0)]);
    }
    for x in [2.0f32, -2.0, 1.000_000_1, -1e30] {
        table.extend([(x, -inf, 0.0), (x, inf, inf)]);
    }
    table.extend([(-inf, -3.0, -0.0), (-inf, -2.0, 0.0), (-inf, -0.5, 0.0)]);
    table.extend([(-inf, 3.0, -inf), (-inf, 2.0, inf), (-inf, 0.5, inf)]);
    table.extend([
        (inf, -0.5, 0.0),
        (inf, -3.0, 0.0),
        (inf, 0.5, inf),
        (inf, 3.0, inf),
    ]);
    table.extend([(-2.0, 0.5, nan), (-1e-30, 1.5, nan), (-3.0, -2.5, nan)]);
    table.extend([(nan, 1.0, nan), (2.0, nan, nan), (-1.0, nan, nan)]);
    table.extend([
        (-2.0, 3.0, -8.0),
        (-2.0, -1.0, -0.5),
        (-10.0, 39.0, -inf),
        (-10.0, -47.0, -0.0),
    ]);
    table.extend([
        (-1.0, 1e30, 1.0),
        (-1.0, 16_777_217.0, 1.0),
        (-1.0, 16_777_215.0, -1.0),
    ]);
    for (x, y, want) in table {
        let got = math::powf(x, y);
        assert!(
            same(got, want),
            "powf({x:e}, {y:e}) = {got:e}, want {want:e}"
        );
        assert!(same(x.powf(y), want), "std powf({x:e}, {y:e})");
    }
    for &v in &any {
        for (x, y) in [(inf, v), (-inf, v), (v, inf), (v, -inf)] {
            assert!(same(math::hypot(x, y), inf), "hypot({x:e}, {y:e})");
        }
        if v.is_finite() {
            assert!(same(math::hypot(v, 0.0), v.abs()) && same(math::hypot(-0.0, v), v.abs()));
        }
    }
    assert!(math::hypot(nan, 1.0).is_nan() && math::hypot(0.0, nan).is_nan());
    for (x, want) in [
        (nan, nan),
        (inf, inf),
        (-inf, -inf),
        (0.0, 0.0),
        (-0.0, -0.0),
        (8.0, 2.0),
        (-27.0, -3.0),
        (f32::from_bits(4), 2f32.powi(-49)),
    ] {
        assert!(
            same(math::cbrt(x), want),
            "cbrt({x:e}) = {:e}",
            math::cbrt(x)
        );
    }
}
