//! Reductions to a tuple: a built-in combiner per component, and one combiner over the whole
//! tuple (Welford's mean and variance, argmax). Every path (`slices`, `run`, `arrays`,
//! `along`, the C entry point by name) gives, per component, the bits of the documented fold
//! order, reproduced by an independent reference; the thread count changes nothing.

#[path = "support/fold_reference.rs"]
mod fold_reference;

use fold_reference::{BLOCK, LANES, reference_fold};
use hologram::threads::{self, PARALLEL_THRESHOLD};
use hologram::{
    AnySlice, ElemType, Error, Executor, KernelRef, Registry, Scalar, View, ViewMut, kernel, stdlib,
};
use proptest::prelude::*;
use std::time::Duration;

/// Min, max and NaN count in one pass.
#[kernel(reduce = (min, max, add))]
fn stats(x: f64) -> (f64, f64, u32) {
    (x, x, u32::from(x.is_nan()))
}

/// A sum and a sum of squares, with a uniform scale: two float adds in one pass.
#[kernel(reduce = (add, add))]
fn moments(#[uniform] k: f32, x: f32) -> (f32, f32) {
    (k * x, x * x)
}

/// Welford/Chan: (count, mean, M2) joined pairwise.
fn welford_combine(a: (f64, f64, f64), b: (f64, f64, f64)) -> (f64, f64, f64) {
    let n = a.0 + b.0;
    if n == 0.0 {
        return (0.0, 0.0, 0.0);
    }
    let delta = b.1 - a.1;
    let mean = a.1 + delta * (b.0 / n);
    let m2 = a.2 + b.2 + delta * delta * (a.0 * b.0 / n);
    (n, mean, m2)
}

#[kernel(reduce(combine = welford_combine, identity = (0.0, 0.0, 0.0)))]
fn welford(x: f64) -> (f64, f64, f64) {
    (1.0, x, 0.0)
}

fn always_split() {
    threads::set_split_worth(Duration::ZERO);
}

/// Lengths around the lane and block sizes, and past the parallel threshold.
fn lengths() -> Vec<usize> {
    let mut n = vec![0, 1, 2, LANES - 1, LANES, LANES + 1, 2 * LANES + 3, 1000];
    n.extend([
        BLOCK - 1,
        BLOCK,
        BLOCK + 1,
        2 * BLOCK + LANES - 1,
        3 * BLOCK + 7,
    ]);
    n.push(PARALLEL_THRESHOLD * 2 + 17);
    n
}

fn data(n: usize, seed: u64) -> Vec<f64> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|i| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let v = (s >> 11) as f64 / (1u64 << 53) as f64 * 200.0 - 100.0;
            if i % 997 == 5 { f64::NAN } else { v }
        })
        .collect()
}

/// The reference: each component folded in the documented order from its own values.
fn stats_reference(x: &[f64]) -> (f64, f64, u32) {
    let min = |a: f64, b: f64| if a <= b || a.is_nan() { a } else { b };
    let max = |a: f64, b: f64| if a >= b || a.is_nan() { a } else { b };
    let nan: Vec<u32> = x.iter().map(|v| u32::from(v.is_nan())).collect();
    (
        reference_fold(x, f64::INFINITY, &min),
        reference_fold(x, f64::NEG_INFINITY, &max),
        reference_fold(&nan, 0, &|a: u32, b: u32| a.wrapping_add(b)),
    )
}

fn bits(t: (f64, f64, u32)) -> (u64, u64, u32) {
    (t.0.to_bits(), t.1.to_bits(), t.2)
}

#[test]
fn builtin_tuple_matches_the_reference_on_every_path() {
    always_split();
    let reg = {
        let mut r = Registry::new();
        r.register(stats::KERNEL).unwrap();
        r
    };
    let by_name = reg.get("stats").unwrap();
    for n in lengths() {
        let x = data(n, n as u64);
        let want = bits(stats_reference(&x));
        assert_eq!(bits(stats::slices(&x).unwrap()), want, "slices, n {n}");
        assert_eq!(bits(stats::arrays(&x).unwrap()), want, "arrays, n {n}");
        // The same values at stride 2 (every other element of a longer array).
        let wide: Vec<f64> = x.iter().flat_map(|&v| [v, 7.0]).collect();
        let strided = View::strided(&wide, 0, &[n], &[2]).unwrap();
        assert_eq!(
            bits(stats::arrays(strided).unwrap()),
            want,
            "strided, n {n}"
        );
        let got = by_name.reduce_slices_tuple(&[], &[(&x).into()]).unwrap();
        assert_eq!(
            (
                got[0].as_f64().unwrap().to_bits(),
                got[1].as_f64().unwrap().to_bits(),
                got[2].as_u32().unwrap()
            ),
            want,
            "by name, n {n}"
        );
        let got = by_name.reduce_arrays_tuple(&[], &[strided.into()]).unwrap();
        assert_eq!(got[2].as_u32(), Some(want.2), "by name strided, n {n}");
        assert_eq!(got[0].as_f64().map(f64::to_bits), Some(want.0));
    }
}

