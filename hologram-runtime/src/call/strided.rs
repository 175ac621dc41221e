//! The two raw strided calls, `run_strided` and `reduce_strided`: one dimension, a pointer
//! and a byte stride per stream, which is what numpy hands a ufunc's inner loop. The call
//! block of ABI version 2 takes such streams as they are, so the call checks the strides,
//! fills the frame and makes the same call as `run_slices` (split across threads when large
//! enough) or `reduce_slices` (folded block by block with the combiner). A kernel of ABI
//! version 1 gets its strided streams gathered into contiguous pieces, as `run_arrays` does.

use super::arrays::{Sizes, Streams};
use super::{Callable, Expect, Role};
use crate::abi::Frame;
use crate::abi::RawResults;
use crate::dynamic::{Scalar, Scalars};
use crate::element::ElemType;
use crate::error::Error;
use crate::strided::{StridedInput, StridedOutput};
use crate::threads::DEFAULT_THREADS;

impl Callable {
    /// [`KernelRef::run_strided`](crate::KernelRef::run_strided).
    ///
    /// # Safety
    /// As [`KernelRef::run_strided`](crate::KernelRef::run_strided).
    #[inline]
    pub(crate) unsafe fn run_strided(
        &self,
        uniforms: &[Scalar],
        len: usize,
        inputs: &[StridedInput],
        outputs: &[StridedOutput],
    ) -> Result<(), Error> {
        let mut frame = Frame::new();
        let expect = Expect::elementwise("run_strided", "reduce_strided");
        self.begin(&mut frame, expect, uniforms, inputs.len(), outputs.len())?;
        let d = self.descriptor();
        let mut contiguous = true;
        for (i, (s, &t)) in inputs.iter().zip(d.inputs()).enumerate() {
            contiguous &= self.check_stride(Role::Input, i, t, s.elem, s.stride, len)?;
            frame.set_input(i, s.ptr.cast());
        }
        for (i, (s, &t)) in outputs.iter().zip(d.outputs()).enumerate() {
            contiguous &= self.check_stride(Role::Output, i, t, s.elem, s.stride, len)?;
            frame.set_output(i, s.ptr.cast());
        }
        frame.len = len;
        if !contiguous {
            if !self.kernel.takes_strides() {
                // SAFETY: our caller's contract; the strides were checked above.
                return unsafe { self.run_gathered(&frame, inputs, outputs) };
            }
            for (i, s) in inputs.iter().enumerate() {
                frame.set_input_stride(i, s.stride);
            }
            for (i, s) in outputs.iter().enumerate() {
                frame.set_output_stride(i, s.stride);
            }
        }
        // SAFETY: the registry pairs `entry` with its own descriptor; the counts equal the
        // descriptor's (`begin`), every stream has the declared type (checked), and our
        // caller guarantees that each is valid for `len` elements at its stride, with outputs
        // overlapping nothing but an identical input. Strides are multiples of the element
        // size and an output's is not 0 for more than one element (checked); they go only to
        // a kernel that takes them.
        unsafe { self.invoke_elementwise(&frame, DEFAULT_THREADS) }
    }

    /// [`KernelRef::reduce_strided`](crate::KernelRef::reduce_strided).
    ///
    /// # Safety
    /// As [`KernelRef::reduce_strided`](crate::KernelRef::reduce_strided).
    #[inline]
    pub(crate) unsafe fn reduce_strided(
        &self,
        uniforms: &[Scalar],
        len: usize,
        inputs: &[StridedInput],
    ) -> Result<Scalar, Error> {
        self.single("reduce_strided", "reduce_strided_tuple")?;
        // SAFETY: passed on from our caller.
        let raw = unsafe { self.reduce_strided_raw(uniforms, len, inputs, "reduce_strided") }?;
        self.result(&raw)
    }

    /// [`KernelRef::reduce_strided_tuple`](crate::KernelRef::reduce_strided_tuple).
    ///
    /// # Safety
    /// As [`KernelRef::reduce_strided`](crate::KernelRef::reduce_strided).
    #[inline]
    pub(crate) unsafe fn reduce_strided_tuple(
        &self,
        uniforms: &[Scalar],
        len: usize,
        inputs: &[StridedInput],
    ) -> Result<Scalars, Error> {
        // SAFETY: passed on from our caller.
        let raw =
            unsafe { self.reduce_strided_raw(uniforms, len, inputs, "reduce_strided_tuple") }?;
        Ok(self.results(&raw))
    }

