//! Property test: calls by name through `KernelRef::run_slices` and `reduce_slices` with
//! random arity, element types, lengths and methods. Each call either gives the bits of the
//! inline call of the same kernel or returns exactly the error the documented checks predict
//! (variant and fields), leaves its outputs untouched when it fails, and never panics.
//!
//! Per run: 5,000 cases (`CASES`), each one call of one of nine kernels: stdlib `add`,
//! `f64::clip`, `sum`, `f64::dot` and `softmax`, and four defined here that mix the first six
//! element types (`mix` with two outputs, `idiv`, `widen`, `count_over`). About three calls
//! in five are well formed (`every_outcome_is_generated` counts them); the others get a wrong
//! method, a wrong count of uniforms, inputs or outputs (up to `MAX_STREAMS + 3`), a wrong
//! element type (any of the thirteen, `i8` to `bf16` included), or a stream of another
//! length.
//! `idiv` divides by zero on some inputs: its entry point must turn the panic into
//! `Error::KernelPanicked`.
//!
//! The checks a call makes, in order (`hologram-runtime/src/call.rs`), which `predict`
//! mirrors: the kernel's kind; the counts of uniforms, inputs and outputs; the type of each
//! uniform; then each input's type and length, then each output's, lengths measured against
//! the first stream.

use hologram::half::{bf16, f16};
use hologram::{
    AnySlice, AnySliceMut, ElemType, Error, KernelKind, KernelRef, Registry, Scalar, kernel, stdlib,
};
use proptest::prelude::*;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{LazyLock, Once};

/// Cases per run.
const CASES: u32 = 5_000;
const MAX_STREAMS: usize = hologram::abi::MAX_STREAMS;

/// Two outputs from three element types.
#[kernel]
pub fn mix(#[uniform] k: i32, a: u8, b: i64) -> (f64, u32) {
    (
        f64::from(a) * f64::from(k) + (b % 1000) as f64,
        u32::from(a).wrapping_add(k.cast_unsigned()),
    )
}

/// Integer division: panics when `b` is 0.
#[kernel]
pub fn idiv(a: i32, b: i32) -> i32 {
    a.wrapping_div(b)
}

/// `x` scaled, as f32.
#[kernel]
pub fn widen(x: u8, #[uniform] s: f32) -> f32 {
    f32::from(x) * s
}

/// How many elements exceed `t`.
#[kernel(reduce = add)]
pub fn count_over(x: u32, #[uniform] t: u32) -> i64 {
    i64::from(x > t)
}

const KERNELS: [&str; 9] = [
    "add",
    "f64::clip",
    "sum",
    "f64::dot",
    "softmax",
    "mix",
    "idiv",
    "widen",
    "count_over",
];

static REGISTRY: LazyLock<Registry> = LazyLock::new(|| {
    let mut reg = Registry::with_stdlib();
    for k in [mix::KERNEL, idiv::KERNEL, widen::KERNEL, count_over::KERNEL] {
        reg.register(k).expect("register");
    }
    reg
});

const TYPES: [ElemType; 13] = ElemType::ALL;

/// A stream's contents, of any element type.
#[derive(Clone, Debug, PartialEq)]
enum Data {
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

macro_rules! each {
    ($data:expr, |$v:ident| $body:expr) => {
        match $data {
            Data::F32($v) => $body,
            Data::F64($v) => $body,
            Data::I32($v) => $body,
            Data::I64($v) => $body,
            Data::U32($v) => $body,
            Data::U8($v) => $body,
            Data::I8($v) => $body,
            Data::I16($v) => $body,
            Data::U16($v) => $body,
            Data::U64($v) => $body,
            Data::Bool($v) => $body,
            Data::F16($v) => $body,
            Data::BF16($v) => $body,
        }
    };
}

impl Data {
    /// `len` values of `t` from `seed`, with zeros, extremes and (for floats) NaN mixed in.
    fn new(t: ElemType, len: usize, seed: u64) -> Data {
        let mut state = seed | 1;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut raw: Vec<u64> = (0..len).map(|_| next()).collect();
        for r in &mut raw {
            match *r % 16 {
                0 => *r = 0,
                1 => *r = u64::MAX,
                _ => {}
            }
        }
        match t {
            ElemType::F32 => Data::F32(raw.iter().map(|&r| float(r) as f32).collect()),
            ElemType::F64 => Data::F64(raw.iter().map(|&r| float(r)).collect()),
            ElemType::I32 => Data::I32(raw.iter().map(|&r| (r >> 32) as i32 % 100_000).collect()),
            ElemType::I64 => Data::I64(raw.iter().map(|&r| r as i64).collect()),
            ElemType::U32 => Data::U32(raw.iter().map(|&r| (r >> 16) as u32).collect()),
            ElemType::U8 => Data::U8(raw.iter().map(|&r| (r >> 40) as u8).collect()),
            ElemType::I8 => Data::I8(raw.iter().map(|&r| (r >> 40) as i8).collect()),
            ElemType::I16 => Data::I16(raw.iter().map(|&r| (r >> 40) as i16).collect()),
            ElemType::U16 => Data::U16(raw.iter().map(|&r| (r >> 40) as u16).collect()),
            ElemType::U64 => Data::U64(raw),
            ElemType::Bool => Data::Bool(raw.iter().map(|&r| r & 1 == 1).collect()),
            ElemType::F16 => Data::F16(raw.iter().map(|&r| f16::from_f64(float(r))).collect()),
            ElemType::BF16 => Data::BF16(raw.iter().map(|&r| bf16::from_f64(float(r))).collect()),
        }
    }

