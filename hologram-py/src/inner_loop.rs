//! The inner loops numpy calls: one per ufunc shape, each handed numpy's pointers and byte
//! strides and passing them on to the kernel's entry point through
//! [`KernelRef::run_strided`] and [`KernelRef::reduce_strided`], which check every type and
//! stride and split large calls across the runtime's threads.
//!
//! numpy calls a loop with `args` (one pointer per operand: uniforms, inputs, outputs),
//! `dimensions` (the outer count, then a gufunc's core sizes) and `steps` (one byte stride per
//! operand, then a gufunc's core strides). A uniform operand with stride 0 (a Python scalar,
//! or any value broadcast along the loop) is passed once as the uniform it is; a uniform
//! that varies along the loop is passed run by run of equal values. Operands that overlap in
//! any way but an output being exactly an input (numpy's `reduce` and `accumulate` hand a
//! binary ufunc its output as an input, one element behind) are run one element at a time
//! through copies, in order, which is what numpy's own loops compute.
//!
//! A loop never unwinds into numpy: an error or a panic (of the kernel, caught by its entry
//! point, or of this code) becomes the Python exception of [`crate::errors`], set with the
//! interpreter attached, and numpy raises it when the loop returns.

use crate::dtype;
use crate::errors::{self, KernelError};
use crate::stack::Stack;
use core::ffi::{c_char, c_void};
use core::mem::MaybeUninit;
use hologram::abi::MAX_STREAMS;
use hologram::{ElemType, Error, KernelRef, Scalar, StridedInput, StridedOutput};
use numpy::npyffi::npy_intp;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// What a loop's `data` pointer points to: the kernel it runs.
pub(crate) struct LoopData {
    pub(crate) kernel: KernelRef,
}

/// The signature numpy calls an inner loop with.
pub(crate) type InnerLoop =
    unsafe extern "C" fn(*mut *mut c_char, *mut npy_intp, *mut npy_intp, *mut c_void);

/// The loop of an elementwise kernel: a ufunc with `nin` = uniforms + inputs.
///
/// # Safety
/// numpy's contract for a ufunc loop whose `data` is a [`LoopData`]: `args` and `steps` hold
/// one entry per operand, `dimensions[0]` elements of each operand at its stride are valid
/// values of the loop's types (outputs writable).
pub(crate) unsafe extern "C" fn elementwise(
    args: *mut *mut c_char,
    dimensions: *mut npy_intp,
    steps: *mut npy_intp,
    data: *mut c_void,
) {
    guard(|| {
        // SAFETY: passed on from numpy (our contract).
        let ufunc = unsafe { Operands::new(args, steps, data, 0) };
        // SAFETY: `dimensions` holds the outer count.
        let n = unsafe { count(dimensions, 0) };
        // SAFETY: numpy's contract: `n` elements of every operand at its step.
        unsafe { ufunc.run_elementwise(n) }
    });
}

/// The loop of a reduction: a gufunc `(),(n)->()`, one value per lane.
///
/// # Safety
/// numpy's contract for a gufunc loop of that signature whose `data` is a [`LoopData`]:
/// `dimensions` holds the outer count and `n`; `steps` the outer step of every operand, then
/// the core stride of every input.
pub(crate) unsafe extern "C" fn reduce(
    args: *mut *mut c_char,
    dimensions: *mut npy_intp,
    steps: *mut npy_intp,
    data: *mut c_void,
) {
    guard(|| {
        // SAFETY: passed on from numpy; the core strides are those of the inputs.
        let ufunc = unsafe { Operands::new(args, steps, data, CoreOf::Inputs.count(data)) };
        // SAFETY: `dimensions` holds the outer count, then `n`.
        let (lanes, n) = unsafe { (count(dimensions, 0), count(dimensions, 1)) };
        // SAFETY: numpy's contract.
        unsafe { ufunc.run_reduce(lanes, n) }
    });
}

