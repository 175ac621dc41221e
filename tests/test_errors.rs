//! One test per `hologram::Error` variant: each is triggered through the public API, and its
//! message must name the fix (a distinctive substring of the advice `ERRORS.md` gives).
//! `every_variant_is_tested_and_documented` reads `error.rs` and fails when a variant has no
//! test here or no row in `ERRORS.md`.
//!
//! `AllocationFailed` needs an allocator that says no: this binary's global allocator refuses
//! any single request above 64 GiB (and passes everything else to the system's), so the test
//! does not depend on how the machine overcommits memory.

mod common;

use hologram::{Error, Executor, KernelRef, Registry, kernel, stdlib};
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;

/// Requests above this many bytes fail, as they would on a machine without that much memory.
const REFUSE_ABOVE: usize = 1 << 36;

struct RefuseHuge;

// SAFETY: every method forwards to `System`, which upholds the `GlobalAlloc` contract, or
// returns null, which the contract allows for any request (it means "out of memory").
unsafe impl GlobalAlloc for RefuseHuge {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.size() > REFUSE_ABOVE {
            return core::ptr::null_mut();
        }
        // SAFETY: the caller's `layout` is passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.size() > REFUSE_ABOVE {
            return core::ptr::null_mut();
        }
        // SAFETY: as in `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System` (null is never handed out to be freed) with
        // this `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > REFUSE_ABOVE {
            return core::ptr::null_mut();
        }
        // SAFETY: `ptr` came from `System` with `layout`; the caller guarantees `new_size`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: RefuseHuge = RefuseHuge;

/// Asserts that `err`'s message contains `fix`, the advice it must give.
fn names_the_fix(err: &Error, fix: &str) {
    let message = err.to_string();
    assert!(
        message.contains(fix),
        "the message of {err:?} does not say {fix:?}: {message}"
    );
}

/// Two outputs, for `AliasedOutputs`.
#[kernel]
fn halves(x: f32) -> (f32, f32) {
    (x * 0.5, x - x * 0.5)
}

/// Panics when `b` is 0, for `KernelPanicked`.
#[kernel]
fn quotient(a: i32, b: i32) -> i32 {
    a / b
}

#[test]
fn length_mismatch() {
    let mut out = [0.0f32; 2];
    let err = stdlib::add::slices(&[1.0, 2.0], &[1.0], &mut out).expect_err("lengths differ");
    assert!(
        matches!(
            err,
            Error::LengthMismatch {
                found: 1,
                expected: 2,
                ..
            }
        ),
        "{err:?}"
    );
    names_the_fix(
        &err,
        "every input and output of one call must have the same length",
    );
}

#[test]
fn wrong_data_length() {
    let mut exec = Executor::new();
    let buf = exec.alloc_from(&[1u8, 2, 3]).expect("alloc");
    let err = exec.write(buf, &[9, 9]).expect_err("too short");
    assert!(
        matches!(
            err,
            Error::WrongDataLength {
                found: 2,
                expected: 3
            }
        ),
        "{err:?}"
    );
    names_the_fix(&err, "pass exactly as many elements as the buffer holds");
    assert_eq!(exec.read(buf), Ok(&[1, 2, 3][..]), "nothing written");
}

#[test]
fn invalid_bool() {
    let mut bytes = [1u8, 0, 7, 2];
    let err = hologram::bools(&bytes).expect_err("7 is not a bool");
    assert_eq!(err, Error::InvalidBool { index: 2, byte: 7 });
    names_the_fix(&err, "turn other data into bools first");
    let err = hologram::bools_mut(&mut bytes).expect_err("7 is not a bool");
    assert!(
        matches!(err, Error::InvalidBool { index: 2, byte: 7 }),
        "{err:?}"
    );
    assert_eq!(bytes, [1, 0, 7, 2], "nothing written");
}

