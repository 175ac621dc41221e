//! Class memory: one zeroed, 64-byte-aligned arena, allocated once.
//!
//! This is the only module of the runtime that allocates raw memory or turns pointers into
//! slices. Every accessor is a safe method that checks its byte range against the arena before
//! it touches memory, so the executor's bookkeeping (in `executor.rs`) needs no `unsafe` at
//! all: a bookkeeping bug there can make an accessor panic, never cause undefined behaviour.
//!
//! The accessors hand out slices of [`Element`] types only. The arena is zeroed when it is
//! allocated and every later write stores an `Element`, so every byte is always initialized.
//! Every bit pattern is a valid value of every `Element` type but `bool` (whose byte must be 0
//! or 1), and zero bytes are a valid value of all of them (the trait is sealed on that
//! promise). The executor zeroes a buffer's classes when it allocates them, and a buffer's
//! bytes are then only written as its own type (a `Buffer<T>` handle carries `T`; an in-place
//! call pairs an output with an input of the same buffer, so of the same type; a library
//! kernel writes its declared output type, which the ABI's contract makes 0 or 1 for `bool`).
//! That is what makes reading an aligned, in-bounds range of a buffer as its type sound.

use core::alloc::Layout;
use core::cell::Cell;
use core::marker::PhantomData;
use core::ops::Range;
use core::ptr::NonNull;

use crate::element::Element;

/// Alignment of the arena, and so of every class whose size is a multiple of it: one cache
/// line, and enough for any SIMD vector up to AVX-512.
pub(crate) const CLASS_ALIGN: usize = 64;

/// The arena: `layout.size()` zeroed-at-birth bytes at `ptr`, aligned to [`CLASS_ALIGN`].
///
/// Classes are laid out back to back. With the default class size of 12,288 bytes (3 × 4 KiB)
/// every class starts at the same offset modulo 4 KiB, so buffers streamed together share
/// L1 cache sets and can suffer 4K aliasing between loads and stores. Staggering the classes
/// (e.g. padding each by one cache line) would avoid that; it is not done yet, measure first.
pub(crate) struct ClassMemory {
    ptr: NonNull<u8>,
    layout: Layout,
}

// SAFETY: `ClassMemory` owns its allocation exclusively, like a `Box<[u8]>`: no other value
// holds `ptr`, and the allocation is not tied to the thread that made it. Moving it to another
// thread moves that ownership.
unsafe impl Send for ClassMemory {}

// SAFETY: through `&ClassMemory` the arena can only be read (`len`, `slice`); every method that
// writes (`zero`, `slice_mut`, `cells`) takes `&mut self`. Shared references on several
// threads therefore only ever read concurrently, which is not a data race.
unsafe impl Sync for ClassMemory {}

impl ClassMemory {
    /// Allocates `bytes` zeroed bytes aligned to [`CLASS_ALIGN`].
    ///
    /// Returns `None` when `bytes` is zero, when it does not make a valid [`Layout`] (more
    /// than `isize::MAX` after rounding), or when the allocator refuses. Never aborts.
    pub(crate) fn zeroed(bytes: usize) -> Option<ClassMemory> {
        if bytes == 0 {
            return None;
        }
        let layout = Layout::from_size_align(bytes, CLASS_ALIGN).ok()?;
        // SAFETY: `layout` has a non-zero size, checked above, as `alloc_zeroed` requires.
        let raw = unsafe { std::alloc::alloc_zeroed(layout) };
        let ptr = NonNull::new(raw)?;
        Some(ClassMemory { ptr, layout })
    }

    /// Size of the arena in bytes.
    pub(crate) fn len(&self) -> usize {
        self.layout.size()
    }

    /// Sets the bytes in `range` to zero.
    ///
    /// # Panics
    /// If `range` is reversed or reaches past the end of the arena.
    pub(crate) fn zero(&mut self, range: Range<usize>) {
        let in_bounds = range.start <= range.end && range.end <= self.len();
        assert!(
            in_bounds,
            "class memory: zero({range:?}) is outside the arena"
        );
        // SAFETY: `range` lies inside the arena (checked above), so the pointer stays inside
        // one live allocation and `range.len()` bytes from it are writable; `&mut self` makes
        // this the only access to the arena while it runs.
        unsafe { self.ptr.add(range.start).write_bytes(0, range.len()) };
    }

