use hologram::kernel;

#[kernel]
fn f(x: f32) -> bool {
    x > 0.0
}

fn main() {}
