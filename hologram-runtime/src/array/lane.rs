//! [`Lane`] and [`LaneMut`]: the streams that generated array loops walk, in pieces of
//! [`GATHER`] elements.
//!
//! A lane is one stream of a kernel call: `len` elements in logical order. A contiguous lane
//! hands the loop a slice of itself, and the loop is the one `slices` runs; any other lane
//! (strided, reversed, broadcast, or an n-dimensional array folded in row-major order) is
//! read into a buffer on the stack, [`GATHER`] elements at a time, and written back from one.
//! So every layout runs the same vectorized chunk body, and no call allocates.

use super::layout::{Layout, MAX_RANK};
use core::marker::PhantomData;

/// Elements per piece of a strided lane: a multiple of [`LANES`](crate::fold::LANES) that
/// divides [`BLOCK`](crate::fold::BLOCK), so a reduction's lanes and blocks fall on piece
/// boundaries. 256 keeps the buffers of a call with 16 inputs and 16 outputs of 8-byte
/// elements at 64 KiB of stack.
pub const GATHER: usize = 256;

const _: () =
    assert!(GATHER.is_multiple_of(crate::fold::LANES) && crate::fold::BLOCK.is_multiple_of(GATHER));

/// The first `n` elements of a buffer of [`GATHER`] (all of it when `n` is larger): where
/// a generated loop computes one piece of a strided output.
#[inline(always)]
fn head_mut<T>(buf: &mut [T; GATHER], n: usize) -> &mut [T] {
    let n = n.min(GATHER);
    buf.get_mut(..n).unwrap_or(&mut [])
}

/// Where a one-dimensional lane's elements are.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawLane {
    /// Element 0, as a byte address.
    pub(crate) ptr: *mut u8,
    /// Elements in the lane.
    pub(crate) len: usize,
    /// Element stride; 0 repeats element 0.
    pub(crate) stride: isize,
    /// Whether the elements may be borrowed as a slice (no other stream of the call writes
    /// them).
    pub(crate) borrowable: bool,
}

impl RawLane {
    /// Whether the elements are one run of consecutive addresses that may be borrowed.
    #[inline(always)]
    fn contiguous(&self) -> bool {
        self.borrowable && (self.stride == 1 || self.len <= 1)
    }
}

/// A stream read in pieces by a generated loop: a [`Lane`] (one dimension) or a [`Flat`]
/// (an n-dimensional array in row-major order).
pub trait Gather<'a, T: Copy + 'a>: Copy + Send + Sync {
    /// Elements in the stream.
    fn len(&self) -> usize;
    /// Whether the stream is empty.
    #[inline(always)]
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The stream as a slice, when its elements are consecutive and may be borrowed.
    fn contiguous(&self) -> Option<&'a [T]>;
    /// Elements `start..start + buf.len()` read into `buf`; nothing when that range is not
    /// inside the stream.
    fn read(&self, start: usize, buf: &mut [T]);
    /// Elements `start..start + n` with `n = min(GATHER, end - start)` (`end` at most the
    /// length): the stream itself when it is contiguous, else read into `buf`.
    #[inline(always)]
    fn piece<'b>(&self, start: usize, end: usize, buf: &'b mut [T; GATHER]) -> &'b [T]
    where
        'a: 'b,
    {
        let n = GATHER.min(end.min(self.len()).saturating_sub(start));
        if let Some(all) = self.contiguous() {
            return all.get(start..start + n).unwrap_or(&[]);
        }
        let part = buf.get_mut(..n).unwrap_or(&mut []);
        self.read(start, part);
        part
    }
}

/// One input stream of a generated array loop (see the module docs). Only the runtime makes
/// lanes, from checked views or a checked call block.
#[derive(Clone, Copy, Debug)]
pub struct Lane<'a, T> {
    raw: RawLane,
    marker: PhantomData<&'a [T]>,
}

/// One output stream of a generated array loop: one-dimensional, written in pieces.
#[derive(Debug)]
pub struct LaneMut<'a, T> {
    raw: RawLane,
    marker: PhantomData<&'a mut [T]>,
}

