//! The stdlib kernels of `i8, i16, u16, u64, f16, bf16` and `bool` against plain scalar
//! loops, bit for bit, on random data with the edge values (`MIN`, `MAX`, -1, 0, NaN,
//! infinities) mixed in, and the registry names they answer to.

use hologram::half::{bf16, f16};
use hologram::{Registry, Scalar, stdlib};
use proptest::prelude::*;

/// `n` pseudo-random 64-bit values from a splitmix64 stream.
fn bits(n: usize, seed: u64) -> Vec<u64> {
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

macro_rules! integer_tests {
    ($($t:ident),*) => {$(
        mod $t {
            use super::*;
            use stdlib::$t as k;

            /// Random values, with the type's edges every few elements.
            fn data(len: usize, seed: u64) -> Vec<$t> {
                let edges = [<$t>::MIN, <$t>::MAX, 0, 1, (0 as $t).wrapping_sub(1)];
                bits(len, seed)
                    .into_iter()
                    .map(|r| if r % 5 == 0 { edges[(r >> 8) as usize % 5] } else { r as $t })
                    .collect()
            }

            fn binary(f: fn(&[$t], &[$t], &mut [$t]) -> hologram::Result<()>, a: &[$t], b: &[$t]) -> Vec<$t> {
                let mut out = vec![0; a.len()];
                f(a, b, &mut out).unwrap();
                out
            }

            fn unary(f: fn(&[$t], &mut [$t]) -> hologram::Result<()>, a: &[$t]) -> Vec<$t> {
                let mut out = vec![0; a.len()];
                f(a, &mut out).unwrap();
                out
            }

            fn map2(a: &[$t], b: &[$t], f: impl Fn($t, $t) -> $t) -> Vec<$t> {
                a.iter().zip(b).map(|(&a, &b)| f(a, b)).collect()
            }

            #[allow(unused_comparisons, reason = "the same reference serves unsigned types")]
            fn is_negative(x: $t) -> bool {
                x < 0
            }

            proptest! {
                #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

                #[test]
                fn kernels_match_scalar_loops(len in 0..200usize, seed in any::<u64>()) {
                    let (a, b) = (data(len, seed), data(len, !seed));
                    prop_assert_eq!(binary(k::add::slices, &a, &b), map2(&a, &b, <$t>::wrapping_add));
                    prop_assert_eq!(binary(k::sub::slices, &a, &b), map2(&a, &b, <$t>::wrapping_sub));
                    prop_assert_eq!(binary(k::mul::slices, &a, &b), map2(&a, &b, <$t>::wrapping_mul));
                    prop_assert_eq!(
                        binary(k::div::slices, &a, &b),
                        map2(&a, &b, |a, b| if b == 0 { 0 } else { a.wrapping_div(b) })
                    );
                    prop_assert_eq!(binary(k::maximum::slices, &a, &b), map2(&a, &b, Ord::max));
                    prop_assert_eq!(binary(k::minimum::slices, &a, &b), map2(&a, &b, Ord::min));
                    let neg: Vec<$t> = a.iter().map(|x| x.wrapping_neg()).collect();
                    prop_assert_eq!(unary(k::neg::slices, &a), neg);
                    let abs: Vec<$t> = a.iter().map(|&x| if is_negative(x) { x.wrapping_neg() } else { x }).collect();
                    prop_assert_eq!(unary(k::abs::slices, &a), abs);
                    let relu: Vec<$t> = a.iter().map(|&x| if is_negative(x) { 0 } else { x }).collect();
                    prop_assert_eq!(unary(k::relu::slices, &a), relu);
                    let (lo, hi) = (b.first().copied().unwrap_or(0), b.last().copied().unwrap_or(0));
                    let mut clipped = vec![0; len];
                    k::clip::slices(&a, lo, hi, &mut clipped).unwrap();
                    let want: Vec<$t> = a.iter().map(|&x| x.max(lo).min(hi)).collect();
                    prop_assert_eq!(clipped, want);
                    prop_assert_eq!(k::sum::slices(&a).unwrap(), a.iter().fold(0, |s: $t, &x| s.wrapping_add(x)));
                    prop_assert_eq!(k::max::slices(&a).unwrap(), a.iter().copied().max().unwrap_or(<$t>::MIN));
                    prop_assert_eq!(k::min::slices(&a).unwrap(), a.iter().copied().min().unwrap_or(<$t>::MAX));
                }
            }
        }
    )*};
}

integer_tests!(i8, i16, u16, u64);

macro_rules! half_tests {
    ($($t:ident),*) => {$(
        mod $t {
            use super::*;
            use hologram::half::$t;
            use stdlib::$t as k;

            /// Random bit patterns (NaNs and infinities among them), and a few edges.
            fn data(len: usize, seed: u64) -> Vec<$t> {
                let edges = [$t::NAN, $t::INFINITY, $t::NEG_INFINITY, $t::ZERO, $t::NEG_ZERO, $t::MAX];
                bits(len, seed)
                    .into_iter()
                    .map(|r| if r % 7 == 0 { edges[(r >> 8) as usize % 6] } else { $t::from_bits(r as u16) })
                    .collect()
            }

            fn raw(v: &[$t]) -> Vec<u16> {
                v.iter().map(|h| h.to_bits()).collect()
            }

            /// `f` applied in f32 through `half`'s own conversions, rounded once.
            fn via_f32(a: &[$t], b: &[$t], f: impl Fn(f32, f32) -> f32) -> Vec<u16> {
                a.iter().zip(b).map(|(a, b)| $t::from_f32(f(a.to_f32(), b.to_f32())).to_bits()).collect()
            }

            fn binary(f: fn(&[$t], &[$t], &mut [$t]) -> hologram::Result<()>, a: &[$t], b: &[$t]) -> Vec<u16> {
                let mut out = vec![$t::ZERO; a.len()];
                f(a, b, &mut out).unwrap();
                raw(&out)
            }

            /// numpy's maximum: NaN if either is NaN, else the larger (the second of equals).
            fn maximum(a: $t, b: $t) -> $t {
                if a.to_f32() > b.to_f32() || a.is_nan() { a } else { b }
            }

            fn minimum(a: $t, b: $t) -> $t {
                if a.to_f32() < b.to_f32() || a.is_nan() { a } else { b }
            }

            proptest! {
                #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

                #[test]
                fn kernels_match_half(len in 0..200usize, seed in any::<u64>()) {
                    let (a, b) = (data(len, seed), data(len, !seed));
                    prop_assert_eq!(binary(k::add::slices, &a, &b), via_f32(&a, &b, |x, y| x + y));
                    prop_assert_eq!(binary(k::sub::slices, &a, &b), via_f32(&a, &b, |x, y| x - y));
                    prop_assert_eq!(binary(k::mul::slices, &a, &b), via_f32(&a, &b, |x, y| x * y));
                    prop_assert_eq!(binary(k::div::slices, &a, &b), via_f32(&a, &b, |x, y| x / y));
                    let want: Vec<u16> = a.iter().zip(&b).map(|(&x, &y)| maximum(x, y).to_bits()).collect();
                    prop_assert_eq!(binary(k::maximum::slices, &a, &b), want);
                    let want: Vec<u16> = a.iter().zip(&b).map(|(&x, &y)| minimum(x, y).to_bits()).collect();
                    prop_assert_eq!(binary(k::minimum::slices, &a, &b), want);
                    let mut out = vec![$t::ZERO; len];
                    k::neg::slices(&a, &mut out).unwrap();
                    prop_assert_eq!(raw(&out), a.iter().map(|h| (-*h).to_bits()).collect::<Vec<_>>());
                    k::abs::slices(&a, &mut out).unwrap();
                    prop_assert_eq!(raw(&out), a.iter().map(|h| h.to_bits() & 0x7fff).collect::<Vec<_>>());
                    k::relu::slices(&a, &mut out).unwrap();
                    let want: Vec<u16> = a.iter().map(|h| if h.to_f32() < 0.0 { 0 } else { h.to_bits() }).collect();
                    prop_assert_eq!(raw(&out), want);
                    let (lo, hi) = ($t::from_f32(-1.5), $t::from_f32(2.25));
                    k::clip::slices(&a, lo, hi, &mut out).unwrap();
                    let want: Vec<u16> = a.iter().map(|&x| minimum(maximum(x, lo), hi).to_bits()).collect();
                    prop_assert_eq!(raw(&out), want);

                    let finite: Vec<$t> = a.iter().map(|h| if h.is_finite() { *h } else { $t::ONE }).collect();
                    // The sum in f32, in the fold's order: the same as the f32 stdlib sum of
                    // the widened values, which is itself tested against its order.
                    let wide: Vec<f32> = finite.iter().map(|h| h.to_f32()).collect();
                    prop_assert_eq!(k::sum::slices(&finite).unwrap().to_bits(), stdlib::sum::slices(&wide).unwrap().to_bits());
                    let max = wide.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                    prop_assert_eq!(k::max::slices(&finite).unwrap().to_f32(), max);
                    let min = wide.iter().copied().fold(f32::INFINITY, f32::min);
                    prop_assert_eq!(k::min::slices(&finite).unwrap().to_f32(), min);
                    if a.iter().any(|h| h.is_nan()) {
                        prop_assert!(k::max::slices(&a).unwrap().is_nan());
                        prop_assert!(k::min::slices(&a).unwrap().is_nan());
                    }
                }
            }
        }
    )*};
}

mod halves {
    use super::*;
    half_tests!(f16, bf16);
}

#[test]
fn bool_kernels_match_logic() {
    let m = [true, true, false, false];
    let n = [true, false, true, false];
    let mut out = [false; 4];
    stdlib::bool::and::slices(&m, &n, &mut out).unwrap();
    assert_eq!(out, [true, false, false, false]);
    stdlib::bool::or::slices(&m, &n, &mut out).unwrap();
    assert_eq!(out, [true, true, true, false]);
    stdlib::bool::xor::slices(&m, &n, &mut out).unwrap();
    assert_eq!(out, [false, true, true, false]);
    stdlib::bool::not::slices(&m, &mut out).unwrap();
    assert_eq!(out, [false, false, true, true]);
    assert!(stdlib::bool::any::slices(&m).unwrap());
    assert!(!stdlib::bool::all::slices(&m).unwrap());
    assert!(stdlib::bool::all::slices(&[]).unwrap());
    assert!(!stdlib::bool::any::slices(&[]).unwrap());
    assert_eq!(stdlib::bool::count::slices(&m).unwrap(), 2);
}

#[test]
fn the_registry_holds_every_new_kernel_under_its_type_prefix() {
    let reg = Registry::with_stdlib();
    let names = reg.names();
    for t in ["i8", "i16", "u16", "u64", "f16", "bf16"] {
        for k in [
            "add", "sub", "mul", "div", "neg", "abs", "relu", "maximum", "minimum", "clip", "sum",
            "max", "min",
        ] {
            let name = format!("{t}::{k}");
            assert!(names.contains(&name), "{name} is not registered");
        }
    }
    for k in ["and", "or", "xor", "not", "any", "all", "count"] {
        assert!(names.contains(&format!("bool::{k}")));
    }
    let x = [f16::from_f32(1.5), f16::from_f32(2.0)];
    let sum = reg
        .get("f16::sum")
        .unwrap()
        .reduce_slices(&[], &[(&x).into()])
        .unwrap();
    assert_eq!(sum, Scalar::F32(3.5));
    let y = [bf16::from_f32(-2.0)];
    let mut out = [bf16::ZERO];
    reg.get("bf16::clip")
        .unwrap()
        .run_slices(
            &[bf16::from_f32(-1.0).into(), bf16::ONE.into()],
            &[(&y).into()],
            &mut [(&mut out).into()],
        )
        .unwrap();
    assert_eq!(out, [bf16::from_f32(-1.0)]);
}