    /// A stream of `t` filled with a sentinel, for outputs.
    fn sentinel(t: ElemType, len: usize) -> Data {
        match t {
            ElemType::F32 => Data::F32(vec![-7.5; len]),
            ElemType::F64 => Data::F64(vec![-7.5; len]),
            ElemType::I32 => Data::I32(vec![-7; len]),
            ElemType::I64 => Data::I64(vec![-7; len]),
            ElemType::U32 => Data::U32(vec![7; len]),
            ElemType::U8 => Data::U8(vec![7; len]),
            ElemType::I8 => Data::I8(vec![-7; len]),
            ElemType::I16 => Data::I16(vec![-7; len]),
            ElemType::U16 => Data::U16(vec![7; len]),
            ElemType::U64 => Data::U64(vec![7; len]),
            ElemType::Bool => Data::Bool(vec![true; len]),
            ElemType::F16 => Data::F16(vec![f16::from_f32(-7.5); len]),
            ElemType::BF16 => Data::BF16(vec![bf16::from_f32(-7.5); len]),
        }
    }

    fn slice(&self) -> AnySlice<'_> {
        each!(self, |v| AnySlice::new(v))
    }

    fn slice_mut(&mut self) -> AnySliceMut<'_> {
        each!(self, |v| AnySliceMut::new(v))
    }

    /// The contents as bits, every NaN the same, for comparison.
    fn bits(&self) -> Vec<u64> {
        match self {
            Data::F32(v) => v
                .iter()
                .map(|x| {
                    if x.is_nan() {
                        1
                    } else {
                        u64::from(x.to_bits())
                    }
                })
                .collect(),
            Data::F64(v) => v
                .iter()
                .map(|x| if x.is_nan() { 1 } else { x.to_bits() })
                .collect(),
            Data::F16(v) => v
                .iter()
                .map(|x| {
                    if x.is_nan() {
                        1
                    } else {
                        u64::from(x.to_bits())
                    }
                })
                .collect(),
            Data::BF16(v) => v
                .iter()
                .map(|x| {
                    if x.is_nan() {
                        1
                    } else {
                        u64::from(x.to_bits())
                    }
                })
                .collect(),
            Data::Bool(v) => v.iter().map(|&x| u64::from(x)).collect(),
            Data::I32(v) => v.iter().map(|&x| x as u64).collect(),
            Data::I64(v) => v.iter().map(|&x| x as u64).collect(),
            Data::U32(v) => v.iter().map(|&x| x as u64).collect(),
            Data::U8(v) => v.iter().map(|&x| x as u64).collect(),
            Data::I8(v) => v.iter().map(|&x| x as u64).collect(),
            Data::I16(v) => v.iter().map(|&x| x as u64).collect(),
            Data::U16(v) => v.iter().map(|&x| x as u64).collect(),
            Data::U64(v) => v.clone(),
        }
    }
}

/// A float from random bits: mostly in [-100, 100), sometimes NaN, ±inf or ±0.
fn float(r: u64) -> f64 {
    match r % 29 {
        0 => f64::NAN,
        1 => f64::INFINITY,
        2 => f64::NEG_INFINITY,
        3 => -0.0,
        _ => (r >> 11) as f64 / (1u64 << 53) as f64 * 200.0 - 100.0,
    }
}

