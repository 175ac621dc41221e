//! The host side of a call: the stack frame of pointers, the one indirect call, and the
//! message of a failed call.

use super::{
    CallArgs, EntryFn, MAX_STREAMS, MESSAGE_CAPACITY, RawElement, RawScalar, STATUS_ERROR,
    STATUS_OK, STATUS_PANICKED,
};
use crate::dynamic::Scalar;
use crate::element::ElemType;
use crate::kernel::{KernelDescriptor, KernelKind};
use core::cell::UnsafeCell;
use core::ffi::{c_char, c_void};
use core::mem::MaybeUninit;

/// Reads `raw` as a value of type `t`.
///
/// # Safety
/// The field of `raw` for `t` must be initialised (true of a value made with `bits: 0` and
/// then written as any field, or made by [`RawElement::into_raw`]).
pub(crate) unsafe fn scalar_from_raw(t: ElemType, raw: RawScalar) -> Scalar {
    // SAFETY: the caller guarantees the field for `t` is initialised; each arm reads exactly
    // that field.
    unsafe {
        match t {
            ElemType::F32 => Scalar::F32(f32::from_raw(raw)),
            ElemType::F64 => Scalar::F64(f64::from_raw(raw)),
            ElemType::I32 => Scalar::I32(i32::from_raw(raw)),
            ElemType::I64 => Scalar::I64(i64::from_raw(raw)),
            ElemType::U32 => Scalar::U32(u32::from_raw(raw)),
            ElemType::U8 => Scalar::U8(u8::from_raw(raw)),
            ElemType::I8 => Scalar::I8(i8::from_raw(raw)),
            ElemType::I16 => Scalar::I16(i16::from_raw(raw)),
            ElemType::U16 => Scalar::U16(u16::from_raw(raw)),
            ElemType::U64 => Scalar::U64(u64::from_raw(raw)),
            ElemType::Bool => Scalar::Bool(bool::from_raw(raw)),
            ElemType::F16 => Scalar::F16(half::f16::from_raw(raw)),
            ElemType::BF16 => Scalar::BF16(half::bf16::from_raw(raw)),
        }
    }
}

/// The value of type `t` whose 8 bytes in the ABI's form are `bits`.
pub(crate) fn scalar_from_bits(t: ElemType, bits: u64) -> Scalar {
    // SAFETY: a value made from `bits` has all 8 bytes initialised, so every field is.
    unsafe { scalar_from_raw(t, RawScalar { bits }) }
}

/// The pointer arrays of one dynamic call, kept on the host's stack: at most
/// [`MAX_STREAMS`] of each, so that a call allocates nothing. Only the first `counts` entries
/// of each array are ever set or read, so the arrays start uninitialised: a call pays for
/// what it uses, not for the capacity. Copying a frame copies its slots, set or not.
///
/// A frame is contiguous until a stride is set; then it is strided, and the caller sets the
/// byte stride of every input and output before the call (ABI version 2).
#[derive(Clone, Copy)]
// `repr(C)` with the scalars first: `new` writes only `len`, `counts` and `strided`, and with
// the pointer arrays between them LLVM merged those writes into one `memset` of the whole
// frame (673 bytes, 56 instructions a call by name in callgrind), uninitialised slots
// included.
#[repr(C)]
pub(crate) struct Frame {
    /// Elements in every stream.
    pub(crate) len: usize,
    /// How many uniforms, inputs and outputs the call passes.
    pub(crate) counts: [usize; 3],
    /// Whether the stride arrays are passed (else every stream is contiguous).
    strided: bool,
    /// The index of element 0 within the whole call (ABI version 2).
    pub(crate) first_index: u64,
    uniforms: [MaybeUninit<RawScalar>; MAX_STREAMS],
    inputs: [MaybeUninit<*const c_void>; MAX_STREAMS],
    outputs: [MaybeUninit<*mut c_void>; MAX_STREAMS],
    input_strides: [MaybeUninit<isize>; MAX_STREAMS],
    output_strides: [MaybeUninit<isize>; MAX_STREAMS],
}

