//! Loading kernel libraries: the example cdylib and the C library compared against scalar
//! references, and a zoo of bad libraries, each refused with its own error and leaving the
//! registry exactly as it was.

mod common;

use common::{c_kernels, c_library, fresh_dir, install, user_kernels};
use hologram::{AnySlice, AnySliceMut, ElemType, Error, Executor, KernelKind, Registry, Scalar};
use std::path::{Path, PathBuf};

/// Inputs with signs, fractions, zeros and large values.
fn f32_data(n: usize, seed: u32) -> Vec<f32> {
    (0..n)
        .map(|i| {
            let t = (i as u32).wrapping_mul(2_654_435_761).wrapping_add(seed) >> 8;
            (t % 20_001) as f32 / 100.0 - 100.0
        })
        .collect()
}

fn loaded() -> Registry {
    let mut reg = Registry::with_stdlib();
    let rust = reg.load_library(user_kernels()).expect("load user-kernels");
    assert_eq!(
        rust,
        [
            "saxpy",
            "plus",
            "div_rem",
            "split_fract",
            "sum_sq_dist",
            "count_above",
            "dequant",
            "mask_count"
        ]
    );
    let c = reg.load_library(c_kernels()).expect("load the C kernels");
    assert_eq!(c, ["c_affine", "c_dot", "c_checked_sqrt", "c_center"]);
    reg
}

#[test]
fn the_cdylib_kernels_match_scalar_references() {
    let reg = loaded();
    for n in [0, 1, 7, 16, 17, 100, 3073] {
        let (x, y) = (f32_data(n, 1), f32_data(n, 2));

        let saxpy = reg.get("saxpy").expect("saxpy");
        assert_eq!(saxpy.path(), Some(user_kernels()));
        let d = saxpy.descriptor();
        assert_eq!(
            (d.kind(), d.uniforms(), d.inputs(), d.outputs()),
            (
                KernelKind::Elementwise,
                &[ElemType::F32][..],
                &[ElemType::F32; 2][..],
                &[ElemType::F32][..]
            )
        );
        let mut out = vec![0.0f32; n];
        saxpy
            .run_slices(
                &[1.5f32.into()],
                &[(&x).into(), (&y).into()],
                &mut [(&mut out).into()],
            )
            .expect("saxpy");
        let want: Vec<f32> = x.iter().zip(&y).map(|(a, b)| 1.5 * a + b).collect();
        assert_eq!(out, want, "saxpy, n = {n}");

        let mut sum = vec![0.0f32; n];
        reg.get("plus")
            .expect("plus")
            .run_slices(&[], &[(&x).into(), (&y).into()], &mut [(&mut sum).into()])
            .expect("plus");
        let want: Vec<f32> = x.iter().zip(&y).map(|(a, b)| a + b).collect();
        assert_eq!(sum, want, "plus, n = {n}");

        let a: Vec<i32> = (0..n as i32).map(|i| i * 7919 - 5000).collect();
        let b: Vec<i32> = (0..n as i32)
            .map(|i| (i % 13) - 6)
            .map(|v| if v == 0 { 3 } else { v })
            .collect();
        let (mut q, mut r) = (vec![0; n], vec![0; n]);
        reg.get("div_rem")
            .expect("div_rem")
            .run_slices(
                &[],
                &[(&a).into(), (&b).into()],
                &mut [(&mut q).into(), (&mut r).into()],
            )
            .expect("div_rem");
        for i in 0..n {
            assert_eq!((q[i], r[i]), (a[i] / b[i], a[i] % b[i]), "div_rem[{i}]");
        }

        let xs: Vec<f64> = x.iter().map(|&v| f64::from(v) * 1.25).collect();
        let (mut whole, mut fract) = (vec![0i64; n], vec![0.0f64; n]);
        reg.get("split_fract")
            .expect("split_fract")
            .run_slices(
                &[],
                &[(&xs).into()],
                &mut [(&mut whole).into(), (&mut fract).into()],
            )
            .expect("split_fract");
        for i in 0..n {
            let f = xs[i].floor();
            assert_eq!(
                (whole[i], fract[i]),
                (f as i64, xs[i] - f),
                "split_fract[{i}]"
            );
        }
    }
}

/// The same definition as `examples/user-kernels`' `sum_sq_dist`, inlined here.
#[hologram::kernel(reduce = add)]
fn sum_sq_dist(x: f64, #[uniform] center: f64) -> f64 {
    (x - center) * (x - center)
}

