//! Reductions: the documented folding order reproduced bit for bit by an independent scalar
//! implementation, the same bits from `slices`, `run` and the C entry point, error bounds
//! against an f64 reference, exact integer reductions, identities and NaN.

use core::ffi::c_void;
use hologram::abi::{CallArgs, RawElement, RawScalar, STATUS_OK};
use hologram::{Executor, Kernel, kernel};
use proptest::prelude::*;

#[kernel(reduce = add)]
fn sum(x: f32) -> f32 {
    x
}

#[kernel(reduce = add)]
fn dot(a: f32, b: f32) -> f32 {
    a * b
}

#[kernel(reduce = max)]
fn max(x: f32) -> f32 {
    x
}

#[kernel(reduce = min)]
fn min(x: f32) -> f32 {
    x
}

#[kernel(reduce = mul)]
fn product(x: f64) -> f64 {
    x
}

/// A different result type than the input: counts into an i64.
#[kernel(reduce = add)]
fn count_above(x: i32, #[uniform] threshold: i32) -> i64 {
    i64::from(x > threshold)
}

#[kernel(reduce = add)]
fn wrapping_sum(x: i32) -> i32 {
    x
}

#[kernel(reduce = max)]
fn max_byte(x: u8) -> u8 {
    x
}

fn hypot_acc(a: f64, b: f64) -> f64 {
    a.hypot(b)
}

/// The design's custom-combiner example: the Euclidean norm, folded with `hypot`.
#[kernel(reduce(combine = hypot_acc, identity = 0.0))]
fn norm(x: f64) -> f64 {
    x
}

/// A combiner given by a `self::` path, and one from `core`.
#[kernel(reduce(combine = self::hypot_acc, identity = 0.0))]
fn norm_self(x: f64) -> f64 {
    x
}

#[kernel(reduce(combine = f32::max, identity = f32::NEG_INFINITY))]
fn max_skipping_nan(x: f32) -> f32 {
    x
}

#[path = "support/fold_reference.rs"]
mod fold_reference;

use fold_reference::{BLOCK, LANES, reference_fold};

fn reference_sum(x: &[f32]) -> f32 {
    if x.is_empty() {
        return 0.0;
    }
    reference_fold(x, -0.0, &|a, b| a + b)
}

fn nan_max(a: f32, b: f32) -> f32 {
    if a >= b || a.is_nan() { a } else { b }
}

fn nan_min(a: f32, b: f32) -> f32 {
    if a <= b || a.is_nan() { a } else { b }
}

/// Deterministic values in [-4, 4) from a seed (splitmix64).
fn values(len: usize, seed: u64) -> Vec<f32> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            ((z >> 40) as f32 / (1u64 << 24) as f32) * 8.0 - 4.0
        })
        .collect()
}

const LENGTHS: [usize; 12] = [
    0,
    1,
    15,
    16,
    17,
    3072,
    3073,
    BLOCK,
    BLOCK + 1,
    3 * BLOCK + 7,
    100_003,
    1_000_000,
];

/// Calls a reduction's C entry point on f32 streams and returns the f32 result.
fn entry_f32(kernel: &Kernel, inputs: &[&[f32]]) -> f32 {
    let len = inputs.first().map_or(0, |x| x.len());
    let pointers: Vec<*const c_void> = inputs.iter().map(|x| x.as_ptr().cast()).collect();
    let mut result = RawScalar { bits: 0 };
    let args = CallArgs {
        len,
        uniforms: core::ptr::null(),
        uniform_count: 0,
        inputs: pointers.as_ptr(),
        input_count: pointers.len(),
        outputs: core::ptr::null(),
        output_count: 0,
        result: &mut result,
        message: core::ptr::null_mut(),
        message_capacity: 0,
        input_strides: core::ptr::null(),
        output_strides: core::ptr::null(),
        first_index: 0,
    };
    // SAFETY: every input pointer is valid for `len` f32s, nothing writes them during the
    // call, `result` points to one writable value, and there are no uniforms or outputs.
    let status = unsafe { (kernel.entry())(&args) };
    assert_eq!(status, STATUS_OK);
    // SAFETY: a successful f32 reduction wrote the f32 field.
    unsafe { f32::from_raw(result) }
}

