//! The four array calls by name: `run_arrays`, `reduce_arrays`, `run_along` and
//! `reduce_along`. The shapes are checked and walked as in a typed call
//! (`crate::array`); the kernel's entry point gets contiguous streams: a contiguous run of
//! the caller's arrays directly, any other read into (and written back from) buffers.

use super::{Callable, Expect, Role};
use crate::abi::RawResults;
use crate::abi::{self, Failure, Frame, MAX_STREAMS};
use crate::array::{
    Along, AnyView, AnyViewMut, ArrayList, Cursor, GATHER, Order, along_walk_list,
    elementwise_walk_list, flat_list, gather, gather_flat, scatter, with_scratch,
};
use crate::dynamic::{Scalar, Scalars};
use crate::element::ElemType;
use crate::error::Error;
use crate::split::drive;
use crate::threads::{DEFAULT_THREADS, ENTRY_THREADS};
use core::mem::MaybeUninit;

/// The names of a call's arrays by position, for errors: inputs, then outputs.
const LABELS: [&str; 2 * MAX_STREAMS] = [
    "input 0",
    "input 1",
    "input 2",
    "input 3",
    "input 4",
    "input 5",
    "input 6",
    "input 7",
    "input 8",
    "input 9",
    "input 10",
    "input 11",
    "input 12",
    "input 13",
    "input 14",
    "input 15",
    "output 0",
    "output 1",
    "output 2",
    "output 3",
    "output 4",
    "output 5",
    "output 6",
    "output 7",
    "output 8",
    "output 9",
    "output 10",
    "output 11",
    "output 12",
    "output 13",
    "output 14",
    "output 15",
];

/// `LABELS` for `inputs` inputs then `outputs` outputs.
fn labels(inputs: usize, outputs: usize) -> [&'static str; 2 * MAX_STREAMS] {
    let mut out = [""; 2 * MAX_STREAMS];
    let names = LABELS
        .iter()
        .take(inputs)
        .chain(LABELS.iter().skip(MAX_STREAMS).take(outputs));
    for (slot, name) in out.iter_mut().zip(names) {
        *slot = name;
    }
    out
}

/// A frame whose uniforms and counts are set, shared by the threads of one call; each run
/// copies it and sets its own stream pointers.
struct Template(Frame);

// SAFETY: the template is only read (copied) while it is shared, and what it holds that
// matters, the uniforms and counts, are plain values; its pointer slots are overwritten in
// every copy before a call.
unsafe impl Sync for Template {}

impl Template {
    /// The frame (a method, so that closures capture the whole `Template`, which is `Sync`).
    fn frame(&self) -> &Frame {
        &self.0
    }
}