fn scalar(t: ElemType, seed: u64) -> Scalar {
    let r = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 3;
    match t {
        ElemType::F32 => Scalar::F32(float(r) as f32),
        ElemType::F64 => Scalar::F64(float(r)),
        ElemType::I32 => Scalar::I32((r % 201) as i32 - 100),
        ElemType::I64 => Scalar::I64(r as i64),
        ElemType::U32 => Scalar::U32(r as u32),
        ElemType::U8 => Scalar::U8(r as u8),
        ElemType::I8 => Scalar::I8(r as i8),
        ElemType::I16 => Scalar::I16(r as i16),
        ElemType::U16 => Scalar::U16(r as u16),
        ElemType::U64 => Scalar::U64(r),
        ElemType::Bool => Scalar::Bool(r & 1 == 1),
        ElemType::F16 => Scalar::F16(f16::from_f64(float(r))),
        ElemType::BF16 => Scalar::BF16(bf16::from_f64(float(r))),
    }
}

/// The error a call should return, as the fields the test can predict.
#[derive(Debug, PartialEq)]
enum Expected {
    Ok,
    WrongKind,
    Arity(&'static str, usize, usize),
    Type(String, ElemType, ElemType),
    Length(String, usize, usize),
    Panicked,
}

/// The knobs of one random call; `call` turns them into arguments for a kernel.
#[derive(Clone, Debug)]
struct Knobs {
    kernel: usize,
    wrong_method: bool,
    /// Per role (uniforms, inputs, outputs): `None` for the declared count, or a count.
    counts: [Option<usize>; 3],
    /// Per position: `None` for the declared type, or an index into `TYPES`.
    types: Vec<Option<usize>>,
    /// Per position: `None` for the call's length, or another length.
    lens: Vec<Option<usize>>,
    len: usize,
    seed: u64,
}

fn knobs() -> impl Strategy<Value = Knobs> {
    let count = prop_oneof![12 => Just(None), 1 => (0..=MAX_STREAMS + 3).prop_map(Some)];
    let ty = prop_oneof![20 => Just(None), 1 => (0..TYPES.len()).prop_map(Some)];
    let len = prop_oneof![24 => Just(None), 1 => (0..70usize).prop_map(Some)];
    (
        0..KERNELS.len(),
        prop::bool::weighted(0.05),
        [count.clone(), count.clone(), count],
        prop::collection::vec(ty, 3 * (MAX_STREAMS + 3)),
        prop::collection::vec(len, 2 * (MAX_STREAMS + 3)),
        prop_oneof![4 => 0..40usize, 1 => 0..300usize],
        any::<u64>(),
    )
        .prop_map(
            |(kernel, wrong_method, counts, types, lens, len, seed)| Knobs {
                kernel,
                wrong_method,
                counts,
                types,
                lens,
                len,
                seed,
            },
        )
}

/// The arguments of one call.
struct Call {
    k: KernelRef,
    reduce: bool,
    uniforms: Vec<Scalar>,
    inputs: Vec<Data>,
    outputs: Vec<Data>,
}

impl Knobs {
    fn call(&self) -> Call {
        let k = REGISTRY.get(KERNELS[self.kernel]).expect("registered");
        let d = *k.descriptor();
        let reduce = (d.kind() == KernelKind::Reduce) != self.wrong_method;
        let declared = [d.uniforms(), d.inputs(), d.outputs()];
        let count = |role: usize| {
            let declared = if role == 2 && d.kind() == KernelKind::Reduce {
                0
            } else {
                declared[role].len()
            };
            self.counts[role].unwrap_or(declared)
        };
        let ty = |role: usize, i: usize| match self.types[role * (MAX_STREAMS + 3) + i] {
            Some(pick) => TYPES[pick],
            None => declared[role].get(i).copied().unwrap_or(TYPES[i % 6]),
        };
        let mut seed = self.seed;
        let mut next_seed = || {
            seed = seed.wrapping_add(0x2545_f491_4f6c_dd1d);
            seed
        };
        let uniforms = (0..count(0))
            .map(|i| scalar(ty(0, i), next_seed()))
            .collect();
        let inputs = (0..count(1))
            .map(|i| Data::new(ty(1, i), self.lens[i].unwrap_or(self.len), next_seed()))
            .collect();
        let outputs = if reduce {
            vec![]
        } else {
            (0..count(2))
                .map(|i| {
                    Data::sentinel(ty(2, i), self.lens[MAX_STREAMS + 3 + i].unwrap_or(self.len))
                })
                .collect()
        };
        Call {
            k,
            reduce,
            uniforms,
            inputs,
            outputs,
        }
    }
}

impl Call {
    /// What the documented checks say this call returns.
    fn predict(&self) -> Expected {
        let d = self.k.descriptor();
        if self.reduce != (d.kind() == KernelKind::Reduce) {
            return Expected::WrongKind;
        }
        let outputs = if self.reduce { 0 } else { d.outputs().len() };
        for (what, expected, found) in [
            ("uniform values", d.uniforms().len(), self.uniforms.len()),
            ("input streams", d.inputs().len(), self.inputs.len()),
            ("output streams", outputs, self.outputs.len()),
        ] {
            if expected != found {
                return Expected::Arity(what, expected, found);
            }
        }
        for (i, (u, &t)) in self.uniforms.iter().zip(d.uniforms()).enumerate() {
            if u.elem_type() != t {
                return Expected::Type(format!("uniform {i}"), t, u.elem_type());
            }
        }
        let mut first = None;
        let streams = self
            .inputs
            .iter()
            .map(|s| ("input", s.slice().elem_type(), s.slice().len()))
            .zip(d.inputs())
            .enumerate()
            .chain(
                self.outputs
                    .iter()
                    .map(|s| ("output", s.slice().elem_type(), s.slice().len()))
                    .zip(d.outputs())
                    .enumerate(),
            );
        for (i, ((role, t, len), &want)) in streams {
            if t != want {
                return Expected::Type(format!("{role} {i}"), want, t);
            }
            match first {
                None => first = Some(len),
                Some(first) if first != len => {
                    return Expected::Length(format!("{role} {i}"), len, first);
                }
                Some(_) => {}
            }
        }
        if d.name() == "idiv"
            && let Data::I32(b) = &self.inputs[1]
            && b.contains(&0)
        {
            return Expected::Panicked;
        }
        Expected::Ok
    }

