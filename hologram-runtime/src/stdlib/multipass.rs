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

use crate::__private::{Builtin, LANES, combine_lanes, fold_blocks, load};
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
    fn part(&self, range: Range<usize>) -> &[Cell<T>] {
        &self[range]
    }
    #[inline(always)]
    fn chunks(&self) -> (impl Iterator<Item = [T; LANES]>, impl Iterator<Item = T>) {
        let (chunks, rest) = self.as_chunks::<LANES>();
        (chunks.iter().map(load), rest.iter().map(Cell::get))
    }
}

/// Folds `map(x[i])` with `combine` in the order of [`fold`](crate::fold), handing each
/// chunk of mapped values (and the partial chunk, with its length) to `emit` before folding
/// it. `x` must not be empty.
#[inline(always)]
pub(crate) fn fold_mapped<T: Builtin, S: Source<T> + ?Sized>(
    x: &S,
    identity: T,
    map: impl Fn(T) -> T + Copy,
    combine: impl Fn(T, T) -> T + Copy,
    emit: &impl Fn(usize, &[T]),
) -> T {
    let block = |range: Range<usize>| {
        let start = range.start;
        let (chunks, rest) = x.part(range).chunks();
        let mut lanes = [identity; LANES];
        let mut at = start;
        for chunk in chunks {
            let values = chunk.map(map);
            emit(at, &values);
            for (lane, value) in lanes.iter_mut().zip(values) {
                *lane = combine(*lane, value);
            }
            at += LANES;
        }
        let mut tail = [identity; LANES];
        let mut count = 0;
        for (slot, value) in tail.iter_mut().zip(rest) {
            *slot = map(value);
            count += 1;
        }
        if count > 0 {
            emit(at, &tail[..count]);
            for (lane, value) in lanes.iter_mut().zip(tail) {
                *lane = combine(*lane, value);
            }
        }
        combine_lanes(lanes, combine)
    };
    fold_blocks(0..x.len(), &block, &combine)
}

/// `out[i] = f(x[i])` for every `i`; `out` may be the same memory as `x`, since each chunk is
/// read whole before it is written.
#[inline(always)]
pub(crate) fn map_into<T: Copy, S: Source<T> + ?Sized>(x: &S, out: &[Cell<T>], f: impl Fn(T) -> T) {
    let (chunks, rest) = x.chunks();
    let (out_chunks, out_rest) = out.as_chunks::<LANES>();
    for (chunk, cells) in chunks.zip(out_chunks) {
        crate::__private::store(cells, chunk.map(&f));
    }
    for (value, cell) in rest.zip(out_rest) {
        cell.set(f(value));
    }
}

/// Writes `values` to `out[at..]`.
#[inline(always)]
pub(crate) fn store_at<T: Copy>(out: &[Cell<T>], at: usize, values: &[T]) {
    for (cell, &value) in out[at..].iter().zip(values) {
        cell.set(value);
    }
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
                use crate::__private::Builtin;
                use crate::stdlib::multipass::{fold_mapped, store_at};
                if x.len() == 0 {
                    return;
                }
                let none = &|_: usize, _: &[$t]| {};
                let m = fold_mapped(x, $t::NEG_INFINITY, |v| v, <$t as Builtin>::max, none);
                let store = &|at: usize, values: &[$t]| store_at(out, at, values);
                let exp = |v: $t| math::exp(v - m);
                let s = fold_mapped(x, <$t as Builtin>::ADD_LANE, exp, <$t as Builtin>::add, store);
                for cell in out {
                    cell.set(cell.get() / s);
                }
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
                use crate::__private::Builtin;
                use crate::stdlib::multipass::{fold_mapped, map_into};
                if x.len() == 0 {
                    return;
                }
                let none = &|_: usize, _: &[$t]| {};
                let m = fold_mapped(x, $t::NEG_INFINITY, |v| v, <$t as Builtin>::max, none);
                let exp = |v: $t| math::exp(v - m);
                let s = fold_mapped(x, <$t as Builtin>::ADD_LANE, exp, <$t as Builtin>::add, none);
                let log_s = math::ln(s);
                map_into(x, out, |v| (v - m) - log_s);
            }
        }
    };
    (@module $t:ident, $name:literal, $passes:ident) => {
        use crate::__private::{
            Cell, EntryBody, EntryCall, EntryError, KernelDescriptor, KernelKind, descriptor,
        };
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
            Err(crate::__private::length_mismatch(
                $name,
                &[("input `x`", x), ("output `out`", out)],
            ))
        }

        struct Entry;

        impl EntryBody for Entry {
            const DESCRIPTOR: KernelDescriptor = descriptor(
                $name,
                KernelKind::Elementwise,
                &[],
                &[<$t as crate::Element>::TYPE],
                &[<$t as crate::Element>::TYPE],
            );

            fn run(call: &EntryCall<'_>) -> core::result::Result<(), EntryError> {
                let x = call.input::<$t>(0)?;
                let out = call.output::<$t>(0)?;
                $passes(x, out);
                Ok(())
            }
        }

        /// The kernel as data, for the registry and `export_kernels!`: one input and one
        /// output of the same length.
        pub const KERNEL: Kernel = crate::__private::kernel::<Entry>();
    };
}

pub(crate) use softmax_family;