#[test]
fn class_memory_gives_the_same_bits() {
    let n = 2 * BLOCK + 77;
    let x = data(n, 3);
    let mut exec = Executor::with_capacity_bytes(4 * n * 8).unwrap();
    let b = exec.alloc_from(&x).unwrap();
    let want = bits(stats_reference(&x));
    assert_eq!(bits(stats::run(&exec, b).unwrap()), want);
    let k = KernelRef::from(stats::KERNEL);
    let got = k.reduce_tuple(&exec, &[], &[b.into()]).unwrap();
    assert_eq!(got.len(), 3);
    assert_eq!(got[1].as_f64().map(f64::to_bits), Some(want.1));
}

#[test]
fn thread_count_changes_no_bit() {
    always_split();
    let n = 4 * PARALLEL_THRESHOLD + 333;
    let x = data(n, 9);
    let xf: Vec<f32> = x
        .iter()
        .map(|&v| v as f32)
        .filter(|v| !v.is_nan())
        .collect();
    let mut seen = Vec::new();
    for cap in [1, 2, 3, 4, 0] {
        threads::set_max_threads(cap);
        let s = bits(stats::slices(&x).unwrap());
        let (m0, m1) = moments::slices(0.5, &xf).unwrap();
        let (c, mean, m2) = welford::slices(&x).unwrap();
        let by_name = KernelRef::from(welford::KERNEL)
            .reduce_slices_tuple(&[], &[(&x).into()])
            .unwrap();
        assert_eq!(
            by_name[1].as_f64().map(f64::to_bits),
            Some(mean.to_bits()),
            "cap {cap}"
        );
        seen.push((
            s,
            m0.to_bits(),
            m1.to_bits(),
            c.to_bits(),
            mean.to_bits(),
            m2.to_bits(),
        ));
    }
    threads::set_max_threads(0);
    assert!(seen.windows(2).all(|w| w[0] == w[1]), "{seen:?}");
}

#[test]
fn welford_gives_mean_and_variance_in_one_pass() {
    let x: Vec<f64> = (0..50_000)
        .map(|i| f64::from(i % 101) * 0.5 + 3.0)
        .collect();
    let (n, mean, m2) = welford::slices(&x).unwrap();
    let exact_mean = x.iter().sum::<f64>() / x.len() as f64;
    let exact_var = x.iter().map(|v| (v - exact_mean).powi(2)).sum::<f64>() / x.len() as f64;
    assert_eq!(n, x.len() as f64);
    assert!((mean - exact_mean).abs() < 1e-12 * exact_mean.abs());
    assert!((m2 / n - exact_var).abs() < 1e-10 * exact_var);
    // Padded partial chunks fold the identity in, as documented: the reference agrees.
    for len in [0usize, 1, 31, 33, 1000, BLOCK + 5] {
        let v = data(len, 77)
            .into_iter()
            .map(|v| if v.is_nan() { 1.0 } else { v })
            .collect::<Vec<_>>();
        let mapped: Vec<_> = v.iter().map(|&x| (1.0, x, 0.0)).collect();
        let want = reference_fold(&mapped, (0.0, 0.0, 0.0), &welford_combine);
        let got = welford::slices(&v).unwrap();
        assert_eq!(
            (got.0.to_bits(), got.1.to_bits(), got.2.to_bits()),
            (want.0.to_bits(), want.1.to_bits(), want.2.to_bits()),
            "len {len}"
        );
    }
}

