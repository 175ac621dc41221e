//! Streams given as a pointer and a byte stride: the arguments of
//! [`KernelRef::run_strided`] and [`KernelRef::reduce_strided`], for hosts that hold memory
//! of their own, such as numpy's inner loops.
//!
//! ```
//! # extern crate hologram_runtime as hologram;
//! use hologram::{ElemType, Registry, StridedInput, StridedOutput};
//!
//! let add = Registry::with_stdlib().get("add")?;
//! let x = [1.0f32, -1.0, 2.0, -2.0, 3.0, -3.0];
//! let one = [10.0f32];
//! let mut out = [0.0f32; 3];
//! // Every other element of `x`, plus one value broadcast (stride 0).
//! let inputs = [
//!     StridedInput { elem: ElemType::F32, ptr: x.as_ptr().cast(), stride: 8 },
//!     StridedInput { elem: ElemType::F32, ptr: one.as_ptr().cast(), stride: 0 },
//! ];
//! let outputs = [StridedOutput { elem: ElemType::F32, ptr: out.as_mut_ptr().cast(), stride: 4 }];
//! // SAFETY: each stream holds 3 elements of its type at its stride, and `out` overlaps
//! // neither input.
//! unsafe { add.run_strided(&[], 3, &inputs, &outputs) }?;
//! assert_eq!(out, [11.0, 12.0, 13.0]);
//! # Ok::<(), hologram::Error>(())
//! ```
//!
//! [`KernelRef::run_strided`]: crate::KernelRef::run_strided
//! [`KernelRef::reduce_strided`]: crate::KernelRef::reduce_strided

use crate::element::ElemType;

/// One input stream of a strided call: element `i` is the `elem` at byte address
/// `ptr + i * stride`. A stride may be negative, or 0 to repeat one element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StridedInput {
    /// The type of the stream's elements.
    pub elem: ElemType,
    /// Element 0.
    pub ptr: *const u8,
    /// Bytes from one element to the next.
    pub stride: isize,
}

/// One output stream of a strided call: element `i` is the `elem` at byte address
/// `ptr + i * stride`. A stride may be negative, but not 0 when the call has more than one
/// element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StridedOutput {
    /// The type of the stream's elements.
    pub elem: ElemType,
    /// Element 0.
    pub ptr: *mut u8,
    /// Bytes from one element to the next.
    pub stride: isize,
}
