//! Resource limits and the 32-bit boundary: class layouts that are zero, overflow or exceed
//! `MAX_CLASS_MEMORY_BYTES` or `Executor::MAX_CLASS_COUNT`; buffer lengths whose byte size overflows `usize`; and lengths and
//! counts just above `u32::MAX`, which must reach every check whole, never truncated to 32
//! bits: in `alloc`, in calls on slices (a 4 GiB stream against a 1-element one), and in the
//! `size_t` fields of a loaded library's table and descriptors.

mod common;

use hologram::{Error, Executor, MAX_CLASS_MEMORY_BYTES, Registry, kernel};

/// 2^32 + 1: the smallest length that a truncation to 32 bits turns into 1.
#[cfg(target_pointer_width = "64")]
const JUST_ABOVE_U32: usize = (1 << 32) + 1;

fn layout_reason(result: Result<Executor, Error>) -> String {
    match result {
        Err(Error::InvalidClassLayout { reason }) => reason,
        other => panic!("expected InvalidClassLayout, got {other:?}"),
    }
}

#[test]
fn with_classes_refuses_zero_overflowing_and_oversized_layouts() {
    assert!(layout_reason(Executor::with_classes(0, 64)).contains("at least one class"));
    assert!(layout_reason(Executor::with_classes(1, 0)).contains("round it up to 64"));
    assert!(layout_reason(Executor::with_classes(1, 65)).contains("round it up to 128"));
    let overflow = layout_reason(Executor::with_classes(usize::MAX, 64));
    assert!(overflow.contains("overflow usize"), "{overflow}");
    let biggest_class = usize::MAX / 64 * 64;
    let overflow = layout_reason(Executor::with_classes(2, biggest_class));
    assert!(overflow.contains("overflow usize"), "{overflow}");
    assert!(overflow.contains("at most 0 classes"), "{overflow}");

    // One class more than the maximum allows is refused before anything is allocated.
    let class = 1 << 20;
    let most = MAX_CLASS_MEMORY_BYTES / class;
    let over = layout_reason(Executor::with_classes(most + 1, class));
    assert!(over.contains("MAX_CLASS_MEMORY_BYTES"), "{over}");
    assert!(over.contains(&format!("at most {most} classes")), "{over}");
    assert!(
        layout_reason(Executor::with_classes(1, MAX_CLASS_MEMORY_BYTES + 64)).contains("maximum")
    );

    // So is one class more than MAX_CLASS_COUNT, however small the classes: the bookkeeping
    // grows with the count.
    let many = layout_reason(Executor::with_classes(Executor::MAX_CLASS_COUNT + 1, 64));
    assert!(many.contains("Executor::MAX_CLASS_COUNT"), "{many}");
    assert!(many.contains("use fewer, larger classes"), "{many}");
    let small = Executor::with_classes(1, 64).expect("one class");
    assert_eq!(small.class_count(), 1);
}

// The maximum is a power of two, holds the default layout, and stays far from the largest
// allocation Rust allows, so that any layout it admits makes a valid `Layout`.
const _: () = assert!(MAX_CLASS_MEMORY_BYTES.is_power_of_two());
const _: () = assert!(
    MAX_CLASS_MEMORY_BYTES >= Executor::DEFAULT_CLASS_COUNT * Executor::DEFAULT_CLASS_BYTES
);
const _: () = assert!(MAX_CLASS_MEMORY_BYTES <= isize::MAX.unsigned_abs() / 2);

fn too_large<T: hologram::Element>(exec: &mut Executor) {
    // For `u8` every length fits: there is no first bad one.
    if let Some(first_bad) = (usize::MAX / size_of::<T>()).checked_add(1) {
        match exec.alloc::<T>(first_bad) {
            Err(Error::BufferTooLarge { len, elem }) => {
                assert_eq!((len, elem), (first_bad, T::TYPE));
            }
            other => panic!("{}: expected BufferTooLarge, got {other:?}", T::TYPE),
        }
        assert!(matches!(
            exec.alloc::<T>(usize::MAX),
            Err(Error::BufferTooLarge { .. })
        ));
    }
    // The largest length whose byte size fits is a plain out-of-memory, with the exact size.
    let last_good = usize::MAX / size_of::<T>();
    match exec.alloc::<T>(last_good) {
        Err(Error::OutOfClassMemory {
            requested_bytes, ..
        }) => {
            assert_eq!(requested_bytes, last_good * size_of::<T>());
        }
        other => panic!("{}: expected OutOfClassMemory, got {other:?}", T::TYPE),
    }
}

