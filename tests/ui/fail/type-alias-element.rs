use hologram::kernel;

type Real = f32;

#[kernel]
fn f(x: Real) -> f32 {
    x
}

fn main() {}
