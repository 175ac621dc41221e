use hologram::kernel;

#[kernel(reduce)]
fn total(x: f32) -> f32 {
    x
}

fn main() {}
