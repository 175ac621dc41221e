//! The f64 functions of the complete math library (`hologram::math::f64::sin` ... `hypot`)
//! hold their stated bound, 1 ulp, on sampled inputs against glibc's long double functions
//! (`tests/support/ld_reference.rs`, built on x86-64 Linux with a C compiler; elsewhere this
//! test says so and checks nothing). `cargo run --release --example accuracy -- --f64-ld N`
//! runs the same check on many more samples (`ACCURACY.md`).

#[path = "../hologram-runtime/tests/math_reference/mod.rs"]
mod math_reference;

#[path = "support/ld_reference.rs"]
mod ld_reference;

use math_reference::{SplitMix, cases, pair_cases};

/// Samples per function: enough to meet each function's hard regions, few enough for a
/// debug build.
const SAMPLES: u64 = 200_000;

/// A quarter random bit patterns, a quarter uniform in [-40, 40], a quarter `±2^-u` for `u`
/// uniform in [0, 1074], a quarter `±2^u` for `u` uniform in [-60, 1024] or, for the
/// functions defined on [-1, 1] (and `acosh`, `ln_1p`), near the ends of the domain.
fn sample(rng: &mut SplitMix, name: &str, i: u64) -> f64 {
    let sign = if rng.next_u64() & 1 == 0 { 1.0 } else { -1.0 };
    let near_one = 1.0 - 2f64.powf(-rng.uniform(1.0, 53.0));
    match (i % 4, name) {
        (0, _) => f64::from_bits(rng.next_u64()),
        (1, _) => rng.uniform(-40.0, 40.0),
        (2, _) => sign * 2f64.powf(-rng.uniform(0.0, 1074.0)),
        (_, "asin" | "acos" | "atanh") => sign * near_one,
        (_, "acosh") => 1.0 + 2f64.powf(rng.uniform(-52.0, 10.0)),
        (_, "ln_1p") => -near_one,
        (_, "exp2") => rng.uniform(-1075.0, 1024.0),
        (_, "exp_m1" | "sinh" | "cosh") => rng.uniform(-720.0, 720.0),
        _ => sign * 2f64.powf(rng.uniform(-60.0, 1024.0)),
    }
}

#[test]
fn f64_functions_hold_one_ulp_against_long_double() {
    if !ld_reference::available() {
        eprintln!("no long double references on this target: nothing checked");
        return;
    }
    let mut checked = 0;
    for (k, case) in cases().into_iter().enumerate() {
        let (Some(f), Some(reference)) = (case.f64, ld_reference::unary(case.name)) else {
            continue;
        };
        if case.true64 != 1.0 || case.bound32 != 1.0 {
            continue; // exp, ln, tanh, ...: their own bounds, in test_math_accuracy.rs
        }
        let mut rng = SplitMix(0xf64 + k as u64);
        for i in 0..SAMPLES {
            let x = sample(&mut rng, case.name, i);
            let u = ld_reference::ulp_error(f(x), reference(x));
            assert!(u <= 1.0, "{}({x:e}) = {:e}: {u} ulp", case.name, f(x));
        }
        checked += 1;
    }
    for (name, _, f, _, _) in pair_cases() {
        let reference = ld_reference::binary(name).expect("a reference for every pair case");
        let mut rng = SplitMix(0x2f64);
        for i in 0..SAMPLES {
            let (x, y) = match i % 3 {
                0 => (
                    f64::from_bits(rng.next_u64()),
                    f64::from_bits(rng.next_u64()),
                ),
                1 => (rng.uniform(-10.0, 10.0), rng.uniform(-10.0, 10.0)),
                _ => {
                    let x = 2f64.powf(rng.uniform(-60.0, 60.0));
                    (x, rng.uniform(-700.0, 700.0) / x.ln().abs().max(1e-3))
                }
            };
            let u = ld_reference::ulp_error(f(x, y), reference(x, y));
            assert!(u <= 1.0, "{name}({x:e}, {y:e}) = {:e}: {u} ulp", f(x, y));
        }
        checked += 1;
    }
    assert_eq!(
        checked, 22,
        "every function of the complete library has a reference"
    );
}
