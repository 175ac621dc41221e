use hologram::kernel;

#[kernel]
fn offset(x: f32, #[uniform] #[index] i: u64) -> f32 {
    x + i as f32
}

fn main() {}
