use hologram::kernel;

#[kernel]
fn offset(x: f32, #[index] i: usize) -> f32 {
    x + i as f32
}

fn main() {}
