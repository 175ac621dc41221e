//! In-place calls on arrays: the two roles of one exclusively borrowed array, the input its
//! output overwrites and that output, for `arrays_into_{input}` of a `#[kernel]`.
//!
//! ```
//! # extern crate hologram_runtime as hologram;
//! use hologram::{kernel, View, ViewMut};
//!
//! #[kernel]
//! fn saxpy(#[uniform] a: f32, x: f32, y: f32) -> f32 {
//!     a * x + y
//! }
//!
//! fn main() -> Result<(), hologram::Error> {
//!     let x = [1.0f32, 2.0, 3.0];
//!     let mut y = [10.0f32, 20.0, 30.0, 40.0, 50.0, 60.0];
//!     // Every other element of y, overwritten with 2 x + y.
//!     saxpy::arrays_into_y(2.0, &x, ViewMut::strided(&mut y, 0, &[3], &[2])?)?;
//!     assert_eq!(y, [12.0, 20.0, 34.0, 40.0, 56.0, 60.0]);
//!     Ok(())
//! }
//! ```

use super::lane::{Lane, LaneMut};
use super::view::{View, ViewMut};
use super::walk::{ArrayList, ArrayStreams, Cursor, Walk, sealed};
use crate::element::Element;

/// The input side of an array an in-place call reads and overwrites. It has no accessor: a
/// call reads it only through lanes that are never borrowed as slices, so the output side
/// may write the same elements. Made by [`in_place`].
#[derive(Debug)]
pub struct InPlaceIn<'a, T: Element>(View<'a, T>);

/// The output side of the array, made with its [`InPlaceIn`] by [`in_place`]; its lanes are
/// never borrowed as slices either.
#[derive(Debug)]
pub struct InPlaceOut<'a, T: Element>(ViewMut<'a, T>);

/// Splits an exclusively borrowed array into the input and output sides of an in-place call.
pub fn in_place<T: Element>(array: ViewMut<'_, T>) -> (InPlaceIn<'_, T>, InPlaceOut<'_, T>) {
    // SAFETY: the view reaches the elements of `array`, which is borrowed exclusively for
    // 'a. Both sides are only ever read and written through lanes made with `borrowable`
    // false (below), which copy elements in and out through raw pointers and never make a
    // reference to them, so the writes of one side cannot invalidate a borrow of the other.
    let input = unsafe { View::from_raw(array.as_mut_ptr().cast_const(), *array.layout()) };
    (InPlaceIn(input), InPlaceOut(array))
}

impl<T: Element> sealed::Sealed for InPlaceIn<'_, T> {}
impl<T: Element> sealed::Sealed for InPlaceOut<'_, T> {}

impl<'a, T: Element> ArrayStreams for InPlaceIn<'a, T> {
    type Lanes = Lane<'a, T>;
    type Flats = ();
    fn describe(&self, list: &mut ArrayList) {
        self.0.describe(list);
    }
    #[inline(always)]
    unsafe fn lanes(walk: &Walk, cursor: &mut Cursor) -> Lane<'a, T> {
        let (ptr, stride) = walk.run_start(cursor);
        // SAFETY: the walk was made from this view (our caller's contract), so the run's
        // elements are readable elements of it for 'a; the lane is not borrowable, so it is
        // only read by copies, never through a reference the output side could invalidate.
        unsafe { Lane::from_raw_parts(ptr.cast::<T>(), cursor.take, stride, false) }
    }
    unsafe fn flats(_: &ArrayList, at: &mut usize) {
        *at += 1;
    }
}

impl<'a, T: Element> ArrayStreams for InPlaceOut<'a, T> {
    type Lanes = LaneMut<'a, T>;
    type Flats = ();
    fn describe(&self, list: &mut ArrayList) {
        self.0.describe(list);
    }
    #[inline(always)]
    unsafe fn lanes(walk: &Walk, cursor: &mut Cursor) -> LaneMut<'a, T> {
        let (ptr, stride) = walk.run_start(cursor);
        // SAFETY: the run's elements are distinct elements of this exclusively borrowed view,
        // and runs of one walk do not overlap; the lane is not borrowable, so it is written
        // by copies only, and the input side's lane of the same run reads its elements
        // before they are written (the generated lane loop reads every input piece first).
        unsafe { LaneMut::from_raw_parts(ptr.cast::<T>(), cursor.take, stride, false) }
    }
    unsafe fn flats(_: &ArrayList, at: &mut usize) {
        *at += 1;
    }
}

/// Keeps [`OverwriteArray`] to the impl here.
mod seal {
    pub trait Sealed<In, Out> {}
}

/// An array of elements `In` that an in-place call reads as an input and overwrites with an
/// output of type `Out`: anything that converts into a [`ViewMut`]`<T>` (a `&mut [T]`, a
/// `&mut Vec<T>`, an ndarray `&mut Array` or `ArrayViewMut`), only when `In` and `Out` are
/// both `T`. Sealed.
#[diagnostic::on_unimplemented(
    message = "an in-place call writes its output (`{Out}`) over this input (`{In}`), so both must be one type",
    label = "this input is overwritten by the kernel's first output",
    note = "pass an array of `{Out}` here, or call `arrays` with an output of its own"
)]
pub trait OverwriteArray<'a, In: Element, Out>: seal::Sealed<In, Out> {
    /// The array, read and then written.
    fn into_view_mut(self) -> ViewMut<'a, In>;
}

impl<'a, T: Element, V: Into<ViewMut<'a, T>>> seal::Sealed<T, T> for V {}
impl<'a, T: Element, V: Into<ViewMut<'a, T>>> OverwriteArray<'a, T, T> for V {
    #[inline(always)]
    fn into_view_mut(self) -> ViewMut<'a, T> {
        self.into()
    }
}
