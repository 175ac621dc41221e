//! Kernels on arrays against ndarray and hand-written loops, on the same 1024 x 1024 f32
//! data: `cargo bench --bench arrays`, then
//! `cargo run --release --example bench_report -- arrays` to write the arrays section of
//! `BENCHMARKS.md`. `benches/arrays.md` says what each figure means and why each missed
//! target is missed.
//!
//! One criterion group per task (`arrays_{task}`), every variant of the task in the group:
//! - `bias_add`: `y = x + bias`, `bias` of 1024 broadcast over the rows. `hologram` is
//!   `stdlib::add::arrays(&x, &bias, &mut y)`; `ndarray_zip` is
//!   `Zip::from(&mut y).and(&x).and_broadcast(&bias)` (the same work into the same
//!   preallocated output); `ndarray_alloc` is `&x + &bias`, which allocates its result;
//!   `rows_slices` is `stdlib::add::slices` row by row, the floor for the array path.
//! - `transposed_add`: `y = x.t() + z`. `hologram` is `add::arrays(x.t(), &z, &mut y)`,
//!   `ndarray_zip` is `Zip` on the same views.
//! - `row_sums`: one sum per row. `hologram` is `sum::along(1, &x, &mut sums)`;
//!   `ndarray_sum_axis` is `x.sum_axis(Axis(1))` (allocates 4 KiB); `ndarray_zip_rows` is
//!   `Zip::from(&mut sums).and(x.rows())` with `row.sum()`, into a preallocated output.
//! - `col_sums`: one sum per column, `sum::along(0, ..)` against `x.sum_axis(Axis(0))`: the
//!   strided lanes of a reduction (not a target of the issue; shown for where gathers cost).
//! - `row_softmax`: a softmax per row. `hologram` is `softmax::along(1, &x, &mut y)`;
//!   `loop_math_exp` and `loop_std_exp` are the loop a user writes per row (max by
//!   `fold(f32::max)`, then `exp(x - max)` stored and summed, then a division by the sum),
//!   with `hologram::math::exp` and with `f32::exp`.
//! - `contiguous_add`: `y = x + z` on C-order arrays. `arrays` is `add::arrays(&x, &z, &mut
//!   y)`, `slices` is `add::slices` on the same memory, `ndarray_zip` is `Zip`.
//!
//! Every hologram variant runs twice: as called (`DEFAULT_THREADS`: a call this large splits
//! across the machine's threads when the probe says it is worth it) and with
//! `threads::set_max_threads(1)` (suffix `_1thread`). ndarray's `Zip` and the hand-written
//! loops run on one thread, so the targets compare the `_1thread` figures; the threaded ones
//! show what a caller gets by default.
//!
//! Inputs are random in [-4, 4], one set per task: at 4 MiB an array is far beyond what a
//! branch predictor can learn.

use criterion::{
    BenchmarkGroup, Criterion, criterion_group, criterion_main, measurement::WallTime,
};
use hologram::{stdlib, threads};
use ndarray::{Array1, Array2, Axis, Zip};
use std::hint::black_box;
use std::time::Duration;

/// Rows and columns of every matrix.
const N: usize = 1024;

/// `rows x cols` values in [-4, 4] from a splitmix64 stream.
fn random(rows: usize, cols: usize, seed: u64) -> Array2<f32> {
    let mut state = seed;
    Array2::from_shape_simple_fn((rows, cols), || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (z >> 40) as f32 / (1u64 << 24) as f32 * 8.0 - 4.0
    })
}

fn ok<T>(r: hologram::Result<T>) -> T {
    r.expect("the bench's calls are valid")
}

/// Times `f` as called, and again with hologram's threads capped at one.
fn hologram_variants(group: &mut BenchmarkGroup<'_, WallTime>, name: &str, mut f: impl FnMut()) {
    group.bench_function(name, |b| b.iter(&mut f));
    threads::set_max_threads(1);
    group.bench_function(format!("{name}_1thread"), |b| b.iter(&mut f));
    threads::set_max_threads(0);
}

