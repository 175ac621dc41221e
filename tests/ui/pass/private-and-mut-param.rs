use hologram::{Executor, kernel};

// A private kernel (no docs needed), with a `mut` parameter and parameters named like the
// generated ones: the output of `slices` becomes `out_`, the executor of `run` `exec_`.
#[kernel]
fn clamp_add(#[uniform] mut exec: f32, mut x: f32, out: f32) -> f32 {
    if exec < 0.0 {
        exec = 0.0;
    }
    x += exec;
    x.min(out)
}

// A private kernel with two outputs and a parameter named like the first generated one.
#[kernel]
fn split(out0: i64) -> (i64, i64) {
    (out0 / 10, out0 % 10)
}

fn main() {
    let x = [1.0, 2.0, 3.0];
    let limit = [10.0, 2.5, 3.5];
    let mut result = [0.0; 3];
    clamp_add::slices(1.0, &x, &limit, &mut result).unwrap();
    assert_eq!(result, [2.0, 2.5, 3.5]);
    clamp_add::slices(-5.0, &x, &limit, &mut result).unwrap();
    assert_eq!(result, [1.0, 2.0, 3.0]);

    let mut exec = Executor::new();
    let xb = exec.alloc_from(&x).unwrap();
    let lb = exec.alloc_from(&limit).unwrap();
    let ob = exec.alloc::<f32>(3).unwrap();
    clamp_add::run(&mut exec, 0.5, xb, lb, ob).unwrap();
    assert_eq!(exec.read(ob).unwrap(), &[1.5, 2.5, 3.5]);

    let mut tens = [0i64; 3];
    let mut ones = [0i64; 3];
    split::slices(&[42, 7, 130], &mut tens, &mut ones).unwrap();
    assert_eq!(tens, [4, 0, 13]);
    assert_eq!(ones, [2, 7, 0]);
}
