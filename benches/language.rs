//! The widened kernel language against the loops a user writes without it:
//! `cargo bench --bench language`, then
//! `cargo run --release --example bench_report -- language` to write the language section of
//! `BENCHMARKS.md`. `benches/language.md` says what each figure means and why each missed
//! target is missed.
//!
//! One criterion group per task and size (`language_{task}_{n}`), every variant in it:
//! - `stats`: min, max and NaN count of `n` f32. `tuple` is one pass,
//!   `#[kernel(reduce = (min, max, add))]`; `three_reductions` is `stdlib::min`,
//!   `stdlib::max` and a count kernel, three passes; `plain_loop` is the one-pass loop a user
//!   writes (`f32::min`, `f32::max`, a counter).
//! - `argmax`: the largest of `n` f32 and its index. `stdlib` is `stdlib::argmax::slices`
//!   (one pass with `#[index]`); `max_by` is `iter().enumerate().max_by(|a, b|
//!   a.1.total_cmp(b.1))`.
//!
//! Everything runs on one thread (`threads::set_max_threads(1)`): the plain loops have one,
//! and the targets compare like with like. Inputs are random in [-4, 4] without NaN, one set
//! per size: 2^12 (L1), 2^16 (L2) and 2^20 (L3) f32.

use criterion::{Criterion, criterion_group, criterion_main};
use hologram::{kernel, stdlib, threads};
use std::hint::black_box;
use std::time::Duration;

/// Min, max and NaN count in one pass.
#[kernel(reduce = (min, max, add))]
fn stats(x: f32) -> (f32, f32, u32) {
    (x, x, u32::from(x.is_nan()))
}

/// The NaN count alone, for the three-pass variant.
#[kernel(reduce = add)]
fn nan_count(x: f32) -> u32 {
    u32::from(x.is_nan())
}

const SIZES: [usize; 3] = [1 << 12, 1 << 16, 1 << 20];

/// `n` values in [-4, 4] from a splitmix64 stream.
fn random(n: usize, seed: u64) -> Vec<f32> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            (z >> 40) as f32 / (1u64 << 24) as f32 * 8.0 - 4.0
        })
        .collect()
}

fn ok<T>(r: hologram::Result<T>) -> T {
    r.expect("the bench's calls are valid")
}

/// The one-pass loop a user writes.
fn plain_stats(x: &[f32]) -> (f32, f32, u32) {
    let (mut lo, mut hi, mut nans) = (f32::INFINITY, f32::NEG_INFINITY, 0u32);
    for &v in x {
        lo = lo.min(v);
        hi = hi.max(v);
        nans += u32::from(v.is_nan());
    }
    (lo, hi, nans)
}

fn plain_argmax(x: &[f32]) -> Option<(usize, &f32)> {
    x.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1))
}

fn stats_bench(c: &mut Criterion) {
    threads::set_max_threads(1);
    for n in SIZES {
        let x = random(n, n as u64);
        let three = (
            ok(stdlib::min::slices(&x)),
            ok(stdlib::max::slices(&x)),
            ok(nan_count::slices(&x)),
        );
        assert_eq!(ok(stats::slices(&x)), three, "stats");
        assert_eq!(plain_stats(&x), three, "plain loop");
        let mut group = c.benchmark_group(format!("language_stats_{n}"));
        group.bench_function("tuple", |b| {
            b.iter(|| ok(stats::slices(black_box(&x))));
        });
        group.bench_function("three_reductions", |b| {
            b.iter(|| {
                (
                    ok(stdlib::min::slices(black_box(&x))),
                    ok(stdlib::max::slices(black_box(&x))),
                    ok(nan_count::slices(black_box(&x))),
                )
            });
        });
        group.bench_function("plain_loop", |b| {
            b.iter(|| plain_stats(black_box(&x)));
        });
        group.finish();
    }
    threads::set_max_threads(0);
}

fn argmax_bench(c: &mut Criterion) {
    threads::set_max_threads(1);
    for n in SIZES {
        let x = random(n, 7 * n as u64);
        let (i, &v) = plain_argmax(&x).expect("not empty");
        // Values are distinct here, so the last and the first of equals agree.
        assert_eq!(ok(stdlib::argmax::slices(&x)), (v, i as i64), "argmax");
        let mut group = c.benchmark_group(format!("language_argmax_{n}"));
        group.bench_function("stdlib", |b| {
            b.iter(|| ok(stdlib::argmax::slices(black_box(&x))));
        });
        group.bench_function("max_by", |b| {
            b.iter(|| plain_argmax(black_box(&x)));
        });
        group.finish();
    }
    threads::set_max_threads(0);
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
    targets = stats_bench, argmax_bench
}
criterion_main!(benches);