    /// The result slots of a strided reduction.
    ///
    /// # Safety
    /// As [`KernelRef::reduce_strided`](crate::KernelRef::reduce_strided).
    #[inline(always)]
    unsafe fn reduce_strided_raw(
        &self,
        uniforms: &[Scalar],
        len: usize,
        inputs: &[StridedInput],
        called: &'static str,
    ) -> Result<RawResults, Error> {
        let mut frame = Frame::new();
        let expect = Expect::reduce(called, "run_strided");
        self.begin(&mut frame, expect, uniforms, inputs.len(), 0)?;
        let d = self.descriptor();
        let mut contiguous = true;
        for (i, (s, &t)) in inputs.iter().zip(d.inputs()).enumerate() {
            contiguous &= self.check_stride(Role::Input, i, t, s.elem, s.stride, len)?;
            frame.set_input(i, s.ptr.cast());
        }
        frame.len = len;
        let raw = if contiguous || self.kernel.takes_strides() {
            if !contiguous {
                for (i, s) in inputs.iter().enumerate() {
                    frame.set_input_stride(i, s.stride);
                }
            }
            // SAFETY: as in `run_strided`; a reduction writes no stream.
            unsafe { self.invoke_reduce(&frame, DEFAULT_THREADS) }?
        } else {
            let sizes = Sizes::of_types(d.inputs(), &[]);
            let mut streams = Streams::new(&sizes, &frame);
            for (a, s) in inputs.iter().enumerate() {
                streams.set(a, s.ptr.cast_mut(), s.stride / s.elem.size().cast_signed());
            }
            // SAFETY: every input is `len` readable elements of its type at its stride (our
            // caller), which is a whole number of elements (checked).
            unsafe { self.reduce_lane(&streams, len) }?
        };
        Ok(raw)
    }

    /// Checks one stream of a strided call: its type, and a stride the ABI allows (a
    /// multiple of the element size; an output's not 0 unless the call has at most one
    /// element). Returns whether the stream is contiguous for `len` elements.
    #[inline(always)]
    fn check_stride(
        &self,
        role: Role,
        index: usize,
        expected: ElemType,
        found: ElemType,
        stride: isize,
        len: usize,
    ) -> Result<bool, Error> {
        if found != expected {
            return Err(self.type_mismatch(role, index, expected, found));
        }
        let size = expected.size().cast_signed();
        // Every element size is a power of two, so this is `stride % size != 0` without a
        // division on every stream of every call.
        if stride & (size - 1) != 0 {
            return Err(self.invalid_stride(role, index, stride, StrideFault::NotMultiple(size)));
        }
        if stride == 0 && len > 1 && matches!(role, Role::Output) {
            return Err(self.invalid_stride(role, index, stride, StrideFault::OutputZero(len)));
        }
        Ok(len <= 1 || stride == size)
    }

    /// An elementwise call of a kernel of ABI version 1 on strided streams: in pieces
    /// gathered through stack buffers, or for a whole-stream kernel on one copy of each
    /// stream in this thread's scratch.
    ///
    /// # Safety
    /// As [`Self::run_strided`], whose checks `frame`, `inputs` and `outputs` passed.
    #[cold]
    #[inline(never)]
    unsafe fn run_gathered(
        &self,
        frame: &Frame,
        inputs: &[StridedInput],
        outputs: &[StridedOutput],
    ) -> Result<(), Error> {
        let d = self.descriptor();
        let sizes = Sizes::of_types(d.inputs(), d.outputs());
        let mut streams = Streams::new(&sizes, frame);
        let ins = inputs.iter().map(|s| (s.ptr.cast_mut(), s.stride, s.elem));
        let outs = outputs.iter().map(|s| (s.ptr, s.stride, s.elem));
        for (a, (ptr, stride, t)) in ins.chain(outs).enumerate() {
            streams.set(a, ptr, stride / t.size().cast_signed());
        }
        let result = if d.is_whole_stream() {
            // SAFETY: our caller's contract: every stream is `len` elements at its stride,
            // now counted in elements.
            unsafe { self.call_lane(&streams, frame.len) }
        } else {
            // SAFETY: as above.
            unsafe { self.call_streams(&streams, frame.len) }
        };
        result.map_err(|f| self.failed(f))
    }

    #[cold]
    #[inline(never)]
    fn invalid_stride(&self, role: Role, index: usize, stride: isize, fault: StrideFault) -> Error {
        Error::InvalidStride {
            kernel: self.descriptor().name().to_owned(),
            stream: role.label(index),
            stride,
            reason: match fault {
                StrideFault::NotMultiple(size) => {
                    format!("is not a multiple of its element size, {size} bytes")
                }
                StrideFault::OutputZero(len) => {
                    format!("would write all {len} elements of the output to one place")
                }
            },
        }
    }
}

/// What is wrong with a stride.
#[derive(Clone, Copy)]
enum StrideFault {
    /// Not a multiple of the element size (in bytes).
    NotMultiple(isize),
    /// 0 on an output of this many elements.
    OutputZero(usize),
}
