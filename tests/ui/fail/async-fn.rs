use hologram::kernel;

#[kernel]
async fn f(x: f32) -> f32 {
    x
}

fn main() {}
