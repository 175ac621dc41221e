//! The four dynamic calls: check the arguments against the descriptor, fill a stack frame of
//! pointers, and make one indirect call. No lock, lookup or allocation on success.
//!
//! Errors are built in `#[cold]` functions, so the checks on the hot path are plain
//! comparisons.

use crate::__private::DEFAULT_THREADS;
use crate::abi::{self, EntryFn, Failure, Frame};
use crate::dynamic::{AnyBuffer, AnySlice, AnySliceMut, Scalar};
use crate::element::ElemType;
use crate::error::Error;
use crate::executor::Executor;
use crate::kernel::{KernelDescriptor, KernelKind};
use crate::registry::check_shape;
use crate::threads::{PROBE, may_split, pieces, worth_splitting};
use std::time::Instant;

/// A kernel's descriptor and entry point, which the registry guarantees belong together.
#[derive(Clone, Copy)]
pub(crate) struct Target<'k> {
    pub(crate) descriptor: &'k KernelDescriptor,
    pub(crate) entry: EntryFn,
    /// Whether the descriptor has a shape calls can serve (`registry::check_shape`).
    pub(crate) shape_ok: bool,
}

/// Which parameter of a call, for messages.
#[derive(Clone, Copy)]
enum Role {
    Uniform,
    Input,
    Output,
}

impl Role {
    fn label(self, index: usize) -> String {
        let role = match self {
            Role::Uniform => "uniform",
            Role::Input => "input",
            Role::Output => "output",
        };
        format!("{role} {index}")
    }
}

