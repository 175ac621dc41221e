//! The walk of an array call: the shapes checked and broadcast once, then the index space
//! cut into runs along the innermost dimension, each run handed to the generated loop as one
//! [`Lane`] per stream.

use super::lane::{Flat, GATHER, Lane, LaneMut};
use super::layout::{Layout, MAX_RANK, broadcast_shapes, broadcast_to};
use super::view::{View, ViewMut};
use crate::abi::MAX_STREAMS;
use crate::element::Element;
use crate::error::Error;
use crate::split::{Outcome, Split, drive};
use core::ops::Range;

/// The most arrays of one call: every input and every output.
const MAX_ARRAYS: usize = 2 * MAX_STREAMS;

mod raw {
    use super::{Layout, MAX_ARRAYS};

    /// One array of a call, type-erased: its element `[0, 0, ..]` as a byte address, its
    /// element size and layout, and whether it is an output.
    #[derive(Clone, Copy, Debug)]
    pub struct RawArray {
        pub(crate) ptr: *mut u8,
        pub(crate) size: usize,
        pub(crate) layout: Layout,
        pub(crate) output: bool,
    }

    /// The arrays of one call, in parameter order (inputs, then outputs).
    #[derive(Debug)]
    pub struct ArrayList {
        pub(crate) items: [Option<RawArray>; MAX_ARRAYS],
        pub(crate) len: usize,
    }

    impl ArrayList {
        pub(crate) fn new() -> ArrayList {
            ArrayList {
                items: [None; MAX_ARRAYS],
                len: 0,
            }
        }

        pub(crate) fn push(&mut self, array: RawArray) {
            if let Some(slot) = self.items.get_mut(self.len) {
                *slot = Some(array);
            }
            self.len += 1;
        }

        pub(crate) fn iter(&self) -> impl Iterator<Item = &RawArray> {
            self.items.iter().take(self.len).flatten()
        }
    }

    /// Where a walk is: every array's element offset of the current lane's first element,
    /// and its element stride along the lane.
    #[derive(Debug)]
    pub struct Cursor {
        /// Where each array's offsets count from: its element `[0, 0, ..]`, or a tile
        /// buffer that holds a block of it.
        pub(crate) bases: [*mut u8; MAX_ARRAYS],
        pub(crate) offsets: [isize; MAX_ARRAYS],
        pub(crate) strides: [isize; MAX_ARRAYS],
        /// Elements in the current run.
        pub(crate) take: usize,
        /// The next array to make a lane for.
        pub(crate) next: usize,
    }
}

pub(crate) use raw::{ArrayList, Cursor, RawArray};

/// Keeps [`ArrayStreams`] to the impls here, on which the lanes' safety rests.
pub(crate) mod sealed {
    pub trait Sealed {}
}

/// The arrays of a generated `arrays` or `along` call: [`View`]s, [`ViewMut`]s and tuples of
/// them. Sealed.
pub trait ArrayStreams: Sized + Send + sealed::Sealed {
    /// The lanes of one run: a [`Lane`] per `View`, a [`LaneMut`] per `ViewMut`, in the same
    /// tuple shape.
    type Lanes;
    /// The flat streams of a whole-array reduction: a [`Flat`] per `View`.
    type Flats;
    /// Adds every array to `list`.
    #[doc(hidden)]
    fn describe(&self, list: &mut ArrayList);
    /// The lanes of the run at `cursor`, for the arrays of `walk` from `cursor.next` on.
    ///
    /// # Safety
    /// `walk` was made from `describe` of these very streams (borrowed for the lanes'
    /// lifetimes), and `cursor` is one of its runs, which no other call of `lanes` has.
    #[doc(hidden)]
    unsafe fn lanes(walk: &Walk, cursor: &mut Cursor) -> Self::Lanes;
    /// The flat streams of the inputs, over `layouts` (one per array, broadcast and merged).
    ///
    /// # Safety
    /// `layouts` come from `describe` of these streams, broadcast to a common shape.
    #[doc(hidden)]
    unsafe fn flats(list: &ArrayList, at: &mut usize) -> Self::Flats;
}

impl<T: Element> sealed::Sealed for View<'_, T> {}
impl<T: Element> sealed::Sealed for ViewMut<'_, T> {}
impl sealed::Sealed for () {}

impl<'a, T: Element> ArrayStreams for View<'a, T> {
    type Lanes = Lane<'a, T>;
    type Flats = Flat<'a, T>;
    fn describe(&self, list: &mut ArrayList) {
        list.push(RawArray {
            ptr: self.as_ptr().cast_mut().cast(),
            size: size_of::<T>(),
            layout: *self.layout(),
            output: false,
        });
    }
    #[inline(always)]
    unsafe fn lanes(walk: &Walk, cursor: &mut Cursor) -> Lane<'a, T> {
        let (ptr, stride) = walk.run_start(cursor);
        // SAFETY: the walk was made from this view (our caller's contract), so the run's
        // elements are elements of the view, readable for 'a; inputs of a safe call are
        // shared borrows no output overlaps, so they may be borrowed.
        unsafe { Lane::from_raw_parts(ptr.cast::<T>(), cursor.take, stride, walk.borrowable) }
    }
    unsafe fn flats(list: &ArrayList, at: &mut usize) -> Flat<'a, T> {
        let array = list.items.get(*at).copied().flatten();
        *at += 1;
        match array {
            // SAFETY: the layout is this view's, broadcast (stride 0 repeats an element it
            // has) and merged (the same elements): every index reaches an element of the view.
            Some(a) => unsafe { Flat::from_raw(a.ptr.cast::<T>(), a.layout) },
            // SAFETY: an empty layout reaches no element.
            None => unsafe {
                Flat::from_raw(core::ptr::NonNull::dangling().as_ptr(), Layout::empty())
            },
        }
    }
}

