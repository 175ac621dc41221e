//! The speed of the stdlib kernels against the loop a Rust user would write, and against
//! the hardware: `cargo bench --bench kernel_performance`, then
//! `cargo run --release --example bench_report` to write `BENCHMARKS.md`.
//!
//! One criterion group per op and size (`{op}_{n}`), with these functions:
//! - `native`: the idiomatic loop, with `f32` methods (and `libm::erff` for gelu), for the
//!   default target, into a preallocated output;
//! - `inline`: the kernel's `slices` (threads on from `PARALLEL_THRESHOLD` elements);
//! - `inline_1thread`: the same with threads off, at sizes that would use them;
//! - `class`: the kernel's `run` on class memory of the default executor, where it fits;
//! - `dynamic`: the same kernel by name, from the example cdylib (`user-kernels` with its
//!   `stdlib` feature) loaded into a `Registry`.
//!
//! Op `sin_libm` is not a stdlib kernel: `#[kernel]` around `x.sin()`, a body that does not
//! vectorize (`examples/user-kernels/src/bench_kernels.rs`, compiled into the bench and into
//! the cdylib), so that its ratio shows the generated loop's cost around a scalar call.
//!
//! Group `memcpy_{n}` copies `n` f32 with `copy_from_slice`: the machine's reference for
//! moving `8n` bytes.
//!
//! Inputs are random in [-4, 4]. Up to 3,072 elements, each iteration takes the next of 8
//! input sets, so that branchy code cannot learn one block (branchy code that sees one block again and again runs faster than on fresh data).

#[path = "../examples/support/kernel_libs.rs"]
#[allow(dead_code, reason = "the bench builds only the cdylib")]
mod kernel_libs;

#[path = "../examples/user-kernels/src/bench_kernels.rs"]
mod bench_kernels;

use criterion::{
    BenchmarkGroup, Criterion, criterion_group, criterion_main, measurement::WallTime,
};
use hologram::threads::{self, PARALLEL_THRESHOLD};
use hologram::{AnySlice, AnySliceMut, Buffer, Executor, KernelRef, Registry, stdlib};
use std::hint::black_box;
use std::time::Duration;

const SIZES: [usize; 5] = [100, 1_000, 3_072, 65_536, 1 << 20];

/// An op of the bench: how each variant runs it.
struct Op {
    name: &'static str,
    inputs: usize,
    /// Elementwise (writes `out`) or a reduction (returns a value).
    reduce: bool,
    native: fn(&[&[f32]], &mut [f32]) -> f32,
    inline: fn(&[&[f32]], &mut [f32]) -> f32,
    class: fn(&mut Executor, &[Buffer<f32>], Buffer<f32>) -> f32,
}

fn zip1(x: &[&[f32]], out: &mut [f32], f: impl Fn(f32) -> f32) {
    for (o, &a) in out.iter_mut().zip(x[0]) {
        *o = f(a);
    }
}

fn zip2(x: &[&[f32]], out: &mut [f32], f: impl Fn(f32, f32) -> f32) {
    for ((o, &a), &b) in out.iter_mut().zip(x[0]).zip(x[1]) {
        *o = f(a, b);
    }
}

fn native_softmax(x: &[f32], out: &mut [f32]) {
    let m = x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut s = 0.0;
    for (o, &a) in out.iter_mut().zip(x) {
        *o = (a - m).exp();
        s += *o;
    }
    for o in out.iter_mut() {
        *o /= s;
    }
}

fn ok<T>(r: hologram::Result<T>) -> T {
    r.expect("the bench's calls are valid")
}

