//! The stdlib reductions (`sum, max, min, dot, mean`) and the multi-pass kernels
//! (`softmax, log_softmax`) against f64 references, through `slices`, `run` and the C entry
//! point, in f32 and f64.

use hologram::abi::{CallArgs, RawElement, RawScalar, STATUS_OK};
use hologram::{Executor, Kernel, stdlib};
use proptest::prelude::*;

/// Calls an elementwise-shaped kernel's C entry point on one input and one output.
fn entry_map<T>(kernel: &Kernel, x: *const T, out: *mut T, len: usize) {
    let inputs = [x.cast::<core::ffi::c_void>()];
    let outputs = [out.cast::<core::ffi::c_void>()];
    let args = CallArgs {
        len,
        uniforms: core::ptr::null(),
        uniform_count: 0,
        inputs: inputs.as_ptr(),
        input_count: 1,
        outputs: outputs.as_ptr(),
        output_count: 1,
        result: core::ptr::null_mut(),
        message: core::ptr::null_mut(),
        message_capacity: 0,
        input_strides: core::ptr::null(),
        output_strides: core::ptr::null(),
        first_index: 0,
    };
    // SAFETY: `x` and `out` are valid for `len` elements of the kernel's type and are either
    // the same pointer or disjoint; nothing else touches them during the call.
    let status = unsafe { (kernel.entry())(&args) };
    assert_eq!(status, STATUS_OK);
}

/// Calls a one-input reduction's C entry point.
fn entry_reduce<T: RawElement>(kernel: &Kernel, x: &[T]) -> T {
    let inputs = [x.as_ptr().cast::<core::ffi::c_void>()];
    let mut result = RawScalar { bits: 0 };
    let args = CallArgs {
        len: x.len(),
        uniforms: core::ptr::null(),
        uniform_count: 0,
        inputs: inputs.as_ptr(),
        input_count: 1,
        outputs: core::ptr::null(),
        output_count: 0,
        result: &mut result,
        message: core::ptr::null_mut(),
        message_capacity: 0,
        input_strides: core::ptr::null(),
        output_strides: core::ptr::null(),
        first_index: 0,
    };
    // SAFETY: the input is valid for `len` elements and unchanged during the call; `result`
    // points to one writable value.
    let status = unsafe { (kernel.entry())(&args) };
    assert_eq!(status, STATUS_OK);
    // SAFETY: a successful reduction wrote the field of its result type, `T` here.
    unsafe { T::from_raw(result) }
}

fn values(len: usize, seed: u64, scale: f64) -> Vec<f64> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0) * scale
        })
        .collect()
}

fn softmax_ref(x: &[f64]) -> Vec<f64> {
    let m = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let s: f64 = x.iter().map(|v| (v - m).exp()).sum();
    x.iter().map(|v| (v - m).exp() / s).collect()
}

fn log_softmax_ref(x: &[f64]) -> Vec<f64> {
    let m = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let s: f64 = x.iter().map(|v| (v - m).exp()).sum();
    x.iter().map(|v| (v - m) - s.ln()).collect()
}

const LENGTHS: [usize; 9] = [1, 2, 15, 16, 17, 100, 3072, 3073, 70_000];

#[test]
fn softmax_is_stable_for_large_inputs() {
    let mut out = [0.0f32; 3];
    stdlib::softmax::slices(&[1000.0, 1000.0, -1000.0], &mut out).unwrap();
    assert_eq!(out, [0.5, 0.5, 0.0]);
    let mut out = [0.0f64; 3];
    stdlib::f64::softmax::slices(&[1000.0, 1000.0, -1000.0], &mut out).unwrap();
    assert_eq!(out, [0.5, 0.5, 0.0]);
    let mut out = [0.0f32; 3];
    stdlib::log_softmax::slices(&[1000.0, 1000.0, -1000.0], &mut out).unwrap();
    let ln2 = -core::f32::consts::LN_2;
    assert!(
        (out[0] - ln2).abs() < 1e-6 && (out[1] - ln2).abs() < 1e-6,
        "{out:?}"
    );
    assert!((out[2] - (-2000.0 + ln2)).abs() < 1e-3, "{out:?}");
}

