use hologram::kernel;

#[kernel(reduce = (min, max))]
fn low(x: f32) -> f32 {
    x
}

fn main() {}