/// The same definition as `examples/user-kernels`' `count_above`, inlined here.
#[hologram::kernel(reduce = add)]
fn count_above(x: f32, #[uniform] threshold: f32) -> i64 {
    i64::from(x > threshold)
}

/// The cdylib's reductions return the bits of the same `#[kernel]` inlined here: one
/// definition, one folding order, wherever it runs.
#[test]
fn the_cdylib_reductions_match_the_inline_definition() {
    let reg = loaded();
    let mut exec = hologram::Executor::new();
    for n in [0, 1, 15, 16, 17, 100, 3072, 20_000] {
        let x = f32_data(n, 11);
        let x64: Vec<f64> = x.iter().map(|&v| f64::from(v)).collect();
        let loaded = reg
            .get("sum_sq_dist")
            .expect("sum_sq_dist")
            .reduce_slices(&[0.25f64.into()], &[(&x64).into()])
            .expect("sum_sq_dist");
        let inline = sum_sq_dist::slices(&x64, 0.25).expect("inline");
        assert_eq!(loaded, Scalar::F64(inline), "sum_sq_dist, n = {n}");
        let exact: f64 = x64.iter().map(|v| (v - 0.25) * (v - 0.25)).sum();
        assert!((inline - exact).abs() <= 1e-12 * exact.max(1.0), "n = {n}");

        let count = reg
            .get("count_above")
            .expect("count_above")
            .reduce_slices(&[0.5f32.into()], &[(&x).into()])
            .expect("count_above");
        let want = x.iter().filter(|&&v| v > 0.5).count() as i64;
        assert_eq!(count, Scalar::I64(want), "count_above, n = {n}");
        assert_eq!(count_above::slices(&x, 0.5).expect("inline"), want);

        if n <= 3072 {
            let b = exec.alloc_from(&x64).expect("alloc");
            let on_class = reg
                .get("sum_sq_dist")
                .expect("sum_sq_dist")
                .reduce(&exec, &[0.25f64.into()], &[b.into()])
                .expect("reduce on class memory");
            assert_eq!(on_class, Scalar::F64(inline), "class memory, n = {n}");
            exec.free(b).expect("free");
        }
    }
}

#[test]
fn the_c_kernels_match_scalar_references() {
    let reg = loaded();
    for n in [0, 1, 5, 100, 4099] {
        let (x, y) = (f32_data(n, 3), f32_data(n, 4));
        let mut out = vec![0.0f32; n];
        reg.get("c_affine")
            .expect("c_affine")
            .run_slices(
                &[2.0f32.into(), (-0.5f32).into()],
                &[(&x).into()],
                &mut [(&mut out).into()],
            )
            .expect("c_affine");
        let want: Vec<f32> = x.iter().map(|v| 2.0 * v - 0.5).collect();
        assert_eq!(out, want, "c_affine, n = {n}");

        let dot = reg
            .get("c_dot")
            .expect("c_dot")
            .reduce_slices(&[], &[(&x).into(), (&y).into()])
            .expect("c_dot");
        let want = x
            .iter()
            .zip(&y)
            .fold(0.0f64, |s, (a, b)| s + f64::from(*a) * f64::from(*b));
        assert_eq!(dot, Scalar::F64(want), "c_dot, n = {n}");

        let xs: Vec<f64> = x.iter().map(|v| f64::from(v.abs())).collect();
        let mut roots = vec![0.0f64; n];
        reg.get("c_checked_sqrt")
            .expect("sqrt")
            .run_slices(&[], &[(&xs).into()], &mut [(&mut roots).into()])
            .expect("c_checked_sqrt");
        assert_eq!(roots, xs.iter().map(|v| v.sqrt()).collect::<Vec<_>>());
    }
}

/// A C kernel of kind `HG_KIND_ELEMENTWISE_WHOLE` is called once for the whole stream, even
/// when the host would split an elementwise call of its size across threads.
#[test]
fn a_whole_stream_kernel_is_never_split() {
    hologram::threads::set_split_worth(std::time::Duration::ZERO);
    let reg = loaded();
    let center = reg.get("c_center").expect("c_center");
    assert!(center.descriptor().is_whole_stream());
    assert_eq!(
        center.descriptor().kind(),
        hologram::KernelKind::Elementwise
    );
    let n = 4 * hologram::threads::PARALLEL_THRESHOLD + 3;
    let x: Vec<f64> = (0..n).map(|i| (i % 1000) as f64).collect();
    let mut out = vec![0.0f64; n];
    center
        .run_slices(&[], &[(&x).into()], &mut [(&mut out).into()])
        .expect("c_center");
    let mean = x.iter().sum::<f64>() / n as f64;
    assert!(out.iter().zip(&x).all(|(o, v)| *o == v - mean));
    // The stdlib's softmax is one too, linked or loaded.
    assert!(
        reg.get("softmax")
            .expect("softmax")
            .descriptor()
            .is_whole_stream()
    );
    assert!(
        !reg.get("c_affine")
            .expect("c_affine")
            .descriptor()
            .is_whole_stream()
    );
}

