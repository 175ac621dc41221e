//! The element types `i8, i16, u16, u64, bool, f16, bf16`, each against a plain scalar loop,
//! bit for bit: through `slices`, class memory (`run`), strided arrays (`arrays`, reversed),
//! by name (`run_slices`, `run_arrays`, `reduce_slices`), and the reductions `add`, `min` and
//! `max` at lengths around the lane (32) and block (16,384) sizes. The half-precision kernels
//! are checked against the `half` crate's scalar conversions.

use hologram::half::{bf16, f16};
use hologram::{
    AnySlice, AnySliceMut, AnyView, AnyViewMut, ElemType, Executor, Registry, Scalar, View,
    ViewMut, kernel, math,
};
use proptest::prelude::*;

/// Lengths that straddle the chunk (32 lanes) and block (16,384) boundaries.
fn length() -> impl Strategy<Value = usize> {
    prop_oneof![
        4 => 0..100usize,
        1 => (0usize..5).prop_map(|k| 16_384 * (k % 2 + 1) + k * 7 - 3),
    ]
}

/// An executor large enough for three streams of the longest length here.
fn executor() -> Executor {
    Executor::with_classes(64, 8 * 16_384).expect("class layout")
}

macro_rules! integer_kernels {
    ($($m:ident $t:ident),*) => {$(
        mod $m {
            use super::*;

            /// `a * c + b`, wrapping: a uniform and two streams.
            #[kernel]
            pub fn axpy(#[uniform] c: $t, a: $t, b: $t) -> $t {
                a.wrapping_mul(c).wrapping_add(b)
            }

            /// The wrapping sum.
            #[kernel(reduce = add)]
            pub fn total(x: $t) -> $t {
                x
            }

            /// The smallest element.
            #[kernel(reduce = min)]
            pub fn least(x: $t) -> $t {
                x
            }

            /// The largest element.
            #[kernel(reduce = max)]
            pub fn most(x: $t) -> $t {
                x
            }

            pub fn reference(c: $t, a: &[$t], b: &[$t]) -> Vec<$t> {
                a.iter().zip(b).map(|(&a, &b)| a.wrapping_mul(c).wrapping_add(b)).collect()
            }

            proptest! {
                #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

                #[test]
                fn every_path_matches_a_scalar_loop(
                    len in length(),
                    seed in any::<u64>(),
                    c in any::<$t>(),
                ) {
                    let a: Vec<$t> = bits(len, seed).map(|r| r as $t).collect();
                    let b: Vec<$t> = bits(len, !seed).map(|r| r as $t).collect();
                    let want = reference(c, &a, &b);

                    let mut out = vec![0 as $t; len];
                    axpy::slices(c, &a, &b, &mut out).unwrap();
                    prop_assert_eq!(&out, &want);

                    let mut exec = executor();
                    let (ba, bb) = (exec.alloc_from(&a).unwrap(), exec.alloc_from(&b).unwrap());
                    let bo = exec.alloc::<$t>(len).unwrap();
                    axpy::run(&mut exec, c, ba, bb, bo).unwrap();
                    prop_assert_eq!(exec.read(bo).unwrap(), &want[..]);

                    // Reversed views: element i of each is element len-1-i of the data.
                    let mut rev = vec![0 as $t; len];
                    if len > 0 {
                        let ra = View::strided(&a, len - 1, &[len], &[-1]).unwrap();
                        let rb = View::strided(&b, len - 1, &[len], &[-1]).unwrap();
                        let ro = ViewMut::strided(&mut rev, len - 1, &[len], &[-1]).unwrap();
                        axpy::arrays(c, ra, rb, ro).unwrap();
                    }
                    prop_assert_eq!(&rev, &want);

                    let mut reg = Registry::new();
                    reg.register(axpy::KERNEL).unwrap();
                    let k = reg.get("axpy").unwrap();
                    let mut named = vec![0 as $t; len];
                    k.run_slices(&[c.into()], &[(&a).into(), (&b).into()], &mut [(&mut named).into()])
                        .unwrap();
                    prop_assert_eq!(&named, &want);
                    let mut named = vec![0 as $t; len];
                    k.run_arrays(
                        &[Scalar::from(c)],
                        &[AnyView::from(&a), AnyView::from(&b)],
                        &mut [AnyViewMut::from(&mut named)],
                    )
                    .unwrap();
                    prop_assert_eq!(&named, &want);

                    let sum = a.iter().fold(0 as $t, |s, &x| s.wrapping_add(x));
                    let min = a.iter().copied().min().unwrap_or(<$t>::MAX);
                    let max = a.iter().copied().max().unwrap_or(<$t>::MIN);
                    prop_assert_eq!(total::slices(&a).unwrap(), sum);
                    prop_assert_eq!(least::slices(&a).unwrap(), min);
                    prop_assert_eq!(most::slices(&a).unwrap(), max);
                    prop_assert_eq!(total::run(&exec, ba).unwrap(), sum);
                    prop_assert_eq!(most::arrays(&a).unwrap(), max);
                    let mut reg = Registry::new();
                    reg.register(total::KERNEL).unwrap();
                    let k = reg.get(total::KERNEL.descriptor().name()).unwrap();
                    prop_assert_eq!(k.reduce_slices(&[], &[(&a).into()]).unwrap(), Scalar::from(sum));
                    prop_assert_eq!(k.descriptor().inputs(), &[ElemType::$m]);
                }
            }
        }
    )*};
}

