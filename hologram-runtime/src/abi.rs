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

use crate::dynamic::Scalar;
use crate::element::{ElemType, Element};
use crate::kernel::{Kernel, KernelDescriptor, KernelKind};
use core::cell::{Cell, UnsafeCell};
use core::ffi::{c_char, c_void};
use core::marker::PhantomData;
use core::mem::MaybeUninit;
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

/// The name of the one symbol a kernel library exports: a function of type [`TableFn`].
pub const TABLE_SYMBOL: &str = "hologram_kernel_table";

/// The most uniforms, the most inputs and the most outputs one kernel may declare (each
/// counted separately). A host keeps the pointers of one call in fixed arrays of this size on
/// the stack, so that a dynamic call allocates nothing; a descriptor with more is refused when
/// it is registered or loaded.
pub const MAX_STREAMS: usize = 16;

/// Size of the message buffer a host passes to every dynamic call, in bytes (NUL included).
/// Longer messages are truncated on a character boundary.
pub const MESSAGE_CAPACITY: usize = 256;

/// The most kernels one library may export; a table claiming more is malformed.
pub const MAX_KERNELS: usize = 65_536;

/// The longest kernel name, in bytes.
pub const MAX_NAME_LEN: usize = 256;

/// The exported function of a kernel library (`hologram_kernel_table` in the header): returns
/// the library's static [`KernelTable`].
///
/// # Safety
/// Calling it runs code of the library; loading a library means trusting it.
pub type TableFn = unsafe extern "C" fn() -> *const KernelTable;

/// The table a kernel library exports (`hg_kernel_table` in the header).
///
/// Every pointer in it points to data that is immutable and lives as long as the library
/// stays loaded.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct KernelTable {
    /// [`ABI_VERSION`] of the library; a host checks it before it reads anything else.
    pub abi_version: u32,
    /// `size_of::<KernelTable>()` as the library knows it. A host refuses a smaller table;
    /// a later minor revision may append fields, which older hosts ignore.
    pub table_size: u32,
    /// Number of descriptors at `kernels`.
    pub kernel_count: usize,
    /// `kernel_count` descriptors (may be null when the count is 0).
    pub kernels: *const RawDescriptor,
}

/// One kernel of a library's table (`hg_kernel_descriptor` in the header).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct RawDescriptor {
    /// The kernel's name: `name_len` bytes of ASCII letters, digits, `_`, `.`, `-` and `:`,
    /// not NUL-terminated.
    pub name: *const u8,
    /// Length of the name in bytes, 1 to [`MAX_NAME_LEN`].
    pub name_len: usize,
    /// [`KernelKind`] code: 1 elementwise, 2 reduce.
    pub kind: u32,
    /// `uniform_count` [`ElemType`] codes.
    pub uniform_types: *const u32,
    /// Number of uniforms, at most [`MAX_STREAMS`].
    pub uniform_count: usize,
    /// `input_count` element-type codes.
    pub input_types: *const u32,
    /// Number of input streams, 1 to [`MAX_STREAMS`].
    pub input_count: usize,
    /// `output_count` element-type codes: one per output stream (elementwise), or the one
    /// type of the result (reduce).
    pub output_types: *const u32,
    /// Elementwise: 1 to [`MAX_STREAMS`] outputs. Reduce: exactly 1.
    pub output_count: usize,
    /// The entry point; never null in a valid table.
    pub entry: Option<EntryFn>,
}

impl RawDescriptor {
    /// The descriptor of a kernel defined with `#[kernel]`: every pointer points into
    /// `'static` data of the kernel.
    pub const fn from_kernel(kernel: &Kernel) -> RawDescriptor {
        let d = kernel.descriptor();
        RawDescriptor {
            name: d.name().as_ptr(),
            name_len: d.name().len(),
            kind: d.kind().code(),
            uniform_types: d.uniforms().as_ptr().cast::<u32>(),
            uniform_count: d.uniforms().len(),
            input_types: d.inputs().as_ptr().cast::<u32>(),
            input_count: d.inputs().len(),
            output_types: d.outputs().as_ptr().cast::<u32>(),
            output_count: d.outputs().len(),
            entry: Some(kernel.entry()),
        }
    }
}

// `ElemType` is `#[repr(u32)]`, so `&[ElemType]` can be read from C as `const uint32_t *`.
const _: () = assert!(size_of::<ElemType>() == size_of::<u32>());
const _: () = assert!(align_of::<ElemType>() == align_of::<u32>());

/// A table or descriptor array in a `static` of a kernel library, made by
/// [`export_kernels!`](crate::export_kernels). Not for use by hand.
///
/// Raw pointers are not `Sync`, so neither are [`KernelTable`] and [`RawDescriptor`]; this
/// wrapper is, and it can only be built by the two constructors below.
#[doc(hidden)]
#[derive(Debug)]
pub struct ExportStatic<T>(T);

