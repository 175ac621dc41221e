//! The host side of strided calls (ABI version 2): frames with byte strides, cut into pieces
//! across threads and into the blocks of a reduction, against entry points written here that
//! read the strides as a C library would.

use super::Callable;
use crate::abi::{CallArgs, Frame, RawScalar, STATUS_ERROR, STATUS_OK};
use crate::element::ElemType;
use crate::error::Error;
use crate::kernel::{Kernel, KernelKind, descriptor};
use core::ffi::c_void;

const F64: &[ElemType] = &[ElemType::F64];

/// Element `i` of stream `j` of one side: its address from the pointer and byte stride.
///
/// # Safety
/// `args` satisfies the `CallArgs` contract, `j` is below the side's count, `i < len`.
unsafe fn at(ptrs: *const *const c_void, strides: *const isize, j: usize, i: usize) -> *mut f64 {
    // SAFETY: passed on from the caller.
    unsafe {
        let stride = if strides.is_null() {
            8
        } else {
            strides.add(j).read()
        };
        let base = ptrs.add(j).read().cast::<u8>();
        base.offset(i.cast_signed() * stride)
            .cast::<f64>()
            .cast_mut()
    }
}

/// `out[i] = 2 x[i] + 1`, at any strides.
unsafe extern "C" fn affine(args: *const CallArgs) -> i32 {
    // SAFETY: the host passes a valid block for this signature.
    let a = unsafe { &*args };
    for i in 0..a.len {
        // SAFETY: as above; i < len.
        unsafe {
            let x = at(a.inputs, a.input_strides, 0, i).read();
            at(a.outputs.cast(), a.output_strides, 0, i).write(2.0 * x + 1.0);
        }
    }
    STATUS_OK
}

/// The sum of `x` in index order, at any stride.
unsafe extern "C" fn sum(args: *const CallArgs) -> i32 {
    // SAFETY: the host passes a valid block for this signature.
    let a = unsafe { &*args };
    let mut total = 0.0;
    for i in 0..a.len {
        // SAFETY: as above; i < len.
        total += unsafe { at(a.inputs, a.input_strides, 0, i).read() };
    }
    // SAFETY: a reduction's block has a writable result.
    unsafe { a.result.write(RawScalar { f64: total }) };
    STATUS_OK
}

unsafe extern "C" fn add(a: *const RawScalar, b: *const RawScalar, out: *mut RawScalar) -> i32 {
    // SAFETY: the host passes two f64 values and a writable result.
    unsafe {
        out.write(RawScalar {
            f64: (*a).f64 + (*b).f64,
        })
    };
    STATUS_OK
}

unsafe extern "C" fn refuse(_: *const RawScalar, _: *const RawScalar, _: *mut RawScalar) -> i32 {
    STATUS_ERROR
}

fn affine_kernel() -> Callable {
    let d = descriptor("t_affine", KernelKind::Elementwise, &[], F64, F64);
    Callable::new(Kernel::new(d, affine))
}

fn sum_kernel(combine: crate::abi::CombineFn) -> Callable {
    let d = descriptor("t_sum", KernelKind::Reduce, &[], F64, F64);
    Callable::new(Kernel::new(d, sum).with_reduction(combine, &[0]))
}

/// A reversed view of `x` read at every other element, from its last one.
fn reversed_every_other(x: &[f64]) -> (*const c_void, usize, isize) {
    let len = x.len().div_ceil(2);
    let last = x.as_ptr().wrapping_add(2 * (len - 1));
    (last.cast(), len, -16)
}

#[test]
fn an_elementwise_frame_with_strides_is_cut_into_pieces_at_the_strides() {
    crate::threads::set_split_worth(std::time::Duration::ZERO);
    let x: Vec<f64> = (0..(1 << 17)).map(f64::from).collect();
    let (ptr, len, stride) = reversed_every_other(&x);
    // The output is written backwards too, one element in three.
    let mut out = vec![0.0f64; 3 * len];
    let mut frame = Frame::new();
    frame.counts = [0, 1, 1];
    frame.len = len;
    frame.set_input(0, ptr);
    frame.set_input_stride(0, stride);
    frame.set_output(0, out.as_mut_ptr().wrapping_add(3 * (len - 1)).cast());
    frame.set_output_stride(0, -24);
    // SAFETY: every address of both streams is inside `x` and `out`, which outlive the call.
    unsafe { affine_kernel().invoke_elementwise(&frame, 2) }.expect("runs");
    for i in 0..len {
        let x_i = x[2 * (len - 1 - i)];
        assert_eq!(out[3 * (len - 1 - i)], 2.0 * x_i + 1.0, "element {i}");
    }
    assert!(out.iter().enumerate().all(|(k, &v)| k % 3 == 0 || v == 0.0));
    crate::threads::set_split_worth(crate::threads::SPLIT_WORTH);
}

#[test]
fn a_strided_reduction_folds_blocks_in_the_documented_tree() {
    let x: Vec<f64> = (0..100_003).map(|i| 1.0 / f64::from(i + 1)).collect();
    let (ptr, len, stride) = reversed_every_other(&x);
    let copy: Vec<f64> = (0..len).map(|i| x[2 * (len - 1 - i)]).collect();
    let reference = crate::fold::fold_blocks(
        0..len,
        1,
        &|r: core::ops::Range<usize>| copy[r].iter().sum::<f64>(),
        &|a, b| a + b,
    );
    let mut frame = Frame::new();
    frame.counts = [0, 1, 0];
    frame.len = len;
    frame.set_input(0, ptr);
    frame.set_input_stride(0, stride);
    for threads in [1, 2, 0] {
        // SAFETY: every address of the stream is inside `x`, which outlives the call.
        let raw = unsafe { sum_kernel(add).invoke_reduce(&frame, threads) }.expect("sums");
        // SAFETY: the kernel writes an f64.
        let value = unsafe { raw[0].f64 };
        assert_eq!(value.to_bits(), reference.to_bits(), "{threads} threads");
    }
}

#[test]
fn a_failing_combiner_fails_the_call() {
    let x = vec![1.0f64; 40_000];
    let mut frame = Frame::new();
    frame.counts = [0, 1, 0];
    frame.len = x.len();
    frame.set_input(0, x.as_ptr().cast());
    // SAFETY: the stream is `x`, contiguous, which outlives the call.
    let err = unsafe { sum_kernel(refuse).invoke_reduce(&frame, 1) }.expect_err("refused");
    assert!(
        matches!(&err, Error::KernelFailed { message, .. } if message.contains("combiner returned status 1")),
        "{err}"
    );
}

#[test]
fn a_version_1_kernel_is_never_passed_strides() {
    let d = descriptor("t_affine", KernelKind::Elementwise, &[], F64, F64);
    let old = Callable::new(Kernel::new(d, affine).with_abi_version(1));
    let x = [1.0f64; 4];
    let mut out = [0.0f64; 2];
    let mut frame = Frame::new();
    frame.counts = [0, 1, 1];
    frame.len = 2;
    frame.set_input(0, x.as_ptr().cast());
    frame.set_input_stride(0, 16);
    frame.set_output(0, out.as_mut_ptr().cast());
    frame.set_output_stride(0, 8);
    // SAFETY: both streams are inside `x` and `out`; the call is refused before it is made.
    let err = unsafe { old.invoke_elementwise(&frame, 1) }.expect_err("refused");
    assert!(matches!(&err, Error::KernelFailed { message, .. } if message.contains("version 1")));
    assert_eq!(out, [0.0; 2]);
}