// The module names double as the `ElemType` variants.
#[allow(non_snake_case)]
mod ints {
    use super::*;
    integer_kernels!(I8 i8, I16 i16, U16 u16, U64 u64);
}

/// `n` pseudo-random 64-bit values from a splitmix64 stream.
fn bits(n: usize, seed: u64) -> impl Iterator<Item = u64> {
    let mut state = seed;
    (0..n).map(move |_| {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    })
}

/// `scale * q` rounded to `f16`: the dequantization of the design's example.
#[kernel]
pub fn dequant(#[uniform] scale: f32, q: i8) -> f16 {
    math::f32_to_f16(scale * f32::from(q))
}

/// `x * w` in `bf16`, widened: two half-precision types in, one `f32` out.
#[kernel]
pub fn scaled(x: f16, w: bf16) -> f32 {
    math::f16_to_f32(x) * math::bf16_to_f32(w)
}

/// The `f16` sum, rounded at every step (the built-in `add` of the type).
#[kernel(reduce = add)]
pub fn half_sum(x: f16) -> f16 {
    x
}

/// The largest `bf16`.
#[kernel(reduce = max)]
pub fn bf_max(x: bf16) -> bf16 {
    x
}

/// Where `x` is above the uniform.
#[kernel]
pub fn above(x: f32, #[uniform] t: f32) -> bool {
    x > t
}

/// `m & !n`, and whether either is set.
#[kernel]
pub fn masks(m: bool, n: bool) -> (bool, bool) {
    (m & !n, m | n)
}

/// How many are set.
#[kernel(reduce = add)]
pub fn count(m: bool) -> u64 {
    u64::from(m)
}

/// Whether all are set.
#[kernel(reduce = min)]
pub fn all(m: bool) -> bool {
    m
}

