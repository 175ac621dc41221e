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

mod bools;
pub(crate) mod entry;
mod host;
mod slices;
mod table;

pub use bools::{bools, bools_mut};
pub use entry::{EntryBody, EntryCall, EntryError, entry};
pub(crate) use host::{
    Failure, Frame, RawResults, invoke, invoke_reduction, scalar_from_bits, scalar_from_raw,
};
pub use slices::{AnySlice, AnySliceMut};
pub use table::*;

use crate::element::{ElemType, Element};
use core::ffi::{c_char, c_void};
use half::{bf16, f16};

/// Version of the layout of [`CallArgs`] and of the kernel table that this crate writes.
///
/// Version 2 appended byte strides and the index of the first element to [`CallArgs`], and
/// a combiner and identities to [`RawDescriptor`]; a version-2 reduction may have several
/// results (a tuple), each with its type, identity and slot in `result`. A host loads libraries of version [`ABI_VERSION_V1`] and of this
/// version, and refuses any other.
pub const ABI_VERSION: u32 = 2;

/// The first version of the ABI, which a host still loads: contiguous streams only, and
/// descriptors laid out as [`RawDescriptorV1`]. A host never passes such a kernel strides and
/// never splits its reductions (it has no combiner).
pub const ABI_VERSION_V1: u32 = 1;

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

/// The combiner of a reduction (version 2): `int32_t combine(const hg_scalar *a, const
/// hg_scalar *b, hg_scalar *out)` writes the combination of two partial results to `*out` and
/// returns [`STATUS_OK`], or another status if it failed (a Rust combiner that panicked
/// returns [`STATUS_PANICKED`]). It takes no message buffer: it joins two values, and the
/// host names the kernel and the status in its error.
///
/// A status rather than a bare `void` function so that a panic in a Rust combiner, which must
/// not unwind into C, still reaches the caller as an error instead of aborting the process.
///
/// # Safety
/// `a` and `b` must each point to a value holding the field of the kernel's result type, and
/// `out` to one writable value; `out` may be the same pointer as `a` or `b`.
pub type CombineFn =
    unsafe extern "C" fn(a: *const RawScalar, b: *const RawScalar, out: *mut RawScalar) -> i32;

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
    /// An `i8` (`HG_TYPE_I8`).
    pub i8: i8,
    /// An `i16` (`HG_TYPE_I16`).
    pub i16: i16,
    /// A `u16` (`HG_TYPE_U16`).
    pub u16: u16,
    /// A `u64` (`HG_TYPE_U64`).
    pub u64: u64,
    /// A `bool` (`HG_TYPE_BOOL`), as its byte: 0 is `false`, anything else is read as
    /// `true` ([`RawElement::from_raw`] never reads a byte other than 0 or 1 as a `bool`).
    pub boolean: u8,
    /// An [`f16`](struct@f16) (`HG_TYPE_F16`), as its bits in the header.
    pub f16: f16,
    /// A [`bf16`] (`HG_TYPE_BF16`), as its bits in the header.
    pub bf16: bf16,
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
/// - `inputs` points to `input_count` pointers, `outputs` (elementwise kernels) to
///   `output_count` pointers, each to an aligned element of the stream's declared type;
/// - stream `k` is `len` elements, element `i` at byte address `ptr_k + i * stride_k`, where
///   `stride_k` is entry `k` of `input_strides` (inputs) or `output_strides` (outputs); a null
///   stride array means every stream of that side is contiguous (stride = element size). A
///   stride may be negative, and 0 on an input broadcasts one element to every index. Every
///   such address of an input is readable and of an output writable;
/// - every stride is a multiple of its element's size (so every element is aligned), and an
///   output stride is not 0 when `len > 1` (two indices would write one element);
/// - an output may be the very same pointer **and** stride as an input (in place) but must
///   not otherwise share an element with any input or output;
/// - nothing but the kernel itself writes the streams during the call;
/// - `result` points to one writable value per result type of the descriptor (reductions;
///   null for elementwise kernels);
/// - `message` points to `message_capacity` writable bytes, or is null with capacity 0.
///
/// When `len` is 0, stream pointers may be null.
///
/// - `first_index` is the index, within the whole call the user made, of element 0 of these
///   streams: 0 for an unsplit call, `start` for the piece or block that starts at element
///   `start` of it. Kernels with an `#[index]` parameter add it to each element's position.
///
/// Version 2 appended the two stride fields and `first_index`. A version-1 entry point reads
/// only the fields before them, so a host may hand it a version-2 block, as long as every
/// stream is contiguous; a host never passes a version-1 kernel strides.
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
    /// Version 2: one byte stride per input stream, or null when every input is contiguous.
    pub input_strides: *const isize,
    /// Version 2: one byte stride per output stream, or null when every output is contiguous.
    pub output_strides: *const isize,
    /// Version 2: the index of element 0 of the streams within the whole call (see above).
    pub first_index: u64,
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

