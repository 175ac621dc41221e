use hologram::kernel;

#[kernel(fast)]
fn f(x: f32) -> f32 {
    x
}

fn main() {}
