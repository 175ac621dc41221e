//! Whole chunks of cells, read into registers and written back: the cell loop of a generated
//! kernel (`run`, in-place entry calls) reads every input of a chunk before it writes any
//! output, so an output may be the same memory as an input.

use core::cell::Cell;

/// Reads a chunk of cells into registers.
#[inline(always)]
#[allow(
    clippy::indexing_slicing,
    reason = "`from_fn` passes j < N, the array's length; the check compiles away"
)]
pub fn load<T: Copy, const N: usize>(cells: &[Cell<T>; N]) -> [T; N] {
    core::array::from_fn(|j| cells[j].get())
}

/// Writes a chunk of values to cells.
#[inline(always)]
pub fn store<T: Copy, const N: usize>(cells: &[Cell<T>; N], values: [T; N]) {
    for (cell, value) in cells.iter().zip(values) {
        cell.set(value);
    }
}
