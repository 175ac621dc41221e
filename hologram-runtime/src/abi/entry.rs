//! The kernel side of a call: the `extern "C"` entry point, which checks the argument
//! block, hands the generated body typed views of it, and turns panics into a status.

use super::{
    CallArgs, MAX_STREAMS, RawElement, RawResult, RawScalar, STATUS_ERROR, STATUS_OK,
    STATUS_PANICKED,
};
use crate::array::{Lane, LaneMut};
use crate::dynamic::Scalar;
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
///
/// A reduction also gives its identity and combiner, which [`kernel`] turns into the
/// descriptor's `identity` and `combine` (ABI version 2); elementwise kernels keep the
/// defaults.
pub trait EntryBody {
    /// The kernel's signature; the argument block is checked against it.
    const DESCRIPTOR: KernelDescriptor;
    /// A reduction's identities, the value of an empty reduction, one per component of the
    /// result, each the 8 bytes of [`raw_bits`](super::raw_bits) of a value of the
    /// component's type. `None` (the default) for an elementwise kernel, and for a reduction
    /// without a combiner, which hosts then never split.
    const IDENTITY: Option<&'static [u64]> = None;
    /// Runs the kernel on a checked argument block.
    fn run(call: &EntryCall<'_>) -> Result<(), EntryError>;
    /// A reduction's combiner on two partial results, each one value per component (generated
    /// code calls [`combine_scalars`]): writes the joined result to `out` and returns `true`,
    /// or `false` when the values are not of the result's types. Only called when
    /// [`IDENTITY`](Self::IDENTITY) is `Some`.
    #[inline]
    fn combine(a: &[Scalar], b: &[Scalar], out: &mut [Scalar]) -> bool {
        let _ = (a, b, out);
        false
    }
}

/// `combine(a, b)` written to `out`, when `a` and `b` are values of the result `R` (one
/// element or a tuple, one [`Scalar`] per component): the typed combiner of a reduction as
/// [`EntryBody::combine`] takes it. `false` (nothing written) when a value is of another
/// type or a slice has another length.
#[inline]
pub fn combine_scalars<R: RawResult>(
    a: &[Scalar],
    b: &[Scalar],
    out: &mut [Scalar],
    combine: impl FnOnce(R, R) -> R,
) -> bool {
    let n = R::COUNT;
    if a.len() != n || b.len() != n || out.len() != n || n > MAX_STREAMS {
        return false;
    }
    let mut types = [crate::element::ElemType::U8; MAX_STREAMS];
    for (t, s) in types.iter_mut().zip(a) {
        *t = s.elem_type();
    }
    let types = types.get(..n).unwrap_or(&[]);
    if !R::types_are(types) || b.iter().zip(types).any(|(s, &t)| s.elem_type() != t) {
        return false;
    }
    let raw = |values: &[Scalar]| {
        let mut out = [RawScalar { bits: 0 }; MAX_STREAMS];
        for (slot, s) in out.iter_mut().zip(values) {
            *slot = s.to_raw();
        }
        out
    };
    let (ra, rb) = (raw(a), raw(b));
    // SAFETY: `to_raw` writes the field of each value's type with the other bytes zeroed,
    // and those types are `R`'s components (checked above).
    let (Some(va), Some(vb)) = (unsafe { R::read_raw(&ra) }, unsafe { R::read_raw(&rb) }) else {
        return false;
    };
    let mut joined = [RawScalar { bits: 0 }; MAX_STREAMS];
    if !combine(va, vb).write_raw(&mut joined) {
        return false;
    }
    for ((slot, &t), r) in out.iter_mut().zip(types).zip(joined) {
        // SAFETY: `write_raw` initialises all 8 bytes of every component's slot (the field of
        // its type, then zeros).
        *slot = super::scalar_from_bits(t, unsafe { r.bits });
    }
    true
}

/// The C combiner of the reduction whose body is `B` ([`CombineFn`](super::CombineFn)):
/// reads the two values as the result type, joins them with [`EntryBody::combine`], and
/// turns a panic into [`STATUS_PANICKED`].
///
/// # Safety
/// As [`CombineFn`](super::CombineFn), for a kernel with signature `B::DESCRIPTOR`.
pub unsafe extern "C" fn combine<B: EntryBody>(
    a: *const RawScalar,
    b: *const RawScalar,
    out: *mut RawScalar,
) -> i32 {
    let n = B::DESCRIPTOR.outputs().len();
    let usable = |p: *const RawScalar| !p.is_null() && p.is_aligned();
    if n == 0 || n > MAX_STREAMS || !usable(a) || !usable(b) || !usable(out.cast_const()) {
        return STATUS_ERROR;
    }
    let zero = Scalar::U8(0);
    let (mut xa, mut xb, mut joined) = (
        [zero; MAX_STREAMS],
        [zero; MAX_STREAMS],
        [zero; MAX_STREAMS],
    );
    let types = B::DESCRIPTOR.outputs();
    for (k, &t) in types.iter().enumerate() {
        // SAFETY: the caller guarantees `a` and `b` each point to `n` values, slot `k`
        // holding the field of result type `k` (checked non-null and aligned above); they are
        // read before `out`, which may be the same memory, is written.
        let (va, vb) = unsafe {
            (
                super::scalar_from_raw(t, a.add(k).read()),
                super::scalar_from_raw(t, b.add(k).read()),
            )
        };
        if let (Some(x), Some(y)) = (xa.get_mut(k), xb.get_mut(k)) {
            (*x, *y) = (va, vb);
        }
    }
    let (Some(xa), Some(xb), Some(joined)) = (xa.get(..n), xb.get(..n), joined.get_mut(..n)) else {
        return STATUS_ERROR;
    };
    match catch_unwind(AssertUnwindSafe(|| B::combine(xa, xb, joined))) {
        Ok(true) => {
            for (k, value) in joined.iter().enumerate() {
                // SAFETY: the caller guarantees `out` points to `n` writable values (checked
                // non-null and aligned above), and `k < n`; a `RawScalar` is plain bytes.
                unsafe { out.add(k).write(value.to_raw()) };
            }
            STATUS_OK
        }
        Ok(false) => STATUS_ERROR,
        Err(_) => STATUS_PANICKED,
    }
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
    let kernel = Kernel::new(B::DESCRIPTOR, entry::<B>);
    match (B::DESCRIPTOR.kind(), B::IDENTITY) {
        (KernelKind::Reduce, Some(bits)) => kernel.with_reduction(combine::<B>, bits),
        _ => kernel,
    }
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

    /// The index of element 0 of the streams within the whole call (ABI version 2): where
    /// an `#[index]` parameter starts counting.
    #[inline(always)]
    pub fn first_index(&self) -> u64 {
        self.args.first_index
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
        if !self.contiguous(self.args.input_strides, index, size_of::<T>()) {
            return Err(STRIDED);
        }
        // SAFETY: `inputs` holds `input_count` pointers and the index is in range.
        let ptr = unsafe { self.args.inputs.add(index).read() };
        self.stream(ptr.cast_mut().cast::<T>())
    }

    /// Whether some stream of the call is not contiguous: a stride array is passed and one
    /// of its strides is not its element's size (ABI version 2). Streams of at most one
    /// element are contiguous whatever their stride. When this is false, every accessor that
    /// hands out slices or cells works; when it is true, those of strided streams refuse.
    #[inline(always)]
    pub fn strided(&self) -> bool {
        if self.args.len <= 1 {
            return false;
        }
        let d = self.descriptor;
        let outputs = match d.kind() {
            KernelKind::Elementwise => d.outputs(),
            KernelKind::Reduce => &[],
        };
        let side = |strides: *const isize, types: &[crate::element::ElemType]| {
            (0..types.len()).any(|i| {
                let size = types.get(i).map_or(0, |t| t.size());
                !self.contiguous(strides, i, size)
            })
        };
        side(self.args.input_strides, d.inputs()) || side(self.args.output_strides, outputs)
    }

    /// Input stream number `index` as a lane: its `len` elements at the stride the host
    /// passed (ABI version 2), contiguous or not, for the loops over arrays. An input that an
    /// output overwrites in place is not borrowable as a slice.
    ///
    /// # Errors
    /// The wrong type; a missing, null or misaligned pointer; a byte stride that is not a
    /// multiple of the element's size.
    #[inline(always)]
    pub fn input_lane<T: Element>(&self, index: usize) -> Result<Lane<'a, T>, EntryError> {
        if self.descriptor.inputs().get(index) != Some(&T::TYPE) {
            return Err(EntryError("an input was requested with the wrong type"));
        }
        if index >= self.args.input_count || self.args.inputs.is_null() {
            return Err(EntryError("an input stream pointer is missing"));
        }
        let ptr = self.raw_input(index).cast::<T>();
        let stride = self.element_stride::<T>(self.args.input_strides, index)?;
        let ptr = self.lane_ptr(ptr.cast_mut())?;
        let written = (0..self.args.output_count)
            .any(|j| !self.args.outputs.is_null() && self.raw_output(j).cast::<T>() == ptr);
        // SAFETY: the `CallArgs` contract makes the `len` elements at `ptr + i * stride`
        // (bytes: the element stride times the size, checked exact above) readable, aligned
        // (checked) elements of the declared type, `T`, for the call, which `'a` is. Only an
        // output of the very same pointer and stride writes them (in place), and then the
        // lane is not borrowable.
        Ok(unsafe { Lane::from_raw_parts(ptr, self.args.len, stride, !written) })
    }

