use hologram::kernel;

#[kernel(reduce(identity = 0.0))]
fn total(x: f32) -> f32 {
    x
}

fn main() {}
