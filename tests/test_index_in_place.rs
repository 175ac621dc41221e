//! `#[index]` (each element's logical index within the call) on every path, under splits
//! across threads and pieces; and in-place calls on plain slices (`slices_into_{input}`),
//! checked element for element against a plain scalar loop.

use hologram::threads::{self, PARALLEL_THRESHOLD};
use hologram::{Executor, KernelRef, Registry, View, ViewMut, kernel};
use proptest::prelude::*;
use std::time::Duration;

/// The index itself, and a value that depends on it.
#[kernel]
fn tag(x: f32, #[index] i: u64) -> (i64, f32) {
    (i.cast_signed(), x + (i % 7) as f32)
}

#[kernel]
fn saxpy(#[uniform] a: f32, x: f32, y: f32) -> f32 {
    a * x + y
}

/// Two outputs, the first written over `y` in place, the second separate.
#[kernel]
fn step(#[uniform] h: f64, x: f64, y: f64, #[index] i: u64) -> (f64, f64) {
    (y + h * x, i as f64)
}

/// A reduction over indices: the sum of `i * x[i]`.
#[kernel(reduce = add)]
fn weighted_index(x: i64, #[index] i: u64) -> i64 {
    x.wrapping_mul(i.cast_signed())
}

fn always_split() {
    threads::set_split_worth(Duration::ZERO);
}

#[test]
fn index_counts_from_the_call_start_under_splits() {
    always_split();
    let n = 3 * PARALLEL_THRESHOLD + 77;
    let x: Vec<f32> = (0..n).map(|i| (i % 13) as f32).collect();
    let (mut idx, mut val) = (vec![0i64; n], vec![0f32; n]);
    for cap in [1, 2, 3, 0] {
        threads::set_max_threads(cap);
        idx.fill(-1);
        tag::slices(&x, &mut idx, &mut val).unwrap();
        for i in 0..n {
            assert_eq!(idx[i], i as i64, "cap {cap}");
            assert_eq!(val[i], x[i] + (i % 7) as f32);
        }
    }
    threads::set_max_threads(0);
    // By name: the host cuts the call into pieces and passes each its first index.
    let k = KernelRef::from(tag::KERNEL);
    idx.fill(-1);
    k.run_slices(
        &[],
        &[(&x).into()],
        &mut [(&mut idx).into(), (&mut val).into()],
    )
    .unwrap();
    assert!(idx.iter().enumerate().all(|(i, &v)| v == i as i64));
    // Class memory.
    let mut exec = Executor::with_capacity_bytes(n * 16 + (1 << 16)).unwrap();
    let (bx, bi, bv) = (
        exec.alloc_from(&x).unwrap(),
        exec.alloc::<i64>(n).unwrap(),
        exec.alloc::<f32>(n).unwrap(),
    );
    tag::run(&mut exec, bx, bi, bv).unwrap();
    assert!(
        exec.read(bi)
            .unwrap()
            .iter()
            .enumerate()
            .all(|(i, &v)| v == i as i64)
    );
}

#[test]
fn index_is_flat_row_major_in_arrays() {
    // A transposed output: memory order is not row-major, the index still is.
    let x: Vec<f32> = (0..6 * 40).map(|v| v as f32).collect();
    let xv = View::with_shape(&x, &[6, 40]).unwrap();
    let mut idx = vec![0i64; 40 * 6];
    let mut val = vec![0f32; 40 * 6];
    let idx_t = ViewMut::strided(&mut idx, 0, &[6, 40], &[1, 6]).unwrap();
    let val_t = ViewMut::strided(&mut val, 0, &[6, 40], &[1, 6]).unwrap();
    tag::arrays(xv, idx_t, val_t).unwrap();
    for r in 0..6 {
        for c in 0..40 {
            assert_eq!(idx[c * 6 + r], (r * 40 + c) as i64);
        }
    }
    // Broadcast input, strided everything.
    let row: Vec<f32> = (0..40).map(|v| v as f32).collect();
    let mut out = vec![0i64; 6 * 40];
    let mut v2 = vec![0f32; 6 * 40];
    tag::arrays(
        View::strided(&row, 0, &[6, 40], &[0, 1]).unwrap(),
        ViewMut::with_shape(&mut out, &[6, 40]).unwrap(),
        ViewMut::with_shape(&mut v2, &[6, 40]).unwrap(),
    )
    .unwrap();
    assert!(out.iter().enumerate().all(|(i, &v)| v == i as i64));
}

