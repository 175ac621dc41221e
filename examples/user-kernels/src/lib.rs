//! An example kernel library, of the kind a Hologram user writes: plain `#[kernel]`
//! functions in a `cdylib` crate, exported with `export_kernels!`.
//!
//! Build it with `cargo build --release -p user-kernels`; the library is
//! `target/release/libuser_kernels.so` (`.dylib` on macOS). Then, in any program:
//!
//! ```text
//! let mut reg = hologram::Registry::new();
//! reg.load_library("target/release/libuser_kernels.so")?;
//! let saxpy = reg.get("saxpy")?;
//! ```

use hologram::half::f16;
use hologram::{kernel, math};

/// `a*x + y`: a uniform and two input streams.
#[kernel]
pub fn saxpy(#[uniform] a: f32, x: f32, y: f32) -> f32 {
    a * x + y
}

/// `a + b`: the body of `hologram::stdlib::add` under another name (the stdlib holds
/// `add`), so that a loaded call can be timed against the inline one.
#[kernel]
pub fn plus(a: f32, b: f32) -> f32 {
    a + b
}

/// Two outputs from one pass: the integer quotient and remainder, as Rust's `/` and `%`.
///
/// Like them, it panics when `b` is 0 (or on `i32::MIN / -1`); the entry point catches the
/// panic and the host reports `Error::KernelPanicked` naming this kernel.
#[kernel]
pub fn div_rem(a: i32, b: i32) -> (i32, i32) {
    (a / b, a % b)
}

/// Mixed types and two outputs: the floor of `x` as an integer and the fraction left over.
#[kernel]
pub fn split_fract(x: f64) -> (i64, f64) {
    let floor = x.floor();
    // The cast saturates for values out of range; the kernel is meant for moderate inputs.
    let whole = floor as i64;
    (whole, x - floor)
}

/// A reduction with a uniform: the sum of squared distances from `center`, in f64.
#[kernel(reduce = add)]
pub fn sum_sq_dist(x: f64, #[uniform] center: f64) -> f64 {
    (x - center) * (x - center)
}

/// A reduction into another type: how many elements exceed `threshold`, counted in an i64.
#[kernel(reduce = add)]
pub fn count_above(x: f32, #[uniform] threshold: f32) -> i64 {
    i64::from(x > threshold)
}

/// A quantized weight to half precision: `scale * q`, rounded to the nearest `f16` by the
/// vectorizable conversion of `hologram::math`.
#[kernel]
pub fn dequant(#[uniform] scale: f32, q: i8) -> f16 {
    math::f32_to_f16(scale * f32::from(q))
}

/// How many elements of a mask are set, counted in a `u64`.
#[kernel(reduce = add)]
pub fn mask_count(m: bool) -> u64 {
    u64::from(m)
}

#[cfg(feature = "stdlib")]
mod bench_kernels;

#[cfg(not(feature = "stdlib"))]
hologram::export_kernels!(
    saxpy,
    plus,
    div_rem,
    split_fract,
    sum_sq_dist,
    count_above,
    dequant,
    mask_count
);

// With the `stdlib` feature, the library also carries the stdlib kernels that
// `benches/kernel_performance.rs` times: the same definitions, compiled into this cdylib, and
// the bench's own kernels (`bench_kernels`).
#[cfg(feature = "stdlib")]
hologram::export_kernels!(
    saxpy,
    plus,
    div_rem,
    split_fract,
    sum_sq_dist,
    count_above,
    dequant,
    mask_count,
    hologram::stdlib::add,
    hologram::stdlib::mul,
    hologram::stdlib::relu,
    hologram::stdlib::exp,
    hologram::stdlib::tanh,
    hologram::stdlib::sigmoid,
    hologram::stdlib::gelu,
    hologram::stdlib::softmax,
    hologram::stdlib::sum,
    hologram::stdlib::max,
    hologram::stdlib::dot,
    bench_kernels::sin_libm,
);