    /// The `len` elements of type `T` that start `offset` bytes into the arena.
    ///
    /// # Panics
    /// If the range is not aligned for `T` or not inside the arena (see [`checked_span`]).
    pub(crate) fn slice<T: Element>(&self, offset: usize, len: usize) -> &[T] {
        checked_span::<T>(self.len(), offset, len);
        // SAFETY: `checked_span` proved `len` elements of `T` from `offset` lie inside the
        // arena and are aligned for `T`. The bytes are initialized (zeroed at allocation, only
        // ever overwritten with `Element` values) and hold a valid `T`: any bit pattern is
        // one for every `Element` but `bool`, and a `bool` buffer is zeroed (valid) and then
        // only written as `bool` (see the module docs). The slice borrows `&self`, so nothing can
        // write the arena while it lives: writers need `&mut self`.
        unsafe { core::slice::from_raw_parts(self.ptr.add(offset).cast::<T>().as_ptr(), len) }
    }

    /// The `len` elements of type `T` that start `offset` bytes into the arena, mutably.
    ///
    /// # Panics
    /// If the range is not aligned for `T` or not inside the arena (see [`checked_span`]).
    pub(crate) fn slice_mut<T: Element>(&mut self, offset: usize, len: usize) -> &mut [T] {
        checked_span::<T>(self.len(), offset, len);
        // SAFETY: as in `slice`: in bounds, aligned, initialized, a valid `T`.
        // The slice borrows `&mut self`, so it is the only reference into the arena while it
        // lives, and any value written through it is a valid `T` for later readers.
        unsafe { core::slice::from_raw_parts_mut(self.ptr.add(offset).cast::<T>().as_ptr(), len) }
    }

    /// Exclusive access to the whole arena through views that may alias (see [`Cells`]).
    pub(crate) fn cells(&mut self) -> Cells<'_> {
        Cells {
            ptr: self.ptr,
            len: self.len(),
            _exclusive: PhantomData,
        }
    }
}

impl Drop for ClassMemory {
    fn drop(&mut self) {
        // SAFETY: `ptr` was returned by `alloc_zeroed(self.layout)` in `zeroed`, has not been
        // freed (only `drop` frees it, once), and no borrow of the arena can outlive `self`.
        unsafe { std::alloc::dealloc(self.ptr.as_ptr(), self.layout) };
    }
}

/// The arena, borrowed exclusively for `'a`, handing out `Cell` views that may overlap.
///
/// Any number of views from one `Cells` may be alive together, even of the same bytes: a
/// `&[Cell<T>]` allows shared mutation, so overlapping views are sound as long as no plain
/// `&[T]` or `&mut [T]` of those bytes exists at the same time. `Cells` guarantees that by
/// holding the `&'a mut ClassMemory` it came from for its whole lifetime.
///
/// `Cells` is neither `Send` nor `Sync` (it holds a `NonNull`). That matters: views outlive
/// the `&self` they came from, so if `Cells` could move to another thread, two threads could
/// hold `Cell` views of the same bytes and race.
pub(crate) struct Cells<'a> {
    ptr: NonNull<u8>,
    len: usize,
    _exclusive: PhantomData<&'a mut ClassMemory>,
}

impl<'a> Cells<'a> {
    /// The `len` elements of type `T` that start `offset` bytes into the arena, as cells.
    ///
    /// # Panics
    /// If the range is not aligned for `T` or not inside the arena (see [`checked_span`]).
    #[inline]
    pub(crate) fn get<T: Element>(&self, offset: usize, len: usize) -> &'a [Cell<T>] {
        checked_span::<T>(self.len, offset, len);
        // SAFETY: in bounds and aligned (`checked_span`); `Cell<T>` has the layout of `T`;
        // the bytes are initialized and a valid `T` (see `slice`). The arena is
        // exclusively borrowed for `'a` by this `Cells`, and it only hands out `Cell` views,
        // which may alias each other; `Cells` is `!Send` and `!Sync`, and `Cell<T>` is
        // `!Sync`, so every view stays on this thread. Views of one buffer are of its one
        // type, so a value written through one is valid for the others.
        unsafe { core::slice::from_raw_parts(self.ptr.add(offset).cast::<Cell<T>>().as_ptr(), len) }
    }
}

