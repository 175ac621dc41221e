use hologram::kernel;

#[kernel]
fn f(x: [f32; 4]) -> f32 {
    x[0]
}

fn main() {}
