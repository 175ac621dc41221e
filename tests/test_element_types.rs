//! Smoke.
use hologram::half::{bf16, f16};
use hologram::{kernel, math};

#[kernel]
pub fn dequant(#[uniform] scale: f32, q: i8) -> f16 {
    math::f32_to_f16(scale * f32::from(q))
}

#[kernel]
pub fn widen(h: f16) -> f32 {
    math::f16_to_f32(h)
}

#[kernel]
pub fn widen_bf(h: hologram::half::bf16) -> f32 {
    math::bf16_to_f32(h)
}

#[kernel(reduce = add)]
pub fn count(m: bool) -> u64 {
    u64::from(m)
}

#[kernel(reduce = max)]
pub fn any(m: bool) -> bool {
    m
}

#[kernel]
pub fn mix(a: i16, b: u16, #[uniform] flip: bool) -> (i16, u16) {
    if flip { (a.wrapping_neg(), b) } else { (a, b) }
}

#[test]
fn smoke() {
    let q: Vec<i8> = (-100..100).collect();
    let mut out = vec![f16::ZERO; q.len()];
    dequant::slices(0.5, &q, &mut out).unwrap();
    assert_eq!(out[0], f16::from_f32(-50.0));
    let mut w = vec![0.0f32; q.len()];
    widen::slices(&out, &mut w).unwrap();
    assert_eq!(w[1], -49.5);
    let b = vec![bf16::ONE; 3];
    let mut wb = vec![0.0f32; 3];
    widen_bf::slices(&b, &mut wb).unwrap();
    assert_eq!(wb, [1.0; 3]);
    let m = [true, false, true];
    assert_eq!(count::slices(&m).unwrap(), 2);
    assert!(any::slices(&m).unwrap());
}
