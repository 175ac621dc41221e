//! Large calls split across threads and give the same results as one thread: elementwise
//! kernels against a scalar loop, reductions bit for bit at every thread cap, on slices, on
//! class memory (in place too) and by name.
//!
//! Thread caps are set per executor, except in the one test that sets the process-wide cap.
//! Every test sets the split worth to zero, so that every call of `PARALLEL_THRESHOLD`
//! elements or more is split whatever its probe measured.

use hologram::threads::{self, PARALLEL_THRESHOLD};
use std::time::Duration;

fn always_split() {
    threads::set_split_worth(Duration::ZERO);
    assert_eq!(threads::split_worth(), Duration::ZERO);
}
use hologram::{AnyBuffer, AnySlice, AnySliceMut, Executor, Registry, Scalar, kernel, stdlib};

#[kernel]
fn affine(#[uniform] a: f32, x: f32, y: f32) -> (f32, f32) {
    (a * x + y, x - y)
}

#[kernel(reduce = add)]
fn weighted(#[uniform] w: f64, x: f32, y: f64) -> f64 {
    w * x as f64 + y
}

#[kernel(reduce(combine = f32::max, identity = f32::NEG_INFINITY))]
fn largest(x: f32) -> f32 {
    x
}

const N: usize = 3 * PARALLEL_THRESHOLD + 12_345;

fn data(n: usize, seed: u32) -> Vec<f32> {
    (0..n)
        .map(|i| {
            ((i as u32).wrapping_mul(2_654_435_761).wrapping_add(seed) >> 8) as f32 / 65536.0
                - 128.0
        })
        .collect()
}

#[test]
fn elementwise_slices_match_a_scalar_loop_at_every_cap() {
    always_split();
    let (x, y) = (data(N, 1), data(N, 2));
    let (mut p, mut q) = (vec![0.0f32; N], vec![0.0f32; N]);
    threads::set_max_threads(0);
    for cap in [1, 2, 3, 4, 0] {
        threads::set_max_threads(cap);
        p.fill(0.0);
        q.fill(0.0);
        affine::slices(0.5, &x, &y, &mut p, &mut q).unwrap();
        for i in 0..N {
            assert_eq!(
                p[i].to_bits(),
                (0.5 * x[i] + y[i]).to_bits(),
                "cap {cap}, i {i}"
            );
            assert_eq!(q[i].to_bits(), (x[i] - y[i]).to_bits(), "cap {cap}, i {i}");
        }
        let s =
            weighted::slices(0.25, &x, &x.iter().map(|&v| v as f64).collect::<Vec<_>>()).unwrap();
        let one = {
            threads::set_max_threads(1);
            let r = weighted::slices(0.25, &x, &x.iter().map(|&v| v as f64).collect::<Vec<_>>());
            threads::set_max_threads(cap);
            r.unwrap()
        };
        assert_eq!(s.to_bits(), one.to_bits(), "cap {cap}");
    }
    threads::set_max_threads(0);
    assert!(threads::max_threads() >= 1);
}

#[test]
fn reductions_give_the_same_bits_at_every_cap_on_class_memory() {
    always_split();
    // 4 buffers of N f32 (and one f64) fit in 64 classes of 128 KiB.
    let mut exec = Executor::with_classes(64, 1 << 17).unwrap();
    let x = exec.alloc_from(&data(N, 3)).unwrap();
    let y = exec.alloc_from(&data(N, 4)).unwrap();
    let mut sums = Vec::new();
    for cap in [1, 2, 3, 5, 0] {
        exec.set_max_threads(cap);
        let s = stdlib::sum::run(&exec, x).unwrap();
        let d = stdlib::dot::run(&exec, x, y).unwrap();
        let m = largest::run(&exec, x).unwrap();
        sums.push((s.to_bits(), d.to_bits(), m.to_bits()));
    }
    assert!(sums.windows(2).all(|w| w[0] == w[1]), "{sums:?}");
    let xs = exec.to_vec(x).unwrap();
    let exact: f64 = xs.iter().map(|&v| v as f64).sum();
    let magnitude: f64 = xs.iter().map(|&v| (v as f64).abs()).sum();
    // Far inside the bound of `hologram::fold` (k = 1033 additions, u = 2^-24).
    assert!((f32::from_bits(sums[0].0) as f64 - exact).abs() < 1e-4 * magnitude);
    assert_eq!(
        f32::from_bits(sums[0].2),
        xs.iter().copied().fold(f32::NEG_INFINITY, f32::max)
    );
}