#[test]
fn softmax_matches_an_f64_reference() {
    for (i, &len) in LENGTHS.iter().enumerate() {
        let x64 = values(len, i as u64, 20.0);
        let x: Vec<f32> = x64.iter().map(|&v| v as f32).collect();
        let exact = softmax_ref(&x.iter().map(|&v| f64::from(v)).collect::<Vec<_>>());
        let mut out = vec![0.0f32; len];
        stdlib::softmax::slices(&x, &mut out).unwrap();
        let total: f64 = out.iter().map(|&v| f64::from(v)).sum();
        assert!((total - 1.0).abs() < 1e-5, "len {len}: sum {total}");
        let m = x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        for (j, (&got, &want)) in out.iter().zip(&exact).enumerate() {
            // `x - m` is rounded to f32 before `exp`: that costs up to |x - m| ulp-sized
            // relative error, on top of a few ulp for `exp`, the sum and the division.
            let shift = f64::from((x[j] - m).abs());
            let tolerance = (shift + 8.0) * f64::from(f32::EPSILON) * want;
            assert!(
                (f64::from(got) - want).abs() <= tolerance + f64::from(f32::MIN_POSITIVE),
                "len {len}, [{j}]: {got} vs {want}"
            );
        }
        let exact = log_softmax_ref(&x.iter().map(|&v| f64::from(v)).collect::<Vec<_>>());
        stdlib::log_softmax::slices(&x, &mut out).unwrap();
        for (j, (&got, &want)) in out.iter().zip(&exact).enumerate() {
            let tolerance = 4.0 * f64::from(f32::EPSILON) * want.abs().max(1.0);
            assert!(
                (f64::from(got) - want).abs() <= tolerance,
                "log_softmax len {len}, [{j}]: {got} vs {want}"
            );
        }
        let mut out64 = vec![0.0f64; len];
        stdlib::f64::softmax::slices(&x64, &mut out64).unwrap();
        for (j, (&got, want)) in out64.iter().zip(softmax_ref(&x64)).enumerate() {
            // `x - m` (up to 40) rounds before `exp`, and the reference sums left to
            // right: up to `len` roundings of its own.
            let tolerance = (40.0 + 8.0 + len as f64) * f64::EPSILON * want;
            assert!((got - want).abs() <= tolerance, "f64 len {len}, [{j}]");
        }
    }
}

#[test]
fn softmax_gives_the_same_bits_from_slices_run_and_entry() {
    let mut exec = Executor::new();
    for (i, &len) in LENGTHS.iter().enumerate().filter(|(_, len)| **len <= 3073) {
        let x: Vec<f32> = values(len, 50 + i as u64, 30.0)
            .iter()
            .map(|&v| v as f32)
            .collect();
        for kernel in [stdlib::softmax::KERNEL, stdlib::log_softmax::KERNEL] {
            let slices = if kernel.descriptor().name() == "softmax" {
                stdlib::softmax::slices
            } else {
                stdlib::log_softmax::slices
            };
            let run = if kernel.descriptor().name() == "softmax" {
                stdlib::softmax::run
            } else {
                stdlib::log_softmax::run
            };
            let mut want = vec![0.0f32; len];
            slices(&x, &mut want).unwrap();

            let (bx, bout) = (
                exec.alloc_from(&x).unwrap(),
                exec.alloc::<f32>(len).unwrap(),
            );
            run(&mut exec, bx, bout).unwrap();
            assert_eq!(exec.read(bout).unwrap(), &want[..], "run, len {len}");
            run(&mut exec, bx, bx).unwrap(); // in place
            assert_eq!(exec.read(bx).unwrap(), &want[..], "in place, len {len}");
            exec.free(bx).unwrap();
            exec.free(bout).unwrap();

            let mut out = vec![0.0f32; len];
            entry_map(&kernel, x.as_ptr(), out.as_mut_ptr(), len);
            assert_eq!(out, want, "entry, len {len}");
            let mut in_place = x.clone();
            entry_map(&kernel, in_place.as_ptr(), in_place.as_mut_ptr(), len);
            assert_eq!(in_place, want, "entry in place, len {len}");
        }
    }
}

#[test]
fn softmax_edge_cases() {
    let mut out: [f32; 0] = [];
    stdlib::softmax::slices(&[], &mut out).unwrap();
    let mut out = [0.0f32; 3];
    stdlib::softmax::slices(&[1.0, f32::NAN, 2.0], &mut out).unwrap();
    assert!(out.iter().all(|v| v.is_nan()), "{out:?}");
    stdlib::softmax::slices(&[f32::NEG_INFINITY, 0.0, 0.0], &mut out).unwrap();
    assert_eq!(out, [0.0, 0.5, 0.5]);
    let err = stdlib::softmax::slices(&[1.0, 2.0], &mut out).unwrap_err();
    assert!(
        matches!(err, hologram::Error::LengthMismatch { .. }),
        "{err}"
    );
    assert_eq!(out, [0.0, 0.5, 0.5], "nothing written on error");
}