impl Target<'_> {
    /// [`KernelRef::run_slices`](crate::KernelRef::run_slices).
    pub(crate) fn run_slices(
        self,
        uniforms: &[Scalar],
        inputs: &[AnySlice<'_>],
        outputs: &mut [AnySliceMut<'_>],
    ) -> Result<(), Error> {
        self.kind(KernelKind::Elementwise, "run_slices", "reduce_slices")?;
        let mut frame = Frame::new();
        self.frame(&mut frame, uniforms, inputs.len(), outputs.len())?;
        let mut lens = Lengths::default();
        for (i, s) in inputs.iter().enumerate() {
            self.elem(Role::Input, i, s.elem_type())?;
            lens.check(self, Role::Input, i, s.len())?;
            frame.set_input(i, s.as_ptr());
        }
        for (i, s) in outputs.iter_mut().enumerate() {
            self.elem(Role::Output, i, s.elem_type())?;
            lens.check(self, Role::Output, i, s.len())?;
            frame.set_output(i, s.as_mut_ptr());
        }
        frame.len = lens.len;
        // SAFETY: the registry pairs `entry` with its own descriptor. The counts equal the
        // descriptor's (`frame`), every stream has the declared type and `len` elements
        // (checked above), inputs are borrowed shared and outputs exclusively for the whole
        // call, so no output overlaps anything else.
        unsafe { self.invoke_elementwise(&frame, DEFAULT_THREADS) }
    }

    /// [`KernelRef::reduce_slices`](crate::KernelRef::reduce_slices).
    pub(crate) fn reduce_slices(
        self,
        uniforms: &[Scalar],
        inputs: &[AnySlice<'_>],
    ) -> Result<Scalar, Error> {
        self.kind(KernelKind::Reduce, "reduce_slices", "run_slices")?;
        let mut frame = Frame::new();
        self.frame(&mut frame, uniforms, inputs.len(), 0)?;
        let mut lens = Lengths::default();
        for (i, s) in inputs.iter().enumerate() {
            self.elem(Role::Input, i, s.elem_type())?;
            lens.check(self, Role::Input, i, s.len())?;
            frame.set_input(i, s.as_ptr());
        }
        frame.len = lens.len;
        // SAFETY: as in `run_slices`; a reduction has no output streams.
        let raw = unsafe { self.invoke(&frame) }?;
        self.result(raw)
    }

    /// [`KernelRef::run`](crate::KernelRef::run).
    pub(crate) fn run(
        self,
        exec: &mut Executor,
        uniforms: &[Scalar],
        inputs: &[AnyBuffer],
        outputs: &[AnyBuffer],
    ) -> Result<(), Error> {
        self.kind(KernelKind::Elementwise, "run", "reduce")?;
        let mut frame = Frame::new();
        self.frame(&mut frame, uniforms, inputs.len(), outputs.len())?;
        for (i, b) in inputs.iter().enumerate() {
            self.elem(Role::Input, i, b.elem_type())?;
        }
        for (i, b) in outputs.iter().enumerate() {
            self.elem(Role::Output, i, b.elem_type())?;
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
        self,
        exec: &Executor,
        uniforms: &[Scalar],
        inputs: &[AnyBuffer],
    ) -> Result<Scalar, Error> {
        self.kind(KernelKind::Reduce, "reduce", "run")?;
        let mut frame = Frame::new();
        self.frame(&mut frame, uniforms, inputs.len(), 0)?;
        for (i, b) in inputs.iter().enumerate() {
            self.elem(Role::Input, i, b.elem_type())?;
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
        let raw = unsafe { self.invoke(&frame) }?;
        self.result(raw)
    }

    /// Checks the arity, and fills the uniforms.
    #[inline(always)]
    fn frame(
        self,
        frame: &mut Frame,
        uniforms: &[Scalar],
        inputs: usize,
        outputs: usize,
    ) -> Result<(), Error> {
        let d = self.descriptor;
        let expected_outputs = match d.kind() {
            KernelKind::Elementwise => d.outputs().len(),
            KernelKind::Reduce => 0,
        };
        if uniforms.len() != d.uniforms().len() {
            return Err(self.arity("uniform values", d.uniforms().len(), uniforms.len()));
        }
        if inputs != d.inputs().len() {
            return Err(self.arity("input streams", d.inputs().len(), inputs));
        }
        if outputs != expected_outputs {
            return Err(self.arity("output streams", expected_outputs, outputs));
        }
        // The registry and the loader refuse descriptors of a shape calls cannot serve (more
        // than MAX_STREAMS of anything, a reduction without one result type), and `#[kernel]`
        // cannot declare them; a hand-made `KernelRef::from` of one still gets an error
        // here, not an index out of the frame's bounds.
        if !self.shape_ok {
            return Err(self.malformed_shape());
        }
        frame.counts = [uniforms.len(), inputs, outputs];
        for (i, u) in uniforms.iter().enumerate() {
            self.elem(Role::Uniform, i, u.elem_type())?;
            frame.set_uniform(i, u.to_raw());
        }
        Ok(())
    }

    #[inline]
    fn kind(
        self,
        want: KernelKind,
        called: &'static str,
        use_instead: &'static str,
    ) -> Result<(), Error> {
        if self.descriptor.kind() == want {
            Ok(())
        } else {
            Err(self.wrong_kind(called, use_instead))
        }
    }

    #[inline]
    fn elem(self, role: Role, index: usize, found: ElemType) -> Result<(), Error> {
        let d = self.descriptor;
        let declared = match role {
            Role::Uniform => d.uniforms(),
            Role::Input => d.inputs(),
            Role::Output => d.outputs(),
        };
        match declared.get(index) {
            Some(&expected) if expected == found => Ok(()),
            Some(&expected) => Err(self.type_mismatch(role, index, expected, found)),
            None => Err(self.arity("streams", declared.len(), index + 1)),
        }
    }

    /// Makes the call and turns a failure into an error naming the kernel.
    ///
    /// # Safety
    /// As [`abi::invoke`], with `self.entry` and `self.descriptor`.
    #[inline]
    unsafe fn invoke(self, frame: &Frame) -> Result<abi::RawScalar, Error> {
        // SAFETY: passed on from our caller.
        unsafe { abi::invoke(self.entry, self.descriptor, frame) }.map_err(|f| self.failed(f))
    }

    /// Makes an elementwise call, on contiguous pieces across threads when it is large
    /// enough to be worth it (`crate::threads`; `threads` is the cap, 0 for the default).
    ///
    /// # Safety
    /// As [`abi::invoke`], with `self.entry` and `self.descriptor`, which is elementwise.
    #[inline]
    unsafe fn invoke_elementwise(self, frame: &Frame, threads: usize) -> Result<(), Error> {
        let result = if may_split(frame.len, threads) && !self.descriptor.is_whole_stream() {
            // SAFETY: passed on from our caller.
            unsafe { self.invoke_probed(frame, threads) }
        } else {
            // SAFETY: passed on from our caller.
            unsafe { abi::invoke(self.entry, self.descriptor, frame) }
        };
        result.map(drop).map_err(|f| self.failed(f))
    }

    /// A large elementwise call: the first `PROBE` elements on this thread, timed, then the
    /// rest on this thread or, when worth it, in pieces across threads.
    ///
    /// # Safety
    /// As [`Self::invoke_elementwise`].
    #[inline(never)]
    unsafe fn invoke_probed(
        self,
        frame: &Frame,
        threads: usize,
    ) -> Result<abi::RawScalar, Failure> {
        let (entry, d) = (self.entry, self.descriptor);
        let rest = frame.len.saturating_sub(PROBE);
        let pieces = pieces(rest, threads);
        if pieces == 1 {
            // SAFETY: passed on from our caller.
            return unsafe { abi::invoke(entry, d, frame) };
        }
        let start = Instant::now();
        // SAFETY: `0..PROBE` lies inside the frame (`may_split` saw at least
        // `PARALLEL_THRESHOLD > PROBE` elements); this thread is the only one calling yet.
        unsafe { abi::invoke_range(entry, d, frame, 0, PROBE) }?;
        if worth_splitting(start.elapsed(), PROBE, rest) {
            // SAFETY: passed on from our caller; the kind is elementwise (checked by every
            // caller), and the ABI requires an elementwise kernel to compute each element
            // from the same element of its inputs; `PROBE <= frame.len`.
            unsafe { abi::invoke_pieces(entry, d, frame, PROBE, pieces) }
        } else {
            // SAFETY: `PROBE..frame.len` lies inside the frame; one thread.
            unsafe { abi::invoke_range(entry, d, frame, PROBE, rest) }
        }
    }

    /// The result of a reduction, read as its declared type.
    fn result(self, raw: abi::RawScalar) -> Result<Scalar, Error> {
        // `frame` refused a reduction without a result type before the call (`shape_ok`).
        let Some(&t) = self.descriptor.outputs().first() else {
            return Err(self.malformed_shape());
        };
        // SAFETY: `invoke` zeroes all 8 bytes of the result before the call, so every field
        // is initialised whatever the kernel wrote.
        Ok(unsafe { abi::scalar_from_raw(t, raw) })
    }

    #[cold]
    #[inline(never)]
    fn arity(self, what: &'static str, expected: usize, found: usize) -> Error {
        Error::ArityMismatch {
            kernel: self.descriptor.name().to_owned(),
            what,
            expected,
            found,
            signature: self.descriptor.to_string(),
        }
    }

    #[cold]
    #[inline(never)]
    fn malformed_shape(self) -> Error {
        let d = self.descriptor;
        let (field, reason) = check_shape(d)
            .err()
            .unwrap_or(("kind", "is unusable".to_owned()));
        Error::MalformedDescriptor {
            path: None,
            kernel: format!("`{}`", d.name()),
            field,
            reason,
        }
    }

    #[cold]
    #[inline(never)]
    fn type_mismatch(self, role: Role, index: usize, expected: ElemType, found: ElemType) -> Error {
        Error::TypeMismatch {
            kernel: self.descriptor.name().to_owned(),
            parameter: role.label(index),
            expected,
            found,
            signature: self.descriptor.to_string(),
        }
    }

    #[cold]
    #[inline(never)]
    fn wrong_kind(self, called: &'static str, use_instead: &'static str) -> Error {
        Error::WrongKernelKind {
            kernel: self.descriptor.name().to_owned(),
            kind: self.descriptor.kind(),
            called,
            use_instead,
        }
    }

    #[cold]
    #[inline(never)]
    fn aliased(self, first: usize, second: usize) -> Error {
        Error::AliasedOutputs {
            operation: format!("kernel `{}`", self.descriptor.name()),
            first: Role::Output.label(first),
            second: Role::Output.label(second),
        }
    }

    #[cold]
    #[inline(never)]
    fn length(self, role: Role, index: usize, found: usize, expected: usize) -> Error {
        Error::LengthMismatch {
            operation: format!("kernel `{}`", self.descriptor.name()),
            stream: role.label(index),
            found,
            reference: Role::Input.label(0),
            expected,
        }
    }

    #[cold]
    #[inline(never)]
    fn failed(self, failure: Failure) -> Error {
        let kernel = self.descriptor.name().to_owned();
        match failure {
            Failure::Panicked(message) => Error::KernelPanicked { kernel, message },
            Failure::Failed(message) => Error::KernelFailed { kernel, message },
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

/// The common length of a call's streams, measured against the first one seen.
#[derive(Default)]
struct Lengths {
    len: usize,
    seen: bool,
}

impl Lengths {
    #[inline]
    fn check(&mut self, t: Target<'_>, role: Role, index: usize, len: usize) -> Result<(), Error> {
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