raw_element!(f32, f64, i32, i64, u32, u8, i8, i16, u16, u64, f16, bf16);

impl RawElement for bool {
    unsafe fn from_raw(raw: RawScalar) -> Self {
        // SAFETY: the caller guarantees the `bool` field (a `u8`) is initialised; any byte is
        // a valid `u8`, and a byte other than 0 reads as `true`, so no invalid `bool` is made
        // even when C wrote 2 there.
        unsafe { raw.boolean != 0 }
    }
    fn into_raw(self) -> RawScalar {
        let mut raw = RawScalar { bits: 0 };
        raw.boolean = u8::from(self);
        raw
    }
}

/// A reduction's result as the ABI carries it: one element ([`RawElement`]) or a tuple of
/// them, one [`RawScalar`] per component, in order.
pub trait RawResult: Copy {
    /// Number of components: 1 for an element.
    const COUNT: usize;
    /// Whether `types` are the components' element types, in order.
    fn types_are(types: &[ElemType]) -> bool;
    /// Writes the components to `out[..COUNT]`; `false` (nothing written) if `out` is shorter.
    fn write_raw(self, out: &mut [RawScalar]) -> bool;
    /// Reads a value from `raw[..COUNT]`; `None` if `raw` is shorter.
    ///
    /// # Safety
    /// The field of each component's type must be initialised in its slot.
    unsafe fn read_raw(raw: &[RawScalar]) -> Option<Self>;
}

impl<T: RawElement> RawResult for T {
    const COUNT: usize = 1;
    #[inline(always)]
    fn types_are(types: &[ElemType]) -> bool {
        types == [T::TYPE]
    }
    #[inline(always)]
    fn write_raw(self, out: &mut [RawScalar]) -> bool {
        match out.first_mut() {
            Some(slot) => {
                *slot = self.into_raw();
                true
            }
            None => false,
        }
    }
    #[inline(always)]
    unsafe fn read_raw(raw: &[RawScalar]) -> Option<Self> {
        // SAFETY: the caller guarantees the field of `T` is initialised.
        raw.first().map(|&r| unsafe { T::from_raw(r) })
    }
}

macro_rules! raw_tuples {
    ($(($($t:ident $i:tt),+))*) => {$(
        impl<$($t: RawElement),+> RawResult for ($($t,)+) {
            const COUNT: usize = [$($i),+].len();
            #[inline(always)]
            fn types_are(types: &[ElemType]) -> bool {
                types == [$($t::TYPE),+]
            }
            #[inline(always)]
            fn write_raw(self, out: &mut [RawScalar]) -> bool {
                let Some(out) = out.get_mut(..Self::COUNT) else {
                    return false;
                };
                $(if let Some(slot) = out.get_mut($i) {
                    *slot = self.$i.into_raw();
                })+
                true
            }
            #[inline(always)]
            unsafe fn read_raw(raw: &[RawScalar]) -> Option<Self> {
                let raw = raw.get(..Self::COUNT)?;
                // SAFETY: the caller guarantees each component's field is initialised.
                Some(($(unsafe { $t::from_raw(*raw.get($i)?) },)+))
            }
        }
    )*};
}

raw_tuples! {
    (A 0)
    (A 0, B 1)
    (A 0, B 1, C 2)
    (A 0, B 1, C 2, D 3)
    (A 0, B 1, C 2, D 3, E 4)
    (A 0, B 1, C 2, D 3, E 4, F 5)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14, P 15)
}

/// The 8 bytes of `value` in the ABI's form ([`raw_scalar`]) as a `u64`: how a kernel's
/// identities are kept.
pub const fn raw_bits<T: Element>(value: T) -> u64 {
    let raw = raw_scalar(value);
    // SAFETY: `raw_scalar` initialises all 8 bytes (the value, then zeros).
    unsafe { raw.bits }
}

/// `value` in the ABI's 8-byte form, with the unused bytes zeroed: what
/// [`RawElement::into_raw`] does, usable in a `const` (a kernel's identity is one).
///
/// # Panics
/// At compile time, if `T` is larger than 8 bytes or more aligned than a [`RawScalar`]; no
/// element type is.
pub const fn raw_scalar<T: Element>(value: T) -> RawScalar {
    assert!(size_of::<T>() <= size_of::<RawScalar>() && align_of::<T>() <= align_of::<RawScalar>());
    let mut raw = RawScalar { bits: 0 };
    // SAFETY: every field of the union starts at offset 0, and `T` fits in its 8 bytes with
    // an alignment the union has (asserted above); writing `value` there makes the field of
    // `T` initialised, and the other bytes stay zero.
    unsafe { (&raw mut raw).cast::<T>().write(value) };
    raw
}
