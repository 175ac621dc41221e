use hologram::kernel;

/// Element types may be written through `core::primitive` or `std::primitive`.
#[kernel]
fn widen(x: core::primitive::u8, #[uniform] k: std::primitive::f64) -> ::core::primitive::f64 {
    f64::from(x) * k
}

fn main() {
    let mut out = [0.0; 2];
    widen::slices(&[2, 4], 0.5, &mut out).unwrap();
    assert_eq!(out, [1.0, 2.0]);
}