impl Callable {
    /// Checks the element types of `inputs` and `outputs` against the descriptor and lists
    /// them for a walk.
    fn array_list(
        &self,
        inputs: &[AnyView<'_>],
        outputs: &[AnyViewMut<'_>],
        output_types: &[ElemType],
    ) -> Result<ArrayList, Error> {
        let d = self.descriptor();
        let mut list = ArrayList::new();
        for (i, (v, &t)) in inputs.iter().zip(d.inputs()).enumerate() {
            if v.elem_type() != t {
                return Err(self.type_mismatch(Role::Input, i, t, v.elem_type()));
            }
            list.push(v.raw());
        }
        for (i, (v, &t)) in outputs.iter().zip(output_types).enumerate() {
            if v.elem_type() != t {
                return Err(self.type_mismatch(Role::Output, i, t, v.elem_type()));
            }
            list.push(v.raw());
        }
        Ok(list)
    }

    /// [`KernelRef::run_arrays`](crate::KernelRef::run_arrays).
    pub(crate) fn run_arrays(
        &self,
        uniforms: &[Scalar],
        inputs: &[AnyView<'_>],
        outputs: &mut [AnyViewMut<'_>],
    ) -> Result<(), Error> {
        let mut frame = Frame::new();
        let expect = Expect::elementwise("run_arrays", "reduce_arrays");
        self.begin(&mut frame, expect, uniforms, inputs.len(), outputs.len())?;
        let d = self.descriptor();
        if d.is_whole_stream() {
            return Err(self.wrong_kind("run_arrays", "run_along"));
        }
        let list = self.array_list(inputs, outputs, d.outputs())?;
        let names = labels(inputs.len(), outputs.len());
        let walk = elementwise_walk_list(d.name(), &names, &list, Order::Fastest)?;
        let template = Template(frame);
        let sizes = Sizes::of(&list);
        let outcome = drive(
            DEFAULT_THREADS,
            walk.all(),
            &|piece: crate::array::Piece<'_>| {
                piece.walk.runs(piece.range, |cursor: &mut Cursor| {
                    let mut streams = Streams::new(&sizes, template.frame());
                    for a in 0..sizes.count {
                        let (ptr, stride) = piece.walk.array_at(cursor, a);
                        streams.set(a, ptr, stride);
                    }
                    // SAFETY: every array is the caller's checked view (inputs shared, outputs
                    // exclusive, so they do not overlap), broadcast to the call's shape; the run
                    // covers `take` elements of each, and runs of one walk are disjoint.
                    unsafe { self.call_streams(&streams, cursor.take) }
                })
            },
        );
        outcome.map_err(|f| self.failed(f))
    }

    /// [`KernelRef::reduce_arrays`](crate::KernelRef::reduce_arrays).
    pub(crate) fn reduce_arrays(
        &self,
        uniforms: &[Scalar],
        inputs: &[AnyView<'_>],
    ) -> Result<Scalar, Error> {
        self.single("reduce_arrays", "reduce_arrays_tuple")?;
        let raw = self.reduce_arrays_raw(uniforms, inputs, "reduce_arrays")?;
        self.result(&raw)
    }

    /// [`KernelRef::reduce_arrays_tuple`](crate::KernelRef::reduce_arrays_tuple).
    pub(crate) fn reduce_arrays_tuple(
        &self,
        uniforms: &[Scalar],
        inputs: &[AnyView<'_>],
    ) -> Result<Scalars, Error> {
        let raw = self.reduce_arrays_raw(uniforms, inputs, "reduce_arrays_tuple")?;
        Ok(self.results(&raw))
    }

    fn reduce_arrays_raw(
        &self,
        uniforms: &[Scalar],
        inputs: &[AnyView<'_>],
        called: &'static str,
    ) -> Result<RawResults, Error> {
        let mut frame = Frame::new();
        let expect = Expect::reduce(called, "run_arrays");
        self.begin(&mut frame, expect, uniforms, inputs.len(), 0)?;
        let d = self.descriptor();
        let list = self.array_list(inputs, &[], &[])?;
        let names = labels(inputs.len(), 0);
        let flats = flat_list(d.name(), &names, &list)?;
        let len = flats
            .iter()
            .next()
            .and_then(|a| a.layout.elements())
            .unwrap_or(0);
        frame.len = len;
        let contiguous = flats.iter().all(|a| a.layout.is_row_major());
        // One dimension each (after merging): a kernel of ABI version 2 reads the strides.
        let lines = self.kernel.takes_strides() && flats.iter().all(|a| a.layout.rank() <= 1);
        if contiguous || lines {
            for (i, a) in flats.iter().enumerate() {
                frame.set_input(i, a.ptr.cast_const().cast());
                if !contiguous {
                    let stride = a.layout.strides().first().copied().unwrap_or(1);
                    frame.set_input_stride(i, stride * a.size as isize);
                }
            }
            // SAFETY: every input is `len` elements of its declared type (checked), in
            // row-major order, one run apart by its stride, borrowed shared for the call;
            // strides go only to a kernel that takes them; a reduction writes no stream.
            unsafe { self.invoke_reduce(&frame, DEFAULT_THREADS) }
        } else {
            // The fold order is over row-major order: the inputs are copied in that order to
            // this thread's buffer, and the kernel folds the copies.
            let total: usize = flats.iter().map(|a| padded(len * a.size)).sum();
            with_scratch(total, |scratch| {
                let mut at = scratch;
                for (i, a) in flats.iter().enumerate() {
                    // SAFETY: the scratch holds `total` bytes, room for every input's
                    // elements, each padded to 8 bytes; the array's indices reach its
                    // elements.
                    unsafe {
                        gather_flat(a, at);
                        frame.set_input(i, at.cast_const().cast());
                        at = at.add(padded(len * a.size));
                    }
                }
                // SAFETY: each input points to `len` elements of its type in the scratch,
                // which stays borrowed (and unwritten) until the call returns.
                unsafe { self.invoke_reduce(&frame, DEFAULT_THREADS) }
            })
        }
    }

    /// [`KernelRef::run_along`](crate::KernelRef::run_along).
    pub(crate) fn run_along(
        &self,
        axis: usize,
        uniforms: &[Scalar],
        inputs: &[AnyView<'_>],
        outputs: &mut [AnyViewMut<'_>],
    ) -> Result<(), Error> {
        let mut frame = Frame::new();
        let expect = Expect::elementwise("run_along", "reduce_along");
        self.begin(&mut frame, expect, uniforms, inputs.len(), outputs.len())?;
        let d = self.descriptor();
        let list = self.array_list(inputs, outputs, d.outputs())?;
        let names = labels(inputs.len(), outputs.len());
        let along = along_walk_list(d.name(), &names, axis, &list, Along::Lanes)?;
        let template = Template(frame);
        let sizes = Sizes::of(&list);
        let outcome = along.drive(DEFAULT_THREADS, &|lane: &mut Cursor| {
            let mut streams = Streams::new(&sizes, template.frame());
            for a in 0..sizes.count {
                let (ptr, stride) = along.walk.array_at(lane, a);
                streams.set(a, ptr, stride);
            }
            // SAFETY: as in `run_arrays`: each lane covers `lane_len` elements of every array
            // along the axis, and lanes are disjoint.
            unsafe { self.call_lane(&streams, along.lane_len) }
        });
        outcome.map_err(|f| self.failed(f))
    }

    /// [`KernelRef::reduce_along`](crate::KernelRef::reduce_along).
    pub(crate) fn reduce_along(
        &self,
        axis: usize,
        uniforms: &[Scalar],
        inputs: &[AnyView<'_>],
        out: AnyViewMut<'_>,
    ) -> Result<(), Error> {
        self.single("reduce_along", "reduce_along_tuple")?;
        self.reduce_along_into(
            axis,
            uniforms,
            inputs,
            core::slice::from_ref(&out),
            "reduce_along",
        )
    }

    /// [`KernelRef::reduce_along_tuple`](crate::KernelRef::reduce_along_tuple).
    pub(crate) fn reduce_along_tuple(
        &self,
        axis: usize,
        uniforms: &[Scalar],
        inputs: &[AnyView<'_>],
        outputs: &mut [AnyViewMut<'_>],
    ) -> Result<(), Error> {
        self.reduce_along_into(axis, uniforms, inputs, outputs, "reduce_along_tuple")
    }

    /// Reduces every lane along `axis`, writing component `k` of each lane's result to
    /// `outputs[k]` (exclusive views: `reduce_along` borrows its one output mutably, and
    /// `reduce_along_tuple` takes `&mut`).
    fn reduce_along_into(
        &self,
        axis: usize,
        uniforms: &[Scalar],
        inputs: &[AnyView<'_>],
        outputs: &[AnyViewMut<'_>],
        called: &'static str,
    ) -> Result<(), Error> {
        let mut frame = Frame::new();
        let expect = Expect::reduce(called, "run_along");
        self.begin(&mut frame, expect, uniforms, inputs.len(), 0)?;
        let d = self.descriptor();
        if outputs.len() != d.outputs().len() {
            return Err(self.arity("output arrays", d.outputs().len(), outputs.len()));
        }
        let list = self.array_list(inputs, outputs, d.outputs())?;
        let names = labels(inputs.len(), outputs.len());
        let along = along_walk_list(d.name(), &names, axis, &list, Along::Value)?;
        let template = Template(frame);
        let sizes = Sizes::of(&list);
        along.drive(DEFAULT_THREADS, &|lane: &mut Cursor| {
            let mut streams = Streams::new(&sizes, template.frame());
            for a in 0..inputs.len() {
                let (ptr, stride) = along.walk.array_at(lane, a);
                streams.set(a, ptr, stride);
            }
            // SAFETY: the inputs' lanes are `lane_len` elements of the caller's checked views
            // along the axis, read only.
            let raw = unsafe { self.reduce_lane(&streams, along.lane_len) }?;
            for (k, (value, o)) in raw.iter().zip(outputs).enumerate() {
                let (out_ptr, _) = along.walk.array_at(lane, inputs.len() + k);
                // SAFETY: output `k`'s element of this lane, in the caller's exclusive view
                // of component `k`'s type (checked); the component's bytes are the value of
                // that type at offset 0 of its union.
                unsafe {
                    core::ptr::copy_nonoverlapping(
                        (&raw const *value).cast::<u8>(),
                        out_ptr,
                        o.elem_type().size(),
                    )
                };
            }
            Ok(())
        })
    }

    /// Calls the kernel on one run of `len` elements of every stream: directly when every
    /// stream is contiguous, else in pieces of [`GATHER`] elements through stack buffers.
    ///
    /// # Safety
    /// Every stream's `len` elements must be valid for the declared type (inputs readable,
    /// outputs writable and overlapping nothing else) until this returns.
    pub(super) unsafe fn call_streams(
        &self,
        streams: &Streams<'_>,
        len: usize,
    ) -> Result<(), Failure> {
        let mut frame = *streams.frame;
        if streams.contiguous(len) || self.kernel.takes_strides() {
            // One call: contiguous streams, or a kernel that reads strides (ABI version 2).
            streams.point(&mut frame, 0, None);
            if !streams.contiguous(len) {
                streams.stride(&mut frame);
            }
            frame.len = len;
            // SAFETY: our caller's contract; the pointers are the streams' own, and strides
            // go only to a kernel that takes them.
            return unsafe { abi::invoke(self.entry(), self.descriptor(), &frame) }.map(drop);
        }
        let mut bufs: [MaybeUninit<[u64; GATHER]>; 2 * MAX_STREAMS] =
            [MaybeUninit::uninit(); 2 * MAX_STREAMS];
        let base = bufs.as_mut_ptr().cast::<u8>();
        let mut start = 0;
        while start < len {
            let n = GATHER.min(len - start);
            // SAFETY: each buffer holds GATHER elements of up to 8 bytes; the streams' pieces
            // are inside their `len` elements.
            unsafe {
                streams.read(base, start, n);
                streams.point(&mut frame, start, Some(base));
                frame.len = n;
                abi::invoke(self.entry(), self.descriptor(), &frame)?;
                streams.write(base, start, n);
            }
            start += GATHER;
        }
        Ok(())
    }

    /// Calls a whole-stream (or any elementwise) kernel on one lane of `len` elements:
    /// directly when every stream is contiguous, else on copies in this thread's scratch.
    ///
    /// # Safety
    /// As [`Self::call_streams`].
    pub(super) unsafe fn call_lane(
        &self,
        streams: &Streams<'_>,
        len: usize,
    ) -> Result<(), Failure> {
        if streams.contiguous(len) || self.kernel.takes_strides() {
            // SAFETY: passed on.
            return unsafe { self.call_streams(streams, len) };
        }
        let mut frame = *streams.frame;
        let bytes: usize = streams
            .sizes
            .sizes
            .iter()
            .take(streams.sizes.count)
            .map(|&s| padded(len * s))
            .sum();
        with_scratch(bytes, |scratch| {
            // SAFETY: the scratch holds every stream's `len` elements, each padded to 8
            // bytes; the streams are valid for `len` elements (our caller).
            unsafe {
                let mut at = scratch;
                for a in 0..streams.sizes.count {
                    let (ptr, stride, size, output) = streams.stream(a);
                    if !output {
                        gather(ptr, stride, size, len, at);
                    }
                    streams.point_one(&mut frame, a, at);
                    at = at.add(padded(len * size));
                }
                frame.len = len;
                abi::invoke(self.entry(), self.descriptor(), &frame)?;
                let mut at = scratch.cast_const();
                for a in 0..streams.sizes.count {
                    let (ptr, stride, size, output) = streams.stream(a);
                    if output {
                        scatter(at, size, len, ptr, stride);
                    }
                    at = at.add(padded(len * size));
                }
            }
            Ok(())
        })
    }

    /// Reduces one lane of `len` elements of every input: directly when contiguous (or the
    /// kernel reads strides), else on copies in this thread's scratch. Either way through
    /// `invoke_reduce`, on this thread, so that a lane folds as `reduce_slices` folds a copy
    /// of it: past a block, a kernel with a combiner is called per block and the blocks are
    /// joined along the tree of `hologram::fold`.
    ///
    /// # Safety
    /// Every input's `len` elements must be readable values of the declared type.
    pub(super) unsafe fn reduce_lane(
        &self,
        streams: &Streams<'_>,
        len: usize,
    ) -> Result<RawResults, Error> {
        let mut frame = *streams.frame;
        frame.len = len;
        let inputs = frame.counts[1];
        // Only the inputs are lanes here: the output's slot (one element per lane, written
        // by `reduce_along`) keeps stride 0, so `Streams::contiguous` would never hold.
        let contiguous = len <= 1 || (0..inputs).all(|a| streams.stream(a).1 == 1);
        let direct = contiguous || self.kernel.takes_strides();
        if direct {
            for a in 0..inputs {
                let (ptr, stride, size, _) = streams.stream(a);
                frame.set_input(a, ptr.cast_const().cast());
                if !contiguous {
                    frame.set_input_stride(a, stride * size as isize);
                }
            }
            // SAFETY: our caller's contract; strides go only to a kernel that takes them.
            return unsafe { self.invoke_reduce(&frame, ENTRY_THREADS) };
        }
        let bytes: usize = streams
            .sizes
            .sizes
            .iter()
            .take(inputs)
            .map(|&s| padded(len * s))
            .sum();
        with_scratch(bytes, |scratch| {
            // SAFETY: as in `call_lane`, for the inputs only.
            unsafe {
                let mut at = scratch;
                for a in 0..inputs {
                    let (ptr, stride, size, _) = streams.stream(a);
                    gather(ptr, stride, size, len, at);
                    frame.set_input(a, at.cast_const().cast());
                    at = at.add(padded(len * size));
                }
                self.invoke_reduce(&frame, ENTRY_THREADS)
            }
        })
    }
}

/// `bytes` rounded up to a multiple of 8, so every copy in a scratch buffer is aligned.
fn padded(bytes: usize) -> usize {
    bytes.div_ceil(8) * 8
}

/// The element size of every array of a call, and which are outputs.
pub(super) struct Sizes {
    count: usize,
    sizes: [usize; 2 * MAX_STREAMS],
    outputs: [bool; 2 * MAX_STREAMS],
}

impl Sizes {
    /// The sizes of streams of types `inputs` then `outputs`.
    pub(super) fn of_types(inputs: &[ElemType], outputs: &[ElemType]) -> Sizes {
        let mut sizes = Sizes {
            count: 0,
            sizes: [0; 2 * MAX_STREAMS],
            outputs: [false; 2 * MAX_STREAMS],
        };
        let streams = inputs.iter().map(|t| (t, false));
        let streams = streams.chain(outputs.iter().map(|t| (t, true)));
        for (a, (t, output)) in streams.enumerate().take(2 * MAX_STREAMS) {
            if let (Some(s), Some(o)) = (sizes.sizes.get_mut(a), sizes.outputs.get_mut(a)) {
                *s = t.size();
                *o = output;
            }
            sizes.count = a + 1;
        }
        sizes
    }

    fn of(list: &ArrayList) -> Sizes {
        let mut sizes = Sizes {
            count: 0,
            sizes: [0; 2 * MAX_STREAMS],
            outputs: [false; 2 * MAX_STREAMS],
        };
        for (a, array) in list.iter().enumerate().take(2 * MAX_STREAMS) {
            if let (Some(s), Some(o)) = (sizes.sizes.get_mut(a), sizes.outputs.get_mut(a)) {
                *s = array.size;
                *o = array.output;
            }
            sizes.count = a + 1;
        }
        sizes
    }
}

/// The streams of one run or lane: each array's first element and element stride.
pub(super) struct Streams<'s> {
    sizes: &'s Sizes,
    frame: &'s Frame,
    ptrs: [*mut u8; 2 * MAX_STREAMS],
    strides: [isize; 2 * MAX_STREAMS],
}

impl<'s> Streams<'s> {
    pub(super) fn new(sizes: &'s Sizes, frame: &'s Frame) -> Self {
        Streams {
            sizes,
            frame,
            ptrs: [core::ptr::null_mut(); 2 * MAX_STREAMS],
            strides: [0; 2 * MAX_STREAMS],
        }
    }

    pub(super) fn set(&mut self, a: usize, ptr: *mut u8, stride: isize) {
        if let (Some(p), Some(s)) = (self.ptrs.get_mut(a), self.strides.get_mut(a)) {
            *p = ptr;
            *s = stride;
        }
    }

    /// Array `a`'s pointer, element stride, element size and whether it is an output.
    fn stream(&self, a: usize) -> (*mut u8, isize, usize, bool) {
        (
            self.ptrs.get(a).copied().unwrap_or(core::ptr::null_mut()),
            self.strides.get(a).copied().unwrap_or(0),
            self.sizes.sizes.get(a).copied().unwrap_or(0),
            self.sizes.outputs.get(a).copied().unwrap_or(false),
        )
    }

    /// Whether every stream's `len` elements are consecutive.
    fn contiguous(&self, len: usize) -> bool {
        len <= 1 || self.strides.iter().take(self.sizes.count).all(|&s| s == 1)
    }

    /// Points `frame`'s stream `a` at `ptr`.
    fn point_one(&self, frame: &mut Frame, a: usize, ptr: *mut u8) {
        let inputs = frame.counts[1];
        if a < inputs {
            frame.set_input(a, ptr.cast_const().cast());
        } else {
            frame.set_output(a - inputs, ptr.cast());
        }
    }

    /// Points `frame` at element `start` of every stream: in place for a contiguous stream,
    /// else (with `buffers`) at the stream's buffer of [`GATHER`] elements.
    fn point(&self, frame: &mut Frame, start: usize, buffers: Option<*mut u8>) {
        for a in 0..self.sizes.count {
            let (ptr, stride, size, _) = self.stream(a);
            let at = match buffers {
                Some(base) if stride != 1 => base.wrapping_add(a * GATHER * 8),
                _ => ptr.wrapping_offset(start as isize * size as isize),
            };
            self.point_one(frame, a, at);
        }
    }

    /// Gives `frame` every stream's byte stride (ABI version 2).
    fn stride(&self, frame: &mut Frame) {
        let inputs = frame.counts[1];
        for a in 0..self.sizes.count {
            let (_, stride, size, _) = self.stream(a);
            let bytes = stride * size as isize;
            if a < inputs {
                frame.set_input_stride(a, bytes);
            } else {
                frame.set_output_stride(a - inputs, bytes);
            }
        }
    }

    /// Reads elements `start..start + n` of every strided input into its buffer.
    ///
    /// # Safety
    /// The elements must be readable; `base` must hold a buffer of `GATHER * 8` bytes per
    /// array.
    unsafe fn read(&self, base: *mut u8, start: usize, n: usize) {
        for a in 0..self.sizes.count {
            let (ptr, stride, size, output) = self.stream(a);
            if !output && stride != 1 {
                // SAFETY: our caller's contract.
                unsafe {
                    gather(
                        ptr.offset(start as isize * stride * size as isize),
                        stride,
                        size,
                        n,
                        base.add(a * GATHER * 8),
                    )
                };
            }
        }
    }

    /// Writes the buffers of every strided output back to elements `start..start + n`.
    ///
    /// # Safety
    /// The elements must be writable; the buffers hold `n` computed elements.
    unsafe fn write(&self, base: *mut u8, start: usize, n: usize) {
        for a in 0..self.sizes.count {
            let (ptr, stride, size, output) = self.stream(a);
            if output && stride != 1 {
                // SAFETY: our caller's contract.
                unsafe {
                    scatter(
                        base.add(a * GATHER * 8),
                        size,
                        n,
                        ptr.offset(start as isize * stride * size as isize),
                        stride,
                    )
                };
            }
        }
    }
}
