//! `KernelRef::run_strided` and `reduce_strided`, the calls a host makes with a pointer and a
//! byte stride per stream (numpy's inner loop): contiguous, strided, negative, broadcast and
//! in-place streams against the slices calls; large calls split across threads with the same
//! result; whole-stream kernels; a version-1 C library (strides gathered for it) and a
//! version-2 one (strides passed through); every error, with nothing written.

mod common;

use common::{c_kernels, c_library};
use hologram::threads;
use hologram::{ElemType, Error, KernelRef, Registry, Scalar, StridedInput, StridedOutput, stdlib};
use std::time::Duration;

fn input<T>(data: &[T], elem: ElemType, start: usize, stride: isize) -> StridedInput {
    StridedInput {
        elem,
        ptr: data[start..].as_ptr().cast(),
        stride: stride * size_of::<T>() as isize,
    }
}

fn output<T>(data: &mut [T], elem: ElemType, start: usize, stride: isize) -> StridedOutput {
    StridedOutput {
        elem,
        ptr: data[start..].as_mut_ptr().cast(),
        stride: stride * size_of::<T>() as isize,
    }
}

fn get(name: &str) -> KernelRef {
    Registry::with_stdlib().get(name).unwrap()
}

fn values(n: usize) -> Vec<f32> {
    (0..n)
        .map(|i| ((i * 7919) % 1000) as f32 / 100.0 - 5.0)
        .collect()
}

#[test]
fn strided_streams_equal_the_slices_call_on_copies() {
    let add = get("add");
    let x = values(300);
    let y: Vec<f32> = values(300).iter().map(|v| v * 0.5).collect();
    // Every third element forwards, every other backwards (from the end), into a strided out.
    let n = 100;
    let mut out = vec![0.0f32; 2 * n];
    // SAFETY: each stream has `n` elements at its stride inside its vector; `out` is its own.
    unsafe {
        add.run_strided(
            &[],
            n,
            &[
                input(&x, ElemType::F32, 0, 3),
                input(&y, ElemType::F32, 299, -2),
            ],
            &[output(&mut out, ElemType::F32, 0, 2)],
        )
    }
    .unwrap();
    let xs: Vec<f32> = (0..n).map(|i| x[3 * i]).collect();
    let ys: Vec<f32> = (0..n).map(|i| y[299 - 2 * i]).collect();
    let mut want = vec![0.0f32; n];
    stdlib::add::slices(&xs, &ys, &mut want).unwrap();
    let got: Vec<f32> = out.iter().step_by(2).copied().collect();
    assert_eq!(got, want);
    assert!(out.iter().skip(1).step_by(2).all(|&v| v == 0.0));
}

#[test]
fn a_zero_input_stride_broadcasts_and_uniforms_pass() {
    let clip = get("clip");
    let x = values(50);
    let mut out = vec![0.0f32; 50];
    // SAFETY: `x` and `out` hold 50 elements.
    unsafe {
        clip.run_strided(
            &[Scalar::F32(-1.0), Scalar::F32(2.0)],
            50,
            &[input(&x, ElemType::F32, 0, 1)],
            &[output(&mut out, ElemType::F32, 0, 1)],
        )
    }
    .unwrap();
    assert_eq!(
        out,
        x.iter().map(|v| v.clamp(-1.0, 2.0)).collect::<Vec<_>>()
    );
    let one = [10.0f32];
    // SAFETY: the stride-0 input reads its one element 50 times.
    unsafe {
        get("add").run_strided(
            &[],
            50,
            &[
                input(&x, ElemType::F32, 0, 1),
                input(&one, ElemType::F32, 0, 0),
            ],
            &[output(&mut out, ElemType::F32, 0, 1)],
        )
    }
    .unwrap();
    assert_eq!(out, x.iter().map(|v| v + 10.0).collect::<Vec<_>>());
}