// SAFETY: a lane stands for `&'a [T]` (or `&'a mut [T]`); it is sent or shared only as those
// would be, so the bounds are theirs.
unsafe impl<T: Sync> Send for Lane<'_, T> {}
// SAFETY: as above.
unsafe impl<T: Sync> Sync for Lane<'_, T> {}
// SAFETY: as above, `&mut [T]` is `Send` when `T` is.
unsafe impl<T: Send> Send for LaneMut<'_, T> {}

impl<'a, T: Copy> Lane<'a, T> {
    /// A one-dimensional lane of `len` elements, `stride` elements apart, from `ptr`.
    ///
    /// # Safety
    /// The `len` elements must be readable, initialised `T`s for `'a`; when `borrowable`,
    /// nothing may write them during `'a`.
    #[inline(always)]
    pub(crate) unsafe fn from_raw_parts(
        ptr: *const T,
        len: usize,
        stride: isize,
        borrowable: bool,
    ) -> Self {
        Lane {
            raw: RawLane {
                ptr: ptr.cast_mut().cast(),
                len,
                stride,
                borrowable,
            },
            marker: PhantomData,
        }
    }
}

impl<'a, T: crate::element::Element> Lane<'a, T> {
    /// The lane as a one-dimensional view, for the hand-written reductions of the stdlib.
    ///
    /// # Safety
    /// Nothing may write the lane's elements during `'a` (true of every input of a
    /// reduction, which writes no stream).
    pub(crate) unsafe fn view(&self) -> crate::array::View<'a, T> {
        let layout = Layout::new(&[self.raw.len], &[self.raw.stride]);
        // SAFETY: the lane's `len` elements, `stride` apart, are readable for 'a
        // (`from_raw_parts`), and our caller guarantees nobody writes them.
        unsafe { crate::array::View::from_raw(self.raw.ptr.cast::<T>(), layout) }
    }
}

// SAFETY (of every block below): `from_raw_parts`' contract makes `len` elements from `ptr`,
// `stride` apart, readable for 'a, and not written by anyone when `borrowable`.
impl<'a, T: Copy + Sync> Gather<'a, T> for Lane<'a, T> {
    #[inline(always)]
    fn len(&self) -> usize {
        self.raw.len
    }

    #[inline(always)]
    fn contiguous(&self) -> Option<&'a [T]> {
        if !self.raw.contiguous() {
            return None;
        }
        if self.raw.len == 0 {
            return Some(&[]);
        }
        // SAFETY: `len` consecutive readable `T`s from `ptr`, not written during 'a.
        Some(unsafe { core::slice::from_raw_parts(self.raw.ptr.cast::<T>(), self.raw.len) })
    }

    #[inline(always)]
    fn read(&self, start: usize, buf: &mut [T]) {
        let raw = &self.raw;
        if start.checked_add(buf.len()).is_none_or(|end| end > raw.len) {
            return;
        }
        let ptr = raw.ptr.cast::<T>().cast_const();
        // A broadcast (stride 0) is one element, read once and filled (a vectorized store),
        // not gathered.
        let (buf, repeats) = if raw.stride == 0 {
            buf.split_at_mut(buf.len().min(1))
        } else {
            (buf, &mut [][..])
        };
        let base = start as isize * raw.stride;
        for (j, v) in buf.iter_mut().enumerate() {
            // SAFETY: `start + j < len`, so this is one of the lane's elements; it is read by
            // value, so no reference to memory another stream may write is made.
            *v = unsafe { ptr.offset(base + j as isize * raw.stride).read() };
        }
        if let Some(&first) = buf.first() {
            repeats.fill(first);
        }
    }
}

