//! Property test: every f32 and f64 stdlib kernel against its scalar definition, at random
//! lengths and on values that include NaN, ±inf, ±0, subnormals and arbitrary bit patterns.
//!
//! Per run: 8,800 cases (`CASES`), each one kernel drawn from the 88 f32 and f64 kernels of
//! `Registry::with_stdlib()` (so about 100 per kernel; the kernels of the other element types
//! are checked by `tests/test_stdlib_types.rs`), one length (mostly 0 to 600, one case
//! in fourteen past a fold block of 16,384 elements) and one seeded input. Each case calls the
//! kernel three ways, and each must give the reference's bits (any NaN matches any NaN):
//! the typed `slices`, the registry's `run_slices` / `reduce_slices`, and the registry's `run`
//! / `reduce` on class memory (elementwise kernels in place, output = first input; `sin_cos`
//! writes its second output to a buffer of its own).
//!
//! The references are the kernels' documented definitions, written here:
//! - arithmetic: the IEEE operation; `maximum`/`minimum` numpy's rule (NaN if either is NaN,
//!   of equal values the second argument); `relu` `if x < 0 { 0 } else { x }`; `clip`
//!   `minimum(maximum(x, lo), hi)`;
//! - `exp, tanh, sigmoid, gelu, gelu_tanh`: the scalar `hologram::math` function of the same
//!   name (`hologram::math::f64` for f64), element by element;
//! - `sum, max, min, dot, mean`: the fold order of `hologram::fold` (32 lanes, the tree across
//!   lanes, the tree across blocks), reimplemented as plain index arithmetic;
//! - `softmax, log_softmax`: the three documented passes, with that fold for the max and the
//!   sum, and `math::exp` / `math::ln`.

use hologram::{AnyBuffer, AnySlice, AnySliceMut, Element, Executor, Registry, Scalar};
use proptest::prelude::*;
use std::fmt::Debug;
use std::ops::{Add, Div, Mul, Neg, Sub};
use std::sync::LazyLock;

/// Cases per run; with `KERNEL_COUNT` (92) kernels, about 100 each.
const CASES: u32 = 8_800;
#[path = "support/fold_reference.rs"]
mod fold_reference;

// The folding order of `hologram::fold`, from its documentation, as index arithmetic.
use fold_reference::{BLOCK, reference_fold as fold};

static REGISTRY: LazyLock<Registry> = LazyLock::new(Registry::with_stdlib);

/// The float element types, with what the references need.
trait Float:
    Element
    + Debug
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + Into<Scalar>
{
    const NAN: Self;
    const INFINITY: Self;
    const ZERO: Self;
    const NEG_ZERO: Self;
    /// Values that stress the NaN, infinity, zero and subnormal rules.
    const SPECIAL: [Self; 12];
    fn bits(self) -> u64;
    fn from_random_bits(bits: u64) -> Self;
    fn from_f64(v: f64) -> Self;
    fn from_len(len: usize) -> Self;
    fn nan(self) -> bool;
    fn from_scalar(s: Scalar) -> Option<Self>;
    fn any_buffer(b: hologram::Buffer<Self>) -> AnyBuffer;
}

macro_rules! float {
    ($t:ident, $as:ident) => {
        impl Float for $t {
            const NAN: $t = $t::NAN;
            const INFINITY: $t = $t::INFINITY;
            const ZERO: $t = 0.0;
            const NEG_ZERO: $t = -0.0;
            const SPECIAL: [$t; 12] = [
                $t::NAN,
                -$t::NAN,
                $t::INFINITY,
                $t::NEG_INFINITY,
                0.0,
                -0.0,
                $t::MIN_POSITIVE / 4.0,
                -$t::MIN_POSITIVE / 3.0,
                $t::MAX,
                $t::MIN,
                1.0,
                -1.0,
            ];
            fn bits(self) -> u64 {
                u64::from(self.to_bits())
            }
            fn from_random_bits(bits: u64) -> $t {
                $t::from_bits(bits as _)
            }
            fn from_f64(v: f64) -> $t {
                v as $t
            }
            fn from_len(len: usize) -> $t {
                len as $t
            }
            fn nan(self) -> bool {
                self.is_nan()
            }
            fn from_scalar(s: Scalar) -> Option<$t> {
                s.$as()
            }
            fn any_buffer(b: hologram::Buffer<$t>) -> AnyBuffer {
                b.into()
            }
        }
    };
}

