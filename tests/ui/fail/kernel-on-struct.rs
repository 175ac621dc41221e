use hologram::kernel;

#[kernel]
struct S {
    x: f32,
}

fn main() {}
