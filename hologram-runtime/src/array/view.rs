//! [`View`] and [`ViewMut`]: borrowed n-dimensional arrays with any strides.

use super::layout::{Layout, MAX_RANK};
use crate::element::Element;
use crate::error::Error;
use core::marker::PhantomData;

/// A borrowed, read-only n-dimensional array: a pointer, a shape and signed element strides.
/// A stride of 0 repeats one element along its dimension (a broadcast).
///
/// Made from a slice, a `Vec`, or (with the `ndarray` feature, on by default) any ndarray
/// array or view, and passed to a kernel's `arrays` and `along` functions.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::View;
///
/// let data = [1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0];
/// let v = View::from(&data[..]);
/// assert_eq!(v.shape(), &[6]);
///
/// // The 3 x 2 matrix of `data`, read column by column (its transpose, 2 x 3).
/// let t = View::strided(&data, 0, &[2, 3], &[1, 2])?;
/// assert_eq!(t.shape(), &[2, 3]);
/// assert_eq!(t.get(&[1, 2]), Some(6.0));
/// # Ok::<(), hologram::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct View<'a, T> {
    /// The element at index `[0, 0, ..]`; dangling when the array has no elements.
    ptr: *const T,
    layout: Layout,
    marker: PhantomData<&'a [T]>,
}

/// A borrowed, writable n-dimensional array: a pointer, a shape and signed element strides,
/// with no two indices at the same element.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::ViewMut;
///
/// let mut data = [0.0f32; 6];
/// // Every other element, last first.
/// let mut v = ViewMut::strided(&mut data, 4, &[3], &[-2])?;
/// v.set(&[0], 7.0);
/// assert_eq!(data, [0.0, 0.0, 0.0, 0.0, 7.0, 0.0]);
/// # Ok::<(), hologram::Error>(())
/// ```
pub struct ViewMut<'a, T> {
    /// The element at index `[0, 0, ..]`; dangling when the array has no elements.
    ptr: *mut T,
    layout: Layout,
    marker: PhantomData<&'a mut [T]>,
}

impl<T> core::fmt::Debug for View<'_, T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("View")
            .field("shape", &self.layout.shape())
            .field("strides", &self.layout.strides())
            .finish()
    }
}

impl<T> core::fmt::Debug for ViewMut<'_, T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ViewMut")
            .field("shape", &self.layout.shape())
            .field("strides", &self.layout.strides())
            .finish()
    }
}

// SAFETY: a `View` is a shared borrow of `T`s (`PhantomData<&'a [T]>`); sending or sharing
// it across threads is sending or sharing `&[T]`, which needs `T: Sync`.
unsafe impl<T: Sync> Send for View<'_, T> {}
// SAFETY: as above; a `&View` only reads.
unsafe impl<T: Sync> Sync for View<'_, T> {}
// SAFETY: a `ViewMut` is an exclusive borrow (`PhantomData<&'a mut [T]>`); sending it is
// sending `&mut [T]`, which needs `T: Send`.
unsafe impl<T: Send> Send for ViewMut<'_, T> {}
// SAFETY: a `&ViewMut` only reads (`get`), like `&&mut [T]`, which needs `T: Sync`.
unsafe impl<T: Sync> Sync for ViewMut<'_, T> {}

/// Where `shape`/`strides` starting at element `offset` reach in a buffer of `len`
/// elements: the lowest and highest element offsets, or `None` when the array is empty.
fn extent(offset: usize, shape: &[usize], strides: &[isize]) -> Option<(isize, isize)> {
    if shape.contains(&0) {
        return None;
    }
    let (mut lo, mut hi) = (offset as isize, offset as isize);
    for (&n, &s) in shape.iter().zip(strides) {
        let reach = (n as isize - 1).checked_mul(s)?;
        if reach < 0 {
            lo = lo.checked_add(reach)?;
        } else {
            hi = hi.checked_add(reach)?;
        }
    }
    Some((lo, hi))
}

