//! The tour: one definition per kernel, run on slices, on arrays and on class memory, fused
//! with another, called by name from shared libraries (a Rust cdylib and a C library, both
//! built here), and every error a caller can meet.
//!
//! `cargo run --release --example tour`

#[path = "support/kernel_libs.rs"]
mod kernel_libs;

use hologram::half::f16;
use hologram::{Buffer, Error, Executor, KernelRef, Registry, Scalar, kernel, math, stdlib};
use ndarray::{Array1, Array2, array};
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

/// `a*x + y`: a uniform and two input streams.
#[kernel]
pub fn saxpy(#[uniform] a: f32, x: f32, y: f32) -> f32 {
    a * x + y
}

/// Two outputs from one pass.
#[kernel]
pub fn min_max(a: f32, b: f32) -> (f32, f32) {
    if a < b { (a, b) } else { (b, a) }
}

/// Mixed element types: 8-bit pixels in, unit floats out.
#[kernel]
pub fn to_unit(#[uniform] scale: f32, pixel: u8) -> f32 {
    f32::from(pixel) * scale
}

/// A reduction: the body maps elements, the combiner folds them.
#[kernel(reduce = add)]
pub fn sum_of_squares(x: f32) -> f32 {
    x * x
}

/// A reduction into another type: count the positives of an i32 stream into an i64.
#[kernel(reduce = add)]
pub fn count_positive(x: i32) -> i64 {
    i64::from(x > 0)
}

fn larger_magnitude(a: f32, b: f32) -> f32 {
    if a.abs() >= b.abs() { a } else { b }
}

/// A custom combiner, with its identity.
#[kernel(reduce(combine = larger_magnitude, identity = 0.0))]
pub fn peak(x: f32) -> f32 {
    x
}

/// Rotary position embedding of the pairs `(x0, x1)`, each turned by the angle `pos *
/// theta`: `math::sin_cos` gives both from one argument reduction, exact for any angle up
/// to `f32::MAX`, and the loop vectorizes around it.
#[kernel]
pub fn rotary(#[uniform] theta: f32, pos: f32, x0: f32, x1: f32) -> (f32, f32) {
    let (s, c) = math::sin_cos(pos * theta);
    (x0 * c - x1 * s, x0 * s + x1 * c)
}

/// Quantized weights to half precision: `i8` in, `f16` out (`hologram::half::f16`), rounded
/// by `math::f32_to_f16`, which vectorizes where `half`'s own `f16::from_f32` does not.
#[kernel]
pub fn dequant(#[uniform] scale: f32, q: i8) -> f16 {
    math::f32_to_f16(scale * f32::from(q))
}

/// Several results in one pass: min, max and the NaN count, each component with its own
/// built-in combiner.
#[kernel(reduce = (min, max, add))]
pub fn stats(x: f32) -> (f32, f32, u32) {
    (x, x, u32::from(x.is_nan()))
}

/// Fusion: saxpy then the stdlib's relu, in one pass and one loop.
#[kernel]
pub fn saxpy_relu(#[uniform] a: f32, x: f32, y: f32) -> f32 {
    stdlib::relu(saxpy(a, x, y))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("Hologram tour\n");
    on_slices()?;
    on_class_memory()?;
    reductions_and_activations()?;
    on_arrays()?;
    errors();
    let reg = from_libraries()?;
    library_errors(&reg);
    timings(&reg)?;
    Ok(())
}

fn on_slices() -> Result<(), Error> {
    println!("1. Kernels on slices");
    let x = [1.0, -2.0, 3.0, -4.0];
    let y = [0.5, 0.5, 0.5, 0.5];
    let mut out = [0.0; 4];
    saxpy::slices(2.0, &x, &y, &mut out)?;
    println!("   saxpy(2, x, y)        = {out:?}");
    saxpy_relu::slices(2.0, &x, &y, &mut out)?;
    println!("   relu(saxpy(2, x, y))  = {out:?}   (fused: one pass)");
    let (mut lo, mut hi) = ([0.0; 4], [0.0; 4]);
    min_max::slices(&x, &y, &mut lo, &mut hi)?;
    println!("   min_max(x, y)         = {lo:?}, {hi:?}");
    let mut unit = [0.0; 3];
    to_unit::slices(1.0 / 255.0, &[0, 51, 255], &mut unit)?;
    println!("   to_unit(u8 pixels)    = {unit:?}");
    let mut weights = [f16::ZERO; 4];
    dequant::slices(0.125, &[-128, -3, 0, 127], &mut weights)?;
    let mask = [true, false, true, true];
    let set = stdlib::bool::count::slices(&mask)?;
    println!("   dequant(i8 -> f16)    = {weights:?}; bool::count(mask) = {set}");
    let d = saxpy::KERNEL.descriptor();
    println!("   saxpy::KERNEL         = {d} ({} kernel)\n", d.kind());
    Ok(())
}

