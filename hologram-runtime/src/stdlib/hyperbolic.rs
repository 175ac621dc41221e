//! Hyperbolic kernels: `sinh`, `cosh`, `asinh`, `acosh`, `atanh`.
//!
//! Each is a `#[kernel]` over the branch-free function of the same name in
//! [`math`](crate::math), so the generated loops vectorize; each function's maximum error in
//! ulp is stated in its documentation there.
//!
//! ```
//! # extern crate hologram_runtime as hologram;
//! use hologram::stdlib;
//!
//! let x = [0.0f32, 1.0, -1.0];
//! let mut out = [0.0f32; 3];
//! stdlib::cosh::slices(&x, &mut out)?;
//! assert_eq!(out, [1.0, hologram::math::cosh(1.0), hologram::math::cosh(1.0)]);
//! # Ok::<(), hologram::Error>(())
//! ```

macro_rules! hyperbolic_family {
    ($t:ident, $math:path, { sinh: $sinh:literal, cosh: $cosh:literal, asinh: $asinh:literal, acosh: $acosh:literal, atanh: $atanh:literal }) => {
        /// The hyperbolic sine; see [`math::sinh`](crate::math::sinh) for the error bound.
        #[crate::kernel(name = $sinh)]
        pub fn sinh(x: $t) -> $t {
            use $math as math;
            math::sinh(x)
        }

        /// The hyperbolic cosine; see [`math::cosh`](crate::math::cosh) for the error bound.
        #[crate::kernel(name = $cosh)]
        pub fn cosh(x: $t) -> $t {
            use $math as math;
            math::cosh(x)
        }

        /// The inverse hyperbolic sine; see [`math::asinh`](crate::math::asinh) for the error bound.
        #[crate::kernel(name = $asinh)]
        pub fn asinh(x: $t) -> $t {
            use $math as math;
            math::asinh(x)
        }

        /// The inverse hyperbolic cosine; see [`math::acosh`](crate::math::acosh) for the error
        /// bound.
        #[crate::kernel(name = $acosh)]
        pub fn acosh(x: $t) -> $t {
            use $math as math;
            math::acosh(x)
        }

        /// The inverse hyperbolic tangent; see [`math::atanh`](crate::math::atanh) for the error
        /// bound.
        #[crate::kernel(name = $atanh)]
        pub fn atanh(x: $t) -> $t {
            use $math as math;
            math::atanh(x)
        }
    };
}

pub(crate) use hyperbolic_family;
