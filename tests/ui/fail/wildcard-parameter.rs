use hologram::kernel;

#[kernel]
fn f(x: f32, _: f32) -> f32 {
    x
}

fn main() {}
