//! The four dynamic calls: check the arguments against the descriptor, fill a stack frame of
//! pointers, and make one indirect call. No lock, lookup or allocation on success.
//!
//! Errors are built in `#[cold]` functions, so the checks on the hot path are plain
//! comparisons.

mod arrays;
mod strided;

use crate::abi::{self, CombineFn, EntryFn, Failure, Frame, RawResults, RawScalar};
use crate::dynamic::{AnyBuffer, AnySlice, AnySliceMut, Scalar, Scalars};
use crate::element::ElemType;
use crate::error::{Error, length_mismatch};
use crate::executor::Executor;
use crate::fold::{BLOCK, fold_blocks};
use crate::kernel::{Kernel, KernelDescriptor, KernelKind};
use crate::split::{Split, drive};
use crate::threads::{DEFAULT_THREADS, may_split};
use std::sync::OnceLock;

/// A kernel's descriptor and entry point, which belong together (a `Kernel` is made by
/// `#[kernel]` or by the loader from one table entry), and whether the descriptor has a shape
/// calls can serve ([`KernelDescriptor::check_shape`]), checked once.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Callable {
    kernel: Kernel,
    shape_ok: bool,
}

impl Callable {
    /// The kernel, ready to call.
    pub(crate) fn new(kernel: Kernel) -> Callable {
        Callable {
            kernel,
            shape_ok: kernel.descriptor().check_shape().is_ok(),
        }
    }

    /// The kernel: descriptor, entry point, combiner, identity and ABI version.
    pub(crate) fn kernel(&self) -> &Kernel {
        &self.kernel
    }

    /// The kernel's descriptor.
    #[inline(always)]
    pub(crate) fn descriptor(&self) -> &KernelDescriptor {
        self.kernel.descriptor()
    }

    #[inline(always)]
    fn entry(&self) -> EntryFn {
        self.kernel.entry()
    }
}

/// What a call expects of the kernel: its kind, and for the message when it is of the other
/// kind, the method called and the one to call instead.
#[derive(Clone, Copy)]
struct Expect {
    kind: KernelKind,
    called: &'static str,
    use_instead: &'static str,
}

impl Expect {
    fn elementwise(called: &'static str, use_instead: &'static str) -> Expect {
        Expect {
            kind: KernelKind::Elementwise,
            called,
            use_instead,
        }
    }

    fn reduce(called: &'static str, use_instead: &'static str) -> Expect {
        Expect {
            kind: KernelKind::Reduce,
            called,
            use_instead,
        }
    }
}

/// Which parameter of a call, for messages.
#[derive(Clone, Copy)]
enum Role {
    Uniform,
    Input,
    Output,
    /// A partial result passed to a combiner.
    Partial,
}

impl Role {
    fn label(&self, index: usize) -> String {
        let role = match self {
            Role::Uniform => "uniform",
            Role::Input => "input",
            Role::Output => "output",
            Role::Partial => "partial result",
        };
        format!("{role} {index}")
    }
}

