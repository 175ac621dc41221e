//! Splitting the streams of one elementwise call into contiguous pieces, one per thread
//! (`crate::threads`), with one driver ([`drive`]) for every kind of call. Generated
//! `slices` and `run` pass their streams as a tuple, calls by name their frame of pointers;
//! every stream is cut at the same index, at a multiple of `LANES` elements.

use crate::abi::MAX_STREAMS;
use crate::fold::LANES;
use crate::threads::{PROBE, may_split, probe_pieces};
use core::cell::Cell;

/// The streams of one call, as slices of equal length, that can be cut at one index. A
/// tuple's length is the least of its members' (they are equal in a checked call).
pub trait Split: Sized + Send {
    /// Elements in each stream.
    fn stream_len(&self) -> usize;
    /// The streams before `mid` and from `mid` on.
    fn split_at(self, mid: usize) -> (Self, Self);
}

impl<T: Sync> Split for &[T] {
    #[inline(always)]
    fn stream_len(&self) -> usize {
        <[T]>::len(self)
    }
    #[inline(always)]
    fn split_at(self, mid: usize) -> (Self, Self) {
        <[T]>::split_at(self, mid)
    }
}

impl<T: Send> Split for &mut [T] {
    #[inline(always)]
    fn stream_len(&self) -> usize {
        <[T]>::len(self)
    }
    #[inline(always)]
    fn split_at(self, mid: usize) -> (Self, Self) {
        <[T]>::split_at_mut(self, mid)
    }
}

/// Keeps [`SplitCells`] to the impls here, which `AcrossThreads`' `Send` relies on.
mod sealed {
    pub trait Sealed {}
}

/// The streams of one call on class memory, as cells of equal length. Sealed: implemented
/// for `&[Cell<T>]` and tuples of them only.
pub trait SplitCells: Sized + sealed::Sealed {
    /// Elements in each stream.
    fn stream_len(&self) -> usize;
    /// The streams before `mid` and from `mid` on.
    fn split_at(self, mid: usize) -> (Self, Self);
    /// Adds the address range of every stream to `spans`.
    fn spans(&self, spans: &mut Spans);
}

impl<T: Copy + Send> sealed::Sealed for &[Cell<T>] {}

impl<T: Copy + Send> SplitCells for &[Cell<T>] {
    #[inline(always)]
    fn stream_len(&self) -> usize {
        <[Cell<T>]>::len(self)
    }
    #[inline(always)]
    fn split_at(self, mid: usize) -> (Self, Self) {
        <[Cell<T>]>::split_at(self, mid)
    }
    fn spans(&self, spans: &mut Spans) {
        let range = self.as_ptr_range();
        spans.push(range.start as usize, range.end as usize);
    }
}

/// The address ranges of a call's streams: at most two groups of `MAX_STREAMS`.
#[derive(Default)]
pub struct Spans {
    spans: [(usize, usize); 2 * MAX_STREAMS],
    count: usize,
    overflowed: bool,
}

impl Spans {
    fn push(&mut self, start: usize, end: usize) {
        match self.spans.get_mut(self.count) {
            Some(slot) => {
                *slot = (start, end);
                self.count += 1;
            }
            None => self.overflowed = true,
        }
    }

    /// Whether every two ranges are the same or share no byte. Cutting all streams at one
    /// index then gives pieces that share no memory with each other.
    fn same_or_disjoint(&self) -> bool {
        let spans = self.spans.get(..self.count).unwrap_or(&[]);
        !self.overflowed
            && spans.iter().enumerate().all(|(i, a)| {
                spans
                    .iter()
                    .skip(i + 1)
                    .all(|b| a == b || a.1 <= b.0 || b.1 <= a.0)
            })
    }
}

/// No streams: a kernel without inputs has an empty group of them. Its length is
/// `usize::MAX`, so that a tuple's length, the least of its members', is the others'.
impl Split for () {
    #[inline(always)]
    fn stream_len(&self) -> usize {
        usize::MAX
    }
    #[inline(always)]
    fn split_at(self, _: usize) -> (Self, Self) {
        ((), ())
    }
}

impl sealed::Sealed for () {}

impl SplitCells for () {
    #[inline(always)]
    fn stream_len(&self) -> usize {
        usize::MAX
    }
    #[inline(always)]
    fn split_at(self, _: usize) -> (Self, Self) {
        ((), ())
    }
    fn spans(&self, _: &mut Spans) {}
}

/// The index of a call's first element, carried with its streams so that each piece of a
/// split call knows where it starts: the `#[index]` of a kernel. Cut at `mid`, the second
/// part starts `mid` further on. It constrains no length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexBase(pub u64);