fn on_class_memory() -> Result<(), Error> {
    println!("2. Kernels on class memory");
    let mut exec = Executor::new();
    println!(
        "   Executor::new(): {} classes of {} bytes, one 64-byte-aligned allocation",
        exec.class_count(),
        exec.class_bytes()
    );
    let x = exec.alloc_from(&[1.0f32, -2.0, 3.0, -4.0])?;
    let y = exec.alloc_from(&[10.0f32, 10.0, 10.0, 10.0])?;
    stdlib::mul::run(&mut exec, x, x, x)?;
    println!(
        "   stdlib::mul(x, x) in place into x   -> {:?}",
        exec.read(x)?
    );
    saxpy::run(&mut exec, -1.0, x, y, y)?;
    println!(
        "   saxpy(-1, x, y) in place into y     -> {:?}",
        exec.read(y)?
    );
    let before = exec.free_classes();
    let big: Buffer<f32> = exec.alloc(10_000)?;
    println!(
        "   a 10,000-element buffer takes a run of {} classes: {} of {} left free",
        before - exec.free_classes(),
        exec.free_classes(),
        exec.class_count()
    );
    exec.free(big)?;
    println!(
        "   after free: {} of {} free; the classes are reused\n",
        exec.free_classes(),
        exec.class_count()
    );
    Ok(())
}

fn reductions_and_activations() -> Result<(), Error> {
    println!("3. Reductions, math and softmax");
    let x = [1.0f32, -2.0, 3.0, -4.0];
    println!(
        "   sum_of_squares(x)      = {}",
        sum_of_squares::slices(&x)?
    );
    println!(
        "   count_positive         = {}",
        count_positive::slices(&[3, -1, 0, 7])?
    );
    println!("   peak(x) (custom fold)  = {}", peak::slices(&x)?);
    let (sum, max) = (stdlib::sum::slices(&x)?, stdlib::max::slices(&x)?);
    println!(
        "   stdlib sum, max, mean  = {sum}, {max}, {}",
        stdlib::mean::slices(&x)?
    );
    let big = vec![0.1f32; 1_000_000];
    let naive: f32 = big.iter().sum();
    println!(
        "   sum of 10^6 x 0.1      = {} (fixed tree) vs {naive} (left-to-right loop); exact 100000",
        stdlib::sum::slices(&big)?
    );
    let mut exec = Executor::new();
    let b = exec.alloc_from(&x)?;
    println!(
        "   dot(x, x) on class memory = {}",
        stdlib::dot::run(&exec, b, b)?
    );
    let mut out = [0.0f32; 3];
    stdlib::softmax::slices(&[1000.0, 1000.0, -1000.0], &mut out)?;
    println!("   softmax([1000, 1000, -1000]) = {out:?}   (stable: no overflow)");
    stdlib::log_softmax::slices(&[1000.0, 1000.0, -1000.0], &mut out)?;
    println!("   log_softmax(same)            = {out:?}");
    println!(
        "   gelu(1) = {}, gelu_tanh(1) = {}, tanh(0.5) = {}, sigmoid(2) = {}",
        math::gelu(1.0),
        math::gelu_tanh(1.0),
        math::tanh(0.5),
        math::sigmoid(2.0),
    );
    let pos = [0.0f32, 1.0, 2.0, 1e6];
    let (mut r0, mut r1) = ([0.0f32; 4], [0.0f32; 4]);
    rotary::slices(0.5, &pos, &[1.0; 4], &[0.0; 4], &mut r0, &mut r1)?;
    println!("   rotary(pos * 0.5) of (1, 0) = {r0:?}, {r1:?}   (sin_cos: one reduction)");
    let (s, c) = math::f64::sin_cos(1e300);
    println!("   f64 sin_cos(1e300) = ({s}, {c})   (exact reduction at any size)");
    let data = [4.0f32, f32::NAN, -7.5, 9.0, 9.0, f32::NAN, 0.5];
    let clean: Vec<f32> = data.iter().copied().filter(|v| !v.is_nan()).collect();
    println!(
        "   stats (min, max, NaN count) of {data:?} = {:?}   (one pass)",
        stats::slices(&data)?
    );
    println!(
        "   stats of the values without NaN       = {:?}",
        stats::slices(&clean)?
    );
    println!(
        "   argmax, argmin of those                = {:?}, {:?}   (value, first index; #[index])",
        stdlib::argmax::slices(&clean)?,
        stdlib::argmin::slices(&clean)?
    );
    let mut y = vec![1.0f32, 2.0, 3.0];
    saxpy::slices_into_y(10.0, &[1.0, 1.0, 1.0], &mut y)?;
    println!("   y = 10 * 1 + y, in place on a Vec      = {y:?}   (saxpy::slices_into_y)\n");
    Ok(())
}

