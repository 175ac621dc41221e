//! The stdlib kernels over `hologram::math` (`ln`, `sin`, `cos`, `sin_cos`, `tan`, `exp2`,
//! `exp_m1`, `log2`, `log10`, `ln_1p`, the hyperbolic and inverse trigonometric ones,
//! `cbrt`, the two-input `atan2`, `powf` and `hypot`, and `f64::ln`): by name and inline, they give the bits of the math function element by
//! element, on ordinary, special, subnormal and huge inputs.

use hologram::{AnySlice, AnySliceMut, Registry, math, stdlib};

/// Inputs of every kind: a spread over [-50, 50], specials, subnormals, huge values.
fn inputs() -> Vec<f32> {
    let mut xs: Vec<f32> = (0..2000).map(|i| i as f32 * 0.05 - 50.0).collect();
    xs.extend([
        f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        0.0,
        -0.0,
        f32::from_bits(1),
        -f32::MIN_POSITIVE,
        1e10,
        -3e25,
        1e38,
        f32::MAX,
        f32::MIN,
    ]);
    xs
}

fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
}

/// Runs the one-input kernel `name` by name on `xs`, with `outputs` outputs.
fn by_name(reg: &Registry, name: &str, xs: &[f32], outputs: usize) -> Vec<Vec<f32>> {
    let mut outs = vec![vec![0.0f32; xs.len()]; outputs];
    let mut views: Vec<AnySliceMut> = outs
        .iter_mut()
        .map(|o| AnySliceMut::from(&mut o[..]))
        .collect();
    reg.get(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .run_slices(&[], &[AnySlice::from(xs)], &mut views)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    outs
}

#[test]
fn unary_math_kernels_match_their_functions_by_name_and_inline() {
    let reg = Registry::with_stdlib();
    let xs = inputs();
    type Inline = fn(&[f32], &mut [f32]) -> Result<(), hologram::Error>;
    type Case = (&'static str, fn(f32) -> f32, Inline);
    let table: [Case; 18] = [
        ("ln", math::ln, stdlib::ln::slices),
        ("sin", math::sin, stdlib::sin::slices),
        ("cos", math::cos, stdlib::cos::slices),
        ("tan", math::tan, stdlib::tan::slices),
        ("exp2", math::exp2, stdlib::exp2::slices),
        ("exp_m1", math::exp_m1, stdlib::exp_m1::slices),
        ("log2", math::log2, stdlib::log2::slices),
        ("log10", math::log10, stdlib::log10::slices),
        ("ln_1p", math::ln_1p, stdlib::ln_1p::slices),
        ("sinh", math::sinh, stdlib::sinh::slices),
        ("cosh", math::cosh, stdlib::cosh::slices),
        ("asinh", math::asinh, stdlib::asinh::slices),
        ("acosh", math::acosh, stdlib::acosh::slices),
        ("atanh", math::atanh, stdlib::atanh::slices),
        ("asin", math::asin, stdlib::asin::slices),
        ("acos", math::acos, stdlib::acos::slices),
        ("atan", math::atan, stdlib::atan::slices),
        ("cbrt", math::cbrt, stdlib::cbrt::slices),
    ];
    for (name, f, inline) in table {
        let want: Vec<f32> = xs.iter().map(|&x| f(x)).collect();
        let dynamic = by_name(&reg, name, &xs, 1);
        assert_eq!(bits(&dynamic[0]), bits(&want), "{name} by name");
        let mut out = vec![0.0f32; xs.len()];
        inline(&xs, &mut out).unwrap();
        assert_eq!(bits(&out), bits(&want), "{name} inline");
    }
}

#[test]
fn sin_cos_kernel_fills_both_outputs() {
    let reg = Registry::with_stdlib();
    let xs = inputs();
    let want_s: Vec<f32> = xs.iter().map(|&x| math::sin_cos(x).0).collect();
    let want_c: Vec<f32> = xs.iter().map(|&x| math::sin_cos(x).1).collect();
    let dynamic = by_name(&reg, "sin_cos", &xs, 2);
    assert_eq!(bits(&dynamic[0]), bits(&want_s));
    assert_eq!(bits(&dynamic[1]), bits(&want_c));
    let (mut s, mut c) = (vec![0.0f32; xs.len()], vec![0.0f32; xs.len()]);
    stdlib::sin_cos::slices(&xs, &mut s, &mut c).unwrap();
    assert_eq!((bits(&s), bits(&c)), (bits(&want_s), bits(&want_c)));
}

#[test]
fn f64_ln_kernel_matches_its_function() {
    let reg = Registry::with_stdlib();
    let xs: Vec<f64> = inputs().iter().map(|&x| f64::from(x)).collect();
    let mut out = vec![0.0f64; xs.len()];
    reg.get("f64::ln")
        .unwrap()
        .run_slices(
            &[],
            &[AnySlice::from(&xs[..])],
            &mut [AnySliceMut::from(&mut out[..])],
        )
        .unwrap();
    for (&x, &y) in xs.iter().zip(&out) {
        assert_eq!(y.to_bits(), math::f64::ln(x).to_bits(), "f64::ln({x:e})");
    }
}

#[test]
fn binary_math_kernels_take_their_inputs_in_order() {
    type Inline = fn(&[f32], &[f32], &mut [f32]) -> Result<(), hologram::Error>;
    type Case = (&'static str, fn(f32, f32) -> f32, Inline);
    let table: [Case; 3] = [
        ("atan2", math::atan2, stdlib::atan2::slices),
        ("powf", math::powf, stdlib::powf::slices),
        ("hypot", math::hypot, stdlib::hypot::slices),
    ];
    let reg = Registry::with_stdlib();
    let a = inputs();
    let b: Vec<f32> = a.iter().rev().copied().collect();
    for (name, f, inline) in table {
        let want: Vec<f32> = a.iter().zip(&b).map(|(&p, &q)| f(p, q)).collect();
        let mut out = vec![0.0f32; a.len()];
        reg.get(name)
            .unwrap()
            .run_slices(
                &[],
                &[AnySlice::from(&a[..]), AnySlice::from(&b[..])],
                &mut [AnySliceMut::from(&mut out[..])],
            )
            .unwrap();
        assert_eq!(bits(&out), bits(&want), "{name} by name");
        inline(&a, &b, &mut out).unwrap();
        assert_eq!(bits(&out), bits(&want), "{name} inline");
    }
    assert_eq!(math::atan2(1.0, 0.0), core::f32::consts::FRAC_PI_2);
    assert_eq!(math::powf(2.0, 3.0), 8.0);
}