    /// Output stream number `index` as a lane, at the stride the host passed (ABI version 2);
    /// each output can be taken once this way or as a slice, and not also as cells.
    ///
    /// # Errors
    /// As [`input_lane`](Self::input_lane); also an output stride of 0 with more than one
    /// element (every index would write the same element), and an output taken twice.
    #[inline(always)]
    pub fn output_lane<T: Element>(&self, index: usize) -> Result<LaneMut<'a, T>, EntryError> {
        let elementwise = self.descriptor.kind() == KernelKind::Elementwise;
        if !elementwise || self.descriptor.outputs().get(index) != Some(&T::TYPE) {
            return Err(EntryError("an output was requested with the wrong type"));
        }
        if index >= self.args.output_count || self.args.outputs.is_null() {
            return Err(EntryError("an output stream pointer is missing"));
        }
        let Some(bit) = bit(index) else {
            return Err(EntryError(
                "only the first 64 outputs can be taken as lanes",
            ));
        };
        if (self.output_cells.get() | self.output_slices.get()) & bit != 0 {
            return Err(EntryError("an output was taken twice"));
        }
        let stride = self.element_stride::<T>(self.args.output_strides, index)?;
        if stride == 0 && self.args.len > 1 {
            return Err(EntryError(
                "an output stride is 0 with more than one element; every index would write \
                 the same element",
            ));
        }
        let ptr = self.lane_ptr(self.raw_output(index).cast::<T>())?;
        let shared = (0..self.args.input_count).any(|i| {
            !self.args.inputs.is_null() && self.raw_input(i).cast::<T>() == ptr.cast_const()
        });
        self.output_slices.set(self.output_slices.get() | bit);
        // SAFETY: the `CallArgs` contract makes the `len` elements at `ptr + i * stride`
        // writable, aligned (checked) elements of the declared type, `T`, distinct (the stride
        // is not 0 when `len > 1`), shared with no other stream except an input of the very
        // same pointer and stride (in place, then not borrowable); and this output is handed
        // out once (the bits above).
        Ok(unsafe { LaneMut::from_raw_parts(ptr, self.args.len, stride, !shared) })
    }

    /// The element stride of stream `index` of one side, from its byte stride.
    #[inline(always)]
    fn element_stride<T>(&self, strides: *const isize, index: usize) -> Result<isize, EntryError> {
        let size = size_of::<T>().cast_signed();
        let bytes = self.byte_stride(strides, index, size_of::<T>());
        if size == 0 || bytes % size != 0 {
            return Err(EntryError(
                "a stream's byte stride is not a multiple of its element's size",
            ));
        }
        Ok(bytes / size)
    }

    /// A lane's first element: checked non-null and aligned when the call has elements, a
    /// dangling aligned pointer when it has none.
    #[inline(always)]
    fn lane_ptr<T>(&self, ptr: *mut T) -> Result<*mut T, EntryError> {
        if self.args.len == 0 {
            return Ok(core::ptr::NonNull::dangling().as_ptr());
        }
        check_stream(ptr)?;
        Ok(ptr)
    }

    /// The byte stride of stream `index` of one side (`strides`: that side's array), for an
    /// element of `size` bytes: `size` when the array is null.
    #[inline(always)]
    fn byte_stride(&self, strides: *const isize, index: usize, size: usize) -> isize {
        if strides.is_null() {
            return size.cast_signed();
        }
        // SAFETY: a non-null stride array holds one stride per stream of its side (the
        // `CallArgs` contract), whose count `check_counts` matched to the descriptor; callers
        // pass an index below it.
        unsafe { strides.add(index).read() }
    }

    /// Whether stream `index` of one side is one run of consecutive elements of `size` bytes.
    #[inline(always)]
    fn contiguous(&self, strides: *const isize, index: usize, size: usize) -> bool {
        strides.is_null()
            || self.args.len <= 1
            || self.byte_stride(strides, index, size) == size.cast_signed()
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

    /// The pointer of contiguous output `index`, typed as `T` after checking the descriptor.
    #[inline(always)]
    fn output_ptr<T: Element>(&self, index: usize) -> Result<*mut T, EntryError> {
        let elementwise = self.descriptor.kind() == KernelKind::Elementwise;
        if !elementwise || self.descriptor.outputs().get(index) != Some(&T::TYPE) {
            return Err(EntryError("an output was requested with the wrong type"));
        }
        if index >= self.args.output_count || self.args.outputs.is_null() {
            return Err(EntryError("an output stream pointer is missing"));
        }
        if !self.contiguous(self.args.output_strides, index, size_of::<T>()) {
            return Err(STRIDED);
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

    /// Writes a reduction's result: one value, or a tuple with one slot per component.
    #[inline(always)]
    pub fn set_result<R: RawResult>(&self, value: R) -> Result<(), EntryError> {
        let reduce = self.descriptor.kind() == KernelKind::Reduce;
        if !reduce || !R::types_are(self.descriptor.outputs()) {
            return Err(EntryError("a result was written with the wrong type"));
        }
        if self.args.result.is_null() || !self.args.result.is_aligned() {
            return Err(EntryError("the result pointer is null or misaligned"));
        }
        let mut slots = [RawScalar { bits: 0 }; MAX_STREAMS];
        if !value.write_raw(&mut slots) {
            return Err(EntryError("a result has more components than MAX_STREAMS"));
        }
        // SAFETY: `enter`'s caller guarantees `result` points to one writable value per
        // result type of the descriptor, which are `R::COUNT` (checked above, at most
        // MAX_STREAMS); a `RawScalar` is plain bytes, so any write is valid.
        unsafe { core::ptr::copy_nonoverlapping(slots.as_ptr(), self.args.result, R::COUNT) };
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

/// What a contiguous accessor says of a strided stream.
const STRIDED: EntryError = EntryError(
    "a strided stream was requested as a contiguous one; this entry point takes contiguous \
     streams only",
);

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