#[test]
fn reductions_match_f64_references() {
    let mut exec = Executor::with_classes(8, 1 << 20).unwrap();
    for (i, &len) in [0usize, 1, 15, 16, 17, 3072, 3073, 70_000]
        .iter()
        .enumerate()
    {
        let x64 = values(len, 90 + i as u64, 4.0);
        let y64 = values(len, 190 + i as u64, 4.0);
        let x: Vec<f32> = x64.iter().map(|&v| v as f32).collect();
        let y: Vec<f32> = y64.iter().map(|&v| v as f32).collect();
        let abs: f64 = x.iter().map(|&v| f64::from(v).abs()).sum();
        let exact: f64 = x.iter().map(|&v| f64::from(v)).sum();
        let k = (len.min(1 << 14).div_ceil(32) + 9) as f64;
        let bound = k * f64::from(f32::EPSILON) * abs;
        let sum = stdlib::sum::slices(&x).unwrap();
        assert!((f64::from(sum) - exact).abs() <= bound, "sum len {len}");
        let mean = stdlib::mean::slices(&x).unwrap();
        if len == 0 {
            assert!(mean.is_nan());
        } else {
            assert_eq!(mean, sum / len as f32);
        }
        let dot_exact: f64 = x
            .iter()
            .zip(&y)
            .map(|(&a, &b)| f64::from(a) * f64::from(b))
            .sum();
        let dot_abs: f64 = x
            .iter()
            .zip(&y)
            .map(|(&a, &b)| (f64::from(a) * f64::from(b)).abs())
            .sum();
        let dot = stdlib::dot::slices(&x, &y).unwrap();
        assert!(
            (f64::from(dot) - dot_exact).abs() <= (k + 1.0) * f64::from(f32::EPSILON) * dot_abs
        );
        let max = x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let min = x.iter().copied().fold(f32::INFINITY, f32::min);
        assert_eq!(stdlib::max::slices(&x).unwrap(), max);
        assert_eq!(stdlib::min::slices(&x).unwrap(), min);

        let sum64 = stdlib::f64::sum::slices(&x64).unwrap();
        let exact64: f64 = x64.iter().sum();
        assert!(
            (sum64 - exact64).abs() <= k * f64::EPSILON * x64.iter().map(|v| v.abs()).sum::<f64>()
        );
        assert_eq!(
            stdlib::f64::max::slices(&x64).unwrap(),
            x64.iter().copied().fold(f64::NEG_INFINITY, f64::max)
        );

        let bx = exec.alloc_from(&x).unwrap();
        assert_eq!(
            stdlib::sum::run(&exec, bx).unwrap().to_bits(),
            sum.to_bits()
        );
        assert_eq!(
            stdlib::mean::run(&exec, bx).unwrap().to_bits(),
            mean.to_bits()
        );
        assert_eq!(
            entry_reduce(&stdlib::sum::KERNEL, &x).to_bits(),
            sum.to_bits()
        );
        assert_eq!(
            entry_reduce(&stdlib::mean::KERNEL, &x).to_bits(),
            mean.to_bits()
        );
        exec.free(bx).unwrap();
    }
}

#[test]
fn max_and_min_propagate_nan() {
    let x = [1.0f32, f32::NAN, 3.0];
    assert!(stdlib::max::slices(&x).unwrap().is_nan());
    assert!(stdlib::min::slices(&x).unwrap().is_nan());
    assert!(stdlib::mean::slices(&x).unwrap().is_nan());
    assert_eq!(stdlib::max::slices(&[]).unwrap(), f32::NEG_INFINITY);
    assert_eq!(stdlib::min::slices(&[]).unwrap(), f32::INFINITY);
}

#[test]
fn descriptors_name_the_kernels() {
    assert_eq!(
        stdlib::mean::KERNEL.descriptor().to_string(),
        "mean(f32) -> f32"
    );
    assert_eq!(
        stdlib::f64::mean::KERNEL.descriptor().to_string(),
        "f64::mean(f64) -> f64"
    );
    assert_eq!(
        stdlib::softmax::KERNEL.descriptor().to_string(),
        "softmax(f32) -> f32"
    );
    assert_eq!(
        stdlib::dot::KERNEL.descriptor().to_string(),
        "dot(f32, f32) -> f32"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn softmax_sums_to_one_and_keeps_order(x in prop::collection::vec(-80.0f32..80.0, 1..300)) {
        let mut out = vec![0.0f32; x.len()];
        stdlib::softmax::slices(&x, &mut out).unwrap();
        let total: f64 = out.iter().map(|&v| f64::from(v)).sum();
        prop_assert!((total - 1.0).abs() < 1e-5);
        for i in 1..x.len() {
            if x[i] > x[i - 1] {
                prop_assert!(out[i] >= out[i - 1]);
            }
        }
    }
}
