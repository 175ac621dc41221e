//! Every generated path of an elementwise kernel (`slices`, `run`, `run` in place, and the C
//! entry point) against a plain scalar loop over the element function, bit for bit.
//!
//! Floats compare by bits, except that any NaN matches any NaN: Rust does not fix NaN
//! payloads, and LLVM may commute an `a + b` whose inputs are both NaN.

use core::ffi::c_void;
use hologram::abi::{CallArgs, RawElement, RawScalar, STATUS_OK};
use hologram::{Buffer, Element, Error, Executor, Kernel, kernel};
use proptest::prelude::*;

/// `a*x + y`.
#[kernel]
fn saxpy(#[uniform] a: f32, x: f32, y: f32) -> f32 {
    a * x + y
}

/// Two outputs of different types from inputs of different types.
#[kernel]
fn split(#[uniform] k: f64, x: f32, n: i32) -> (f64, i64) {
    let scaled = k * f64::from(x);
    (scaled, i64::from(n).wrapping_mul(3) - 1)
}

/// Every element type in one kernel.
#[kernel]
fn mixed(a: u8, #[uniform] w: u32, b: i64, c: f64, d: i32) -> (u32, f32) {
    let sum = u32::from(a).wrapping_mul(w) ^ (b as u32);
    (sum.wrapping_add(d as u32), (c * 0.5) as f32)
}

/// Fusion: a kernel that calls two other kernels' element functions.
#[kernel]
fn saxpy_twice(#[uniform] a: f32, x: f32, y: f32) -> f32 {
    saxpy(a, x, saxpy(a, x, y))
}

/// Element equality: bits, with every NaN equal to every NaN.
trait SameBits: Copy {
    fn same(self, other: Self) -> bool;
}

macro_rules! same_bits_int {
    ($($t:ty),*) => {$(impl SameBits for $t { fn same(self, o: Self) -> bool { self == o } })*};
}
same_bits_int!(u8, u32, i32, i64);

impl SameBits for f32 {
    fn same(self, o: Self) -> bool {
        self.to_bits() == o.to_bits() || (self.is_nan() && o.is_nan())
    }
}

impl SameBits for f64 {
    fn same(self, o: Self) -> bool {
        self.to_bits() == o.to_bits() || (self.is_nan() && o.is_nan())
    }
}

fn assert_same<T: SameBits + core::fmt::Debug>(path: &str, got: &[T], want: &[T]) {
    assert_eq!(got.len(), want.len(), "{path}: length");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(g.same(*w), "{path}: element {i} is {g:?}, want {w:?}");
    }
}

