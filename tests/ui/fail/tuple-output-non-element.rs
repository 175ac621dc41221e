use hologram::kernel;

#[kernel]
fn f(x: f32) -> (f32, bool) {
    (x, x > 0.0)
}

fn main() {}
