//! Kernels on Arrow arrays: the one place that turns a batch's columns into the slices of a
//! call by name and back, with nulls.

use crate::error::Error;
use crate::types::{Output, values};
use datafusion::arrow::array::{Array, ArrayRef};
use datafusion::arrow::buffer::NullBuffer;
use hologram_runtime::{AnySlice, KernelRef, Scalar};

/// The streams of `arrays` (the kernel's input types, in order), as slices: no copy.
fn slices<'a>(k: &KernelRef, arrays: &'a [ArrayRef]) -> Result<Vec<AnySlice<'a>>, Error> {
    arrays
        .iter()
        .zip(k.descriptor().inputs())
        .map(|(a, &t)| values(a, t))
        .collect()
}

/// `arrays` cut to rows `start..end` (cheap: a new offset into the same buffers).
fn cut(arrays: &[ArrayRef], start: usize, end: usize) -> Vec<ArrayRef> {
    arrays.iter().map(|a| a.slice(start, end - start)).collect()
}

/// Rows per run of valid rows, on average, from which a batch with nulls is computed run by
/// run (one call per run) rather than in one call over every row.
const LONG_RUNS: usize = 64;

/// Runs the elementwise kernel `k` on `arrays` of `len` rows (its inputs) and returns its
/// outputs; rows where `nulls` is null hold unspecified values, for the caller to mask.
///
/// - No nulls: one call over every row.
/// - Few nulls (runs of valid rows of [`LONG_RUNS`] rows or more on average): one call per
///   run of valid rows, so that no null slot is ever read.
/// - Many nulls: one call over every row, since calls per run would cost more than the
///   work. A null row's slot holds whatever its array holds; kernels are safe on any value
///   (a panic is caught and returned). If that call fails, the garbage under a null may be
///   the cause (an integer division by zero, say), so the kernel runs again run by run, and
///   only a failure there is the query's.
pub(crate) fn run(
    function: &str,
    k: &KernelRef,
    uniforms: &[Scalar],
    arrays: &[ArrayRef],
    nulls: Option<&NullBuffer>,
    len: usize,
) -> Result<Vec<Output>, Error> {
    let d = k.descriptor();
    let mut outs: Vec<Output> = d
        .outputs()
        .iter()
        .map(|&t| Output::zeroed(t, len))
        .collect();
    let failed = |source| Error::Kernel {
        function: function.to_owned(),
        source: Box::new(source),
    };
    let long_runs = nulls.is_some_and(|n| len / (n.null_count() + 1) >= LONG_RUNS);
    let whole = if long_runs {
        None
    } else {
        let inputs = slices(k, arrays)?;
        let mut outputs: Vec<_> = outs.iter_mut().map(|o| o.slice_mut(0..len)).collect();
        Some(k.run_slices(uniforms, &inputs, &mut outputs))
    };
    match (whole, nulls) {
        (Some(Ok(())), _) => Ok(outs),
        (Some(Err(e)), None) => Err(failed(e)),
        (None, None) => Err(Error::internal("runs of valid rows without nulls")),
        (_, Some(nulls)) => {
            for (start, end) in nulls.valid_slices() {
                let part = cut(arrays, start, end);
                let inputs = slices(k, &part)?;
                let mut outputs: Vec<_> =
                    outs.iter_mut().map(|o| o.slice_mut(start..end)).collect();
                k.run_slices(uniforms, &inputs, &mut outputs)
                    .map_err(failed)?;
            }
            Ok(outs)
        }
    }
}

/// Reduces the rows of `arrays` (the reduction `k`'s inputs) that are valid in every one of
/// them: `None` when there are none. Without nulls this is one call; with nulls, one call per
/// run of valid rows, joined in row order with the kernel's combiner.
pub(crate) fn reduce(
    function: &str,
    k: &KernelRef,
    uniforms: &[Scalar],
    arrays: &[ArrayRef],
    nulls: Option<&NullBuffer>,
) -> Result<Option<Scalar>, Error> {
    let failed = |source| Error::Kernel {
        function: function.to_owned(),
        source: Box::new(source),
    };
    let len = arrays.first().map_or(0, |a| a.len());
    let Some(nulls) = nulls else {
        if len == 0 {
            return Ok(None);
        }
        let inputs = slices(k, arrays)?;
        return k.reduce_slices(uniforms, &inputs).map(Some).map_err(failed);
    };
    let mut acc: Option<Scalar> = None;
    for (start, end) in nulls.valid_slices() {
        let part = cut(arrays, start, end);
        let inputs = slices(k, &part)?;
        let value = k.reduce_slices(uniforms, &inputs).map_err(failed)?;
        acc = Some(match acc {
            None => value,
            Some(a) => k.combine(a, value).map_err(failed)?,
        });
    }
    Ok(acc)
}