#[test]
fn loaded_kernels_run_on_class_memory_in_place() {
    let reg = loaded();
    let mut exec = Executor::new();
    let x = exec.alloc_from(&[1.0f32, 2.0, 3.0]).expect("x");
    let y = exec.alloc_from(&[10.0f32, 20.0, 30.0]).expect("y");
    reg.get("saxpy")
        .expect("saxpy")
        .run(
            &mut exec,
            &[2.0f32.into()],
            &[x.into(), y.into()],
            &[y.into()],
        )
        .expect("saxpy in place");
    assert_eq!(exec.read(y), Ok(&[12.0, 24.0, 36.0][..]));
    reg.get("c_affine")
        .expect("c_affine")
        .run(
            &mut exec,
            &[3.0f32.into(), 1.0f32.into()],
            &[x.into()],
            &[x.into()],
        )
        .expect("c_affine in place");
    assert_eq!(exec.read(x), Ok(&[4.0, 7.0, 10.0][..]));
    let dot = reg
        .get("c_dot")
        .expect("c_dot")
        .reduce(&exec, &[], &[x.into(), y.into()])
        .expect("c_dot");
    assert_eq!(dot, Scalar::F64(4.0 * 12.0 + 7.0 * 24.0 + 10.0 * 36.0));
}

#[test]
fn a_kernel_ref_keeps_its_library_after_the_registry_is_gone() {
    let k = {
        let mut reg = Registry::new();
        reg.load_library(c_kernels()).expect("load");
        reg.get("c_affine").expect("c_affine")
    };
    let mut out = [0.0f32; 2];
    k.run_slices(
        &[1.0f32.into(), 1.0f32.into()],
        &[(&[1.0f32, 2.0]).into()],
        &mut [(&mut out).into()],
    )
    .expect("call after the registry is dropped");
    assert_eq!(out, [2.0, 3.0]);
    let clone = k.clone();
    drop(k);
    clone
        .run_slices(
            &[1.0f32.into(), 0.0f32.into()],
            &[(&[5.0f32]).into()],
            &mut [(&mut out[..1]).into()],
        )
        .expect("a clone outlives the original");
    assert_eq!(out[0], 5.0);
    assert_eq!(
        clone.descriptor().to_string(),
        "c_affine(uniform f32, uniform f32, f32) -> f32"
    );
}

#[test]
fn load_dir_loads_every_library_in_sorted_order_all_or_nothing() {
    let dir = fresh_dir("load-dir");
    let suffix = std::env::consts::DLL_SUFFIX;
    install(&c_kernels(), &dir.join(format!("b_c{suffix}"))).expect("install");
    install(user_kernels(), &dir.join(format!("a_rust{suffix}"))).expect("install");
    std::fs::write(dir.join("notes.txt"), "not a library").expect("write");
    let mut reg = Registry::new();
    let names = reg.load_dir(&dir).expect("load_dir");
    assert_eq!(
        names,
        [
            "saxpy",
            "plus",
            "div_rem",
            "split_fract",
            "sum_sq_dist",
            "count_above",
            "dequant",
            "mask_count",
            "c_affine",
            "c_dot",
            "c_checked_sqrt",
            "c_center"
        ]
    );

    // A bad library in the directory: nothing of the directory is registered.
    std::fs::write(dir.join(format!("c_bad{suffix}")), "not a library").expect("write");
    let mut fresh = Registry::new();
    let err = fresh.load_dir(&dir).expect_err("one library is bad");
    assert!(matches!(err, Error::NotALibrary { .. }), "{err}");
    assert!(fresh.is_empty(), "{:?}", fresh.names());

    let err = fresh
        .load_dir(dir.join("missing"))
        .expect_err("no such dir");
    assert!(matches!(err, Error::UnreadableDirectory { .. }), "{err}");
}

