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

use crate::element::Element;
use crate::kernel::{KernelDescriptor, KernelKind};
use core::cell::Cell;
use core::ffi::{c_char, c_void};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Version of the layout of [`CallArgs`] and of the kernel table. A host refuses a library
/// of another version.
pub const ABI_VERSION: u32 = 1;

/// Status: the call succeeded.
pub const STATUS_OK: i32 = 0;
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

/// Why an entry point refused a call; its text goes to the host's message buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryError(pub &'static str);

/// A validated view of a [`CallArgs`], handed to the body of a generated entry point.
///
/// Every accessor checks the requested element type against the kernel's descriptor, so a
/// body that asks for the wrong type gets an error, never a misread pointer.
#[derive(Debug)]
pub struct EntryCall<'a> {
    args: &'a CallArgs,
    descriptor: &'a KernelDescriptor,
}

/// The body of a kernel's entry point, implemented by `#[kernel]` in safe code; the runtime's
/// [`entry`] wraps it in the `extern "C"` function.
pub trait EntryBody {
    /// The kernel's signature; the argument block is checked against it.
    const DESCRIPTOR: KernelDescriptor;
    /// Runs the kernel on a checked argument block.
    fn run(call: &EntryCall<'_>) -> Result<(), EntryError>;
}

/// The C entry point of the kernel whose body is `B`.
///
/// # Safety
/// `args` must be null or satisfy the [`CallArgs`] contract for `B::DESCRIPTOR`.
pub unsafe extern "C" fn entry<B: EntryBody>(args: *const CallArgs) -> i32 {
    // SAFETY: our caller upholds the contract for `B::DESCRIPTOR`, which is what `enter`
    // needs.
    unsafe { enter(args, &B::DESCRIPTOR, B::run) }
}

impl<'a> EntryCall<'a> {
    /// Elements in every stream.
    pub fn len(&self) -> usize {
        self.args.len
    }

    /// Whether the streams are empty.
    pub fn is_empty(&self) -> bool {
        self.args.len == 0
    }

    /// Uniform number `index`, read as `T`.
    pub fn uniform<T: RawElement>(&self, index: usize) -> Result<T, EntryError> {
        if self.descriptor.uniforms().get(index) != Some(&T::TYPE) {
            return Err(EntryError("a uniform was requested with the wrong type"));
        }
        if index >= self.args.uniform_count || self.args.uniforms.is_null() {
            return Err(EntryError("a uniform value is missing"));
        }
        // SAFETY: `enter`'s caller guarantees `uniforms` holds `uniform_count` values, the
        // index is in range, and the value holds the field of the declared type, which is
        // `T` (checked above).
        unsafe { Ok(T::from_raw(self.args.uniforms.add(index).read())) }
    }

    /// Input stream number `index`, as cells (an output may be the same memory).
    pub fn input<T: Element>(&self, index: usize) -> Result<&'a [Cell<T>], EntryError> {
        if self.descriptor.inputs().get(index) != Some(&T::TYPE) {
            return Err(EntryError("an input was requested with the wrong type"));
        }
        if index >= self.args.input_count || self.args.inputs.is_null() {
            return Err(EntryError("an input stream pointer is missing"));
        }
        // SAFETY: `inputs` holds `input_count` pointers and the index is in range.
        let ptr = unsafe { self.args.inputs.add(index).read() };
        self.stream(ptr.cast_mut().cast::<T>())
    }