#[test]
fn index_in_reductions_by_every_path() {
    always_split();
    let n = 2 * PARALLEL_THRESHOLD + 999;
    let x: Vec<i64> = (0..n as i64).map(|v| v % 5 - 2).collect();
    let want = x
        .iter()
        .enumerate()
        .fold(0i64, |s, (i, &v)| s.wrapping_add(v.wrapping_mul(i as i64)));
    for cap in [1, 2, 0] {
        threads::set_max_threads(cap);
        assert_eq!(weighted_index::slices(&x).unwrap(), want, "cap {cap}");
        assert_eq!(weighted_index::arrays(&x).unwrap(), want, "cap {cap}");
    }
    threads::set_max_threads(0);
    let k = KernelRef::from(weighted_index::KERNEL);
    assert_eq!(
        k.reduce_slices(&[], &[(&x).into()]).unwrap().as_i64(),
        Some(want)
    );
    // A strided view by name goes through the entry point's gathered fold.
    let wide: Vec<i64> = x.iter().flat_map(|&v| [v, 100]).collect();
    let strided = View::strided(&wide, 0, &[n], &[2]).unwrap();
    assert_eq!(weighted_index::arrays(strided).unwrap(), want);
    assert_eq!(
        k.reduce_arrays(&[], &[strided.into()]).unwrap().as_i64(),
        Some(want)
    );
    let reg = Registry::with_stdlib();
    assert!(reg.contains("argmax") && reg.contains("f64::argmin"));
}

#[test]
fn in_place_on_slices_matches_separate_output() {
    always_split();
    for n in [0, 1, 31, 32, 33, 1000, 2 * PARALLEL_THRESHOLD + 5] {
        let x: Vec<f32> = (0..n).map(|i| (i % 17) as f32 * 0.25).collect();
        let y0: Vec<f32> = (0..n).map(|i| (i % 11) as f32 - 3.0).collect();
        let mut want = vec![0.0f32; n];
        saxpy::slices(2.5, &x, &y0, &mut want).unwrap();
        let mut y = y0.clone();
        saxpy::slices_into_y(2.5, &x, &mut y).unwrap();
        assert_eq!(y, want, "n {n}");
        // Over x instead: x = a * x + y.
        let mut xx = x.clone();
        saxpy::slices_into_x(2.5, &mut xx, &y0).unwrap();
        assert_eq!(xx, want, "n {n}");
    }
    // A second output and the index ride along.
    let x = vec![1.0f64; 100];
    let mut y = vec![2.0f64; 100];
    let mut second = vec![0.0f64; 100];
    step::slices_into_y(0.5, &x, &mut y, &mut second).unwrap();
    assert!(y.iter().all(|&v| v == 2.5));
    assert!(second.iter().enumerate().all(|(i, &v)| v == i as f64));
    // Lengths still checked, nothing written.
    let mut short = vec![0.0f32; 3];
    assert!(saxpy::slices_into_y(1.0, &[1.0, 2.0], &mut short).is_err());
    assert_eq!(short, [0.0; 3]);
}

