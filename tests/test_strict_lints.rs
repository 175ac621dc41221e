//! The code `#[kernel]` generates passes strict lints: `cargo clippy --all-targets` checks
//! this file under `deny(warnings, clippy::all, clippy::pedantic)` and `missing_docs`.
#![deny(warnings, missing_docs, clippy::all, clippy::pedantic)]

use hologram::{Executor, kernel};

/// `a*x + y`.
#[kernel]
#[must_use]
pub fn saxpy(#[uniform] a: f32, x: f32, y: f32) -> f32 {
    a * x + y
}

/// Two outputs of different types, every element type, more parameters than clippy likes.
#[kernel(name = "strict.many")]
#[must_use]
#[allow(
    clippy::too_many_arguments,
    clippy::many_single_char_names,
    reason = "lints on the function as written; the generated code must not add any"
)]
pub fn many(
    #[uniform] a: f64,
    #[uniform] b: i32,
    p: f64,
    r: i32,
    s: i64,
    t: u32,
    u: u8,
    v: f32,
) -> (f64, i64) {
    (
        a * p + f64::from(v),
        i64::from(b + r) + s + i64::from(t) + i64::from(u),
    )
}

/// Min, max and a count in one pass: a reduction to a tuple of built-in combiners.
#[kernel(reduce = (min, max, add))]
#[must_use]
pub fn stats(x: f64) -> (f64, f64, u32) {
    (x, x, u32::from(x.is_nan()))
}

/// Joins two `(value, index)` candidates: the larger value, the smaller index of equals.
#[must_use]
pub fn pick(a: (f32, i64), b: (f32, i64)) -> (f32, i64) {
    match b.0.total_cmp(&a.0) {
        core::cmp::Ordering::Greater => b,
        core::cmp::Ordering::Equal if b.1 < a.1 => b,
        _ => a,
    }
}

/// An argmax: a whole-tuple combiner and the element's index.
#[kernel(reduce(combine = pick, identity = (f32::NEG_INFINITY, i64::MAX)))]
#[must_use]
pub fn top(x: f32, #[index] i: u64) -> (f32, i64) {
    (x, i.cast_signed())
}

/// An elementwise kernel with the index, and inputs of two types (one in-place function
/// has no caller).
#[kernel]
#[must_use]
pub fn ramp(#[uniform] k: f32, x: f32, w: f64, #[index] i: u64) -> f32 {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_precision_loss,
        reason = "a test ramp"
    )]
    let step = (w * i as f64) as f32;
    k * x + step
}

#[test]
#[allow(clippy::float_cmp, reason = "the expected values are exact")]
fn language_kernels_run() {
    assert_eq!(stats::slices(&[1.0, -2.0]).unwrap(), (-2.0, 1.0, 0));
    assert_eq!(top::slices(&[1.0, 3.0, 3.0]).unwrap(), (3.0, 1));
    let mut y = vec![1.0f32; 3];
    ramp::slices_into_x(2.0, &mut y, &[1.0; 3]).unwrap();
    assert_eq!(y, [2.0, 3.0, 4.0]);
}

#[test]
#[allow(clippy::float_cmp, reason = "the expected values are exact")]
fn strict_kernels_run() {
    let mut out = [0.0f32; 2];
    saxpy::slices(2.0, &[1.0, 2.0], &[3.0, 4.0], &mut out).unwrap();
    assert_eq!(out, [5.0, 8.0]);

    let (mut o0, mut o1) = ([0.0; 1], [0i64; 1]);
    many::slices(
        2.0,
        1,
        &[3.0],
        &[4],
        &[5],
        &[6],
        &[7],
        &[0.5],
        &mut o0,
        &mut o1,
    )
    .unwrap();
    assert_eq!((o0, o1), ([6.5], [23]));

    let mut exec = Executor::new();
    let x = exec.alloc_from(&[1.0f32]).unwrap();
    saxpy::run(&mut exec, 3.0, x, x, x).unwrap();
    assert_eq!(exec.read(x).unwrap(), &[4.0]);
    assert_eq!(many::KERNEL.descriptor().name(), "strict.many");
}

/// A private kernel whose generated `slices`, `run` and `KERNEL` are never used: the
/// expansion must not add dead-code warnings of its own.
#[kernel]
fn unused_private(x: u8) -> u8 {
    x
}

#[test]
fn private_kernel_function_is_still_callable() {
    assert_eq!(unused_private(7), 7);
}

/// `#[cfg]` under `#[kernel]` applies to the generated module too: this kernel and its module
/// are both compiled out, so nothing refers to a missing function.
#[kernel]
#[cfg(not(test))]
fn compiled_out(x: f32) -> f32 {
    x
}

/// And a kernel whose `#[cfg]` holds is there, module and all.
#[kernel]
#[cfg(test)]
fn compiled_in(x: f32) -> f32 {
    -x
}

#[test]
fn cfg_applies_to_the_module() {
    let mut out = [0.0];
    compiled_in::slices(&[2.0], &mut out).unwrap();
    assert!((out[0] + 2.0).abs() < f32::EPSILON);
}

/// Parenthesised element types are accepted, and the generated code, which the `allow`
/// below does not reach, writes them without parentheses.
#[kernel]
#[allow(unused_parens, reason = "the parentheses are the point of this test")]
#[allow(
    clippy::cast_possible_truncation,
    reason = "part of what the kernel computes"
)]
fn parenthesised(x: (f32), #[uniform] k: ((f64))) -> ((f32), (i32)) {
    (x, k as i32)
}

#[test]
fn parenthesised_types_work() {
    let (mut a, mut b) = ([0.0f32; 1], [0i32; 1]);
    parenthesised::slices(&[1.5], 2.9, &mut a, &mut b).unwrap();
    assert_eq!((a[0].to_bits(), b[0]), (1.5f32.to_bits(), 2));
}

/// A built-in reduction with a uniform and a result type other than its inputs'.
#[kernel(reduce = add)]
#[must_use]
pub fn count_above(x: i32, #[uniform] threshold: i32) -> i64 {
    i64::from(x > threshold)
}

/// The combiner of `norm`.
#[must_use]
pub fn hypot_acc(a: f64, b: f64) -> f64 {
    a.hypot(b)
}

/// A custom reduction: the combiner resolves in this module through the generated module's
/// `use super::*`, which must not trip `wildcard_imports` or `unused_imports`.
#[kernel(reduce(combine = hypot_acc, identity = 0.0))]
#[must_use]
pub fn norm(x: f64) -> f64 {
    x
}

/// A reduction whose generated items are never used.
#[kernel(reduce = max)]
fn unused_reduction(x: u8) -> u8 {
    x
}

#[test]
#[allow(clippy::float_cmp, reason = "the expected values are exact")]
fn strict_reductions_run() {
    assert_eq!(count_above::slices(&[1, 5, 9], 4).unwrap(), 2);
    assert_eq!(norm::slices(&[3.0, 4.0]).unwrap(), 5.0);
    let mut exec = Executor::new();
    let x = exec.alloc_from(&[1, 5, 9]).unwrap();
    assert_eq!(count_above::run(&exec, x, 0).unwrap(), 3);
    assert_eq!(unused_reduction(3), 3);
}
