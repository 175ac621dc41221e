use hologram::{Executor, kernel};

/// a*x + y.
#[kernel]
pub fn saxpy(#[uniform] a: f32, x: f32, y: f32) -> f32 {
    a * x + y
}

/// Swaps two streams, through two outputs.
#[kernel]
pub fn swap(x: i32, y: i32) -> (i32, i32) {
    (y, x)
}

fn main() {
    let n = 100;
    let x: Vec<f32> = (0..n).map(|i| i as f32).collect();
    let y: Vec<f32> = (0..n).map(|i| (n - i) as f32).collect();

    let mut exec = Executor::new();
    let xb = exec.alloc_from(&x).unwrap();
    let yb = exec.alloc_from(&y).unwrap();

    // The output is the `y` input: y = 2x + y.
    saxpy::run(&mut exec, 2.0, xb, yb, yb).unwrap();
    let expected: Vec<f32> = (0..n).map(|i| (2 * i + (n - i)) as f32).collect();
    assert_eq!(exec.read(yb).unwrap(), &expected[..]);
    assert_eq!(exec.read(xb).unwrap(), &x[..]);

    // The output is the `x` input, which is also read as `y`: x = 3x + x.
    saxpy::run(&mut exec, 3.0, xb, xb, xb).unwrap();
    let expected: Vec<f32> = (0..n).map(|i| (4 * i) as f32).collect();
    assert_eq!(exec.read(xb).unwrap(), &expected[..]);

    // Two outputs, each in place over an input: a swap with no temporary.
    let a: Vec<i32> = (0..n).collect();
    let b: Vec<i32> = (0..n).map(|i| -i).collect();
    let ab = exec.alloc_from(&a).unwrap();
    let bb = exec.alloc_from(&b).unwrap();
    swap::run(&mut exec, ab, bb, ab, bb).unwrap();
    assert_eq!(exec.read(ab).unwrap(), &b[..]);
    assert_eq!(exec.read(bb).unwrap(), &a[..]);
}