/// The loop of a whole-stream kernel: a gufunc `(),(n)->(n)`; the kernel sees every lane
/// whole.
///
/// # Safety
/// As [`reduce`], with the core strides of every input and then every output.
pub(crate) unsafe extern "C" fn whole_stream(
    args: *mut *mut c_char,
    dimensions: *mut npy_intp,
    steps: *mut npy_intp,
    data: *mut c_void,
) {
    guard(|| {
        // SAFETY: passed on from numpy; core strides of inputs and outputs.
        let ufunc = unsafe { Operands::new(args, steps, data, CoreOf::Streams.count(data)) };
        // SAFETY: `dimensions` holds the outer count, then `n`.
        let (lanes, n) = unsafe { (count(dimensions, 0), count(dimensions, 1)) };
        // SAFETY: numpy's contract.
        unsafe { ufunc.run_whole(lanes, n) }
    });
}

/// Which operands of a gufunc have a core stride.
#[derive(Clone, Copy)]
enum CoreOf {
    Inputs,
    Streams,
}

impl CoreOf {
    /// How many core strides follow the outer steps, for the kernel behind `data`.
    ///
    /// # Safety
    /// `data` points to a live [`LoopData`].
    unsafe fn count(self, data: *mut c_void) -> usize {
        // SAFETY: our caller's contract.
        let d = unsafe { &*data.cast::<LoopData>() }.kernel.descriptor();
        match self {
            CoreOf::Inputs => d.inputs().len(),
            CoreOf::Streams => d.inputs().len() + d.outputs().len(),
        }
    }
}

/// Entry `i` of numpy's `dimensions`, as a count (numpy never passes a negative one).
///
/// # Safety
/// `dimensions` holds at least `i + 1` entries.
unsafe fn count(dimensions: *const npy_intp, i: usize) -> usize {
    // SAFETY: our caller's contract.
    usize::try_from(unsafe { *dimensions.add(i) }).unwrap_or(0)
}

/// Runs `body`, and turns its error or panic into the pending Python exception; skips it
/// while an exception an earlier call of a loop set is pending.
fn guard(body: impl FnOnce() -> Result<(), Error>) {
    if errors::pending() {
        return;
    }
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => {}
        Ok(Err(err)) => errors::raise(errors::to_pyerr(&err)),
        Err(payload) => errors::raise(KernelError::new_err(format!(
            "hologram's inner loop panicked: {}; this is a bug in hologram, please report it",
            errors::panic_message(&*payload)
        ))),
    }
}

/// The operands of one call of a loop: numpy's pointers and steps, and the kernel's types.
struct Operands<'a> {
    kernel: &'a KernelRef,
    uniforms: &'static [ElemType],
    inputs: &'static [ElemType],
    outputs: &'static [ElemType],
    /// One pointer per operand: uniforms, inputs, outputs.
    args: &'a [*mut u8],
    /// One outer byte step per operand, then `core` core strides.
    steps: &'a [isize],
}

/// A call's uniform values.
type Uniforms = Stack<Scalar, MAX_STREAMS>;

/// Where the streams' strides come from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Along {
    /// The outer steps: an elementwise ufunc's loop.
    Outer,
    /// The core strides: a lane of a gufunc.
    Core,
}

