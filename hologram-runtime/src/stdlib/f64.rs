//! The f64 standard kernels: the same names and semantics as the f32 ones in
//! [`stdlib`](super).
//!
//! ```
//! # extern crate hologram_runtime as hologram;
//! use hologram::stdlib::f64 as k;
//!
//! let mut out = [0.0f64; 2];
//! k::mul::slices(&[1.5, 2.0], &[2.0, -1.0], &mut out)?;
//! assert_eq!(out, [3.0, -2.0]);
//! # Ok::<(), hologram::Error>(())
//! ```

super::elementwise::elementwise_family!(f64);
super::reduce::reduce_family!(f64);
