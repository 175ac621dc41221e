use hologram::kernel;

#[kernel(reduce = add)]
fn constant(#[uniform] k: f32) -> f32 {
    k
}

fn main() {}
