use hologram::kernel;

#[kernel(name = "")]
fn f(x: f32) -> f32 {
    x
}

fn main() {}
