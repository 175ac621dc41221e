//! `softmax` and `log_softmax`: multi-pass kernels over a whole stream.
//!
//! `softmax(x)[i] = exp(x[i] - m) / s`, with `m` the maximum of `x` and `s` the sum of
//! `exp(x[j] - m)`, in three passes: the maximum; the exponentials, stored and summed in one
//! fused pass; the scaling. Subtracting the maximum first keeps every exponential in
//! `(0, 1]`, so large inputs do not overflow: `[1000, 1000, -1000]` gives `[0.5, 0.5, 0]`.
//! `log_softmax(x)[i] = (x[i] - m) - ln(s)`, which stays finite where `softmax` underflows
//! to 0.
//!
//! The maximum and the sum fold in the order of [`fold`](crate::fold), so `slices`, `run`
//! and the C entry point give the same bits. A NaN anywhere makes every output NaN; an
//! input of `+inf` gives NaN (`inf - inf`), as in numpy. Empty input is a no-op.

use crate::chunk::{load, store};
use crate::fold::fold_on_one_thread;
use crate::fold::{Builtin, LANES, combine_lanes};
use crate::simd::dispatch;
use core::cell::Cell;
use core::ops::Range;

/// An input stream read by chunks: a plain slice (`slices`) or cells that may be the output
/// too (`run` and the entry point, in place).
pub(crate) trait Source<T: Copy> {
    /// Elements in the stream.
    fn len(&self) -> usize;
    /// The elements in `range`.
    fn part(&self, range: Range<usize>) -> &Self;
    /// Every full chunk of `LANES` elements, then the remaining elements.
    fn chunks(&self) -> (impl Iterator<Item = [T; LANES]>, impl Iterator<Item = T>);
}

impl<T: Copy> Source<T> for [T] {
    fn len(&self) -> usize {
        <[T]>::len(self)
    }
    #[allow(
        clippy::indexing_slicing,
        reason = "ranges are blocks of `fold`'s split of 0..len, always inside the stream"
    )]
    fn part(&self, range: Range<usize>) -> &[T] {
        &self[range]
    }
    #[inline(always)]
    fn chunks(&self) -> (impl Iterator<Item = [T; LANES]>, impl Iterator<Item = T>) {
        let (chunks, rest) = self.as_chunks::<LANES>();
        (chunks.iter().copied(), rest.iter().copied())
    }
}

impl<T: Copy> Source<T> for [Cell<T>] {
    fn len(&self) -> usize {
        <[Cell<T>]>::len(self)
    }
    #[allow(
        clippy::indexing_slicing,
        reason = "ranges are blocks of `fold`'s split of 0..len, always inside the stream"
    )]
    fn part(&self, range: Range<usize>) -> &[Cell<T>] {
        &self[range]
    }
    #[inline(always)]
    fn chunks(&self) -> (impl Iterator<Item = [T; LANES]>, impl Iterator<Item = T>) {
        let (chunks, rest) = self.as_chunks::<LANES>();
        (chunks.iter().map(load), rest.iter().map(Cell::get))
    }
}

/// Where a fold puts the mapped values as it goes: nowhere (`()`), or output cells.
pub(crate) trait Sink<T> {
    /// Stores the chunk of values for elements `at..at + LANES`.
    fn chunk(&self, at: usize, values: [T; LANES]);
    /// Stores the value for element `at`.
    fn value(&self, at: usize, value: T);
}

impl<T> Sink<T> for () {
    #[inline(always)]
    fn chunk(&self, _: usize, _: [T; LANES]) {}
    #[inline(always)]
    fn value(&self, _: usize, _: T) {}
}

impl<T: Copy> Sink<T> for [Cell<T>] {
    #[inline(always)]
    fn chunk(&self, at: usize, values: [T; LANES]) {
        let cells = self
            .get(at..at + LANES)
            .and_then(|c| c.as_chunks::<LANES>().0.first());
        if let Some(cells) = cells {
            store(cells, values);
        }
    }
    #[inline(always)]
    fn value(&self, at: usize, value: T) {
        if let Some(cell) = self.get(at) {
            cell.set(value);
        }
    }
}