/// Kernels on arrays: a bias broadcast over rows, a softmax per row, and sums along the rows
/// of a transposed view, with no copy.
fn on_arrays() -> Result<(), Error> {
    println!("4. Kernels on arrays (ndarray here; any strides, numpy's broadcasting)");
    let x: Array2<f32> = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let bias: Array1<f32> = array![10.0, 20.0, 30.0];
    let mut y = Array2::<f32>::zeros((2, 3));
    stdlib::add::arrays(&x, &bias, &mut y)?;
    println!("   x + bias (bias of 3 over 2 rows)  = {}", rows(&y));
    stdlib::softmax::along(1, &x, &mut y)?;
    println!("   softmax along axis 1 (each row)   = {}", rows(&y));
    let mut sums = Array1::<f32>::zeros(3);
    stdlib::sum::along(1, x.t(), &mut sums)?;
    println!("   row sums of x.t() (strided view)  = {:?}", sums.to_vec());
    let mut yt = Array2::<f32>::zeros((3, 2));
    saxpy::arrays(2.0, x.t(), x.t(), &mut yt)?;
    println!("   saxpy(2, x.t(), x.t())            = {}", rows(&yt));
    let column: Array1<f32> = array![1.0, 2.0];
    show("(2, 3) + (2,)", stdlib::add::arrays(&x, &column, &mut y));
    println!();
    Ok(())
}

/// A matrix's rows on one line.
fn rows(m: &Array2<f32>) -> String {
    let rows: Vec<String> = m
        .rows()
        .into_iter()
        .map(|r| format!("{:?}", r.to_vec()))
        .collect();
    format!("[{}]", rows.join(", "))
}

/// One of each error a caller can cause, with the message it carries.
fn errors() {
    println!("5. Errors: each says what to fix");
    let mut out = [0.0f32; 3];
    show(
        "wrong length",
        saxpy::slices(1.0, &[1.0; 3], &[1.0; 2], &mut out),
    );

    let mut small = match Executor::with_classes(4, 256) {
        Ok(exec) => exec,
        Err(e) => return show::<()>("setup", Err(e)),
    };
    show("out of class memory", small.alloc::<f32>(1_000).map(drop));
    show("too large", small.alloc::<f64>(usize::MAX / 4).map(drop));
    show("bad layout", Executor::with_classes(8, 100).map(drop));

    let Ok(a) = small.alloc_from(&[1.0f32, 2.0]) else {
        return;
    };
    let Ok(b) = small.alloc::<f32>(2) else { return };
    let freed = small.free(b).map(|()| b);
    if let Ok(b) = freed {
        show("stale buffer", saxpy::run(&mut small, 1.0, a, b, a));
        show("double free", small.free(b));
    }
    let other = Executor::new();
    show("foreign buffer", other.read(a).map(drop));
    show("aliased outputs", min_max::run(&mut small, a, a, a, a));
    println!();
}

fn show<T>(what: &str, result: Result<T, Error>) {
    match result {
        Ok(_) => println!("   {what:<20} (unexpectedly succeeded)"),
        Err(e) => println!("   {what:<20} {e}"),
    }
}

/// A short look at speed: not a benchmark (that is `cargo bench`). Each round times a batch
/// of 16 calls of every variant in turn, so that noise from the machine hits all of them
/// alike; the table shows the median over the rounds, per call, on the same data.
fn timings(reg: &Registry) -> Result<(), Error> {
    const N: usize = 3072;
    const ROUNDS: usize = 1001;
    println!(
        "8. Timings: add, {N} f32, median of {ROUNDS} interleaved rounds (a glance, not a benchmark)"
    );
    let x: Vec<f32> = (0..N).map(|i| (i as f32).sin()).collect();
    let y: Vec<f32> = (0..N).map(|i| (i as f32).cos()).collect();
    let mut out = vec![0.0f32; N];
    let mut exec = Executor::new();
    let (xb, yb, ob) = (exec.alloc_from(&x)?, exec.alloc_from(&y)?, exec.alloc(N)?);

    let mut samples = [const { Vec::new() }; 3];
    for _ in 0..ROUNDS {
        samples[0].push(per_call(|| {
            for ((o, a), b) in out.iter_mut().zip(black_box(&x)).zip(black_box(&y)) {
                *o = a + b;
            }
            black_box(&mut out);
        }));
        samples[1].push(per_call(|| {
            let result = stdlib::add::slices(black_box(&x), black_box(&y), &mut out);
            black_box((&mut out, result.is_ok()));
        }));
        samples[2].push(per_call(|| {
            black_box(stdlib::add::run(&mut exec, xb, yb, ob).is_ok());
        }));
    }
    let [native, inline, class] = samples.map(median);
    let rows = [
        ("native zip loop", native),
        ("inline slices", inline),
        ("class run", class),
    ];
    for (name, ns) in rows {
        println!("   {name:<16} {ns:>6.0} ns   {:.2}x native", native / ns);
    }
    dynamic_call_cost(reg)
}