impl Frame {
    /// An empty frame.
    #[inline(always)]
    pub(crate) fn new() -> Frame {
        Frame {
            len: 0,
            uniforms: [MaybeUninit::uninit(); MAX_STREAMS],
            inputs: [MaybeUninit::uninit(); MAX_STREAMS],
            outputs: [MaybeUninit::uninit(); MAX_STREAMS],
            input_strides: [MaybeUninit::uninit(); MAX_STREAMS],
            output_strides: [MaybeUninit::uninit(); MAX_STREAMS],
            strided: false,
            first_index: 0,
            counts: [0; 3],
        }
    }

    /// Whether the frame passes strides; only a kernel of ABI version 2 or later may be
    /// called with such a frame ([`Kernel::takes_strides`](crate::Kernel::takes_strides)).
    #[inline(always)]
    pub(crate) fn is_strided(&self) -> bool {
        self.strided
    }

    /// Sets uniform `i`.
    ///
    /// # Panics
    /// If `i >= MAX_STREAMS`.
    #[inline(always)]
    #[allow(
        clippy::indexing_slicing,
        reason = "callers pass i < a count that `Target::frame` matched to a descriptor of at \
                  most MAX_STREAMS; a panic beats leaving a slot uninitialised"
    )]
    pub(crate) fn set_uniform(&mut self, i: usize, value: RawScalar) {
        self.uniforms[i] = MaybeUninit::new(value);
    }

    /// Sets input pointer `i`.
    ///
    /// # Panics
    /// If `i >= MAX_STREAMS`.
    #[inline(always)]
    #[allow(
        clippy::indexing_slicing,
        reason = "callers pass i < a count that `Target::frame` matched to a descriptor of at \
                  most MAX_STREAMS; a panic beats leaving a slot uninitialised"
    )]
    pub(crate) fn set_input(&mut self, i: usize, ptr: *const c_void) {
        self.inputs[i] = MaybeUninit::new(ptr);
    }

    /// Sets output pointer `i`.
    ///
    /// # Panics
    /// If `i >= MAX_STREAMS`.
    #[inline(always)]
    #[allow(
        clippy::indexing_slicing,
        reason = "callers pass i < a count that `Target::frame` matched to a descriptor of at \
                  most MAX_STREAMS; a panic beats leaving a slot uninitialised"
    )]
    pub(crate) fn set_output(&mut self, i: usize, ptr: *mut c_void) {
        self.outputs[i] = MaybeUninit::new(ptr);
    }

    /// Sets the byte stride of input `i` and makes the frame strided: then the stride of
    /// every input and output must be set before the call.
    ///
    /// # Panics
    /// If `i >= MAX_STREAMS`.
    #[inline(always)]
    #[allow(
        clippy::indexing_slicing,
        reason = "callers pass i < a count of at most MAX_STREAMS; a panic beats leaving a \
                  slot uninitialised"
    )]
    #[cfg_attr(
        not(test),
        allow(
            dead_code,
            reason = "calls by name on arrays set strides; tests do now"
        )
    )]
    pub(crate) fn set_input_stride(&mut self, i: usize, stride: isize) {
        self.input_strides[i] = MaybeUninit::new(stride);
        self.strided = true;
    }

    /// Sets the byte stride of output `i` and makes the frame strided, as
    /// [`set_input_stride`](Self::set_input_stride).
    ///
    /// # Panics
    /// If `i >= MAX_STREAMS`.
    #[inline(always)]
    #[allow(
        clippy::indexing_slicing,
        reason = "callers pass i < a count of at most MAX_STREAMS; a panic beats leaving a \
                  slot uninitialised"
    )]
    #[cfg_attr(
        not(test),
        allow(
            dead_code,
            reason = "calls by name on arrays set strides; tests do now"
        )
    )]
    pub(crate) fn set_output_stride(&mut self, i: usize, stride: isize) {
        self.output_strides[i] = MaybeUninit::new(stride);
        self.strided = true;
    }
}