impl<'a, T: Element> ArrayStreams for ViewMut<'a, T> {
    type Lanes = LaneMut<'a, T>;
    type Flats = ();
    fn describe(&self, list: &mut ArrayList) {
        list.push(RawArray {
            ptr: self.as_mut_ptr().cast(),
            size: size_of::<T>(),
            layout: *self.layout(),
            output: true,
        });
    }
    #[inline(always)]
    unsafe fn lanes(walk: &Walk, cursor: &mut Cursor) -> LaneMut<'a, T> {
        let (ptr, stride) = walk.run_start(cursor);
        // SAFETY: the run's elements are distinct elements of this exclusively borrowed view
        // (a view never reaches one element twice), and runs of one walk do not overlap.
        unsafe { LaneMut::from_raw_parts(ptr.cast::<T>(), cursor.take, stride, walk.borrowable) }
    }
    unsafe fn flats(_: &ArrayList, at: &mut usize) {
        *at += 1;
    }
}

impl ArrayStreams for () {
    type Lanes = ();
    type Flats = ();
    fn describe(&self, _: &mut ArrayList) {}
    #[inline(always)]
    unsafe fn lanes(_: &Walk, _: &mut Cursor) {}
    unsafe fn flats(_: &ArrayList, _: &mut usize) {}
}

/// The outputs of a reduction's `along` call: one [`ViewMut`] per component of the result
/// (a tuple of them for a tuple result), each taking one value per lane. Sealed.
pub trait LaneValues: ArrayStreams {
    /// One lane's result: an element, or a tuple with one element per output.
    type Value;
    /// Writes `value`'s components to the element at `cursor` of arrays `first`, `first + 1`,
    /// ... of `walk`.
    ///
    /// # Safety
    /// `walk` was made from `describe` of streams whose arrays from `first` on are these
    /// outputs, exclusively borrowed, and `cursor` is a position no other write reaches.
    #[doc(hidden)]
    unsafe fn write(walk: &Walk, cursor: &Cursor, first: usize, value: Self::Value);
}

impl<T: Element> LaneValues for ViewMut<'_, T> {
    type Value = T;
    #[inline(always)]
    unsafe fn write(walk: &Walk, cursor: &Cursor, first: usize, value: T) {
        let (ptr, _) = walk.array_at(cursor, first);
        // SAFETY: the output's element at this position (our caller's contract): an element
        // of the exclusively borrowed view, of type `T`, aligned, written once.
        unsafe { ptr.cast::<T>().write(value) };
    }
}