#[test]
fn along_writes_one_array_per_component() {
    let x: Vec<f64> = (0..12).map(f64::from).collect();
    let (mut lo, mut hi, mut nans) = ([0.0f64; 3], [0.0f64; 3], [9u32; 3]);
    let m = View::with_shape(&x, &[3, 4]).unwrap();
    stats::along(1, m, &mut lo, &mut hi, &mut nans).unwrap();
    assert_eq!(
        (lo, hi, nans),
        ([0.0, 4.0, 8.0], [3.0, 7.0, 11.0], [0, 0, 0])
    );
    // By name: the same, through the entry point.
    let k = KernelRef::from(stats::KERNEL);
    let (mut lo2, mut hi2, mut nans2) = ([0.0f64; 4], [0.0f64; 4], [9u32; 4]);
    k.reduce_along_tuple(
        0,
        &[],
        &[m.into()],
        &mut [(&mut lo2).into(), (&mut hi2).into(), (&mut nans2).into()],
    )
    .unwrap();
    assert_eq!(
        (lo2, hi2, nans2),
        ([0.0, 1.0, 2.0, 3.0], [8.0, 9.0, 10.0, 11.0], [0; 4])
    );
    // One output short is an arity error, before anything is written.
    let err = k
        .reduce_along_tuple(0, &[], &[m.into()], &mut [(&mut lo2).into()])
        .unwrap_err();
    assert!(matches!(err, Error::ArityMismatch { .. }), "{err}");
}

#[test]
fn single_value_calls_refuse_a_tuple_and_name_the_tuple_call() {
    let k = KernelRef::from(stats::KERNEL);
    let x = [1.0f64];
    let err = k.reduce_slices(&[], &[(&x).into()]).unwrap_err();
    assert!(
        matches!(
            err,
            Error::TupleResult {
                results: 3,
                use_instead: "reduce_slices_tuple",
                ..
            }
        ),
        "{err}"
    );
    // The tuple calls serve one-value reductions too.
    let sum = KernelRef::from(stdlib::sum::KERNEL);
    let r = sum
        .reduce_slices_tuple(&[], &[(&[1.0f32, 2.0]).into()])
        .unwrap();
    assert_eq!(r.as_slice(), &[Scalar::F32(3.0)]);
}

#[test]
fn descriptors_list_every_component_with_its_identity() {
    let d = *stats::KERNEL.descriptor();
    assert_eq!(d.results(), &[ElemType::F64, ElemType::F64, ElemType::U32]);
    assert_eq!(d.to_string(), "stats(f64) -> (f64, f64, u32)");
    let ids = stats::KERNEL.identities().unwrap();
    assert_eq!(
        ids.as_slice(),
        &[
            Scalar::F64(f64::INFINITY),
            Scalar::F64(f64::NEG_INFINITY),
            Scalar::U32(0)
        ]
    );
    assert_eq!(stats::KERNEL.identity(), None);
    assert_eq!(
        stats::slices(&[]).unwrap(),
        (f64::INFINITY, f64::NEG_INFINITY, 0)
    );
    // The C combiner joins whole tuples.
    let combine = stats::KERNEL.combiner().unwrap();
    use hologram::abi::{RawElement, RawScalar, STATUS_OK};
    let a = [1.0f64.into_raw(), 5.0f64.into_raw(), 2u32.into_raw()];
    let b = [(-3.0f64).into_raw(), 4.0f64.into_raw(), 1u32.into_raw()];
    let mut out = [RawScalar { bits: 0 }; 3];
    // SAFETY: three slots each, holding the fields of (f64, f64, u32).
    let status = unsafe { combine(a.as_ptr(), b.as_ptr(), out.as_mut_ptr()) };
    assert_eq!(status, STATUS_OK);
    // SAFETY: the combiner wrote every slot with its component's field.
    let got = unsafe {
        (
            f64::from_raw(out[0]),
            f64::from_raw(out[1]),
            u32::from_raw(out[2]),
        )
    };
    assert_eq!(got, (-3.0, 5.0, 3));
}

