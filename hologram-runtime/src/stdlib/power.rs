//! Power kernels: `cbrt`, and `powf` and `hypot` with two inputs.
//!
//! Each is a `#[kernel]` over the branch-free function of the same name in
//! [`math`](crate::math), so the generated loops vectorize; each function's maximum error in
//! ulp and its special values are stated in its documentation there.
//!
//! ```
//! # extern crate hologram_runtime as hologram;
//! use hologram::stdlib;
//!
//! let (x, y) = ([3.0f32, 2.0, -2.0], [4.0f32, 10.0, 3.0]);
//! let mut out = [0.0f32; 3];
//! stdlib::hypot::slices(&x, &y, &mut out)?;
//! assert_eq!(out[0], 5.0);
//! stdlib::powf::slices(&x, &y, &mut out)?;
//! assert_eq!(out, [81.0, 1024.0, -8.0]);
//! # Ok::<(), hologram::Error>(())
//! ```

macro_rules! power_family {
    ($t:ident, $math:path, { cbrt: $cbrt:literal, powf: $powf:literal, hypot: $hypot:literal }) => {
        /// The cube root; see [`math::cbrt`](crate::math::cbrt) for the error bound.
        #[crate::kernel(name = $cbrt)]
        pub fn cbrt(x: $t) -> $t {
            use $math as math;
            math::cbrt(x)
        }

        /// `x` to the power `y` (inputs in that order); see [`math::powf`](crate::math::powf) for
        /// the error bound and the special values.
        #[crate::kernel(name = $powf)]
        pub fn powf(x: $t, y: $t) -> $t {
            use $math as math;
            math::powf(x, y)
        }

        /// `sqrt(x^2 + y^2)`; see [`math::hypot`](crate::math::hypot) for the error bound.
        #[crate::kernel(name = $hypot)]
        pub fn hypot(x: $t, y: $t) -> $t {
            use $math as math;
            math::hypot(x, y)
        }
    };
}

pub(crate) use power_family;
