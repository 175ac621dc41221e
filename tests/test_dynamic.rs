//! Dynamic calls on the linked stdlib through `Registry::with_stdlib()`: results equal the
//! inline calls, and every misuse is its own error, with nothing written.

use hologram::{Error, Executor, KernelKind, KernelRef, Registry, Scalar, kernel, stdlib};

#[kernel]
fn two_out(a: f32) -> (f32, f32) {
    (a, -a)
}

/// The inline `slices` of a two-input stdlib kernel.
type Binary = fn(&[f32], &[f32], &mut [f32]) -> Result<(), Error>;
/// The inline `slices` of a one-input stdlib kernel.
type Unary = fn(&[f32], &mut [f32]) -> Result<(), Error>;

fn stdlib() -> Registry {
    Registry::with_stdlib()
}

#[test]
fn every_stdlib_kernel_is_registered_and_matches_its_inline_call() {
    let reg = stdlib();
    assert_eq!(
        reg.names(),
        [
            "abs", "add", "clip", "div", "maximum", "minimum", "mul", "neg", "relu", "sub"
        ]
    );
    let x: Vec<f32> = (0..100).map(|i| i as f32 * 0.37 - 18.0).collect();
    let y: Vec<f32> = (0..100).map(|i| 9.0 - i as f32 * 0.21).collect();
    let (mut dynamic, mut inline) = (vec![0.0f32; 100], vec![0.0f32; 100]);
    for name in ["add", "sub", "mul", "div", "maximum", "minimum"] {
        let k = reg.get(name).expect("registered");
        k.run_slices(
            &[],
            &[(&x).into(), (&y).into()],
            &mut [(&mut dynamic).into()],
        )
        .expect("dynamic");
        let f: Binary = match name {
            "add" => stdlib::add::slices,
            "sub" => stdlib::sub::slices,
            "mul" => stdlib::mul::slices,
            "div" => stdlib::div::slices,
            "maximum" => stdlib::maximum::slices,
            _ => stdlib::minimum::slices,
        };
        f(&x, &y, &mut inline).expect("inline");
        assert_eq!(dynamic, inline, "{name}");
    }
    for name in ["neg", "abs", "relu"] {
        reg.get(name)
            .expect("registered")
            .run_slices(&[], &[(&x).into()], &mut [(&mut dynamic).into()])
            .expect("dynamic");
        let f: Unary = match name {
            "neg" => stdlib::neg::slices,
            "abs" => stdlib::abs::slices,
            _ => stdlib::relu::slices,
        };
        f(&x, &mut inline).expect("inline");
        assert_eq!(dynamic, inline, "{name}");
    }
    reg.get("clip")
        .expect("clip")
        .run_slices(
            &[(-1.0f32).into(), 2.0f32.into()],
            &[(&x).into()],
            &mut [(&mut dynamic).into()],
        )
        .expect("clip");
    stdlib::clip::slices(&x, -1.0, 2.0, &mut inline).expect("inline");
    assert_eq!(dynamic, inline, "clip");
}

#[test]
fn unknown_names_are_their_own_error() {
    let err = stdlib().get("softmaxx").expect_err("no such kernel");
    assert_eq!(
        err,
        Error::UnknownKernel {
            name: "softmaxx".into(),
            registered: 10
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
            operation: "kernel `add`".into(),
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