impl<'a> Operands<'a> {
    /// The operands numpy passed, with `core` core strides after the outer steps.
    ///
    /// # Safety
    /// `data` points to a live [`LoopData`]; `args` holds one pointer per operand of its
    /// kernel and `steps` one step per operand plus `core`.
    #[inline(always)]
    unsafe fn new(
        args: *mut *mut c_char,
        steps: *mut npy_intp,
        data: *mut c_void,
        core: usize,
    ) -> Operands<'a> {
        // SAFETY: our caller's contract.
        let kernel = unsafe { &(*data.cast::<LoopData>()).kernel };
        let d = kernel.descriptor();
        let nargs = d.uniforms().len() + d.inputs().len() + d.outputs().len();
        Operands {
            kernel,
            uniforms: d.uniforms(),
            inputs: d.inputs(),
            outputs: d.outputs(),
            // SAFETY: our caller's contract: `nargs` pointers and `nargs + core` steps.
            args: unsafe { core::slice::from_raw_parts(args.cast::<*mut u8>(), nargs) },
            // SAFETY: as above (`npy_intp` is `isize`).
            steps: unsafe { core::slice::from_raw_parts(steps.cast::<isize>(), nargs + core) },
        }
    }

    /// The outer step of operand `a`.
    #[inline(always)]
    fn step(&self, a: usize) -> isize {
        self.steps.get(a).copied().unwrap_or(0)
    }

    /// Operand `a` at outer index `k`.
    #[inline(always)]
    fn at(&self, a: usize, k: usize) -> *mut u8 {
        let ptr = self.args.get(a).copied().unwrap_or(core::ptr::null_mut());
        ptr.wrapping_offset(self.step(a).wrapping_mul(k.cast_signed()))
    }

    /// The core stride of the `c`-th operand with a core dimension.
    #[inline(always)]
    fn core(&self, c: usize) -> isize {
        self.steps.get(self.args.len() + c).copied().unwrap_or(0)
    }

    /// The uniforms at outer index `k`.
    ///
    /// # Safety
    /// Every uniform operand is valid at `k`.
    #[inline(always)]
    unsafe fn read_uniforms(&self, values: &mut Uniforms, k: usize) {
        for (u, &t) in self.uniforms.iter().enumerate() {
            // SAFETY: our caller's contract.
            values.push(unsafe { dtype::read(t, self.at(u, k)) });
        }
    }

    /// Whether the uniforms at outer indices `a` and `b` have the same bytes.
    ///
    /// # Safety
    /// Every uniform operand is valid at `a` and `b`.
    unsafe fn same_uniforms(&self, a: usize, b: usize) -> bool {
        self.uniforms.iter().enumerate().all(|(u, t)| {
            // SAFETY: our caller's contract: `t.size()` readable bytes at each.
            unsafe {
                let x = core::slice::from_raw_parts(self.at(u, a), t.size());
                let y = core::slice::from_raw_parts(self.at(u, b), t.size());
                x == y
            }
        })
    }

    /// The input and output streams at outer index `k`, at the outer steps or the core
    /// strides (a reduction's result has no core stride, and is not a stream).
    #[inline(always)]
    fn fill(&self, s: &mut Streams, k: usize, along: Along) {
        let base = self.uniforms.len();
        for (j, &t) in self.inputs.iter().enumerate() {
            let a = base + j;
            let stride = match along {
                Along::Outer => self.step(a),
                Along::Core => self.core(j),
            };
            s.push_input(StridedInput {
                elem: t,
                ptr: self.at(a, k).cast_const(),
                stride,
            });
        }
        let base = base + self.inputs.len();
        for (j, &t) in self.outputs.iter().enumerate() {
            let a = base + j;
            let stride = match along {
                Along::Outer => self.step(a),
                Along::Core => self.core(self.inputs.len() + j),
            };
            s.push_output(StridedOutput {
                elem: t,
                ptr: self.at(a, k),
                stride,
            });
        }
    }

    /// The uniform operands at outer index `k` as (pointer, stride, type), for
    /// [`Streams::disjoint`]: along the outer steps, or fixed within a gufunc's lane.
    #[inline(always)]
    fn uniform_spans(
        &self,
        spans: &mut Stack<(*const u8, isize, ElemType), MAX_STREAMS>,
        k: usize,
        along: Along,
    ) {
        for (u, &t) in self.uniforms.iter().enumerate() {
            let stride = match along {
                Along::Outer => self.step(u),
                Along::Core => 0,
            };
            spans.push((self.at(u, k).cast_const(), stride, t));
        }
    }

    /// An elementwise ufunc's loop over `n` elements.
    ///
    /// # Safety
    /// numpy's contract: `n` elements of every operand at its step.
    #[inline(always)]
    unsafe fn run_elementwise(&self, n: usize) -> Result<(), Error> {
        if n == 0 {
            return Ok(());
        }
        let mut streams = Streams::new();
        self.fill(&mut streams, 0, Along::Outer);
        let mut uniforms = Stack::new();
        self.uniform_spans(&mut uniforms, 0, Along::Outer);
        if !streams.disjoint(uniforms.as_slice(), n) {
            // SAFETY: passed on.
            return unsafe { self.run_one_by_one(n) };
        }
        let mut uniform_steps = self.steps.iter().take(self.uniforms.len());
        if n == 1 || uniform_steps.all(|&s| s == 0) {
            // SAFETY: numpy's contract; the streams overlap only as the runtime allows
            // (`disjoint`).
            return unsafe { self.call(&streams, 0, n) };
        }
        // SAFETY: as above.
        unsafe { self.run_by_uniform_runs(n) }
    }

    /// An elementwise loop whose uniforms vary: one call per run of equal uniform values.
    ///
    /// # Safety
    /// As [`Self::run_elementwise`], whose overlap check passed.
    #[cold]
    unsafe fn run_by_uniform_runs(&self, n: usize) -> Result<(), Error> {
        let mut start = 0;
        while start < n {
            let mut end = start + 1;
            // SAFETY: `start` and `end` are below `n`.
            while end < n && unsafe { self.same_uniforms(start, end) } {
                end += 1;
            }
            let mut streams = Streams::new();
            self.fill(&mut streams, start, Along::Outer);
            // SAFETY: elements `start..end` of every stream.
            unsafe { self.call(&streams, start, end - start) }?;
            start = end;
        }
        Ok(())
    }

    /// One call of the kernel on `len` elements of `streams`, with the uniforms at `k`.
    ///
    /// # Safety
    /// `streams` are valid for `len` elements, outputs overlapping nothing but identical
    /// inputs; the uniforms are valid at `k`.
    #[inline(always)]
    unsafe fn call(&self, streams: &Streams, k: usize, len: usize) -> Result<(), Error> {
        let mut uniforms = Uniforms::new();
        // SAFETY: our caller's contract.
        unsafe { self.read_uniforms(&mut uniforms, k) };
        // SAFETY: as above: the runtime's contract for a strided call.
        unsafe {
            self.kernel.run_strided(
                uniforms.as_slice(),
                len,
                streams.inputs(),
                streams.outputs(),
            )
        }
    }

    /// The loop one element at a time, each through copies of its inputs and outputs: the
    /// order numpy's own loops write in, for operands that overlap (`reduce`,
    /// `accumulate`, an output that is another view of an input).
    ///
    /// # Safety
    /// numpy's contract: `n` elements of every operand at its step.
    #[cold]
    unsafe fn run_one_by_one(&self, n: usize) -> Result<(), Error> {
        let mut slots = [0u64; 2 * MAX_STREAMS];
        let base = self.uniforms.len();
        let first_output = base + self.inputs.len();
        for k in 0..n {
            let mut local = Streams::new();
            self.fill(&mut local, k, Along::Outer);
            let (ins, outs) = slots.split_at_mut(MAX_STREAMS);
            for (s, copy) in local.inputs_mut().iter_mut().zip(ins.iter_mut()) {
                let copy = (&raw mut *copy).cast::<u8>();
                // SAFETY: element `k` of the input is `s.elem.size()` readable bytes (numpy's
                // contract), and the slot holds 8.
                unsafe { core::ptr::copy_nonoverlapping(s.ptr, copy, s.elem.size()) };
                s.ptr = copy.cast_const();
            }
            for (s, copy) in local.outputs_mut().iter_mut().zip(outs.iter_mut()) {
                s.ptr = (&raw mut *copy).cast::<u8>();
            }
            // SAFETY: one element of each copy, none shared; the uniforms at `k`.
            unsafe { self.call(&local, k, 1) }?;
            for (j, s) in local.outputs().iter().enumerate() {
                // SAFETY: element `k` of output `j` is `s.elem.size()` writable bytes; the
                // copy holds the kernel's result.
                unsafe {
                    core::ptr::copy_nonoverlapping(
                        s.ptr,
                        self.at(first_output + j, k),
                        s.elem.size(),
                    )
                };
            }
        }
        Ok(())
    }

    /// A reduction gufunc's loop: `lanes` lanes of `n` elements, one result per component
    /// each (a tuple reduction has one output operand per component).
    ///
    /// # Safety
    /// numpy's contract for the gufunc.
    unsafe fn run_reduce(&self, lanes: usize, n: usize) -> Result<(), Error> {
        let first_result = self.uniforms.len() + self.inputs.len();
        for k in 0..lanes {
            let mut lane = Streams::new();
            self.fill(&mut lane, k, Along::Core);
            let mut uniforms = Uniforms::new();
            // SAFETY: the uniforms at `k` are valid (numpy's contract).
            unsafe { self.read_uniforms(&mut uniforms, k) };
            // SAFETY: every input's lane is `n` readable elements at its core stride.
            let values = unsafe {
                self.kernel
                    .reduce_strided_tuple(uniforms.as_slice(), n, lane.inputs())
            }?;
            for (j, &value) in values.iter().enumerate() {
                // SAFETY: output `j`'s element of lane `k` is writable, of component `j`'s
                // type, which is the value's (the runtime reads each component as its
                // declared type); the gufunc has one output operand per component.
                unsafe { dtype::write(value, self.at(first_result + j, k)) };
            }
        }
        Ok(())
    }

    /// A whole-stream gufunc's loop: the kernel on every lane, whole.
    ///
    /// # Safety
    /// numpy's contract for the gufunc.
    unsafe fn run_whole(&self, lanes: usize, n: usize) -> Result<(), Error> {
        for k in 0..lanes {
            let mut lane = Streams::new();
            self.fill(&mut lane, k, Along::Core);
            let mut uniforms = Stack::new();
            self.uniform_spans(&mut uniforms, k, Along::Core);
            if lane.disjoint(uniforms.as_slice(), n) {
                // SAFETY: the lane's streams are valid for `n` elements and overlap only as
                // the runtime allows; the uniforms at `k`.
                unsafe { self.call(&lane, k, n) }?;
            } else {
                // SAFETY: as above, without the overlap.
                unsafe { self.call_staged(&lane, k, n) }?;
            }
        }
        Ok(())
    }

    /// A whole-stream call on copies of a lane whose streams overlap: inputs copied first,
    /// outputs written back after.
    ///
    /// # Safety
    /// The lane's streams are valid for `n` elements; the uniforms at `k`.
    #[cold]
    unsafe fn call_staged(&self, lane: &Streams, k: usize, n: usize) -> Result<(), Error> {
        let words = |t: ElemType| (n * t.size()).div_ceil(8);
        let mut copies: Vec<Vec<u64>> = Vec::new();
        let mut staged = Streams::new();
        for s in lane.inputs() {
            let mut copy = vec![0u64; words(s.elem)];
            let to = copy.as_mut_ptr().cast::<u8>();
            let size = s.elem.size();
            for i in 0..n {
                let from = s
                    .ptr
                    .wrapping_offset(s.stride.wrapping_mul(i.cast_signed()));
                // SAFETY: element `i` of the input is readable; the copy holds `n` elements.
                unsafe { core::ptr::copy_nonoverlapping(from, to.add(i * size), size) };
            }
            staged.push_input(StridedInput {
                elem: s.elem,
                ptr: to.cast_const(),
                stride: size.cast_signed(),
            });
            copies.push(copy);
        }
        for s in lane.outputs() {
            let mut copy = vec![0u64; words(s.elem)];
            staged.push_output(StridedOutput {
                elem: s.elem,
                ptr: copy.as_mut_ptr().cast(),
                stride: s.elem.size().cast_signed(),
            });
            copies.push(copy);
        }
        // SAFETY: every stream is its own copy of `n` elements; the uniforms at `k`.
        unsafe { self.call(&staged, k, n) }?;
        for (from, s) in staged.outputs().iter().zip(lane.outputs()) {
            let size = s.elem.size();
            for i in 0..n {
                let to = s
                    .ptr
                    .wrapping_offset(s.stride.wrapping_mul(i.cast_signed()));
                // SAFETY: element `i` of the output is writable; the copy holds `n`.
                unsafe { core::ptr::copy_nonoverlapping(from.ptr.add(i * size), to, size) };
            }
        }
        Ok(())
    }
}