const OPS: &[Op] = &[
    Op {
        name: "add",
        inputs: 2,
        reduce: false,
        native: |x, o| {
            zip2(x, o, |a, b| a + b);
            0.0
        },
        inline: |x, o| {
            ok(stdlib::add::slices(x[0], x[1], o));
            0.0
        },
        class: |e, x, o| {
            ok(stdlib::add::run(e, x[0], x[1], o));
            0.0
        },
    },
    Op {
        name: "mul",
        inputs: 2,
        reduce: false,
        native: |x, o| {
            zip2(x, o, |a, b| a * b);
            0.0
        },
        inline: |x, o| {
            ok(stdlib::mul::slices(x[0], x[1], o));
            0.0
        },
        class: |e, x, o| {
            ok(stdlib::mul::run(e, x[0], x[1], o));
            0.0
        },
    },
    Op {
        name: "relu",
        inputs: 1,
        reduce: false,
        native: |x, o| {
            zip1(x, o, |a| a.max(0.0));
            0.0
        },
        inline: |x, o| {
            ok(stdlib::relu::slices(x[0], o));
            0.0
        },
        class: |e, x, o| {
            ok(stdlib::relu::run(e, x[0], o));
            0.0
        },
    },
    Op {
        name: "exp",
        inputs: 1,
        reduce: false,
        native: |x, o| {
            zip1(x, o, f32::exp);
            0.0
        },
        inline: |x, o| {
            ok(stdlib::exp::slices(x[0], o));
            0.0
        },
        class: |e, x, o| {
            ok(stdlib::exp::run(e, x[0], o));
            0.0
        },
    },
    Op {
        name: "tanh",
        inputs: 1,
        reduce: false,
        native: |x, o| {
            zip1(x, o, f32::tanh);
            0.0
        },
        inline: |x, o| {
            ok(stdlib::tanh::slices(x[0], o));
            0.0
        },
        class: |e, x, o| {
            ok(stdlib::tanh::run(e, x[0], o));
            0.0
        },
    },
    Op {
        name: "sigmoid",
        inputs: 1,
        reduce: false,
        native: |x, o| {
            zip1(x, o, |a| 1.0 / (1.0 + (-a).exp()));
            0.0
        },
        inline: |x, o| {
            ok(stdlib::sigmoid::slices(x[0], o));
            0.0
        },
        class: |e, x, o| {
            ok(stdlib::sigmoid::run(e, x[0], o));
            0.0
        },
    },
    Op {
        name: "gelu",
        inputs: 1,
        reduce: false,
        native: |x, o| {
            zip1(x, o, |a| {
                0.5 * a * (1.0 + libm::erff(a * core::f32::consts::FRAC_1_SQRT_2))
            });
            0.0
        },
        inline: |x, o| {
            ok(stdlib::gelu::slices(x[0], o));
            0.0
        },
        class: |e, x, o| {
            ok(stdlib::gelu::run(e, x[0], o));
            0.0
        },
    },
    Op {
        name: "softmax",
        inputs: 1,
        reduce: false,
        native: |x, o| {
            native_softmax(x[0], o);
            0.0
        },
        inline: |x, o| {
            ok(stdlib::softmax::slices(x[0], o));
            0.0
        },
        class: |e, x, o| {
            ok(stdlib::softmax::run(e, x[0], o));
            0.0
        },
    },
    Op {
        name: "sin_libm",
        inputs: 1,
        reduce: false,
        native: |x, o| {
            zip1(x, o, f32::sin);
            0.0
        },
        inline: |x, o| {
            ok(bench_kernels::sin_libm::slices(x[0], o));
            0.0
        },
        class: |e, x, o| {
            ok(bench_kernels::sin_libm::run(e, x[0], o));
            0.0
        },
    },
    Op {
        name: "sum",
        inputs: 1,
        reduce: true,
        native: |x, _| x[0].iter().sum::<f32>(),
        inline: |x, _| ok(stdlib::sum::slices(x[0])),
        class: |e, x, _| ok(stdlib::sum::run(e, x[0])),
    },
    Op {
        name: "max",
        inputs: 1,
        reduce: true,
        native: |x, _| x[0].iter().copied().fold(f32::NEG_INFINITY, f32::max),
        inline: |x, _| ok(stdlib::max::slices(x[0])),
        class: |e, x, _| ok(stdlib::max::run(e, x[0])),
    },
    Op {
        name: "dot",
        inputs: 2,
        reduce: true,
        native: |x, _| x[0].iter().zip(x[1]).map(|(a, b)| a * b).sum::<f32>(),
        inline: |x, _| ok(stdlib::dot::slices(x[0], x[1])),
        class: |e, x, _| ok(stdlib::dot::run(e, x[0], x[1])),
    },
];

/// Deterministic values in [-4, 4].
fn random(n: usize, seed: u64) -> Vec<f32> {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 40) as f32 / (1u64 << 24) as f32 * 8.0 - 4.0
        })
        .collect()
}

/// The input sets of one size: `sets[k][i]` is input `i` of set `k`.
fn input_sets(n: usize, inputs: usize) -> Vec<Vec<Vec<f32>>> {
    let count = if n <= 3_072 { 8 } else { 1 };
    (0..count)
        .map(|k| {
            (0..inputs)
                .map(|i| random(n, (k * 4 + i) as u64 + 1))
                .collect()
        })
        .collect()
}

/// Runs `f` on the next input set at every iteration.
fn rotate<'a, T>(sets: &'a [T]) -> impl FnMut() -> &'a T {
    let mut next = 0;
    move || {
        let set = &sets[next];
        next = (next + 1) % sets.len();
        set
    }
}

