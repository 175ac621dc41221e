use hologram::kernel;

/// x + k*y, registered as `scaled_add`.
#[kernel(name = "scaled_add")]
pub fn add_scaled(#[uniform] k: f64, x: f64, y: f64) -> f64 {
    x + k * y
}

/// Names may use dots, dashes and colons too.
#[kernel(name = "demo.ns::add-one")]
pub fn add_one(x: i32) -> i32 {
    x + 1
}

fn main() {
    assert_eq!(add_scaled::KERNEL.descriptor().name(), "scaled_add");
    assert_eq!(add_one::KERNEL.descriptor().name(), "demo.ns::add-one");

    // The Rust names stay the function's.
    let mut out = [0.0; 2];
    add_scaled::slices(10.0, &[1.0, 2.0], &[3.0, 4.0], &mut out).unwrap();
    assert_eq!(out, [31.0, 42.0]);
    assert_eq!(add_one(41), 42);
}