#[test]
fn argmax_and_argmin_are_one_pass_first_index() {
    always_split();
    let n = 3 * PARALLEL_THRESHOLD + 5;
    let mut x: Vec<f32> = (0..n).map(|i| ((i * 7919) % 10_007) as f32).collect();
    let top = x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let first = x.iter().position(|&v| v == top).unwrap() as i64;
    for cap in [1, 2, 4, 0] {
        threads::set_max_threads(cap);
        assert_eq!(
            stdlib::argmax::slices(&x).unwrap(),
            (top, first),
            "cap {cap}"
        );
        assert_eq!(stdlib::argmin::slices(&x).unwrap(), (0.0, 0), "cap {cap}");
    }
    threads::set_max_threads(0);
    // Ties keep the first; -0.0 equals +0.0; NaN wins (the first one).
    assert_eq!(
        stdlib::argmax::slices(&[1.0f32, 3.0, 3.0]).unwrap(),
        (3.0, 1)
    );
    assert_eq!(stdlib::argmin::slices(&[0.0f32, -0.0]).unwrap().1, 0);
    x[n - 3] = f32::NAN;
    x[n - 1] = f32::NAN;
    let (v, i) = stdlib::argmax::slices(&x).unwrap();
    assert!(v.is_nan() && i == (n - 3) as i64);
    assert_eq!(stdlib::argmin::slices(&x).unwrap().1, (n - 3) as i64);
    assert_eq!(
        stdlib::argmax::slices(&[]).unwrap(),
        (f32::NEG_INFINITY, i64::MAX)
    );
    // By name, split into blocks by the host: the index still counts from the call's start.
    let reg = Registry::with_stdlib();
    let r = reg
        .get("argmax")
        .unwrap()
        .reduce_slices_tuple(&[], &[(&x[..n - 4]).into()])
        .unwrap();
    assert_eq!(r[1], Scalar::I64(first));
    // Along an axis, the index is the position along the lane.
    let m = [1.0f32, 9.0, 2.0, 8.0, 0.5, 7.0];
    let (mut val, mut idx) = ([0.0f32; 2], [0i64; 2]);
    stdlib::argmax::along(
        1,
        View::with_shape(&m, &[2, 3]).unwrap(),
        &mut val,
        &mut idx,
    )
    .unwrap();
    assert_eq!((val, idx), ([9.0, 8.0], [1, 0]));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Random data at random lengths near the lane and block sizes: every component has the
    /// reference's bits, and the count and argmax equal a plain scalar loop.
    #[test]
    fn tuple_components_match_a_scalar_loop(
        base in prop::sample::select(vec![0usize, LANES, 2 * LANES, BLOCK, 2 * BLOCK]),
        extra in 0usize..(2 * LANES + 1),
        values in prop::collection::vec(prop::num::f64::ANY, 0..64),
        seed in any::<u64>(),
    ) {
        let n = (base + extra).saturating_sub(LANES);
        let mut x = data(n, seed);
        for (slot, v) in x.iter_mut().zip(&values) {
            *slot = *v;
        }
        prop_assert_eq!(bits(stats::slices(&x).unwrap()), bits(stats_reference(&x)));
        let nan_loop = x.iter().filter(|v| v.is_nan()).count() as u32;
        prop_assert_eq!(stats::slices(&x).unwrap().2, nan_loop);
        let xf: Vec<f32> = x.iter().map(|&v| v as f32).collect();
        // The first element is the first candidate (so an all -inf input gives index 0);
        // an empty input gives the identity.
        let plain = xf.iter().enumerate().fold(None::<(f32, i64)>, |best, (i, &v)| {
            let i = i as i64;
            match best {
                None => Some((v, i)),
                Some(b) => {
                    let better = (v > b.0 && !b.0.is_nan()) || (v.is_nan() && !b.0.is_nan());
                    Some(if better { (v, i) } else { b })
                }
            }
        }).unwrap_or((f32::NEG_INFINITY, i64::MAX));
        let got = stdlib::argmax::slices(&xf).unwrap();
        prop_assert_eq!((got.0.to_bits(), got.1), (plain.0.to_bits(), plain.1));
        let slices: [AnySlice; 1] = [(&xf).into()];
        let by_name = KernelRef::from(stdlib::argmax::KERNEL).reduce_slices_tuple(&[], &slices).unwrap();
        prop_assert_eq!(by_name[1], Scalar::I64(plain.1));
    }
}

#[test]
fn arrays_of_ndarray_views_reduce_in_logical_order() {
    let a = ndarray::Array2::from_shape_fn((37, 41), |(i, j)| (i * 41 + j) as f64 - 700.5);
    let t = a.t();
    let contiguous: Vec<f64> = t.iter().copied().collect();
    assert_eq!(
        bits(stats::arrays(t).unwrap()),
        bits(stats::slices(&contiguous).unwrap())
    );
    let mut out = ndarray::Array1::<f64>::zeros(41);
    let mut hi = ndarray::Array1::<f64>::zeros(41);
    let mut c = ndarray::Array1::<u32>::zeros(41);
    stats::along(1, t, &mut out, &mut hi, ViewMut::from(&mut c)).unwrap();
    assert_eq!(
        out[3],
        t.row(3).iter().copied().fold(f64::INFINITY, f64::min)
    );
}