macro_rules! lane_values {
    ($(($($s:ident $i:tt),+))*) => {$(
        impl<$($s: Element),+> LaneValues for ($(ViewMut<'_, $s>,)+) {
            type Value = ($($s,)+);
            #[inline(always)]
            unsafe fn write(walk: &Walk, cursor: &Cursor, first: usize, value: Self::Value) {
                // SAFETY: forwarded, one output after the other in `describe`'s order.
                unsafe { $(<ViewMut<'_, $s>>::write(walk, cursor, first + $i, value.$i);)+ }
            }
        }
    )*};
}

lane_values! {
    (A 0)
    (A 0, B 1)
    (A 0, B 1, C 2)
    (A 0, B 1, C 2, D 3)
    (A 0, B 1, C 2, D 3, E 4)
    (A 0, B 1, C 2, D 3, E 4, F 5)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14, P 15)
}

macro_rules! tuples {
    ($(($($s:ident $i:tt),+))*) => {$(
        impl<$($s: ArrayStreams),+> sealed::Sealed for ($($s,)+) {}

        impl<$($s: ArrayStreams),+> ArrayStreams for ($($s,)+) {
            type Lanes = ($($s::Lanes,)+);
            type Flats = ($($s::Flats,)+);
            fn describe(&self, list: &mut ArrayList) {
                $(self.$i.describe(list);)+
            }
            #[inline(always)]
            unsafe fn lanes(walk: &Walk, cursor: &mut Cursor) -> Self::Lanes {
                // SAFETY: forwarded, member by member in `describe`'s order.
                unsafe { ($($s::lanes(walk, cursor),)+) }
            }
            unsafe fn flats(list: &ArrayList, at: &mut usize) -> Self::Flats {
                // SAFETY: forwarded, member by member in `describe`'s order.
                unsafe { ($($s::flats(list, at),)+) }
            }
        }
    )*};
}

tuples! {
    (A 0)
    (A 0, B 1)
    (A 0, B 1, C 2)
    (A 0, B 1, C 2, D 3)
    (A 0, B 1, C 2, D 3, E 4)
    (A 0, B 1, C 2, D 3, E 4, F 5)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14, P 15)
}

/// An iteration space and every array's strides in it: the plan of one call.
#[derive(Debug)]
pub struct Walk {
    /// Dimensions of the iteration, at least 1; the last is walked in runs.
    rank: usize,
    shape: [usize; MAX_RANK],
    /// Arrays in the walk.
    count: usize,
    ptrs: [*mut u8; MAX_ARRAYS],
    sizes: [usize; MAX_ARRAYS],
    /// `strides[a][d]`: array `a`'s element stride along dimension `d`.
    strides: [[isize; MAX_RANK]; MAX_ARRAYS],
    /// Whether lanes may be borrowed as slices (no array is written through another).
    pub(crate) borrowable: bool,
    /// The inputs read in tiles of [`TILE_ROWS`] rows (see [`Walk::runs_tiled`]).
    tiled: [bool; MAX_ARRAYS],
    /// Whether any input is.
    tile: bool,
}

/// Rows of one tile: a 64-byte line of `f32`, so that an input walked across its rows (a
/// transposed matrix) is read a whole line at a time.
const TILE_ROWS: usize = 16;

/// The most inputs of one call read in tiles; each takes `TILE_ROWS * GATHER * 8` bytes
/// (32 KiB) of stack.
const MAX_TILED: usize = 2;

impl Walk {
    /// The walk over `shape` of `arrays`, whose layouts already have that shape; dimensions
    /// are put in the order of the first output's strides (largest outermost), then merged
    /// where every array allows, so a contiguous call is one run.
    pub(crate) fn new(
        shape: &[usize],
        arrays: &[(RawArray, Layout)],
        order_by: Option<usize>,
        borrowable: bool,
    ) -> Walk {
        let mut walk = Walk {
            rank: 0,
            shape: [1; MAX_RANK],
            count: arrays.len().min(MAX_ARRAYS),
            ptrs: [core::ptr::null_mut(); MAX_ARRAYS],
            sizes: [0; MAX_ARRAYS],
            strides: [[0; MAX_RANK]; MAX_ARRAYS],
            borrowable,
            tiled: [false; MAX_ARRAYS],
            tile: false,
        };
        // The order of dimensions: logical, or by the chosen array's |stride|, descending.
        let mut order: [usize; MAX_RANK] = core::array::from_fn(|d| d);
        let rank = shape.len().min(MAX_RANK);
        if let Some((_, layout)) = order_by.and_then(|k| arrays.get(k)) {
            let key = |d: usize| layout.strides().get(d).map_or(0, |s| s.unsigned_abs());
            if let Some(dims) = order.get_mut(..rank) {
                dims.sort_by_key(|&d| core::cmp::Reverse(key(d)));
            }
        }
        for (a, (array, _)) in arrays.iter().enumerate().take(MAX_ARRAYS) {
            if let (Some(p), Some(s)) = (walk.ptrs.get_mut(a), walk.sizes.get_mut(a)) {
                *p = array.ptr;
                *s = array.size;
            }
        }
        // Dimensions in order, dropping extent 1, merging where every array allows.
        for &d in order.iter().take(rank) {
            let n = shape.get(d).copied().unwrap_or(1);
            if n == 1 {
                continue;
            }
            let merge = walk.rank > 0
                && arrays.iter().enumerate().all(|(a, (_, l))| {
                    let s = l.strides().get(d).copied().unwrap_or(0);
                    walk.strides
                        .get(a)
                        .and_then(|st| st.get(walk.rank - 1))
                        .copied()
                        == Some(s.wrapping_mul(n as isize))
                });
            if merge {
                let last = walk.rank - 1;
                if let Some(e) = walk.shape.get_mut(last) {
                    *e *= n;
                }
                for (a, (_, l)) in arrays.iter().enumerate() {
                    if let Some(st) = walk.strides.get_mut(a).and_then(|st| st.get_mut(last)) {
                        *st = l.strides().get(d).copied().unwrap_or(0);
                    }
                }
            } else {
                let k = walk.rank;
                if let Some(e) = walk.shape.get_mut(k) {
                    *e = n;
                }
                for (a, (_, l)) in arrays.iter().enumerate() {
                    if let Some(st) = walk.strides.get_mut(a).and_then(|st| st.get_mut(k)) {
                        *st = l.strides().get(d).copied().unwrap_or(0);
                    }
                }
                walk.rank += 1;
            }
        }
        if shape.contains(&0) {
            walk.rank = 1;
            walk.shape = [0; MAX_RANK];
        } else if walk.rank == 0 {
            // One element: a run of one.
            walk.rank = 1;
        }
        walk
    }

    /// Marks for tiles the inputs that step further along the innermost dimension than
    /// along the next one (a transposed matrix: stride 1024 along a row, 1 down a column):
    /// run by run they would touch one element per cache line, and with rows of 4 KiB, the
    /// same few sets of the cache over and over. At most [`MAX_TILED`], else none.
    fn plan_tiles(&mut self, outputs: &[bool]) {
        if self.rank < 2 || self.inner() < crate::fold::LANES {
            return;
        }
        let (last, outer) = (self.rank - 1, self.rank - 2);
        let mut tiled = [false; MAX_ARRAYS];
        let mut count = 0;
        for (a, (st, t)) in self
            .strides
            .iter()
            .zip(tiled.iter_mut())
            .take(self.count)
            .enumerate()
        {
            let (along, across) = (
                st.get(last).map_or(0, |s| s.unsigned_abs()),
                st.get(outer).map_or(0, |s| s.unsigned_abs()),
            );
            if !outputs.get(a).copied().unwrap_or(true)
                && along > 1
                && across != 0
                && across < along
            {
                *t = true;
                count += 1;
            }
        }
        if (1..=MAX_TILED).contains(&count) {
            self.tiled = tiled;
            self.tile = true;
        }
    }

    /// Every array's element offset of element 0 of outer row `row`.
    fn row_offsets(&self, mut row: usize) -> [isize; MAX_ARRAYS] {
        let mut offsets = [0isize; MAX_ARRAYS];
        for d in (0..self.rank.saturating_sub(1)).rev() {
            let n = self.shape.get(d).copied().unwrap_or(1).max(1);
            let i = (row % n) as isize;
            row /= n;
            for (off, st) in offsets.iter_mut().zip(&self.strides).take(self.count) {
                *off += i * st.get(d).copied().unwrap_or(0);
            }
        }
        offsets
    }

    /// [`runs`](Self::runs), with the inputs marked by [`plan_tiles`](Self::plan_tiles)
    /// read a tile at a time: for [`TILE_ROWS`] rows and [`GATHER`] columns, the tile is
    /// copied to the stack walking down its columns (one cache line per column), and each
    /// row's run reads its part of the tile as a contiguous lane. The runs and their order
    /// are those of `runs`, so the results are the same.
    #[inline(always)]
    pub(crate) fn runs_tiled(&self, range: Range<usize>, mut body: impl FnMut(&mut Cursor)) {
        let inner = self.inner();
        let (first, end) = (range.start.div_ceil(inner.max(1)), range.end / inner.max(1));
        if !self.tile || first >= end {
            return self.runs(range, body);
        }
        self.runs(range.start..first * inner, &mut body);
        self.tiled_rows(first..end, &mut body);
        self.runs(end * inner..range.end, &mut body);
    }

    /// The whole rows `rows` of [`runs_tiled`](Self::runs_tiled); inlined, so that the
    /// body is compiled for the instruction set of the dispatch that calls it.
    #[inline(always)]
    fn tiled_rows(&self, rows: Range<usize>, body: &mut impl FnMut(&mut Cursor)) {
        let (last, outer) = (self.rank - 1, self.rank - 2);
        let inner = self.inner();
        let per_outer = self.shape.get(outer).copied().unwrap_or(1).max(1);
        let mut tiles = [[0u64; TILE_ROWS * GATHER]; MAX_TILED];
        let stride = |a: usize, d: usize| {
            self.strides
                .get(a)
                .and_then(|s| s.get(d))
                .copied()
                .unwrap_or(0)
        };
        let mut row = rows.start;
        while row < rows.end {
            // Rows of one tile stay in one run of the next-outer dimension.
            let g = TILE_ROWS
                .min(rows.end - row)
                .min(per_outer - row % per_outer);
            let offsets = self.row_offsets(row);
            let mut col = 0;
            while col < inner {
                let n = GATHER.min(inner - col);
                let mut k = 0;
                for a in (0..self.count).filter(|&a| self.tiled.get(a) == Some(&true)) {
                    let (Some(tile), Some(&size), Some(&ptr), Some(&off)) = (
                        tiles.get_mut(k),
                        self.sizes.get(a),
                        self.ptrs.get(a),
                        offsets.get(a),
                    ) else {
                        continue;
                    };
                    let dst = tile.as_mut_ptr().cast::<u8>();
                    let (down, along) = (
                        stride(a, outer) * size as isize,
                        stride(a, last) * size as isize,
                    );
                    let base =
                        ptr.wrapping_offset((off + col as isize * stride(a, last)) * size as isize);
                    for c in 0..n {
                        for r in 0..g {
                            // SAFETY: rows `row..row + g` and columns `col..col + n` are
                            // elements of input `a` (inside the walk's shape), readable for
                            // the call; the tile holds TILE_ROWS x GATHER slots of 8 bytes.
                            unsafe {
                                super::copy::copy_one(
                                    base.wrapping_offset(r as isize * down + c as isize * along),
                                    dst.add((r * GATHER + c) * size),
                                    size,
                                );
                            }
                        }
                    }
                    k += 1;
                }
                for r in 0..g {
                    let mut cursor = Cursor {
                        bases: self.ptrs,
                        offsets: [0; MAX_ARRAYS],
                        strides: [0; MAX_ARRAYS],
                        take: n,
                        next: 0,
                    };
                    let mut k = 0;
                    for a in 0..self.count {
                        let (Some(base), Some(off), Some(st)) = (
                            cursor.bases.get_mut(a),
                            cursor.offsets.get_mut(a),
                            cursor.strides.get_mut(a),
                        ) else {
                            continue;
                        };
                        if self.tiled.get(a) == Some(&true) {
                            let size = self.sizes.get(a).copied().unwrap_or(0);
                            *base = tiles.get_mut(k).map_or(core::ptr::null_mut(), |t| {
                                t.as_mut_ptr().cast::<u8>().wrapping_add(r * GATHER * size)
                            });
                            *off = 0;
                            *st = 1;
                            k += 1;
                        } else {
                            *off = offsets.get(a).copied().unwrap_or(0)
                                + r as isize * stride(a, outer)
                                + col as isize * stride(a, last);
                            *st = stride(a, last);
                        }
                    }
                    body(&mut cursor);
                }
                col += n;
            }
            row += g;
        }
    }

    /// Elements in the walk.
    pub(crate) fn total(&self) -> usize {
        self.shape.iter().take(self.rank).product()
    }

    fn inner(&self) -> usize {
        self.shape.get(self.rank - 1).copied().unwrap_or(1)
    }

    /// The start of array `cursor.next`'s lane: its address and element stride; moves the
    /// cursor to the next array.
    #[inline(always)]
    pub(crate) fn run_start(&self, cursor: &mut Cursor) -> (*mut u8, isize) {
        let a = cursor.next;
        cursor.next += 1;
        self.array_at(cursor, a)
    }

    /// The start of array `a`'s lane at `cursor`: its address and element stride.
    #[inline(always)]
    pub(crate) fn array_at(&self, cursor: &Cursor, a: usize) -> (*mut u8, isize) {
        let off = cursor.offsets.get(a).copied().unwrap_or(0);
        let size = self.sizes.get(a).copied().unwrap_or(0);
        let stride = cursor.strides.get(a).copied().unwrap_or(0);
        (
            cursor
                .bases
                .get(a)
                .copied()
                .unwrap_or(core::ptr::null_mut())
                .wrapping_offset(off * size as isize),
            stride,
        )
    }

    /// Calls `body` with a cursor on every run of elements `range` (in walk order).
    #[inline(always)]
    pub(crate) fn runs<O: Outcome>(
        &self,
        range: Range<usize>,
        mut body: impl FnMut(&mut Cursor) -> O,
    ) -> O {
        let mut outcome = O::success();
        if range.start >= range.end {
            return outcome;
        }
        let inner = self.inner();
        let last = self.rank - 1;
        let mut index = [0usize; MAX_RANK];
        let mut rest = range.start;
        for (i, &n) in index.iter_mut().zip(&self.shape).take(self.rank).rev() {
            *i = rest % n;
            rest /= n;
        }
        let mut col = index.get(last).copied().unwrap_or(0);
        let mut cursor = Cursor {
            bases: self.ptrs,
            offsets: [0; MAX_ARRAYS],
            strides: [0; MAX_ARRAYS],
            take: 0,
            next: 0,
        };
        for ((off, inner_stride), st) in cursor
            .offsets
            .iter_mut()
            .zip(cursor.strides.iter_mut())
            .zip(&self.strides)
            .take(self.count)
        {
            *off = index
                .iter()
                .zip(st)
                .take(last)
                .map(|(&i, &s)| i as isize * s)
                .sum();
            *inner_stride = st.get(last).copied().unwrap_or(0);
        }
        let mut pos = range.start;
        while pos < range.end {
            let take = (inner - col).min(range.end - pos);
            if col > 0 {
                for (off, st) in cursor
                    .offsets
                    .iter_mut()
                    .zip(&self.strides)
                    .take(self.count)
                {
                    *off += col as isize * st.get(last).copied().unwrap_or(0);
                }
            }
            cursor.take = take;
            cursor.next = 0;
            outcome = outcome.and(body(&mut cursor));
            if outcome.failed() {
                return outcome;
            }
            if col > 0 {
                for (off, st) in cursor
                    .offsets
                    .iter_mut()
                    .zip(&self.strides)
                    .take(self.count)
                {
                    *off -= col as isize * st.get(last).copied().unwrap_or(0);
                }
            }
            pos += take;
            col = 0;
            for d in (0..last).rev() {
                let (Some(i), Some(&n)) = (index.get_mut(d), self.shape.get(d)) else {
                    break;
                };
                *i += 1;
                for (off, st) in cursor
                    .offsets
                    .iter_mut()
                    .zip(&self.strides)
                    .take(self.count)
                {
                    *off += st.get(d).copied().unwrap_or(0);
                }
                if *i < n {
                    break;
                }
                *i = 0;
                for (off, st) in cursor
                    .offsets
                    .iter_mut()
                    .zip(&self.strides)
                    .take(self.count)
                {
                    *off -= st.get(d).copied().unwrap_or(0) * n as isize;
                }
            }
        }
        outcome
    }
}

// SAFETY: a walk is a plan: addresses, sizes and strides that nothing mutates once it is
// made. Sharing it between threads shares reads of those numbers; what is read or written
// at the addresses is governed by `ArrayStreams::lanes`' contract, and pieces of one walk
// cover disjoint elements.
unsafe impl Sync for Walk {}

/// A range of a walk's elements, cut for threads by the one split driver.
pub(crate) struct Piece<'w> {
    pub(crate) walk: &'w Walk,
    pub(crate) range: Range<usize>,
}

