use hologram::kernel;

struct S;

impl S {
    #[kernel]
    fn f(&self, x: f32) -> f32 {
        x
    }
}

fn main() {}
