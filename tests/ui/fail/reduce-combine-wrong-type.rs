use hologram::kernel;

fn add(a: f64, b: f64) -> f64 {
    a + b
}

#[kernel(reduce(combine = add, identity = 0.0))]
fn total(x: f32) -> f32 {
    x
}

fn main() {}
