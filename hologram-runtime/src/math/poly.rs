//! Horner evaluation, coefficients in ascending order. No `mul_add`: without FMA hardware it
//! is a library call, and fusing would make results depend on the target.

/// `c[0] + c[1] x + ... + c[N-1] x^(N-1)` in f32.
#[inline(always)]
pub(crate) fn horner<const N: usize>(x: f32, c: &[f32; N]) -> f32 {
    let mut acc = c[N - 1];
    let mut i = N - 1;
    while i > 0 {
        i -= 1;
        acc = acc * x + c[i];
    }
    acc
}

/// `c[0] + c[1] x + ... + c[N-1] x^(N-1)` in f64.
#[inline(always)]
pub(crate) fn horner64<const N: usize>(x: f64, c: &[f64; N]) -> f64 {
    let mut acc = c[N - 1];
    let mut i = N - 1;
    while i > 0 {
        i -= 1;
        acc = acc * x + c[i];
    }
    acc
}
