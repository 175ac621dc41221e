//! `AnySlice` and `AnySliceMut`: slices of any element type, the stream arguments of calls
//! by name.

use crate::element::{ElemType, Element};
use core::ffi::c_void;
use core::marker::PhantomData;

/// A slice of any element type: an input of
/// [`KernelRef::run_slices`](crate::KernelRef::run_slices) or
/// [`KernelRef::reduce_slices`](crate::KernelRef::reduce_slices). Made with `From`:
/// `(&x).into()` for a slice, array or `Vec` of an [`Element`] type.
///
/// It is a borrowed pointer, a length and an element type, so that a dynamic call reads
/// three fields instead of matching on every element type.
#[derive(Clone, Copy)]
pub struct AnySlice<'a> {
    ptr: *const c_void,
    len: usize,
    elem: ElemType,
    _borrow: PhantomData<&'a [u8]>,
}

// SAFETY: an `AnySlice<'a>` is a `&'a [T]` for an `Element` type `T` (all `Sync`), with the
// type erased; it only allows reading, as the shared reference does, so it may be sent and
// shared like one.
unsafe impl Send for AnySlice<'_> {}
// SAFETY: as for `Send`.
unsafe impl Sync for AnySlice<'_> {}

impl<'a> AnySlice<'a> {
    /// Erases the element type of `s`.
    #[inline]
    pub fn new<T: Element>(s: &'a [T]) -> AnySlice<'a> {
        AnySlice {
            ptr: s.as_ptr().cast(),
            len: s.len(),
            elem: T::TYPE,
            _borrow: PhantomData,
        }
    }

    /// The first element, as an untyped pointer valid for `len` elements of `elem_type`
    /// for `'a`.
    #[inline]
    pub(crate) fn as_ptr(&self) -> *const c_void {
        self.ptr
    }
}

/// A mutable slice of any element type: an output of
/// [`KernelRef::run_slices`](crate::KernelRef::run_slices). Made with `From`:
/// `(&mut out).into()` for a slice, array or `Vec` of an [`Element`] type.
pub struct AnySliceMut<'a> {
    ptr: *mut c_void,
    len: usize,
    elem: ElemType,
    _borrow: PhantomData<&'a mut [u8]>,
}

// SAFETY: an `AnySliceMut<'a>` is a `&'a mut [T]` for an `Element` type `T` (all `Send` and
// `Sync`), with the type erased; it grants what the exclusive reference grants, so it may be
// sent and shared like one.
unsafe impl Send for AnySliceMut<'_> {}
// SAFETY: as for `Send`; through `&AnySliceMut` nothing can be written.
unsafe impl Sync for AnySliceMut<'_> {}

impl<'a> AnySliceMut<'a> {
    /// Erases the element type of `s`.
    #[inline]
    pub fn new<T: Element>(s: &'a mut [T]) -> AnySliceMut<'a> {
        AnySliceMut {
            ptr: s.as_mut_ptr().cast(),
            len: s.len(),
            elem: T::TYPE,
            _borrow: PhantomData,
        }
    }

    /// The first element, as an untyped pointer valid for writing `len` elements of
    /// `elem_type` for `'a`, exclusively.
    #[inline]
    pub(crate) fn as_mut_ptr(&mut self) -> *mut c_void {
        self.ptr
    }
}

/// The accessors and `Debug` the two erased slices share.
macro_rules! erased_slice {
    ($($name:ident),*) => {$(
        impl $name<'_> {
            /// The element type.
            #[inline]
            pub fn elem_type(&self) -> ElemType {
                self.elem
            }

            /// Number of elements.
            #[inline]
            pub fn len(&self) -> usize {
                self.len
            }

            /// Whether the slice is empty.
            #[inline]
            pub fn is_empty(&self) -> bool {
                self.len == 0
            }
        }

        impl core::fmt::Debug for $name<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                write!(f, concat!(stringify!($name), "<{}>(len {})"), self.elem, self.len)
            }
        }
    )*};
}

erased_slice!(AnySlice, AnySliceMut);