impl Walk {
    /// All of the walk's elements, as one piece to split.
    pub(crate) fn all(&self) -> Piece<'_> {
        Piece {
            walk: self,
            range: 0..self.total(),
        }
    }
}

impl Split for Piece<'_> {
    fn stream_len(&self) -> usize {
        self.range.end - self.range.start
    }
    fn split_at(self, mid: usize) -> (Self, Self) {
        let mid = (self.range.start + mid).min(self.range.end);
        (
            Piece {
                walk: self.walk,
                range: self.range.start..mid,
            },
            Piece {
                walk: self.walk,
                range: mid..self.range.end,
            },
        )
    }
}

/// The names of a call's arrays, for errors: parameter names, in order.
fn name<'n>(names: &[&'n str], a: usize) -> &'n str {
    names.get(a).copied().unwrap_or("array")
}

/// Checks that every array's rank is usable.
fn check_ranks(kernel: &str, names: &[&str], list: &ArrayList) -> Result<(), Error> {
    for (a, array) in list.iter().enumerate() {
        if !array.layout.fits() {
            return Err(Error::too_many_dimensions(
                kernel,
                name(names, a),
                array.layout.rank(),
            ));
        }
    }
    Ok(())
}

/// The shape every input broadcasts to together (numpy's rule).
fn broadcast_inputs(
    kernel: &str,
    names: &[&str],
    list: &ArrayList,
) -> Result<([usize; MAX_RANK], usize), Error> {
    let mut shape = [1usize; MAX_RANK];
    let mut rank = 0;
    for (a, array) in list.iter().enumerate().filter(|(_, x)| !x.output) {
        let mut next = [1usize; MAX_RANK];
        let current = shape.get(..rank).unwrap_or(&[]);
        match broadcast_shapes(current, array.layout.shape(), &mut next) {
            Some(r) => {
                shape = next;
                rank = r;
            }
            None => {
                return Err(Error::shape_mismatch(
                    kernel,
                    name(names, a),
                    array.layout.shape(),
                    current,
                ));
            }
        }
    }
    Ok((shape, rank))
}

