//! The C ABI between a host and a kernel's entry point.
//!
//! Every `#[kernel]` gets an `extern "C"` entry point of type [`EntryFn`]. The host fills one
//! [`CallArgs`] block (length, pointers, uniform values, a message buffer) and calls it; the
//! entry point returns a status code. The same entry point serves kernels linked into the
//! program and kernels exported from a shared library, so a dynamic call is one indirect
//! call, with no lock, lookup or allocation.
//!
//! This module mirrors `include/hologram_kernel.h`; the two change together, and
//! [`ABI_VERSION`] changes with any incompatible edit.

pub(crate) mod entry;
mod host;
mod slices;
mod table;

pub use entry::{EntryBody, EntryCall, EntryError, entry};
pub(crate) use host::{Failure, Frame, invoke, scalar_from_raw};
pub use slices::{AnySlice, AnySliceMut};
pub use table::*;

use crate::element::Element;
use core::ffi::{c_char, c_void};

/// Version of the layout of [`CallArgs`] and of the kernel table. A host refuses a library
/// of another version.
pub const ABI_VERSION: u32 = 1;

/// Status: the call succeeded.
pub const STATUS_OK: i32 = 0;

/// The kind code of an elementwise-shaped kernel whose outputs depend on the whole stream
/// (`softmax`): `HG_KIND_ELEMENTWISE_WHOLE` in the header. Its descriptor reports
/// [`KernelKind::Elementwise`](crate::KernelKind::Elementwise) and
/// [`is_whole_stream`](crate::KernelDescriptor::is_whole_stream); the host calls it once per
/// call, never on pieces. (Codes 1 and 2 are [`KernelKind::code`](crate::KernelKind::code).)
pub const KIND_ELEMENTWISE_WHOLE: u32 = 3;
/// Status: the kernel refused the call; the message buffer says why.
pub const STATUS_ERROR: i32 = 1;
/// Status: the kernel panicked; the message buffer holds the panic message.
pub const STATUS_PANICKED: i32 = 2;

/// The entry point of a kernel: `int32_t entry(const hg_call_args *args)`.
///
/// # Safety
/// `args` must point to a [`CallArgs`] that satisfies the contract documented there.
pub type EntryFn = unsafe extern "C" fn(args: *const CallArgs) -> i32;

/// One uniform value or reduction result: 8 bytes, read as the field the descriptor names.
#[repr(C)]
#[derive(Clone, Copy)]
pub union RawScalar {
    /// An `f32` (`HG_TYPE_F32`).
    pub f32: f32,
    /// An `f64` (`HG_TYPE_F64`).
    pub f64: f64,
    /// An `i32` (`HG_TYPE_I32`).
    pub i32: i32,
    /// An `i64` (`HG_TYPE_I64`).
    pub i64: i64,
    /// A `u32` (`HG_TYPE_U32`).
    pub u32: u32,
    /// A `u8` (`HG_TYPE_U8`).
    pub u8: u8,
    /// All 8 bytes; lets a host zero the value before writing a narrower field.
    pub bits: u64,
}

impl core::fmt::Debug for RawScalar {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("RawScalar { .. }")
    }
}

/// The argument block of one call (`hg_call_args` in the header).
///
/// Contract, which the host guarantees for the duration of the call:
/// - `uniforms` points to `uniform_count` initialised values, each holding the field of the
///   type the descriptor declares for that uniform;
/// - `inputs` points to `input_count` pointers, each to `len` readable, aligned elements of
///   the declared input type; `outputs` points to `output_count` pointers, each to `len`
///   writable, aligned elements of the declared output type (elementwise kernels);
/// - an output may be the very same pointer as an input (in-place) but must not otherwise
///   overlap any input or output;
/// - nothing but the kernel itself writes the streams during the call;
/// - `result` points to one writable value (reductions; null for elementwise kernels);
/// - `message` points to `message_capacity` writable bytes, or is null with capacity 0.
///
/// When `len` is 0, stream pointers may be null.
#[repr(C)]
#[derive(Debug)]
pub struct CallArgs {
    /// Elements in every stream.
    pub len: usize,
    /// The uniform values, in declaration order.
    pub uniforms: *const RawScalar,
    /// How many uniform values `uniforms` holds.
    pub uniform_count: usize,
    /// One pointer per input stream, in declaration order.
    pub inputs: *const *const c_void,
    /// How many input pointers `inputs` holds.
    pub input_count: usize,
    /// One pointer per output stream, in declaration order.
    pub outputs: *const *mut c_void,
    /// How many output pointers `outputs` holds.
    pub output_count: usize,
    /// Where a reduction writes its result.
    pub result: *mut RawScalar,
    /// Buffer for a NUL-terminated message on failure.
    pub message: *mut c_char,
    /// Size of `message` in bytes.
    pub message_capacity: usize,
}

/// An element type that can travel in a [`RawScalar`].
pub trait RawElement: Element {
    /// Reads `raw` as `Self`.
    ///
    /// # Safety
    /// The field of `raw` for `Self` must be initialised.
    unsafe fn from_raw(raw: RawScalar) -> Self;
    /// Wraps `self`, with the unused bytes zeroed.
    fn into_raw(self) -> RawScalar;
}

macro_rules! raw_element {
    ($($t:ident),*) => {$(
        impl RawElement for $t {
            unsafe fn from_raw(raw: RawScalar) -> Self {
                // SAFETY: the caller guarantees this field is initialised, and every bit
                // pattern is a valid value of the type.
                unsafe { raw.$t }
            }
            fn into_raw(self) -> RawScalar {
                let mut raw = RawScalar { bits: 0 };
                raw.$t = self;
                raw
            }
        }
    )*};
}

raw_element!(f32, f64, i32, i64, u32, u8);