/// Asserts that two results agree to `tol`, relative to magnitude 1.
fn assert_close(what: &str, a: &Array2<f32>, b: &Array2<f32>, tol: f32) {
    let worst = a
        .iter()
        .zip(b)
        .map(|(p, q)| (p - q).abs() / p.abs().max(1.0))
        .fold(0.0f32, f32::max);
    assert!(worst <= tol, "{what}: variants differ by {worst}");
}

fn bias_add(c: &mut Criterion) {
    let x = random(N, N, 1);
    let bias = Array1::from_iter(random(1, N, 2));
    let mut y = Array2::<f32>::zeros((N, N));
    let mut check = Array2::<f32>::zeros((N, N));
    ok(stdlib::add::arrays(&x, &bias, &mut y));
    Zip::from(&mut check)
        .and(&x)
        .and_broadcast(&bias)
        .for_each(|y, &x, &b| *y = x + b);
    assert_eq!(y, check, "bias_add");

    let mut group = c.benchmark_group("arrays_bias_add");
    hologram_variants(&mut group, "hologram", || {
        ok(stdlib::add::arrays(black_box(&x), black_box(&bias), &mut y));
    });
    group.bench_function("ndarray_zip", |b| {
        b.iter(|| {
            Zip::from(&mut y)
                .and(black_box(&x))
                .and_broadcast(black_box(&bias))
                .for_each(|y, &x, &b| *y = x + b);
        });
    });
    group.bench_function("ndarray_alloc", |b| {
        b.iter(|| black_box(black_box(&x) + black_box(&bias)));
    });
    let bias_row = bias.as_slice().expect("contiguous");
    group.bench_function("rows_slices", |b| {
        b.iter(|| {
            for (mut yr, xr) in y.rows_mut().into_iter().zip(black_box(&x).rows()) {
                let (xs, ys) = (xr.to_slice().expect("C order"), yr.as_slice_mut());
                ok(stdlib::add::slices(xs, bias_row, ys.expect("C order")));
            }
        });
    });
    group.finish();
}

fn transposed_add(c: &mut Criterion) {
    let x = random(N, N, 3);
    let z = random(N, N, 4);
    let mut y = Array2::<f32>::zeros((N, N));
    let mut check = Array2::<f32>::zeros((N, N));
    ok(stdlib::add::arrays(x.t(), &z, &mut y));
    Zip::from(&mut check)
        .and(x.t())
        .and(&z)
        .for_each(|y, &a, &b| *y = a + b);
    assert_eq!(y, check, "transposed_add");

    let mut group = c.benchmark_group("arrays_transposed_add");
    hologram_variants(&mut group, "hologram", || {
        ok(stdlib::add::arrays(
            black_box(&x).t(),
            black_box(&z),
            &mut y,
        ));
    });
    group.bench_function("ndarray_zip", |b| {
        b.iter(|| {
            Zip::from(&mut y)
                .and(black_box(&x).t())
                .and(black_box(&z))
                .for_each(|y, &a, &b| *y = a + b);
        });
    });
    group.finish();
}

fn row_sums(c: &mut Criterion) {
    let x = random(N, N, 5);
    let mut sums = Array1::<f32>::zeros(N);
    ok(stdlib::sum::along(1, &x, &mut sums));
    let reference = x.sum_axis(Axis(1));
    let worst = sums
        .iter()
        .zip(&reference)
        .map(|(p, q)| (p - q).abs())
        .fold(0.0f32, f32::max);
    assert!(worst < 1e-2, "row_sums differ by {worst}");

    let mut group = c.benchmark_group("arrays_row_sums");
    hologram_variants(&mut group, "hologram", || {
        ok(stdlib::sum::along(1, black_box(&x), &mut sums));
    });
    group.bench_function("ndarray_sum_axis", |b| {
        b.iter(|| black_box(black_box(&x).sum_axis(Axis(1))));
    });
    group.bench_function("ndarray_zip_rows", |b| {
        b.iter(|| {
            Zip::from(&mut sums)
                .and(black_box(&x).rows())
                .for_each(|s, row| *s = row.sum());
        });
    });
    group.finish();
}