#[test]
fn sum_follows_the_documented_order_bit_for_bit() {
    for (i, &len) in LENGTHS.iter().enumerate() {
        let x = values(len, i as u64);
        let got = sum::slices(&x).unwrap();
        assert_eq!(got.to_bits(), reference_sum(&x).to_bits(), "len {len}");
    }
}

#[test]
fn slices_run_and_entry_give_the_same_bits() {
    let mut exec = Executor::with_classes(4, 1 << 20).unwrap();
    for (i, &len) in LENGTHS.iter().enumerate() {
        if len * 4 > 1 << 20 {
            continue;
        }
        let (a, b) = (values(len, 2 * i as u64), values(len, 2 * i as u64 + 1));
        let (ba, bb) = (exec.alloc_from(&a).unwrap(), exec.alloc_from(&b).unwrap());
        let inline = dot::slices(&a, &b).unwrap();
        let class = dot::run(&exec, ba, bb).unwrap();
        let entry = entry_f32(&dot::KERNEL, &[&a, &b]);
        assert_eq!(inline.to_bits(), class.to_bits(), "len {len}");
        assert_eq!(inline.to_bits(), entry.to_bits(), "len {len}");
        let max_bits = (max::slices(&a).unwrap(), max::run(&exec, ba).unwrap());
        assert_eq!(max_bits.0.to_bits(), max_bits.1.to_bits(), "len {len}");
        exec.free(ba).unwrap();
        exec.free(bb).unwrap();
    }
}

/// `sum |computed - exact| <= k u / (1 - k u) * sum |x_i|` with `k` from the tree's depth.
fn error_bound(len: usize, extra: usize, abs_sum: f64) -> f64 {
    let blocks = len.div_ceil(BLOCK).max(1);
    let tree = (usize::BITS - (blocks - 1).leading_zeros()) as usize;
    let k = (len.min(BLOCK).div_ceil(LANES) + 5 + tree + extra) as f64;
    let u = f64::from(f32::EPSILON) / 2.0;
    k * u / (1.0 - k * u) * abs_sum
}

#[test]
fn float_sums_stay_within_the_bound_of_the_tree() {
    for (i, &len) in LENGTHS.iter().enumerate() {
        let (a, b) = (values(len, 100 + i as u64), values(len, 200 + i as u64));
        let exact: f64 = a.iter().map(|&v| f64::from(v)).sum();
        let abs: f64 = a.iter().map(|&v| f64::from(v).abs()).sum();
        let got = f64::from(sum::slices(&a).unwrap());
        assert!(
            (got - exact).abs() <= error_bound(len, 0, abs),
            "sum, len {len}"
        );

        let products = a.iter().zip(&b).map(|(&x, &y)| f64::from(x) * f64::from(y));
        let exact: f64 = products.clone().sum();
        let abs: f64 = products.map(f64::abs).sum();
        let got = f64::from(dot::slices(&a, &b).unwrap());
        // One more rounding per term: the product.
        assert!(
            (got - exact).abs() <= error_bound(len, 1, abs),
            "dot, len {len}"
        );
    }
}

#[test]
fn the_tree_is_far_more_accurate_than_a_left_fold() {
    let x = vec![0.1f32; 1_000_000];
    let exact = 1_000_000.0 * f64::from(0.1f32);
    let tree = f64::from(sum::slices(&x).unwrap());
    let naive = f64::from(x.iter().sum::<f32>());
    assert!((tree - exact).abs() * 100.0 < (naive - exact).abs());
}

#[test]
fn min_and_max_match_the_order_and_propagate_nan() {
    for (i, &len) in LENGTHS.iter().enumerate() {
        let x = values(len, 300 + i as u64);
        let expect_max = reference_fold(&x, f32::NEG_INFINITY, &nan_max);
        let expect_min = reference_fold(&x, f32::INFINITY, &nan_min);
        assert_eq!(max::slices(&x).unwrap().to_bits(), expect_max.to_bits());
        assert_eq!(min::slices(&x).unwrap().to_bits(), expect_min.to_bits());
        if len > 0 {
            let mut with_nan = x.clone();
            with_nan[len / 2] = f32::NAN;
            assert!(max::slices(&with_nan).unwrap().is_nan(), "len {len}");
            assert!(min::slices(&with_nan).unwrap().is_nan(), "len {len}");
            // f32::max as a custom combiner skips NaN instead.
            let skipped = max_skipping_nan::slices(&with_nan).unwrap();
            assert!(len == 1 || !skipped.is_nan(), "len {len}");
        }
    }
}