impl Frame {
    /// The elements `start..start + len` of every stream of this frame, for a piece of an
    /// elementwise call or a block of a reduction; `descriptor` gives each stream's element
    /// size, the stride of a contiguous stream.
    ///
    /// The pointers are offset with wrapping arithmetic, so this is safe; they are only valid
    /// for `len` elements when `start + len <= self.len` and the frame's pointers are.
    pub(crate) fn piece(&self, descriptor: &KernelDescriptor, start: usize, len: usize) -> Frame {
        let mut piece = Frame {
            len,
            counts: self.counts,
            first_index: self.first_index.wrapping_add(start as u64),
            ..*self
        };
        let [_, inputs, outputs] = self.counts;
        let strided = self.strided;
        // The byte offset of element `start` of stream `i`: `start * stride`.
        let offset = |types: &[ElemType], strides: &[MaybeUninit<isize>], i: usize| {
            let stride = match strides.get(i) {
                // SAFETY: in a strided frame the stride of every stream below the counts is
                // set before the call, and callers pass such an `i`.
                Some(s) if strided => unsafe { s.assume_init() },
                _ => types.get(i).map_or(0, |t| t.size()).cast_signed(),
            };
            stride.wrapping_mul(start.cast_signed())
        };
        for (i, slot) in piece.inputs.iter_mut().enumerate().take(inputs) {
            // SAFETY: the first `counts[1]` input slots were set before the call.
            let ptr = unsafe { slot.assume_init() };
            let by = offset(descriptor.inputs(), &self.input_strides, i);
            *slot = MaybeUninit::new(ptr.wrapping_byte_offset(by));
        }
        for (i, slot) in piece.outputs.iter_mut().enumerate().take(outputs) {
            // SAFETY: the first `counts[2]` output slots were set before the call.
            let ptr = unsafe { slot.assume_init() };
            let by = offset(descriptor.outputs(), &self.output_strides, i);
            *slot = MaybeUninit::new(ptr.wrapping_byte_offset(by));
        }
        piece
    }
}

/// Why a kernel's entry point did not succeed, with the message it wrote.
#[derive(Debug)]
pub(crate) enum Failure {
    /// [`STATUS_ERROR`].
    Failed(String),
    /// [`STATUS_PANICKED`].
    Panicked(String),
    /// Any other status code.
    UnknownStatus(i32, String),
    /// A reduction's combiner returned this status rather than [`STATUS_OK`].
    Combine(i32),
}

/// One slot per component of a reduction's result, as the entry point writes them.
pub(crate) type RawResults = [RawScalar; MAX_STREAMS];

/// Calls the entry point of a reduction on `frame`, as [`invoke`] does, and returns its
/// results: slot `k` holds result `k`, every slot zeroed before the call.
///
/// # Safety
/// As [`invoke`], for a reduction.
#[inline]
pub(crate) unsafe fn invoke_reduction(
    entry: EntryFn,
    descriptor: &KernelDescriptor,
    frame: &Frame,
) -> Result<RawResults, Failure> {
    let mut result = [RawScalar { bits: 0 }; MAX_STREAMS];
    // SAFETY: passed on; `result` has a slot for each of the at most MAX_STREAMS result
    // types a descriptor has, and lives until after the call.
    unsafe { call(entry, descriptor, frame, result.as_mut_ptr()) }?;
    Ok(result)
}

/// Calls `entry` on `frame` with the thread's message buffer of [`MESSAGE_CAPACITY`] bytes:
/// an elementwise call, with no result (use [`invoke_reduction`] for a reduction).
///
/// # Safety
/// `entry` must be the entry point of a kernel whose signature is `descriptor`, and `frame`
/// must satisfy the [`CallArgs`] contract for that signature: its counts equal the
/// descriptor's (0 outputs for a reduction), the first `counts` entries of each array are set,
/// and each of those pointers is valid
/// for `len` elements of the declared type (inputs readable, outputs writable, outputs
/// overlapping no input except by being the very same pointer) until this returns. A strided
/// frame has every stride set, its streams are valid at the strides' addresses, and the entry
/// point is of ABI version 2 or later.
#[inline]
pub(crate) unsafe fn invoke(
    entry: EntryFn,
    descriptor: &KernelDescriptor,
    frame: &Frame,
) -> Result<(), Failure> {
    // SAFETY: passed on; an elementwise call writes no result, so the pointer is null.
    unsafe { call(entry, descriptor, frame, core::ptr::null_mut()) }
}

