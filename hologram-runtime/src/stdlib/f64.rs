//! The f64 standard kernels: the same modules and semantics as the f32 ones in
//! [`stdlib`](super). Their descriptors, and so their names in a registry, carry the prefix
//! `f64::` (`f64::add`, `f64::softmax`, ...), so both families can be registered at once.
//!
//! ```
//! # extern crate hologram_runtime as hologram;
//! use hologram::stdlib::f64 as k;
//!
//! let mut out = [0.0f64; 2];
//! k::mul::slices(&[1.5, 2.0], &[2.0, -1.0], &mut out)?;
//! assert_eq!(out, [3.0, -2.0]);
//! assert_eq!(k::mul::KERNEL.descriptor().name(), "f64::mul");
//! # Ok::<(), hologram::Error>(())
//! ```

super::elementwise::elementwise_family!(f64 {
    add: "f64::add",
    sub: "f64::sub",
    mul: "f64::mul",
    div: "f64::div",
    neg: "f64::neg",
    abs: "f64::abs",
    relu: "f64::relu",
    maximum: "f64::maximum",
    minimum: "f64::minimum",
    clip: "f64::clip"
});
super::reduce::reduce_family!(f64 {
    sum: "f64::sum",
    max: "f64::max",
    min: "f64::min",
    dot: "f64::dot",
    mean: "f64::mean"
});
super::arg::arg_family!(f64 {
    argmax: "f64::argmax",
    argmin: "f64::argmin"
});
super::multipass::softmax_family!(f64, crate::math::f64, {
    softmax: "f64::softmax", log_softmax: "f64::log_softmax"
});
super::activation::activation_family!(f64, crate::math::f64, {
    exp: "f64::exp", ln: "f64::ln", tanh: "f64::tanh", sigmoid: "f64::sigmoid", gelu: "f64::gelu", gelu_tanh: "f64::gelu_tanh"
});
super::trig::trig_family!(f64, crate::math::f64, {
    sin: "f64::sin", cos: "f64::cos", sin_cos: "f64::sin_cos", tan: "f64::tan", asin: "f64::asin", acos: "f64::acos", atan: "f64::atan", atan2: "f64::atan2"
});
super::hyperbolic::hyperbolic_family!(f64, crate::math::f64, {
    sinh: "f64::sinh", cosh: "f64::cosh", asinh: "f64::asinh", acosh: "f64::acosh", atanh: "f64::atanh"
});
super::exp_log::exp_log_family!(f64, crate::math::f64, {
    exp2: "f64::exp2", exp_m1: "f64::exp_m1", log2: "f64::log2", log10: "f64::log10", ln_1p: "f64::ln_1p"
});
super::power::power_family!(f64, crate::math::f64, {
    cbrt: "f64::cbrt", powf: "f64::powf", hypot: "f64::hypot"
});