#[test]
fn in_place_on_arrays_matches_a_separate_output() {
    always_split();
    // A transposed 2-D y, x broadcast along its rows, large enough to split across threads.
    let (r, c) = (300usize, 257usize);
    let x: Vec<f32> = (0..c).map(|i| i as f32 * 0.5).collect();
    let y0: Vec<f32> = (0..r * c).map(|i| (i % 101) as f32 - 50.0).collect();
    for cap in [1, 2, 0] {
        threads::set_max_threads(cap);
        let mut want = vec![0.0f32; r * c];
        saxpy::arrays(
            3.0,
            View::strided(&x, 0, &[r, c], &[0, 1]).unwrap(),
            View::strided(&y0, 0, &[r, c], &[1, r as isize]).unwrap(),
            ViewMut::strided(&mut want, 0, &[r, c], &[1, r as isize]).unwrap(),
        )
        .unwrap();
        let mut y = y0.clone();
        saxpy::arrays_into_y(
            3.0,
            View::strided(&x, 0, &[r, c], &[0, 1]).unwrap(),
            ViewMut::strided(&mut y, 0, &[r, c], &[1, r as isize]).unwrap(),
        )
        .unwrap();
        assert_eq!(y, want, "cap {cap}");
    }
    threads::set_max_threads(0);
    // ndarray, a second output and the index: the second gets each flat index.
    let x = ndarray::Array2::<f64>::ones((4, 5));
    let mut y = ndarray::Array2::<f64>::from_elem((4, 5), 2.0);
    let mut idx = ndarray::Array2::<f64>::zeros((4, 5));
    step::arrays_into_y(0.5, &x, &mut y, &mut idx).unwrap();
    assert!(y.iter().all(|&v| v == 2.5));
    assert!(idx.iter().enumerate().all(|(i, &v)| v == i as f64));
    // A shape that does not fit is refused, nothing written.
    let mut y = vec![1.0f32; 6];
    let err = saxpy::arrays_into_y(1.0, &[1.0f32; 4], &mut y).unwrap_err();
    assert!(
        matches!(err, hologram::Error::ShapeMismatch { .. }),
        "{err}"
    );
    assert_eq!(y, [1.0; 6]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn in_place_matches_a_scalar_loop(
        a in -4.0f32..4.0,
        pairs in prop::collection::vec((-100.0f32..100.0, -100.0f32..100.0), 0..300),
    ) {
        let (x, mut y): (Vec<f32>, Vec<f32>) = pairs.into_iter().unzip();
        let want: Vec<f32> = x.iter().zip(&y).map(|(&x, &y)| a * x + y).collect();
        saxpy::slices_into_y(a, &x, &mut y).unwrap();
        prop_assert_eq!(
            y.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            want.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn in_place_arrays_match_a_scalar_loop(
        a in -4.0f32..4.0,
        rows in 1usize..6,
        cols in 0usize..90,
        step in 1isize..4,
        seed in any::<u32>(),
    ) {
        let n = rows * cols;
        let x: Vec<f32> = (0..n).map(|i| ((i as u32 ^ seed) % 97) as f32 - 48.0).collect();
        let span = (n as isize * step) as usize;
        let mut y: Vec<f32> = (0..span.max(1)).map(|i| (i % 13) as f32).collect();
        let before = y.clone();
        saxpy::arrays_into_y(
            a,
            View::with_shape(&x, &[rows, cols]).unwrap(),
            ViewMut::strided(&mut y, 0, &[rows, cols], &[cols as isize * step, step]).unwrap(),
        ).unwrap();
        for (i, (&got, &old)) in y.iter().zip(&before).enumerate() {
            let want = if i as isize % step == 0 && (i as isize / step) < n as isize {
                a * x[i / step as usize] + old
            } else {
                old
            };
            prop_assert_eq!(got.to_bits(), want.to_bits(), "element {}", i);
        }
    }

    #[test]
    fn index_matches_enumerate(len in 0usize..5000, rows in 1usize..5) {
        let n = len / rows * rows;
        let x = vec![0.5f32; n];
        let (mut idx, mut val) = (vec![0i64; n], vec![0f32; n]);
        tag::arrays(
            View::with_shape(&x, &[rows, n / rows]).unwrap(),
            ViewMut::with_shape(&mut idx, &[rows, n / rows]).unwrap(),
            ViewMut::with_shape(&mut val, &[rows, n / rows]).unwrap(),
        ).unwrap();
        prop_assert!(idx.iter().enumerate().all(|(i, &v)| v == i as i64));
    }
}
