use hologram::kernel;

#[kernel]
fn offset(x: f32, #[index] i: u64, #[index] j: u64) -> f32 {
    x + (i + j) as f32
}

fn main() {}
