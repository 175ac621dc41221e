//! Type-erased copies between strided arrays and contiguous buffers, for array calls by
//! name: a library kernel gets contiguous streams, read from and written back to the
//! caller's arrays.

use super::layout::MAX_RANK;
use super::walk::RawArray;
use core::cell::RefCell;

/// Copies `count` elements of `size` bytes (1, 4 or 8) from `src`, `stride` elements apart,
/// to consecutive elements at `dst`.
///
/// # Safety
/// The `count` source elements must be readable and the `count * size` bytes at `dst`
/// writable, and the two must not overlap.
#[inline]
pub(crate) unsafe fn gather(
    src: *const u8,
    stride: isize,
    size: usize,
    count: usize,
    dst: *mut u8,
) {
    let step = stride * size as isize;
    for j in 0..count {
        // SAFETY: element `j` of the source and of the destination, both inside what our
        // caller vouched for; unaligned accesses, since a library's streams need not be
        // aligned beyond their element size (and buffers are only byte arrays).
        unsafe { copy_one(src.offset(j as isize * step), dst.add(j * size), size) };
    }
}

/// Copies `count` consecutive elements of `size` bytes from `src` to `dst`, `stride`
/// elements apart.
///
/// # Safety
/// As [`gather`], with the roles swapped.
#[inline]
pub(crate) unsafe fn scatter(
    src: *const u8,
    size: usize,
    count: usize,
    dst: *mut u8,
    stride: isize,
) {
    let step = stride * size as isize;
    for j in 0..count {
        // SAFETY: as in `gather`.
        unsafe { copy_one(src.add(j * size), dst.offset(j as isize * step), size) };
    }
}

/// Copies every element of `array`, in row-major order, to consecutive elements at `dst`.
///
/// # Safety
/// Every index of the array's layout must reach a readable element, and `dst` must have
/// room for all of them, overlapping none.
pub(crate) unsafe fn gather_flat(array: &RawArray, dst: *mut u8) {
    let (shape, strides) = (array.layout.shape(), array.layout.strides());
    if shape.contains(&0) {
        return;
    }
    let (Some(&inner), Some(&stride)) = (shape.last(), strides.last()) else {
        // SAFETY: rank 0: one element at `ptr`.
        unsafe { copy_one(array.ptr, dst, array.size) };
        return;
    };
    let outer = shape.len() - 1;
    let mut index = [0usize; MAX_RANK];
    let mut row = 0isize;
    let mut out = dst;
    loop {
        // SAFETY: row `index` of the array, `inner` elements `stride` apart; `out` has room
        // for the rest of the elements.
        unsafe {
            gather(
                array.ptr.offset(row * array.size as isize),
                stride,
                array.size,
                inner,
                out,
            );
            out = out.add(inner * array.size);
        }
        let mut d = outer;
        loop {
            if d == 0 {
                return;
            }
            d -= 1;
            let (Some(i), Some(&n), Some(&s)) = (index.get_mut(d), shape.get(d), strides.get(d))
            else {
                return;
            };
            *i += 1;
            row += s;
            if *i < n {
                break;
            }
            *i = 0;
            row -= s * n as isize;
        }
    }
}

/// Copies one element of `size` bytes.
///
/// # Safety
/// `src` readable and `dst` writable for `size` bytes.
#[inline(always)]
pub(crate) unsafe fn copy_one(src: *const u8, dst: *mut u8, size: usize) {
    // SAFETY: our caller's contract; unaligned reads and writes of the element's width.
    unsafe {
        match size {
            8 => dst
                .cast::<u64>()
                .write_unaligned(src.cast::<u64>().read_unaligned()),
            4 => dst
                .cast::<u32>()
                .write_unaligned(src.cast::<u32>().read_unaligned()),
            _ => core::ptr::copy_nonoverlapping(src, dst, size),
        }
    }
}

thread_local! {
    /// Each thread's buffer for array calls by name, in 8-byte words so that any element
    /// type is aligned in it; grown to the largest call seen on the thread and kept.
    static SCRATCH: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with a pointer to at least `bytes` writable, 8-byte aligned bytes of this
/// thread's scratch buffer. Only a call longer than any before it on the thread allocates.
pub(crate) fn with_scratch<R>(bytes: usize, f: impl FnOnce(*mut u8) -> R) -> R {
    let words = bytes.div_ceil(8);
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buf) => {
            if buf.len() < words {
                buf.resize(words, 0);
            }
            f(buf.as_mut_ptr().cast())
        }
        // Only a kernel that makes an array call by name from inside one could get here.
        Err(_) => f(vec![0u64; words].as_mut_ptr().cast()),
    })
}
