//! Kernels of every kind that the stdlib does not have, for the array tests: three inputs,
//! uniforms between inputs, mixed types, two outputs, every reduction combiner over several
//! element types, custom combiners whose identity is not neutral, and as many streams as a
//! kernel may have. Shared (`#[path]`-included) by `tests/test_arrays.rs`.

use hologram::kernel;

/// Three inputs.
#[kernel]
pub fn fma3(a: f32, b: f32, c: f32) -> f32 {
    a * b + c
}

/// Uniforms between the inputs.
#[kernel]
pub fn axpby(#[uniform] alpha: f64, x: f64, #[uniform] beta: f64, y: f64) -> f64 {
    alpha * x + beta * y
}

/// Mixed types: an i32 input, an i64 uniform and output.
#[kernel]
pub fn widen(x: i32, #[uniform] k: i64) -> i64 {
    i64::from(x).wrapping_mul(k)
}

/// Two outputs.
#[kernel]
pub fn min_max(a: f32, b: f32) -> (f32, f32) {
    if a < b { (a, b) } else { (b, a) }
}

/// Two outputs of mixed types from two inputs of mixed types.
#[kernel]
pub fn scale_byte(x: u8, y: f64) -> (f64, u8) {
    (f64::from(x) * y, x.wrapping_mul(3))
}

/// A product near 1, so that it stays finite and its bits depend on the order.
#[kernel(reduce = mul)]
pub fn product(x: f64) -> f64 {
    1.0 + x * 1e-3
}

#[kernel(reduce = add)]
pub fn wrapping_sum(x: i32) -> i32 {
    x
}

#[kernel(reduce = max)]
pub fn byte_max(x: u8) -> u8 {
    x
}

/// Into another type, with a uniform.
#[kernel(reduce = add)]
pub fn count_above(x: i32, #[uniform] threshold: i32) -> i64 {
    i64::from(x > threshold)
}

/// A uniform and two inputs of different types.
#[kernel(reduce = add)]
pub fn weighted(#[uniform] w: f64, x: f32, y: f64) -> f64 {
    w * f64::from(x) + y
}

fn blend_combine(a: f64, b: f64) -> f64 {
    a * 0.5 + b
}

/// A custom combiner that is not associative and whose identity is not neutral: every
/// value depends on the exact fold order and on the padding of the partial chunk.
#[kernel(reduce(combine = blend_combine, identity = 0.75))]
pub fn blend(x: f64) -> f64 {
    x
}

fn mix_combine(a: u32, b: u32) -> u32 {
    a.rotate_left(5) ^ b.wrapping_mul(0x9E37_79B9)
}

/// The same for integers: exact, so every case compares all bits.
#[kernel(reduce(combine = mix_combine, identity = 0x1234_5678))]
pub fn mix(x: u32) -> u32 {
    x
}

/// As many inputs and outputs as a kernel may have (`hologram::abi::MAX_STREAMS` each):
/// output `k` is `a[k] * (k + 1) + a[(k + 1) % 16]`.
#[kernel]
#[allow(
    clippy::too_many_arguments,
    clippy::type_complexity,
    reason = "as many streams as a kernel may have"
)]
pub fn widest(
    a0: f32,
    a1: f32,
    a2: f32,
    a3: f32,
    a4: f32,
    a5: f32,
    a6: f32,
    a7: f32,
    a8: f32,
    a9: f32,
    a10: f32,
    a11: f32,
    a12: f32,
    a13: f32,
    a14: f32,
    a15: f32,
) -> (
    f32,
    f32,
    f32,
    f32,
    f32,
    f32,
    f32,
    f32,
    f32,
    f32,
    f32,
    f32,
    f32,
    f32,
    f32,
    f32,
) {
    (
        a0 * 1.0 + a1,
        a1 * 2.0 + a2,
        a2 * 3.0 + a3,
        a3 * 4.0 + a4,
        a4 * 5.0 + a5,
        a5 * 6.0 + a6,
        a6 * 7.0 + a7,
        a7 * 8.0 + a8,
        a8 * 9.0 + a9,
        a9 * 10.0 + a10,
        a10 * 11.0 + a11,
        a11 * 12.0 + a12,
        a12 * 13.0 + a13,
        a13 * 14.0 + a14,
        a14 * 15.0 + a15,
        a15 * 16.0 + a0,
    )
}

/// A reduction of `MAX_STREAMS` inputs: the sum of eight products.
#[kernel(reduce = add)]
#[allow(
    clippy::too_many_arguments,
    reason = "as many streams as a kernel may have"
)]
pub fn widest_dot(
    x0: f64,
    x1: f64,
    x2: f64,
    x3: f64,
    x4: f64,
    x5: f64,
    x6: f64,
    x7: f64,
    x8: f64,
    x9: f64,
    x10: f64,
    x11: f64,
    x12: f64,
    x13: f64,
    x14: f64,
    x15: f64,
) -> f64 {
    x0 * x1 + x2 * x3 + x4 * x5 + x6 * x7 + x8 * x9 + x10 * x11 + x12 * x13 + x14 * x15
}

/// Inputs named like the parameters `along` adds (`axis`, `out`): these get fresh names.
#[kernel(reduce = add)]
pub fn named_like_along(axis: f32, out: f32) -> f32 {
    axis * out
}
