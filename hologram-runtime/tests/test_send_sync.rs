//! The `unsafe impl`s of `Send` and `Sync` at work: class memory moved to another thread
//! and read from several at once, erased slices sent and shared across threads into calls by
//! name. `.ci/valgrind` runs these under memcheck. (See UNSAFE.md.)

use hologram_runtime::{AnySlice, AnySliceMut, Executor, Registry};
use std::thread;

/// `ClassMemory: Send`: an executor made here is written on another thread and comes back.
/// `ClassMemory: Sync`: two threads then read it through shared references at once.
#[test]
fn class_memory_moves_between_threads_and_is_read_from_several() {
    let mut exec = Executor::with_classes(4, 256).expect("executor");
    let buf = exec.alloc_from(&[1.0f64, 2.0, 3.0]).expect("alloc");
    let exec = thread::spawn(move || {
        exec.write(buf, &[4.0, 5.0, 6.0]).expect("write");
        exec
    })
    .join()
    .expect("writer");
    let exec = &exec;
    thread::scope(|s| {
        let readers: Vec<_> = (0..2)
            .map(|_| s.spawn(move || exec.read(buf).expect("read").to_vec()))
            .collect();
        for reader in readers {
            assert_eq!(reader.join().expect("reader"), [4.0, 5.0, 6.0]);
        }
    });
}

/// `AnySlice: Send + Sync`: one array of them is shared by two threads; `AnySliceMut: Send`:
/// each thread's output slice is moved into it.
#[test]
fn erased_slices_cross_threads_into_calls_by_name() {
    let add = Registry::with_stdlib().get("add").expect("add");
    let (x, y) = ([1.0f32, 2.0, 3.0], [10.0f32, 20.0, 30.0]);
    let inputs: [AnySlice<'_>; 2] = [(&x).into(), (&y).into()];
    let (mut left, mut right) = ([0.0f32; 3], [0.0f32; 3]);
    thread::scope(|s| {
        for out in [&mut left, &mut right] {
            let out: AnySliceMut<'_> = out.into();
            let (add, inputs) = (&add, &inputs);
            s.spawn(move || {
                let mut outputs = [out];
                add.run_slices(&[], inputs, &mut outputs).expect("add");
            });
        }
    });
    assert_eq!(left, [11.0, 22.0, 33.0]);
    assert_eq!(right, left);
}
