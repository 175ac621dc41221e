//! The speed of the `hologram::math` functions inside a kernel against the loop a Rust user
//! would write with std's `f32` methods (which call the system libm one element at a time):
//! `cargo bench --bench math`.
//!
//! One criterion group per function and size (`{function}_{n}`), with these functions:
//! - `libm`: `for (o, &x) in out.iter_mut().zip(x) { *o = x.sin() }`, into a preallocated
//!   output (for `sin_cos`: `x.sin_cos()` into two outputs);
//! - `hologram`: the stdlib kernel's `slices`, on one thread (`threads::set_max_threads(1)`),
//!   so both run on one core.
//!
//! Inputs are random in [-10, 10] (the logarithms: in (0, 10]). Each iteration takes the
//! next of 8 input sets, so that a branchy scalar function cannot learn one block.

use criterion::{Criterion, criterion_group, criterion_main};
use hologram::{stdlib, threads};
use std::hint::black_box;
use std::time::Duration;

const SIZES: [usize; 2] = [3_072, 1 << 16];

/// One function of the bench: the std loop and the kernel, each writing `outs[0]` (and
/// `outs[1]` for two outputs).
struct Func {
    name: &'static str,
    positive: bool,
    libm: fn(&[f32], &mut [f32], &mut [f32]),
    hologram: fn(&[f32], &mut [f32], &mut [f32]),
}

macro_rules! unary {
    ($name:ident, $positive:expr) => {
        Func {
            name: stringify!($name),
            positive: $positive,
            libm: |x, out, _| {
                for (o, &v) in out.iter_mut().zip(x) {
                    *o = v.$name();
                }
            },
            hologram: |x, out, _| stdlib::$name::slices(x, out).expect("equal lengths"),
        }
    };
}

fn funcs() -> Vec<Func> {
    vec![
        unary!(sin, false),
        unary!(cos, false),
        unary!(tan, false),
        Func {
            name: "sin_cos",
            positive: false,
            libm: |x, s, c| {
                for ((s, c), &v) in s.iter_mut().zip(c.iter_mut()).zip(x) {
                    (*s, *c) = v.sin_cos();
                }
            },
            hologram: |x, s, c| stdlib::sin_cos::slices(x, s, c).expect("equal lengths"),
        },
        unary!(ln, true),
        unary!(exp2, false),
        unary!(exp_m1, false),
        unary!(log2, true),
        unary!(log10, true),
        unary!(ln_1p, true),
    ]
}

/// splitmix64, for reproducible inputs.
fn random(state: &mut u64) -> f32 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    ((z ^ (z >> 31)) >> 40) as f32 / (1u64 << 24) as f32
}

fn math(c: &mut Criterion) {
    threads::set_max_threads(1);
    for f in funcs() {
        for n in SIZES {
            let mut state = 0x5eed_u64 + n as u64;
            let sets: Vec<Vec<f32>> = (0..8)
                .map(|_| {
                    (0..n)
                        .map(|_| {
                            let u = random(&mut state);
                            if f.positive {
                                10.0 * (1.0 - u)
                            } else {
                                20.0 * u - 10.0
                            }
                        })
                        .collect()
                })
                .collect();
            let (mut a, mut b) = (vec![0.0f32; n], vec![0.0f32; n]);
            let mut group = c.benchmark_group(format!("{}_{n}", f.name));
            group.throughput(criterion::Throughput::Elements(n as u64));
            for (variant, run) in [("libm", f.libm), ("hologram", f.hologram)] {
                group.bench_function(variant, |bench| {
                    let mut i = 0;
                    bench.iter(|| {
                        i = (i + 1) % sets.len();
                        run(black_box(&sets[i]), &mut a, &mut b);
                        black_box((&a, &b));
                    });
                });
            }
            group.finish();
        }
    }
    threads::set_max_threads(0);
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(1000))
}

criterion_group! {
    name = benches;
    config = config();
    targets = math
}
criterion_main!(benches);