fn col_sums(c: &mut Criterion) {
    let x = random(N, N, 6);
    let mut sums = Array1::<f32>::zeros(N);
    ok(stdlib::sum::along(0, &x, &mut sums));
    let reference = x.sum_axis(Axis(0));
    let worst = sums
        .iter()
        .zip(&reference)
        .map(|(p, q)| (p - q).abs())
        .fold(0.0f32, f32::max);
    assert!(worst < 1e-2, "col_sums differ by {worst}");

    let mut group = c.benchmark_group("arrays_col_sums");
    hologram_variants(&mut group, "hologram", || {
        ok(stdlib::sum::along(0, black_box(&x), &mut sums));
    });
    group.bench_function("ndarray_sum_axis", |b| {
        b.iter(|| black_box(black_box(&x).sum_axis(Axis(0))));
    });
    group.finish();
}

/// The softmax of each row of `x` into `y`, as a user writes it, with the `exp` given.
fn softmax_rows(x: &Array2<f32>, y: &mut Array2<f32>, exp: impl Fn(f32) -> f32) {
    for (xr, mut yr) in x.rows().into_iter().zip(y.rows_mut()) {
        let (xs, ys) = (xr.to_slice().expect("C order"), yr.as_slice_mut());
        let ys = ys.expect("C order");
        let m = xs.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mut s = 0.0;
        for (o, &a) in ys.iter_mut().zip(xs) {
            *o = exp(a - m);
            s += *o;
        }
        for o in ys.iter_mut() {
            *o /= s;
        }
    }
}

fn row_softmax(c: &mut Criterion) {
    let x = random(N, N, 7);
    let mut y = Array2::<f32>::zeros((N, N));
    let mut check = Array2::<f32>::zeros((N, N));
    ok(stdlib::softmax::along(1, &x, &mut y));
    softmax_rows(&x, &mut check, hologram::math::exp);
    assert_close("row_softmax, math::exp", &y, &check, 1e-6);
    softmax_rows(&x, &mut check, f32::exp);
    assert_close("row_softmax, f32::exp", &y, &check, 1e-6);

    let mut group = c.benchmark_group("arrays_row_softmax");
    hologram_variants(&mut group, "hologram", || {
        ok(stdlib::softmax::along(1, black_box(&x), &mut y));
    });
    group.bench_function("loop_math_exp", |b| {
        b.iter(|| softmax_rows(black_box(&x), &mut y, hologram::math::exp));
    });
    group.bench_function("loop_std_exp", |b| {
        b.iter(|| softmax_rows(black_box(&x), &mut y, f32::exp));
    });
    group.finish();
}

fn contiguous_add(c: &mut Criterion) {
    let x = random(N, N, 8);
    let z = random(N, N, 9);
    let mut y = Array2::<f32>::zeros((N, N));
    let mut check = Array2::<f32>::zeros((N, N));
    ok(stdlib::add::arrays(&x, &z, &mut y));
    let (xs, zs) = (
        x.as_slice().expect("C order"),
        z.as_slice().expect("C order"),
    );
    ok(stdlib::add::slices(
        xs,
        zs,
        check.as_slice_mut().expect("C order"),
    ));
    assert_eq!(y, check, "contiguous_add");

    let mut group = c.benchmark_group("arrays_contiguous_add");
    hologram_variants(&mut group, "arrays", || {
        ok(stdlib::add::arrays(black_box(&x), black_box(&z), &mut y));
    });
    let ys = y.as_slice_mut().expect("C order");
    hologram_variants(&mut group, "slices", || {
        ok(stdlib::add::slices(black_box(xs), black_box(zs), ys));
    });
    group.bench_function("ndarray_zip", |b| {
        b.iter(|| {
            Zip::from(&mut y)
                .and(black_box(&x))
                .and(black_box(&z))
                .for_each(|y, &a, &b| *y = a + b);
        });
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = bias_add, transposed_add, row_sums, col_sums, row_softmax, contiguous_add
}
criterion_main!(benches);