#[test]
fn out_of_class_memory() {
    let mut exec = Executor::with_classes(2, 64).expect("small");
    let err = exec
        .alloc::<f32>(100)
        .expect_err("400 bytes need 7 classes");
    assert!(
        matches!(
            err,
            Error::OutOfClassMemory {
                classes_needed: 7,
                ..
            }
        ),
        "{err:?}"
    );
    names_the_fix(&err, "the executor is empty, so it is too small");
    names_the_fix(&err, "Executor::with_classes(7, 64)");
    assert!(!err.to_string().contains("free buffers"), "{err}");
    // With buffers in use, freeing them is advice worth giving, and the figures count them.
    let mut exec = Executor::with_classes(4, 64).expect("small");
    let _held = exec.alloc::<u8>(64).expect("one class");
    let err = exec.alloc::<f32>(100).expect_err("7 classes");
    names_the_fix(&err, "free buffers you no longer use");
    names_the_fix(&err, "Executor::with_classes(8, 64)");
    // The default executor and a vector of 2^20 f32: the exact figures.
    let err = Executor::new().alloc::<f32>(1 << 20).expect_err("4 MiB");
    names_the_fix(&err, "Executor::with_classes(342, 12288)");
    names_the_fix(&err, "Executor::with_capacity_bytes(4194304)");
    assert!(
        Executor::with_capacity_bytes(4 << 20)
            .unwrap()
            .alloc::<f32>(1 << 20)
            .is_ok()
    );
}

#[test]
fn stale_buffer() {
    let mut exec = Executor::new();
    let buf = exec.alloc::<u8>(3).expect("alloc");
    exec.free(buf).expect("free");
    let err = exec.read(buf).expect_err("freed");
    assert!(matches!(err, Error::StaleBuffer { .. }), "{err:?}");
    names_the_fix(&err, "stop using a handle after Executor::free");
}

#[test]
fn foreign_buffer() {
    let (mut mine, mut theirs) = (Executor::new(), Executor::new());
    let buf = theirs.alloc::<i64>(3).expect("alloc");
    let err = mine.write(buf, &[1, 2, 3]).expect_err("not mine");
    assert!(matches!(err, Error::ForeignBuffer { .. }), "{err:?}");
    names_the_fix(&err, "pass each buffer to the executor that allocated it");
}

#[test]
fn aliased_outputs() {
    let mut exec = Executor::new();
    let x = exec.alloc_from(&[1.0f32, 2.0]).expect("x");
    let out = exec.alloc::<f32>(2).expect("out");
    let err = halves::run(&mut exec, x, out, out).expect_err("one buffer for two outputs");
    assert!(matches!(err, Error::AliasedOutputs { .. }), "{err:?}");
    names_the_fix(&err, "give every output its own buffer");
    let by_name = KernelRef::from(halves::KERNEL)
        .run(&mut exec, &[], &[x.into()], &[out.into(), out.into()])
        .expect_err("by name too");
    assert!(
        matches!(by_name, Error::AliasedOutputs { .. }),
        "{by_name:?}"
    );
}

#[test]
fn invalid_class_layout() {
    let err = Executor::with_classes(4, 100).expect_err("not a multiple of 64");
    assert!(matches!(err, Error::InvalidClassLayout { .. }), "{err:?}");
    names_the_fix(&err, "round it up to 128");
    let err = Executor::with_classes(0, 64).expect_err("no classes");
    names_the_fix(&err, "ask for at least one class");
}

#[test]
#[cfg(target_pointer_width = "64")]
fn allocation_failed() {
    // 2^20 classes of 1 MiB: exactly MAX_CLASS_MEMORY_BYTES, a valid layout, but 1 TiB.
    let bytes = 1usize << 40;
    assert_eq!(bytes, hologram::MAX_CLASS_MEMORY_BYTES);
    let err = Executor::with_classes(1 << 20, 1 << 20).expect_err("this allocator says no");
    assert_eq!(err, Error::AllocationFailed { bytes });
    names_the_fix(&err, "ask for fewer or smaller classes");
}

#[test]
fn buffer_too_large() {
    let mut exec = Executor::new();
    let err = exec
        .alloc::<f64>(usize::MAX / 4)
        .expect_err("bytes overflow");
    assert!(matches!(err, Error::BufferTooLarge { .. }), "{err:?}");
    names_the_fix(&err, "ask for a smaller buffer");
}

#[test]
fn kernel_panicked() {
    // The panic is caught by the kernel's entry point; keep its report out of the output
    // (other panics, of failing tests on other threads, are still reported).
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !info.to_string().contains("divide by zero") {
            default(info);
        }
    }));
    let mut out = [0i32; 2];
    let result = KernelRef::from(quotient::KERNEL).run_slices(
        &[],
        &[(&[6, 7]).into(), (&[3, 0]).into()],
        &mut [(&mut out).into()],
    );
    let err = result.expect_err("division by zero");
    assert!(
        matches!(&err, Error::KernelPanicked { kernel, message } if kernel == "quotient" && message.contains("divide by zero")),
        "{err:?}"
    );
    names_the_fix(&err, "fix the kernel, or the input that makes it panic");
}

