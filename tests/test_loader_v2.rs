//! C ABI version 2 from the host's side: a C library built for version 2
//! (`examples/c-kernels/strided.c`) loads with its combiners and identities and reads the
//! byte strides of a hand-built call block; reductions by name with a combiner split into
//! blocks joined by it and give the bits of the inline fold at every thread cap; a version-1
//! library (`examples/c-kernels/kernels.c`) still loads, has no combiner, and reduces in one
//! call.
//!
//! Every test that times nothing sets the split worth to zero, so that every call of
//! `PARALLEL_THRESHOLD` elements or more splits whatever its probe measured.

mod common;

use common::{c_kernels, c_library, user_kernels};
use core::ffi::{c_char, c_void};
use hologram::abi::{ABI_VERSION, ABI_VERSION_V1, CallArgs, RawScalar, STATUS_OK};
use hologram::fold::{BLOCK, fold_blocks};
use hologram::threads::{self, PARALLEL_THRESHOLD};
use hologram::{Executor, Kernel, KernelRef, Registry, Scalar, stdlib};
use std::time::Duration;

fn strided() -> Registry {
    let mut reg = Registry::new();
    let names = reg
        .load_library(c_library("examples/c-kernels/strided.c"))
        .expect("load strided.c");
    assert_eq!(names, ["s_axpy", "s_sum", "s_max", "s_stats", "s_argmax"]);
    reg
}

fn always_split() {
    threads::set_split_worth(Duration::ZERO);
}

/// Values that make a float sum's bits depend on the order it adds them in.
fn data(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| {
            let t = (i as u32).wrapping_mul(2_654_435_761) >> 8;
            f64::from(t % 20_001) / 7.0 - 1000.0 + 1.0 / f64::from(i as u32 + 1)
        })
        .collect()
}

/// The fold of `hologram::fold` over `x` with a plain in-order sum per block: what a host
/// that splits `s_sum` into blocks must return.
fn block_tree_sum(x: &[f64]) -> f64 {
    if x.is_empty() {
        return 0.0;
    }
    fold_blocks(
        0..x.len(),
        1,
        &|r: core::ops::Range<usize>| x[r].iter().fold(0.0, |a, &v| a + v),
        &|a, b| a + b,
    )
}

/// One call of `kernel`'s entry point with byte strides, as a host of version 2 makes it.
struct StridedCall<'a> {
    len: usize,
    uniforms: &'a [RawScalar],
    inputs: &'a [*const c_void],
    input_strides: &'a [isize],
    outputs: &'a [*mut c_void],
    output_strides: &'a [isize],
}

impl StridedCall<'_> {
    /// Calls the entry point; returns the status and the result.
    ///
    /// # Safety
    /// The pointers and strides must satisfy the `CallArgs` contract for `kernel`.
    unsafe fn run(&self, kernel: &KernelRef) -> (i32, RawScalar) {
        let mut result = RawScalar { bits: 0 };
        let mut message = [0u8; 64];
        let reduce = self.outputs.is_empty();
        let args = CallArgs {
            len: self.len,
            uniforms: self.uniforms.as_ptr(),
            uniform_count: self.uniforms.len(),
            inputs: self.inputs.as_ptr(),
            input_count: self.inputs.len(),
            outputs: self.outputs.as_ptr(),
            output_count: self.outputs.len(),
            result: if reduce {
                &raw mut result
            } else {
                core::ptr::null_mut()
            },
            message: message.as_mut_ptr().cast::<c_char>(),
            message_capacity: message.len(),
            input_strides: self.input_strides.as_ptr(),
            output_strides: self.output_strides.as_ptr(),
            first_index: 0,
        };
        let k: Kernel = kernel.kernel();
        // SAFETY: passed on from the caller; `kernel` keeps its library loaded.
        let status = unsafe { (k.entry())(&args) };
        (status, result)
    }
}

