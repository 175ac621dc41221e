//! The standard kernels, each written with `#[kernel]`: every kernel here is a function over
//! elements plus a module with `slices`, `run` and `KERNEL`.
//!
//! The f32 kernels live at this level; the f64 ones, with the same names, in [`f64`](mod@f64).
//!
//! ```
//! # extern crate hologram_runtime as hologram;
//! use hologram::stdlib;
//!
//! let (x, y) = ([1.0f32, -2.0, 3.0], [0.5f32, 0.5, 0.5]);
//! let mut out = [0.0f32; 3];
//! stdlib::add::slices(&x, &y, &mut out)?;
//! assert_eq!(out, [1.5, -1.5, 3.5]);
//! stdlib::relu::slices(&x, &mut out)?;
//! assert_eq!(out, [1.0, 0.0, 3.0]);
//! # Ok::<(), hologram::Error>(())
//! ```

mod activation;
mod arg;
mod elementwise;
mod exp_log;
pub mod f64;
mod hyperbolic;
pub(crate) mod multipass;
mod power;
mod reduce;
mod trig;

pub use arg::*;
pub use elementwise::*;
pub use reduce::*;

activation::activation_family!(f32, crate::math, {
    exp: "exp", ln: "ln", tanh: "tanh", sigmoid: "sigmoid", gelu: "gelu", gelu_tanh: "gelu_tanh"
});
multipass::softmax_family!(f32, crate::math, { softmax: "softmax", log_softmax: "log_softmax" });
trig::trig_family!(f32, crate::math, {
    sin: "sin", cos: "cos", sin_cos: "sin_cos", tan: "tan", asin: "asin", acos: "acos", atan: "atan", atan2: "atan2"
});
hyperbolic::hyperbolic_family!(f32, crate::math, {
    sinh: "sinh", cosh: "cosh", asinh: "asinh", acosh: "acosh", atanh: "atanh"
});
exp_log::exp_log_family!(f32, crate::math, {
    exp2: "exp2", exp_m1: "exp_m1", log2: "log2", log10: "log10", ln_1p: "ln_1p"
});
power::power_family!(f32, crate::math, {
    cbrt: "cbrt", powf: "powf", hypot: "hypot"
});

/// Every stdlib kernel, f32 and f64, which [`Registry::with_stdlib`](crate::Registry::with_stdlib)
/// registers under its own name: `add`, ..., and `f64::add`, ... for the f64 ones.
pub const KERNELS: &[crate::Kernel] = &[
    add::KERNEL,
    sub::KERNEL,
    mul::KERNEL,
    div::KERNEL,
    neg::KERNEL,
    abs::KERNEL,
    relu::KERNEL,
    maximum::KERNEL,
    minimum::KERNEL,
    clip::KERNEL,
    exp::KERNEL,
    ln::KERNEL,
    tanh::KERNEL,
    sigmoid::KERNEL,
    gelu::KERNEL,
    gelu_tanh::KERNEL,
    sin::KERNEL,
    cos::KERNEL,
    sin_cos::KERNEL,
    tan::KERNEL,
    exp2::KERNEL,
    exp_m1::KERNEL,
    log2::KERNEL,
    log10::KERNEL,
    ln_1p::KERNEL,
    sinh::KERNEL,
    cosh::KERNEL,
    asinh::KERNEL,
    acosh::KERNEL,
    atanh::KERNEL,
    asin::KERNEL,
    acos::KERNEL,
    atan::KERNEL,
    atan2::KERNEL,
    cbrt::KERNEL,
    powf::KERNEL,
    hypot::KERNEL,
    sum::KERNEL,
    max::KERNEL,
    min::KERNEL,
    dot::KERNEL,
    mean::KERNEL,
    argmax::KERNEL,
    argmin::KERNEL,
    softmax::KERNEL,
    log_softmax::KERNEL,
    f64::add::KERNEL,
    f64::sub::KERNEL,
    f64::mul::KERNEL,
    f64::div::KERNEL,
    f64::neg::KERNEL,
    f64::abs::KERNEL,
    f64::relu::KERNEL,
    f64::maximum::KERNEL,
    f64::minimum::KERNEL,
    f64::clip::KERNEL,
    f64::exp::KERNEL,
    f64::ln::KERNEL,
    f64::tanh::KERNEL,
    f64::sigmoid::KERNEL,
    f64::gelu::KERNEL,
    f64::gelu_tanh::KERNEL,
    f64::sum::KERNEL,
    f64::max::KERNEL,
    f64::min::KERNEL,
    f64::dot::KERNEL,
    f64::mean::KERNEL,
    f64::argmax::KERNEL,
    f64::argmin::KERNEL,
    f64::softmax::KERNEL,
    f64::log_softmax::KERNEL,
    f64::sin::KERNEL,
    f64::cos::KERNEL,
    f64::sin_cos::KERNEL,
    f64::tan::KERNEL,
    f64::asin::KERNEL,
    f64::acos::KERNEL,
    f64::atan::KERNEL,
    f64::atan2::KERNEL,
    f64::sinh::KERNEL,
    f64::cosh::KERNEL,
    f64::asinh::KERNEL,
    f64::acosh::KERNEL,
    f64::atanh::KERNEL,
    f64::exp2::KERNEL,
    f64::exp_m1::KERNEL,
    f64::log2::KERNEL,
    f64::log10::KERNEL,
    f64::ln_1p::KERNEL,
    f64::cbrt::KERNEL,
    f64::powf::KERNEL,
    f64::hypot::KERNEL,
];
