use hologram::kernel;

fn add(a: f32, b: f32) -> f32 {
    a + b
}

#[kernel(reduce(combine = add))]
fn total(x: f32) -> f32 {
    x
}

fn main() {}
