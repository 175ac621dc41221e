use hologram::kernel;

#[kernel(name = 3)]
fn f(x: f32) -> f32 {
    x
}

fn main() {}