/// Checks a strided view of a buffer of `len` elements; `writable` also refuses two indices
/// at one element.
fn check_strided(
    len: usize,
    offset: usize,
    shape: &[usize],
    strides: &[isize],
    writable: bool,
) -> Result<Layout, Error> {
    let refuse = |reason: &str| {
        Err(Error::InvalidView {
            shape: shape.to_vec(),
            strides: strides.to_vec(),
            offset,
            len,
            reason: reason.to_owned(),
        })
    };
    if shape.len() != strides.len() {
        return refuse("shape and strides must have the same number of dimensions");
    }
    if shape
        .iter()
        .try_fold(1usize, |a, &n| a.checked_mul(n))
        .is_none_or(|n| n > isize::MAX as usize)
    {
        return refuse("the number of elements overflows");
    }
    if let Some((lo, hi)) = extent(offset, shape, strides)
        && (lo < 0 || hi >= len as isize)
    {
        return refuse("an index reaches outside the data");
    } else if shape.contains(&0) {
        // Empty: any offset up to len is fine.
        if offset > len {
            return refuse("the offset is past the end of the data");
        }
    } else if extent(offset, shape, strides).is_none() {
        return refuse("an index's offset overflows");
    }
    if writable && overlaps(shape, strides) {
        return refuse(
            "two indices reach the same element; a writable view needs every element once (broadcast inputs only)",
        );
    }
    let layout = Layout::new(shape, strides);
    if !layout.fits() {
        return refuse("more dimensions than hologram::MAX_RANK");
    }
    Ok(layout)
}

/// Whether two indices of a non-empty `shape`/`strides` may reach one element: sorted by
/// |stride|, each dimension's stride must step over everything the smaller ones reach (the
/// test ndarray uses; it accepts every layout ndarray and numpy make for distinct elements).
fn overlaps(shape: &[usize], strides: &[isize]) -> bool {
    if shape.contains(&0) {
        return false;
    }
    let mut dims: [(usize, usize); MAX_RANK] = [(1, 0); MAX_RANK];
    let mut k = 0;
    for (&n, &s) in shape.iter().zip(strides) {
        if n > 1 {
            match dims.get_mut(k) {
                Some(d) => *d = (s.unsigned_abs(), n),
                None => return true,
            }
            k += 1;
        }
    }
    let dims = dims.get_mut(..k).unwrap_or(&mut []);
    dims.sort_unstable();
    let mut reach = 0usize;
    for &(s, n) in dims.iter() {
        if s <= reach {
            return true;
        }
        reach = match s.checked_mul(n - 1).and_then(|r| r.checked_add(reach)) {
            Some(r) => r,
            None => return true,
        };
    }
    false
}

/// The element offset of `index` under `layout`, or `None` when out of range.
fn offset_of(layout: &Layout, index: &[usize]) -> Option<isize> {
    if index.len() != layout.rank() {
        return None;
    }
    let mut off = 0isize;
    for ((&i, &n), &s) in index.iter().zip(layout.shape()).zip(layout.strides()) {
        if i >= n {
            return None;
        }
        off += i as isize * s;
    }
    Some(off)
}

macro_rules! view_common {
    () => {
        /// The shape: the extent of every dimension.
        pub fn shape(&self) -> &[usize] {
            self.layout.shape()
        }

        /// The strides, in elements (not bytes), one per dimension.
        pub fn strides(&self) -> &[isize] {
            self.layout.strides()
        }

        /// Number of dimensions.
        pub fn ndim(&self) -> usize {
            self.layout.rank()
        }

        /// Number of elements (the product of the shape).
        pub fn len(&self) -> usize {
            self.layout.elements().unwrap_or(0)
        }

        /// Whether the array has no elements (some dimension is 0).
        pub fn is_empty(&self) -> bool {
            self.len() == 0
        }

        /// The element at `index` (one coordinate per dimension), or `None` when out of
        /// range.
        pub fn get(&self, index: &[usize]) -> Option<T>
        where
            T: Copy,
        {
            let off = offset_of(&self.layout, index)?;
            // SAFETY: `index` is in range, so `ptr + off` is an element the view covers,
            // which its constructor checked lies in the borrowed data, borrowed for 'a.
            Some(unsafe { *self.ptr.offset(off) })
        }

        /// The layout, for the array walk.
        pub(crate) fn layout(&self) -> &Layout {
            &self.layout
        }
    };
}

impl<'a, T: Element> View<'a, T> {
    view_common!();

