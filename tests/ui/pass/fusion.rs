use hologram::kernel;

/// x * x.
#[kernel]
pub fn square(x: f32) -> f32 {
    x * x
}

/// max(x, 0).
#[kernel]
pub fn relu(x: f32) -> f32 {
    x.max(0.0)
}

/// relu(x)^2 + k, in one pass: the body calls the other kernels' element functions.
#[kernel]
pub fn fused(#[uniform] k: f32, x: f32) -> f32 {
    square(relu(x)) + k
}

fn main() {
    let x = [-2.0, -0.5, 0.0, 1.5, 3.0];
    let mut out = [0.0; 5];
    fused::slices(1.0, &x, &mut out).unwrap();
    assert_eq!(out, [1.0, 1.0, 1.0, 3.25, 10.0]);

    // Same result as the two kernels one after the other.
    let mut r = [0.0; 5];
    let mut s = [0.0; 5];
    relu::slices(&x, &mut r).unwrap();
    square::slices(&r, &mut s).unwrap();
    for (fused, two_pass) in out.iter().zip(&s) {
        assert_eq!(*fused, two_pass + 1.0);
    }
}