#[test]
fn in_place_with_the_same_pointer_and_stride() {
    let mut x = values(64);
    let want: Vec<f32> = x.iter().step_by(2).map(|v| v.exp()).collect();
    let ptr = x.as_mut_ptr();
    let stream = StridedOutput {
        elem: ElemType::F32,
        ptr: ptr.cast(),
        stride: 8,
    };
    let read = StridedInput {
        elem: ElemType::F32,
        ptr: ptr.cast_const().cast(),
        stride: 8,
    };
    // SAFETY: the output is exactly the input (in place), 32 elements at 8 bytes.
    unsafe { get("exp").run_strided(&[], 32, &[read], &[stream]) }.unwrap();
    let got: Vec<f32> = x.iter().step_by(2).copied().collect();
    for (g, w) in got.iter().zip(&want) {
        assert!((g - w).abs() <= w.abs() * 1e-6, "{g} {w}");
    }
}

#[test]
fn large_calls_split_across_threads_with_the_same_bits() {
    threads::set_split_worth(Duration::ZERO);
    let n = 1 << 18;
    let x = values(2 * n);
    let mut want = vec![0.0f32; n];
    let xs: Vec<f32> = x.iter().rev().step_by(2).copied().collect();
    stdlib::tanh::slices(&xs, &mut want).unwrap();
    let mut out = vec![0.0f32; n];
    // SAFETY: `n` elements backwards from the end at stride 2; `out` holds `n`.
    unsafe {
        get("tanh").run_strided(
            &[],
            n,
            &[input(&x, ElemType::F32, 2 * n - 1, -2)],
            &[output(&mut out, ElemType::F32, 0, 1)],
        )
    }
    .unwrap();
    assert_eq!(out, want);
}

#[test]
fn reductions_give_the_bits_of_a_contiguous_copy() {
    threads::set_split_worth(Duration::ZERO);
    let sum = get("sum");
    for n in [0, 1, 1000, 70_000] {
        let x = values(3 * n + 1);
        let copy: Vec<f32> = x.iter().step_by(3).take(n).copied().collect();
        // SAFETY: `n` elements at stride 3.
        let got = unsafe { sum.reduce_strided(&[], n, &[input(&x, ElemType::F32, 0, 3)]) };
        assert_eq!(
            got.unwrap(),
            Scalar::F32(stdlib::sum::slices(&copy).unwrap()),
            "n = {n}"
        );
    }
}

#[test]
fn whole_stream_kernels_run_once_on_the_strided_stream() {
    threads::set_split_worth(Duration::ZERO);
    let n = 40_000;
    let x = values(2 * n);
    let copy: Vec<f32> = x.iter().step_by(2).copied().collect();
    let mut want = vec![0.0f32; n];
    stdlib::softmax::slices(&copy, &mut want).unwrap();
    let mut out = vec![0.0f32; n];
    // SAFETY: `n` elements at stride 2; `out` holds `n`.
    unsafe {
        get("softmax").run_strided(
            &[],
            n,
            &[input(&x, ElemType::F32, 0, 2)],
            &[output(&mut out, ElemType::F32, 0, 1)],
        )
    }
    .unwrap();
    assert_eq!(out, want);
}

#[test]
fn a_version_1_library_gets_its_strided_streams_gathered() {
    let mut reg = Registry::new();
    reg.load_library(c_kernels()).unwrap();
    let x: Vec<f32> = (0..2000).map(|i| i as f32).collect();
    let mut out = vec![0.0f32; 1000];
    // SAFETY: 1000 elements backwards at stride 2; `out` holds 1000.
    unsafe {
        reg.get("c_affine").unwrap().run_strided(
            &[Scalar::F32(2.0), Scalar::F32(1.0)],
            1000,
            &[input(&x, ElemType::F32, 1999, -2)],
            &[output(&mut out, ElemType::F32, 0, 1)],
        )
    }
    .unwrap();
    assert!(
        out.iter()
            .enumerate()
            .all(|(i, &v)| v == 2.0 * (1999 - 2 * i) as f32 + 1.0)
    );
    let d: Vec<f64> = (0..10).map(f64::from).collect();
    let mut centered = vec![0.0f64; 5];
    // SAFETY: 5 elements at stride 2 each.
    unsafe {
        reg.get("c_center").unwrap().run_strided(
            &[],
            5,
            &[input(&d, ElemType::F64, 0, 2)],
            &[output(&mut centered, ElemType::F64, 0, 1)],
        )
    }
    .unwrap();
    assert_eq!(centered, [-4.0, -2.0, 0.0, 2.0, 4.0]);
    // SAFETY: 1000 elements at stride 2, both.
    let dot = unsafe {
        reg.get("c_dot").unwrap().reduce_strided(
            &[],
            1000,
            &[
                input(&x, ElemType::F32, 0, 2),
                input(&x, ElemType::F32, 1, 2),
            ],
        )
    };
    let want: f64 = (0..1000)
        .map(|i| f64::from(x[2 * i]) * f64::from(x[2 * i + 1]))
        .sum();
    assert_eq!(dot.unwrap(), Scalar::F64(want));
}