/// Whether any is set.
#[kernel(reduce = max)]
pub fn any_set(m: bool) -> bool {
    m
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn half_precision_kernels_match_half(len in length(), seed in any::<u64>(), scale in -4.0f32..4.0) {
        let q: Vec<i8> = bits(len, seed).map(|r| r as i8).collect();
        let want: Vec<u16> = q.iter().map(|&v| f16::from_f32(scale * f32::from(v)).to_bits()).collect();
        let mut out = vec![f16::ZERO; len];
        dequant::slices(scale, &q, &mut out).unwrap();
        prop_assert_eq!(out.iter().map(|h| h.to_bits()).collect::<Vec<_>>(), want.clone());

        let mut exec = executor();
        let (bq, bo) = (exec.alloc_from(&q).unwrap(), exec.alloc::<f16>(len).unwrap());
        dequant::run(&mut exec, scale, bq, bo).unwrap();
        prop_assert_eq!(exec.read(bo).unwrap().iter().map(|h| h.to_bits()).collect::<Vec<_>>(), want.clone());

        let mut reg = Registry::new();
        reg.register(dequant::KERNEL).unwrap();
        let mut named = vec![f16::ZERO; len];
        reg.get("dequant").unwrap()
            .run_slices(&[scale.into()], &[(&q).into()], &mut [(&mut named).into()]).unwrap();
        prop_assert_eq!(named.iter().map(|h| h.to_bits()).collect::<Vec<_>>(), want);

        // Every bit pattern, NaNs included.
        let x: Vec<f16> = bits(len, seed ^ 1).map(|r| f16::from_bits(r as u16)).collect();
        let w: Vec<bf16> = bits(len, seed ^ 2).map(|r| bf16::from_bits(r as u16)).collect();
        let want: Vec<u32> = x.iter().zip(&w).map(|(a, b)| (a.to_f32() * b.to_f32()).to_bits()).collect();
        let mut out = vec![0.0f32; len];
        scaled::slices(&x, &w, &mut out).unwrap();
        prop_assert_eq!(out.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), want);

        // The reductions: half_sum folds in the documented order, so compare with the
        // same kernel on a contiguous copy through another path, and with a scalar
        // fold where the order cannot matter (max).
        let finite: Vec<f16> = x.iter().map(|h| if h.is_nan() { f16::ONE } else { *h }).collect();
        let by_slices = half_sum::slices(&finite).unwrap();
        let b = exec.alloc_from(&finite).unwrap();
        prop_assert_eq!(half_sum::run(&exec, b).unwrap().to_bits(), by_slices.to_bits());
        prop_assert_eq!(half_sum::arrays(&finite).unwrap().to_bits(), by_slices.to_bits());
        let wf: Vec<bf16> = w.iter().map(|h| if h.is_nan() { bf16::ZERO } else { *h }).collect();
        let max = wf.iter().map(|h| h.to_f32()).fold(f32::NEG_INFINITY, f32::max);
        prop_assert_eq!(bf_max::slices(&wf).unwrap().to_f32(), max);
        if w.iter().any(|h| h.is_nan()) {
            prop_assert!(bf_max::slices(&w).unwrap().is_nan());
        }
    }

    #[test]
    fn bool_kernels_match_a_scalar_loop(len in length(), seed in any::<u64>()) {
        let x: Vec<f32> = bits(len, seed).map(|r| (r >> 40) as f32 / 16_777_216.0 - 0.5).collect();
        let m: Vec<bool> = x.iter().map(|&v| v > 0.0).collect();
        let mut got = vec![false; len];
        above::slices(&x, 0.0, &mut got).unwrap();
        prop_assert_eq!(&got, &m);

        let n: Vec<bool> = bits(len, !seed).map(|r| r & 1 == 1).collect();
        let (mut o0, mut o1) = (vec![false; len], vec![false; len]);
        masks::slices(&m, &n, &mut o0, &mut o1).unwrap();
        let want0: Vec<bool> = m.iter().zip(&n).map(|(&a, &b)| a & !b).collect();
        let want1: Vec<bool> = m.iter().zip(&n).map(|(&a, &b)| a | b).collect();
        prop_assert_eq!(&o0, &want0);
        prop_assert_eq!(&o1, &want1);

        let mut exec = executor();
        let (bm, bn) = (exec.alloc_from(&m).unwrap(), exec.alloc_from(&n).unwrap());
        // In place: the first output over the first input.
        let bo = exec.alloc::<bool>(len).unwrap();
        masks::run(&mut exec, bm, bn, bm, bo).unwrap();
        prop_assert_eq!(exec.read(bm).unwrap(), &want0[..]);
        prop_assert_eq!(exec.read(bo).unwrap(), &want1[..]);

        let trues = m.iter().filter(|&&b| b).count() as u64;
        prop_assert_eq!(count::slices(&m).unwrap(), trues);
        prop_assert_eq!(all::slices(&m).unwrap(), m.iter().all(|&b| b));
        prop_assert_eq!(any_set::slices(&m).unwrap(), m.iter().any(|&b| b));
        prop_assert_eq!(count::arrays(&m).unwrap(), trues);

        let reg = Registry::with_stdlib();
        let by_name = reg.get("bool::count").unwrap().reduce_slices(&[], &[(&m).into()]).unwrap();
        prop_assert_eq!(by_name, Scalar::U64(trues));
        let mut named = vec![false; len];
        reg.get("bool::and").unwrap()
            .run_slices(&[], &[(&m).into(), (&n).into()], &mut [(&mut named).into()]).unwrap();
        let want_and: Vec<bool> = m.iter().zip(&n).map(|(&a, &b)| a & b).collect();
        prop_assert_eq!(named, want_and);

        // Bytes from outside Rust become a bool stream only through the check.
        let bytes: Vec<u8> = m.iter().map(|&b| u8::from(b)).collect();
        prop_assert_eq!(hologram::bools(&bytes).unwrap(), &m[..]);
    }
}

#[test]
fn half_kernels_vectorize_to_the_same_bits_as_the_baseline_copy() {
    // All 65,536 f16 and bf16 patterns through the dispatched (AVX2) and baseline loops.
    let h: Vec<f16> = (0..=u16::MAX).map(f16::from_bits).collect();
    let b: Vec<bf16> = (0..=u16::MAX).map(bf16::from_bits).collect();
    let mut fast = vec![0.0f32; h.len()];
    let mut plain = vec![0.0f32; h.len()];
    scaled::slices(&h, &b, &mut fast).unwrap();
    hologram::simd::force_baseline(true);
    scaled::slices(&h, &b, &mut plain).unwrap();
    hologram::simd::force_baseline(false);
    let want: Vec<u32> = h
        .iter()
        .zip(&b)
        .map(|(x, w)| (x.to_f32() * w.to_f32()).to_bits())
        .collect();
    assert_eq!(fast.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), want);
    assert_eq!(plain.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), want);
}

