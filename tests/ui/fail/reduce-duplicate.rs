use hologram::kernel;

#[kernel(reduce = add, reduce = max)]
fn total(x: f32) -> f32 {
    x
}

fn main() {}