/// A small deterministic generator: half the values are raw bit patterns (NaN, infinities,
/// subnormals, huge and tiny numbers), half are ordinary numbers.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        // SplitMix64.
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn f32(&mut self) -> f32 {
        let r = self.next();
        if r & 1 == 0 {
            f32::from_bits((r >> 32) as u32)
        } else {
            ((r >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * 200.0
        }
    }

    fn f64(&mut self) -> f64 {
        let r = self.next();
        if r & 1 == 0 {
            f64::from_bits(self.next())
        } else {
            ((r >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 200.0
        }
    }

    fn vec<T>(&mut self, len: usize, mut f: impl FnMut(&mut Self) -> T) -> Vec<T> {
        (0..len).map(|_| f(self)).collect()
    }
}

/// Calls a kernel's C entry point the way a host does.
fn call_entry(
    kernel: &Kernel,
    len: usize,
    uniforms: &[RawScalar],
    inputs: &[*const c_void],
    outputs: &[*mut c_void],
) -> i32 {
    let mut message = [0 as core::ffi::c_char; 256];
    let args = CallArgs {
        len,
        uniforms: uniforms.as_ptr(),
        uniform_count: uniforms.len(),
        inputs: inputs.as_ptr(),
        input_count: inputs.len(),
        outputs: outputs.as_ptr(),
        output_count: outputs.len(),
        result: core::ptr::null_mut(),
        message: message.as_mut_ptr(),
        message_capacity: message.len(),
        input_strides: core::ptr::null(),
        output_strides: core::ptr::null(),
        first_index: 0,
    };
    // SAFETY: every pointer above is valid for `len` elements of the type the kernel's
    // descriptor declares (the callers pass slices of exactly those types), the message
    // buffer is writable, and everything outlives the call.
    unsafe { (kernel.entry())(&args) }
}

fn ptr<T>(s: &[T]) -> *const c_void {
    s.as_ptr().cast()
}

fn ptr_mut<T>(s: &mut [T]) -> *mut c_void {
    s.as_mut_ptr().cast()
}

fn raw<T: RawElement>(v: T) -> RawScalar {
    v.into_raw()
}

/// An executor big enough for several buffers of 100,003 f64 elements.
fn big_executor() -> Executor {
    Executor::with_classes(512, 12_288).expect("test layout is valid")
}

fn upload<T: Element>(exec: &mut Executor, data: &[T]) -> Buffer<T> {
    exec.alloc_from(data).expect("test executor has room")
}

fn check_saxpy(len: usize, seed: u64) {
    let mut g = Gen(seed);
    let a = g.f32();
    let x = g.vec(len, Gen::f32);
    let y = g.vec(len, Gen::f32);
    let want: Vec<f32> = x.iter().zip(&y).map(|(&x, &y)| saxpy(a, x, y)).collect();

    let mut out = vec![0.0f32; len];
    saxpy::slices(a, &x, &y, &mut out).unwrap();
    assert_same("slices", &out, &want);

    let mut exec = big_executor();
    let (xb, yb, ob) = (
        upload(&mut exec, &x),
        upload(&mut exec, &y),
        exec.alloc(len).unwrap(),
    );
    saxpy::run(&mut exec, a, xb, yb, ob).unwrap();
    assert_same("run", exec.read(ob).unwrap(), &want);
    saxpy::run(&mut exec, a, xb, yb, xb).unwrap();
    assert_same("run in place on x", exec.read(xb).unwrap(), &want);
    exec.write(xb, &x).unwrap();
    saxpy::run(&mut exec, a, xb, yb, yb).unwrap();
    assert_same("run in place on y", exec.read(yb).unwrap(), &want);

    let mut out = vec![0.0f32; len];
    let status = call_entry(
        &saxpy::KERNEL,
        len,
        &[raw(a)],
        &[ptr(&x), ptr(&y)],
        &[ptr_mut(&mut out)],
    );
    assert_eq!(status, STATUS_OK);
    assert_same("entry", &out, &want);
    let mut inout = x.clone();
    let p = ptr_mut(&mut inout);
    let status = call_entry(&saxpy::KERNEL, len, &[raw(a)], &[p, ptr(&y)], &[p]);
    assert_eq!(status, STATUS_OK);
    assert_same("entry in place", &inout, &want);

    let mut out = vec![0.0f32; len];
    saxpy_twice::slices(a, &x, &y, &mut out).unwrap();
    let fused: Vec<f32> = want.iter().zip(&x).map(|(&w, &x)| a * x + w).collect();
    assert_same("fused", &out, &fused);
}

fn check_split(len: usize, seed: u64) {
    let mut g = Gen(seed);
    let k = g.f64();
    let x = g.vec(len, Gen::f32);
    let n = g.vec(len, |g| g.next() as i32);
    let (want_a, want_b): (Vec<f64>, Vec<i64>) =
        x.iter().zip(&n).map(|(&x, &n)| split(k, x, n)).unzip();

    let (mut a, mut b) = (vec![0.0f64; len], vec![0i64; len]);
    split::slices(k, &x, &n, &mut a, &mut b).unwrap();
    assert_same("slices out0", &a, &want_a);
    assert_same("slices out1", &b, &want_b);

    let mut exec = big_executor();
    let (xb, nb) = (upload(&mut exec, &x), upload(&mut exec, &n));
    let (ab, bb) = (exec.alloc(len).unwrap(), exec.alloc(len).unwrap());
    split::run(&mut exec, k, xb, nb, ab, bb).unwrap();
    assert_same("run out0", exec.read(ab).unwrap(), &want_a);
    assert_same("run out1", exec.read(bb).unwrap(), &want_b);

    let (mut a, mut b) = (vec![0.0f64; len], vec![0i64; len]);
    let outputs = [ptr_mut(&mut a), ptr_mut(&mut b)];
    let status = call_entry(
        &split::KERNEL,
        len,
        &[raw(k)],
        &[ptr(&x), ptr(&n)],
        &outputs,
    );
    assert_eq!(status, STATUS_OK);
    assert_same("entry out0", &a, &want_a);
    assert_same("entry out1", &b, &want_b);
}

fn check_mixed(len: usize, seed: u64) {
    let mut g = Gen(seed);
    let w = g.next() as u32;
    let a = g.vec(len, |g| g.next() as u8);
    let b = g.vec(len, |g| g.next() as i64);
    let c = g.vec(len, Gen::f64);
    let d = g.vec(len, |g| g.next() as i32);
    let want: (Vec<u32>, Vec<f32>) = (0..len).map(|i| mixed(a[i], w, b[i], c[i], d[i])).unzip();

    let (mut o0, mut o1) = (vec![0u32; len], vec![0f32; len]);
    mixed::slices(&a, w, &b, &c, &d, &mut o0, &mut o1).unwrap();
    assert_same("slices out0", &o0, &want.0);
    assert_same("slices out1", &o1, &want.1);

    let mut exec = big_executor();
    let (ab, bb, cb) = (
        upload(&mut exec, &a),
        upload(&mut exec, &b),
        upload(&mut exec, &c),
    );
    let db = upload(&mut exec, &d);
    let (o0b, o1b) = (exec.alloc(len).unwrap(), exec.alloc(len).unwrap());
    mixed::run(&mut exec, ab, w, bb, cb, db, o0b, o1b).unwrap();
    assert_same("run out0", exec.read(o0b).unwrap(), &want.0);
    assert_same("run out1", exec.read(o1b).unwrap(), &want.1);

    let (mut o0, mut o1) = (vec![0u32; len], vec![0f32; len]);
    let inputs = [ptr(&a), ptr(&b), ptr(&c), ptr(&d)];
    let outputs = [ptr_mut(&mut o0), ptr_mut(&mut o1)];
    let status = call_entry(&mixed::KERNEL, len, &[raw(w)], &inputs, &outputs);
    assert_eq!(status, STATUS_OK);
    assert_same("entry out0", &o0, &want.0);
    assert_same("entry out1", &o1, &want.1);
}

/// The lengths the loop structure makes interesting: empty, shorter than a chunk, one chunk
/// and either side, the class size in f32 and either side, and a long odd length.
const EDGE_LENGTHS: [usize; 9] = [0, 1, 7, 8, 9, 3071, 3072, 3073, 100_003];

#[test]
fn edge_lengths_match_the_scalar_loop() {
    for (i, &len) in EDGE_LENGTHS.iter().enumerate() {
        check_saxpy(len, i as u64);
        check_split(len, i as u64);
        check_mixed(len, i as u64);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn random_lengths_match_the_scalar_loop(len in 0usize..5000, seed in any::<u64>()) {
        check_saxpy(len, seed);
        check_split(len, seed);
        check_mixed(len, seed);
    }
}

#[test]
fn mismatched_lengths_are_reported_and_nothing_is_written() {
    let mut out = [7.0f32; 3];
    let err = saxpy::slices(1.0, &[1.0; 3], &[1.0; 2], &mut out).unwrap_err();
    assert_eq!(
        err.to_string(),
        "kernel `saxpy`: `y` has 2 elements but `x` has 3; every input and output of one \
         call must have the same length"
    );
    assert_eq!(out, [7.0; 3]);
    let err = saxpy::slices(1.0, &[1.0; 3], &[1.0; 3], &mut [0.0; 4]).unwrap_err();
    assert!(matches!(
        err,
        Error::LengthMismatch {
            found: 4,
            expected: 3,
            ..
        }
    ));
}

#[test]
fn two_outputs_in_one_buffer_are_refused() {
    let mut exec = Executor::new();
    let x = exec.alloc_from(&[1.0f32, 2.0]).unwrap();
    let n = exec.alloc_from(&[1i32, 2]).unwrap();
    let a = exec.alloc::<f64>(2).unwrap();
    let b = exec.alloc::<i64>(2).unwrap();
    split::run(&mut exec, 1.0, x, n, a, b).unwrap();
    let err = mixed::run(
        &mut exec,
        exec_alloc(2),
        1,
        exec_alloc(2),
        exec_alloc(2),
        exec_alloc(2),
        exec_alloc(2),
        exec_alloc(2),
    );
    assert!(matches!(err, Err(Error::ForeignBuffer { .. })));

    let o = exec.alloc::<f32>(2).unwrap();
    let err = two_same::run(&mut exec, x, o, o).unwrap_err();
    assert_eq!(
        err.to_string(),
        "kernel `two_same`: outputs `out0` and `out1` are the same buffer; give every output \
         its own buffer (an output may share a buffer with an input)"
    );
}

/// Buffers from a throwaway executor: foreign to every other one.
fn exec_alloc<T: Element>(len: usize) -> Buffer<T> {
    Executor::with_classes(1, 64).unwrap().alloc(len).unwrap()
}

/// Two outputs of one type, so that a caller can pass the same buffer twice.
#[kernel]
fn two_same(x: f32) -> (f32, f32) {
    (x, -x)
}

#[test]
fn stale_and_foreign_handles_are_errors_in_run() {
    let mut exec = Executor::new();
    let x = exec.alloc_from(&[1.0f32, 2.0]).unwrap();
    let y = exec.alloc_from(&[1.0f32, 2.0]).unwrap();
    exec.free(y).unwrap();
    let err = saxpy::run(&mut exec, 1.0, x, y, x).unwrap_err();
    assert!(matches!(err, Error::StaleBuffer { .. }), "{err}");
    assert_eq!(exec.read(x).unwrap(), &[1.0, 2.0], "nothing written");
    let err = saxpy::run(&mut exec, 1.0, x, exec_alloc(2), x).unwrap_err();
    assert!(matches!(err, Error::ForeignBuffer { .. }), "{err}");
}

#[test]
fn descriptors_list_types_in_declaration_order() {
    use hologram::{ElemType::*, KernelKind};
    let d = mixed::KERNEL.descriptor();
    assert_eq!(d.name(), "mixed");
    assert_eq!(d.kind(), KernelKind::Elementwise);
    assert_eq!(d.uniforms(), &[U32]);
    assert_eq!(d.inputs(), &[U8, I64, F64, I32]);
    assert_eq!(d.outputs(), &[U32, F32]);
    assert_eq!(
        d.to_string(),
        "mixed(uniform u32, u8, i64, f64, i32) -> (u32, f32)"
    );
}
