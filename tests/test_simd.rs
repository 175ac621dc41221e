//! The AVX2+FMA copy of every loop gives the same bits as the baseline copy: every stdlib
//! kernel by name, of every element type (every output of it), and `#[kernel]` definitions inline, run once as
//! dispatched and once with `simd::force_baseline(true)`, on values that include NaN, ±inf,
//! ±0, subnormals and huge values.
//!
//! One test function: `force_baseline` is process-wide.

use hologram::half::{bf16, f16};
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

/// A stream of any element type, made from the f64 test values (`as` for integers, rounded
/// for the halves, `> 0` for bools), for the stdlib kernels of every type.
enum Stream {
    F32(Vec<f32>),
    F64(Vec<f64>),
    I32(Vec<i32>),
    I64(Vec<i64>),
    U32(Vec<u32>),
    U8(Vec<u8>),
    I8(Vec<i8>),
    I16(Vec<i16>),
    U16(Vec<u16>),
    U64(Vec<u64>),
    Bool(Vec<bool>),
    F16(Vec<f16>),
    BF16(Vec<bf16>),
}

macro_rules! each_stream {
    ($s:expr, |$v:ident| $body:expr) => {
        match $s {
            Stream::F32($v) => $body,
            Stream::F64($v) => $body,
            Stream::I32($v) => $body,
            Stream::I64($v) => $body,
            Stream::U32($v) => $body,
            Stream::U8($v) => $body,
            Stream::I8($v) => $body,
            Stream::I16($v) => $body,
            Stream::U16($v) => $body,
            Stream::U64($v) => $body,
            Stream::Bool($v) => $body,
            Stream::F16($v) => $body,
            Stream::BF16($v) => $body,
        }
    };
}

impl Stream {
    fn new(t: ElemType, n: usize, seed: u64) -> Stream {
        let f64s = values_f64(n, seed);
        let f32s = values_f32(n, seed);
        // Integers from the values scaled up, so that they wrap and reach the extremes.
        let ints = f64s
            .iter()
            .map(|&v| if v.is_finite() { (v * 1e4) as i64 } else { -1 });
        match t {
            ElemType::F32 => Stream::F32(f32s),
            ElemType::F64 => Stream::F64(f64s),
            ElemType::I32 => Stream::I32(ints.map(|v| v as i32).collect()),
            ElemType::I64 => Stream::I64(ints.collect()),
            ElemType::U32 => Stream::U32(ints.map(|v| v as u32).collect()),
            ElemType::U8 => Stream::U8(ints.map(|v| v as u8).collect()),
            ElemType::I8 => Stream::I8(ints.map(|v| v as i8).collect()),
            ElemType::I16 => Stream::I16(ints.map(|v| v as i16).collect()),
            ElemType::U16 => Stream::U16(ints.map(|v| v as u16).collect()),
            ElemType::U64 => Stream::U64(ints.map(|v| v as u64).collect()),
            ElemType::Bool => Stream::Bool(f32s.iter().map(|&v| v > 0.0).collect()),
            ElemType::F16 => Stream::F16(f32s.iter().map(|&v| f16::from_f32(v)).collect()),
            ElemType::BF16 => Stream::BF16(f32s.iter().map(|&v| bf16::from_f32(v)).collect()),
        }
    }

    fn slice(&self) -> AnySlice<'_> {
        each_stream!(self, |v| AnySlice::new(v))
    }

    fn slice_mut(&mut self) -> AnySliceMut<'_> {
        each_stream!(self, |v| AnySliceMut::new(v))
    }

    /// Every element as its bits.
    fn bits(&self) -> Vec<u64> {
        match self {
            Stream::F32(v) => v.iter().map(|x| u64::from(x.to_bits())).collect(),
            Stream::F64(v) => v.iter().map(|x| x.to_bits()).collect(),
            Stream::Bool(v) => v.iter().map(|&x| u64::from(x)).collect(),
            Stream::F16(v) => v.iter().map(|x| u64::from(x.to_bits())).collect(),
            Stream::BF16(v) => v.iter().map(|x| u64::from(x.to_bits())).collect(),
            Stream::I32(v) => v.iter().map(|&x| x as u64).collect(),
            Stream::I64(v) => v.iter().map(|&x| x as u64).collect(),
            Stream::U32(v) => v.iter().map(|&x| x as u64).collect(),
            Stream::U8(v) => v.iter().map(|&x| x as u64).collect(),
            Stream::I8(v) => v.iter().map(|&x| x as u64).collect(),
            Stream::I16(v) => v.iter().map(|&x| x as u64).collect(),
            Stream::U16(v) => v.iter().map(|&x| x as u64).collect(),
            Stream::U64(v) => v.clone(),
        }
    }
}

/// A uniform of type `t`: -1.5 (or -2) for the first, 2.5 (or 2) for the others.
fn uniform(t: ElemType, first: bool) -> Scalar {
    let v = if first { -1.5f64 } else { 2.5 };
    let i = if first { -2i64 } else { 2 };
    match t {
        ElemType::F32 => Scalar::F32(v as f32),
        ElemType::F64 => Scalar::F64(v),
        ElemType::I32 => Scalar::I32(i as i32),
        ElemType::I64 => Scalar::I64(i),
        ElemType::U32 => Scalar::U32(i as u32),
        ElemType::U8 => Scalar::U8(i as u8),
        ElemType::I8 => Scalar::I8(i as i8),
        ElemType::I16 => Scalar::I16(i as i16),
        ElemType::U16 => Scalar::U16(i as u16),
        ElemType::U64 => Scalar::U64(i as u64),
        ElemType::Bool => Scalar::Bool(first),
        ElemType::F16 => Scalar::F16(f16::from_f64(v)),
        ElemType::BF16 => Scalar::BF16(bf16::from_f64(v)),
    }
}

/// The bits of a reduction's result.
fn scalar_bits(s: Scalar) -> u64 {
    match s {
        Scalar::F32(v) => u64::from(v.to_bits()),
        Scalar::F64(v) => v.to_bits(),
        Scalar::I32(v) => v as u64,
        Scalar::I64(v) => v as u64,
        Scalar::U32(v) => u64::from(v),
        Scalar::U8(v) => u64::from(v),
        Scalar::I8(v) => v as u64,
        Scalar::I16(v) => v as u64,
        Scalar::U16(v) => u64::from(v),
        Scalar::U64(v) => v,
        Scalar::Bool(v) => u64::from(v),
        Scalar::F16(v) => u64::from(v.to_bits()),
        Scalar::BF16(v) => u64::from(v.to_bits()),
    }
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
            .map(|(i, &t)| uniform(t, i == 0))
            .collect();
        let streams: Vec<Stream> = d
            .inputs()
            .iter()
            .enumerate()
            .map(|(i, &t)| Stream::new(t, n, i as u64 + 1))
            .collect();
        let inputs: Vec<AnySlice> = streams.iter().map(Stream::slice).collect();
        let bits = match d.kind() {
            KernelKind::Reduce => k
                .reduce_slices_tuple(&uniforms, &inputs)
                .unwrap()
                .iter()
                .map(|r| scalar_bits(*r))
                .collect(),
            _ => {
                let mut outs: Vec<Stream> =
                    d.outputs().iter().map(|&t| Stream::new(t, n, 99)).collect();
                let mut views: Vec<AnySliceMut> = outs.iter_mut().map(Stream::slice_mut).collect();
                k.run_slices(&uniforms, &inputs, &mut views).unwrap();
                drop(views);
                outs.iter().flat_map(Stream::bits).collect()
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