/// An n-dimensional input read in row-major order as one stream: what a reduction over a
/// whole array folds. Only the runtime makes one, from checked views.
#[derive(Clone, Copy, Debug)]
pub struct Flat<'a, T> {
    /// Element `[0, 0, ..]`.
    ptr: *const T,
    /// Elements in all.
    len: usize,
    /// The layout, with neighbouring dimensions that walk memory as one merged.
    layout: Layout,
    marker: PhantomData<&'a [T]>,
}

// SAFETY: a `Flat` stands for `&'a [T]`; the bounds are that type's.
unsafe impl<T: Sync> Send for Flat<'_, T> {}
// SAFETY: as above.
unsafe impl<T: Sync> Sync for Flat<'_, T> {}

impl<'a, T: Copy> Flat<'a, T> {
    /// The stream of `layout`'s elements from `ptr`, in row-major order.
    ///
    /// # Safety
    /// Every index of `layout` must reach a readable, initialised `T` that nothing writes
    /// during `'a`.
    pub(crate) unsafe fn from_raw(ptr: *const T, layout: Layout) -> Self {
        let len = layout.elements().unwrap_or(0);
        Flat {
            ptr,
            len,
            layout,
            marker: PhantomData,
        }
    }
}

impl<'a, T: Copy + Sync> Gather<'a, T> for Flat<'a, T> {
    #[inline(always)]
    fn len(&self) -> usize {
        self.len
    }

    #[inline(always)]
    fn contiguous(&self) -> Option<&'a [T]> {
        if self.len == 0 {
            return Some(&[]);
        }
        if !self.layout.is_row_major() {
            return None;
        }
        // SAFETY: a row-major layout of `len` elements is `len` consecutive readable `T`s
        // from `ptr`, which nothing writes during 'a (`from_raw`).
        Some(unsafe { core::slice::from_raw_parts(self.ptr, self.len) })
    }

    fn read(&self, start: usize, buf: &mut [T]) {
        if start
            .checked_add(buf.len())
            .is_none_or(|end| end > self.len)
            || buf.is_empty()
        {
            return;
        }
        let (shape, strides) = (self.layout.shape(), self.layout.strides());
        let (Some(&inner), Some(&stride)) = (shape.last(), strides.last()) else {
            // Rank 0: one element.
            if let Some(v) = buf.first_mut() {
                // SAFETY: a rank-0 layout has one element, at `ptr`.
                *v = unsafe { self.ptr.read() };
            }
            return;
        };
        let outer = shape.len() - 1;
        // The multi-index of `start`, and its element offset.
        let mut index = [0usize; MAX_RANK];
        let mut rest = start;
        for (i, &n) in index.iter_mut().zip(shape).rev() {
            *i = rest % n;
            rest /= n;
        }
        let mut col = index.get(outer).copied().unwrap_or(0);
        let mut row_off: isize = index
            .iter()
            .zip(strides)
            .take(outer)
            .map(|(&i, &s)| i as isize * s)
            .sum();
        let mut done = 0;
        while done < buf.len() {
            let take = (inner - col).min(buf.len() - done);
            let base = row_off + col as isize * stride;
            if let Some(out) = buf.get_mut(done..done + take) {
                for (j, v) in out.iter_mut().enumerate() {
                    // SAFETY: the row's multi-index and columns `col..col + take` are inside
                    // the layout, whose elements are readable for 'a.
                    *v = unsafe { self.ptr.offset(base + j as isize * stride).read() };
                }
            }
            done += take;
            col = 0;
            // Next row: the odometer over the outer dimensions.
            for d in (0..outer).rev() {
                let (Some(i), Some(&n), Some(&s)) =
                    (index.get_mut(d), shape.get(d), strides.get(d))
                else {
                    break;
                };
                *i += 1;
                row_off += s;
                if *i < n {
                    break;
                }
                *i = 0;
                row_off -= s * n as isize;
            }
        }
    }
}

