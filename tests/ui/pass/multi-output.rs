use hologram::{Executor, kernel};

/// The sum and the difference of two streams.
#[kernel]
pub fn sum_diff(x: f32, y: f32) -> (f32, f32) {
    (x + y, x - y)
}

fn main() {
    // A count that is not a multiple of the chunk size, so the remainder loop runs too.
    let x: Vec<f32> = (0..37).map(|i| i as f32).collect();
    let y: Vec<f32> = (0..37).map(|i| (i * 2) as f32).collect();
    let mut sum = vec![0.0; 37];
    let mut diff = vec![0.0; 37];
    sum_diff::slices(&x, &y, &mut sum, &mut diff).unwrap();
    for i in 0..37 {
        assert_eq!(sum[i], (3 * i) as f32);
        assert_eq!(diff[i], -(i as f32));
    }

    let mut exec = Executor::new();
    let xb = exec.alloc_from(&[5.0f32, 7.0]).unwrap();
    let yb = exec.alloc_from(&[1.0f32, 2.0]).unwrap();
    let sb = exec.alloc::<f32>(2).unwrap();
    let db = exec.alloc::<f32>(2).unwrap();
    sum_diff::run(&mut exec, xb, yb, sb, db).unwrap();
    assert_eq!(exec.read(sb).unwrap(), &[6.0, 9.0]);
    assert_eq!(exec.read(db).unwrap(), &[4.0, 5.0]);

    let d = sum_diff::KERNEL.descriptor();
    assert_eq!(d.inputs().len(), 2);
    assert_eq!(d.outputs().len(), 2);
}
