//! Concurrency stress: `available_parallelism() + 2` threads, started together by a barrier,
//! each with its own executor, make inline and dynamic calls at once while the same threads
//! load libraries, watch loads fail, and drop registries and handles that keep libraries
//! mapped. Every result is checked against a scalar reference.
//!
//! Per run: `threads × ROUNDS` rounds of 8 calls, 4 × 1,500 × 8 = 48,000 calls on a 2-core
//! machine (6 × 1,500 × 8 on 4 cores). Each round calls the inline `slices` and `run` of a
//! kernel defined here; stdlib kernels by name through an `Arc<Registry>` shared without a
//! lock (on slices, in place on class memory, a reduction on slices and on class memory);
//! and the user-kernels cdylib's `saxpy` and the C library's `c_dot`, through handles taken
//! at the start. Every 20th round a thread also loads both libraries into a fresh registry
//! and calls through it, then tries a text file, a library of the wrong ABI version, a
//! missing path and a duplicate, each refused with its own error and the registry unchanged.
//! Every 50th round it loads the C library into the registry shared as
//! `Arc<RwLock<Registry>>`: only the first load anywhere succeeds, the rest are duplicates.
//! Bounded counts, no wall-clock loops: the test ends by itself, in about a second in debug.

mod common;

use hologram::{Error, Executor, KernelRef, Registry, Scalar, kernel};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, RwLock};
use std::thread;

/// Rounds per thread.
const ROUNDS: usize = 1_500;
/// Calls per round.
const CALLS_PER_ROUND: usize = 8;

/// `a*x + y`, the same definition as the cdylib's `saxpy`.
#[kernel]
pub fn saxpy(#[uniform] a: f32, x: f32, y: f32) -> f32 {
    a * x + y
}

/// Paths every thread needs, built once before the threads start.
struct Libraries {
    rust: PathBuf,
    c: PathBuf,
    wrong_abi: PathBuf,
    text: PathBuf,
    missing: PathBuf,
}

fn libraries() -> Libraries {
    let dir = common::fresh_dir("stress");
    let text = dir.join(format!("libtext{}", std::env::consts::DLL_SUFFIX));
    std::fs::write(&text, "not a library").expect("write");
    Libraries {
        rust: common::user_kernels().to_path_buf(),
        c: common::c_kernels(),
        wrong_abi: common::c_library("tests/c/wrong_abi.c"),
        text,
        missing: dir.join("libmissing.so"),
    }
}

/// Deterministic f32 values of one thread and round, small integers and halves, so that
/// every reference below is exact.
fn data(len: usize, seed: usize) -> Vec<f32> {
    (0..len)
        .map(|i| ((i * 7 + seed * 13) % 41) as f32 * 0.5 - 10.0)
        .collect()
}

/// Handles one thread takes at the start and calls for its whole life.
struct Handles {
    add: KernelRef,
    sum: KernelRef,
    relu: KernelRef,
    saxpy: KernelRef,
    c_dot: KernelRef,
}

fn round(h: &Handles, exec: &mut Executor, t: usize, r: usize) -> usize {
    let len = 1 + (t * 31 + r * 17) % 700;
    let (x, y) = (data(len, t + r), data(len, t * 3 + r + 1));
    let a = (r % 5) as f32 - 2.0;
    let want_saxpy: Vec<f32> = x.iter().zip(&y).map(|(x, y)| a * x + y).collect();
    let mut out = vec![0.0f32; len];

    // Inline, on slices and on this thread's class memory.
    saxpy::slices(a, &x, &y, &mut out).expect("inline saxpy");
    assert_eq!(out, want_saxpy);
    let (xb, yb) = (
        exec.alloc_from(&x).expect("x"),
        exec.alloc_from(&y).expect("y"),
    );
    saxpy::run(exec, a, xb, yb, yb).expect("inline run in place");
    assert_eq!(exec.read(yb).expect("y"), &want_saxpy[..]);
    exec.write(yb, &y).expect("restore y");

    // By name, linked stdlib kernels.
    h.add
        .run_slices(&[], &[(&x).into(), (&y).into()], &mut [(&mut out).into()])
        .expect("add");
    assert!(out.iter().zip(&x).zip(&y).all(|((o, x), y)| *o == x + y));
    h.relu
        .run(exec, &[], &[xb.into()], &[xb.into()])
        .expect("relu in place");
    let relu = exec.read(xb).expect("x");
    assert!(relu.iter().zip(&x).all(|(o, x)| *o == x.max(0.0)));
    // The values are multiples of 0.5 below 2^10: every partial sum is exact.
    let sum = h.sum.reduce_slices(&[], &[(&y).into()]).expect("sum");
    assert_eq!(sum, Scalar::F32(y.iter().sum()));
    let on_class = h.sum.reduce(exec, &[], &[yb.into()]).expect("sum");
    assert_eq!(on_class, sum);
    exec.free(xb).expect("free x");
    exec.free(yb).expect("free y");

    // By name, from the two libraries.
    h.saxpy
        .run_slices(
            &[a.into()],
            &[(&x).into(), (&y).into()],
            &mut [(&mut out).into()],
        )
        .expect("cdylib saxpy");
    assert_eq!(out, want_saxpy);
    let dot = h
        .c_dot
        .reduce_slices(&[], &[(&x).into(), (&y).into()])
        .expect("c_dot");
    let want = x
        .iter()
        .zip(&y)
        .fold(0.0f64, |s, (a, b)| s + f64::from(*a) * f64::from(*b));
    assert_eq!(dot, Scalar::F64(want));
    CALLS_PER_ROUND
}