impl Split for IndexBase {
    #[inline(always)]
    fn stream_len(&self) -> usize {
        usize::MAX
    }
    #[inline(always)]
    fn split_at(self, mid: usize) -> (Self, Self) {
        (self, IndexBase(self.0.wrapping_add(mid as u64)))
    }
}

impl sealed::Sealed for IndexBase {}

impl SplitCells for IndexBase {
    #[inline(always)]
    fn stream_len(&self) -> usize {
        usize::MAX
    }
    #[inline(always)]
    fn split_at(self, mid: usize) -> (Self, Self) {
        Split::split_at(self, mid)
    }
    fn spans(&self, _: &mut Spans) {}
}

macro_rules! tuples {
    ($(($($s:ident $i:tt),+))*) => {$(
        impl<$($s: Split),+> Split for ($($s,)+) {
            #[inline(always)]
            fn stream_len(&self) -> usize {
                usize::MAX $(.min(Split::stream_len(&self.$i)))+
            }
            #[inline(always)]
            #[allow(non_snake_case)]
            fn split_at(self, mid: usize) -> (Self, Self) {
                $(let $s = Split::split_at(self.$i, mid);)+
                (($($s.0,)+), ($($s.1,)+))
            }
        }

        impl<$($s: SplitCells),+> sealed::Sealed for ($($s,)+) {}

        impl<$($s: SplitCells),+> SplitCells for ($($s,)+) {
            #[inline(always)]
            fn stream_len(&self) -> usize {
                usize::MAX $(.min(SplitCells::stream_len(&self.$i)))+
            }
            #[inline(always)]
            #[allow(non_snake_case)]
            fn split_at(self, mid: usize) -> (Self, Self) {
                $(let $s = SplitCells::split_at(self.$i, mid);)+
                (($($s.0,)+), ($($s.1,)+))
            }
            fn spans(&self, spans: &mut Spans) {
                $(self.$i.spans(spans);)+
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

/// Where a run of `len` elements split into `pieces` cuts its first `left` pieces off: a
/// multiple of `LANES`, so that every piece but the last walks whole chunks.
#[inline]
fn cut(len: usize, pieces: usize, left: usize) -> usize {
    (len / pieces * left) / LANES * LANES
}

/// What running a body on a piece of streams gives: nothing, or a result whose first failure
/// in stream order is the call's.
pub trait Outcome: Send {
    /// The outcome of no work: success.
    fn success() -> Self;
    /// Whether the piece failed, so that the rest of the call need not run.
    fn failed(&self) -> bool;
    /// The outcome of two neighbouring pieces, `self` first.
    fn and(self, later: Self) -> Self;
}

impl Outcome for () {
    #[inline(always)]
    fn success() {}
    #[inline(always)]
    fn failed(&self) -> bool {
        false
    }
    #[inline(always)]
    fn and(self, _: ()) {}
}

impl<E: Send> Outcome for Result<(), E> {
    #[inline(always)]
    fn success() -> Self {
        Ok(())
    }
    #[inline(always)]
    fn failed(&self) -> bool {
        self.is_err()
    }
    #[inline(always)]
    fn and(self, later: Self) -> Self {
        self.and(later)
    }
}

/// The one driver of an elementwise call across threads, shared by generated `slices` and
/// `run` and by calls by name: runs `body` on the streams at once when they are short or
/// `threads` is 1; else on a timed probe of the first [`PROBE`] elements and then, when the
/// rest is worth it (`crate::threads`), on contiguous pieces of the rest across threads.
/// `threads` 0 means the default cap.
#[inline(always)]
pub(crate) fn drive<S: Split, O: Outcome>(
    threads: usize,
    streams: S,
    body: &(impl Fn(S) -> O + Sync),
) -> O {
    if may_split(streams.stream_len(), threads) {
        probe_then_split(threads, streams, body)
    } else {
        body(streams)
    }
}

fn probe_then_split<S: Split, O: Outcome>(
    threads: usize,
    streams: S,
    body: &(impl Fn(S) -> O + Sync),
) -> O {
    let (probe, rest) = streams.split_at(PROBE);
    let rest_len = rest.stream_len();
    let (first, pieces) = probe_pieces(threads, PROBE, rest_len, || body(probe));
    if first.failed() {
        return first;
    }
    first.and(split_across(rest, pieces, body))
}

fn split_across<S: Split, O: Outcome>(
    streams: S,
    pieces: usize,
    body: &(impl Fn(S) -> O + Sync),
) -> O {
    if pieces <= 1 {
        return body(streams);
    }
    let left = pieces / 2;
    let mid = cut(streams.stream_len(), pieces, left);
    let (a, b) = streams.split_at(mid);
    let (a, b) = rayon::join(
        || split_across(a, left, body),
        || split_across(b, pieces - left, body),
    );
    a.and(b)
}

/// Runs `body` on the streams of a generated `slices` call, across threads when worth it
/// (the one driver, `drive`).
#[inline(always)]
pub fn for_each_piece<S: Split>(threads: usize, streams: S, body: &(impl Fn(S) + Sync)) {
    drive(threads, streams, body);
}

/// [`for_each_piece`] for streams of cells (a generated `run` call), which may be the same
/// memory (an in-place call). They are split across threads only when every two streams are
/// the same memory or share none; otherwise, or when short, `body` runs on the calling
/// thread.
#[inline(always)]
pub fn for_each_cell_piece<S: SplitCells>(threads: usize, streams: S, body: &(impl Fn(S) + Sync)) {
    if !may_split(streams.stream_len(), threads) {
        return body(streams);
    }
    let mut spans = Spans::default();
    streams.spans(&mut spans);
    if !spans.same_or_disjoint() {
        return body(streams);
    }
    drive(threads, AcrossThreads(streams), &|piece: AcrossThreads<
        S,
    >| { body(piece.0) });
}

/// Cell streams that may go to another thread, once checked to be the same memory or
/// disjoint.
struct AcrossThreads<S>(S);

// SAFETY: `Cell<T>` is `!Sync` because two threads touching one cell race. An
// `AcrossThreads` is only made by `for_each_cell_piece` from streams whose every two members
// are the same memory or share none (`Spans::same_or_disjoint`), and is only ever cut at one
// index for all members (`Split::split_at` below, called by `drive`). So the pieces handed to
// different threads share no memory: no cell is reachable from two threads, and the caller's
// own references to the streams are not used until every piece is done (`rayon::join`
// returns after both halves). The element types are `Copy + Send`, so their values may move
// between threads.
unsafe impl<S: SplitCells> Send for AcrossThreads<S> {}

impl<S: SplitCells> Split for AcrossThreads<S> {
    #[inline(always)]
    fn stream_len(&self) -> usize {
        self.0.stream_len()
    }
    #[inline(always)]
    fn split_at(self, mid: usize) -> (Self, Self) {
        let (a, b) = self.0.split_at(mid);
        (AcrossThreads(a), AcrossThreads(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::threads::PARALLEL_THRESHOLD;

    /// Calls of `body` and whether the streams were split across threads: with the probe,
    /// a split call makes at least 3 calls.
    fn count_calls<S: SplitCells>(streams: S, body: impl Fn(S) + Sync) -> usize {
        let calls = std::sync::atomic::AtomicUsize::new(0);
        for_each_cell_piece(2, streams, &|s| {
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            body(s);
        });
        calls.into_inner()
    }

    #[test]
    fn every_index_is_visited_once() {
        let n = 2 * PARALLEL_THRESHOLD + 37;
        let x: Vec<u32> = (0..n as u32).collect();
        let mut y = vec![0u32; n];
        for_each_piece(4, (&x[..], &mut y[..]), &|(x, y): (&[u32], &mut [u32])| {
            for (a, b) in x.iter().zip(y.iter_mut()) {
                *b += a + 1;
            }
        });
        assert!(y.iter().enumerate().all(|(i, &v)| v == i as u32 + 1));
    }

    #[test]
    fn cells_in_place_split_and_overlap_stays_on_one_thread() {
        // Splits whatever the probe's time; the only test here that depends on splitting.
        crate::threads::set_split_worth(std::time::Duration::ZERO);
        let n = 2 * PARALLEL_THRESHOLD + 5;
        let mut data: Vec<u32> = (0..n as u32).collect();
        let cells = Cell::from_mut(&mut data[..]).as_slice_of_cells();
        let double = |(x, y): (&[Cell<u32>], &[Cell<u32>])| {
            for (a, b) in x.iter().zip(y) {
                b.set(a.get() * 2);
            }
        };
        assert_eq!(count_calls((cells, cells), double), 3); // probe + 2 pieces
        assert!(data.iter().enumerate().all(|(i, &v)| v == 2 * i as u32));

        // Overlapping at an offset: must not split.
        let cells = Cell::from_mut(&mut data[..]).as_slice_of_cells();
        let mut spans = Spans::default();
        (&cells[..n - 1], &cells[1..]).spans(&mut spans);
        assert!(!spans.same_or_disjoint());
        assert_eq!(count_calls((&cells[..n - 1], &cells[1..]), double), 1);
    }
}
