//! [`AnyView`] and [`AnyViewMut`]: arrays of any element type, the arguments of array calls
//! by name.

use super::layout::Layout;
use super::view::{View, ViewMut};
use super::walk::RawArray;
use crate::element::{ElemType, Element};
use core::marker::PhantomData;

/// A read-only array of any element type: an input of
/// [`KernelRef::run_arrays`](crate::KernelRef::run_arrays) and the other array calls by
/// name. Made with `From` from anything a [`View`] is made from.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::{AnyView, ElemType};
///
/// let x = ndarray::Array2::<f64>::zeros((2, 3));
/// let v: AnyView = x.t().into();
/// assert_eq!((v.elem_type(), v.shape()), (ElemType::F64, &[3, 2][..]));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct AnyView<'a> {
    elem: ElemType,
    ptr: *const u8,
    layout: Layout,
    marker: PhantomData<&'a [u8]>,
}

/// A writable array of any element type: an output of
/// [`KernelRef::run_arrays`](crate::KernelRef::run_arrays),
/// [`run_along`](crate::KernelRef::run_along) and
/// [`reduce_along`](crate::KernelRef::reduce_along). Made with `From` from anything a
/// [`ViewMut`] is made from.
#[derive(Debug)]
pub struct AnyViewMut<'a> {
    elem: ElemType,
    ptr: *mut u8,
    layout: Layout,
    marker: PhantomData<&'a mut [u8]>,
}

// SAFETY: an `AnyView<'a>` is a `View<'a, T>` of an `Element` type (all `Sync`) with the
// type erased; it only reads, so it is sent and shared as a shared borrow is.
unsafe impl Send for AnyView<'_> {}
// SAFETY: as above.
unsafe impl Sync for AnyView<'_> {}
// SAFETY: an `AnyViewMut<'a>` is a `ViewMut<'a, T>` of an `Element` type (all `Send` and
// `Sync`); it is sent as the exclusive borrow is, and `&AnyViewMut` allows no access.
unsafe impl Send for AnyViewMut<'_> {}
// SAFETY: as above.
unsafe impl Sync for AnyViewMut<'_> {}

impl<'a> AnyView<'a> {
    /// Erases the element type of `view`.
    pub fn new<T: Element>(view: impl Into<View<'a, T>>) -> AnyView<'a> {
        let view = view.into();
        AnyView {
            elem: T::TYPE,
            ptr: view.as_ptr().cast(),
            layout: *view.layout(),
            marker: PhantomData,
        }
    }

    /// The element type.
    pub fn elem_type(&self) -> ElemType {
        self.elem
    }

    /// The shape.
    pub fn shape(&self) -> &[usize] {
        self.layout.shape()
    }

    /// The array for a walk.
    pub(crate) fn raw(&self) -> RawArray {
        RawArray {
            ptr: self.ptr.cast_mut(),
            size: self.elem.size(),
            layout: self.layout,
            output: false,
        }
    }
}

impl<'a> AnyViewMut<'a> {
    /// Erases the element type of `view`.
    pub fn new<T: Element>(view: impl Into<ViewMut<'a, T>>) -> AnyViewMut<'a> {
        let view = view.into();
        AnyViewMut {
            elem: T::TYPE,
            ptr: view.as_mut_ptr().cast(),
            layout: *view.layout(),
            marker: PhantomData,
        }
    }

    /// The element type.
    pub fn elem_type(&self) -> ElemType {
        self.elem
    }

    /// The shape.
    pub fn shape(&self) -> &[usize] {
        self.layout.shape()
    }

    /// The array for a walk.
    pub(crate) fn raw(&self) -> RawArray {
        RawArray {
            ptr: self.ptr,
            size: self.elem.size(),
            layout: self.layout,
            output: true,
        }
    }
}

impl<'a, T: Element> From<View<'a, T>> for AnyView<'a> {
    fn from(view: View<'a, T>) -> Self {
        AnyView::new(view)
    }
}

impl<'a, T: Element> From<&'a [T]> for AnyView<'a> {
    fn from(data: &'a [T]) -> Self {
        AnyView::new(data)
    }
}

impl<'a, T: Element, const N: usize> From<&'a [T; N]> for AnyView<'a> {
    fn from(data: &'a [T; N]) -> Self {
        AnyView::new(data)
    }
}

impl<'a, T: Element> From<&'a Vec<T>> for AnyView<'a> {
    fn from(data: &'a Vec<T>) -> Self {
        AnyView::new(data)
    }
}

impl<'a, T: Element> From<ViewMut<'a, T>> for AnyViewMut<'a> {
    fn from(view: ViewMut<'a, T>) -> Self {
        AnyViewMut::new(view)
    }
}

impl<'a, T: Element> From<&'a mut [T]> for AnyViewMut<'a> {
    fn from(data: &'a mut [T]) -> Self {
        AnyViewMut::new(data)
    }
}

impl<'a, T: Element, const N: usize> From<&'a mut [T; N]> for AnyViewMut<'a> {
    fn from(data: &'a mut [T; N]) -> Self {
        AnyViewMut::new(data)
    }
}

impl<'a, T: Element> From<&'a mut Vec<T>> for AnyViewMut<'a> {
    fn from(data: &'a mut Vec<T>) -> Self {
        AnyViewMut::new(data)
    }
}

#[cfg(feature = "ndarray")]
mod ndarray_views {
    use super::{AnyView, AnyViewMut};
    use crate::element::Element;
    use ndarray::{ArrayBase, ArrayView, ArrayViewMut, Data, DataMut, Dimension};

    impl<'a, A: Element, S: Data<Elem = A>, D: Dimension> From<&'a ArrayBase<S, D>> for AnyView<'a> {
        fn from(array: &'a ArrayBase<S, D>) -> Self {
            AnyView::new(array)
        }
    }

    impl<'a, A: Element, D: Dimension> From<ArrayView<'a, A, D>> for AnyView<'a> {
        fn from(array: ArrayView<'a, A, D>) -> Self {
            AnyView::new(array)
        }
    }

    impl<'a, A: Element, S: DataMut<Elem = A>, D: Dimension> From<&'a mut ArrayBase<S, D>>
        for AnyViewMut<'a>
    {
        fn from(array: &'a mut ArrayBase<S, D>) -> Self {
            AnyViewMut::new(array)
        }
    }

    impl<'a, A: Element, D: Dimension> From<ArrayViewMut<'a, A, D>> for AnyViewMut<'a> {
        fn from(array: ArrayViewMut<'a, A, D>) -> Self {
            AnyViewMut::new(array)
        }
    }
}
