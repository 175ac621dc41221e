use hologram::kernel;

#[kernel]
fn f(x: f32) -> (f32, char) {
    (x, '+')
}

fn main() {}