/// What a call by name costs over the inline call, at 100 elements, where it shows most:
/// `plus` from the cdylib is the body of `stdlib::add`.
fn dynamic_call_cost(reg: &Registry) -> Result<(), Error> {
    const N: usize = 100;
    const ROUNDS: usize = 20_001;
    let x: Vec<f32> = (0..N).map(|i| (i as f32).sin()).collect();
    let y: Vec<f32> = (0..N).map(|i| (i as f32).cos()).collect();
    let mut out = vec![0.0f32; N];
    let (linked, loaded) = (reg.get("add")?, reg.get("plus")?);
    let mut samples = [const { Vec::new() }; 3];
    for _ in 0..ROUNDS {
        samples[0].push(per_call(|| {
            let result = stdlib::add::slices(black_box(&x), black_box(&y), &mut out);
            black_box((&mut out, result.is_ok()));
        }));
        for (k, sample) in [&linked, &loaded].into_iter().zip(&mut samples[1..]) {
            sample.push(per_call(|| {
                let k: &KernelRef = black_box(k);
                let result =
                    k.run_slices(&[], &[(&x).into(), (&y).into()], &mut [(&mut out).into()]);
                black_box((&mut out, result.is_ok()));
            }));
        }
    }
    let [inline, linked_ns, loaded_ns] = samples.map(median);
    println!("   add, {N} f32, median of {ROUNDS} interleaved rounds:");
    println!("   {:<28} {inline:>6.1} ns", "inline add::slices");
    for (name, ns) in [
        ("by name, linked `add`", linked_ns),
        ("by name, cdylib `plus`", loaded_ns),
    ] {
        println!(
            "   {name:<28} {ns:>6.1} ns   {:+.1} ns ({:.2}x inline)",
            ns - inline,
            ns / inline
        );
    }
    Ok(())
}

/// Nanoseconds per call of `f`, over a batch of 16 calls.
fn per_call(mut f: impl FnMut()) -> f64 {
    const BATCH: u32 = 16;
    let start = Instant::now();
    for _ in 0..BATCH {
        f();
    }
    start.elapsed().as_secs_f64() * 1e9 / f64::from(BATCH)
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples.get(samples.len() / 2).copied().unwrap_or(f64::NAN)
}

// ---------------------------------------------------------------------------------------
// 6 and 7. Kernels from shared libraries, and their errors.

