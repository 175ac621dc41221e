//! Elementwise arithmetic for f32: add, sub, mul, div, neg, abs, relu, maximum, minimum,
//! clip.
//!
//! NaN rule: every kernel here propagates NaN, as numpy does. `maximum`, `minimum`, `relu`
//! and `clip` return NaN when an input is NaN, unlike `f32::max`, which drops it. Where two
//! zeros of different sign compare equal, `maximum` and `minimum` return the second argument.

macro_rules! elementwise_family {
    ($t:ident { add: $add:literal, sub: $sub:literal, mul: $mul:literal, div: $div:literal, neg: $neg:literal, abs: $abs:literal, relu: $relu:literal, maximum: $maximum:literal, minimum: $minimum:literal, clip: $clip:literal }) => {
        /// `a + b`.
        #[crate::kernel(name = $add)]
        pub fn add(a: $t, b: $t) -> $t {
            a + b
        }

        /// `a - b`.
        #[crate::kernel(name = $sub)]
        pub fn sub(a: $t, b: $t) -> $t {
            a - b
        }

        /// `a * b`.
        #[crate::kernel(name = $mul)]
        pub fn mul(a: $t, b: $t) -> $t {
            a * b
        }

        /// `a / b`, IEEE 754 division (`x / 0` is ±inf or NaN).
        #[crate::kernel(name = $div)]
        pub fn div(a: $t, b: $t) -> $t {
            a / b
        }

        /// `-x`.
        #[crate::kernel(name = $neg)]
        pub fn neg(x: $t) -> $t {
            -x
        }

        /// `|x|`.
        #[crate::kernel(name = $abs)]
        pub fn abs(x: $t) -> $t {
            x.abs()
        }

        /// `max(x, 0)`; NaN stays NaN.
        #[crate::kernel(name = $relu)]
        pub fn relu(x: $t) -> $t {
            if x < 0.0 { 0.0 } else { x }
        }

        /// The larger of `a` and `b`; NaN if either is NaN (numpy's `maximum`).
        #[crate::kernel(name = $maximum)]
        pub fn maximum(a: $t, b: $t) -> $t {
            if a > b || a.is_nan() { a } else { b }
        }

        /// The smaller of `a` and `b`; NaN if either is NaN (numpy's `minimum`).
        #[crate::kernel(name = $minimum)]
        pub fn minimum(a: $t, b: $t) -> $t {
            if a < b || a.is_nan() { a } else { b }
        }

        /// `x` limited to `[lo, hi]`: `minimum(maximum(x, lo), hi)`, exactly numpy's
        /// `clip`. NaN in `x` or in a bound gives NaN; with `lo > hi` every result is `hi`.
        #[crate::kernel(name = $clip)]
        pub fn clip(x: $t, #[uniform] lo: $t, #[uniform] hi: $t) -> $t {
            minimum(maximum(x, lo), hi)
        }
    };
}

pub(crate) use elementwise_family;

elementwise_family!(f32 {
    add: "add",
    sub: "sub",
    mul: "mul",
    div: "div",
    neg: "neg",
    abs: "abs",
    relu: "relu",
    maximum: "maximum",
    minimum: "minimum",
    clip: "clip"
});
