use hologram::kernel;

// The option is wrong, but the function is still emitted: `main` calling it adds no error.
#[kernel(fast)]
fn double(#[uniform] k: f32, x: f32) -> f32 {
    k * x
}

fn main() {
    assert_eq!(double(2.0, 3.0), 6.0);
}
