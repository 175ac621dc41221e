//! Half-precision conversions inside kernels against the `half` crate:
//! `cargo bench --bench element_types`, then
//! `cargo run --release --example bench_report -- types` to write the element-types section of
//! `BENCHMARKS.md`.
//!
//! One criterion group per task and size (`types_{task}_{n}`), every variant in the group:
//! - `f16_to_f32` and `bf16_to_f32`: widen a slice of `f16` (`bf16`) into a preallocated
//!   `f32` slice. `hologram` is a `#[kernel]` whose body is `math::f16_to_f32(h)`;
//!   `half_scalar` is the loop a user writes, `for (o, h) in out.iter_mut().zip(x) { *o =
//!   h.to_f32() }`; `half_slice` is `half`'s own slice conversion, `x.convert_to_f32_slice(out)`
//!   (F16C, 8 at a time, where the CPU has it; plain shifts for bf16).
//! - `f32_to_f16` and `f32_to_bf16`: the reverse, rounding to nearest even; `half_scalar` is
//!   `f16::from_f32(x)` per element and `half_slice` is `out.convert_from_f32_slice(x)`.
//! - `dequant_i8_f16`: `out = f16(scale * q)` from `i8` (a quantized weight row to half
//!   precision); `hologram` is the kernel of the tour, `half_scalar` the loop with
//!   `f16::from_f32`.
//!
//! Every Hologram call runs on one thread (`threads::set_max_threads(1)`), as the loops do.
//! Inputs are random (finite `f16`/`bf16` values, `f32` in [-4, 4] with a random exponent
//! spread, `i8` over its range), one set per size.

use criterion::{Criterion, criterion_group, criterion_main};
use half::slice::HalfFloatSliceExt;
use hologram::half::{bf16, f16};
use hologram::{kernel, math, threads};
use std::hint::black_box;
use std::time::Duration;

const SIZES: [usize; 3] = [1_000, 65_536, 1 << 20];

/// An `f16` widened to `f32`.
#[kernel]
fn widen_f16(h: f16) -> f32 {
    math::f16_to_f32(h)
}

/// A `bf16` widened to `f32`.
#[kernel]
fn widen_bf16(h: bf16) -> f32 {
    math::bf16_to_f32(h)
}

/// An `f32` rounded to `f16`.
#[kernel]
fn narrow_f16(x: f32) -> f16 {
    math::f32_to_f16(x)
}

/// An `f32` rounded to `bf16`.
#[kernel]
fn narrow_bf16(x: f32) -> bf16 {
    math::f32_to_bf16(x)
}

/// A quantized weight, scaled, in half precision.
#[kernel]
fn dequant(#[uniform] scale: f32, q: i8) -> f16 {
    math::f32_to_f16(scale * f32::from(q))
}

/// `n` pseudo-random 64-bit values from a splitmix64 stream.
fn random(n: usize, seed: u64) -> Vec<u64> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        })
        .collect()
}

/// Finite `f16` values of every exponent.
fn halves(n: usize) -> Vec<f16> {
    random(n, 1)
        .into_iter()
        .map(|r| {
            let bits = r as u16;
            // Keep the exponent below all ones: no infinities or NaNs.
            let bits = if bits & 0x7c00 == 0x7c00 {
                bits & !0x4000
            } else {
                bits
            };
            f16::from_bits(bits)
        })
        .collect()
}

/// Finite `bf16` values of every exponent.
fn bhalves(n: usize) -> Vec<bf16> {
    random(n, 2)
        .into_iter()
        .map(|r| {
            let bits = r as u16;
            let bits = if bits & 0x7f80 == 0x7f80 {
                bits & !0x4000
            } else {
                bits
            };
            bf16::from_bits(bits)
        })
        .collect()
}