/// Builds the example cdylib (`examples/user-kernels`) with the cargo that runs the tour and
/// the C library (`examples/c-kernels/kernels.c`) with `cc`, copies both to
/// `target/kernel-libs/`, loads that directory into a registry, and calls the kernels by name.
fn from_libraries() -> Result<Registry, Box<dyn std::error::Error>> {
    println!("6. Kernels from shared libraries, by name");
    let root = kernel_libs::workspace_root();
    let libs = root.join("target").join("kernel-libs");
    std::fs::create_dir_all(&libs)?;
    let suffix = std::env::consts::DLL_SUFFIX;

    println!("   building examples/user-kernels (cargo build --release -p user-kernels) ...");
    let cdylib = kernel_libs::build_user_kernels(true, None)?;
    kernel_libs::install(&cdylib, &libs.join(format!("libuser_kernels{suffix}")))?;
    println!("   building examples/c-kernels/kernels.c (cc -shared -fPIC -O2) ...");
    let c_source = root.join("examples").join("c-kernels").join("kernels.c");
    kernel_libs::build_c_library(&c_source, &libs.join(format!("libc_kernels{suffix}")))?;

    let mut reg = Registry::with_stdlib();
    let added = reg.load_dir(&libs)?;
    println!("   Registry::with_stdlib() + load_dir({}):", shown(&libs));
    println!("     added {}", added.join(", "));
    for name in &added {
        let k = reg.get(name)?;
        let from = k.path().map_or_else(|| "linked".to_owned(), shown);
        println!("     {:<48} from {from}", k.descriptor().to_string());
    }

    let x = [1.0f32, -2.0, 3.0, -4.0];
    let y = [0.5f32; 4];
    let mut out = [0.0f32; 4];
    reg.get("saxpy")?.run_slices(
        &[2.0f32.into()],
        &[(&x).into(), (&y).into()],
        &mut [(&mut out).into()],
    )?;
    check(out == [2.5, -3.5, 6.5, -7.5], "saxpy")?;
    println!("   saxpy(2, x, y)            = {out:?}   (Rust cdylib)");

    let (mut q, mut r) = ([0i32; 3], [0i32; 3]);
    reg.get("div_rem")?.run_slices(
        &[],
        &[(&[7, -7, 9]).into(), (&[2, 2, 4]).into()],
        &mut [(&mut q).into(), (&mut r).into()],
    )?;
    check(q == [3, -3, 2] && r == [1, -1, 1], "div_rem")?;
    println!("   div_rem([7,-7,9], [2,2,4]) = {q:?}, {r:?}   (two outputs)");

    let count = reg
        .get("count_above")?
        .reduce_slices(&[0.0f32.into()], &[(&x).into()])?;
    check(count == Scalar::I64(2), "count_above")?;
    println!("   count_above(0, x)         = {count:?}   (Rust reduction, f32 -> i64)");

    reg.get("c_affine")?.run_slices(
        &[10.0f32.into(), 1.0f32.into()],
        &[(&x).into()],
        &mut [(&mut out).into()],
    )?;
    check(out == [11.0, -19.0, 31.0, -39.0], "c_affine")?;
    println!("   c_affine(10, 1, x)        = {out:?}   (C)");

    let mut exec = Executor::new();
    let (xb, yb) = (exec.alloc_from(&x)?, exec.alloc_from(&y)?);
    let dot = reg
        .get("c_dot")?
        .reduce(&exec, &[], &[xb.into(), yb.into()])?;
    check(dot == Scalar::F64(-1.0), "c_dot")?;
    println!("   c_dot(x, y) on class memory = {dot:?}   (C reduction)\n");
    Ok(reg)
}

/// Loading and calling by name go wrong in ways of their own; each says what to fix.
fn library_errors(reg: &Registry) {
    println!("7. Errors of calls by name and of loading");
    show("unknown kernel", reg.get("saxpyy").map(drop));
    if let Ok(saxpy) = reg.get("saxpy") {
        let mut out = [0.0f32; 2];
        show(
            "arity",
            saxpy.run_slices(
                &[],
                &[(&[1.0f32; 2]).into(), (&[1.0f32; 2]).into()],
                &mut [(&mut out).into()],
            ),
        );
        show(
            "element type",
            saxpy.run_slices(
                &[2.0f64.into()],
                &[(&[1.0f32; 2]).into(), (&[1.0f32; 2]).into()],
                &mut [(&mut out).into()],
            ),
        );
        show(
            "wrong kind",
            saxpy.reduce_slices(&[2.0f32.into()], &[]).map(drop),
        );
    }
    if let Ok(div_rem) = reg.get("div_rem") {
        let (mut q, mut r) = ([0i32; 1], [0i32; 1]);
        show(
            "kernel panicked",
            div_rem.run_slices(
                &[],
                &[(&[1]).into(), (&[0]).into()],
                &mut [(&mut q).into(), (&mut r).into()],
            ),
        );
    }
    if let Ok(sqrt) = reg.get("c_checked_sqrt") {
        let mut out = [0.0f64; 1];
        show(
            "kernel failed",
            sqrt.run_slices(&[], &[(&[-1.0f64]).into()], &mut [(&mut out).into()]),
        );
    }
    let mut scratch = reg.clone();
    show(
        "library not found",
        scratch.load_library("no/such/libkernels.so").map(drop),
    );
    show(
        "not a library",
        scratch
            .load_library(kernel_libs::workspace_root().join(file!()))
            .map(drop),
    );
    let libs = kernel_libs::workspace_root()
        .join("target")
        .join("kernel-libs");
    show("duplicate kernel", scratch.load_dir(&libs).map(drop));
    println!();
}

fn check(ok: bool, what: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!("{what} returned a wrong result"))
    }
}

/// A path relative to the workspace root, for display.
fn shown(path: &Path) -> String {
    let root = kernel_libs::workspace_root();
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}
