use hologram::kernel;

#[kernel(reduce = (min, max))]
fn stats(x: f32) -> (f32, f32, u32) {
    (x, x, u32::from(x.is_nan()))
}

fn main() {}