/// `f32` values in [-4, 4] scaled by powers of two from 2^-20 to 2^20: normal, subnormal
/// and overflowing `f16` results all occur.
fn floats(n: usize) -> Vec<f32> {
    random(n, 3)
        .into_iter()
        .map(|r| {
            let unit = (r >> 40) as f32 / (1u64 << 24) as f32 * 8.0 - 4.0;
            unit * 2f32.powi((r & 0x3f) as i32 - 20)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    threads::set_max_threads(1);
    for n in SIZES {
        let h = halves(n);
        let b = bhalves(n);
        let x = floats(n);
        let q: Vec<i8> = random(n, 4).into_iter().map(|r| r as i8).collect();
        let mut wide = vec![0.0f32; n];
        let mut narrow = vec![f16::ZERO; n];
        let mut bnarrow = vec![bf16::ZERO; n];

        let mut g = c.benchmark_group(format!("types_f16_to_f32_{n}"));
        g.bench_function("hologram", |bch| {
            bch.iter(|| widen_f16::slices(black_box(&h), black_box(&mut wide)).expect("lengths"))
        });
        g.bench_function("half_scalar", |bch| {
            bch.iter(|| {
                for (o, v) in black_box(&mut wide).iter_mut().zip(black_box(&h)) {
                    *o = v.to_f32();
                }
            })
        });
        g.bench_function("half_slice", |bch| {
            bch.iter(|| black_box(&h).convert_to_f32_slice(black_box(&mut wide)))
        });
        g.finish();

        let mut g = c.benchmark_group(format!("types_bf16_to_f32_{n}"));
        g.bench_function("hologram", |bch| {
            bch.iter(|| widen_bf16::slices(black_box(&b), black_box(&mut wide)).expect("lengths"))
        });
        g.bench_function("half_scalar", |bch| {
            bch.iter(|| {
                for (o, v) in black_box(&mut wide).iter_mut().zip(black_box(&b)) {
                    *o = v.to_f32();
                }
            })
        });
        g.bench_function("half_slice", |bch| {
            bch.iter(|| black_box(&b).convert_to_f32_slice(black_box(&mut wide)))
        });
        g.finish();

        let mut g = c.benchmark_group(format!("types_f32_to_f16_{n}"));
        g.bench_function("hologram", |bch| {
            bch.iter(|| narrow_f16::slices(black_box(&x), black_box(&mut narrow)).expect("lengths"))
        });
        g.bench_function("half_scalar", |bch| {
            bch.iter(|| {
                for (o, &v) in black_box(&mut narrow).iter_mut().zip(black_box(&x)) {
                    *o = f16::from_f32(v);
                }
            })
        });
        g.bench_function("half_slice", |bch| {
            bch.iter(|| black_box(&mut narrow).convert_from_f32_slice(black_box(&x)))
        });
        g.finish();

        let mut g = c.benchmark_group(format!("types_f32_to_bf16_{n}"));
        g.bench_function("hologram", |bch| {
            bch.iter(|| {
                narrow_bf16::slices(black_box(&x), black_box(&mut bnarrow)).expect("lengths")
            })
        });
        g.bench_function("half_scalar", |bch| {
            bch.iter(|| {
                for (o, &v) in black_box(&mut bnarrow).iter_mut().zip(black_box(&x)) {
                    *o = bf16::from_f32(v);
                }
            })
        });
        g.bench_function("half_slice", |bch| {
            bch.iter(|| black_box(&mut bnarrow).convert_from_f32_slice(black_box(&x)))
        });
        g.finish();

        let mut g = c.benchmark_group(format!("types_dequant_i8_f16_{n}"));
        g.bench_function("hologram", |bch| {
            bch.iter(|| {
                dequant::slices(black_box(0.03125), black_box(&q), black_box(&mut narrow))
                    .expect("lengths")
            })
        });
        g.bench_function("half_scalar", |bch| {
            bch.iter(|| {
                let scale = black_box(0.03125f32);
                for (o, &v) in black_box(&mut narrow).iter_mut().zip(black_box(&q)) {
                    *o = f16::from_f32(scale * f32::from(v));
                }
            })
        });
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
