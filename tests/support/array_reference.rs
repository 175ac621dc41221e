//! A plain indexed reference for calls on arrays, written from numpy's rules and not from
//! the runtime: every multi-index of a shape in row-major order, broadcasting as index
//! arithmetic, each element read through ndarray's own indexing, the documented fold order
//! (`fold_reference`, which the including file declares beside this one) over the values in
//! logical order, and softmax's three passes. Shared (`#[path]`-included) by the array
//! tests.

#![allow(dead_code, reason = "each test binary uses a different part")]

use super::fold_reference::reference_fold;
use ndarray::{ArrayViewD, IxDyn};
use std::ops::{Add, Div, Sub};

/// Every multi-index of `shape`, in row-major order (the last index moves fastest). A shape
/// with a 0 has none; the shape of no dimensions has one, `[]`.
pub fn indices(shape: &[usize]) -> Vec<Vec<usize>> {
    if shape.contains(&0) {
        return Vec::new();
    }
    let total: usize = shape.iter().product();
    let mut out = Vec::with_capacity(total);
    let mut index = vec![0usize; shape.len()];
    for _ in 0..total {
        out.push(index.clone());
        for d in (0..shape.len()).rev() {
            index[d] += 1;
            if index[d] < shape[d] {
                break;
            }
            index[d] = 0;
        }
    }
    out
}

/// The shape numpy broadcasts `shapes` to: aligned at the end, each dimension equal or 1,
/// missing leading dimensions 1. `None` when they do not broadcast.
pub fn broadcast_shape(shapes: &[&[usize]]) -> Option<Vec<usize>> {
    let rank = shapes.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut out = vec![1usize; rank];
    for shape in shapes {
        let lead = rank - shape.len();
        for (k, &n) in shape.iter().enumerate() {
            let d = lead + k;
            if out[d] == 1 {
                out[d] = n;
            } else if n != 1 && n != out[d] {
                return None;
            }
        }
    }
    Some(out)
}

/// Whether an array of `shape` broadcasts to exactly `to` (an elementwise input to its
/// output's shape).
pub fn broadcasts_to(shape: &[usize], to: &[usize]) -> bool {
    shape.len() <= to.len()
        && shape
            .iter()
            .zip(&to[to.len() - shape.len()..])
            .all(|(&n, &m)| n == m || n == 1)
}

/// The index into an array of `shape` that `index` (of the larger shape it broadcasts to)
/// reads: the trailing coordinates, with 0 where the array's extent is 1.
pub fn source_index(shape: &[usize], index: &[usize]) -> Vec<usize> {
    let lead = index.len() - shape.len();
    shape
        .iter()
        .zip(&index[lead..])
        .map(|(&n, &i)| if n == 1 { 0 } else { i })
        .collect()
}

/// The element of `array` that `index` of a broadcast shape reads.
pub fn at<T: Copy>(array: &ArrayViewD<'_, T>, index: &[usize]) -> T {
    array[IxDyn(&source_index(array.shape(), index))]
}

/// `shape` without dimension `axis`.
pub fn without(shape: &[usize], axis: usize) -> Vec<usize> {
    let mut out = shape.to_vec();
    out.remove(axis);
    out
}

/// `shape` with dimension `axis` of extent 1 (numpy's `keepdims`).
pub fn keepdims(shape: &[usize], axis: usize) -> Vec<usize> {
    let mut out = shape.to_vec();
    out[axis] = 1;
    out
}

/// The full index of element `k` of the lane along `axis` at `position` (an index of the
/// shape without `axis`).
pub fn lane_index(position: &[usize], axis: usize, k: usize) -> Vec<usize> {
    let mut out = position.to_vec();
    out.insert(axis, k);
    out
}

/// `element` at every index of `shape`, in row-major order.
pub fn map_indices<R>(shape: &[usize], element: impl Fn(&[usize]) -> R) -> Vec<R> {
    indices(shape).iter().map(|i| element(i)).collect()
}

/// The lanes along `axis` of `shape`, one per index of the shape without `axis` in
/// row-major order, each the values of `element` along the axis.
pub fn lanes<R>(shape: &[usize], axis: usize, element: impl Fn(&[usize]) -> R) -> Vec<Vec<R>> {
    let positions = without(shape, axis);
    indices(&positions)
        .iter()
        .map(|p| {
            (0..shape[axis])
                .map(|k| element(&lane_index(p, axis, k)))
                .collect()
        })
        .collect()
}

/// Whether `v` is NaN: not ordered against itself.
fn is_nan<T: PartialOrd>(v: &T) -> bool {
    v.partial_cmp(v).is_none()
}

/// A reduction's reference: the combiner, its identity inside the lanes (the padding of
/// the partial chunk), and the value of an empty reduction.
pub struct Fold<R> {
    pub identity: R,
    pub empty: R,
    pub combine: fn(R, R) -> R,
}

impl<R: Copy> Fold<R> {
    /// The fold of `values`, in `hologram::fold`'s order.
    pub fn of(&self, values: &[R]) -> R {
        if values.is_empty() {
            self.empty
        } else {
            reference_fold(values, self.identity, &self.combine)
        }
    }
}

/// `a + b`, as a function.
pub fn float_add<T: Add<Output = T>>(a: T, b: T) -> T {
    a + b
}

/// `hologram::fold`'s `max`: the larger, the first of equal values, NaN if either is NaN.
pub fn fold_max<T: PartialOrd>(a: T, b: T) -> T {
    if a >= b || is_nan(&a) { a } else { b }
}

/// `hologram::fold`'s `min`.
pub fn fold_min<T: PartialOrd>(a: T, b: T) -> T {
    if a <= b || is_nan(&a) { a } else { b }
}

/// What the softmax reference needs of a float.
pub trait Float:
    Copy + PartialOrd + Add<Output = Self> + Sub<Output = Self> + Div<Output = Self>
{
    const NEG_INFINITY: Self;
    const NEG_ZERO: Self;
}

impl Float for f32 {
    const NEG_INFINITY: f32 = f32::NEG_INFINITY;
    const NEG_ZERO: f32 = -0.0;
}

impl Float for f64 {
    const NEG_INFINITY: f64 = f64::NEG_INFINITY;
    const NEG_ZERO: f64 = -0.0;
}

/// The three documented passes on one lane: the maximum and the sum of exponentials folded
/// in `hologram::fold`'s order, then the scaling.
pub fn softmax_lane<T: Float>(lane: &[T], log: bool, exp: fn(T) -> T, ln: fn(T) -> T) -> Vec<T> {
    if lane.is_empty() {
        return Vec::new();
    }
    let m = reference_fold(lane, T::NEG_INFINITY, &fold_max);
    let e: Vec<T> = lane.iter().map(|&v| exp(v - m)).collect();
    let s = reference_fold(&e, T::NEG_ZERO, &float_add);
    if log {
        let log_s = ln(s);
        lane.iter().map(|&v| (v - m) - log_s).collect()
    } else {
        e.iter().map(|&v| v / s).collect()
    }
}
