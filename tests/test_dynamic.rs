//! Dynamic calls on the linked stdlib through `Registry::with_stdlib()`: results equal the
//! inline calls, and every misuse is its own error, with nothing written.

use hologram::{Error, Executor, KernelKind, KernelRef, Registry, Scalar, kernel, stdlib};

#[kernel]
fn two_out(a: f32) -> (f32, f32) {
    (a, -a)
}

fn stdlib() -> Registry {
    Registry::with_stdlib()
}

/// Checks that the registry's `name` gives the bits of the inline `slices` of `module`, on
/// inputs `x` (and `y` for two-input kernels), for elementwise and reduce kernels alike.
macro_rules! same_as_inline {
    ($reg:expr, $t:ty, $x:expr, $y:expr, $name:literal, $module:path, binary) => {{
        use $module as m;
        let (mut dynamic, mut inline) = (
            vec![<$t>::default(); $x.len()],
            vec![<$t>::default(); $x.len()],
        );
        $reg.get($name)
            .expect($name)
            .run_slices(
                &[],
                &[(&$x).into(), (&$y).into()],
                &mut [(&mut dynamic).into()],
            )
            .expect($name);
        m::slices(&$x, &$y, &mut inline).expect($name);
        assert_eq!(bits(&dynamic), bits(&inline), $name);
    }};
    ($reg:expr, $t:ty, $x:expr, $y:expr, $name:literal, $module:path, unary) => {{
        use $module as m;
        let (mut dynamic, mut inline) = (
            vec![<$t>::default(); $x.len()],
            vec![<$t>::default(); $x.len()],
        );
        $reg.get($name)
            .expect($name)
            .run_slices(&[], &[(&$x).into()], &mut [(&mut dynamic).into()])
            .expect($name);
        m::slices(&$x, &mut inline).expect($name);
        assert_eq!(bits(&dynamic), bits(&inline), $name);
    }};
    ($reg:expr, $t:ty, $x:expr, $y:expr, $name:literal, $module:path, reduce) => {{
        use $module as m;
        let dynamic = $reg
            .get($name)
            .expect($name)
            .reduce_slices(&[], &[(&$x).into()])
            .expect($name);
        let inline: $t = m::slices(&$x).expect($name);
        assert_eq!(dynamic, Scalar::from(inline), $name);
    }};
    ($reg:expr, $t:ty, $x:expr, $y:expr, $name:literal, $module:path, reduce2) => {{
        use $module as m;
        let dynamic = $reg
            .get($name)
            .expect($name)
            .reduce_slices(&[], &[(&$x).into(), (&$y).into()])
            .expect($name);
        let inline: $t = m::slices(&$x, &$y).expect($name);
        assert_eq!(dynamic, Scalar::from(inline), $name);
    }};
}

fn bits<T: Copy + Into<f64>>(values: &[T]) -> Vec<u64> {
    values.iter().map(|&v| v.into().to_bits()).collect()
}

