//! Arrays: every kernel on strided, broadcast, n-dimensional data.
//!
//! ```
//! # extern crate hologram_runtime as hologram;
//! use hologram::{stdlib, View, ViewMut};
//!
//! // A 2 x 3 matrix plus a bias of 3, broadcast over the rows (numpy's rules).
//! let x = [1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0];
//! let bias = [10.0f32, 20.0, 30.0];
//! let mut y = [0.0f32; 6];
//! stdlib::add::arrays(View::with_shape(&x, &[2, 3])?, &bias, ViewMut::with_shape(&mut y, &[2, 3])?)?;
//! assert_eq!(y, [11.0, 22.0, 33.0, 14.0, 25.0, 36.0]);
//!
//! // Row sums: one value per lane along axis 1.
//! let mut sums = [0.0f32; 2];
//! stdlib::sum::along(1, View::with_shape(&x, &[2, 3])?, &mut sums)?;
//! assert_eq!(sums, [6.0, 15.0]);
//! # Ok::<(), hologram::Error>(())
//! ```
//!
//! A [`View`] or [`ViewMut`] is a pointer, a shape and signed element strides; stride 0
//! repeats an element (a broadcast). Every `#[kernel]` gets `arrays` (and, for reductions,
//! `along`) functions that take anything that converts into them: slices, `Vec`s, and with
//! the `ndarray` feature (on by default) ndarray arrays and views of any dimension.
//!
//! How a call runs:
//! - The shapes are checked once: inputs broadcast to the outputs' shape under numpy's rules
//!   ([`Error::ShapeMismatch`](crate::Error::ShapeMismatch) otherwise, with nothing written).
//! - The dimensions are ordered by the first output's strides and merged where every array
//!   allows, so a contiguous array of any shape is one run, and runs the very loop `slices`
//!   runs.
//! - Each run along the innermost dimension is one [`Lane`] per array. A contiguous lane is
//!   passed to the kernel's loop as a slice; any other is read into a buffer on the stack,
//!   [`GATHER`] elements at a time, passed through the same loop, and written back. No call
//!   allocates.
//! - A reduction over a whole array folds its elements in row-major (logical) order, in the
//!   order [`fold`](crate::fold) documents: a strided or broadcast array gives the same bits
//!   as a contiguous copy of it. `along` folds each lane the same way.
//! - Large calls split across threads ([`threads`](crate::threads)): elementwise calls by
//!   elements, `along` calls by whole lanes, so no result depends on the thread count.

mod any;
mod copy;
mod in_place;
mod lane;
mod layout;
#[cfg(feature = "ndarray")]
mod ndarray;
mod view;
mod walk;

pub use any::{AnyView, AnyViewMut};
pub(crate) use copy::{gather, gather_flat, scatter, with_scratch};
pub use in_place::{InPlaceIn, InPlaceOut, OverwriteArray, in_place};
pub use lane::{Flat, GATHER, Gather, Lane, LaneMut};
pub use layout::MAX_RANK;
pub use view::{View, ViewMut};
pub(crate) use walk::{
    Along, ArrayList, Cursor, Order, Piece, along_walk_list, elementwise_walk_list, flat_list,
};
pub use walk::{
    ArrayStreams, LaneValues, Runs, flat_streams, for_each_lane, for_each_lane_value, for_each_run,
    for_each_run_indexed,
};