/// Loads `path` into a registry with the stdlib and returns the error, after checking that the
/// registry is unchanged and still works.
fn refused(path: &Path) -> Error {
    let mut reg = Registry::with_stdlib();
    let before = reg.names();
    let err = reg.load_library(path).expect_err("the load must fail");
    assert_eq!(reg.names(), before, "a failed load changed the registry");
    let mut out = [0.0f32; 2];
    reg.get("add")
        .expect("add")
        .run_slices(
            &[],
            &[(&[1.0f32, 2.0]).into(), (&[3.0f32, 4.0]).into()],
            &mut [(&mut out).into()],
        )
        .expect("the registry still works");
    assert_eq!(out, [4.0, 6.0]);
    let message = err.to_string();
    assert!(
        message.contains(&path.display().to_string())
            || matches!(err, Error::DuplicateKernel { .. }),
        "{message}"
    );
    err
}

fn lib_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}{}", std::env::consts::DLL_SUFFIX))
}

#[test]
fn zoo_missing_file() {
    let path = fresh_dir("zoo-missing").join("libnothing.so");
    assert!(matches!(refused(&path), Error::LibraryNotFound { .. }));
}

#[test]
fn zoo_directory() {
    let dir = fresh_dir("zoo-dir");
    let err = refused(&dir);
    assert!(
        matches!(&err, Error::NotALibrary { reason, .. } if reason.contains("directory")),
        "{err}"
    );
}

#[test]
fn zoo_empty_file() {
    let path = lib_path(&fresh_dir("zoo-empty"), "libempty");
    std::fs::write(&path, b"").expect("write");
    assert!(matches!(refused(&path), Error::NotALibrary { .. }));
}

#[test]
fn zoo_text_file_named_like_a_library() {
    let path = lib_path(&fresh_dir("zoo-text"), "libtext");
    std::fs::write(&path, "this is not a shared library\n").expect("write");
    let err = refused(&path);
    assert!(
        matches!(&err, Error::NotALibrary { reason, .. } if !reason.is_empty()),
        "{err}"
    );
}

#[test]
fn zoo_truncated_library() {
    let path = lib_path(&fresh_dir("zoo-truncated"), "libtruncated");
    let bytes = std::fs::read(c_kernels()).expect("read");
    std::fs::write(&path, &bytes[..bytes.len() / 3]).expect("write");
    assert!(matches!(refused(&path), Error::NotALibrary { .. }));
}

#[test]
fn zoo_library_without_the_entry_symbol() {
    let err = refused(&c_library("tests/c/no_symbol.c"));
    assert!(
        matches!(&err, Error::MissingEntrySymbol { symbol, .. } if *symbol == "hologram_kernel_table"),
        "{err}"
    );
}