#[test]
fn new_types_report_their_types_in_descriptors_and_scalars() {
    assert_eq!(dequant::KERNEL.descriptor().uniforms(), &[ElemType::F32]);
    assert_eq!(dequant::KERNEL.descriptor().inputs(), &[ElemType::I8]);
    assert_eq!(dequant::KERNEL.descriptor().outputs(), &[ElemType::F16]);
    assert_eq!(
        scaled::KERNEL.descriptor().inputs(),
        &[ElemType::F16, ElemType::BF16]
    );
    assert_eq!(count::KERNEL.descriptor().outputs(), &[ElemType::U64]);
    assert_eq!(Scalar::from(true).as_bool(), Some(true));
    assert_eq!(Scalar::from(f16::ONE).elem_type(), ElemType::F16);
    assert_eq!(Scalar::from(-3i8).as_i8(), Some(-3));
    let x = [bf16::ONE; 3];
    assert_eq!(AnySlice::from(&x).elem_type(), ElemType::BF16);
    let mut y = [0u16; 3];
    assert_eq!(AnySliceMut::from(&mut y).elem_type(), ElemType::U16);
}

#[test]
fn a_type_mismatch_by_name_names_the_new_types() {
    let mut reg = Registry::new();
    reg.register(dequant::KERNEL).unwrap();
    let q = [1u8, 2];
    let mut out = [f16::ZERO; 2];
    let err = reg
        .get("dequant")
        .unwrap()
        .run_slices(&[1.0f32.into()], &[(&q).into()], &mut [(&mut out).into()])
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("i8") && text.contains("u8"), "{text}");
}

/// One uniform of every new type, each folded into the output: every `RawElement` read of
/// the entry point.
#[kernel]
#[allow(
    clippy::too_many_arguments,
    reason = "one uniform per element type is the point"
)]
pub fn uniforms(
    #[uniform] a: i8,
    #[uniform] b: i16,
    #[uniform] c: u16,
    #[uniform] d: u64,
    #[uniform] e: bool,
    #[uniform] f: f16,
    #[uniform] g: bf16,
    x: f64,
) -> f64 {
    let sum = f64::from(a) + f64::from(b) + f64::from(c) + d as f64;
    let halves = f64::from(math::f16_to_f32(f)) + f64::from(math::bf16_to_f32(g));
    if e {
        x + sum + halves
    } else {
        x - sum - halves
    }
}

#[test]
fn uniforms_and_results_of_every_new_type_cross_the_entry_point() {
    let mut reg = Registry::with_stdlib();
    reg.register(uniforms::KERNEL).unwrap();
    let x = [1.0f64, 2.0];
    let args: [Scalar; 7] = [
        (-3i8).into(),
        (-300i16).into(),
        60_000u16.into(),
        (1u64 << 40).into(),
        true.into(),
        f16::from_f32(0.5).into(),
        bf16::from_f32(-2.0).into(),
    ];
    let mut out = [0.0f64; 2];
    reg.get("uniforms")
        .unwrap()
        .run_slices(&args, &[(&x).into()], &mut [(&mut out).into()])
        .unwrap();
    let sum = -3.0 - 300.0 + 60_000.0 + (1u64 << 40) as f64 + 0.5 - 2.0;
    assert_eq!(out, [1.0 + sum, 2.0 + sum]);

    // A reduction result of each new type, by name.
    let cases: [(&str, Vec<Scalar>, Scalar); 7] = [
        ("i8::min", vec![], Scalar::I8(-7)),
        ("i16::max", vec![], Scalar::I16(300)),
        ("u16::sum", vec![], Scalar::U16(60_010)),
        ("u64::max", vec![], Scalar::U64(1 << 40)),
        ("bool::all", vec![], Scalar::Bool(false)),
        ("f16::min", vec![], Scalar::F16(f16::from_f32(-1.5))),
        ("bf16::max", vec![], Scalar::BF16(bf16::from_f32(3.0))),
    ];
    let i8s = [-7i8, 5];
    let i16s = [300i16, -2];
    let u16s = [60_000u16, 10];
    let u64s = [1u64 << 40, 3];
    let bools = [true, false];
    let f16s = [f16::from_f32(-1.5), f16::ONE];
    let bf16s = [bf16::from_f32(3.0), bf16::ONE];
    let inputs: [AnySlice; 7] = [
        (&i8s).into(),
        (&i16s).into(),
        (&u16s).into(),
        (&u64s).into(),
        (&bools).into(),
        (&f16s).into(),
        (&bf16s).into(),
    ];
    for ((name, u, want), input) in cases.into_iter().zip(inputs) {
        let got = reg.get(name).unwrap().reduce_slices(&u, &[input]).unwrap();
        assert_eq!(got, want, "{name}");
    }
}
