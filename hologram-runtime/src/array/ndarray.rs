//! Views of ndarray arrays (the `ndarray` feature, on by default): `&ArrayBase`,
//! `&mut ArrayBase`, `ArrayView`, `ArrayViewMut` and `&ArrayRef` of any dimension convert
//! into [`View`] and [`ViewMut`] without copying.
//!
//! ```
//! # extern crate hologram_runtime as hologram;
//! use hologram::stdlib;
//! use ndarray::{Array1, Array2};
//!
//! let x = Array2::<f32>::ones((4, 3));
//! let bias = Array1::from(vec![1.0f32, 2.0, 3.0]);
//! let mut y = Array2::<f32>::zeros((4, 3));
//! stdlib::add::arrays(&x, &bias, &mut y)?;
//! assert_eq!(y.row(3).to_vec(), [2.0, 3.0, 4.0]);
//! // A transposed view and a reversed output, any strides.
//! stdlib::add::arrays(x.t(), x.t(), y.view_mut().reversed_axes())?;
//! assert_eq!(y[[0, 0]], 2.0);
//! # Ok::<(), hologram::Error>(())
//! ```

use super::layout::Layout;
use super::view::{View, ViewMut};
use crate::element::Element;
use ndarray::{ArrayBase, ArrayRef, ArrayView, ArrayViewMut, Data, DataMut, Dimension};

impl<'a, A: Element, D: Dimension> From<&'a ArrayRef<A, D>> for View<'a, A> {
    fn from(array: &'a ArrayRef<A, D>) -> Self {
        let layout = Layout::new(array.shape(), array.strides());
        // SAFETY: ndarray guarantees that every index of the array's shape and strides
        // reaches an element of its data, readable while it is borrowed for 'a, and a
        // shared borrow keeps anyone from writing it.
        unsafe { View::from_raw(array.as_ptr(), layout) }
    }
}

impl<'a, A: Element, S: Data<Elem = A>, D: Dimension> From<&'a ArrayBase<S, D>> for View<'a, A> {
    fn from(array: &'a ArrayBase<S, D>) -> Self {
        View::from(&**array)
    }
}

impl<'a, A: Element, D: Dimension> From<ArrayView<'a, A, D>> for View<'a, A> {
    fn from(array: ArrayView<'a, A, D>) -> Self {
        let layout = Layout::new(array.shape(), array.strides());
        // SAFETY: an `ArrayView<'a>` is a shared borrow of its elements for 'a: every index
        // reaches one, and nobody writes them during 'a.
        unsafe { View::from_raw(array.as_ptr(), layout) }
    }
}

impl<'a, A: Element, D: Dimension> From<&'a mut ArrayRef<A, D>> for ViewMut<'a, A> {
    fn from(array: &'a mut ArrayRef<A, D>) -> Self {
        let layout = Layout::new(array.shape(), array.strides());
        // SAFETY: ndarray guarantees that the indices of a mutably borrowable array reach
        // distinct elements of its data (it refuses overlapping strides for mutable
        // arrays), and the exclusive borrow for 'a keeps anyone else from them.
        unsafe { ViewMut::from_raw(array.as_mut_ptr(), layout) }
    }
}

impl<'a, A: Element, S: DataMut<Elem = A>, D: Dimension> From<&'a mut ArrayBase<S, D>>
    for ViewMut<'a, A>
{
    fn from(array: &'a mut ArrayBase<S, D>) -> Self {
        ViewMut::from(&mut **array)
    }
}

impl<'a, A: Element, D: Dimension> From<ArrayViewMut<'a, A, D>> for ViewMut<'a, A> {
    fn from(mut array: ArrayViewMut<'a, A, D>) -> Self {
        let layout = Layout::new(array.shape(), array.strides());
        let ptr = array.as_mut_ptr();
        // SAFETY: an `ArrayViewMut<'a>` is an exclusive borrow of distinct elements for 'a;
        // moving it in hands that borrow over.
        unsafe { ViewMut::from_raw(ptr, layout) }
    }
}