    /// The view of `shape` and element `strides` over `data`, starting at element `offset`.
    /// A stride may be negative, or 0 to repeat an element.
    ///
    /// # Errors
    /// [`Error::InvalidView`] when an index would reach outside `data`, the shape and
    /// strides differ in length, or there are more than [`MAX_RANK`] dimensions that cannot
    /// be merged.
    pub fn strided(
        data: &'a [T],
        offset: usize,
        shape: &[usize],
        strides: &[isize],
    ) -> Result<Self, Error> {
        let layout = check_strided(data.len(), offset, shape, strides, false)?;
        Ok(View {
            ptr: data.as_ptr().wrapping_add(offset),
            layout,
            marker: PhantomData,
        })
    }

    /// The view of `shape` over `data` in row-major (C) order.
    ///
    /// # Errors
    /// [`Error::InvalidView`] when the shape's element count is not `data.len()`.
    pub fn with_shape(data: &'a [T], shape: &[usize]) -> Result<Self, Error> {
        let mut strides = [0isize; MAX_RANK];
        row_major(shape, &mut strides);
        let strides = strides.get(..shape.len()).unwrap_or(&[]);
        check_len(data.len(), shape, strides)?;
        View::strided(data, 0, shape, strides)
    }

    /// A view from a pointer and a layout the caller vouches for.
    ///
    /// # Safety
    /// Every index of `layout` must reach an element readable for `'a` and not written by
    /// anyone during `'a`.
    pub(crate) unsafe fn from_raw(ptr: *const T, layout: Layout) -> Self {
        View {
            ptr,
            layout,
            marker: PhantomData,
        }
    }

    /// The pointer to element `[0, 0, ..]`.
    pub(crate) fn as_ptr(&self) -> *const T {
        self.ptr
    }
}

impl<'a, T: Element> ViewMut<'a, T> {
    view_common!();

    /// The writable view of `shape` and element `strides` over `data`, starting at element
    /// `offset`. A stride may be negative; no two indices may reach one element.
    ///
    /// # Errors
    /// [`Error::InvalidView`] when an index would reach outside `data`, two indices reach one
    /// element, the shape and strides differ in length, or there are more than
    /// [`MAX_RANK`] dimensions that cannot be merged.
    pub fn strided(
        data: &'a mut [T],
        offset: usize,
        shape: &[usize],
        strides: &[isize],
    ) -> Result<Self, Error> {
        let layout = check_strided(data.len(), offset, shape, strides, true)?;
        Ok(ViewMut {
            ptr: data.as_mut_ptr().wrapping_add(offset),
            layout,
            marker: PhantomData,
        })
    }

    /// The writable view of `shape` over `data` in row-major (C) order.
    ///
    /// # Errors
    /// [`Error::InvalidView`] when the shape's element count is not `data.len()`.
    pub fn with_shape(data: &'a mut [T], shape: &[usize]) -> Result<Self, Error> {
        let mut strides = [0isize; MAX_RANK];
        row_major(shape, &mut strides);
        let strides = strides.get(..shape.len()).unwrap_or(&[]);
        check_len(data.len(), shape, strides)?;
        ViewMut::strided(data, 0, shape, strides)
    }

    /// Writes `value` at `index`; returns `false` (and writes nothing) when out of range.
    pub fn set(&mut self, index: &[usize], value: T) -> bool {
        match offset_of(&self.layout, index) {
            Some(off) => {
                // SAFETY: `index` is in range, so `ptr + off` is an element of the exclusively
                // borrowed data (checked by the constructor).
                unsafe { *self.ptr.offset(off) = value };
                true
            }
            None => false,
        }
    }

    /// A read-only view of the same elements.
    pub fn view(&self) -> View<'_, T> {
        View {
            ptr: self.ptr,
            layout: self.layout,
            marker: PhantomData,
        }
    }

    /// A shorter-lived writable view of the same elements.
    pub fn reborrow(&mut self) -> ViewMut<'_, T> {
        ViewMut {
            ptr: self.ptr,
            layout: self.layout,
            marker: PhantomData,
        }
    }

    /// A writable view from a pointer and a layout the caller vouches for.
    ///
    /// # Safety
    /// Every index of `layout` must reach a distinct element, writable for `'a` and not
    /// accessed by anyone else during `'a`.
    pub(crate) unsafe fn from_raw(ptr: *mut T, layout: Layout) -> Self {
        ViewMut {
            ptr,
            layout,
            marker: PhantomData,
        }
    }

    /// The pointer to element `[0, 0, ..]`.
    pub(crate) fn as_mut_ptr(&self) -> *mut T {
        self.ptr
    }
}

