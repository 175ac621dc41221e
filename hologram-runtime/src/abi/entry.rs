//! The kernel side of a call: the `extern "C"` entry point, which checks the argument
//! block, hands the generated body typed views of it, and turns panics into a status.

use super::{CallArgs, RawElement, STATUS_ERROR, STATUS_OK, STATUS_PANICKED};
use crate::element::Element;
use crate::kernel::{Kernel, KernelDescriptor, KernelKind};
use core::cell::Cell;
use core::ffi::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind};

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
    /// Outputs handed out as cells, one bit per output index below 64.
    output_cells: Cell<u64>,
    /// Outputs handed out as exclusive slices, one bit per output index below 64.
    output_slices: Cell<u64>,
    /// Whether no output is the same pointer as another stream, once computed.
    disjoint: Cell<Option<bool>>,
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

/// The kernel whose entry-point body is `B`: its descriptor and its entry point come from the
/// same type, so they cannot disagree. What `#[kernel]` generates calls (through `__private`).
pub const fn kernel<B: EntryBody>() -> Kernel {
    Kernel::new(B::DESCRIPTOR, entry::<B>)
}

impl<'a> EntryCall<'a> {
    /// Elements in every stream.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.args.len
    }

    /// Whether the streams are empty.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.args.len == 0
    }

    /// Uniform number `index`, read as `T`.
    #[inline(always)]
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
    #[inline(always)]
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
    #[inline(always)]
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
    #[inline(always)]
    pub fn output<T: Element>(&self, index: usize) -> Result<&'a [Cell<T>], EntryError> {
        let ptr = self.output_ptr::<T>(index)?;
        if let Some(bit) = bit(index) {
            if self.output_slices.get() & bit != 0 {
                return Err(EntryError(
                    "an output was requested as cells after it was taken as a slice",
                ));
            }
            self.output_cells.set(self.output_cells.get() | bit);
        }
        self.stream(ptr)
    }

    /// Whether every stream of the call is its own memory: no output is the same pointer as
    /// an input or as another output. Then [`input_slice`](Self::input_slice) and
    /// [`output_slice`](Self::output_slice) hand out plain slices, which the loops of
    /// `slices` run on; otherwise the call is in place and needs cells.
    #[inline(always)]
    pub fn streams_disjoint(&self) -> bool {
        if let Some(known) = self.disjoint.get() {
            return known;
        }
        let disjoint = self.compute_disjoint();
        self.disjoint.set(Some(disjoint));
        disjoint
    }

    fn compute_disjoint(&self) -> bool {
        let (inputs, outputs) = (self.args.input_count, self.args.output_count);
        if self.args.len == 0 || outputs == 0 {
            return true;
        }
        if self.args.outputs.is_null() || (inputs > 0 && self.args.inputs.is_null()) {
            return false;
        }
        for j in 0..outputs {
            let out = self.raw_output(j);
            for i in 0..inputs {
                if self.raw_input(i).cast_mut() == out {
                    return false;
                }
            }
            for k in 0..j {
                if self.raw_output(k) == out {
                    return false;
                }
            }
        }
        true
    }

    /// Input stream number `index` as a plain slice, when the streams are disjoint
    /// ([`streams_disjoint`](Self::streams_disjoint)).
    #[inline(always)]
    pub fn input_slice<T: Element>(&self, index: usize) -> Result<&'a [T], EntryError> {
        if !self.streams_disjoint() {
            return Err(EntryError(
                "an input was requested as a slice in a call where an output shares memory",
            ));
        }
        let cells = self.input::<T>(index)?;
        // SAFETY: `Cell<T>` has the layout of `T`. No output is the same pointer as another
        // stream, so by the `CallArgs` contract no output overlaps this input, and nothing
        // else writes the streams during the call: the memory stays unchanged while the
        // shared slice lives.
        Ok(unsafe { core::slice::from_raw_parts(cells.as_ptr().cast::<T>(), cells.len()) })
    }

    /// Output stream number `index` as an exclusive slice, when the streams are disjoint
    /// ([`streams_disjoint`](Self::streams_disjoint)); each output can be taken this way
    /// once, and not also as cells.
    #[inline(always)]
    pub fn output_slice<T: Element>(&self, index: usize) -> Result<&'a mut [T], EntryError> {
        let ptr = self.output_ptr::<T>(index)?;
        let Some(bit) = bit(index) else {
            return Err(EntryError(
                "only the first 64 outputs can be taken as slices",
            ));
        };
        if (self.output_cells.get() | self.output_slices.get()) & bit != 0 {
            return Err(EntryError("an output was taken twice"));
        }
        if !self.streams_disjoint() {
            return Err(EntryError(
                "an output was requested as a slice in a call where it shares memory",
            ));
        }
        let len = self.args.len;
        if len == 0 {
            return Ok(&mut []);
        }
        check_stream(ptr)?;
        self.output_slices.set(self.output_slices.get() | bit);
        // SAFETY: the contract makes `ptr` valid for `len` writable elements of the declared
        // type, which is `T` (checked by `output_ptr`), aligned (checked above). No other
        // stream is the same pointer, so by the contract none overlaps it, nothing else
        // writes the streams during the call, and this output is handed out once and never as
        // cells (the bits above): the slice is the only access to this memory.
        Ok(unsafe { core::slice::from_raw_parts_mut(ptr, len) })
    }

    /// The pointer of output `index`, typed as `T` after checking the descriptor.
    #[inline(always)]
    fn output_ptr<T: Element>(&self, index: usize) -> Result<*mut T, EntryError> {
        let elementwise = self.descriptor.kind() == KernelKind::Elementwise;
        if !elementwise || self.descriptor.outputs().get(index) != Some(&T::TYPE) {
            return Err(EntryError("an output was requested with the wrong type"));
        }
        if index >= self.args.output_count || self.args.outputs.is_null() {
            return Err(EntryError("an output stream pointer is missing"));
        }
        Ok(self.raw_output(index).cast::<T>())
    }

    /// Output pointer `j`, for `j < output_count` and a non-null `outputs`.
    #[inline(always)]
    fn raw_output(&self, j: usize) -> *mut c_void {
        // SAFETY: `outputs` holds `output_count` pointers; callers pass `j` in range, and
        // `check_counts` has matched `output_count` to the descriptor.
        unsafe { self.args.outputs.add(j).read() }
    }

    /// Input pointer `i`, for `i < input_count` and a non-null `inputs`.
    #[inline(always)]
    fn raw_input(&self, i: usize) -> *const c_void {
        // SAFETY: as for `raw_output`.
        unsafe { self.args.inputs.add(i).read() }
    }

    /// Writes a reduction's result.
    #[inline(always)]
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
        check_stream(ptr)?;
        // SAFETY: `enter`'s caller guarantees the pointer is valid for `len` elements of the
        // declared type for the call, and our callers checked that type is `T`. `Cell<T>`
        // has the layout of `T`, and shared cells may alias, which in-place calls need. No
        // `&T` or `&mut T` to the memory exists during the call.
        Ok(unsafe { core::slice::from_raw_parts(ptr.cast::<Cell<T>>(), len) })
    }
}

