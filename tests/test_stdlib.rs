//! The elementwise stdlib against independent scalar definitions, on values that include
//! NaN, ±inf, ±0 and subnormals, through `slices` and through `run` on class memory.
//!
//! The references are written from the documented semantics (numpy's, for the NaN rules),
//! not by calling the kernels' element functions.

use hologram::{Executor, stdlib};
use proptest::prelude::*;

/// Same value: equal bits, or both NaN, or (where `signed_zero` is false) both zero.
fn same<T: Float>(got: T, want: T, signed_zero: bool) -> bool {
    got.bits() == want.bits()
        || (got.nan() && want.nan())
        || (!signed_zero && got.zero() && want.zero())
}

trait Float: Copy + core::fmt::Debug {
    fn bits(self) -> u64;
    fn nan(self) -> bool;
    fn zero(self) -> bool;
}

impl Float for f32 {
    fn bits(self) -> u64 {
        u64::from(self.to_bits())
    }
    fn nan(self) -> bool {
        self.is_nan()
    }
    fn zero(self) -> bool {
        self == 0.0
    }
}

impl Float for f64 {
    fn bits(self) -> u64 {
        self.to_bits()
    }
    fn nan(self) -> bool {
        self.is_nan()
    }
    fn zero(self) -> bool {
        self == 0.0
    }
}

fn check<T: Float>(name: &str, got: &[T], want: &[T], signed_zero: bool) {
    assert_eq!(got.len(), want.len());
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        assert!(
            same(g, w, signed_zero),
            "{name}[{i}]: got {g:?}, want {w:?}"
        );
    }
}

/// Values that stress the NaN and zero rules as well as ordinary arithmetic.
macro_rules! special {
    ($t:ident) => {
        prop_oneof![
            4 => -1.0e3 as $t..1.0e3 as $t,
            2 => any::<$t>(),
            1 => Just($t::NAN),
            1 => Just(-$t::NAN),
            1 => Just($t::INFINITY),
            1 => Just($t::NEG_INFINITY),
            1 => Just(0.0 as $t),
            1 => Just(-0.0 as $t),
            1 => Just($t::MIN_POSITIVE / 4.0),
            1 => Just(-$t::MIN_POSITIVE / 3.0),
            1 => Just($t::MAX),
        ]
    };
}

/// numpy's `maximum` (`$op` = `max`) or `minimum` (`min`): NaN if either is NaN.
macro_rules! numpy_extreme {
    ($op:ident, $a:expr, $b:expr) => {{
        let (a, b) = ($a, $b);
        if a.is_nan() || b.is_nan() {
            a + b
        } else {
            a.$op(b)
        }
    }};
}

macro_rules! family_tests {
    ($module:ident, $t:ident, $k:path) => {
        mod $module {
            use super::*;
            use $k as k;

            type Binary = fn(&[$t], &[$t], &mut [$t]) -> hologram::Result<()>;
            type Unary = fn(&[$t], &mut [$t]) -> hologram::Result<()>;

            fn binary(
                name: &str,
                kernel: Binary,
                reference: fn($t, $t) -> $t,
                a: &[$t],
                b: &[$t],
                signed_zero: bool,
            ) {
                let want: Vec<$t> = a.iter().zip(b).map(|(&a, &b)| reference(a, b)).collect();
                let mut out = vec![0.0; a.len()];
                kernel(a, b, &mut out).unwrap();
                check(name, &out, &want, signed_zero);
            }

            fn unary(
                name: &str,
                kernel: Unary,
                reference: fn($t) -> $t,
                x: &[$t],
                signed_zero: bool,
            ) {
                let want: Vec<$t> = x.iter().map(|&x| reference(x)).collect();
                let mut out = vec![0.0; x.len()];
                kernel(x, &mut out).unwrap();
                check(name, &out, &want, signed_zero);
            }

            proptest! {
                #![proptest_config(ProptestConfig::with_cases(128))]

                #[test]
                fn binary_kernels_match_their_definitions(
                    pairs in prop::collection::vec((special!($t), special!($t)), 0..200)
                ) {
                    let (a, b): (Vec<$t>, Vec<$t>) = pairs.into_iter().unzip();
                    binary("add", k::add::slices, |a, b| a + b, &a, &b, true);
                    binary("sub", k::sub::slices, |a, b| a - b, &a, &b, true);
                    binary("mul", k::mul::slices, |a, b| a * b, &a, &b, true);
                    binary("div", k::div::slices, |a, b| a / b, &a, &b, true);
                    binary("maximum", k::maximum::slices, |a, b| numpy_extreme!(max, a, b), &a, &b, false);
                    binary("minimum", k::minimum::slices, |a, b| numpy_extreme!(min, a, b), &a, &b, false);
                }

                #[test]
                fn unary_kernels_match_their_definitions(
                    x in prop::collection::vec(special!($t), 0..200),
                    lo in special!($t),
                    hi in special!($t),
                ) {
                    unary("neg", k::neg::slices, |x| -x, &x, true);
                    unary("abs", k::abs::slices, |x| x.copysign(1.0), &x, true);
                    unary("relu", k::relu::slices, |x| numpy_extreme!(max, x, 0.0 as $t), &x, false);
                    let want: Vec<$t> = x.iter().map(|&x| numpy_extreme!(min, numpy_extreme!(max, x, lo), hi)).collect();
                    let mut out = vec![0.0; x.len()];
                    k::clip::slices(&x, lo, hi, &mut out).unwrap();
                    check("clip", &out, &want, false);
                }

                #[test]
                fn run_on_class_memory_matches_slices(
                    pairs in prop::collection::vec((special!($t), special!($t)), 0..700)
                ) {
                    let (a, b): (Vec<$t>, Vec<$t>) = pairs.into_iter().unzip();
                    let mut want = vec![0.0; a.len()];
                    k::maximum::slices(&a, &b, &mut want).unwrap();
                    let mut exec = Executor::new();
                    let (ab, bb) = (exec.alloc_from(&a).unwrap(), exec.alloc_from(&b).unwrap());
                    k::maximum::run(&mut exec, ab, bb, ab).unwrap();
                    check("maximum in place", exec.read(ab).unwrap(), &want, true);
                }
            }

            #[test]
            fn documented_values() {
                let mut out = [0.0; 4];
                k::relu::slices(&[-1.0, 2.0, <$t>::NAN, -0.0], &mut out).unwrap();
                assert_eq!(&out[..2], &[0.0, 2.0]);
                assert!(out[2].is_nan());
                k::clip::slices(&[-5.0, 0.5, 5.0, <$t>::NAN], 0.0, 1.0, &mut out).unwrap();
                assert_eq!(&out[..3], &[0.0, 0.5, 1.0]);
                assert!(out[3].is_nan());
                k::clip::slices(&[-5.0, 0.5, 5.0, 1.0], 2.0, 1.0, &mut out).unwrap();
                assert_eq!(out, [1.0; 4], "lo > hi gives hi, as numpy");
                let mut out = [0.0; 2];
                k::maximum::slices(&[1.0, <$t>::NAN], &[<$t>::NAN, 1.0], &mut out).unwrap();
                assert!(out[0].is_nan() && out[1].is_nan(), "NaN propagates both ways");
            }
        }
    };
}

family_tests!(f32_kernels, f32, stdlib);
family_tests!(f64_kernels, f64, stdlib::f64);
