//! In-place calls on plain slices: what `slices_into_{input}` of a `#[kernel]` takes as the
//! input its output overwrites.
//!
//! ```
//! # extern crate hologram_runtime as hologram;
//! use hologram::kernel;
//!
//! #[kernel]
//! fn saxpy(#[uniform] a: f32, x: f32, y: f32) -> f32 {
//!     a * x + y
//! }
//!
//! fn main() -> Result<(), hologram::Error> {
//!     let x = vec![1.0f32, 2.0, 3.0];
//!     let mut y = vec![10.0f32, 20.0, 30.0];
//!     saxpy::slices_into_y(2.0, &x, &mut y)?; // y = 2 x + y
//!     assert_eq!(y, [12.0, 24.0, 36.0]);
//!     Ok(())
//! }
//! ```

/// Keeps [`Overwrite`] to the impls here.
mod sealed {
    pub trait Sealed<In, Out> {}
}

/// A mutable slice of elements `In` that an in-place call reads as an input and overwrites
/// with an output of type `Out`: implemented by `&mut [T]`, `&mut Vec<T>` and `&mut [T; N]`,
/// only when `In` and `Out` are both `T`. Sealed.
#[diagnostic::on_unimplemented(
    message = "an in-place call writes its output (`{Out}`) over this input (`{In}`), so both must be one type",
    label = "this input is overwritten by the kernel's first output",
    note = "pass a `&mut [{Out}]` here, or call `slices` with an output of its own"
)]
pub trait Overwrite<'a, In, Out>: sealed::Sealed<In, Out> {
    /// The slice, read and then written.
    fn into_slice(self) -> &'a mut [In];
}

impl<T> sealed::Sealed<T, T> for &mut [T] {}
impl<'a, T> Overwrite<'a, T, T> for &'a mut [T] {
    #[inline(always)]
    fn into_slice(self) -> &'a mut [T] {
        self
    }
}

impl<T> sealed::Sealed<T, T> for &mut Vec<T> {}
impl<'a, T> Overwrite<'a, T, T> for &'a mut Vec<T> {
    #[inline(always)]
    fn into_slice(self) -> &'a mut [T] {
        self
    }
}

impl<T, const N: usize> sealed::Sealed<T, T> for &mut [T; N] {}
impl<'a, T, const N: usize> Overwrite<'a, T, T> for &'a mut [T; N] {
    #[inline(always)]
    fn into_slice(self) -> &'a mut [T] {
        self
    }
}