impl<'a, T: Copy> LaneMut<'a, T> {
    /// A one-dimensional output lane of `len` elements, `stride` elements apart, from `ptr`.
    ///
    /// # Safety
    /// Every element must be a distinct, writable `T` for `'a`, read or written by no other
    /// lane of the call except an input lane of the very same elements (in place; then
    /// `borrowable` is false for both).
    #[inline(always)]
    pub(crate) unsafe fn from_raw_parts(
        ptr: *mut T,
        len: usize,
        stride: isize,
        borrowable: bool,
    ) -> Self {
        LaneMut {
            raw: RawLane {
                ptr: ptr.cast(),
                len,
                stride,
                borrowable,
            },
            marker: PhantomData,
        }
    }

    /// Elements in the lane.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.raw.len
    }

    /// Whether the lane is empty.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.raw.len == 0
    }

    /// Whether [`contiguous`](Self::contiguous) would give a slice.
    #[inline(always)]
    pub fn is_contiguous(&self) -> bool {
        self.raw.contiguous()
    }

    /// The lane as a slice, when its elements are consecutive and no other lane reads them.
    #[inline(always)]
    pub fn contiguous(&mut self) -> Option<&mut [T]> {
        if !self.raw.contiguous() {
            return None;
        }
        if self.raw.len == 0 {
            return Some(&mut []);
        }
        // SAFETY: `len` consecutive writable `T`s, used by no other lane (`borrowable`), and
        // borrowed through `&mut self`.
        Some(unsafe { core::slice::from_raw_parts_mut(self.raw.ptr.cast::<T>(), self.raw.len) })
    }

    /// Where a generated loop computes elements `start..start + n`, `n = min(GATHER, len -
    /// start)`: the lane itself when it is contiguous, else the head of `buf`, which
    /// [`write_back`](Self::write_back) then writes to the lane.
    #[inline(always)]
    pub fn piece_mut<'b>(&'b mut self, start: usize, buf: &'b mut [T; GATHER]) -> &'b mut [T] {
        let n = GATHER.min(self.raw.len.saturating_sub(start));
        match self.contiguous() {
            Some(all) => all.get_mut(start..start + n).unwrap_or(&mut []),
            None => head_mut(buf, n),
        }
    }

    /// Writes the piece that [`piece_mut`](Self::piece_mut) put in `buf` for elements from
    /// `start` to the lane; nothing when the lane is contiguous (the piece was computed in
    /// place).
    #[inline(always)]
    pub fn write_back(&mut self, start: usize, buf: &[T; GATHER]) {
        if self.raw.contiguous() {
            return;
        }
        let n = GATHER.min(self.raw.len.saturating_sub(start));
        self.write(start, buf.get(..n).unwrap_or(&[]));
    }

    /// Writes `values` to elements `start..start + values.len()` (which must be inside the
    /// lane; otherwise nothing is written).
    #[inline(always)]
    pub fn write(&mut self, start: usize, values: &[T]) {
        let raw = &self.raw;
        if start
            .checked_add(values.len())
            .is_none_or(|end| end > raw.len)
        {
            return;
        }
        let ptr = raw.ptr.cast::<T>();
        let base = start as isize * raw.stride;
        for (j, &v) in values.iter().enumerate() {
            // SAFETY: `start + j < len`: one of the lane's distinct writable elements.
            unsafe { ptr.offset(base + j as isize * raw.stride).write(v) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_reads_in_row_major_order() {
        let data: Vec<f32> = (0..35).map(|i| i as f32).collect();
        // The transpose of a 5 x 7 row-major matrix: 7 x 5, strides (1, 7).
        let layout = Layout::new(&[7, 5], &[1, 7]);
        // SAFETY: every index reaches one of the 35 elements.
        let flat = unsafe { Flat::from_raw(data.as_ptr(), layout) };
        let mut buf = [0f32; 35];
        flat.read(0, &mut buf);
        let expected: Vec<f32> = (0..7)
            .flat_map(|i| (0..5).map(move |j| (j * 7 + i) as f32))
            .collect();
        assert_eq!(buf.to_vec(), expected);
        let mut part = [0f32; 9];
        flat.read(13, &mut part);
        assert_eq!(part.to_vec(), expected[13..22].to_vec());
    }
}