impl Callable {
    /// [`KernelRef::run_slices`](crate::KernelRef::run_slices).
    #[inline]
    pub(crate) fn run_slices(
        &self,
        uniforms: &[Scalar],
        inputs: &[AnySlice<'_>],
        outputs: &mut [AnySliceMut<'_>],
    ) -> Result<(), Error> {
        let mut frame = Frame::new();
        let expect = Expect::elementwise("run_slices", "reduce_slices");
        self.begin(&mut frame, expect, uniforms, inputs.len(), outputs.len())?;
        let d = self.descriptor();
        let len = inputs.first().map_or(0, AnySlice::len);
        for (i, (s, &t)) in inputs.iter().zip(d.inputs()).enumerate() {
            if s.elem_type() != t || s.len() != len {
                return Err(self.bad_stream(Role::Input, i, t, s.elem_type(), s.len(), len));
            }
            frame.set_input(i, s.as_ptr());
        }
        for (i, (s, &t)) in outputs.iter_mut().zip(d.outputs()).enumerate() {
            if s.elem_type() != t || s.len() != len {
                return Err(self.bad_stream(Role::Output, i, t, s.elem_type(), s.len(), len));
            }
            frame.set_output(i, s.as_mut_ptr());
        }
        frame.len = len;
        // SAFETY: the registry pairs `entry` with its own descriptor. The counts equal the
        // descriptor's (`begin`), every stream has the declared type and `len` elements
        // (checked above), inputs are borrowed shared and outputs exclusively for the whole
        // call, so no output overlaps anything else.
        unsafe { self.invoke_elementwise(&frame, DEFAULT_THREADS) }
    }

    /// [`KernelRef::reduce_slices`](crate::KernelRef::reduce_slices).
    #[inline]
    pub(crate) fn reduce_slices(
        &self,
        uniforms: &[Scalar],
        inputs: &[AnySlice<'_>],
    ) -> Result<Scalar, Error> {
        self.single("reduce_slices", "reduce_slices_tuple")?;
        let raw = self.reduce_slices_raw(uniforms, inputs, "reduce_slices")?;
        self.result(&raw)
    }

    /// [`KernelRef::reduce_slices_tuple`](crate::KernelRef::reduce_slices_tuple).
    #[inline]
    pub(crate) fn reduce_slices_tuple(
        &self,
        uniforms: &[Scalar],
        inputs: &[AnySlice<'_>],
    ) -> Result<Scalars, Error> {
        let raw = self.reduce_slices_raw(uniforms, inputs, "reduce_slices_tuple")?;
        Ok(self.results(&raw))
    }

    #[inline(always)]
    fn reduce_slices_raw(
        &self,
        uniforms: &[Scalar],
        inputs: &[AnySlice<'_>],
        called: &'static str,
    ) -> Result<RawResults, Error> {
        let mut frame = Frame::new();
        let expect = Expect::reduce(called, "run_slices");
        self.begin(&mut frame, expect, uniforms, inputs.len(), 0)?;
        let d = self.descriptor();
        let len = inputs.first().map_or(0, AnySlice::len);
        for (i, (s, &t)) in inputs.iter().zip(d.inputs()).enumerate() {
            if s.elem_type() != t || s.len() != len {
                return Err(self.bad_stream(Role::Input, i, t, s.elem_type(), s.len(), len));
            }
            frame.set_input(i, s.as_ptr());
        }
        frame.len = len;
        // SAFETY: as in `run_slices`; a reduction has no output streams.
        unsafe { self.invoke_reduce(&frame, DEFAULT_THREADS) }
    }

    /// [`KernelRef::run`](crate::KernelRef::run).
    pub(crate) fn run(
        &self,
        exec: &mut Executor,
        uniforms: &[Scalar],
        inputs: &[AnyBuffer],
        outputs: &[AnyBuffer],
    ) -> Result<(), Error> {
        let mut frame = Frame::new();
        let expect = Expect::elementwise("run", "reduce");
        self.begin(&mut frame, expect, uniforms, inputs.len(), outputs.len())?;
        let d = self.descriptor();
        for (i, (b, &t)) in inputs.iter().zip(d.inputs()).enumerate() {
            if b.elem_type() != t {
                return Err(self.type_mismatch(Role::Input, i, t, b.elem_type()));
            }
        }
        for (i, (b, &t)) in outputs.iter().zip(d.outputs()).enumerate() {
            if b.elem_type() != t {
                return Err(self.type_mismatch(Role::Output, i, t, b.elem_type()));
            }
            for (j, earlier) in outputs.iter().take(i).enumerate() {
                if earlier.id() == b.id() {
                    return Err(self.aliased(j, i));
                }
            }
        }
        let threads = exec.threads;
        let cells = exec.cells();
        let mut lens = Lengths::default();
        for (i, b) in inputs.iter().enumerate() {
            let (ptr, len) = b.cell_span(&cells)?;
            lens.check(self, Role::Input, i, len)?;
            frame.set_input(i, ptr);
        }
        for (i, b) in outputs.iter().enumerate() {
            let (ptr, len) = b.cell_span(&cells)?;
            lens.check(self, Role::Output, i, len)?;
            frame.set_output(i, ptr.cast_mut());
        }
        frame.len = lens.len;
        // SAFETY: the registry pairs `entry` with its own descriptor. The counts equal the
        // descriptor's, every stream has the declared type and `len` elements (checked
        // above). The pointers come from `cells`, which holds the executor's exclusive borrow
        // until after the call, so nothing else touches class memory meanwhile; cells permit
        // shared mutation. Distinct live buffers never overlap, and no two outputs are the
        // same buffer (checked above), so an output overlaps an input only by being the same
        // pointer, which the contract allows.
        unsafe { self.invoke_elementwise(&frame, threads) }
    }

    /// [`KernelRef::reduce`](crate::KernelRef::reduce).
    pub(crate) fn reduce(
        &self,
        exec: &Executor,
        uniforms: &[Scalar],
        inputs: &[AnyBuffer],
    ) -> Result<Scalar, Error> {
        self.single("reduce", "reduce_tuple")?;
        let raw = self.reduce_raw(exec, uniforms, inputs, "reduce")?;
        self.result(&raw)
    }

    /// [`KernelRef::reduce_tuple`](crate::KernelRef::reduce_tuple).
    pub(crate) fn reduce_tuple(
        &self,
        exec: &Executor,
        uniforms: &[Scalar],
        inputs: &[AnyBuffer],
    ) -> Result<Scalars, Error> {
        let raw = self.reduce_raw(exec, uniforms, inputs, "reduce_tuple")?;
        Ok(self.results(&raw))
    }

    fn reduce_raw(
        &self,
        exec: &Executor,
        uniforms: &[Scalar],
        inputs: &[AnyBuffer],
        called: &'static str,
    ) -> Result<RawResults, Error> {
        let mut frame = Frame::new();
        let expect = Expect::reduce(called, "run");
        self.begin(&mut frame, expect, uniforms, inputs.len(), 0)?;
        let d = self.descriptor();
        for (i, (b, &t)) in inputs.iter().zip(d.inputs()).enumerate() {
            if b.elem_type() != t {
                return Err(self.type_mismatch(Role::Input, i, t, b.elem_type()));
            }
        }
        let mut lens = Lengths::default();
        for (i, b) in inputs.iter().enumerate() {
            let (ptr, len) = b.read_span(exec)?;
            lens.check(self, Role::Input, i, len)?;
            frame.set_input(i, ptr);
        }
        frame.len = lens.len;
        // SAFETY: as in `run`; the inputs are borrowed shared from `exec` for the whole call
        // and a reduction writes no stream.
        unsafe { self.invoke_reduce(&frame, exec.threads) }
    }

    /// Refuses a call that returns one value (`called`) on a reduction to a tuple.
    #[inline(always)]
    pub(crate) fn single(
        &self,
        called: &'static str,
        use_instead: &'static str,
    ) -> Result<(), Error> {
        let d = self.descriptor();
        if d.kind() == KernelKind::Reduce && d.outputs().len() > 1 {
            return Err(self.tuple_result(called, use_instead));
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn tuple_result(&self, called: &'static str, use_instead: &'static str) -> Error {
        Error::TupleResult {
            kernel: self.descriptor().name().to_owned(),
            results: self.descriptor().outputs().len(),
            called,
            use_instead,
        }
    }

    /// [`KernelRef::combine`](crate::KernelRef::combine).
    pub(crate) fn combine(&self, a: Scalar, b: Scalar) -> Result<Scalar, Error> {
        if self.descriptor().outputs().len() > 1 {
            return Err(self.tuple_result("combine", "combine_tuple"));
        }
        let joined = self.combine_tuple(&[a], &[b])?;
        joined
            .first()
            .copied()
            .ok_or_else(|| self.malformed_shape())
    }

    /// [`KernelRef::combine_tuple`](crate::KernelRef::combine_tuple).
    pub(crate) fn combine_tuple(&self, a: &[Scalar], b: &[Scalar]) -> Result<Scalars, Error> {
        let d = self.descriptor();
        if d.kind() != KernelKind::Reduce {
            return Err(self.wrong_kind("combine", "run_slices"));
        }
        let types = d.outputs();
        if types.is_empty() || types.len() > abi::MAX_STREAMS {
            return Err(self.malformed_shape());
        }
        let Some(combine) = self.kernel.combiner() else {
            return Err(Error::NoCombiner {
                kernel: d.name().to_owned(),
            });
        };
        let mut raw_a: RawResults = [RawScalar { bits: 0 }; abi::MAX_STREAMS];
        let mut raw_b: RawResults = [RawScalar { bits: 0 }; abi::MAX_STREAMS];
        for (i, (values, raw)) in [(a, &mut raw_a), (b, &mut raw_b)].into_iter().enumerate() {
            if values.len() != types.len() {
                return Err(Error::ArityMismatch {
                    kernel: d.name().to_owned(),
                    what: "partial results",
                    expected: types.len(),
                    found: values.len(),
                    signature: d.to_string(),
                });
            }
            for ((s, &t), slot) in values.iter().zip(types).zip(raw.iter_mut()) {
                if s.elem_type() != t {
                    return Err(self.type_mismatch(Role::Partial, i, t, s.elem_type()));
                }
                *slot = s.to_raw();
            }
        }
        let mut out: RawResults = [RawScalar { bits: 0 }; abi::MAX_STREAMS];
        // SAFETY: `raw_a` and `raw_b` hold one value per result type, each the field of its
        // type (checked above; `to_raw` zeroes the other bytes), and `out` is as many
        // writable values on this stack: the arrays the combiner of this descriptor takes.
        let status = unsafe { combine(raw_a.as_ptr(), raw_b.as_ptr(), out.as_mut_ptr()) };
        if status != abi::STATUS_OK {
            return Err(self.failed(Failure::Combine(status)));
        }
        Ok(self.results(&out))
    }

    /// Checks the kind, the shape and the arity in one go (the error, if any, is found out of
    /// line), then the uniforms' types, and fills the counts and uniforms of `frame`.
    #[inline(always)]
    fn begin(
        &self,
        frame: &mut Frame,
        expect: Expect,
        uniforms: &[Scalar],
        inputs: usize,
        outputs: usize,
    ) -> Result<(), Error> {
        let d = self.descriptor();
        let expected_outputs = match expect.kind {
            KernelKind::Elementwise => d.outputs().len(),
            KernelKind::Reduce => 0,
        };
        if d.kind() != expect.kind
            || uniforms.len() != d.uniforms().len()
            || inputs != d.inputs().len()
            || outputs != expected_outputs
            || !self.shape_ok
        {
            return Err(self.refused(expect, uniforms.len(), inputs, outputs));
        }
        frame.counts = [uniforms.len(), inputs, outputs];
        for (i, (u, &t)) in uniforms.iter().zip(d.uniforms()).enumerate() {
            if u.elem_type() != t {
                return Err(self.type_mismatch(Role::Uniform, i, t, u.elem_type()));
            }
            frame.set_uniform(i, u.to_raw());
        }
        Ok(())
    }

    /// Why `begin` refused a call: the kind first, then the number of uniforms, inputs and
    /// outputs, then the shape of the descriptor.
    #[cold]
    #[inline(never)]
    fn refused(&self, expect: Expect, uniforms: usize, inputs: usize, outputs: usize) -> Error {
        let d = self.descriptor();
        let expected_outputs = match expect.kind {
            KernelKind::Elementwise => d.outputs().len(),
            KernelKind::Reduce => 0,
        };
        if d.kind() != expect.kind {
            self.wrong_kind(expect.called, expect.use_instead)
        } else if uniforms != d.uniforms().len() {
            self.arity("uniform values", d.uniforms().len(), uniforms)
        } else if inputs != d.inputs().len() {
            self.arity("input streams", d.inputs().len(), inputs)
        } else if outputs != expected_outputs {
            self.arity("output streams", expected_outputs, outputs)
        } else {
            // The registry and the loader refuse descriptors of a shape calls cannot serve
            // (more than MAX_STREAMS of anything, a reduction without one result type), and
            // `#[kernel]` cannot declare them; a hand-made `KernelRef::from` of one still gets
            // an error here, not an index out of the frame's bounds.
            self.malformed_shape()
        }
    }

    /// The error for a stream whose type or length is off: the type first.
    #[cold]
    #[inline(never)]
    fn bad_stream(
        &self,
        role: Role,
        index: usize,
        expected: ElemType,
        found: ElemType,
        len: usize,
        reference_len: usize,
    ) -> Error {
        if expected != found {
            self.type_mismatch(role, index, expected, found)
        } else {
            self.length(role, index, len, reference_len)
        }
    }

    /// Makes a reduction's call and turns a failure into an error naming the kernel.
    ///
    /// # Safety
    /// As [`abi::invoke`], with `self.entry` and `self.descriptor`.
    #[inline]
    unsafe fn invoke_reduction(&self, frame: &Frame) -> Result<RawResults, Error> {
        // SAFETY: passed on from our caller.
        unsafe { abi::invoke_reduction(self.entry(), self.descriptor(), frame) }
            .map_err(|f| self.failed(f))
    }

    /// Makes a reduction's call. A kernel with a combiner (defined in Rust, or from a
    /// version-2 library) folds a stream of more than one block along the tree of
    /// [`fold_blocks`], one entry call per block and the combiner joining them, on up to
    /// `threads` threads (0: the default): the order of `hologram::fold`, so the same bits as
    /// the inline `slices` at any thread count. A kernel without one (version 1) gets one call
    /// over the whole stream, on this thread.
    ///
    /// # Safety
    /// As [`abi::invoke`], with `self.entry` and `self.descriptor`, which is a reduction.
    #[inline(always)]
    unsafe fn invoke_reduce(&self, frame: &Frame, threads: usize) -> Result<RawResults, Error> {
        self.check_strides(frame)?;
        match self.kernel.combiner() {
            Some(combine) if frame.len > BLOCK => {
                // SAFETY: passed on from our caller.
                unsafe { self.invoke_blocks(frame, threads, combine) }
            }
            // SAFETY: passed on from our caller.
            _ => unsafe { self.invoke_reduction(frame) },
        }
    }

    /// A reduction of more than one block, folded through the one driver of reductions
    /// ([`fold_blocks`]). The first failure of a block or of the combiner is kept and
    /// returned; blocks after it still run (they cannot be cancelled), their values ignored.
    ///
    /// # Safety
    /// As [`Self::invoke_reduce`].
    #[inline(never)]
    unsafe fn invoke_blocks(
        &self,
        frame: &Frame,
        threads: usize,
        combine: CombineFn,
    ) -> Result<RawResults, Error> {
        let (entry, d) = (self.entry(), self.descriptor());
        let failed: OnceLock<Failure> = OnceLock::new();
        let zero = [RawScalar { bits: 0 }; abi::MAX_STREAMS];
        let whole = Whole(frame);
        let block = |range: core::ops::Range<usize>| {
            let piece = whole.piece(d, range);
            // SAFETY: `range` lies inside the frame (`fold_blocks` cuts `0..len`), whose
            // streams are valid for the whole call (our caller); a reduction writes no stream,
            // so blocks on several threads only share reads.
            match unsafe { abi::invoke_reduction(entry, d, &piece) } {
                Ok(value) => value,
                Err(f) => {
                    let _ = failed.set(f);
                    zero
                }
            }
        };
        let join = |a: RawResults, b: RawResults| {
            let mut out = zero;
            // SAFETY: `a` and `b` are results of this kernel's entry point or combiner, which
            // hold the field of each result component's type in its slot; `out` is
            // MAX_STREAMS writable values on this stack, room for every component.
            let status = unsafe { combine(a.as_ptr(), b.as_ptr(), out.as_mut_ptr()) };
            if status != abi::STATUS_OK {
                let _ = failed.set(Failure::Combine(status));
            }
            out
        };
        let value = fold_blocks(0..frame.len, threads, &block, &join);
        match failed.into_inner() {
            None => Ok(value),
            Some(f) => Err(self.failed(f)),
        }
    }

    /// Makes an elementwise call, on contiguous pieces across threads when it is large
    /// enough to be worth it (`crate::split::drive`; `threads` is the cap, 0 for the default).
    /// A whole-stream kernel (softmax) is always called once.
    ///
    /// # Safety
    /// As [`abi::invoke`], with `self.entry` and `self.descriptor`, which is elementwise.
    #[inline(always)]
    unsafe fn invoke_elementwise(&self, frame: &Frame, threads: usize) -> Result<(), Error> {
        self.check_strides(frame)?;
        let (entry, d) = (self.entry(), self.descriptor());
        let result = if may_split(frame.len, threads) && !d.is_whole_stream() {
            // SAFETY: passed on from our caller; the kernel is not whole-stream.
            unsafe { self.invoke_split(frame, threads) }
        } else {
            // SAFETY: passed on from our caller.
            unsafe { abi::invoke(entry, d, frame) }.map(drop)
        };
        result.map_err(|f| self.failed(f))
    }

    /// A large elementwise call, through the one driver of calls across threads.
    ///
    /// # Safety
    /// As [`Self::invoke_elementwise`]; the kernel must not be whole-stream.
    #[inline(never)]
    unsafe fn invoke_split(&self, frame: &Frame, threads: usize) -> Result<(), Failure> {
        let (entry, d) = (self.entry(), self.descriptor());
        // SAFETY: the frame is valid for the whole call (our caller), and the kind is
        // elementwise and not whole-stream, so by the ABI each element is computed from the
        // same element of the inputs only: pieces cut at one index for every stream give the
        // same result as one call (see `FramePieces`).
        let pieces = unsafe { FramePieces::new(frame, d) };
        drive(threads, pieces, &|piece: FramePieces<'_>| {
            // SAFETY: `piece` covers elements of the caller's frame that no other piece
            // touches; see `FramePieces`.
            unsafe { abi::invoke(entry, d, &piece.frame) }.map(drop)
        })
    }

    /// Refuses to pass strides to an entry point of ABI version 1, which would read them as
    /// contiguous streams: a host gathers such a kernel's strided streams into contiguous
    /// pieces first.
    #[inline(always)]
    fn check_strides(&self, frame: &Frame) -> Result<(), Error> {
        if frame.is_strided() && !self.kernel.takes_strides() {
            return Err(self.strides_refused());
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn strides_refused(&self) -> Error {
        Error::KernelFailed {
            kernel: self.descriptor().name().to_owned(),
            message: format!(
                "it comes from a library of ABI version {}, which takes contiguous streams \
                 only, and the host passed strides; this is a bug in the host, report it",
                self.kernel.abi_version()
            ),
        }
    }

    /// The result of a reduction to one value, read as its declared type.
    pub(crate) fn result(&self, raw: &RawResults) -> Result<Scalar, Error> {
        // `frame` refused a reduction without a result type before the call (`shape_ok`).
        let (Some(&t), Some(&value)) = (self.descriptor().outputs().first(), raw.first()) else {
            return Err(self.malformed_shape());
        };
        // SAFETY: `invoke` zeroes all 8 bytes of every slot before the call, so every field
        // is initialised whatever the kernel wrote.
        Ok(unsafe { abi::scalar_from_raw(t, value) })
    }

    /// Every component of a reduction's result, each read as its declared type.
    pub(crate) fn results(&self, raw: &RawResults) -> Scalars {
        let mut out = Scalars::new();
        for (&t, &value) in self.descriptor().outputs().iter().zip(raw) {
            // SAFETY: as in `result`.
            out.push(unsafe { abi::scalar_from_raw(t, value) });
        }
        out
    }

    #[cold]
    #[inline(never)]
    fn arity(&self, what: &'static str, expected: usize, found: usize) -> Error {
        Error::ArityMismatch {
            kernel: self.descriptor().name().to_owned(),
            what,
            expected,
            found,
            signature: self.descriptor().to_string(),
        }
    }

    #[cold]
    #[inline(never)]
    fn malformed_shape(&self) -> Error {
        let d = self.descriptor();
        let (field, reason) = match d.check_shape() {
            Err(e) => (e.field(), e.to_string()),
            Ok(()) => ("kind", "is unusable".to_owned()),
        };
        Error::malformed_descriptor(None, None, Some(d.name()), field, reason)
    }

    #[cold]
    #[inline(never)]
    fn type_mismatch(
        &self,
        role: Role,
        index: usize,
        expected: ElemType,
        found: ElemType,
    ) -> Error {
        Error::TypeMismatch {
            kernel: self.descriptor().name().to_owned(),
            parameter: role.label(index),
            expected,
            found,
            signature: self.descriptor().to_string(),
        }
    }

    #[cold]
    #[inline(never)]
    fn wrong_kind(&self, called: &'static str, use_instead: &'static str) -> Error {
        Error::WrongKernelKind {
            kernel: self.descriptor().name().to_owned(),
            kind: self.descriptor().kind(),
            called,
            use_instead,
        }
    }

    #[cold]
    #[inline(never)]
    fn aliased(&self, first: usize, second: usize) -> Error {
        let (first, second) = (Role::Output.label(first), Role::Output.label(second));
        Error::aliased_outputs(self.descriptor().name(), &first, &second)
    }

    #[cold]
    #[inline(never)]
    fn length(&self, role: Role, index: usize, found: usize, expected: usize) -> Error {
        let (reference, stream) = (Role::Input.label(0), role.label(index));
        length_mismatch(
            self.descriptor().name(),
            &[(&reference, expected), (&stream, found)],
        )
    }

    #[cold]
    #[inline(never)]
    fn failed(&self, failure: Failure) -> Error {
        let kernel = self.descriptor().name().to_owned();
        match failure {
            Failure::Panicked(message) => Error::KernelPanicked { kernel, message },
            Failure::Failed(message) => Error::KernelFailed { kernel, message },
            Failure::Combine(status) => Error::KernelFailed {
                kernel,
                message: format!(
                    "its combiner returned status {status} ({}); fix the kernel's combiner",
                    match status {
                        abi::STATUS_PANICKED => "panicked",
                        abi::STATUS_ERROR => "error",
                        _ => "not a status the ABI defines",
                    }
                ),
            },
            Failure::UnknownStatus(status, message) => Error::KernelFailed {
                kernel,
                message: format!(
                    "it returned status {status}, which the ABI does not define (0 ok, 1 error, \
                     2 panicked); its message was {message:?}; fix the kernel's entry point"
                ),
            },
        }
    }
}

/// A reduction's frame, shared by the threads that fold its blocks.
struct Whole<'f>(&'f Frame);

// SAFETY: the frame's pointers are valid for the whole call (see `invoke_blocks`), whose
// caller waits in `fold_blocks` until every block is done; the blocks only read the streams
// (a reduction writes none) and the uniforms are plain values.
unsafe impl Sync for Whole<'_> {}

impl Whole<'_> {
    /// The frame of elements `range` (a method, so that closures capture the `Sync` whole and
    /// not its frame).
    fn piece(&self, d: &KernelDescriptor, range: core::ops::Range<usize>) -> Frame {
        self.0.piece(d, range.start, range.end - range.start)
    }
}

/// The common length of a call's streams, measured against the first one seen.
#[derive(Default)]
struct Lengths {
    len: usize,
    seen: bool,
}

impl Lengths {
    #[inline]
    fn check(&mut self, t: &Callable, role: Role, index: usize, len: usize) -> Result<(), Error> {
        if !self.seen {
            self.len = len;
            self.seen = true;
            Ok(())
        } else if len == self.len {
            Ok(())
        } else {
            Err(t.length(role, index, len, self.len))
        }
    }
}

/// The streams of a call by name as a frame of pointers that can be cut at one index, for
/// [`drive`]: each piece is a frame of its own over elements `start..start + len` of every
/// stream.
struct FramePieces<'d> {
    frame: Frame,
    descriptor: &'d KernelDescriptor,
}

impl<'d> FramePieces<'d> {
    /// The whole of `frame`.
    ///
    /// # Safety
    /// `frame` must satisfy [`abi::invoke`]'s contract for `descriptor` until every piece is
    /// done, and `descriptor` must be elementwise and not whole-stream, so that the entry
    /// point computes each element from the same element of its inputs only, as the ABI
    /// requires of such kernels.
    unsafe fn new(frame: &Frame, descriptor: &'d KernelDescriptor) -> Self {
        FramePieces {
            frame: frame.piece(descriptor, 0, frame.len),
            descriptor,
        }
    }
}

// SAFETY: a frame is a set of pointers that `FramePieces::new`'s contract makes valid for the
// whole call. `drive` hands each thread a piece made by `Split::split_at` below, which cuts
// every stream at the same index, so no element written by one piece is read or written by
// another (an output overlaps an input only by being the same pointer, hence the same
// range). The uniforms are plain values. The caller blocks in `drive` (`rayon::join`) until
// every piece has returned.
unsafe impl Send for FramePieces<'_> {}

impl Split for FramePieces<'_> {
    #[inline]
    fn stream_len(&self) -> usize {
        self.frame.len
    }
    #[inline]
    fn split_at(self, mid: usize) -> (Self, Self) {
        let d = self.descriptor;
        let mid = mid.min(self.frame.len);
        let first = self.frame.piece(d, 0, mid);
        let rest = self.frame.piece(d, mid, self.frame.len - mid);
        let piece = |frame| FramePieces {
            frame,
            descriptor: d,
        };
        (piece(first), piece(rest))
    }
}

#[cfg(test)]
mod tests;
