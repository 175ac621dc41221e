use hologram::kernel;

#[kernel]
fn f(#[uniform(x)] a: f32, x: f32) -> f32 {
    a * x
}

fn main() {}
