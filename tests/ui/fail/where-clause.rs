use hologram::kernel;

#[kernel]
fn f(x: f32) -> f32
where
    f32: Copy,
{
    x
}

fn main() {}