#[test]
fn class_memory_elementwise_in_place_and_out_of_place() {
    always_split();
    let mut exec = Executor::with_classes(64, 1 << 17).unwrap();
    let xs = data(N, 5);
    let x = exec.alloc_from(&xs).unwrap();
    let y = exec.alloc::<f32>(N).unwrap();
    for cap in [1, 2, 4] {
        exec.set_max_threads(cap);
        exec.write(x, &xs).unwrap();
        stdlib::relu::run(&mut exec, x, y).unwrap();
        stdlib::exp::run(&mut exec, y, y).unwrap(); // in place
        let got = exec.to_vec(y).unwrap();
        for (i, (&g, &v)) in got.iter().zip(&xs).enumerate() {
            assert_eq!(
                g.to_bits(),
                hologram::math::exp(v.max(0.0)).to_bits(),
                "cap {cap}, i {i}"
            );
        }
        // Two outputs, one of them in place.
        affine::run(&mut exec, 2.0, x, y, x, y).unwrap();
        let (gx, gy) = (exec.to_vec(x).unwrap(), exec.to_vec(y).unwrap());
        for i in 0..N {
            let e = hologram::math::exp(xs[i].max(0.0));
            assert_eq!(gx[i].to_bits(), (2.0 * xs[i] + e).to_bits());
            assert_eq!(gy[i].to_bits(), (xs[i] - e).to_bits());
        }
    }
}

#[kernel]
fn refuse_999(x: f32) -> f32 {
    assert!(x != 999.0, "found 999");
    x
}

#[test]
fn a_panic_in_one_piece_of_a_split_dynamic_call_is_an_error() {
    always_split();
    let mut reg = Registry::new();
    reg.register(refuse_999::KERNEL).unwrap();
    let k = reg.get("refuse_999").unwrap();
    let mut x = data(N, 8);
    x[N - 3] = 999.0; // in the last piece
    let mut out = vec![0.0f32; N];
    let err = k
        .run_slices(
            &[],
            &[AnySlice::from(&x[..])],
            &mut [AnySliceMut::from(&mut out[..])],
        )
        .unwrap_err();
    assert!(
        matches!(&err, hologram::Error::KernelPanicked { message, .. } if message.contains("found 999")),
        "{err}"
    );
    x[N - 3] = 0.0;
    k.run_slices(
        &[],
        &[AnySlice::from(&x[..])],
        &mut [AnySliceMut::from(&mut out[..])],
    )
    .unwrap();
    assert_eq!(out, x);
}

#[test]
fn dynamic_calls_split_on_the_host_and_match_inline() {
    always_split();
    let reg = Registry::with_stdlib();
    let add = reg.get("add").unwrap();
    let (x, y) = (data(N, 6), data(N, 7));
    let mut out = vec![0.0f32; N];
    add.run_slices(
        &[],
        &[AnySlice::from(&x[..]), AnySlice::from(&y[..])],
        &mut [AnySliceMut::from(&mut out[..])],
    )
    .unwrap();
    assert!(
        out.iter()
            .zip(x.iter().zip(&y))
            .all(|(o, (a, b))| o.to_bits() == (a + b).to_bits())
    );

    let mut exec = Executor::with_classes(64, 1 << 17).unwrap();
    let bx = exec.alloc_from(&x).unwrap();
    let by = exec.alloc_from(&y).unwrap();
    let clip = reg.get("clip").unwrap();
    let sum = reg.get("sum").unwrap();
    let mut results = Vec::new();
    for cap in [1, 2, 3] {
        exec.set_max_threads(cap);
        exec.write(bx, &x).unwrap();
        clip.run(
            &mut exec,
            &[Scalar::F32(-50.0), Scalar::F32(50.0)],
            &[AnyBuffer::from(bx)],
            &[AnyBuffer::from(bx)],
        )
        .unwrap();
        let got = exec.to_vec(bx).unwrap();
        assert!(got.iter().zip(&x).all(|(g, v)| *g == v.clamp(-50.0, 50.0)));
        results.push(sum.reduce(&exec, &[], &[AnyBuffer::from(by)]).unwrap());
    }
    assert!(results.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(results[0], Scalar::F32(stdlib::sum::slices(&y).unwrap()));
}

#[test]
fn softmax_by_name_is_one_call_over_the_whole_stream() {
    always_split();
    let reg = Registry::with_stdlib();
    let x = data(N, 9);
    for name in ["softmax", "log_softmax"] {
        let k = reg.get(name).unwrap();
        assert!(k.descriptor().is_whole_stream());
        let mut by_name = vec![0.0f32; N];
        k.run_slices(
            &[],
            &[AnySlice::from(&x[..])],
            &mut [AnySliceMut::from(&mut by_name[..])],
        )
        .unwrap();
        let mut inline = vec![0.0f32; N];
        if name == "softmax" {
            stdlib::softmax::slices(&x, &mut inline).unwrap();
        } else {
            stdlib::log_softmax::slices(&x, &mut inline).unwrap();
        }
        assert!(
            by_name
                .iter()
                .zip(&inline)
                .all(|(a, b)| a.to_bits() == b.to_bits()),
            "{name}"
        );
    }
    let raw = hologram::abi::RawDescriptor::from_kernel(&stdlib::softmax::KERNEL);
    assert_eq!(raw.kind, hologram::abi::KIND_ELEMENTWISE_WHOLE);
}