#[test]
fn every_stdlib_kernel_is_registered_and_matches_its_inline_call() {
    let reg = stdlib();
    let names = reg.names();
    assert_eq!(names.len(), stdlib::KERNELS.len());
    for kernel in stdlib::KERNELS {
        assert!(names.iter().any(|n| n == kernel.descriptor().name()));
    }
    assert!(names.iter().any(|n| n == "softmax") && names.iter().any(|n| n == "f64::softmax"));

    let x: Vec<f32> = (0..100).map(|i| i as f32 * 0.37 - 18.0).collect();
    let y: Vec<f32> = (0..100).map(|i| 9.0 - i as f32 * 0.21).collect();
    same_as_inline!(reg, f32, x, y, "add", stdlib::add, binary);
    same_as_inline!(reg, f32, x, y, "sub", stdlib::sub, binary);
    same_as_inline!(reg, f32, x, y, "mul", stdlib::mul, binary);
    same_as_inline!(reg, f32, x, y, "div", stdlib::div, binary);
    same_as_inline!(reg, f32, x, y, "maximum", stdlib::maximum, binary);
    same_as_inline!(reg, f32, x, y, "minimum", stdlib::minimum, binary);
    same_as_inline!(reg, f32, x, y, "neg", stdlib::neg, unary);
    same_as_inline!(reg, f32, x, y, "abs", stdlib::abs, unary);
    same_as_inline!(reg, f32, x, y, "relu", stdlib::relu, unary);
    same_as_inline!(reg, f32, x, y, "exp", stdlib::exp, unary);
    same_as_inline!(reg, f32, x, y, "tanh", stdlib::tanh, unary);
    same_as_inline!(reg, f32, x, y, "sigmoid", stdlib::sigmoid, unary);
    same_as_inline!(reg, f32, x, y, "gelu", stdlib::gelu, unary);
    same_as_inline!(reg, f32, x, y, "gelu_tanh", stdlib::gelu_tanh, unary);
    same_as_inline!(reg, f32, x, y, "softmax", stdlib::softmax, unary);
    same_as_inline!(reg, f32, x, y, "log_softmax", stdlib::log_softmax, unary);
    same_as_inline!(reg, f32, x, y, "sum", stdlib::sum, reduce);
    same_as_inline!(reg, f32, x, y, "max", stdlib::max, reduce);
    same_as_inline!(reg, f32, x, y, "min", stdlib::min, reduce);
    same_as_inline!(reg, f32, x, y, "mean", stdlib::mean, reduce);
    same_as_inline!(reg, f32, x, y, "dot", stdlib::dot, reduce2);

    let x: Vec<f64> = x.iter().map(|&v| f64::from(v) * 1.25).collect();
    let y: Vec<f64> = y.iter().map(|&v| f64::from(v) * 0.75).collect();
    same_as_inline!(reg, f64, x, y, "f64::add", stdlib::f64::add, binary);
    same_as_inline!(reg, f64, x, y, "f64::sub", stdlib::f64::sub, binary);
    same_as_inline!(reg, f64, x, y, "f64::mul", stdlib::f64::mul, binary);
    same_as_inline!(reg, f64, x, y, "f64::div", stdlib::f64::div, binary);
    same_as_inline!(reg, f64, x, y, "f64::maximum", stdlib::f64::maximum, binary);
    same_as_inline!(reg, f64, x, y, "f64::minimum", stdlib::f64::minimum, binary);
    same_as_inline!(reg, f64, x, y, "f64::neg", stdlib::f64::neg, unary);
    same_as_inline!(reg, f64, x, y, "f64::abs", stdlib::f64::abs, unary);
    same_as_inline!(reg, f64, x, y, "f64::relu", stdlib::f64::relu, unary);
    same_as_inline!(reg, f64, x, y, "f64::exp", stdlib::f64::exp, unary);
    same_as_inline!(reg, f64, x, y, "f64::tanh", stdlib::f64::tanh, unary);
    same_as_inline!(reg, f64, x, y, "f64::sigmoid", stdlib::f64::sigmoid, unary);
    same_as_inline!(reg, f64, x, y, "f64::gelu", stdlib::f64::gelu, unary);
    same_as_inline!(
        reg,
        f64,
        x,
        y,
        "f64::gelu_tanh",
        stdlib::f64::gelu_tanh,
        unary
    );
    same_as_inline!(reg, f64, x, y, "f64::softmax", stdlib::f64::softmax, unary);
    same_as_inline!(
        reg,
        f64,
        x,
        y,
        "f64::log_softmax",
        stdlib::f64::log_softmax,
        unary
    );
    same_as_inline!(reg, f64, x, y, "f64::sum", stdlib::f64::sum, reduce);
    same_as_inline!(reg, f64, x, y, "f64::max", stdlib::f64::max, reduce);
    same_as_inline!(reg, f64, x, y, "f64::min", stdlib::f64::min, reduce);
    same_as_inline!(reg, f64, x, y, "f64::mean", stdlib::f64::mean, reduce);
    same_as_inline!(reg, f64, x, y, "f64::dot", stdlib::f64::dot, reduce2);

    let (mut dynamic, mut inline) = (vec![0.0f64; 100], vec![0.0f64; 100]);
    reg.get("f64::clip")
        .expect("clip")
        .run_slices(
            &[(-1.0f64).into(), 2.0f64.into()],
            &[(&x).into()],
            &mut [(&mut dynamic).into()],
        )
        .expect("clip");
    stdlib::f64::clip::slices(&x, -1.0, 2.0, &mut inline).expect("inline");
    assert_eq!(dynamic, inline, "f64::clip");
}

#[test]
fn unknown_names_are_their_own_error() {
    let err = stdlib().get("softmaxx").expect_err("no such kernel");
    assert_eq!(
        err,
        Error::UnknownKernel {
            name: "softmaxx".into(),
            registered: stdlib::KERNELS.len()
        }
    );
    assert!(err.to_string().contains("Registry::names()"), "{err}");
}