fn row_major(shape: &[usize], strides: &mut [isize; MAX_RANK]) {
    let mut step = 1isize;
    for (s, &n) in strides.iter_mut().zip(shape).rev() {
        *s = step;
        step = step.wrapping_mul(n as isize);
    }
    // Ranks above MAX_RANK are refused by `check_strided`.
}

fn check_len(len: usize, shape: &[usize], strides: &[isize]) -> Result<(), Error> {
    let n = shape.iter().try_fold(1usize, |a, &n| a.checked_mul(n));
    if shape.len() > MAX_RANK || n != Some(len) {
        return Err(Error::InvalidView {
            shape: shape.to_vec(),
            strides: strides.to_vec(),
            offset: 0,
            len,
            reason: if shape.len() > MAX_RANK {
                "more dimensions than hologram::MAX_RANK".to_owned()
            } else {
                "the shape's element count is not the data's length".to_owned()
            },
        });
    }
    Ok(())
}

impl<'a, T: Element> From<&'a [T]> for View<'a, T> {
    fn from(data: &'a [T]) -> Self {
        View {
            ptr: data.as_ptr(),
            layout: Layout::contiguous(data.len()),
            marker: PhantomData,
        }
    }
}

impl<'a, T: Element> From<&'a mut [T]> for View<'a, T> {
    fn from(data: &'a mut [T]) -> Self {
        View::from(&*data)
    }
}

impl<'a, T: Element, const N: usize> From<&'a [T; N]> for View<'a, T> {
    fn from(data: &'a [T; N]) -> Self {
        View::from(&data[..])
    }
}

impl<'a, T: Element> From<&'a Vec<T>> for View<'a, T> {
    fn from(data: &'a Vec<T>) -> Self {
        View::from(data.as_slice())
    }
}

impl<'a, T: Element> From<&'a mut [T]> for ViewMut<'a, T> {
    fn from(data: &'a mut [T]) -> Self {
        ViewMut {
            ptr: data.as_mut_ptr(),
            layout: Layout::contiguous(data.len()),
            marker: PhantomData,
        }
    }
}

impl<'a, T: Element, const N: usize> From<&'a mut [T; N]> for ViewMut<'a, T> {
    fn from(data: &'a mut [T; N]) -> Self {
        ViewMut::from(&mut data[..])
    }
}

impl<'a, T: Element> From<&'a mut Vec<T>> for ViewMut<'a, T> {
    fn from(data: &'a mut Vec<T>) -> Self {
        ViewMut::from(data.as_mut_slice())
    }
}

impl<'a, T: Element> From<ViewMut<'a, T>> for View<'a, T> {
    fn from(v: ViewMut<'a, T>) -> Self {
        View {
            ptr: v.ptr,
            layout: v.layout,
            marker: PhantomData,
        }
    }
}

impl<'a, 'b, T: Element> From<&'b View<'a, T>> for View<'a, T> {
    fn from(v: &'b View<'a, T>) -> Self {
        *v
    }
}

impl<'a, 'b: 'a, T: Element> From<&'a mut ViewMut<'b, T>> for ViewMut<'a, T> {
    fn from(v: &'a mut ViewMut<'b, T>) -> Self {
        v.reborrow()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strided_views_stay_inside_their_data() {
        let data = [0f32; 6];
        assert!(View::strided(&data, 0, &[2, 3], &[3, 1]).is_ok());
        assert!(View::strided(&data, 5, &[6], &[-1]).is_ok());
        assert!(View::strided(&data, 4, &[6], &[-1]).is_err());
        assert!(View::strided(&data, 0, &[2, 4], &[3, 1]).is_err());
        assert!(View::strided(&data, 0, &[100], &[0]).is_ok());
        assert!(View::strided(&data, 6, &[0, 3], &[3, 1]).is_ok());
        let mut d = [0f32; 6];
        assert!(ViewMut::strided(&mut d, 0, &[3], &[0]).is_err());
        assert!(ViewMut::strided(&mut d, 0, &[2, 3], &[1, 2]).is_ok());
        assert!(ViewMut::strided(&mut d, 0, &[2, 2], &[1, 1]).is_err());
        assert!(ViewMut::strided(&mut d, 0, &[1, 3], &[0, 2]).is_ok());
    }
}