    /// Makes the call by name; returns the result and the outputs.
    fn dynamic(&self) -> (Result<Option<Scalar>, Error>, Vec<Data>) {
        let inputs: Vec<AnySlice<'_>> = self.inputs.iter().map(Data::slice).collect();
        let mut outputs = self.outputs.clone();
        let result = if self.reduce {
            self.k.reduce_slices(&self.uniforms, &inputs).map(Some)
        } else {
            let mut out: Vec<AnySliceMut<'_>> = outputs.iter_mut().map(Data::slice_mut).collect();
            self.k
                .run_slices(&self.uniforms, &inputs, &mut out)
                .map(|()| None)
        };
        (result, outputs)
    }

    /// The same kernel called inline, with its typed `slices`; only for well-formed calls.
    fn inline(&self) -> (Option<Scalar>, Vec<Data>) {
        let mut outputs = self.outputs.clone();
        let u = &self.uniforms;
        let result = match (self.k.name(), &self.inputs[..], &mut outputs[..]) {
            ("add", [Data::F32(x), Data::F32(y)], [Data::F32(o)]) => {
                stdlib::add::slices(x, y, o).map(|()| None)
            }
            ("f64::clip", [Data::F64(x)], [Data::F64(o)]) => {
                let (lo, hi) = (u[0].as_f64().expect("f64"), u[1].as_f64().expect("f64"));
                stdlib::f64::clip::slices(x, lo, hi, o).map(|()| None)
            }
            ("sum", [Data::F32(x)], []) => stdlib::sum::slices(x).map(|r| Some(r.into())),
            ("f64::dot", [Data::F64(a), Data::F64(b)], []) => {
                stdlib::f64::dot::slices(a, b).map(|r| Some(r.into()))
            }
            ("softmax", [Data::F32(x)], [Data::F32(o)]) => {
                stdlib::softmax::slices(x, o).map(|()| None)
            }
            ("mix", [Data::U8(a), Data::I64(b)], [Data::F64(o0), Data::U32(o1)]) => {
                mix::slices(u[0].as_i32().expect("i32"), a, b, o0, o1).map(|()| None)
            }
            ("idiv", [Data::I32(a), Data::I32(b)], [Data::I32(o)]) => {
                idiv::slices(a, b, o).map(|()| None)
            }
            ("widen", [Data::U8(x)], [Data::F32(o)]) => {
                widen::slices(x, u[0].as_f32().expect("f32"), o).map(|()| None)
            }
            ("count_over", [Data::U32(x)], []) => {
                count_over::slices(x, u[0].as_u32().expect("u32")).map(|r| Some(r.into()))
            }
            (name, inputs, outputs) => {
                panic!("no inline call for {name}({inputs:?}) -> {outputs:?}")
            }
        };
        (result.expect("a well-formed inline call"), outputs)
    }
}

fn same_scalar(a: Option<Scalar>, b: Option<Scalar>) -> bool {
    match (a, b) {
        (Some(Scalar::F32(x)), Some(Scalar::F32(y))) => {
            x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan())
        }
        (Some(Scalar::F64(x)), Some(Scalar::F64(y))) => {
            x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan())
        }
        (a, b) => a == b,
    }
}