#[test]
fn arity_mismatches_name_what_and_how_many() {
    let add = stdlib().get("add").expect("add");
    let x = [1.0f32; 3];
    let mut out = [0.0f32; 3];
    let err = add
        .run_slices(&[], &[(&x).into()], &mut [(&mut out).into()])
        .expect_err("one input short");
    let Error::ArityMismatch {
        kernel,
        what,
        expected,
        found,
        signature,
    } = &err
    else {
        panic!("expected ArityMismatch, got {err}");
    };
    assert_eq!(
        (kernel.as_str(), *what, *expected, *found),
        ("add", "input streams", 2, 1)
    );
    assert_eq!(signature, "add(f32, f32) -> f32");
    let err = add
        .run_slices(
            &[1.0f32.into()],
            &[(&x).into(), (&x).into()],
            &mut [(&mut out).into()],
        )
        .expect_err("a uniform too many");
    assert!(
        matches!(
            err,
            Error::ArityMismatch {
                what: "uniform values",
                expected: 0,
                found: 1,
                ..
            }
        ),
        "{err}"
    );
    let err = add
        .run_slices(&[], &[(&x).into(), (&x).into()], &mut [])
        .expect_err("no output");
    assert!(
        matches!(
            err,
            Error::ArityMismatch {
                what: "output streams",
                expected: 1,
                found: 0,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(out, [0.0; 3], "nothing written");
}

#[test]
fn type_mismatches_name_the_parameter_and_both_types() {
    let reg = stdlib();
    let x = [1.0f32; 2];
    let xd = [1.0f64; 2];
    let mut out = [0.0f32; 2];
    let err = reg
        .get("add")
        .expect("add")
        .run_slices(&[], &[(&x).into(), (&xd).into()], &mut [(&mut out).into()])
        .expect_err("f64 input");
    assert_eq!(
        err,
        Error::TypeMismatch {
            kernel: "add".into(),
            parameter: "input 1".into(),
            expected: hologram::ElemType::F32,
            found: hologram::ElemType::F64,
            signature: "add(f32, f32) -> f32".into(),
        }
    );
    let err = reg
        .get("clip")
        .expect("clip")
        .run_slices(
            &[0.0f32.into(), 1i32.into()],
            &[(&x).into()],
            &mut [(&mut out).into()],
        )
        .expect_err("i32 uniform");
    assert!(
        matches!(&err, Error::TypeMismatch { parameter, .. } if parameter == "uniform 1"),
        "{err}"
    );
    let mut wrong = [0u8; 2];
    let err = reg
        .get("neg")
        .expect("neg")
        .run_slices(&[], &[(&x).into()], &mut [(&mut wrong).into()])
        .expect_err("u8 output");
    assert!(
        matches!(&err, Error::TypeMismatch { parameter, .. } if parameter == "output 0"),
        "{err}"
    );
}

#[test]
fn length_mismatches_are_the_usual_error() {
    let add = stdlib().get("add").expect("add");
    let mut out = [0.0f32; 3];
    let err = add
        .run_slices(
            &[],
            &[(&[1.0f32; 3]).into(), (&[1.0f32; 3]).into()],
            &mut [(&mut out[..2]).into()],
        )
        .expect_err("short output");
    assert_eq!(
        err,
        Error::LengthMismatch {
            kernel: "add".into(),
            stream: "output 0".into(),
            found: 2,
            reference: "input 0".into(),
            expected: 3,
        }
    );
}

#[test]
fn calling_the_wrong_kind_says_which_method_fits() {
    let add = stdlib().get("add").expect("add");
    let err = add
        .reduce_slices(&[], &[(&[1.0f32]).into(), (&[1.0f32]).into()])
        .expect_err("not a reduction");
    assert_eq!(
        err,
        Error::WrongKernelKind {
            kernel: "add".into(),
            kind: KernelKind::Elementwise,
            called: "reduce_slices",
            use_instead: "run_slices",
        }
    );
    let exec = Executor::new();
    let err = add.reduce(&exec, &[], &[]).expect_err("not a reduction");
    assert!(
        matches!(
            err,
            Error::WrongKernelKind {
                called: "reduce",
                use_instead: "run",
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn buffers_are_checked_stale_foreign_and_aliased() {
    let reg = stdlib();
    let add = reg.get("add").expect("add");
    let mut exec = Executor::new();
    let x = exec.alloc_from(&[1.0f32, 2.0]).expect("x");
    let y = exec.alloc_from(&[3.0f32, 4.0]).expect("y");
    let gone = exec.alloc::<f32>(2).expect("gone");
    exec.free(gone).expect("free");
    let err = add
        .run(&mut exec, &[], &[x.into(), gone.into()], &[y.into()])
        .expect_err("stale");
    assert!(matches!(err, Error::StaleBuffer { .. }), "{err}");

    let mut other = Executor::new();
    let theirs = other.alloc::<f32>(2).expect("theirs");
    let err = add
        .run(&mut exec, &[], &[x.into(), y.into()], &[theirs.into()])
        .expect_err("foreign");
    assert!(matches!(err, Error::ForeignBuffer { .. }), "{err}");

    let pair = KernelRef::from(two_out::KERNEL);
    let err = pair
        .run(&mut exec, &[], &[x.into()], &[y.into(), y.into()])
        .expect_err("aliased");
    assert!(
        matches!(&err, Error::AliasedOutputs { first, second, .. } if first == "output 0" && second == "output 1"),
        "{err}"
    );
    assert_eq!(exec.read(y), Ok(&[3.0, 4.0][..]), "nothing written");

    let short = exec.alloc::<f32>(1).expect("short");
    let err = add
        .run(&mut exec, &[], &[x.into(), y.into()], &[short.into()])
        .expect_err("length");
    assert!(matches!(err, Error::LengthMismatch { .. }), "{err}");

    add.run(&mut exec, &[], &[x.into(), y.into()], &[x.into()])
        .expect("in place is fine");
    assert_eq!(exec.read(x), Ok(&[4.0, 6.0][..]));
}

#[test]
fn register_refuses_duplicates_and_keeps_the_registry() {
    let mut reg = stdlib();
    let before = reg.names();
    let err = reg.register(stdlib::add::KERNEL).expect_err("twice");
    assert_eq!(
        err,
        Error::DuplicateKernel {
            name: "add".into(),
            path: None,
            existing: None
        }
    );
    assert_eq!(reg.names(), before);
    reg.register(two_out::KERNEL).expect("new name");
    assert!(reg.contains("two_out"));
    let (mut a, mut b) = ([0.0f32; 2], [0.0f32; 2]);
    reg.get("two_out")
        .expect("two_out")
        .run_slices(
            &[],
            &[(&[1.5f32, -2.0]).into()],
            &mut [(&mut a).into(), (&mut b).into()],
        )
        .expect("two outputs");
    assert_eq!((a, b), ([1.5, -2.0], [-1.5, 2.0]));
    assert_eq!(Scalar::from(2u8).as_u8(), Some(2));
}

/// A hand-made kernel with more inputs than the ABI allows: `#[kernel]` refuses to declare
/// one (`tests/ui/fail/too-many-inputs.rs`), the registry refuses to register one, and a
/// call through `KernelRef::from` is an error, not an index out of the call's frame.
struct Wide;

impl hologram::abi::EntryBody for Wide {
    const DESCRIPTOR: hologram::KernelDescriptor = hologram::__private::descriptor(
        "wide",
        KernelKind::Elementwise,
        &[],
        &[hologram::ElemType::F32; 17],
        &[hologram::ElemType::F32],
    );

    fn run(_: &hologram::abi::EntryCall<'_>) -> Result<(), hologram::abi::EntryError> {
        Ok(())
    }
}

#[test]
fn more_streams_than_the_abi_allows_is_an_error() {
    assert_eq!(
        hologram::abi::MAX_STREAMS,
        16,
        "hologram-macros/src/valid.rs holds the same limit"
    );
    let kernel = hologram::__private::kernel::<Wide>();
    let mut reg = Registry::new();
    let err = reg.register(kernel).expect_err("too wide");
    assert!(matches!(err, Error::MalformedDescriptor { .. }), "{err}");
    let x = [1.0f32; 2];
    let inputs: Vec<hologram::AnySlice<'_>> = (0..17).map(|_| (&x).into()).collect();
    let mut out = [0.0f32; 2];
    let err = KernelRef::from(kernel)
        .run_slices(&[], &inputs, &mut [(&mut out).into()])
        .expect_err("too wide");
    assert!(matches!(err, Error::MalformedDescriptor { .. }), "{err}");
    assert!(err.to_string().contains("MAX_STREAMS"), "{err}");
}

/// A hand-made reduction that declares no result type.
struct NoResult;

impl hologram::abi::EntryBody for NoResult {
    const DESCRIPTOR: hologram::KernelDescriptor = hologram::__private::descriptor(
        "no_result",
        KernelKind::Reduce,
        &[],
        &[hologram::ElemType::F32],
        &[],
    );

    fn run(_: &hologram::abi::EntryCall<'_>) -> Result<(), hologram::abi::EntryError> {
        Ok(())
    }
}

#[test]
fn a_reduction_without_a_result_type_is_an_error() {
    let kernel = KernelRef::from(hologram::__private::kernel::<NoResult>());
    let err = kernel
        .reduce_slices(&[], &[(&[1.0f32]).into()])
        .expect_err("no result type");
    assert!(
        matches!(
            err,
            Error::MalformedDescriptor {
                field: "output_count",
                ..
            }
        ),
        "{err}"
    );
}
