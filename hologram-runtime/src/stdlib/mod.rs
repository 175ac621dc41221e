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

mod elementwise;
pub mod f64;
mod reduce;

pub use elementwise::*;
pub use reduce::*;

/// Every f32 stdlib kernel, which [`Registry::with_stdlib`](crate::Registry::with_stdlib)
/// registers under its own name.
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
];
