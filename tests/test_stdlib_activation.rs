//! The activation kernels of the stdlib (`exp, tanh, sigmoid, gelu, gelu_tanh`) are their
//! `hologram::math` functions applied element by element, through `slices`, `run` and the
//! registry, on values that include NaN, ±inf, ±0, subnormals and overflow.

use hologram::{Executor, Registry, math, stdlib};

fn inputs_f32() -> Vec<f32> {
    let mut x = vec![
        f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        0.0,
        -0.0,
        f32::MIN_POSITIVE / 8.0,
        -f32::MIN_POSITIVE / 8.0,
        88.8,
        -104.0,
        1e-8,
        -1e-8,
        1.0,
        -1.0,
    ];
    x.extend((0..3000).map(|i| (i as f32 - 1500.0) * 0.013));
    x
}

/// A kernel's name, its `slices`, and the math function it applies.
type Case32 = (
    &'static str,
    fn(&[f32], &mut [f32]) -> Result<(), hologram::Error>,
    fn(f32) -> f32,
);
/// The same for f64.
type Case64 = (
    &'static str,
    fn(&[f64], &mut [f64]) -> Result<(), hologram::Error>,
    fn(f64) -> f64,
);

fn same32(got: f32, want: f32) -> bool {
    got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan())
}

#[test]
fn f32_activations_are_their_math_functions() {
    let x = inputs_f32();
    let cases: [Case32; 5] = [
        ("exp", stdlib::exp::slices, math::exp),
        ("tanh", stdlib::tanh::slices, math::tanh),
        ("sigmoid", stdlib::sigmoid::slices, math::sigmoid),
        ("gelu", stdlib::gelu::slices, math::gelu),
        ("gelu_tanh", stdlib::gelu_tanh::slices, math::gelu_tanh),
    ];
    let reg = Registry::with_stdlib();
    let mut exec = Executor::with_classes(4, 1 << 16).expect("executor");
    let bx = exec.alloc_from(&x).expect("alloc");
    let bout = exec.alloc::<f32>(x.len()).expect("alloc");
    for (name, kernel, f) in cases {
        let mut out = vec![0.0f32; x.len()];
        kernel(&x, &mut out).expect(name);
        for (i, (&v, &got)) in x.iter().zip(&out).enumerate() {
            assert!(
                same32(got, f(v)),
                "{name}({v}) [{i}]: got {got}, want {}",
                f(v)
            );
        }
        let mut by_name = vec![0.0f32; x.len()];
        reg.get(name)
            .expect(name)
            .run_slices(&[], &[(&x).into()], &mut [(&mut by_name).into()])
            .expect(name);
        assert!(
            out.iter().zip(&by_name).all(|(&a, &b)| same32(a, b)),
            "{name}"
        );
        reg.get(name)
            .expect(name)
            .run(&mut exec, &[], &[bx.into()], &[bout.into()])
            .expect(name);
        let on_class = exec.read(bout).expect("read");
        assert!(
            out.iter().zip(on_class).all(|(&a, &b)| same32(a, b)),
            "{name}"
        );
    }
}

#[test]
fn f64_activations_are_their_math_functions() {
    let x: Vec<f64> = inputs_f32().iter().map(|&v| f64::from(v) * 1.7).collect();
    let cases: [Case64; 5] = [
        ("f64::exp", stdlib::f64::exp::slices, math::f64::exp),
        ("f64::tanh", stdlib::f64::tanh::slices, math::f64::tanh),
        (
            "f64::sigmoid",
            stdlib::f64::sigmoid::slices,
            math::f64::sigmoid,
        ),
        ("f64::gelu", stdlib::f64::gelu::slices, math::f64::gelu),
        (
            "f64::gelu_tanh",
            stdlib::f64::gelu_tanh::slices,
            math::f64::gelu_tanh,
        ),
    ];
    for (name, kernel, f) in cases {
        let mut out = vec![0.0f64; x.len()];
        kernel(&x, &mut out).expect(name);
        for (&v, &got) in x.iter().zip(&out) {
            let want = f(v);
            assert!(
                got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
                "{name}({v}): got {got}, want {want}"
            );
        }
    }
}

#[test]
fn known_values_and_special_cases() {
    let mut out = [0.0f32; 6];
    stdlib::gelu::slices(&[1.0, -1.0, 0.0, -0.0, f32::INFINITY, f32::NAN], &mut out).unwrap();
    assert!((out[0] - 0.841_344_7).abs() < 1e-7, "{out:?}");
    assert!((out[1] + 0.158_655_3).abs() < 1e-7, "{out:?}");
    assert_eq!((out[2], out[4]), (0.0, f32::INFINITY));
    assert!(out[5].is_nan());
    stdlib::gelu_tanh::slices(&[1.0, 0.0, 0.0, 0.0, 0.0, 0.0], &mut out).unwrap();
    assert!((out[0] - 0.841_192).abs() < 1e-7, "{out:?}");
    // The older system's formula, 0.5 x (1 + tanh(x / sqrt 2)), gives 0.8044 at 1.
    assert!((out[0] - 0.804_4).abs() > 0.03);
    stdlib::sigmoid::slices(
        &[f32::NEG_INFINITY, f32::INFINITY, 0.0, -200.0, 200.0, 2.0],
        &mut out,
    )
    .unwrap();
    assert_eq!(&out[..5], &[0.0, 1.0, 0.5, 0.0, 1.0]);
    stdlib::tanh::slices(
        &[f32::NEG_INFINITY, f32::INFINITY, -0.0, 0.0, 20.0, -20.0],
        &mut out,
    )
    .unwrap();
    assert_eq!(out, [-1.0, 1.0, -0.0, 0.0, 1.0, -1.0]);
    assert!(out[2].is_sign_negative());
    stdlib::exp::slices(
        &[89.0, -104.0, 0.0, -0.0, f32::NEG_INFINITY, -87.5],
        &mut out,
    )
    .unwrap();
    assert_eq!(&out[..5], &[f32::INFINITY, 0.0, 1.0, 1.0, 0.0]);
    assert!(
        out[5] > 0.0 && out[5] < f32::MIN_POSITIVE,
        "subnormal: {}",
        out[5]
    );
}