/// Every array broadcast to `shape`, or the first that does not fit (an output must have
/// `shape` exactly).
fn fit_all(
    kernel: &str,
    names: &[&str],
    list: &ArrayList,
    shape: &[usize],
    out: &mut [(RawArray, Layout)],
) -> Result<usize, Error> {
    let mut n = 0;
    for ((a, array), slot) in list.iter().enumerate().zip(out.iter_mut()) {
        let fitted = if array.output {
            (array.layout.shape() == shape).then_some(array.layout)
        } else {
            broadcast_to(&array.layout, shape)
        };
        match fitted {
            Some(layout) => *slot = (*array, layout),
            None => {
                return Err(Error::shape_mismatch(
                    kernel,
                    name(names, a),
                    array.layout.shape(),
                    shape,
                ));
            }
        }
        n += 1;
    }
    Ok(n)
}

/// Runs an elementwise kernel over arrays: checks the shapes (inputs broadcast to the
/// outputs' shape), then calls `body` on the lanes of every run, across threads when worth
/// it. Nothing is written when a shape does not fit.
///
/// # Errors
/// [`Error::ShapeMismatch`], [`Error::TooManyDimensions`].
#[inline(always)]
pub fn for_each_run<S: ArrayStreams>(
    kernel: &str,
    names: &[&str],
    threads: usize,
    streams: S,
    body: &(impl Fn(Runs<'_, S>) + Sync),
) -> Result<(), Error> {
    let walk = elementwise_walk(kernel, names, &streams, Order::Fastest)?;
    drive(threads, walk.all(), &|piece: Piece<'_>| {
        body(Runs {
            walk: piece.walk,
            range: piece.range,
            streams: core::marker::PhantomData,
        });
    });
    Ok(())
}

/// [`for_each_run`] in row-major (logical) order of the output, for kernels with an
/// `#[index]`: [`Runs::for_each_indexed`] then gives each run's flat row-major index. The
/// dimensions are not reordered by the output's strides, so a transposed output is written
/// across its rows, a little slower; nothing else differs.
///
/// # Errors
/// As [`for_each_run`].
#[inline(always)]
pub fn for_each_run_indexed<S: ArrayStreams>(
    kernel: &str,
    names: &[&str],
    threads: usize,
    streams: S,
    body: &(impl Fn(Runs<'_, S>) + Sync),
) -> Result<(), Error> {
    let walk = elementwise_walk(kernel, names, &streams, Order::Logical)?;
    drive(threads, walk.all(), &|piece: Piece<'_>| {
        body(Runs {
            walk: piece.walk,
            range: piece.range,
            streams: core::marker::PhantomData,
        });
    });
    Ok(())
}

/// The order an elementwise walk visits the output's elements in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    /// Dimensions ordered by the first output's strides, largest outermost: memory order.
    Fastest,
    /// Row-major order of the output's shape, so that the walk's position of an element is
    /// its flat row-major index.
    Logical,
}

/// The runs of one piece of an elementwise call. Generated code walks them inside one
/// SIMD dispatch, so the choice of instruction set is made once per piece, not per run.
pub struct Runs<'w, S> {
    walk: &'w Walk,
    range: Range<usize>,
    streams: core::marker::PhantomData<fn() -> S>,
}