// SAFETY: the only constructors are `descriptors`, which points into the `'static`,
// immutable descriptors of `#[kernel]` kernels, and `table`, which points at a `'static`
// `ExportStatic` of such descriptors. All of it is immutable (no interior mutability, no
// method that writes), so sharing it between threads only ever shares reads.
unsafe impl<T> Sync for ExportStatic<T> {}

impl<const N: usize> ExportStatic<[RawDescriptor; N]> {
    /// The descriptors of `kernels`, which must hold exactly `N` kernels with distinct
    /// names, each within [`MAX_STREAMS`]; a violation is a compile error in a `static`.
    pub const fn descriptors(kernels: &[Kernel]) -> Self {
        assert!(kernels.len() == N, "export_kernels!: kernel count mismatch");
        let empty = RawDescriptor {
            name: core::ptr::null(),
            name_len: 0,
            kind: 0,
            uniform_types: core::ptr::null(),
            uniform_count: 0,
            input_types: core::ptr::null(),
            input_count: 0,
            output_types: core::ptr::null(),
            output_count: 0,
            entry: None,
        };
        let mut out = [empty; N];
        let mut i = 0;
        while i < N {
            let d = kernels[i].descriptor();
            assert!(
                d.uniforms().len() <= MAX_STREAMS
                    && d.inputs().len() <= MAX_STREAMS
                    && d.outputs().len() <= MAX_STREAMS,
                "export_kernels!: a kernel has more than MAX_STREAMS (16) uniforms, inputs or \
                 outputs; a host would refuse the library"
            );
            let mut j = 0;
            while j < i {
                assert!(
                    !const_str_eq(d.name(), kernels[j].descriptor().name()),
                    "export_kernels!: two kernels have the same name; give one of them \
                     another with #[kernel(name = \"...\")]"
                );
                j += 1;
            }
            out[i] = RawDescriptor::from_kernel(&kernels[i]);
            i += 1;
        }
        ExportStatic(out)
    }
}

impl ExportStatic<KernelTable> {
    /// The table over `descriptors`.
    pub const fn table<const N: usize>(
        descriptors: &'static ExportStatic<[RawDescriptor; N]>,
    ) -> Self {
        ExportStatic(KernelTable {
            abi_version: ABI_VERSION,
            table_size: size_of::<KernelTable>() as u32,
            kernel_count: N,
            kernels: descriptors.0.as_ptr(),
        })
    }

    /// The pointer the exported table function returns.
    pub const fn as_ptr(&'static self) -> *const KernelTable {
        &self.0
    }
}

const fn const_str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

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
        }
    }
}

/// The pointer arrays of one dynamic call, kept on the host's stack: at most
/// [`MAX_STREAMS`] of each, so that a call allocates nothing. Only the first `counts` entries
/// of each array are ever set or read, so the arrays start uninitialised: a call pays for
/// what it uses, not for the capacity.
pub(crate) struct Frame {
    /// Elements in every stream.
    pub(crate) len: usize,
    uniforms: [MaybeUninit<RawScalar>; MAX_STREAMS],
    inputs: [MaybeUninit<*const c_void>; MAX_STREAMS],
    outputs: [MaybeUninit<*mut c_void>; MAX_STREAMS],
    /// How many uniforms, inputs and outputs the call passes.
    pub(crate) counts: [usize; 3],
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
            counts: [0; 3],
        }
    }

    /// Sets uniform `i`.
    ///
    /// # Panics
    /// If `i >= MAX_STREAMS`.
    #[inline(always)]
    pub(crate) fn set_uniform(&mut self, i: usize, value: RawScalar) {
        self.uniforms[i] = MaybeUninit::new(value);
    }

    /// Sets input pointer `i`.
    ///
    /// # Panics
    /// If `i >= MAX_STREAMS`.
    #[inline(always)]
    pub(crate) fn set_input(&mut self, i: usize, ptr: *const c_void) {
        self.inputs[i] = MaybeUninit::new(ptr);
    }

    /// Sets output pointer `i`.
    ///
    /// # Panics
    /// If `i >= MAX_STREAMS`.
    #[inline(always)]
    pub(crate) fn set_output(&mut self, i: usize, ptr: *mut c_void) {
        self.outputs[i] = MaybeUninit::new(ptr);
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
}