fn bench_op(group: &mut BenchmarkGroup<'_, WallTime>, op: &Op, n: usize, dynamic: &KernelRef) {
    let sets = input_sets(n, op.inputs);
    let views: Vec<Vec<&[f32]>> = sets
        .iter()
        .map(|set| set.iter().map(Vec::as_slice).collect())
        .collect();
    let mut out = vec![0.0f32; n];

    // Every variant computes the same thing, up to the documented error of each.
    let (mut a, mut b) = (vec![0.0f32; n], vec![0.0f32; n]);
    let (na, nb) = (
        (op.native)(&views[0], &mut a),
        (op.inline)(&views[0], &mut b),
    );
    let close =
        |p: f32, q: f32| (p - q).abs() <= 1e-3 * p.abs().max(1.0) || p.is_nan() && q.is_nan();
    assert!(
        close(na, nb),
        "{} at {n}: native {na}, inline {nb}",
        op.name
    );
    assert!(
        a.iter().zip(&b).all(|(&p, &q)| close(p, q)),
        "{} at {n}",
        op.name
    );

    // The call by name gives the inline call's bits.
    let inputs: Vec<AnySlice<'_>> = views[0].iter().map(|x| AnySlice::from(*x)).collect();
    if op.reduce {
        let by_name = dynamic.reduce_slices(&[], &inputs).expect("a valid call");
        assert_eq!(
            by_name,
            hologram::Scalar::F32(nb),
            "{} at {n}: by name",
            op.name
        );
    } else {
        let mut c = vec![0.0f32; n];
        dynamic
            .run_slices(&[], &inputs, &mut [AnySliceMut::from(&mut c[..])])
            .expect("a valid call");
        let same = b.iter().zip(&c).all(|(p, q)| p.to_bits() == q.to_bits());
        assert!(same, "{} at {n}: by name differs from inline", op.name);
    }

    group.bench_function("native", |bench| {
        let mut next = rotate(&views);
        bench.iter(|| black_box((op.native)(black_box(next()), &mut out)));
    });
    group.bench_function("inline", |bench| {
        let mut next = rotate(&views);
        bench.iter(|| black_box((op.inline)(black_box(next()), &mut out)));
    });
    if n >= PARALLEL_THRESHOLD {
        threads::set_max_threads(1);
        group.bench_function("inline_1thread", |bench| {
            let mut next = rotate(&views);
            bench.iter(|| black_box((op.inline)(black_box(next()), &mut out)));
        });
        threads::set_max_threads(0);
    }
    bench_class(group, op, n, &sets);
    group.bench_function("dynamic", |bench| {
        let mut next = rotate(&views);
        bench.iter(|| {
            let inputs: [AnySlice<'_>; 2] = match next().as_slice() {
                [x] => [(*x).into(), (*x).into()],
                [x, y] => [(*x).into(), (*y).into()],
                _ => unreachable!("ops take one or two inputs"),
            };
            let inputs = black_box(&inputs[..op.inputs]);
            if op.reduce {
                black_box(dynamic.reduce_slices(&[], inputs)).is_ok()
            } else {
                let mut outputs = [AnySliceMut::from(&mut out[..])];
                black_box(dynamic.run_slices(&[], inputs, &mut outputs)).is_ok()
            }
        });
    });
}

/// The `class` variant, where the op's buffers fit the default executor.
fn bench_class(
    group: &mut BenchmarkGroup<'_, WallTime>,
    op: &Op,
    n: usize,
    sets: &[Vec<Vec<f32>>],
) {
    let mut exec = Executor::new();
    let mut buffers = Vec::new();
    for set in sets {
        let mut bufs = Vec::new();
        for input in set {
            match exec.alloc_from(input) {
                Ok(buf) => bufs.push(buf),
                Err(_) => return, // does not fit: no class variant at this size
            }
        }
        buffers.push(bufs);
    }
    let Ok(out) = exec.alloc::<f32>(n) else {
        return;
    };
    group.bench_function("class", |bench| {
        let mut next = rotate(&buffers);
        bench.iter(|| black_box((op.class)(&mut exec, black_box(next()), out)));
    });
}

fn memcpy(group: &mut BenchmarkGroup<'_, WallTime>, n: usize) {
    let src = random(n, 99);
    let mut dst = vec![0.0f32; n];
    group.bench_function("copy", |bench| {
        bench.iter(|| dst.copy_from_slice(black_box(&src)));
    });
    group.bench_function("copy_loop", |bench| {
        bench.iter(|| {
            hologram::simd::dispatch(
                #[inline(always)]
                || {
                    for (d, s) in dst.iter_mut().zip(black_box(&src)) {
                        *d = *s;
                    }
                },
            )
        });
    });
}

fn kernel_performance(c: &mut Criterion) {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| kernel_libs::workspace_root().join("target"))
        .join("kernel-bench");
    let library = kernel_libs::build_user_kernels_with(true, Some(&target), &["stdlib"])
        .expect("build user-kernels with its stdlib feature");
    let mut reg = Registry::new();
    reg.load_library(&library).expect("load user-kernels");
    println!("generated loops run with {}", hologram::simd::level());

    for n in SIZES {
        let mut group = c.benchmark_group(format!("memcpy_{n}"));
        memcpy(&mut group, n);
        group.finish();
        for op in OPS {
            let dynamic = reg.get(op.name).expect("the cdylib exports every op");
            let mut group = c.benchmark_group(format!("{}_{n}", op.name));
            bench_op(&mut group, op, n, &dynamic);
            group.finish();
        }
    }
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(400))
        .measurement_time(Duration::from_millis(1200))
}

criterion_group! {
    name = benches;
    config = config();
    targets = kernel_performance
}
criterion_main!(benches);