impl<S: ArrayStreams> Runs<'_, S> {
    /// Calls `f` with the lanes of every run, in walk order.
    #[inline(always)]
    pub fn for_each(self, mut f: impl FnMut(S::Lanes)) {
        let walk = self.walk;
        walk.runs_tiled(
            self.range,
            #[inline(always)]
            |cursor| {
                // SAFETY: the walk was made from the streams of `for_each_run`, which stay
                // borrowed for the lanes' lifetimes, and every run is visited once.
                f(unsafe { S::lanes(walk, cursor) })
            },
        );
    }

    /// Calls `f` with the flat row-major index of every run's first element and its lanes,
    /// in walk order. The index is exact for runs of [`for_each_run_indexed`], whose walk
    /// order is row-major.
    #[inline(always)]
    pub fn for_each_indexed(self, mut f: impl FnMut(u64, S::Lanes)) {
        let walk = self.walk;
        let mut at = self.range.start as u64;
        walk.runs_tiled(
            self.range,
            #[inline(always)]
            |cursor| {
                let take = cursor.take as u64;
                // SAFETY: as in `for_each`.
                f(at, unsafe { S::lanes(walk, cursor) });
                at += take;
            },
        );
    }
}

/// The checked walk of an elementwise call; out of line, so the generated call stays small.
#[inline(never)]
fn elementwise_walk<S: ArrayStreams>(
    kernel: &str,
    names: &[&str],
    streams: &S,
    order: Order,
) -> Result<Walk, Error> {
    let mut list = ArrayList::new();
    streams.describe(&mut list);
    elementwise_walk_list(kernel, names, &list, order)
}

