//! Calls go on while libraries load: reader threads make 10^5 dynamic calls in all, through
//! handles taken before, while another thread loads libraries into the shared registry and
//! into fresh ones. Every result is checked.

mod common;

use hologram::{Registry, Scalar};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::thread;

const THREADS: usize = 2;
const CALLS_PER_THREAD: usize = 50_000;

#[test]
fn calls_go_on_while_another_thread_loads() {
    let (rust_lib, c_lib) = (common::user_kernels(), common::c_kernels());
    let mut first = Registry::with_stdlib();
    first.load_library(rust_lib).expect("user-kernels");
    let shared = Arc::new(RwLock::new(first));
    let running = Arc::new(AtomicUsize::new(THREADS));

    let callers: Vec<_> = (0..THREADS)
        .map(|t| {
            let shared = Arc::clone(&shared);
            let running = Arc::clone(&running);
            thread::spawn(move || {
                // Handles are taken under a brief read lock; the calls take no lock.
                let (saxpy, add) = {
                    let reg = shared.read().expect("read lock");
                    (
                        reg.get("saxpy").expect("saxpy"),
                        reg.get("add").expect("add"),
                    )
                };
                let x: Vec<f32> = (0..64).map(|i| (i + t) as f32).collect();
                let y: Vec<f32> = (0..64).map(|i| i as f32 * 0.5).collect();
                let mut out = vec![0.0f32; 64];
                for call in 0..CALLS_PER_THREAD {
                    let a = (call % 7) as f32;
                    if call % 2 == 0 {
                        saxpy
                            .run_slices(
                                &[a.into()],
                                &[(&x).into(), (&y).into()],
                                &mut [(&mut out).into()],
                            )
                            .expect("saxpy");
                        assert!(
                            out.iter()
                                .zip(&x)
                                .zip(&y)
                                .all(|((o, x), y)| *o == a * x + y)
                        );
                    } else {
                        add.run_slices(&[], &[(&x).into(), (&y).into()], &mut [(&mut out).into()])
                            .expect("add");
                        assert!(out.iter().zip(&x).zip(&y).all(|((o, x), y)| *o == x + y));
                    }
                }
                running.fetch_sub(1, Ordering::SeqCst);
                CALLS_PER_THREAD
            })
        })
        .collect();

    let loader = {
        let shared = Arc::clone(&shared);
        let running = Arc::clone(&running);
        thread::spawn(move || {
            // Loads for as long as the callers call, and at least 50 rounds.
            let mut loads = 0;
            let mut round = 0;
            while round < 50 || running.load(Ordering::SeqCst) > 0 {
                // Into the shared registry: the C library once, then refused as a duplicate.
                let result = shared.write().expect("write lock").load_library(&c_lib);
                assert_eq!(result.is_ok(), round == 0, "{result:?}");
                // Into fresh registries: the same libraries again and again.
                let mut fresh = Registry::new();
                fresh.load_library(rust_lib).expect("user-kernels again");
                fresh.load_library(&c_lib).expect("C kernels again");
                let dot = fresh.get("c_dot").expect("c_dot");
                let r = dot
                    .reduce_slices(&[], &[(&[1.0f32, 2.0]).into(), (&[3.0f32, 4.0]).into()])
                    .expect("c_dot");
                assert_eq!(r, Scalar::F64(11.0));
                loads += 3;
                round += 1;
            }
            loads
        })
    };

    let calls: usize = callers.into_iter().map(|h| h.join().expect("caller")).sum();
    let loads = loader.join().expect("loader");
    assert_eq!(calls, THREADS * CALLS_PER_THREAD);
    assert!(loads >= 150, "{loads}");
    assert!(shared.read().expect("read").contains("c_affine"));
}
