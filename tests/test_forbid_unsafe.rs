//! Kernels compile in a crate that forbids unsafe code: the code `#[kernel]` generates is
//! safe, and the one `unsafe extern "C"` entry point lives in the runtime.
#![forbid(unsafe_code)]

use hologram::{Executor, kernel};

/// `x * k`.
#[kernel]
fn scale(#[uniform] k: f64, x: f64) -> f64 {
    x * k
}

/// `sum(a * b)`: reductions generate no unsafe either.
#[kernel(reduce = add)]
fn dot(a: f64, b: f64) -> f64 {
    a * b
}

#[test]
fn kernels_work_under_forbid_unsafe_code() {
    let mut out = [0.0; 3];
    scale::slices(2.0, &[1.0, 2.0, 3.0], &mut out).unwrap();
    assert_eq!(out, [2.0, 4.0, 6.0]);
    let mut exec = Executor::new();
    let x = exec.alloc_from(&[1.0, 2.0]).unwrap();
    scale::run(&mut exec, -1.0, x, x).unwrap();
    assert_eq!(exec.read(x).unwrap(), &[-1.0, -2.0]);
}

#[test]
fn reductions_work_under_forbid_unsafe_code() {
    assert_eq!(dot::slices(&[1.0, 2.0], &[3.0, 4.0]).unwrap(), 11.0);
    let mut exec = Executor::new();
    let x = exec.alloc_from(&[1.0, 2.0]).unwrap();
    assert_eq!(dot::run(&exec, x, x).unwrap(), 5.0);
}
