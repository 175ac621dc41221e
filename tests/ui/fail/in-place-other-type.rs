use hologram::kernel;

#[kernel]
fn widen(x: f32, y: f64) -> f64 {
    f64::from(x) + y
}

fn main() {
    let mut x = vec![1.0f32; 4];
    let y = vec![2.0f64; 4];
    // The output is f64: it cannot be written over the f32 input `x`.
    widen::slices_into_x(&mut x, &y).unwrap();
}