/// Folds `map(x[i])` with `combine` in the order of [`fold`](crate::fold), storing each
/// mapped value in `sink` as it goes. `x` must not be empty.
#[inline(always)]
pub(crate) fn fold_mapped<T, S, K>(
    x: &S,
    identity: T,
    map: impl Fn(T) -> T + Copy,
    combine: impl Fn(T, T) -> T + Copy,
    sink: &K,
) -> T
where
    T: Builtin,
    S: Source<T> + ?Sized,
    K: Sink<T> + ?Sized,
{
    // On one thread: the sink is cells, which stay on the calling thread.
    let block = |range: Range<usize>| {
        dispatch(
            #[inline(always)]
            || {
                let mut at = range.start;
                let (chunks, rest) = x.part(range).chunks();
                let mut lanes = [identity; LANES];
                for mut values in chunks {
                    // A loop, not `array::map`, which was seen not to inline and so not to
                    // vectorize.
                    for value in &mut values {
                        *value = map(*value);
                    }
                    sink.chunk(at, values);
                    for (lane, value) in lanes.iter_mut().zip(values) {
                        *lane = combine(*lane, value);
                    }
                    at += LANES;
                }
                let mut tail = [identity; LANES];
                let mut partial = false;
                for (slot, value) in tail.iter_mut().zip(rest) {
                    *slot = map(value);
                    sink.value(at, *slot);
                    at += 1;
                    partial = true;
                }
                if partial {
                    for (lane, value) in lanes.iter_mut().zip(tail) {
                        *lane = combine(*lane, value);
                    }
                }
                combine_lanes(lanes, combine)
            },
        )
    };
    fold_on_one_thread(0..x.len(), &block, &combine)
}

/// `out[i] = f(x[i])` for every `i`; `out` may be the same memory as `x`, since each chunk is
/// read whole before it is written.
#[inline(always)]
pub(crate) fn map_into<T: Copy, S: Source<T> + ?Sized>(x: &S, out: &[Cell<T>], f: impl Fn(T) -> T) {
    dispatch(
        #[inline(always)]
        || map_chunks(x, out, f),
    );
}

#[inline(always)]
fn map_chunks<T: Copy, S: Source<T> + ?Sized>(x: &S, out: &[Cell<T>], f: impl Fn(T) -> T) {
    let (chunks, rest) = x.chunks();
    let (out_chunks, out_rest) = out.as_chunks::<LANES>();
    for (mut values, cells) in chunks.zip(out_chunks) {
        for value in &mut values {
            *value = f(*value);
        }
        store(cells, values);
    }
    for (value, cell) in rest.zip(out_rest) {
        cell.set(f(value));
    }
}

/// The first two passes of `softmax` and `log_softmax`: the maximum `m` of `x`, then the sum
/// of `exp(x[i] - m)`, each folded in the order of [`fold`](crate::fold); `emit` sees every
/// chunk of exponentials as it is computed. `x` must not be empty.
#[inline(always)]
pub(crate) fn max_and_exp_sum<T, S, K>(x: &S, exp: impl Fn(T) -> T + Copy, sink: &K) -> (T, T)
where
    T: Builtin + core::ops::Sub<Output = T>,
    S: Source<T> + ?Sized,
    K: Sink<T> + ?Sized,
{
    let m = fold_mapped(x, T::MAX_IDENTITY, |v| v, T::max, &());
    let s = fold_mapped(x, T::ADD_LANE, move |v| exp(v - m), T::add, sink);
    (m, s)
}

/// An element type with a per-thread buffer for strided lanes of the multi-pass kernels.
pub(crate) trait LaneBuffer: Copy + Default + 'static {
    /// Runs `f` on this thread's buffer of this type.
    fn with<R>(f: impl FnOnce(&mut Vec<Self>) -> R) -> R;
}

macro_rules! lane_buffer {
    ($($t:ident => $key:ident),*) => {$(
        thread_local! {
            static $key: core::cell::RefCell<Vec<$t>> = const { core::cell::RefCell::new(Vec::new()) };
        }
        impl LaneBuffer for $t {
            fn with<R>(f: impl FnOnce(&mut Vec<$t>) -> R) -> R {
                $key.with(|cell| match cell.try_borrow_mut() {
                    Ok(mut buf) => f(&mut buf),
                    // Only a nested call could hold it; it gets a buffer of its own.
                    Err(_) => f(&mut Vec::new()),
                })
            }
        }
    )*};
}

