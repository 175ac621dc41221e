use hologram::kernel;

fn main() {
    #[kernel]
    fn double(x: f32) -> f32 {
        2.0 * x
    }
    let mut out = [0.0f32; 2];
    double::slices(&[1.0, 2.0], &mut out).unwrap();
}