#[test]
fn kernel_failed() {
    let mut reg = Registry::new();
    reg.load_library(common::c_kernels()).expect("C kernels");
    let mut out = [0.0f64; 2];
    let err = reg
        .get("c_checked_sqrt")
        .expect("c_checked_sqrt")
        .run_slices(&[], &[(&[4.0f64, -1.0]).into()], &mut [(&mut out).into()])
        .expect_err("a negative input");
    assert!(matches!(err, Error::KernelFailed { .. }), "{err:?}");
    names_the_fix(&err, "x[1] = -1 is negative");
    names_the_fix(&err, "change the input as its message says");
}

#[test]
fn arity_mismatch() {
    let add = Registry::with_stdlib().get("add").expect("add");
    let mut out = [0.0f32; 1];
    let err = add
        .run_slices(&[], &[(&[1.0f32]).into()], &mut [(&mut out).into()])
        .expect_err("one input of two");
    assert!(
        matches!(
            err,
            Error::ArityMismatch {
                expected: 2,
                found: 1,
                ..
            }
        ),
        "{err:?}"
    );
    names_the_fix(
        &err,
        "pass them as its signature says: add(f32, f32) -> f32",
    );
}

#[test]
fn type_mismatch() {
    let add = Registry::with_stdlib().get("add").expect("add");
    let mut out = [0.0f32; 1];
    let err = add
        .run_slices(
            &[],
            &[(&[1.0f32]).into(), (&[1.0f64]).into()],
            &mut [(&mut out).into()],
        )
        .expect_err("an f64 input");
    assert!(matches!(err, Error::TypeMismatch { .. }), "{err:?}");
    names_the_fix(
        &err,
        "input 1 must be f32 but the call passed f64; pass f32 there",
    );
}

#[test]
fn wrong_kernel_kind() {
    let sum = Registry::with_stdlib().get("sum").expect("sum");
    let mut out = [0.0f32; 1];
    let err = sum
        .run_slices(&[], &[(&[1.0f32]).into()], &mut [(&mut out).into()])
        .expect_err("a reduction");
    assert!(matches!(err, Error::WrongKernelKind { .. }), "{err:?}");
    names_the_fix(&err, "call `reduce_slices` instead");
}

#[test]
fn no_combiner() {
    let mut reg = Registry::new();
    reg.load_library(common::c_library("examples/c-kernels/kernels.c"))
        .expect("the version-1 C library loads");
    let dot = reg.get("c_dot").expect("c_dot");
    let err = dot
        .combine(1.0f64.into(), 2.0f64.into())
        .expect_err("no combiner in version 1");
    assert!(matches!(err, Error::NoCombiner { .. }), "{err:?}");
    names_the_fix(&err, "rebuild the library against ABI version 2");
}

#[test]
fn unknown_kernel() {
    let err = Registry::with_stdlib().get("sumo").expect_err("misspelt");
    assert!(matches!(err, Error::UnknownKernel { .. }), "{err:?}");
    names_the_fix(&err, "check the spelling against Registry::names()");
}

#[test]
fn duplicate_kernel() {
    let mut reg = Registry::with_stdlib();
    let err = reg.register(stdlib::add::KERNEL).expect_err("add is taken");
    assert!(matches!(err, Error::DuplicateKernel { .. }), "{err:?}");
    names_the_fix(&err, "rename one of them (#[kernel(name = \"...\")])");
}

#[test]
fn library_already_loaded() {
    let mut reg = Registry::new();
    let path = common::c_kernels();
    let names = reg.load_library(&path).expect("C kernels");
    let err = reg.load_library(&path).expect_err("loaded twice");
    assert!(matches!(err, Error::LibraryAlreadyLoaded { .. }), "{err:?}");
    names_the_fix(&err, "load each library once");
    assert!(!err.to_string().contains("clashes"), "{err}");
    assert_eq!(reg.len(), names.len(), "nothing changed");
}

/// A reduction to two values, for `TupleResult`.
#[kernel(reduce = (min, max))]
fn range(x: f32) -> (f32, f32) {
    (x, x)
}