/// Checks that `len` elements of `T` from byte `offset` are aligned for `T` and lie inside an
/// arena of `arena_len` bytes (which starts [`CLASS_ALIGN`]-aligned).
///
/// # Panics
/// If they do not. The executor only asks for ranges of classes it has validated, so a panic
/// here means its bookkeeping is broken; panicking keeps that from becoming memory unsafety.
#[inline]
fn checked_span<T: Element>(arena_len: usize, offset: usize, len: usize) {
    let end = len
        .checked_mul(size_of::<T>())
        .and_then(|bytes| offset.checked_add(bytes));
    let in_bounds = end.is_some_and(|end| end <= arena_len);
    let aligned = offset.is_multiple_of(align_of::<T>()) && align_of::<T>() <= CLASS_ALIGN;
    assert!(
        in_bounds && aligned,
        "class memory: {len} x {} at byte {offset} is misaligned or outside the {arena_len}-byte arena",
        T::TYPE,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_sized_arena_is_refused() {
        assert!(ClassMemory::zeroed(0).is_none());
    }

    #[test]
    fn oversized_layout_is_refused_not_aborted() {
        assert!(ClassMemory::zeroed(usize::MAX).is_none());
        assert!(ClassMemory::zeroed(isize::MAX as usize).is_none());
    }

    #[test]
    fn arena_is_zeroed_and_aligned() {
        let mem = ClassMemory::zeroed(4096).expect("4 KiB");
        assert_eq!(mem.len(), 4096);
        let all = mem.slice::<u8>(0, 4096);
        assert!(all.iter().all(|&b| b == 0));
        assert_eq!(all.as_ptr() as usize % CLASS_ALIGN, 0);
    }

    #[test]
    fn slices_write_read_and_zero() {
        let mut mem = ClassMemory::zeroed(256).expect("256 bytes");
        mem.slice_mut::<f64>(64, 4)
            .copy_from_slice(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(mem.slice::<f64>(64, 4), &[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(mem.slice::<u8>(0, 64), &[0; 64]);
        mem.zero(64..80);
        assert_eq!(mem.slice::<f64>(64, 4), &[0.0, 0.0, 3.0, 4.0]);
        assert_eq!(mem.slice::<u32>(256, 0), &[] as &[u32]);
    }

    #[test]
    fn cells_may_alias() {
        let mut mem = ClassMemory::zeroed(128).expect("128 bytes");
        let cells = mem.cells();
        let a = cells.get::<u32>(0, 4);
        let b = cells.get::<u32>(0, 4);
        let bytes = cells.get::<u8>(0, 16);
        for (x, y) in a.iter().zip(b) {
            y.set(x.get() + 7);
        }
        assert_eq!(a[3].get(), 7);
        assert_eq!(bytes[12].get(), 7);
        assert_eq!(mem.slice::<u32>(0, 4), &[7, 7, 7, 7]);
    }

    #[test]
    #[should_panic(expected = "outside the 64-byte arena")]
    fn slice_past_end_panics() {
        let mem = ClassMemory::zeroed(64).expect("64 bytes");
        let _ = mem.slice::<u32>(4, 16);
    }

    #[test]
    #[should_panic(expected = "misaligned")]
    fn misaligned_slice_panics() {
        let mut mem = ClassMemory::zeroed(64).expect("64 bytes");
        let _ = mem.slice_mut::<f32>(2, 1);
    }

    #[test]
    #[should_panic(expected = "outside the arena")]
    fn zero_past_end_panics() {
        let mut mem = ClassMemory::zeroed(64).expect("64 bytes");
        mem.zero(32..65);
    }

    #[test]
    #[should_panic(expected = "outside")]
    fn overflowing_cell_range_panics() {
        let mut mem = ClassMemory::zeroed(64).expect("64 bytes");
        let _ = mem.cells().get::<i64>(8, usize::MAX / 4);
    }
}
