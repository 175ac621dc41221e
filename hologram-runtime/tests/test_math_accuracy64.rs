//! The f64 functions of the complete math library (`hologram::math::f64::{sin, ..., hypot}`)
//! beyond what `test_math_accuracy.rs` checks through `cases()`: the two-argument ones on
//! sampled pairs and their 50-digit vectors, special values against std (which follows
//! libm and C99 Annex F), and exactness where the result is exact.

mod math_reference;

use hologram_runtime::math::f64 as d;
use math_reference::{BOUND_VS_STD, SplitMix, against_pair_vectors64, pair_cases, ulp64};

/// Inputs that exercise special cases: zeros, infinities, NaN, the extremes, ±1, ±2 and a
/// few ordinary values.
const SPECIALS: [f64; 20] = [
    0.0,
    -0.0,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
    f64::MAX,
    -f64::MAX,
    f64::MIN_POSITIVE,
    5e-324,
    -5e-324,
    1.0,
    -1.0,
    2.0,
    -2.0,
    0.5,
    -0.5,
    3.0,
    -3.0,
    1e-300,
    1e300,
];

/// NaN as NaN; zeros with their sign; otherwise equal bits.
fn same(got: f64, want: f64) -> bool {
    (got.is_nan() && want.is_nan()) || got.to_bits() == want.to_bits()
}

/// Whether the value is one a special-value rule produces: NaN, an infinity or a zero.
fn special(v: f64) -> bool {
    v.is_nan() || v.is_infinite() || v == 0.0
}

type Unary = (&'static str, fn(f64) -> f64, fn(f64) -> f64);

fn unary() -> Vec<Unary> {
    vec![
        ("sin", d::sin, f64::sin),
        ("cos", d::cos, f64::cos),
        ("tan", d::tan, f64::tan),
        ("sin_cos.0", |x| d::sin_cos(x).0, f64::sin),
        ("sin_cos.1", |x| d::sin_cos(x).1, f64::cos),
        ("asin", d::asin, f64::asin),
        ("acos", d::acos, f64::acos),
        ("atan", d::atan, f64::atan),
        ("sinh", d::sinh, f64::sinh),
        ("cosh", d::cosh, f64::cosh),
        ("asinh", d::asinh, math_reference::asinh),
        ("acosh", d::acosh, math_reference::acosh),
        ("atanh", d::atanh, f64::atanh),
        ("exp2", d::exp2, f64::exp2),
        ("exp_m1", d::exp_m1, f64::exp_m1),
        ("log2", d::log2, f64::log2),
        ("log10", d::log10, f64::log10),
        ("ln_1p", d::ln_1p, f64::ln_1p),
        ("cbrt", d::cbrt, f64::cbrt),
    ]
}

#[test]
fn special_values_are_std_s() {
    for (name, f, reference) in unary() {
        for x in SPECIALS {
            let (got, want) = (f(x), reference(x));
            if special(x) || special(want) {
                assert!(
                    same(got, want),
                    "{name}({x:e}) = {got:e}, std gives {want:e}"
                );
            }
        }
    }
    for (name, _, f, reference, _) in pair_cases() {
        for x in SPECIALS {
            for y in SPECIALS {
                let (got, want) = (f(x, y), reference(x, y));
                if special(x) || special(y) || special(want) {
                    assert!(
                        same(got, want),
                        "{name}({x:e}, {y:e}) = {got:e}, std gives {want:e}"
                    );
                }
            }
        }
    }
}

#[test]
fn powf_by_integers_and_negative_bases() {
    for (x, y, want) in [
        (-2.0, 3.0, -8.0),
        (-2.0, -1.0, -0.5),
        (-10.0, 309.0, f64::NEG_INFINITY),
        (-10.0, -325.0, -0.0),
        (-1.0, 1e300, 1.0),
        (-1.0, 9_007_199_254_740_993.0, 1.0),
        (-1.0, 9_007_199_254_740_991.0, -1.0),
        (-2.0, 0.5, f64::NAN),
        (2.0, 1023.0, 2f64.powi(1023)),
        (2.0, -1074.0, 5e-324),
        (10.0, 22.0, 1e22),
    ] {
        let got = d::powf(x, y);
        assert!(
            same(got, want),
            "powf({x:e}, {y:e}) = {got:e}, want {want:e}"
        );
    }
}

#[test]
fn exact_results_are_exact() {
    for k in -1074..=1023 {
        let p = 2f64.powi(k.max(-1022)) * if k < -1022 { 2f64.powi(k + 1022) } else { 1.0 };
        assert_eq!(d::exp2(f64::from(k)), p, "exp2({k})");
        assert_eq!(d::log2(p), f64::from(k), "log2(2^{k})");
    }
    for n in 0..=22 {
        assert_eq!(d::log10(10f64.powi(n)), f64::from(n), "log10(1e{n})");
    }
    for n in 1..=100_000i32 {
        let c = f64::from(n).powi(3);
        assert_eq!(d::cbrt(c), f64::from(n), "cbrt({c})");
        assert_eq!(d::cbrt(-c), -f64::from(n), "cbrt(-{c})");
    }
    assert_eq!(d::hypot(3.0, 4.0), 5.0);
    assert_eq!(d::hypot(3e300, 4e300), 5e300);
    assert_eq!(d::hypot(3e-320, 4e-320), 5e-320);
}

#[test]
fn pairs_hold_their_bound_against_50_digit_values() {
    for (name, _, f, _, _) in pair_cases() {
        let (ulp, (x, y)) = against_pair_vectors64(name, f);
        assert!(ulp <= 1.0, "{name}: {ulp} ulp at ({x:e}, {y:e})");
    }
}

#[test]
fn pairs_hold_their_bound_against_std_on_sampled_pairs() {
    let mut rng = SplitMix(0x64_0a1);
    for (name, _, f, reference, _) in pair_cases() {
        for i in 0..300_000 {
            let (x, y) = match i % 3 {
                0 => (rng.uniform(-10.0, 10.0), rng.uniform(-10.0, 10.0)),
                1 => (
                    f64::from_bits(rng.next_u64()),
                    f64::from_bits(rng.next_u64()),
                ),
                // powf's usual range: positive bases, results far from overflow.
                _ => {
                    let x = 2f64.powf(rng.uniform(-30.0, 30.0));
                    (x, rng.uniform(-700.0, 700.0) / x.ln().abs().max(1.0))
                }
            };
            let (got, want) = (f(x, y), reference(x, y));
            if special(want) || special(got) || want.is_subnormal() {
                assert!(
                    same(got, want) || (got - want).abs() <= 5e-324,
                    "{name}({x:e}, {y:e}) = {got:e}, std {want:e}"
                );
                continue;
            }
            let u = (got - want).abs() / ulp64(want);
            assert!(
                u <= BOUND_VS_STD,
                "{name}({x:e}, {y:e}) = {got:e}, std {want:e}: {u} ulp"
            );
        }
    }
}