/// The input and output streams of one call, on the stack: only those pushed are written.
///
/// `repr(C)` with both lengths first, so that LLVM cannot merge their stores with the
/// uninitialised arrays into a `memset` (it did with the lengths in between: 400 bytes a
/// call, seen in callgrind).
#[repr(C)]
struct Streams {
    lens: [usize; 2],
    inputs: MaybeUninit<[StridedInput; MAX_STREAMS]>,
    outputs: MaybeUninit<[StridedOutput; MAX_STREAMS]>,
}

impl Streams {
    #[inline(always)]
    fn new() -> Streams {
        Streams {
            lens: [0; 2],
            inputs: MaybeUninit::uninit(),
            outputs: MaybeUninit::uninit(),
        }
    }

    /// Appends an input, unless there are `MAX_STREAMS` already.
    #[inline(always)]
    fn push_input(&mut self, s: StridedInput) {
        if self.lens[0] < MAX_STREAMS {
            // SAFETY: the slot is inside the array; written through a raw pointer.
            unsafe {
                self.inputs
                    .as_mut_ptr()
                    .cast::<StridedInput>()
                    .add(self.lens[0])
                    .write(s)
            };
            self.lens[0] += 1;
        }
    }

    /// Appends an output, unless there are `MAX_STREAMS` already.
    #[inline(always)]
    fn push_output(&mut self, s: StridedOutput) {
        if self.lens[1] < MAX_STREAMS {
            // SAFETY: as in `push_input`.
            unsafe {
                self.outputs
                    .as_mut_ptr()
                    .cast::<StridedOutput>()
                    .add(self.lens[1])
                    .write(s)
            };
            self.lens[1] += 1;
        }
    }

