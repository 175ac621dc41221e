#![deny(warnings, missing_docs, clippy::all)]
//! The expansion of `#[kernel]` is warning-free under strict lints: every generated item is
//! documented and nothing trips rustc or clippy.

use hologram::{Executor, kernel};

/// a*x + y, element by element.
#[kernel]
pub fn saxpy(#[uniform] a: f32, x: f32, y: f32) -> f32 {
    a * x + y
}

/// Seven parameters (clippy's limit for the function as written) and two outputs of
/// different types: the generated `slices` and `run` take more, and must not warn.
#[kernel(name = "many")]
pub fn many(
    #[uniform] a: f64,
    #[uniform] b: i32,
    p: f64,
    q: f64,
    r: i32,
    s: i64,
    t: u32,
) -> (f64, i64) {
    (a * p + q, i64::from(b + r) + s + i64::from(t))
}

fn main() {
    let mut out = [0.0f32; 2];
    saxpy::slices(2.0, &[1.0, 2.0], &[3.0, 4.0], &mut out).unwrap();
    assert_eq!(out, [5.0, 8.0]);

    let mut exec = Executor::new();
    let p = exec.alloc_from(&[1.0f64]).unwrap();
    let q = exec.alloc_from(&[0.5f64]).unwrap();
    let r = exec.alloc_from(&[1i32]).unwrap();
    let s = exec.alloc_from(&[10i64]).unwrap();
    let t = exec.alloc_from(&[100u32]).unwrap();
    let f = exec.alloc::<f64>(1).unwrap();
    let i = exec.alloc::<i64>(1).unwrap();
    many::run(&mut exec, 2.0, 3, p, q, r, s, t, f, i).unwrap();
    assert_eq!(exec.read(f).unwrap(), &[2.5]);
    assert_eq!(exec.read(i).unwrap(), &[114]);
}
