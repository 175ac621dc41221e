//! Elementwise transcendental kernels and activations: `exp`, `ln`, `tanh`, `sigmoid`,
//! `gelu` (the erf form) and `gelu_tanh` (the tanh approximation).
//!
//! Each is a `#[kernel]` over the branch-free polynomial of the same name in
//! [`math`](crate::math), so the generated loops vectorize; each function's maximum error in
//! ulp is stated in its documentation there.

macro_rules! activation_family {
    ($t:ident, $math:path, { exp: $exp:literal, ln: $ln:literal, tanh: $tanh:literal, sigmoid: $sigmoid:literal, gelu: $gelu:literal, gelu_tanh: $gelu_tanh:literal }) => {
        /// `e^x`; see [`math::exp`](crate::math::exp) for the error bound.
        #[crate::kernel(name = $exp)]
        pub fn exp(x: $t) -> $t {
            use $math as math;
            math::exp(x)
        }

        /// The natural logarithm; see [`math::ln`](crate::math::ln) for the error bound.
        #[crate::kernel(name = $ln)]
        pub fn ln(x: $t) -> $t {
            use $math as math;
            math::ln(x)
        }

        /// `tanh(x)`; see [`math::tanh`](crate::math::tanh) for the error bound.
        #[crate::kernel(name = $tanh)]
        pub fn tanh(x: $t) -> $t {
            use $math as math;
            math::tanh(x)
        }

        /// `1 / (1 + e^-x)`; see [`math::sigmoid`](crate::math::sigmoid) for the error
        /// bound.
        #[crate::kernel(name = $sigmoid)]
        pub fn sigmoid(x: $t) -> $t {
            use $math as math;
            math::sigmoid(x)
        }

        /// GELU, the erf form `0.5 x (1 + erf(x / sqrt 2))`; see
        /// [`math::gelu`](crate::math::gelu) for the error bound.
        #[crate::kernel(name = $gelu)]
        pub fn gelu(x: $t) -> $t {
            use $math as math;
            math::gelu(x)
        }

        /// GELU, the tanh approximation `0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715
        /// x^3)))`; see [`math::gelu_tanh`](crate::math::gelu_tanh) for the error bound.
        #[crate::kernel(name = $gelu_tanh)]
        pub fn gelu_tanh(x: $t) -> $t {
            use $math as math;
            math::gelu_tanh(x)
        }
    };
}

pub(crate) use activation_family;
