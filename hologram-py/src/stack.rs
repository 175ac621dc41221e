//! [`Stack`]: up to `N` values on the stack, of which only those pushed are ever written or
//! read, so that an inner loop pays for the operands it has, not for `MAX_STREAMS` of them.

use core::mem::MaybeUninit;

/// Up to `N` values of `T`; a push past `N` is dropped (callers push at most the counts of a
/// descriptor the runtime checked against `MAX_STREAMS`).
///
/// `repr(C)` with the length first: with it after the array, LLVM merged the store of the
/// length with the uninitialised array into one `memset` of the whole (seen in callgrind:
/// 264 bytes for the uniforms, 784 for the streams, each call).
#[repr(C)]
pub(crate) struct Stack<T: Copy, const N: usize> {
    len: usize,
    items: MaybeUninit<[T; N]>,
}

impl<T: Copy, const N: usize> Stack<T, N> {
    /// An empty stack; nothing is written.
    #[inline(always)]
    pub(crate) fn new() -> Self {
        Stack {
            len: 0,
            items: MaybeUninit::uninit(),
        }
    }

    /// Appends `value`, unless the stack is full.
    #[inline(always)]
    pub(crate) fn push(&mut self, value: T) {
        if self.len < N {
            // SAFETY: `len < N`, so the slot is inside the array; writing through a raw
            // pointer makes no reference to the uninitialised rest.
            unsafe {
                self.items
                    .as_mut_ptr()
                    .cast::<T>()
                    .add(self.len)
                    .write(value)
            };
            self.len += 1;
        }
    }

    /// The values pushed, in order.
    #[inline(always)]
    pub(crate) fn as_slice(&self) -> &[T] {
        // SAFETY: the first `len` items were written by `push` (`len <= N`); an array of `T`
        // is laid out as `T`s one after another.
        unsafe { core::slice::from_raw_parts(self.items.as_ptr().cast::<T>(), self.len) }
    }
}