    /// Input stream number `index` of a reduction, as a plain slice.
    ///
    /// A reduction has no output streams, so nothing writes its inputs during the call and a
    /// shared slice is sound; for an elementwise kernel this is an error (use
    /// [`input`](Self::input), whose cells allow in-place outputs).
    pub fn reduce_input<T: Element>(&self, index: usize) -> Result<&'a [T], EntryError> {
        if self.descriptor.kind() != KernelKind::Reduce {
            return Err(EntryError(
                "a plain input slice was requested by a kernel that is not a reduction",
            ));
        }
        let cells = self.input::<T>(index)?;
        // SAFETY: `Cell<T>` has the layout of `T`. The call is a reduction, which writes no
        // stream, and the `CallArgs` contract forbids anyone else from writing the streams
        // during the call, so the memory stays unchanged while the shared slice lives.
        Ok(unsafe { core::slice::from_raw_parts(cells.as_ptr().cast::<T>(), cells.len()) })
    }

    /// Output stream number `index`, as cells.
    pub fn output<T: Element>(&self, index: usize) -> Result<&'a [Cell<T>], EntryError> {
        let elementwise = self.descriptor.kind() == KernelKind::Elementwise;
        if !elementwise || self.descriptor.outputs().get(index) != Some(&T::TYPE) {
            return Err(EntryError("an output was requested with the wrong type"));
        }
        if index >= self.args.output_count || self.args.outputs.is_null() {
            return Err(EntryError("an output stream pointer is missing"));
        }
        // SAFETY: `outputs` holds `output_count` pointers and the index is in range.
        let ptr = unsafe { self.args.outputs.add(index).read() };
        self.stream(ptr.cast::<T>())
    }

    /// Writes a reduction's result.
    pub fn set_result<T: RawElement>(&self, value: T) -> Result<(), EntryError> {
        let reduce = self.descriptor.kind() == KernelKind::Reduce;
        if !reduce || self.descriptor.outputs().first() != Some(&T::TYPE) {
            return Err(EntryError("a result was written with the wrong type"));
        }
        if self.args.result.is_null() {
            return Err(EntryError("the result pointer is null"));
        }
        // SAFETY: `enter`'s caller guarantees `result` points to one writable value; a
        // `RawScalar` is plain bytes, so any write is valid.
        unsafe { self.args.result.write(value.into_raw()) };
        Ok(())
    }

    fn stream<T: Element>(&self, ptr: *mut T) -> Result<&'a [Cell<T>], EntryError> {
        let len = self.args.len;
        if len == 0 {
            return Ok(&[]);
        }
        if ptr.is_null() {
            return Err(EntryError("a stream pointer is null"));
        }
        if !ptr.is_aligned() {
            return Err(EntryError(
                "a stream pointer is not aligned for its element type",
            ));
        }
        // SAFETY: `enter`'s caller guarantees the pointer is valid for `len` elements of the
        // declared type for the call, and our callers checked that type is `T`. `Cell<T>`
        // has the layout of `T`, and shared cells may alias, which in-place calls need. No
        // `&T` or `&mut T` to the memory exists during the call.
        Ok(unsafe { core::slice::from_raw_parts(ptr.cast::<Cell<T>>(), len) })
    }
}

/// Runs the body of a generated entry point: checks the argument block against the
/// descriptor, catches panics, and turns the outcome into a status code and message.
///
/// # Safety
/// `args` must be null or satisfy the [`CallArgs`] contract for a kernel with signature
/// `descriptor`. (`body` cannot misread: [`EntryCall`] checks every type it is asked for
/// against `descriptor`.)
unsafe fn enter(
    args: *const CallArgs,
    descriptor: &KernelDescriptor,
    body: impl FnOnce(&EntryCall<'_>) -> Result<(), EntryError>,
) -> i32 {
    // SAFETY: the caller guarantees `args` is null or valid for the call.
    let Some(args) = (unsafe { args.as_ref() }) else {
        return STATUS_ERROR;
    };
    let call = EntryCall { args, descriptor };
    if let Err(e) = check_counts(args, descriptor) {
        write_message(args, e.0);
        return STATUS_ERROR;
    }
    match catch_unwind(AssertUnwindSafe(|| body(&call))) {
        Ok(Ok(())) => STATUS_OK,
        Ok(Err(e)) => {
            write_message(args, e.0);
            STATUS_ERROR
        }
        Err(payload) => {
            let text = payload
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
                .unwrap_or("a panic with a non-string payload");
            write_message(args, text);
            STATUS_PANICKED
        }
    }
}

fn check_counts(args: &CallArgs, d: &KernelDescriptor) -> Result<(), EntryError> {
    if args.uniform_count != d.uniforms().len() {
        return Err(EntryError("wrong number of uniform values for this kernel"));
    }
    if args.input_count != d.inputs().len() {
        return Err(EntryError("wrong number of input streams for this kernel"));
    }
    let outputs = match d.kind() {
        KernelKind::Elementwise => d.outputs().len(),
        KernelKind::Reduce => 0,
    };
    if args.output_count != outputs {
        return Err(EntryError("wrong number of output streams for this kernel"));
    }
    Ok(())
}

/// Copies `text` into the host's message buffer, truncated on a character boundary and
/// NUL-terminated.
fn write_message(args: &CallArgs, text: &str) {
    let capacity = args.message_capacity;
    if args.message.is_null() || capacity == 0 {
        return;
    }
    let mut n = text.len().min(capacity - 1);
    while !text.is_char_boundary(n) {
        n -= 1;
    }
    // SAFETY: the contract makes `message` valid for `capacity` bytes; we write `n + 1 <=
    // capacity` bytes, from a source that cannot overlap a buffer the host owns.
    unsafe {
        core::ptr::copy_nonoverlapping(text.as_ptr(), args.message.cast::<u8>(), n);
        args.message.add(n).write(0);
    }
}