/// The checked walk of an elementwise call on `list` (inputs, then outputs).
pub(crate) fn elementwise_walk_list(
    kernel: &str,
    names: &[&str],
    list: &ArrayList,
    order: Order,
) -> Result<Walk, Error> {
    check_ranks(kernel, names, list)?;
    let target = list.iter().find(|a| a.output).map(|a| a.layout);
    let Some(target) = target else {
        // No output: nothing to write (a kernel always has one; a call by name checks it).
        return Ok(Walk::new(&[0], &[], None, true));
    };
    let mut fitted = [(
        RawArray {
            ptr: core::ptr::null_mut(),
            size: 0,
            layout: Layout::empty(),
            output: false,
        },
        Layout::empty(),
    ); MAX_ARRAYS];
    let n = fit_all(kernel, names, list, target.shape(), &mut fitted)?;
    let first_output = match order {
        Order::Fastest => list.iter().position(|a| a.output),
        Order::Logical => None,
    };
    let mut outputs = [false; MAX_ARRAYS];
    for (o, a) in outputs.iter_mut().zip(list.iter()) {
        *o = a.output;
    }
    let mut walk = Walk::new(
        target.shape(),
        fitted.get(..n).unwrap_or(&[]),
        first_output,
        true,
    );
    walk.plan_tiles(&outputs);
    Ok(walk)
}

/// The inputs of a whole-array reduction as flat streams in row-major order, broadcast to
/// their common shape.
///
/// # Errors
/// [`Error::ShapeMismatch`], [`Error::TooManyDimensions`].
pub fn flat_streams<S: ArrayStreams>(
    kernel: &str,
    names: &[&str],
    streams: S,
) -> Result<S::Flats, Error> {
    let mut list = ArrayList::new();
    streams.describe(&mut list);
    let fitted = flat_list(kernel, names, &list)?;
    // SAFETY: `fitted` holds these streams' arrays, broadcast to one shape.
    Ok(unsafe { S::flats(&fitted, &mut 0) })
}

/// The inputs of `list` broadcast to their common shape, each with its dimensions merged
/// where that keeps row-major order.
pub(crate) fn flat_list(
    kernel: &str,
    names: &[&str],
    list: &ArrayList,
) -> Result<ArrayList, Error> {
    check_ranks(kernel, names, list)?;
    let (shape, rank) = broadcast_inputs(kernel, names, list)?;
    let shape = shape.get(..rank).unwrap_or(&[]);
    let mut fitted = ArrayList::new();
    for array in list.iter() {
        let layout = broadcast_to(&array.layout, shape).unwrap_or(Layout::empty());
        fitted.push(RawArray {
            layout: layout.merged(),
            ..*array
        });
    }
    Ok(fitted)
}

/// The lanes along `axis` of a reduction's inputs, with the output's element for each
/// lane. Checks the shapes, then calls `body` on every lane's inputs and writes what it
/// returns, across threads (whole lanes) when worth it. Nothing is written on error.
///
/// # Errors
/// [`Error::AxisOutOfRange`], [`Error::ShapeMismatch`] (the output's shape must be the
/// inputs' broadcast shape without `axis`, or with `axis` of extent 1),
/// [`Error::TooManyDimensions`].
#[inline(always)]
pub fn for_each_lane_value<S: ArrayStreams, O: LaneValues>(
    kernel: &str,
    names: &[&str],
    axis: usize,
    threads: usize,
    inputs: S,
    out: O,
    body: &(impl Fn(S::Lanes) -> O::Value + Sync),
) -> Result<(), Error> {
    let mut list = ArrayList::new();
    inputs.describe(&mut list);
    let inputs_count = list.iter().count();
    let along = along_walk(kernel, names, axis, &(inputs, out), Along::Value)?;
    along.drive(threads, &|lane: &mut Cursor| {
        // SAFETY: the walk is `(inputs, out)`'s; the cursor is one position's lanes along
        // `axis`, and the inputs are read only.
        let value = body(unsafe { S::lanes(&along.walk, lane) });
        // SAFETY: the outputs' elements at this position: elements of the exclusively
        // borrowed output views (arrays from `inputs_count` on), distinct for every
        // position, written once.
        unsafe { O::write(&along.walk, lane, inputs_count, value) };
    });
    Ok(())
}

/// The lanes along `axis` of a whole-stream kernel's inputs and outputs: every output has
/// the inputs' broadcast shape, and `body` runs on each position's lanes, across threads
/// (whole lanes) when worth it. Nothing is written on error.
///
/// # Errors
/// As [`for_each_lane_value`], with outputs of the inputs' broadcast shape.
#[inline(always)]
pub fn for_each_lane<S: ArrayStreams>(
    kernel: &str,
    names: &[&str],
    axis: usize,
    threads: usize,
    streams: S,
    body: &(impl Fn(S::Lanes) + Sync),
) -> Result<(), Error> {
    let along = along_walk(kernel, names, axis, &streams, Along::Lanes)?;
    along.drive(threads, &|lane: &mut Cursor| {
        // SAFETY: the walk is these streams'; each position's lanes are distinct elements
        // along `axis`, visited once.
        body(unsafe { S::lanes(&along.walk, lane) });
    });
    Ok(())
}

/// What an `along` call's output is: one value per lane, or lanes of the inputs' shape.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Along {
    /// A reduction: one value per lane.
    Value,
    /// A whole-stream kernel: lanes of the inputs' shape.
    Lanes,
}

