use hologram::kernel;

#[kernel]
fn f(x: &[f32]) -> f32 {
    x[0]
}

fn main() {}
