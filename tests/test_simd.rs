//! The AVX2+FMA copy of every loop gives the same bits as the baseline copy: every stdlib
//! kernel by name (every output of it), and `#[kernel]` definitions inline, run once as
//! dispatched and once with `simd::force_baseline(true)`, on values that include NaN, ±inf,
//! ±0, subnormals and huge values.
//!
//! One test function: `force_baseline` is process-wide.

use hologram::{AnySlice, AnySliceMut, ElemType, KernelKind, Registry, Scalar, kernel, simd};

#[kernel]
fn fma_free(#[uniform] a: f32, x: f32, y: f32) -> f32 {
    a * x + y
}

#[kernel]
fn explicit_fma(x: f32, y: f32, z: f32) -> f32 {
    x.mul_add(y, z)
}

#[kernel(reduce = add)]
fn sum_sq(x: f64) -> f64 {
    x * x
}

/// Deterministic values: mostly in [-12, 12], with specials and subnormals mixed in.
fn values_f64(n: usize, seed: u64) -> Vec<f64> {
    let specials = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        0.0,
        -0.0,
        f64::MIN_POSITIVE / 4.0,
        -f64::MIN_POSITIVE / 3.0,
        1e-300,
        700.0,
        -745.0,
    ];
    let mut state = seed;
    (0..n)
        .map(|i| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            if i % 97 == 5 {
                specials[(state >> 60) as usize % specials.len()]
            } else {
                ((state >> 11) as f64 / (1u64 << 53) as f64) * 24.0 - 12.0
            }
        })
        .collect()
}

fn values_f32(n: usize, seed: u64) -> Vec<f32> {
    let mut v: Vec<f32> = values_f64(n, seed).iter().map(|&x| x as f32).collect();
    for (i, x) in v.iter_mut().enumerate() {
        if i % 89 == 7 {
            *x = f32::from_bits(1 + i as u32 % 1000); // subnormal
        }
        if i % 83 == 11 {
            // huge, up to f32::MAX: the exact reduction of the trigonometric kernels
            *x = f32::from_bits(0x4b00_0000 + (i as u32).wrapping_mul(7919) % 0x3480_0000);
        }
    }
    v
}

fn bits_f32(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
}

fn bits_f64(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

/// Every stdlib kernel by name: the bits of each output and result.
fn stdlib_run(reg: &Registry, n: usize) -> Vec<(String, Vec<u64>)> {
    let mut all = Vec::new();
    for name in reg.names() {
        let k = reg.get(&name).unwrap();
        let d = k.descriptor();
        let uniforms: Vec<Scalar> = d
            .uniforms()
            .iter()
            .enumerate()
            .map(|(i, t)| match t {
                ElemType::F32 => Scalar::F32(if i == 0 { -1.5 } else { 2.5 }),
                ElemType::F64 => Scalar::F64(if i == 0 { -1.5 } else { 2.5 }),
                other => panic!("stdlib uniform of type {other:?}"),
            })
            .collect();
        let f32_inputs: Vec<Vec<f32>> = (0..d.inputs().len())
            .map(|i| values_f32(n, i as u64 + 1))
            .collect();
        let f64_inputs: Vec<Vec<f64>> = (0..d.inputs().len())
            .map(|i| values_f64(n, i as u64 + 1))
            .collect();
        let is_f64 = d.inputs()[0] == ElemType::F64;
        let inputs: Vec<AnySlice> = if is_f64 {
            f64_inputs.iter().map(|v| AnySlice::from(&v[..])).collect()
        } else {
            f32_inputs.iter().map(|v| AnySlice::from(&v[..])).collect()
        };
        let bits = match d.kind() {
            KernelKind::Reduce => k
                .reduce_slices_tuple(&uniforms, &inputs)
                .unwrap()
                .iter()
                .map(|r| match *r {
                    Scalar::F32(v) => u64::from(v.to_bits()),
                    Scalar::F64(v) => v.to_bits(),
                    Scalar::I64(v) => v.cast_unsigned(),
                    other => panic!("stdlib result {other:?}"),
                })
                .collect(),
            _ if is_f64 => {
                let mut outs = vec![vec![0.0f64; n]; d.outputs().len()];
                let mut views: Vec<AnySliceMut> = outs
                    .iter_mut()
                    .map(|o| AnySliceMut::from(&mut o[..]))
                    .collect();
                k.run_slices(&uniforms, &inputs, &mut views).unwrap();
                outs.iter().flat_map(|o| bits_f64(o)).collect()
            }
            _ => {
                let mut outs = vec![vec![0.0f32; n]; d.outputs().len()];
                let mut views: Vec<AnySliceMut> = outs
                    .iter_mut()
                    .map(|o| AnySliceMut::from(&mut o[..]))
                    .collect();
                k.run_slices(&uniforms, &inputs, &mut views).unwrap();
                outs.iter()
                    .flat_map(|o| bits_f32(o))
                    .map(u64::from)
                    .collect()
            }
        };
        all.push((name, bits));
    }
    all
}

fn inline_run(n: usize) -> (Vec<u32>, Vec<u32>, u64) {
    let (x, y, z) = (values_f32(n, 7), values_f32(n, 8), values_f32(n, 9));
    let mut out = vec![0.0f32; n];
    fma_free::slices(0.1, &x, &y, &mut out).unwrap();
    let mut fused = vec![0.0f32; n];
    explicit_fma::slices(&x, &y, &z, &mut fused).unwrap();
    let s = sum_sq::slices(&values_f64(n, 10)).unwrap();
    (bits_f32(&out), bits_f32(&fused), s.to_bits())
}

#[test]
fn avx2_and_baseline_copies_give_the_same_bits() {
    let reg = Registry::with_stdlib();
    let lengths = [1, 15, 16, 17, 100, 1000, 3072, 16_385 + 3];
    println!("dispatched level: {}", simd::level());
    let dispatched: Vec<_> = lengths
        .iter()
        .map(|&n| (stdlib_run(&reg, n), inline_run(n)))
        .collect();
    simd::force_baseline(true);
    let baseline: Vec<_> = lengths
        .iter()
        .map(|&n| (stdlib_run(&reg, n), inline_run(n)))
        .collect();
    simd::force_baseline(false);
    for ((n, fast), plain) in lengths.iter().zip(&dispatched).zip(&baseline) {
        for ((name, a), (_, b)) in fast.0.iter().zip(&plain.0) {
            assert!(a == b, "stdlib `{name}` at n = {n}: the two copies differ");
        }
        assert!(
            fast.1 == plain.1,
            "inline kernels at n = {n}: the two copies differ"
        );
    }
    // The scalar definitions agree too: `a * x + y` is not contracted, `mul_add` is exact.
    let n = 1000;
    let (x, y, z) = (values_f32(n, 7), values_f32(n, 8), values_f32(n, 9));
    let (plain, fused, _) = &dispatched[5].1;
    for i in 0..n {
        assert_eq!(plain[i], (0.1f32 * x[i] + y[i]).to_bits());
        assert_eq!(fused[i], x[i].mul_add(y[i], z[i]).to_bits());
    }
}
