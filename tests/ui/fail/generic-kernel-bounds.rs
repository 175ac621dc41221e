use hologram::kernel;
use std::ops::Add;

#[kernel]
fn g<T: Copy + Add<Output = T>>(a: T, b: T) -> T {
    a + b
}

fn main() {}
