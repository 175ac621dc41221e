use hologram::kernel;

#[kernel]
fn f(x: f32) -> () {
    let _ = x;
}

fn main() {}