lane_buffer!(f32 => F32_LANE, f64 => F64_LANE);

/// Runs `f` on `len` elements of this thread's buffer: a strided lane of a multi-pass kernel
/// is copied there, so that its passes run on contiguous memory. The buffer grows to the
/// longest lane seen on the thread and is kept, so a call allocates only when its lanes are
/// longer than any before it on that thread.
pub(crate) fn with_lane_buffer<T: LaneBuffer>(len: usize, f: impl FnOnce(&mut [T])) {
    T::with(|buf| {
        if buf.len() < len {
            buf.resize(len, T::default());
        }
        if let Some(lane) = buf.get_mut(..len) {
            f(lane);
        }
    });
}

macro_rules! softmax_family {
    ($t:ident, $math:path, { softmax: $softmax:literal, log_softmax: $log_softmax:literal }) => {
        /// `softmax(x)[i] = exp(x[i] - max(x)) / sum_j exp(x[j] - max(x))`, stable for large
        /// inputs; see [`stdlib`](crate::stdlib) for the passes and the NaN rule.
        ///
        /// An elementwise-shaped multi-pass kernel: `slices(x, out)`, `run(exec, x, out)`
        /// (in place when `out` is `x`) and `KERNEL` (one input, one output).
        pub mod softmax {
            use $math as math;

            crate::stdlib::multipass::softmax_family!(@module $t, $softmax, passes);

            /// The three passes over an input stream and output cells of equal length.
            fn passes<S: crate::stdlib::multipass::Source<$t> + ?Sized>(
                x: &S,
                out: &[::core::cell::Cell<$t>],
            ) {
                use crate::stdlib::multipass::{map_into, max_and_exp_sum};
                if x.len() == 0 {
                    return;
                }
                let (_, s) = max_and_exp_sum(x, math::exp, out);
                map_into(out, out, |v| v / s);
            }
        }

        /// `log_softmax(x)[i] = (x[i] - max(x)) - ln(sum_j exp(x[j] - max(x)))`, finite where
        /// `softmax` underflows to 0.
        ///
        /// An elementwise-shaped multi-pass kernel: `slices(x, out)`, `run(exec, x, out)`
        /// (in place when `out` is `x`) and `KERNEL` (one input, one output).
        pub mod log_softmax {
            use $math as math;

            crate::stdlib::multipass::softmax_family!(@module $t, $log_softmax, passes);

            /// The three passes over an input stream and output cells of equal length.
            fn passes<S: crate::stdlib::multipass::Source<$t> + ?Sized>(
                x: &S,
                out: &[::core::cell::Cell<$t>],
            ) {
                use crate::stdlib::multipass::{map_into, max_and_exp_sum};
                if x.len() == 0 {
                    return;
                }
                let (m, s) = max_and_exp_sum(x, math::exp, &());
                let log_s = math::ln(s);
                map_into(x, out, |v| (v - m) - log_s);
            }
        }
    };
    (@module $t:ident, $name:literal, $passes:ident) => {
        use crate::abi::{EntryBody, EntryCall, EntryError};
        use crate::kernel::{KernelDescriptor, KernelKind, descriptor};
        use core::cell::Cell;
        use crate::{Buffer, Executor, Kernel, Result};

        /// Runs the kernel from `x` into `out`.
        ///
        /// # Errors
        /// `Error::LengthMismatch` when `x` and `out` differ in length; nothing is written
        /// then.
        pub fn slices(x: &[$t], out: &mut [$t]) -> Result<()> {
            check(x.len(), out.len())?;
            $passes(x, Cell::from_mut(out).as_slice_of_cells());
            Ok(())
        }

        /// Runs the kernel over buffers in class memory, without allocating; `out` may be
        /// `x` (in place).
        ///
        /// # Errors
        /// `Error::StaleBuffer` or `Error::ForeignBuffer` for a handle this executor cannot
        /// use, `Error::LengthMismatch` for buffers of different lengths.
        pub fn run(exec: &mut Executor, x: Buffer<$t>, out: Buffer<$t>) -> Result<()> {
            let view = exec.cells();
            let (x, out) = (view.get(x)?, view.get(out)?);
            check(x.len(), out.len())?;
            $passes(x, out);
            Ok(())
        }

        fn check(x: usize, out: usize) -> Result<()> {
            if x == out {
                return Ok(());
            }
            Err(crate::error::length_mismatch(
                $name,
                &[("x", x), ("out", out)],
            ))
        }

        /// Runs the kernel on every lane along `axis`: `out` has exactly the shape of `x`
        /// (`x` is not broadcast: `axis` is one of its own), and each lane of `out` is the
        /// kernel of the same lane of `x`, the same bits as `slices` on a contiguous copy
        /// of it.
        ///
        /// ```
        /// # extern crate hologram_runtime as hologram;
        #[doc = concat!("use hologram::{View, ViewMut, stdlib::", $name, " as kernel};")]
        ///
        /// let x = [1.0, 2.0, 3.0, 1.0, 1.0, 1.0];
        /// let mut out = [0.0; 6];
        /// kernel::along(1, View::with_shape(&x, &[2, 3])?, ViewMut::with_shape(&mut out, &[2, 3])?)?;
        /// let mut row = [0.0; 3];
        /// kernel::slices(&x[..3], &mut row)?;
        /// assert_eq!(out[..3], row);
        /// # Ok::<(), hologram::Error>(())
        /// ```
        ///
        /// Contiguous lanes run in place; a strided lane is copied into a buffer of its
        /// thread (allocated once per thread and reused), run there, and copied out.
        ///
        /// # Errors
        /// `Error::AxisOutOfRange` (an axis `x` does not have), `Error::ShapeMismatch`
        /// (`out` must have the shape of `x`), `Error::TooManyDimensions`. Nothing is
        /// written then.
        pub fn along<'a>(
            axis: usize,
            x: impl Into<crate::View<'a, $t>>,
            out: impl Into<crate::ViewMut<'a, $t>>,
        ) -> Result<()> {
            use crate::array::{Lane, LaneMut};
            crate::array::for_each_lane(
                $name,
                &["x", "out"],
                axis,
                crate::threads::DEFAULT_THREADS,
                (x.into(), out.into()),
                &|(x, out): (Lane<'_, $t>, LaneMut<'_, $t>)| lane(x, out),
            )
        }

        /// The kernel on one lane: in place when both are contiguous, else through the
        /// thread's lane buffer.
        fn lane(x: crate::array::Lane<'_, $t>, mut out: crate::array::LaneMut<'_, $t>) {
            use crate::array::Gather;
            if let (Some(xs), Some(os)) = (x.contiguous(), out.contiguous()) {
                $passes(xs, Cell::from_mut(os).as_slice_of_cells());
                return;
            }
            crate::stdlib::multipass::with_lane_buffer(x.len(), |buf: &mut [$t]| {
                x.read(0, buf);
                let cells = Cell::from_mut(buf).as_slice_of_cells();
                $passes(cells, cells);
                out.write(0, buf);
            });
        }

        struct Entry;

        impl EntryBody for Entry {
            // Each output depends on the whole input: calls by name never split it.
            const DESCRIPTOR: KernelDescriptor = descriptor(
                $name,
                KernelKind::Elementwise,
                &[],
                &[<$t as crate::Element>::TYPE],
                &[<$t as crate::Element>::TYPE],
            )
            .whole_stream();

            fn run(call: &EntryCall<'_>) -> core::result::Result<(), EntryError> {
                if call.strided() {
                    lane(call.input_lane::<$t>(0)?, call.output_lane::<$t>(0)?);
                    return Ok(());
                }
                let x = call.input::<$t>(0)?;
                let out = call.output::<$t>(0)?;
                $passes(x, out);
                Ok(())
            }
        }

        /// The kernel as data, for the registry and `export_kernels!`: one input and one
        /// output of the same length.
        pub const KERNEL: Kernel = crate::abi::entry::kernel::<Entry>();
    };
}

pub(crate) use softmax_family;
