use hologram::kernel;

#[kernel]
fn f<T>(x: f32) -> f32 {
    x
}

fn main() {}