/// Loads both libraries into a fresh registry and calls through it, then checks that each
/// bad library is refused with its own error. Returns the loads that succeeded.
fn load_round(libs: &Libraries, r: usize) -> usize {
    let mut fresh = Registry::new();
    fresh.load_library(&libs.rust).expect("user-kernels");
    fresh.load_library(&libs.c).expect("C kernels");
    let mut out = [0.0f32; 3];
    fresh
        .get("c_affine")
        .expect("c_affine")
        .run_slices(
            &[2.0f32.into(), (r as f32).into()],
            &[(&[1.0f32, 2.0, 3.0]).into()],
            &mut [(&mut out).into()],
        )
        .expect("c_affine");
    assert_eq!(out, [2.0, 4.0, 6.0].map(|v| v + r as f32));
    let before = fresh.names();
    let refused = |path: &Path, fresh: &mut Registry| fresh.load_library(path).expect_err("bad");
    assert!(matches!(
        refused(&libs.text, &mut fresh),
        Error::NotALibrary { .. }
    ));
    assert!(matches!(
        refused(&libs.wrong_abi, &mut fresh),
        Error::AbiVersionMismatch { found: 99, .. }
    ));
    assert!(matches!(
        refused(&libs.missing, &mut fresh),
        Error::LibraryNotFound { .. }
    ));
    assert!(matches!(
        refused(&libs.c, &mut fresh),
        Error::LibraryAlreadyLoaded { .. }
    ));
    assert_eq!(fresh.names(), before, "failed loads changed the registry");
    2
}

#[test]
fn inline_and_dynamic_calls_while_libraries_load_and_fail() {
    let threads = thread::available_parallelism().map_or(2, usize::from) + 2;
    let libs = Arc::new(libraries());

    // Read-only and shared without a lock: `get` takes `&self`.
    let mut linked = Registry::with_stdlib();
    linked.load_library(&libs.rust).expect("user-kernels");
    linked.load_library(&libs.c).expect("C kernels");
    let linked = Arc::new(linked);
    // Changed while others read: loads take the write lock, lookups the read lock.
    let shared = Arc::new(RwLock::new(Registry::with_stdlib()));
    let shared_loads = Arc::new(AtomicUsize::new(0));
    let barrier = Arc::new(Barrier::new(threads));

    let workers: Vec<_> = (0..threads)
        .map(|t| {
            let (libs, linked, shared) =
                (Arc::clone(&libs), Arc::clone(&linked), Arc::clone(&shared));
            let (shared_loads, barrier) = (Arc::clone(&shared_loads), Arc::clone(&barrier));
            thread::spawn(move || {
                let handles = Handles {
                    add: linked.get("add").expect("add"),
                    sum: linked.get("sum").expect("sum"),
                    relu: linked.get("relu").expect("relu"),
                    saxpy: linked.get("saxpy").expect("saxpy"),
                    c_dot: linked.get("c_dot").expect("c_dot"),
                };
                drop(linked); // the handles keep the libraries loaded
                let mut exec = Executor::new();
                let (mut calls, mut loads) = (0, 0);
                barrier.wait();
                for r in 0..ROUNDS {
                    calls += round(&handles, &mut exec, t, r);
                    if (r + t) % 20 == 0 {
                        loads += load_round(&libs, r);
                    }
                    if (r + 2 * t) % 50 == 0 {
                        let result = shared.write().expect("write lock").load_library(&libs.c);
                        match result {
                            Ok(names) => {
                                assert_eq!(
                                    names,
                                    ["c_affine", "c_dot", "c_checked_sqrt", "c_center"]
                                );
                                shared_loads.fetch_add(1, Ordering::SeqCst);
                            }
                            Err(e) => {
                                assert!(matches!(e, Error::LibraryAlreadyLoaded { .. }), "{e}");
                            }
                        }
                        let names = shared.read().expect("read lock").names();
                        assert!(names.iter().any(|n| n == "c_dot"));
                    }
                }
                assert_eq!(
                    exec.free_classes(),
                    exec.class_count(),
                    "every buffer freed"
                );
                (calls, loads)
            })
        })
        .collect();

    let (mut calls, mut loads) = (0, 0);
    for w in workers {
        let (c, l) = w.join().expect("a worker panicked");
        calls += c;
        loads += l;
    }
    assert_eq!(calls, threads * ROUNDS * CALLS_PER_ROUND);
    assert_eq!(loads, 2 * threads * ROUNDS / 20);
    assert_eq!(
        shared_loads.load(Ordering::SeqCst),
        1,
        "exactly one load wins"
    );
    let reg = shared.read().expect("read lock");
    assert_eq!(reg.len(), Registry::with_stdlib().len() + 4);
}
