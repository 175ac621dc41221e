use hologram::kernel;

#[kernel]
fn f(x: usize) -> f32 {
    x as f32
}

fn main() {}