/// The walk over an `along` call's positions (the shape without the axis), and every
/// array's stride and extent along the axis.
pub(crate) struct AlongWalk {
    pub(crate) walk: Walk,
    axis_strides: [isize; MAX_ARRAYS],
    pub(crate) lane_len: usize,
}

impl AlongWalk {
    /// Runs `body` on the cursor of every position's lanes, across threads (pieces of whole
    /// lanes) when the elements are worth it.
    #[inline(always)]
    pub(crate) fn drive<O: Outcome>(
        &self,
        threads: usize,
        body: &(impl Fn(&mut Cursor) -> O + Sync),
    ) -> O {
        let piece = LanePiece {
            along: self,
            range: 0..self.walk.total(),
        };
        drive(threads, piece, &|piece: LanePiece<'_>| {
            let along = piece.along;
            along.walk.runs(piece.range, |run| {
                let mut lane = Cursor {
                    bases: run.bases,
                    offsets: run.offsets,
                    strides: along.axis_strides,
                    take: along.lane_len,
                    next: 0,
                };
                let mut outcome = O::success();
                for _ in 0..run.take {
                    lane.next = 0;
                    outcome = outcome.and(body(&mut lane));
                    if outcome.failed() {
                        return outcome;
                    }
                    for (off, st) in lane
                        .offsets
                        .iter_mut()
                        .zip(&run.strides)
                        .take(along.walk.count)
                    {
                        *off += st;
                    }
                }
                outcome
            })
        })
    }
}

/// Positions of an `along` call, cut for threads; its length counts elements (positions
/// times the lane's extent), so the threshold and probe of the split driver apply.
struct LanePiece<'w> {
    along: &'w AlongWalk,
    range: Range<usize>,
}

impl Split for LanePiece<'_> {
    fn stream_len(&self) -> usize {
        (self.range.end - self.range.start).saturating_mul(self.along.lane_len.max(1))
    }
    fn split_at(self, mid: usize) -> (Self, Self) {
        let mid = (self.range.start + mid.div_ceil(self.along.lane_len.max(1))).min(self.range.end);
        (
            LanePiece {
                along: self.along,
                range: self.range.start..mid,
            },
            LanePiece {
                along: self.along,
                range: mid..self.range.end,
            },
        )
    }
}

/// The checked walk of an `along` call.
#[inline(never)]
fn along_walk<S: ArrayStreams>(
    kernel: &str,
    names: &[&str],
    axis: usize,
    streams: &S,
    kind: Along,
) -> Result<AlongWalk, Error> {
    let mut list = ArrayList::new();
    streams.describe(&mut list);
    along_walk_list(kernel, names, axis, &list, kind)
}

/// The checked walk of an `along` call on `list` (inputs, then outputs).
pub(crate) fn along_walk_list(
    kernel: &str,
    names: &[&str],
    axis: usize,
    list: &ArrayList,
    kind: Along,
) -> Result<AlongWalk, Error> {
    check_ranks(kernel, names, list)?;
    let (full, rank) = broadcast_inputs(kernel, names, list)?;
    let full = full.get(..rank).unwrap_or(&[]);
    if axis >= rank {
        return Err(Error::axis_out_of_range(kernel, axis, rank));
    }
    let lane_len = full.get(axis).copied().unwrap_or(1);
    let mut positions = [1usize; MAX_RANK];
    for (d, &n) in full.iter().enumerate() {
        let k = if d < axis { d } else { d.wrapping_sub(1) };
        if d != axis
            && let Some(p) = positions.get_mut(k)
        {
            *p = n;
        }
    }
    let positions = positions.get(..rank - 1).unwrap_or(&[]);
    let mut fitted = [(
        RawArray {
            ptr: core::ptr::null_mut(),
            size: 0,
            layout: Layout::empty(),
            output: false,
        },
        Layout::empty(),
    ); MAX_ARRAYS];
    let mut axis_strides = [0isize; MAX_ARRAYS];
    let mut n = 0;
    for ((a, array), (slot, axis_stride)) in list
        .iter()
        .enumerate()
        .zip(fitted.iter_mut().zip(axis_strides.iter_mut()))
    {
        let fitted_full = if array.output && kind == Along::Value {
            // One value per lane: the positions' shape, or the full shape with the axis 1.
            let shape = array.layout.shape();
            let keepdims = shape.len() == rank && shape.get(axis) == Some(&1) && {
                shape
                    .iter()
                    .enumerate()
                    .all(|(d, &x)| d == axis || full.get(d) == Some(&x))
            };
            if shape == positions {
                Some(array.layout.inserted(axis))
            } else if keepdims {
                Some(array.layout)
            } else {
                None
            }
        } else if array.output {
            (array.layout.shape() == full).then_some(array.layout)
        } else {
            broadcast_to(&array.layout, full)
        };
        let Some(layout) = fitted_full else {
            let expected = if array.output && kind == Along::Value {
                positions
            } else {
                full
            };
            return Err(Error::shape_mismatch(
                kernel,
                name(names, a),
                array.layout.shape(),
                expected,
            ));
        };
        *axis_stride = if array.output && kind == Along::Value {
            0
        } else {
            layout.strides().get(axis).copied().unwrap_or(0)
        };
        *slot = (*array, layout.removed(axis));
        n += 1;
    }
    let walk = Walk::new(positions, fitted.get(..n).unwrap_or(&[]), None, true);
    Ok(AlongWalk {
        walk,
        axis_strides,
        lane_len,
    })
}
