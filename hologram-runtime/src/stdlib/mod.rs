//! The standard kernels, each written with `#[kernel]`: every kernel here is a function over
//! elements plus a module with `slices`, `run` and `KERNEL`.
//!
//! The f32 kernels live at this level; the f64 ones, with the same names, in [`f64`](mod@f64);
//! the arithmetic family and `sum`/`max`/`min` for `i8`, `i16`, `u16`, `u64`, `f16` and
//! `bf16` in modules of those names, and logic over masks in [`bool`](mod@bool).
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
#[path = "boolean.rs"]
pub mod bool;
mod elementwise;
mod exp_log;
pub mod f64;
mod half_float;
mod hyperbolic;
mod integer;
pub(crate) mod multipass;
mod power;
mod reduce;
mod trig;

/// The `i8` kernels: wrapping arithmetic, `clip`, `sum`, `max` and `min`.
pub mod i8 {
    super::integer::integer_family!(i8 {
        add: "i8::add",
        sub: "i8::sub",
        mul: "i8::mul",
        div: "i8::div",
        neg: "i8::neg",
        abs: "i8::abs",
        relu: "i8::relu",
        maximum: "i8::maximum",
        minimum: "i8::minimum",
        clip: "i8::clip",
        sum: "i8::sum",
        max: "i8::max",
        min: "i8::min"
    });
}

/// The `i16` kernels: wrapping arithmetic, `clip`, `sum`, `max` and `min`.
pub mod i16 {
    super::integer::integer_family!(i16 {
        add: "i16::add",
        sub: "i16::sub",
        mul: "i16::mul",
        div: "i16::div",
        neg: "i16::neg",
        abs: "i16::abs",
        relu: "i16::relu",
        maximum: "i16::maximum",
        minimum: "i16::minimum",
        clip: "i16::clip",
        sum: "i16::sum",
        max: "i16::max",
        min: "i16::min"
    });
}

/// The `u16` kernels: wrapping arithmetic, `clip`, `sum`, `max` and `min`.
pub mod u16 {
    super::integer::integer_family!(u16 {
        add: "u16::add",
        sub: "u16::sub",
        mul: "u16::mul",
        div: "u16::div",
        neg: "u16::neg",
        abs: "u16::abs",
        relu: "u16::relu",
        maximum: "u16::maximum",
        minimum: "u16::minimum",
        clip: "u16::clip",
        sum: "u16::sum",
        max: "u16::max",
        min: "u16::min"
    });
}

/// The `u64` kernels: wrapping arithmetic, `clip`, `sum`, `max` and `min`.
pub mod u64 {
    super::integer::integer_family!(u64 {
        add: "u64::add",
        sub: "u64::sub",
        mul: "u64::mul",
        div: "u64::div",
        neg: "u64::neg",
        abs: "u64::abs",
        relu: "u64::relu",
        maximum: "u64::maximum",
        minimum: "u64::minimum",
        clip: "u64::clip",
        sum: "u64::sum",
        max: "u64::max",
        min: "u64::min"
    });
}

/// The [`f16`](half::f16) kernels: arithmetic in `f32` rounded once, `clip`, `sum` (in
/// `f32`), `max` and `min`.
pub mod f16 {
    super::half_float::half_family!(f16, crate::math::f16_to_f32, crate::math::f32_to_f16, {
        add: "f16::add", sub: "f16::sub", mul: "f16::mul", div: "f16::div", neg: "f16::neg", abs: "f16::abs", relu: "f16::relu", maximum: "f16::maximum", minimum: "f16::minimum", clip: "f16::clip", sum: "f16::sum", max: "f16::max", min: "f16::min"
    });
}

/// The [`bf16`](half::bf16) kernels: arithmetic in `f32` rounded once, `clip`, `sum` (in
/// `f32`), `max` and `min`.
pub mod bf16 {
    super::half_float::half_family!(bf16, crate::math::bf16_to_f32, crate::math::f32_to_bf16, {
        add: "bf16::add", sub: "bf16::sub", mul: "bf16::mul", div: "bf16::div", neg: "bf16::neg", abs: "bf16::abs", relu: "bf16::relu", maximum: "bf16::maximum", minimum: "bf16::minimum", clip: "bf16::clip", sum: "bf16::sum", max: "bf16::max", min: "bf16::min"
    });
}

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

/// Every stdlib kernel, which [`Registry::with_stdlib`](crate::Registry::with_stdlib)
/// registers under its own name: `add`, ... for f32, `f64::add`, ... for the f64 ones, and
/// likewise `i8::`, `i16::`, `u16::`, `u64::`, `f16::`, `bf16::` and `bool::` for the kernels
/// of those types.
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
    i8::add::KERNEL,
    i8::sub::KERNEL,
    i8::mul::KERNEL,
    i8::div::KERNEL,
    i8::neg::KERNEL,
    i8::abs::KERNEL,
    i8::relu::KERNEL,
    i8::maximum::KERNEL,
    i8::minimum::KERNEL,
    i8::clip::KERNEL,
    i8::sum::KERNEL,
    i8::max::KERNEL,
    i8::min::KERNEL,
    i16::add::KERNEL,
    i16::sub::KERNEL,
    i16::mul::KERNEL,
    i16::div::KERNEL,
    i16::neg::KERNEL,
    i16::abs::KERNEL,
    i16::relu::KERNEL,
    i16::maximum::KERNEL,
    i16::minimum::KERNEL,
    i16::clip::KERNEL,
    i16::sum::KERNEL,
    i16::max::KERNEL,
    i16::min::KERNEL,
    u16::add::KERNEL,
    u16::sub::KERNEL,
    u16::mul::KERNEL,
    u16::div::KERNEL,
    u16::neg::KERNEL,
    u16::abs::KERNEL,
    u16::relu::KERNEL,
    u16::maximum::KERNEL,
    u16::minimum::KERNEL,
    u16::clip::KERNEL,
    u16::sum::KERNEL,
    u16::max::KERNEL,
    u16::min::KERNEL,
    u64::add::KERNEL,
    u64::sub::KERNEL,
    u64::mul::KERNEL,
    u64::div::KERNEL,
    u64::neg::KERNEL,
    u64::abs::KERNEL,
    u64::relu::KERNEL,
    u64::maximum::KERNEL,
    u64::minimum::KERNEL,
    u64::clip::KERNEL,
    u64::sum::KERNEL,
    u64::max::KERNEL,
    u64::min::KERNEL,
    f16::add::KERNEL,
    f16::sub::KERNEL,
    f16::mul::KERNEL,
    f16::div::KERNEL,
    f16::neg::KERNEL,
    f16::abs::KERNEL,
    f16::relu::KERNEL,
    f16::maximum::KERNEL,
    f16::minimum::KERNEL,
    f16::clip::KERNEL,
    f16::sum::KERNEL,
    f16::max::KERNEL,
    f16::min::KERNEL,
    bf16::add::KERNEL,
    bf16::sub::KERNEL,
    bf16::mul::KERNEL,
    bf16::div::KERNEL,
    bf16::neg::KERNEL,
    bf16::abs::KERNEL,
    bf16::relu::KERNEL,
    bf16::maximum::KERNEL,
    bf16::minimum::KERNEL,
    bf16::clip::KERNEL,
    bf16::sum::KERNEL,
    bf16::max::KERNEL,
    bf16::min::KERNEL,
    bool::and::KERNEL,
    bool::or::KERNEL,
    bool::xor::KERNEL,
    bool::not::KERNEL,
    bool::any::KERNEL,
    bool::all::KERNEL,
    bool::count::KERNEL,
];
