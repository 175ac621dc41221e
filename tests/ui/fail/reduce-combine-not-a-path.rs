use hologram::kernel;

#[kernel(reduce(combine = |a: f32, b: f32| a + b, identity = 0.0))]
fn total(x: f32) -> f32 {
    x
}

fn main() {}
