use hologram::kernel;

type Real = f32;

#[kernel]
fn f(x: Real, y: Real) -> f32 {
    x + y
}

fn main() {}