/// Calls `entry` on `frame` with the thread's message buffer of [`MESSAGE_CAPACITY`] bytes,
/// and returns the result value (meaningful for reductions only).
///
/// # Safety
/// `entry` must be the entry point of a kernel whose signature is `descriptor`, and `frame`
/// must satisfy the [`CallArgs`] contract for that signature: its counts equal the
/// descriptor's (0 outputs for a reduction), the first `counts` entries of each array are set,
/// and each of those pointers is valid
/// for `len` elements of the declared type (inputs readable, outputs writable, outputs
/// overlapping no input except by being the very same pointer) until this returns.
#[inline]
pub(crate) unsafe fn invoke(
    entry: EntryFn,
    descriptor: &KernelDescriptor,
    frame: &Frame,
) -> Result<RawScalar, Failure> {
    let message = MESSAGE.with(UnsafeCell::get).cast::<u8>();
    // SAFETY: the thread's message buffer holds `MESSAGE_CAPACITY` initialised bytes and is
    // only ever accessed through raw pointers on this thread; an empty message is the
    // default when a failing kernel writes none.
    unsafe { message.write(0) };
    let mut result = RawScalar { bits: 0 };
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
            &raw mut result
        } else {
            core::ptr::null_mut()
        },
        message: message.cast::<c_char>(),
        message_capacity: MESSAGE_CAPACITY,
    };
    // SAFETY: the caller guarantees the streams and counts; `result` points to one writable
    // value for a reduction (null otherwise), on this stack frame, and `message` to the
    // thread's `MESSAGE_CAPACITY` writable bytes; both outlive the call.
    let status = unsafe { entry(&args) };
    if status == STATUS_OK {
        return Ok(result);
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
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    let text = String::from_utf8_lossy(&bytes[..end]).into_owned();
    // SAFETY: as above; the shared slice is no longer used.
    unsafe { message.write_bytes(0, MESSAGE_CAPACITY) };
    match status {
        STATUS_ERROR => Failure::Failed(text),
        STATUS_PANICKED => Failure::Panicked(text),
        other => Failure::UnknownStatus(other, text),
    }
}

/// A slice of any element type: an input of
/// [`KernelRef::run_slices`](crate::KernelRef::run_slices) or
/// [`KernelRef::reduce_slices`](crate::KernelRef::reduce_slices). Made with `From`:
/// `(&x).into()` for a slice, array or `Vec` of an [`Element`] type.
///
/// It is a borrowed pointer, a length and an element type, so that a dynamic call reads
/// three fields instead of matching on six types.
#[derive(Clone, Copy)]
pub struct AnySlice<'a> {
    ptr: *const c_void,
    len: usize,
    elem: ElemType,
    _borrow: PhantomData<&'a [u8]>,
}

// SAFETY: an `AnySlice<'a>` is a `&'a [T]` for an `Element` type `T` (all `Sync`), with the
// type erased; it only allows reading, as the shared reference does, so it may be sent and
// shared like one.
unsafe impl Send for AnySlice<'_> {}
// SAFETY: as for `Send`.
unsafe impl Sync for AnySlice<'_> {}

impl<'a> AnySlice<'a> {
    /// Erases the element type of `s`.
    #[inline]
    pub fn new<T: Element>(s: &'a [T]) -> AnySlice<'a> {
        AnySlice {
            ptr: s.as_ptr().cast(),
            len: s.len(),
            elem: T::TYPE,
            _borrow: PhantomData,
        }
    }

    /// The element type.
    #[inline]
    pub fn elem_type(&self) -> ElemType {
        self.elem
    }

    /// Number of elements.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the slice is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The first element, as an untyped pointer valid for `len` elements of `elem_type`
    /// for `'a`.
    #[inline]
    pub(crate) fn as_ptr(&self) -> *const c_void {
        self.ptr
    }
}

impl core::fmt::Debug for AnySlice<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "AnySlice<{}>(len {})", self.elem, self.len)
    }
}

/// A mutable slice of any element type: an output of
/// [`KernelRef::run_slices`](crate::KernelRef::run_slices). Made with `From`:
/// `(&mut out).into()` for a slice, array or `Vec` of an [`Element`] type.
pub struct AnySliceMut<'a> {
    ptr: *mut c_void,
    len: usize,
    elem: ElemType,
    _borrow: PhantomData<&'a mut [u8]>,
}

// SAFETY: an `AnySliceMut<'a>` is a `&'a mut [T]` for an `Element` type `T` (all `Send` and
// `Sync`), with the type erased; it grants what the exclusive reference grants, so it may be
// sent and shared like one.
unsafe impl Send for AnySliceMut<'_> {}
// SAFETY: as for `Send`; through `&AnySliceMut` nothing can be written.
unsafe impl Sync for AnySliceMut<'_> {}

impl<'a> AnySliceMut<'a> {
    /// Erases the element type of `s`.
    #[inline]
    pub fn new<T: Element>(s: &'a mut [T]) -> AnySliceMut<'a> {
        AnySliceMut {
            ptr: s.as_mut_ptr().cast(),
            len: s.len(),
            elem: T::TYPE,
            _borrow: PhantomData,
        }
    }

    /// The element type.
    #[inline]
    pub fn elem_type(&self) -> ElemType {
        self.elem
    }

    /// Number of elements.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the slice is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The first element, as an untyped pointer valid for writing `len` elements of
    /// `elem_type` for `'a`, exclusively.
    #[inline]
    pub(crate) fn as_mut_ptr(&mut self) -> *mut c_void {
        self.ptr
    }
}

impl core::fmt::Debug for AnySliceMut<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "AnySliceMut<{}>(len {})", self.elem, self.len)
    }
}
