use hologram::kernel;

static ONE: f32 = 1.0;

#[kernel]
fn f(x: f32) -> &'static f32 {
    let _ = x;
    &ONE
}

fn main() {}