#[test]
fn a_version_2_c_library_reads_the_strides() {
    let mut reg = Registry::new();
    reg.load_library(c_library("examples/c-kernels/strided.c"))
        .unwrap();
    let x: Vec<f32> = (0..30).map(|i| i as f32).collect();
    let y = [1.0f32];
    let mut out = vec![0.0f32; 10];
    // SAFETY: 10 elements at stride 3; `y` broadcast; `out` holds 10.
    unsafe {
        reg.get("s_axpy").unwrap().run_strided(
            &[Scalar::F32(2.0)],
            10,
            &[
                input(&x, ElemType::F32, 0, 3),
                input(&y, ElemType::F32, 0, 0),
            ],
            &[output(&mut out, ElemType::F32, 0, 1)],
        )
    }
    .unwrap();
    assert!(
        out.iter()
            .enumerate()
            .all(|(i, &v)| v == 2.0 * (3 * i) as f32 + 1.0)
    );
}

#[test]
fn errors_leave_the_output_unwritten() {
    let add = get("add");
    let x = values(8);
    let mut out = vec![0.0f32; 8];
    let bytes = StridedInput {
        elem: ElemType::F32,
        ptr: x.as_ptr().cast(),
        stride: 6,
    };
    let ok = input(&x, ElemType::F32, 0, 1);
    let wrong = StridedInput {
        elem: ElemType::F64,
        ..ok
    };
    let call = |inputs: &[StridedInput], outputs: &[StridedOutput]| {
        // SAFETY: every stream that passes the checks holds 4 elements at its stride.
        unsafe { add.run_strided(&[], 4, inputs, outputs) }.unwrap_err()
    };
    let o = output(&mut out, ElemType::F32, 0, 1);
    assert!(matches!(
        call(&[ok, bytes], &[o]),
        Error::InvalidStride { stride: 6, .. }
    ));
    let zero = StridedOutput { stride: 0, ..o };
    let err = call(&[ok, ok], &[zero]);
    assert!(
        matches!(&err, Error::InvalidStride { stream, .. } if stream == "output 0"),
        "{err}"
    );
    assert!(matches!(
        call(&[ok, wrong], &[o]),
        Error::TypeMismatch { .. }
    ));
    assert!(matches!(call(&[ok], &[o]), Error::ArityMismatch { .. }));
    // SAFETY: as above.
    let kind = unsafe { add.reduce_strided(&[], 4, &[ok, ok]) }.unwrap_err();
    assert!(matches!(kind, Error::WrongKernelKind { .. }));
    assert!(out.iter().all(|&v| v == 0.0));
    // One element may have an output stride of 0: it writes that element once.
    // SAFETY: one element each.
    unsafe { add.run_strided(&[], 1, &[ok, ok], &[zero]) }.unwrap();
    assert_eq!(out[0], 2.0 * x[0]);
}

/// `run_strided` checks that a stride is a whole number of elements with a mask, which holds
/// only while every element size is a power of two.
#[test]
fn element_sizes_are_powers_of_two() {
    for t in ElemType::ALL {
        assert!(t.size().is_power_of_two(), "{t}");
    }
}
