use hologram::half::f16;
use hologram::{kernel, math};

/// The element types of ABI version 2, each spelling the macro accepts: a bare `f16` (after
/// `use hologram::half::f16`), `hologram::half::bf16`, `half::bf16` (the same crate, a
/// dependency of this one), and the primitives through `core::primitive`.
#[kernel]
fn mix(
    #[uniform] on: bool,
    a: i8,
    b: core::primitive::i16,
    c: u16,
    d: u64,
    h: f16,
    g: hologram::half::bf16,
) -> (f32, half::bf16, bool) {
    let sum = f32::from(a) + f32::from(b) + f32::from(c) + d as f32;
    let wide = math::f16_to_f32(h) + math::bf16_to_f32(g);
    (sum + wide, math::f32_to_bf16(wide), on && sum > 0.0)
}

/// A bool reduction: any.
#[kernel(reduce = max)]
fn any(m: bool) -> bool {
    m
}

fn main() {
    let (mut s, mut w, mut p) = ([0.0f32; 1], [half::bf16::ZERO; 1], [false; 1]);
    mix::slices(
        true,
        &[-1],
        &[2],
        &[3],
        &[4],
        &[f16::from_f32(0.5)],
        &[half::bf16::from_f32(0.25)],
        &mut s,
        &mut w,
        &mut p,
    )
    .unwrap();
    assert_eq!((s[0], w[0].to_f32(), p[0]), (8.75, 0.75, true));
    assert!(any::slices(&[false, true]).unwrap());
}