/// The one call of an entry point: `result` is null for an elementwise kernel, else
/// MAX_STREAMS writable slots, zeroed.
///
/// # Safety
/// As [`invoke`], and `result` as above.
#[inline(always)]
unsafe fn call(
    entry: EntryFn,
    descriptor: &KernelDescriptor,
    frame: &Frame,
    result: *mut RawScalar,
) -> Result<(), Failure> {
    let message = MESSAGE.with(UnsafeCell::get).cast::<u8>();
    // SAFETY: the thread's message buffer holds `MESSAGE_CAPACITY` initialised bytes and is
    // only ever accessed through raw pointers on this thread; an empty message is the
    // default when a failing kernel writes none.
    unsafe { message.write(0) };
    let reduce = descriptor.kind() == KernelKind::Reduce;
    let args = CallArgs {
        len: frame.len,
        uniforms: frame.uniforms.as_ptr().cast::<RawScalar>(),
        uniform_count: frame.counts[0],
        inputs: frame.inputs.as_ptr().cast::<*const c_void>(),
        input_count: frame.counts[1],
        outputs: frame.outputs.as_ptr().cast::<*mut c_void>(),
        output_count: frame.counts[2],
        result: if reduce {
            result
        } else {
            core::ptr::null_mut()
        },
        message: message.cast::<c_char>(),
        message_capacity: MESSAGE_CAPACITY,
        input_strides: if frame.strided {
            frame.input_strides.as_ptr().cast::<isize>()
        } else {
            core::ptr::null()
        },
        output_strides: if frame.strided {
            frame.output_strides.as_ptr().cast::<isize>()
        } else {
            core::ptr::null()
        },
        first_index: frame.first_index,
    };
    // SAFETY: the caller guarantees the streams and counts; `result` points to MAX_STREAMS
    // writable values for a reduction (null otherwise; a descriptor has at most MAX_STREAMS
    // result types), on the caller's stack frame, and `message` to the
    // thread's `MESSAGE_CAPACITY` writable bytes; both outlive the call.
    let status = unsafe { entry(&args) };
    if status == STATUS_OK {
        return Ok(());
    }
    Err(failure(status, message))
}

thread_local! {
    /// Each thread's message buffer for failing kernels: always initialised (zeroed at first
    /// use, then written only with bytes), so reading it is sound whatever a kernel wrote;
    /// kept per thread so that a successful call does not pay to zero a fresh buffer.
    static MESSAGE: UnsafeCell<[u8; MESSAGE_CAPACITY]> =
        const { UnsafeCell::new([0; MESSAGE_CAPACITY]) };
}

/// Reads the NUL-terminated message of a failed call from the thread's buffer, then clears
/// the buffer.
#[cold]
#[inline(never)]
fn failure(status: i32, message: *mut u8) -> Failure {
    // SAFETY: `message` is this thread's buffer of `MESSAGE_CAPACITY` initialised bytes (see
    // `MESSAGE`); the call that wrote it has returned, and no other reference to it exists
    // while this shared one lives (nested calls happen only inside a kernel, which has
    // returned).
    let bytes = unsafe { core::slice::from_raw_parts(message, MESSAGE_CAPACITY) };
    // Up to the first NUL, or all of it if a kernel wrote none.
    let text =
        core::ffi::CStr::from_bytes_until_nul(bytes).map_or(bytes, core::ffi::CStr::to_bytes);
    let text = String::from_utf8_lossy(text).into_owned();
    // SAFETY: as above; the shared slice is no longer used.
    unsafe { message.write_bytes(0, MESSAGE_CAPACITY) };
    match status {
        STATUS_ERROR => Failure::Failed(text),
        STATUS_PANICKED => Failure::Panicked(text),
        other => Failure::UnknownStatus(other, text),
    }
}