#[test]
fn tuple_result() {
    let err = KernelRef::from(range::KERNEL)
        .reduce_slices(&[], &[(&[1.0f32]).into()])
        .expect_err("two results");
    assert!(matches!(err, Error::TupleResult { .. }), "{err:?}");
    names_the_fix(
        &err,
        "call `reduce_slices_tuple`, which returns every component",
    );
}

/// Loads `path` into a fresh registry and returns the error, checking that nothing changed.
fn load_error(path: &Path) -> Error {
    let mut reg = Registry::new();
    let err = reg.load_library(path).expect_err("must be refused");
    assert!(reg.is_empty());
    err
}

#[test]
fn library_not_found() {
    let err = load_error(&common::fresh_dir("errors-missing").join("libnothing.so"));
    assert!(matches!(err, Error::LibraryNotFound { .. }), "{err:?}");
    names_the_fix(&err, "check the path, or build the library first");
}

#[test]
fn not_a_library() {
    let path = common::fresh_dir("errors-text").join("libtext.so");
    std::fs::write(&path, "not a library").expect("write");
    let err = load_error(&path);
    assert!(matches!(err, Error::NotALibrary { .. }), "{err:?}");
    names_the_fix(&err, "pass a shared library built for this platform");
}

#[test]
fn missing_entry_symbol() {
    let err = load_error(&common::c_library("tests/c/no_symbol.c"));
    assert!(matches!(err, Error::MissingEntrySymbol { .. }), "{err:?}");
    names_the_fix(
        &err,
        "export your kernels with hologram::export_kernels!(...)",
    );
}

#[test]
fn abi_version_mismatch() {
    let err = load_error(&common::c_library("tests/c/wrong_abi.c"));
    assert!(
        matches!(err, Error::AbiVersionMismatch { found: 99, .. }),
        "{err:?}"
    );
    names_the_fix(&err, "rebuild the library against this version of hologram");
}

#[test]
fn malformed_table() {
    let err = load_error(&common::c_library("tests/c/small_table.c"));
    assert!(
        matches!(
            err,
            Error::MalformedTable {
                field: "table_size",
                ..
            }
        ),
        "{err:?}"
    );
    names_the_fix(&err, "does not follow hologram_kernel.h, fix or rebuild it");
}

#[test]
fn malformed_descriptor() {
    let err = load_error(&common::c_library("tests/c/bad_type.c"));
    assert!(
        matches!(
            err,
            Error::MalformedDescriptor {
                field: "input_types",
                ..
            }
        ),
        "{err:?}"
    );
    names_the_fix(&err, "fix the descriptor (see hologram_kernel.h)");
}

#[test]
fn insecure_library_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let path = common::fresh_dir("errors-writable").join("libwritable.so");
    common::install(&common::c_kernels(), &path).expect("install");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).expect("chmod");
    let err = load_error(&path);
    assert!(
        matches!(err, Error::InsecureLibraryPermissions { .. }),
        "{err:?}"
    );
    names_the_fix(&err, &format!("run `chmod go-w {}`", path.display()));
}

#[test]
fn unreadable_directory() {
    let mut reg = Registry::new();
    let err = reg
        .load_dir(common::fresh_dir("errors-dir").join("missing"))
        .expect_err("no such directory");
    assert!(matches!(err, Error::UnreadableDirectory { .. }), "{err:?}");
    names_the_fix(
        &err,
        "check that the directory exists and that you may read it",
    );
}