#[test]
fn empty_input_gives_the_identity() {
    assert_eq!(sum::slices(&[]).unwrap().to_bits(), 0.0f32.to_bits());
    assert_eq!(dot::slices(&[], &[]).unwrap().to_bits(), 0.0f32.to_bits());
    assert_eq!(max::slices(&[]).unwrap(), f32::NEG_INFINITY);
    assert_eq!(min::slices(&[]).unwrap(), f32::INFINITY);
    assert_eq!(product::slices(&[]).unwrap(), 1.0);
    assert_eq!(count_above::slices(&[], 0).unwrap(), 0);
    assert_eq!(max_byte::slices(&[]).unwrap(), 0);
    assert_eq!(norm::slices(&[]).unwrap(), 0.0);
    assert_eq!(entry_f32(&sum::KERNEL, &[&[]]).to_bits(), 0.0f32.to_bits());
}

#[test]
fn signed_zeros_sum_like_a_left_fold() {
    assert_eq!(sum::slices(&[-0.0]).unwrap().to_bits(), (-0.0f32).to_bits());
    assert_eq!(
        sum::slices(&[-0.0; 40]).unwrap().to_bits(),
        (-0.0f32).to_bits()
    );
    assert_eq!(
        sum::slices(&[-0.0, 0.0]).unwrap().to_bits(),
        0.0f32.to_bits()
    );
}

#[test]
fn integer_reductions_are_exact() {
    let x: Vec<i32> = (0..100_003).map(|i| (i * 7919) % 20_001 - 10_000).collect();
    let count = x.iter().filter(|&&v| v > 17).count() as i64;
    assert_eq!(count_above::slices(&x, 17).unwrap(), count);
    let wrapped = x
        .iter()
        .fold(0i32, |a, &b| a.wrapping_add(b.wrapping_mul(40_000)));
    let scaled: Vec<i32> = x.iter().map(|v| v.wrapping_mul(40_000)).collect();
    assert_eq!(wrapping_sum::slices(&scaled).unwrap(), wrapped);
    let bytes: Vec<u8> = (0..5000u32).map(|i| (i * 37 % 251) as u8).collect();
    assert_eq!(max_byte::slices(&bytes).unwrap(), 250);
}

#[test]
fn custom_combiners_fold_in_the_same_order() {
    let x: Vec<f64> = (0..50_000).map(|i| f64::from(i % 13) - 6.0).collect();
    let expected = reference_fold(&x, 0.0, &|a: f64, b: f64| a.hypot(b));
    assert_eq!(norm::slices(&x).unwrap().to_bits(), expected.to_bits());
    assert_eq!(norm_self::slices(&x).unwrap().to_bits(), expected.to_bits());
    let exact = x.iter().map(|v| v * v).sum::<f64>().sqrt();
    assert!((norm::slices(&x).unwrap() - exact).abs() < 1e-9 * exact);
}

#[test]
fn lengths_must_match() {
    let err = dot::slices(&[1.0, 2.0], &[1.0]).unwrap_err();
    assert!(matches!(err, hologram::Error::LengthMismatch { .. }));
    assert!(err.to_string().contains("`dot`"), "{err}");
}

#[test]
fn descriptors_say_reduce() {
    let d = count_above::KERNEL.descriptor();
    assert_eq!(d.kind(), hologram::KernelKind::Reduce);
    assert_eq!(d.to_string(), "count_above(uniform i32, i32) -> i64");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_values_fold_in_the_documented_order(
        x in prop::collection::vec(prop::num::f32::ANY, 0..200),
        seed in any::<u64>(),
    ) {
        let y = values(x.len(), seed);
        prop_assert_eq!(sum::slices(&x).unwrap().to_bits(), reference_sum(&x).to_bits());
        let products: Vec<f32> = x.iter().zip(&y).map(|(a, b)| a * b).collect();
        prop_assert_eq!(dot::slices(&x, &y).unwrap().to_bits(), reference_sum(&products).to_bits());
        let m = reference_fold(&x, f32::NEG_INFINITY, &nan_max);
        prop_assert_eq!(max::slices(&x).unwrap().to_bits(), m.to_bits());
    }
}