#[test]
fn buffer_lengths_whose_bytes_overflow_are_errors() {
    let mut exec = Executor::with_classes(4, 64).expect("small");
    too_large::<f32>(&mut exec);
    too_large::<f64>(&mut exec);
    too_large::<i32>(&mut exec);
    too_large::<i64>(&mut exec);
    too_large::<u32>(&mut exec);
    too_large::<u8>(&mut exec);
    assert_eq!(exec.free_classes(), 4, "failed allocations take nothing");
}

#[test]
#[cfg(target_pointer_width = "64")]
fn alloc_lengths_above_u32_are_not_truncated() {
    let mut exec = Executor::with_classes(4, 64).expect("small");
    // Truncated to 32 bits these would be 1 byte, 0 bytes and 4 bytes: all would fit.
    for (bytes, result) in [
        (JUST_ABOVE_U32, exec.alloc::<u8>(JUST_ABOVE_U32).map(drop)),
        (1 << 32, exec.alloc::<f32>(1 << 30).map(drop)),
        (
            8 * ((1 << 29) + 1),
            exec.alloc::<i64>((1 << 29) + 1).map(drop),
        ),
    ] {
        match result {
            Err(Error::OutOfClassMemory {
                requested_bytes,
                classes_needed,
                ..
            }) => {
                assert_eq!(requested_bytes, bytes);
                assert_eq!(classes_needed, bytes.div_ceil(64));
            }
            other => panic!("expected OutOfClassMemory for {bytes} bytes, got {other:?}"),
        }
    }
}

/// A kernel on the smallest element type, so that a stream longer than `u32::MAX` elements
/// costs 4 GiB of address space (allocated zeroed, so the pages are never touched).
#[kernel]
fn plus_u8(a: u8, b: u8) -> u8 {
    a.wrapping_add(b)
}

#[test]
#[cfg(target_pointer_width = "64")]
fn stream_lengths_above_u32_reach_the_length_check_whole() {
    let huge = vec![0u8; JUST_ABOVE_U32];
    let one = [1u8];
    let mut out = [0u8; 1];
    let expect = |err: Error| match err {
        Error::LengthMismatch {
            found, expected, ..
        } => assert_eq!((found, expected), (JUST_ABOVE_U32, 1)),
        other => panic!("expected LengthMismatch, got {other:?}"),
    };
    expect(plus_u8::slices(&one, &huge, &mut out).expect_err("inline"));
    let k = hologram::KernelRef::from(plus_u8::KERNEL);
    expect(
        k.run_slices(
            &[],
            &[(&one).into(), (&huge).into()],
            &mut [(&mut out).into()],
        )
        .expect_err("by name"),
    );
    assert_eq!(out, [0], "nothing was written");
}

/// Loads a library whose table or descriptor has a `size_t` field just above `u32::MAX`.
fn refused(source: &str) -> Error {
    let mut reg = Registry::with_stdlib();
    let before = reg.names();
    let err = reg
        .load_library(common::c_library(source))
        .expect_err("must be refused");
    assert_eq!(reg.names(), before);
    err
}

#[test]
#[cfg(target_pointer_width = "64")]
fn library_counts_above_u32_are_refused_not_truncated() {
    match refused("tests/c/huge_kernel_count.c") {
        Error::MalformedTable { field, reason, .. } => {
            assert_eq!(field, "kernel_count");
            assert!(reason.contains(&JUST_ABOVE_U32.to_string()), "{reason}");
        }
        other => panic!("expected MalformedTable, got {other:?}"),
    }
    match refused("tests/c/huge_counts.c") {
        Error::MalformedDescriptor { field, reason, .. } => {
            assert_eq!(field, "input_types");
            assert!(reason.contains(&JUST_ABOVE_U32.to_string()), "{reason}");
        }
        other => panic!("expected MalformedDescriptor, got {other:?}"),
    }
    match refused("tests/c/huge_name_len.c") {
        Error::MalformedDescriptor { field, reason, .. } => {
            assert_eq!(field, "name");
            assert!(
                reason.contains(&((1usize << 32) + 4).to_string()),
                "{reason}"
            );
        }
        other => panic!("expected MalformedDescriptor, got {other:?}"),
    }
    match refused("tests/c/huge_descriptor_size.c") {
        Error::MalformedTable { field, reason, .. } => {
            assert_eq!(field, "descriptor_size");
            let size = (1usize << 32) + size_of::<hologram::abi::RawDescriptor>();
            assert!(reason.contains(&size.to_string()), "{reason}");
        }
        other => panic!("expected MalformedTable, got {other:?}"),
    }
}

#[test]
fn a_table_smaller_than_version_1_is_refused() {
    match refused("tests/c/small_table.c") {
        Error::MalformedTable { field, reason, .. } => {
            assert_eq!(field, "table_size");
            assert!(reason.contains("is 8 bytes"), "{reason}");
        }
        other => panic!("expected MalformedTable, got {other:?}"),
    }
}
