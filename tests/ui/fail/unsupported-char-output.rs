use hologram::kernel;

#[kernel]
fn f(x: u32) -> char {
    char::from_u32(x).unwrap_or('?')
}

fn main() {}