#[test]
fn a_version_2_c_library_loads_with_its_combiners_and_identities() {
    let reg = strided();
    let sum = reg.get("s_sum").expect("s_sum").kernel();
    let max = reg.get("s_max").expect("s_max").kernel();
    let axpy = reg.get("s_axpy").expect("s_axpy").kernel();
    for k in [sum, max, axpy] {
        assert_eq!(k.abi_version(), ABI_VERSION);
        assert!(k.takes_strides());
    }
    assert_eq!(sum.identity(), Some(Scalar::F64(0.0)));
    assert_eq!(max.identity(), Some(Scalar::I32(i32::MIN)));
    assert!(axpy.combiner().is_none() && axpy.identity().is_none());
    let mut out = RawScalar { bits: 0 };
    let (a, b) = (RawScalar { i32: -4 }, RawScalar { i32: 9 });
    let combine = max.combiner().expect("a combiner");
    // SAFETY: both values hold i32s, the result type; `out` is writable.
    assert_eq!(unsafe { combine(&a, &b, &mut out) }, STATUS_OK);
    // SAFETY: the combiner wrote an i32.
    assert_eq!(unsafe { out.i32 }, 9);
}

#[test]
fn the_c_strided_kernels_read_their_strides() {
    let reg = strided();
    let axpy = reg.get("s_axpy").expect("s_axpy");
    let x: Vec<f32> = (0..7).map(|i| i as f32).collect();
    let y = [100.0f32];
    // x reversed, y broadcast, out every other element.
    let mut out = vec![0.0f32; 13];
    let call = StridedCall {
        len: 7,
        uniforms: &[RawScalar { f32: 2.0 }],
        inputs: &[x[6..].as_ptr().cast(), y.as_ptr().cast()],
        input_strides: &[-4, 0],
        outputs: &[out.as_mut_ptr().cast()],
        output_strides: &[8],
    };
    // SAFETY: x is read at 6, 5, .., 0, y at 0, out written at 0, 2, .., 12: all in bounds.
    let (status, _) = unsafe { call.run(&axpy) };
    assert_eq!(status, STATUS_OK);
    for i in 0..7 {
        assert_eq!(out[2 * i], 2.0 * (6 - i) as f32 + 100.0, "element {i}");
        assert_eq!(out.get(2 * i + 1).copied().unwrap_or(0.0), 0.0);
    }

    // In place: the output is the first input, same pointer, same stride.
    let mut z: Vec<f32> = (0..8).map(|i| i as f32).collect();
    let ptr = z.as_mut_ptr();
    let call = StridedCall {
        len: 4,
        uniforms: &[RawScalar { f32: 3.0 }],
        inputs: &[ptr.cast_const().cast(), y.as_ptr().cast()],
        input_strides: &[8, 0],
        outputs: &[ptr.cast()],
        output_strides: &[8],
    };
    // SAFETY: z's even elements, read then written one by one; y at 0.
    assert_eq!(unsafe { call.run(&axpy) }.0, STATUS_OK);
    assert_eq!(z, [100.0, 1.0, 106.0, 3.0, 112.0, 5.0, 118.0, 7.0]);

    let v: Vec<f64> = data(10);
    let sum = reg.get("s_sum").expect("s_sum");
    let call = StridedCall {
        len: 5,
        uniforms: &[],
        inputs: &[v[9..].as_ptr().cast()],
        input_strides: &[-16],
        outputs: &[],
        output_strides: &[],
    };
    // SAFETY: v at 9, 7, 5, 3, 1.
    let (status, result) = unsafe { call.run(&sum) };
    assert_eq!(status, STATUS_OK);
    let want = [9, 7, 5, 3, 1].iter().fold(0.0, |a, &i| a + v[i]);
    // SAFETY: s_sum writes an f64.
    assert_eq!(unsafe { result.f64 }.to_bits(), want.to_bits());
}

#[test]
fn a_c_reduction_by_name_splits_with_its_combiner_to_the_same_bits_at_every_thread_cap() {
    always_split();
    let reg = strided();
    let sum = reg.get("s_sum").expect("s_sum");
    let max = reg.get("s_max").expect("s_max");
    for n in [0, 1, BLOCK, BLOCK + 1, 3 * PARALLEL_THRESHOLD + 12_345] {
        let x = data(n);
        let want = block_tree_sum(&x);
        let ints: Vec<i32> = x.iter().map(|&v| v as i32).collect();
        for cap in [1, 2, 0] {
            threads::set_max_threads(cap);
            let got = sum.reduce_slices(&[], &[(&x).into()]).expect("s_sum");
            let Scalar::F64(got) = got else {
                panic!("an f64")
            };
            assert_eq!(got.to_bits(), want.to_bits(), "n = {n}, cap {cap}");
            let got = max.reduce_slices(&[], &[(&ints).into()]).expect("s_max");
            let want = ints.iter().copied().max().unwrap_or(i32::MIN);
            assert_eq!(got, Scalar::I32(want), "n = {n}, cap {cap}");
        }
        threads::set_max_threads(0);
    }
    // On class memory too, with the executor's cap.
    let x = data(100_003);
    let mut exec = Executor::new();
    let b = exec.alloc_from(&x).expect("alloc");
    for cap in [1, 2] {
        exec.set_max_threads(cap);
        let got = sum.reduce(&exec, &[], &[b.into()]).expect("s_sum");
        assert_eq!(
            got,
            Scalar::F64(block_tree_sum(&x)),
            "class memory, cap {cap}"
        );
    }
}