/// The variants of `Error`, read from its source: each line `    Name {` inside the enum.
fn variants() -> Vec<String> {
    let source = include_str!("../hologram-runtime/src/error.rs");
    let body = source
        .split_once("pub enum Error {")
        .expect("the enum")
        .1
        .split_once("\n}\n")
        .expect("its end")
        .0;
    body.lines()
        .filter_map(|line| line.strip_prefix("    "))
        .filter_map(|line| line.strip_suffix(" {"))
        .filter(|name| name.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(str::to_owned)
        .collect()
}

/// `LengthMismatch` -> `length_mismatch`.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() && !out.is_empty() {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[test]
fn every_variant_is_tested_and_documented() {
    let variants = variants();
    assert!(
        variants.len() >= 23,
        "the parser missed variants: {variants:?}"
    );
    let tests = include_str!("test_errors.rs");
    let table = include_str!("../ERRORS.md");
    for v in &variants {
        assert!(
            tests.contains(&format!("fn {}()", snake(v))),
            "no test for Error::{v}"
        );
        assert!(
            tests.contains(&format!("Error::{v} {{")),
            "the test does not match Error::{v}"
        );
        assert!(
            table.contains(&format!("| `{v}` |")),
            "ERRORS.md has no row for {v}"
        );
    }
}

#[test]
fn shape_mismatch() {
    let x = [1.0f32; 6];
    let bias = [1.0f32; 4];
    let mut out = [7.0f32; 6];
    let x = hologram::View::with_shape(&x, &[2, 3]).expect("view");
    let err = stdlib::add::arrays(
        x,
        &bias,
        hologram::ViewMut::with_shape(&mut out, &[2, 3]).expect("view"),
    )
    .expect_err("4 does not broadcast to 3");
    assert!(
        matches!(&err, Error::ShapeMismatch { stream, shape, expected, .. }
            if stream == "b" && shape == &[4] && expected == &[2, 3]),
        "{err:?}"
    );
    assert_eq!(out, [7.0; 6], "nothing is written");
    names_the_fix(&err, "shapes aligned at the end, each dimension equal or 1");
}

#[test]
fn axis_out_of_range() {
    let x = [1.0f32; 6];
    let mut sums = [0.0f32; 2];
    let x = hologram::View::with_shape(&x, &[2, 3]).expect("view");
    let err = stdlib::sum::along(2, x, &mut sums).expect_err("2-D arrays have axes 0 and 1");
    assert!(
        matches!(
            err,
            Error::AxisOutOfRange {
                axis: 2,
                rank: 2,
                ..
            }
        ),
        "{err:?}"
    );
    names_the_fix(&err, "pass an axis below 2");
}

#[test]
fn too_many_dimensions() {
    use ndarray::ShapeBuilder;
    // Twelve dimensions of extent 2 with strides 3^11, ..., 3, 1: every neighbour leaves a
    // gap, so none merge, and twelve is more than eight.
    let strides: Vec<usize> = (0..12u32).rev().map(|k| 3usize.pow(k)).collect();
    let data = vec![0.0f32; strides.iter().sum::<usize>() + 1];
    let shape = ndarray::IxDyn(&[2; 12]).strides(ndarray::IxDyn(&strides));
    let array = ndarray::ArrayView::from_shape(shape, &data[..]).expect("a strided view");
    let err = stdlib::sum::arrays(array).expect_err("more than MAX_RANK dimensions");
    assert!(
        matches!(
            err,
            Error::TooManyDimensions {
                rank: 12,
                max: 8,
                ..
            }
        ),
        "{err:?}"
    );
    names_the_fix(&err, "reshape it to fewer dimensions");
}

#[test]
fn invalid_view() {
    let data = [0.0f32; 6];
    let err = hologram::View::strided(&data, 0, &[2, 4], &[3, 1]).expect_err("reaches past 6");
    assert!(
        matches!(
            err,
            Error::InvalidView {
                offset: 0,
                len: 6,
                ..
            }
        ),
        "{err:?}"
    );
    names_the_fix(&err, "an index reaches outside the data");
}

#[test]
fn invalid_stride() {
    let x = [1.0f32; 4];
    let mut out = [7.0f32; 4];
    let exp = Registry::with_stdlib().get("exp").expect("stdlib exp");
    let input = hologram::StridedInput {
        elem: hologram::ElemType::F32,
        ptr: x.as_ptr().cast(),
        stride: 6,
    };
    let output = hologram::StridedOutput {
        elem: hologram::ElemType::F32,
        ptr: out.as_mut_ptr().cast(),
        stride: 4,
    };
    // SAFETY: both streams hold 2 elements at their strides (6 bytes reaches byte 6..10 of
    // the 16 in `x`); the stride is refused before anything is read.
    let err = unsafe { exp.run_strided(&[], 2, &[input], &[output]) }.expect_err("6 bytes");
    assert!(
        matches!(&err, Error::InvalidStride { stream, stride: 6, .. } if stream == "input 0"),
        "{err:?}"
    );
    assert_eq!(out, [7.0; 4], "nothing is written");
    names_the_fix(&err, "pass a multiple of the element size");
}
