use hologram::kernel;

#[kernel(reduce = add)]
fn sum_and_square(x: f32) -> (f32, f32) {
    (x, x * x)
}

fn main() {}