/// The same definition as `examples/user-kernels`' `sum_sq_dist`, inlined here.
#[hologram::kernel(reduce = add)]
fn sum_sq_dist(x: f64, #[uniform] center: f64) -> f64 {
    (x - center) * (x - center)
}

#[test]
fn rust_reductions_by_name_split_to_the_inline_bits() {
    always_split();
    let mut reg = Registry::with_stdlib();
    reg.load_library(user_kernels()).expect("load user-kernels");
    let sum = reg.get("sum").expect("sum");
    let loaded = reg.get("sum_sq_dist").expect("sum_sq_dist");
    assert!(sum.kernel().combiner().is_some());
    assert!(loaded.kernel().combiner().is_some());
    for n in [BLOCK + 1, 3 * PARALLEL_THRESHOLD + 12_345, 1 << 20] {
        let x64 = data(n);
        let x: Vec<f32> = x64.iter().map(|&v| v as f32).collect();
        let inline = stdlib::sum::slices(&x).expect("inline sum");
        let inline_sq = sum_sq_dist::slices(&x64, 0.25).expect("inline sum_sq_dist");
        for cap in [1, 2, 0] {
            threads::set_max_threads(cap);
            let by_name = sum.reduce_slices(&[], &[(&x).into()]).expect("sum");
            assert_eq!(by_name, Scalar::F32(inline), "sum, n = {n}, cap {cap}");
            let by_name = loaded
                .reduce_slices(&[0.25f64.into()], &[(&x64).into()])
                .expect("sum_sq_dist");
            assert_eq!(
                by_name,
                Scalar::F64(inline_sq),
                "sum_sq_dist, n = {n}, cap {cap}"
            );
        }
        threads::set_max_threads(0);
    }
}

#[test]
fn a_version_1_library_loads_without_combiners_and_reduces_in_one_call() {
    let mut reg = Registry::new();
    reg.load_library(c_kernels()).expect("load kernels.c");
    let dot = reg.get("c_dot").expect("c_dot");
    let k = dot.kernel();
    assert_eq!(k.abi_version(), ABI_VERSION_V1);
    assert!(!k.takes_strides());
    assert!(k.combiner().is_none() && k.identity().is_none());
    assert_eq!(
        reg.get("c_affine")
            .expect("c_affine")
            .kernel()
            .abi_version(),
        1
    );
    // One call over the whole stream: the in-order sum in double, not the block tree.
    always_split();
    let x: Vec<f32> = data(3 * BLOCK + 7).iter().map(|&v| v as f32).collect();
    let y = vec![1.0f32; x.len()];
    let want = x.iter().fold(0.0f64, |a, &v| a + f64::from(v));
    let got = dot
        .reduce_slices(&[], &[(&x).into(), (&y).into()])
        .expect("c_dot");
    assert_eq!(got, Scalar::F64(want));
}

/// The complete library at the top of `hologram_kernel.h`, cut out of the comment as a C
/// author would copy it.
fn header_example() -> String {
    let header = std::fs::read_to_string(
        common::workspace_root().join("hologram-runtime/include/hologram_kernel.h"),
    )
    .expect("read the header");
    let start = header
        .find("A COMPLETE LIBRARY")
        .expect("the header has an example");
    let end = header[start..]
        .find("HG_EXPORT_TABLE(KERNELS)")
        .map(|i| start + i + "HG_EXPORT_TABLE(KERNELS)".len())
        .expect("the example ends with its table");
    header[start..end]
        .lines()
        .skip(1)
        .map(|l| l.strip_prefix(" *     ").unwrap_or("").to_owned() + "\n")
        .collect()
}