float!(f32, as_f32);
float!(f64, as_f64);

/// The same value: equal bits, or both NaN (a NaN's sign and payload are not specified).
fn same<T: Float>(got: T, want: T) -> bool {
    got.bits() == want.bits() || (got.nan() && want.nan())
}

fn assert_same<T: Float>(what: &str, got: &[T], want: &[T]) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        assert!(same(g, w), "{what}[{i}]: got {g:?}, want {w:?}");
    }
}

/// `len` values from a seed: a share `special_rate` of them from `Float::SPECIAL`, a few
/// arbitrary bit patterns, the rest uniform in `[-scale, scale]`.
fn values<T: Float>(len: usize, seed: u64, special_rate: u32, scale: f64) -> Vec<T> {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    (0..len)
        .map(|_| {
            let (r, pick) = (next(), next());
            match (r % 1024) as u32 {
                x if x < special_rate => T::SPECIAL[(pick % 12) as usize],
                x if x < special_rate + special_rate / 4 => T::from_random_bits(pick),
                _ => T::from_f64(((pick >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0) * scale),
            }
        })
        .collect()
}

/// numpy's `maximum`: NaN if either is NaN; of equal values, the second.
fn maximum<T: Float>(a: T, b: T) -> T {
    if a.nan() || b.nan() {
        T::NAN
    } else if a > b {
        a
    } else {
        b
    }
}

/// numpy's `minimum`, likewise.
fn minimum<T: Float>(a: T, b: T) -> T {
    if a.nan() || b.nan() {
        T::NAN
    } else if a < b {
        a
    } else {
        b
    }
}

/// The combiners of `reduce = max | min`: NaN propagates; of equal values, the accumulated.
fn fold_max<T: Float>(a: T, b: T) -> T {
    if a >= b || a.nan() { a } else { b }
}

fn fold_min<T: Float>(a: T, b: T) -> T {
    if a <= b || a.nan() { a } else { b }
}

fn sum<T: Float>(x: &[T]) -> T {
    if x.is_empty() {
        T::ZERO
    } else {
        fold(x, T::NEG_ZERO, &|a, b| a + b)
    }
}

/// Which reduction of one stream.
#[derive(Clone, Copy, Debug)]
enum Fold {
    Sum,
    Max,
    Min,
    Mean,
}

impl Fold {
    fn reference<T: Float>(self, x: &[T]) -> T {
        match self {
            Fold::Sum => sum(x),
            Fold::Max => fold(x, -T::INFINITY, &fold_max),
            Fold::Min => fold(x, T::INFINITY, &fold_min),
            Fold::Mean => sum(x) / T::from_len(x.len()),
        }
    }
}

type Res<T> = hologram::Result<T>;
/// The `slices` of a two-input elementwise kernel.
type BinarySlices<T> = fn(&[T], &[T], &mut [T]) -> Res<()>;
type Unary2Slices<T> = fn(&[T], &mut [T], &mut [T]) -> Res<()>;

/// One stdlib kernel: its name, its typed `slices`, and how to compute its reference.
enum Case<T> {
    Unary(&'static str, fn(&[T], &mut [T]) -> Res<()>, fn(T) -> T),
    /// One input, two outputs (`sin_cos`).
    Unary2(&'static str, Unary2Slices<T>, fn(T) -> (T, T)),
    Binary(&'static str, BinarySlices<T>, fn(T, T) -> T),
    Clip(&'static str, fn(&[T], T, T, &mut [T]) -> Res<()>),
    Reduce(&'static str, fn(&[T]) -> Res<T>, Fold),
    Dot(&'static str, fn(&[T], &[T]) -> Res<T>),
    /// `argmax` (`true`) or `argmin`: a reduction to `(value, index)`.
    Arg(&'static str, fn(&[T]) -> Res<(T, i64)>, bool),
    /// `softmax` (`log` false) or `log_softmax`, with the `math` functions it uses.
    Softmax {
        name: &'static str,
        slices: fn(&[T], &mut [T]) -> Res<()>,
        log: bool,
        exp: fn(T) -> T,
        ln: fn(T) -> T,
    },
}

macro_rules! table {
    ($t:ident, $k:path, $m:path, $prefix:literal) => {{
        use $k as k;
        use $m as m;
        let name = |n: &'static str| -> &'static str {
            Box::leak(format!("{}{n}", $prefix).into_boxed_str())
        };
        let cases: Vec<Case<$t>> = vec![
            Case::Binary(name("add"), k::add::slices, |a, b| a + b),
            Case::Binary(name("sub"), k::sub::slices, |a, b| a - b),
            Case::Binary(name("mul"), k::mul::slices, |a, b| a * b),
            Case::Binary(name("div"), k::div::slices, |a, b| a / b),
            Case::Binary(name("maximum"), k::maximum::slices, maximum),
            Case::Binary(name("minimum"), k::minimum::slices, minimum),
            Case::Unary(name("neg"), k::neg::slices, |x| -x),
            Case::Unary(name("abs"), k::abs::slices, |x| {
                <$t>::from_bits(x.to_bits() & !(1 << (<$t>::BITS_MINUS_ONE)))
            }),
            Case::Unary(
                name("relu"),
                k::relu::slices,
                |x| if x < 0.0 { 0.0 } else { x },
            ),
            Case::Clip(name("clip"), k::clip::slices),
            Case::Unary(name("exp"), k::exp::slices, m::exp),
            Case::Unary(name("ln"), k::ln::slices, m::ln),
            Case::Unary(name("tanh"), k::tanh::slices, m::tanh),
            Case::Unary(name("sigmoid"), k::sigmoid::slices, m::sigmoid),
            Case::Unary(name("gelu"), k::gelu::slices, m::gelu),
            Case::Unary(name("gelu_tanh"), k::gelu_tanh::slices, m::gelu_tanh),
            Case::Reduce(name("sum"), k::sum::slices, Fold::Sum),
            Case::Reduce(name("max"), k::max::slices, Fold::Max),
            Case::Reduce(name("min"), k::min::slices, Fold::Min),
            Case::Reduce(name("mean"), k::mean::slices, Fold::Mean),
            Case::Dot(name("dot"), k::dot::slices),
            Case::Arg(name("argmax"), k::argmax::slices, true),
            Case::Arg(name("argmin"), k::argmin::slices, false),
            Case::Softmax {
                name: name("softmax"),
                slices: k::softmax::slices,
                log: false,
                exp: m::exp,
                ln: m::ln,
            },
            Case::Softmax {
                name: name("log_softmax"),
                slices: k::log_softmax::slices,
                log: true,
                exp: m::exp,
                ln: m::ln,
            },
        ];
        cases
    }};
}

/// Bits below the sign bit, for `abs`.
trait SignBit {
    const BITS_MINUS_ONE: u32;
}
impl SignBit for f32 {
    const BITS_MINUS_ONE: u32 = 31;
}
impl SignBit for f64 {
    const BITS_MINUS_ONE: u32 = 63;
}

/// The stdlib kernels over the functions of the complete math library (`sin` ... `hypot`),
/// in either width: each is its function, bit for bit.
macro_rules! math_cases {
    ($k:path, $m:path, $prefix:literal) => {{
        use $k as k;
        use $m as m;
        vec![
            Case::Unary(concat!($prefix, "sin"), k::sin::slices, m::sin),
            Case::Unary(concat!($prefix, "cos"), k::cos::slices, m::cos),
            Case::Unary(concat!($prefix, "tan"), k::tan::slices, m::tan),
            Case::Unary2(concat!($prefix, "sin_cos"), k::sin_cos::slices, m::sin_cos),
            Case::Unary(concat!($prefix, "asin"), k::asin::slices, m::asin),
            Case::Unary(concat!($prefix, "acos"), k::acos::slices, m::acos),
            Case::Unary(concat!($prefix, "atan"), k::atan::slices, m::atan),
            Case::Binary(concat!($prefix, "atan2"), k::atan2::slices, m::atan2),
            Case::Unary(concat!($prefix, "sinh"), k::sinh::slices, m::sinh),
            Case::Unary(concat!($prefix, "cosh"), k::cosh::slices, m::cosh),
            Case::Unary(concat!($prefix, "asinh"), k::asinh::slices, m::asinh),
            Case::Unary(concat!($prefix, "acosh"), k::acosh::slices, m::acosh),
            Case::Unary(concat!($prefix, "atanh"), k::atanh::slices, m::atanh),
            Case::Unary(concat!($prefix, "exp2"), k::exp2::slices, m::exp2),
            Case::Unary(concat!($prefix, "exp_m1"), k::exp_m1::slices, m::exp_m1),
            Case::Unary(concat!($prefix, "log2"), k::log2::slices, m::log2),
            Case::Unary(concat!($prefix, "log10"), k::log10::slices, m::log10),
            Case::Unary(concat!($prefix, "ln_1p"), k::ln_1p::slices, m::ln_1p),
            Case::Unary(concat!($prefix, "cbrt"), k::cbrt::slices, m::cbrt),
            Case::Binary(concat!($prefix, "powf"), k::powf::slices, m::powf),
            Case::Binary(concat!($prefix, "hypot"), k::hypot::slices, m::hypot),
        ]
    }};
}

static F32: LazyLock<Vec<Case<f32>>> = LazyLock::new(|| {
    let mut cases = table!(f32, hologram::stdlib, hologram::math, "");
    cases.extend(math_cases!(hologram::stdlib, hologram::math, ""));
    cases
});

/// How many stdlib kernels the two tables hold, f32 and f64.
const KERNEL_COUNT: usize = 92;
static F64: LazyLock<Vec<Case<f64>>> = LazyLock::new(|| {
    let mut cases = table!(f64, hologram::stdlib::f64, hologram::math::f64, "f64::");
    cases.extend(math_cases!(
        hologram::stdlib::f64,
        hologram::math::f64,
        "f64::"
    ));
    cases
});

impl<T: Float> Case<T> {
    fn name(&self) -> &'static str {
        match self {
            Case::Unary(n, ..)
            | Case::Unary2(n, ..)
            | Case::Binary(n, ..)
            | Case::Clip(n, ..)
            | Case::Reduce(n, ..)
            | Case::Dot(n, ..)
            | Case::Arg(n, ..) => n,
            Case::Softmax { name, .. } => name,
        }
    }

    /// Runs the kernel every way on `inputs` (one or two streams) and compares each result
    /// with the reference.
    fn check(&self, x: &[T], y: &[T], lo: T, hi: T) {
        let name = self.name();
        let k = REGISTRY.get(name).expect("a stdlib kernel");
        let sentinel = T::from_f64(12_345.0);
        match self {
            Case::Unary(..) | Case::Binary(..) | Case::Clip(..) | Case::Softmax { .. } => {
                let want = self.map_reference(x, y, lo, hi);
                let mut out = vec![sentinel; x.len()];
                match *self {
                    Case::Unary(_, slices, _) | Case::Softmax { slices, .. } => slices(x, &mut out),
                    Case::Binary(_, slices, _) => slices(x, y, &mut out),
                    Case::Clip(_, slices) => slices(x, lo, hi, &mut out),
                    _ => unreachable!(),
                }
                .expect("slices");
                assert_same(&format!("{name}::slices"), &out, &want);

                let (uniforms, inputs) = self.dynamic_args(x, y, lo, hi);
                let mut out = vec![sentinel; x.len()];
                k.run_slices(&uniforms, &inputs, &mut [AnySliceMut::new(&mut out)])
                    .expect("run_slices");
                assert_same(&format!("{name} by name"), &out, &want);

                let mut exec = class_memory::<T>(x.len());
                let xb = exec.alloc_from(x).expect("x fits");
                let mut buffers = vec![T::any_buffer(xb)];
                if inputs.len() == 2 {
                    buffers.push(T::any_buffer(exec.alloc_from(y).expect("y fits")));
                }
                k.run(&mut exec, &uniforms, &buffers, &[T::any_buffer(xb)])
                    .expect("run in place");
                assert_same(
                    &format!("{name} in place"),
                    exec.read(xb).expect("x"),
                    &want,
                );
            }
            Case::Unary2(_, slices, f) => {
                let want: (Vec<T>, Vec<T>) = x.iter().map(|&v| f(v)).unzip();
                let mut out = (vec![sentinel; x.len()], vec![sentinel; x.len()]);
                slices(x, &mut out.0, &mut out.1).expect("slices");
                assert_same(&format!("{name}::slices .0"), &out.0, &want.0);
                assert_same(&format!("{name}::slices .1"), &out.1, &want.1);

                let mut out = (vec![sentinel; x.len()], vec![sentinel; x.len()]);
                k.run_slices(
                    &[],
                    &[AnySlice::new(x)],
                    &mut [AnySliceMut::new(&mut out.0), AnySliceMut::new(&mut out.1)],
                )
                .expect("run_slices");
                assert_same(&format!("{name} by name .0"), &out.0, &want.0);
                assert_same(&format!("{name} by name .1"), &out.1, &want.1);

                // The first output in place of the input, the second in its own buffer.
                let mut exec = class_memory::<T>(x.len());
                let xb = exec.alloc_from(x).expect("x fits");
                let second = exec.alloc_from(y).expect("y fits");
                k.run(
                    &mut exec,
                    &[],
                    &[T::any_buffer(xb)],
                    &[T::any_buffer(xb), T::any_buffer(second)],
                )
                .expect("run in place");
                assert_same(
                    &format!("{name} in place .0"),
                    exec.read(xb).expect("x"),
                    &want.0,
                );
                assert_same(
                    &format!("{name} .1"),
                    exec.read(second).expect("y"),
                    &want.1,
                );
            }
            Case::Reduce(_, slices, f) => {
                let want = f.reference(x);
                self.check_reduction(&k, slices(x).expect("slices"), want, &[x]);
            }
            Case::Dot(_, slices) => {
                let products: Vec<T> = x.iter().zip(y).map(|(&a, &b)| a * b).collect();
                let want = sum(&products);
                self.check_reduction(&k, slices(x, y).expect("slices"), want, &[x, y]);
            }
            Case::Arg(_, slices, is_max) => {
                // A plain scalar loop: the first of the best, a NaN beating every number.
                let init = if *is_max { -T::INFINITY } else { T::INFINITY };
                let mut want = (init, i64::MAX);
                for (i, &v) in x.iter().enumerate() {
                    let best = want.0;
                    let beats = if *is_max { v > best } else { v < best };
                    let nan = |a: T| a.partial_cmp(&a).is_none();
                    if !nan(best) && (beats || nan(v)) {
                        want = (v, i as i64);
                    }
                }
                let got = slices(x).expect("slices");
                assert!(
                    same(got.0, want.0) && got.1 == want.1,
                    "{name}: {got:?} != {want:?}"
                );
                let by_name = k
                    .reduce_slices_tuple(&[], &[AnySlice::new(x)])
                    .expect("reduce_slices_tuple");
                let value = T::from_scalar(by_name[0]).expect("the kernel's type");
                assert!(
                    same(value, want.0) && by_name[1] == Scalar::I64(want.1),
                    "{name} by name"
                );
                let mut exec = class_memory::<T>(x.len());
                let xb = T::any_buffer(exec.alloc_from(x).expect("fits"));
                let on_class = k.reduce_tuple(&exec, &[], &[xb]).expect("reduce_tuple");
                assert_eq!(on_class[1], Scalar::I64(want.1), "{name} on class memory");
            }
        }
    }

    fn check_reduction(&self, k: &hologram::KernelRef, inline: T, want: T, inputs: &[&[T]]) {
        let name = self.name();
        assert!(
            same(inline, want),
            "{name}::slices: got {inline:?}, want {want:?}"
        );
        let slices: Vec<AnySlice<'_>> = inputs.iter().map(|s| AnySlice::new(s)).collect();
        let by_name = k.reduce_slices(&[], &slices).expect("reduce_slices");
        let by_name = T::from_scalar(by_name).expect("the kernel's type");
        assert!(
            same(by_name, want),
            "{name} by name: got {by_name:?}, want {want:?}"
        );
        let mut exec = class_memory::<T>(inputs[0].len());
        let buffers: Vec<AnyBuffer> = inputs
            .iter()
            .map(|s| T::any_buffer(exec.alloc_from(s).expect("fits")))
            .collect();
        let on_class = k.reduce(&exec, &[], &buffers).expect("reduce");
        let on_class = T::from_scalar(on_class).expect("the kernel's type");
        assert!(
            same(on_class, want),
            "{name} on class memory: got {on_class:?}, want {want:?}"
        );
    }

    /// The reference output of an elementwise-shaped kernel.
    fn map_reference(&self, x: &[T], y: &[T], lo: T, hi: T) -> Vec<T> {
        match *self {
            Case::Unary(_, _, f) => x.iter().map(|&v| f(v)).collect(),
            Case::Binary(_, _, f) => x.iter().zip(y).map(|(&a, &b)| f(a, b)).collect(),
            Case::Clip(..) => x.iter().map(|&v| minimum(maximum(v, lo), hi)).collect(),
            Case::Softmax { log, exp, ln, .. } => {
                if x.is_empty() {
                    return vec![];
                }
                let m = fold(x, -T::INFINITY, &fold_max);
                let e: Vec<T> = x.iter().map(|&v| exp(v - m)).collect();
                let s = fold(&e, T::NEG_ZERO, &|a, b| a + b);
                if log {
                    let log_s = ln(s);
                    x.iter().map(|&v| (v - m) - log_s).collect()
                } else {
                    e.iter().map(|&v| v / s).collect()
                }
            }
            Case::Reduce(..) | Case::Dot(..) | Case::Arg(..) | Case::Unary2(..) => {
                unreachable!("not elementwise with one output")
            }
        }
    }

    /// Uniforms and inputs of a call by name.
    fn dynamic_args<'a>(
        &self,
        x: &'a [T],
        y: &'a [T],
        lo: T,
        hi: T,
    ) -> (Vec<Scalar>, Vec<AnySlice<'a>>) {
        match self {
            Case::Clip(..) => (vec![lo.into(), hi.into()], vec![AnySlice::new(x)]),
            Case::Binary(..) | Case::Dot(..) => (vec![], vec![AnySlice::new(x), AnySlice::new(y)]),
            _ => (vec![], vec![AnySlice::new(x)]),
        }
    }
}

/// An executor with room for two streams of `len` elements of `T`.
fn class_memory<T: Float>(len: usize) -> Executor {
    let bytes = (len * size_of::<T>()).next_multiple_of(64).max(64);
    Executor::with_classes(2, bytes).expect("class memory")
}

fn lengths() -> impl Strategy<Value = usize> {
    prop_oneof![
        8 => 0usize..=40,
        5 => 0usize..=600,
        1 => (BLOCK - 17)..=(3 * BLOCK + 33),
    ]
}

/// Share of special values, out of 1,024: none, rare, frequent, most.
fn special_rates() -> impl Strategy<Value = u32> {
    prop_oneof![Just(0u32), Just(16), Just(128), Just(600)]
}

fn run_case<T: Float>(
    case: &Case<T>,
    len: usize,
    seeds: (u64, u64),
    rate: u32,
    scale: f64,
    lo: T,
    hi: T,
) {
    let x = values::<T>(len, seeds.0, rate, scale);
    let y = values::<T>(len, seeds.1, rate, scale);
    case.check(&x, &y, lo, hi);
}

fn bound<T: Float>(which: u8, v: f64) -> T {
    match which {
        0..=7 => T::from_f64(v),
        _ => T::SPECIAL[usize::from(which % 12)],
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn every_stdlib_kernel_matches_its_scalar_definition(
        kernel in 0usize..KERNEL_COUNT,
        len in lengths(),
        seeds in any::<(u64, u64)>(),
        rate in special_rates(),
        scale in prop_oneof![Just(1.0f64), Just(30.0), Just(1.0e4), Just(1.0e30)],
        bounds in any::<((u8, u8), (f64, f64))>(),
    ) {
        let ((wlo, whi), (vlo, vhi)) = bounds;
        let (vlo, vhi) = ((vlo % 8.0) - 2.0, (vhi % 8.0) + 2.0);
        let (f32s, f64s) = (&*F32, &*F64);
        if let Some(case) = f32s.get(kernel) {
            run_case(case, len, seeds, rate, scale, bound(wlo, vlo), bound(whi, vhi));
        } else {
            let case = &f64s[kernel - f32s.len()];
            run_case(case, len, seeds, rate, scale, bound(wlo, vlo), bound(whi, vhi));
        }
    }
}

/// The type prefixes of the stdlib kernels of the other element types, which
/// `tests/test_stdlib_types.rs` checks against their definitions.
const OTHER_TYPES: [&str; 7] = [
    "i8::", "i16::", "u16::", "u64::", "f16::", "bf16::", "bool::",
];

#[test]
fn the_table_covers_every_f32_and_f64_stdlib_kernel() {
    let mut ours: Vec<String> = F32
        .iter()
        .map(|c| c.name().to_owned())
        .chain(F64.iter().map(|c| c.name().to_owned()))
        .collect();
    ours.sort();
    let floats: Vec<String> = REGISTRY
        .names()
        .into_iter()
        .filter(|n| !OTHER_TYPES.iter().any(|p| n.starts_with(p)))
        .collect();
    assert_eq!(ours, floats);
    assert_eq!(
        ours.len(),
        KERNEL_COUNT,
        "the proptest draws kernel indices from 0..KERNEL_COUNT"
    );
}
