use hologram::kernel;

#[kernel]
fn f() -> f32 {
    1.0
}

fn main() {}
