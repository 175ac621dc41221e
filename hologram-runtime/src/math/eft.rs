//! Error-free transformations in f32: a sum or product as an unevaluated pair `hi + lo`,
//! with no FMA (so results are the same on every x86-64 target). Used where an argument
//! must be carried to more than f32 precision, such as `-x^2/2` in `gelu`.

/// Splits `a` (|a| < 2^115) into `hi + lo`, each with at most 12 significant bits, so that
/// products of halves are exact (Veltkamp).
#[inline(always)]
pub(crate) fn split(a: f32) -> (f32, f32) {
    let c = a * 4097.0; // 2^12 + 1
    let hi = c - (c - a);
    (hi, a - hi)
}

/// `a * b` exactly, as `hi + lo` with `hi = a * b` rounded (Dekker).
#[inline(always)]
pub(crate) fn two_prod(a: f32, b: f32) -> (f32, f32) {
    let p = a * b;
    let (ah, al) = split(a);
    let (bh, bl) = split(b);
    (p, ((ah * bh - p) + ah * bl + al * bh) + al * bl)
}

/// `a + b` exactly, as `hi + lo` with `hi = a + b` rounded (Knuth; any order of magnitudes).
#[inline(always)]
pub(crate) fn two_sum(a: f32, b: f32) -> (f32, f32) {
    let s = a + b;
    let bb = s - a;
    (s, (a - (s - bb)) + (b - bb))
}

/// [`split`] in f64 (`|a| < 2^995`; halves of at most 26 bits).
#[inline(always)]
pub(crate) fn split64(a: f64) -> (f64, f64) {
    let c = a * 134_217_729.0; // 2^27 + 1
    let hi = c - (c - a);
    (hi, a - hi)
}

/// [`two_prod`] in f64.
#[inline(always)]
pub(crate) fn two_prod64(a: f64, b: f64) -> (f64, f64) {
    let p = a * b;
    let (ah, al) = split64(a);
    let (bh, bl) = split64(b);
    (p, ((ah * bh - p) + ah * bl + al * bh) + al * bl)
}

/// [`two_sum`] in f64.
#[inline(always)]
pub(crate) fn two_sum64(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    (s, (a - (s - bb)) + (b - bb))
}
