use hologram::{Executor, kernel};

/// a*x + y, element by element.
#[kernel]
pub fn saxpy(#[uniform] a: f32, x: f32, y: f32) -> f32 {
    a * x + y
}

fn main() {
    let x = [1.0, 2.0, 3.0, 4.0];
    let y = [10.0, 20.0, 30.0, 40.0];
    let mut out = [0.0; 4];
    saxpy::slices(2.0, &x, &y, &mut out).unwrap();
    assert_eq!(out, [12.0, 24.0, 36.0, 48.0]);

    // The element function is still callable as written.
    assert_eq!(saxpy(3.0, 1.0, 1.0), 4.0);

    let mut exec = Executor::new();
    let xb = exec.alloc_from(&x).unwrap();
    let yb = exec.alloc_from(&y).unwrap();
    let ob = exec.alloc::<f32>(4).unwrap();
    saxpy::run(&mut exec, 0.5, xb, yb, ob).unwrap();
    assert_eq!(exec.read(ob).unwrap(), &[10.5, 21.0, 31.5, 42.0]);
    // The inputs are untouched.
    assert_eq!(exec.read(xb).unwrap(), &x);
}