/// Checks that `err` is the predicted error, with the predicted fields.
fn check_error(call: &Call, expected: &Expected, err: &Error) {
    let name = call.k.name();
    let ok = match (expected, err) {
        (
            Expected::WrongKind,
            Error::WrongKernelKind {
                kernel,
                called,
                use_instead,
                ..
            },
        ) => {
            let (c, u) = if call.reduce {
                ("reduce_slices", "run_slices")
            } else {
                ("run_slices", "reduce_slices")
            };
            kernel == name && (*called, *use_instead) == (c, u)
        }
        (
            Expected::Arity(what, e, f),
            Error::ArityMismatch {
                kernel,
                what: w,
                expected,
                found,
                ..
            },
        ) => kernel == name && (what, e, f) == (w, expected, found),
        (
            Expected::Type(p, e, f),
            Error::TypeMismatch {
                kernel,
                parameter,
                expected,
                found,
                ..
            },
        ) => kernel == name && (p, e, f) == (parameter, expected, found),
        (
            Expected::Length(s, f, e),
            Error::LengthMismatch {
                kernel,
                stream,
                found,
                expected,
                reference,
            },
        ) => kernel == name && (s, f, e) == (stream, found, expected) && reference == "input 0",
        (Expected::Panicked, Error::KernelPanicked { kernel, message }) => {
            kernel == name && message.contains("divide by zero")
        }
        _ => false,
    };
    assert!(ok, "{name}: predicted {expected:?}, got {err:?}");
    assert!(!err.to_string().is_empty());
}

/// Keeps the expected divide-by-zero panics of `idiv` out of the test output; every other
/// panic is reported as usual.
fn quiet_expected_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            let text = payload
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
                .unwrap_or("");
            if !text.contains("divide by zero") {
                default(info);
            }
        }));
    });
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn dynamic_calls_match_inline_or_fail_as_predicted(knobs in knobs()) {
        quiet_expected_panics();
        let call = knobs.call();
        let expected = call.predict();
        let (result, outputs) = catch_unwind(AssertUnwindSafe(|| call.dynamic()))
            .unwrap_or_else(|_| panic!("a call by name panicked: {knobs:?}"));
        match (&expected, result) {
            (Expected::Ok, Ok(scalar)) => {
                let (want, want_outputs) = call.inline();
                prop_assert!(same_scalar(scalar, want), "{}: {scalar:?} vs {want:?}", call.k.name());
                for (got, want) in outputs.iter().zip(&want_outputs) {
                    prop_assert_eq!(got.bits(), want.bits(), "{}", call.k.name());
                }
            }
            (Expected::Ok, Err(err)) => prop_assert!(false, "{}: unexpected {err:?}", call.k.name()),
            (expected, Ok(r)) => prop_assert!(false, "{}: predicted {expected:?}, got Ok({r:?})", call.k.name()),
            (expected, Err(err)) => {
                check_error(&call, expected, &err);
                if *expected != Expected::Panicked {
                    prop_assert_eq!(&outputs, &call.outputs, "a refused call wrote its outputs");
                }
            }
        }
    }
}

/// The generator reaches every outcome, so the property is not vacuous.
#[test]
fn every_outcome_is_generated() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut seen = [0usize; 6];
    for _ in 0..2_000 {
        let call = knobs()
            .new_tree(&mut runner)
            .expect("a value")
            .current()
            .call();
        let slot = match call.predict() {
            Expected::Ok => 0,
            Expected::WrongKind => 1,
            Expected::Arity(..) => 2,
            Expected::Type(..) => 3,
            Expected::Length(..) => 4,
            Expected::Panicked => 5,
        };
        seen[slot] += 1;
    }
    assert!(
        seen.iter().all(|&n| n >= 20),
        "outcomes (ok, kind, arity, type, length, panic): {seen:?}"
    );
    assert!(seen[0] >= 500, "{seen:?}");
}