#[test]
fn zoo_wrong_abi_version() {
    let err = refused(&c_library("tests/c/wrong_abi.c"));
    assert!(
        matches!(
            err,
            Error::AbiVersionMismatch {
                found: 99,
                expected: 2,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn zoo_unknown_type_code() {
    let err = refused(&c_library("tests/c/bad_type.c"));
    let Error::MalformedDescriptor {
        index,
        name,
        field,
        reason,
        path,
    } = &err
    else {
        panic!("expected MalformedDescriptor, got {err}");
    };
    assert_eq!(
        (*index, name.as_deref(), *field),
        (Some(1), Some("bad_type"), "input_types")
    );
    assert!(err.to_string().contains("#1 `bad_type`"), "{err}");
    assert!(reason.contains("entry 1 is 99"), "{reason}");
    assert!(path.is_some());
}

#[test]
fn zoo_duplicate_names_in_one_library() {
    let path = c_library("tests/c/dup_names.c");
    let err = refused(&path);
    assert!(
        matches!(&err, Error::DuplicateKernel { name, path: Some(p), .. } if name == "twice" && *p == path),
        "{err}"
    );
}

#[test]
fn zoo_name_clashing_with_the_stdlib() {
    let err = refused(&c_library("tests/c/stdlib_clash.c"));
    assert!(
        matches!(&err, Error::DuplicateKernel { name, path: Some(_), existing: None } if name == "add"),
        "{err}"
    );
    assert!(err.to_string().contains("linked in"), "{err}");
}

#[test]
fn zoo_group_or_other_writable_library() {
    use std::os::unix::fs::PermissionsExt;
    let path = lib_path(&fresh_dir("zoo-writable"), "libwritable");
    install(&c_kernels(), &path).expect("install");
    for (mode, who) in [
        (0o775, "group"),
        (0o757, "others"),
        (0o777, "group and others"),
    ] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
        let err = refused(&path);
        assert!(
            matches!(&err, Error::InsecureLibraryPermissions { who: w, mode: m, .. } if *w == who && *m == mode),
            "{err}"
        );
        assert!(err.to_string().contains("chmod go-w"), "{err}");
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    Registry::new()
        .load_library(&path)
        .expect("owner-writable only is fine");
}

#[test]
fn zoo_kernel_that_panics_and_the_host_goes_on() {
    let reg = loaded();
    let div_rem = reg.get("div_rem").expect("div_rem");
    let (mut q, mut r) = ([0; 3], [0; 3]);
    let err = div_rem
        .run_slices(
            &[],
            &[(&[6, 7, 8]).into(), (&[2, 0, 3]).into()],
            &mut [(&mut q).into(), (&mut r).into()],
        )
        .expect_err("division by zero panics");
    let Error::KernelPanicked { kernel, message } = &err else {
        panic!("expected KernelPanicked, got {err}");
    };
    assert_eq!(kernel, "div_rem");
    assert!(message.contains("divide by zero"), "{message}");
    // The same kernel, and the rest of the host, keep working.
    div_rem
        .run_slices(
            &[],
            &[(&[6, 7, 8]).into(), (&[2, 2, 3]).into()],
            &mut [(&mut q).into(), (&mut r).into()],
        )
        .expect("a good call after a panic");
    assert_eq!((q, r), ([3, 3, 2], [0, 1, 2]));

    // A C kernel that reports a crash is reported the same way.
    let mut odd = Registry::new();
    odd.load_library(c_library("tests/c/odd_status.c"))
        .expect("load");
    let mut out = [0u8; 1];
    let err = odd
        .get("c_crashes")
        .expect("c_crashes")
        .run_slices(&[], &[(&[1u8]).into()], &mut [(&mut out).into()])
        .expect_err("crashes");
    assert_eq!(
        err,
        Error::KernelPanicked {
            kernel: "c_crashes".into(),
            message: "c_crashes: internal invariant broken".into()
        }
    );
}

#[test]
fn zoo_kernel_that_reports_an_error() {
    let reg = loaded();
    let sqrt = reg.get("c_checked_sqrt").expect("sqrt");
    let mut out = [7.0f64; 3];
    let err = sqrt
        .run_slices(
            &[],
            &[(&[4.0f64, -2.0, 9.0]).into()],
            &mut [(&mut out).into()],
        )
        .expect_err("negative input");
    assert_eq!(
        err,
        Error::KernelFailed {
            kernel: "c_checked_sqrt".into(),
            message: "c_checked_sqrt: x[1] = -2 is negative".into()
        }
    );
    assert_eq!(out, [7.0; 3], "the kernel checks before it writes");

    let mut odd = Registry::new();
    odd.load_library(c_library("tests/c/odd_status.c"))
        .expect("load");
    let err = odd
        .get("c_odd_status")
        .expect("odd")
        .reduce_slices(&[], &[(&[1u8]).into()])
        .expect_err("status 7");
    assert!(
        matches!(&err, Error::KernelFailed { message, .. } if message.contains("status 7")),
        "{err}"
    );
    let mut out = [0u8; 1];
    let err = odd
        .get("c_verbose")
        .expect("verbose")
        .run_slices(&[], &[(&[1u8]).into()], &mut [(&mut out).into()])
        .expect_err("fails");
    let Error::KernelFailed { message, .. } = err else {
        panic!("expected KernelFailed");
    };
    assert_eq!(
        message,
        "x".repeat(hologram::abi::MESSAGE_CAPACITY - 1),
        "truncated to the buffer"
    );
}

#[test]
fn loading_the_same_library_twice_says_it_is_loaded() {
    let mut reg = Registry::new();
    reg.load_library(c_kernels()).expect("first load");
    let before = reg.names();
    let err = reg.load_library(c_kernels()).expect_err("second load");
    assert!(
        matches!(&err, Error::LibraryAlreadyLoaded { kernel, .. } if kernel == "c_affine"),
        "{err}"
    );
    assert_eq!(reg.names(), before);
}

/// The "name value" lines `tests/c/layout.c` prints, built with the extra `cc` arguments.
fn c_layout(name: &str, extra: &[&str]) -> Vec<(String, usize)> {
    let dir = fresh_dir(name);
    let exe = dir.join("layout");
    let include = common::workspace_root().join("hologram-runtime/include");
    let status = std::process::Command::new(std::env::var_os("CC").unwrap_or_else(|| "cc".into()))
        .args(extra)
        .arg("-I")
        .arg(include)
        .arg(common::workspace_root().join("tests/c/layout.c"))
        .arg("-o")
        .arg(&exe)
        .status()
        .expect("run cc");
    assert!(status.success());
    let out = std::process::Command::new(&exe)
        .output()
        .expect("run layout");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    text.lines()
        .map(|l| {
            let (k, v) = l.rsplit_once(' ').expect("name value");
            (k.to_owned(), v.parse().expect("a number"))
        })
        .collect()
}

fn assert_layout(c: &[(String, usize)], rust: &[usize]) {
    assert_eq!(c.len(), rust.len(), "{c:?}");
    for ((name, c_value), rust_value) in c.iter().zip(rust) {
        assert_eq!(c_value, rust_value, "{name}");
    }
}

#[test]
fn the_header_layout_matches_the_rust_mirror() {
    use hologram::abi::{ABI_VERSION, CallArgs, KernelTable, RawDescriptor, RawScalar};
    use std::mem::offset_of;
    let rust = [
        size_of::<RawScalar>(),
        size_of::<CallArgs>(),
        offset_of!(CallArgs, uniforms),
        offset_of!(CallArgs, inputs),
        offset_of!(CallArgs, outputs),
        offset_of!(CallArgs, result),
        offset_of!(CallArgs, message),
        offset_of!(CallArgs, message_capacity),
        offset_of!(CallArgs, input_strides),
        offset_of!(CallArgs, output_strides),
        offset_of!(CallArgs, first_index),
        size_of::<RawDescriptor>(),
        offset_of!(RawDescriptor, name_len),
        offset_of!(RawDescriptor, kind),
        offset_of!(RawDescriptor, uniform_types),
        offset_of!(RawDescriptor, input_count),
        offset_of!(RawDescriptor, output_types),
        offset_of!(RawDescriptor, entry),
        offset_of!(RawDescriptor, combine),
        offset_of!(RawDescriptor, identity),
        size_of::<KernelTable>(),
        offset_of!(KernelTable, table_size),
        offset_of!(KernelTable, kernel_count),
        offset_of!(KernelTable, kernels),
        offset_of!(KernelTable, descriptor_size),
        ABI_VERSION as usize,
    ];
    assert_layout(&c_layout("layout", &[]), &rust);
}

#[test]
fn the_version_1_header_layout_matches_the_rust_mirror() {
    use hologram::abi::{
        ABI_VERSION_V1, CallArgs, KernelTable, RawDescriptorV1, RawScalar, table_size,
    };
    use std::mem::offset_of;
    let rust = [
        size_of::<RawScalar>(),
        // A version-1 block is the prefix of a version-2 one that ends at the strides.
        offset_of!(CallArgs, input_strides),
        offset_of!(CallArgs, uniforms),
        offset_of!(CallArgs, inputs),
        offset_of!(CallArgs, outputs),
        offset_of!(CallArgs, result),
        offset_of!(CallArgs, message),
        offset_of!(CallArgs, message_capacity),
        size_of::<RawDescriptorV1>(),
        offset_of!(RawDescriptorV1, name_len),
        offset_of!(RawDescriptorV1, kind),
        offset_of!(RawDescriptorV1, uniform_types),
        offset_of!(RawDescriptorV1, input_count),
        offset_of!(RawDescriptorV1, output_types),
        offset_of!(RawDescriptorV1, entry),
        table_size(ABI_VERSION_V1).expect("version 1 loads"),
        offset_of!(KernelTable, table_size),
        offset_of!(KernelTable, kernel_count),
        offset_of!(KernelTable, kernels),
        ABI_VERSION_V1 as usize,
    ];
    assert_layout(
        &c_layout("layout-v1", &["-DHG_ABI_VERSION_WANTED=1"]),
        &rust,
    );
}

#[test]
fn any_slice_conversions_carry_their_type() {
    let x = vec![1u32, 2];
    let s: AnySlice<'_> = (&x).into();
    assert_eq!((s.elem_type(), s.len()), (ElemType::U32, 2));
    let mut y = [0i64; 3];
    let m: AnySliceMut<'_> = (&mut y).into();
    assert_eq!((m.elem_type(), m.len()), (ElemType::I64, 3));
}
