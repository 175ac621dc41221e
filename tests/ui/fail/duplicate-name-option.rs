use hologram::kernel;

#[kernel(name = "a", name = "b")]
fn f(x: f32) -> f32 {
    x
}

fn main() {}
