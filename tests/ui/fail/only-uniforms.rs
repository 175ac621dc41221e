use hologram::kernel;

#[kernel]
fn f(#[uniform] a: f32, #[uniform] b: f32) -> f32 {
    a + b
}

fn main() {}
