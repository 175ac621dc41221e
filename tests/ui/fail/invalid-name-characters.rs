use hologram::kernel;

#[kernel(name = "my kernel")]
fn f(x: f32) -> f32 {
    x
}

fn main() {}