#[test]
fn the_example_in_the_header_builds_loads_and_runs() {
    let dir = common::fresh_dir("header-example");
    let source = dir.join("scale.c");
    std::fs::write(&source, header_example()).expect("write scale.c");
    let lib = dir.join(format!("libscale{}", std::env::consts::DLL_SUFFIX));
    let include = common::workspace_root().join("hologram-runtime/include");
    let status = std::process::Command::new(std::env::var_os("CC").unwrap_or_else(|| "cc".into()))
        .args([
            "-shared", "-fPIC", "-O2", "-Wall", "-Wextra", "-Werror", "-I",
        ])
        .arg(include)
        .arg(&source)
        .arg("-o")
        .arg(&lib)
        .status()
        .expect("run cc");
    assert!(status.success(), "the header's example compiles");
    common::install(&lib, &lib).expect("owner-writable only");
    let mut reg = Registry::new();
    assert_eq!(reg.load_library(&lib).expect("load"), ["scale", "total"]);
    let x = [1.0f32, 2.0, 3.0];
    let mut y = [0.0f32; 3];
    reg.get("scale")
        .expect("scale")
        .run_slices(&[2.0f32.into()], &[(&x).into()], &mut [(&mut y).into()])
        .expect("scale");
    assert_eq!(y, [2.0, 4.0, 6.0]);
    let total = reg.get("total").expect("total");
    assert_eq!(total.kernel().identity(), Some(Scalar::F64(0.0)));
    always_split();
    let v = data(3 * PARALLEL_THRESHOLD + 1);
    let got = total.reduce_slices(&[], &[(&v).into()]).expect("total");
    assert_eq!(got, Scalar::F64(block_tree_sum(&v)));
}

/// A C reduction to a tuple (`s_stats`: min, max, NaN count) and a C argmax that counts from
/// `first_index`: split by the host into blocks on several threads, joined by their
/// whole-tuple combiners, they give what the Rust kernels give.
#[test]
fn c_tuple_reductions_split_and_join_whole_tuples() {
    always_split();
    let reg = strided();
    let stats = reg.get("s_stats").expect("s_stats");
    assert_eq!(
        stats.descriptor().to_string(),
        "s_stats(f64) -> (f64, f64, u32)"
    );
    let ids = stats.kernel().identities().expect("identities");
    assert_eq!(
        ids.as_slice(),
        &[
            Scalar::F64(f64::INFINITY),
            Scalar::F64(f64::NEG_INFINITY),
            Scalar::U32(0)
        ]
    );
    let n = 5 * BLOCK + 123;
    let mut x = data(n);
    x[3 * BLOCK + 9] = f64::NAN;
    x[17] = f64::NAN;
    let clean: Vec<f64> = x.iter().copied().filter(|v| !v.is_nan()).collect();
    for cap in [1, 2, 4] {
        threads::set_max_threads(cap);
        let r = stats
            .reduce_slices_tuple(&[], &[(&x).into()])
            .expect("stats");
        assert!(r[0].as_f64().unwrap().is_nan() && r[1].as_f64().unwrap().is_nan());
        assert_eq!(r[2], Scalar::U32(2), "cap {cap}");
        let r = stats
            .reduce_slices_tuple(&[], &[(&clean).into()])
            .expect("stats");
        let lo = clean.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = clean.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        assert_eq!(
            r.as_slice(),
            &[Scalar::F64(lo), Scalar::F64(hi), Scalar::U32(0)]
        );
    }
    let argmax = reg.get("s_argmax").expect("s_argmax");
    let y: Vec<f32> = (0..n).map(|i| ((i * 7919) % 10_007) as f32).collect();
    let want = stdlib::argmax::slices(&y).expect("argmax");
    for cap in [1, 3] {
        threads::set_max_threads(cap);
        let r = argmax
            .reduce_slices_tuple(&[], &[(&y).into()])
            .expect("s_argmax");
        assert_eq!(
            r.as_slice(),
            &[Scalar::F32(want.0), Scalar::I64(want.1)],
            "cap {cap}"
        );
    }
    threads::set_max_threads(0);
    // A one-value call on the tuple kernel says which call to make.
    assert!(matches!(
        stats.reduce_slices(&[], &[(&x).into()]),
        Err(hologram::Error::TupleResult { .. })
    ));
}
