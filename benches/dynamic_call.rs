//! What a call by name costs: `add` on 100 and 3,072 f32 inline, through the registry (linked), and
//! from the example cdylib (`plus`, the same body), beside the idiomatic loop.
//!
//! `cargo bench --bench dynamic_call`. The cdylib is built first, in release, with the
//! cargo that runs the bench.

#[path = "../examples/support/kernel_libs.rs"]
#[allow(dead_code, reason = "the bench builds only the cdylib")]
mod kernel_libs;

use criterion::{Criterion, criterion_group, criterion_main};
use hologram::{Registry, stdlib};
use std::hint::black_box;

fn dynamic_call(c: &mut Criterion) {
    let library = kernel_libs::build_user_kernels(true, None).expect("build user-kernels");
    let mut reg = Registry::with_stdlib();
    reg.load_library(&library).expect("load user-kernels");
    let (linked, loaded) = (reg.get("add").expect("add"), reg.get("plus").expect("plus"));

    for n in [100, 3072] {
        let x: Vec<f32> = (0..n).map(|i| i as f32 * 0.5 - 7.0).collect();
        let y: Vec<f32> = (0..n).map(|i| 3.0 - i as f32 * 0.25).collect();
        let mut out = vec![0.0f32; n];

        let mut group = c.benchmark_group(format!("add_{n}"));
        group.bench_function("native", |b| {
            b.iter(|| {
                for ((o, a), b) in out.iter_mut().zip(black_box(&x)).zip(black_box(&y)) {
                    *o = a + b;
                }
            });
        });
        group.bench_function("inline", |b| {
            b.iter(|| stdlib::add::slices(black_box(&x), black_box(&y), &mut out));
        });
        group.bench_function("dynamic_linked", |b| {
            b.iter(|| {
                linked.run_slices(
                    &[],
                    &[black_box(&x).into(), black_box(&y).into()],
                    &mut [(&mut out).into()],
                )
            });
        });
        group.bench_function("dynamic_cdylib", |b| {
            b.iter(|| {
                loaded.run_slices(
                    &[],
                    &[black_box(&x).into(), black_box(&y).into()],
                    &mut [(&mut out).into()],
                )
            });
        });
        group.finish();
        let exact = out
            .iter()
            .zip(x.iter().zip(&y))
            .all(|(o, (a, b))| *o == a + b);
        assert!(exact, "every variant computes x + y");
    }
}

criterion_group!(benches, dynamic_call);
criterion_main!(benches);
