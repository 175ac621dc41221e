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
//! Inputs are uniform in each function's range: [-10, 10) where the domain allows, else
//! the domain (`[0, 10)` for the logarithms, `[-1, 1)` for `asin`, `acos`, `atanh`, ...).
//! Each iteration takes the next of 8 input sets, so that a branchy scalar function cannot
//! learn one block.

use criterion::{Criterion, criterion_group, criterion_main};
use hologram::{stdlib, threads};
use std::hint::black_box;
use std::time::Duration;

const SIZES: [usize; 2] = [3_072, 1 << 16];

/// A loop over the inputs `(x, y)` into the outputs `(out, second out)`.
type Run = fn(&[f32], &[f32], &mut [f32], &mut [f32]);

/// One function of the bench: the std loop and the kernel, each writing `outs[0]` (and
/// `outs[1]` for two outputs).
struct Func {
    name: &'static str,
    /// The inputs are uniform in `[lo, hi)`.
    range: (f32, f32),
    /// `(x, y, out, second out)`: `y` is a second input set, for `atan2`.
    libm: Run,
    hologram: Run,
}

macro_rules! unary {
    ($name:ident, $lo:expr, $hi:expr) => {
        Func {
            name: stringify!($name),
            range: ($lo, $hi),
            libm: |x, _, out, _| {
                for (o, &v) in out.iter_mut().zip(x) {
                    *o = v.$name();
                }
            },
            hologram: |x, _, out, _| stdlib::$name::slices(x, out).expect("equal lengths"),
        }
    };
}

fn funcs() -> Vec<Func> {
    vec![
        unary!(sin, -10.0, 10.0),
        unary!(cos, -10.0, 10.0),
        unary!(tan, -10.0, 10.0),
        Func {
            name: "sin_cos",
            range: (-10.0, 10.0),
            libm: |x, _, s, c| {
                for ((s, c), &v) in s.iter_mut().zip(c.iter_mut()).zip(x) {
                    (*s, *c) = v.sin_cos();
                }
            },
            hologram: |x, _, s, c| stdlib::sin_cos::slices(x, s, c).expect("equal lengths"),
        },
        unary!(ln, 0.0, 10.0),
        unary!(exp2, -10.0, 10.0),
        unary!(exp_m1, -10.0, 10.0),
        unary!(log2, 0.0, 10.0),
        unary!(log10, 0.0, 10.0),
        unary!(ln_1p, -1.0, 10.0),
        unary!(sinh, -10.0, 10.0),
        unary!(cosh, -10.0, 10.0),
        unary!(asinh, -10.0, 10.0),
        unary!(acosh, 1.0, 10.0),
        unary!(atanh, -1.0, 1.0),
        unary!(asin, -1.0, 1.0),
        unary!(acos, -1.0, 1.0),
        unary!(atan, -10.0, 10.0),
        unary!(cbrt, -10.0, 10.0),
        Func {
            name: "atan2",
            range: (-10.0, 10.0),
            libm: |y, x, out, _| {
                for (o, (&y, &x)) in out.iter_mut().zip(y.iter().zip(x)) {
                    *o = y.atan2(x);
                }
            },
            hologram: |y, x, out, _| stdlib::atan2::slices(y, x, out).expect("equal lengths"),
        },
        Func {
            name: "hypot",
            range: (-10.0, 10.0),
            libm: |x, y, out, _| {
                for (o, (&x, &y)) in out.iter_mut().zip(x.iter().zip(y)) {
                    *o = x.hypot(y);
                }
            },
            hologram: |x, y, out, _| stdlib::hypot::slices(x, y, out).expect("equal lengths"),
        },
        // Positive bases and exponents in [0, 10): libm's usual path, no NaN.
        Func {
            name: "powf",
            range: (0.0, 10.0),
            libm: |x, y, out, _| {
                for (o, (&x, &y)) in out.iter_mut().zip(x.iter().zip(y)) {
                    *o = x.powf(y);
                }
            },
            hologram: |x, y, out, _| stdlib::powf::slices(x, y, out).expect("equal lengths"),
        },
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
                            let (lo, hi) = f.range;
                            lo + (hi - lo) * random(&mut state)
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
                        let y = &sets[(i + 3) % sets.len()];
                        run(black_box(&sets[i]), black_box(y), &mut a, &mut b);
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
