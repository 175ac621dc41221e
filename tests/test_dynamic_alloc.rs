//! A dynamic call allocates nothing: 1,000 calls each of `run_slices`, `reduce_slices` and
//! `run` (on an executor), on a linked kernel and on kernels loaded from both example
//! libraries, under a global allocator that counts.

mod common;

use hologram::{Executor, Registry, Scalar};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every method forwards to `System` with the caller's arguments unchanged, so
// `System`'s guarantees carry over; the counter is a side effect only.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded from our caller.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded from our caller.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded from our caller.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded from our caller.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn a_thousand_dynamic_calls_of_each_kind_allocate_nothing() {
    let mut reg = Registry::with_stdlib();
    reg.load_library(common::user_kernels())
        .expect("user-kernels");
    reg.load_library(common::c_kernels()).expect("C kernels");
    let (add, saxpy, dot) = (
        reg.get("add").expect("add"),
        reg.get("saxpy").expect("saxpy"),
        reg.get("c_dot").expect("c_dot"),
    );
    let x: Vec<f32> = (0..100).map(|i| i as f32).collect();
    let y = vec![1.0f32; 100];
    let mut out = vec![0.0f32; 100];
    let mut exec = Executor::new();
    let (xb, yb, ob) = (
        exec.alloc_from(&x).expect("x"),
        exec.alloc_from(&y).expect("y"),
        exec.alloc::<f32>(100).expect("out"),
    );
    let mut sum = 0.0;

    let before = ALLOCATIONS.load(Ordering::SeqCst);
    for _ in 0..1_000 {
        add.run_slices(&[], &[(&x).into(), (&y).into()], &mut [(&mut out).into()])
            .expect("add");
        saxpy
            .run_slices(
                &[2.0f32.into()],
                &[(&x).into(), (&y).into()],
                &mut [(&mut out).into()],
            )
            .expect("saxpy");
        saxpy
            .run(
                &mut exec,
                &[2.0f32.into()],
                &[xb.into(), yb.into()],
                &[ob.into()],
            )
            .expect("saxpy on class memory");
        let Scalar::F64(s) = dot
            .reduce_slices(&[], &[(&x).into(), (&y).into()])
            .expect("dot")
        else {
            panic!("c_dot returns f64");
        };
        sum += s;
        let Scalar::F64(s) = dot
            .reduce(&exec, &[], &[xb.into(), yb.into()])
            .expect("dot")
        else {
            panic!("c_dot returns f64");
        };
        sum += s;
    }
    let allocations = ALLOCATIONS.load(Ordering::SeqCst) - before;

    assert_eq!(allocations, 0, "dynamic calls allocated");
    assert_eq!(sum, 2_000.0 * 4950.0);
    assert_eq!(out[99], 199.0);
    assert_eq!(exec.read(ob).expect("out")[99], 199.0);
}