/// The bit that tracks output `index`, for indices below 64.
#[inline(always)]
fn bit(index: usize) -> Option<u64> {
    u32::try_from(index).ok().and_then(|i| 1u64.checked_shl(i))
}

/// A stream pointer must be non-null and aligned for its element type.
#[inline(always)]
fn check_stream<T>(ptr: *mut T) -> Result<(), EntryError> {
    if ptr.is_null() {
        return Err(EntryError("a stream pointer is null"));
    }
    if !ptr.is_aligned() {
        return Err(EntryError(
            "a stream pointer is not aligned for its element type",
        ));
    }
    Ok(())
}

/// Runs the body of a generated entry point: checks the argument block against the
/// descriptor, catches panics, and turns the outcome into a status code and message.
///
/// # Safety
/// `args` must be null or satisfy the [`CallArgs`] contract for a kernel with signature
/// `descriptor`. (`body` cannot misread: [`EntryCall`] checks every type it is asked for
/// against `descriptor`.)
#[inline(always)]
unsafe fn enter(
    args: *const CallArgs,
    descriptor: &KernelDescriptor,
    body: impl FnOnce(&EntryCall<'_>) -> Result<(), EntryError>,
) -> i32 {
    // SAFETY: the caller guarantees `args` is null or valid for the call.
    let Some(args) = (unsafe { args.as_ref() }) else {
        return STATUS_ERROR;
    };
    let call = EntryCall {
        args,
        descriptor,
        output_cells: Cell::new(0),
        output_slices: Cell::new(0),
        disjoint: Cell::new(None),
    };
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