    /// The inputs pushed.
    #[inline(always)]
    fn inputs(&self) -> &[StridedInput] {
        // SAFETY: the first `lens[0]` inputs were written by `push_input`.
        unsafe { core::slice::from_raw_parts(self.inputs.as_ptr().cast(), self.lens[0]) }
    }

    /// The inputs pushed, writable.
    fn inputs_mut(&mut self) -> &mut [StridedInput] {
        // SAFETY: as in `inputs`, borrowed exclusively.
        unsafe { core::slice::from_raw_parts_mut(self.inputs.as_mut_ptr().cast(), self.lens[0]) }
    }

    /// The outputs pushed.
    #[inline(always)]
    fn outputs(&self) -> &[StridedOutput] {
        // SAFETY: the first `lens[1]` outputs were written by `push_output`.
        unsafe { core::slice::from_raw_parts(self.outputs.as_ptr().cast(), self.lens[1]) }
    }

    /// The outputs pushed, writable.
    fn outputs_mut(&mut self) -> &mut [StridedOutput] {
        // SAFETY: as in `outputs`, borrowed exclusively.
        unsafe { core::slice::from_raw_parts_mut(self.outputs.as_mut_ptr().cast(), self.lens[1]) }
    }

    /// Whether, over `n` elements, no output repeats an element (stride 0), or shares a byte
    /// with another output, with an input or with one of `uniforms` (pointer, stride, type),
    /// except by being exactly that input (same pointer, stride and type): what the
    /// runtime's strided calls require. Plain loops: this runs on every call.
    #[inline(always)]
    fn disjoint(&self, uniforms: &[(*const u8, isize, ElemType)], n: usize) -> bool {
        let outs = self.outputs();
        for (o, out) in outs.iter().enumerate() {
            if out.stride == 0 && n > 1 {
                return false;
            }
            let span = Span::of(out.ptr.cast_const(), out.stride, out.elem, n);
            for s in self.inputs() {
                let exact =
                    s.ptr == out.ptr.cast_const() && s.stride == out.stride && s.elem == out.elem;
                if !exact && span.meets(&Span::of(s.ptr, s.stride, s.elem, n)) {
                    return false;
                }
            }
            for &(ptr, stride, elem) in uniforms {
                if span.meets(&Span::of(ptr, stride, elem, n)) {
                    return false;
                }
            }
            for other in outs.get(o + 1..).unwrap_or(&[]) {
                if span.meets(&Span::of(
                    other.ptr.cast_const(),
                    other.stride,
                    other.elem,
                    n,
                )) {
                    return false;
                }
            }
        }
        true
    }
}

/// The bytes a stream of `n` elements reaches: `lo..hi`.
struct Span {
    lo: usize,
    hi: usize,
}

impl Span {
    #[inline(always)]
    fn of(ptr: *const u8, stride: isize, elem: ElemType, n: usize) -> Span {
        let reach = stride.wrapping_mul(n.saturating_sub(1).cast_signed());
        let start = ptr as usize;
        let end = start.wrapping_add_signed(reach);
        Span {
            lo: start.min(end),
            hi: start.max(end).wrapping_add(elem.size()),
        }
    }

    #[inline(always)]
    fn meets(&self, other: &Span) -> bool {
        self.lo < other.hi && other.lo < self.hi
    }
}
