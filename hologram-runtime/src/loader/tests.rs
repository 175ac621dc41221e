//! `read_table` on tables built in memory: one table per check that guards an unsafe read in
//! `loader.rs`, so each check is shown to refuse its case before anything is read through the
//! pointer it guards. Names and type lists live on the heap, where valgrind (`.ci/valgrind`)
//! would report a read past their end.

use super::read_table;
use crate::abi::{
    ABI_VERSION, ABI_VERSION_V1, KernelTable, MAX_KERNELS, MAX_NAME_LEN, MAX_STREAMS,
    RawDescriptor, RawDescriptorV1, RawScalar, table_size,
};
use crate::error::Error;
use crate::kernel::{Kernel, KernelKind};
use crate::stdlib;
use core::ptr;
use std::path::Path;

fn table(kernels: &[RawDescriptor]) -> KernelTable {
    KernelTable {
        abi_version: ABI_VERSION,
        table_size: size_of::<KernelTable>() as u32,
        kernel_count: kernels.len(),
        kernels: kernels.as_ptr(),
        descriptor_size: size_of::<RawDescriptor>(),
    }
}

fn read(table: *const KernelTable) -> Result<Vec<Kernel>, Error> {
    // SAFETY: every table and descriptor below lives until the call returns, and every
    // pointer in them is valid for the count next to it, except those the checks must refuse
    // before reading (null, misaligned, or with a count over its limit or over the table).
    unsafe { read_table(Path::new("libtest.so"), table) }
}

/// The field and reason of the error, which must be a malformed table or descriptor.
fn malformed(table: *const KernelTable) -> (&'static str, String) {
    match read(table) {
        Err(
            Error::MalformedTable { field, reason, .. }
            | Error::MalformedDescriptor { field, reason, .. },
        ) => (field, reason),
        other => panic!("expected a malformed table, got {other:?}"),
    }
}

/// The field at fault in a table holding only `d`.
fn field(d: RawDescriptor) -> &'static str {
    malformed(&table(&[d])).0
}

fn add() -> RawDescriptor {
    RawDescriptor::from_kernel(&stdlib::add::KERNEL)
}

/// Type codes on the heap.
fn codes(codes: &[u32]) -> Box<[u32]> {
    codes.into()
}

#[test]
fn a_good_table_is_copied_out() {
    let kernels = [
        RawDescriptor::from_kernel(&stdlib::clip::KERNEL),
        RawDescriptor::from_kernel(&stdlib::sum::KERNEL),
    ];
    let copied = read(&table(&kernels)).expect("a good table");
    let descriptors: Vec<_> = copied.iter().map(|k| *k.descriptor()).collect();
    assert_eq!(
        descriptors,
        [
            *stdlib::clip::KERNEL.descriptor(),
            *stdlib::sum::KERNEL.descriptor()
        ]
    );
    assert_eq!(descriptors[1].kind(), KernelKind::Reduce);
    assert!(read(&table(&[])).expect("an empty table").is_empty());
}

#[test]
fn a_null_or_misaligned_table_is_refused() {
    let (field, reason) = malformed(ptr::null());
    assert_eq!(
        (field, reason.as_str()),
        ("hologram_kernel_table()", "returned a null pointer")
    );
    let words = [0u64; 8];
    let misaligned = words
        .as_ptr()
        .cast::<u8>()
        .wrapping_add(4)
        .cast::<KernelTable>();
    assert!(malformed(misaligned).1.contains("misaligned"));
}

/// The first two fields of a table, alone in an allocation of 8 bytes: a host must read the
/// version, then the size, and nothing more from a table this small.
#[repr(C, align(8))]
struct Head {
    abi_version: u32,
    table_size: u32,
}

#[test]
fn the_version_is_read_first_and_the_size_before_the_rest() {
    let other = Box::new(Head {
        abi_version: ABI_VERSION + 1,
        table_size: 0,
    });
    let err = read(ptr::from_ref(&*other).cast()).expect_err("another version");
    assert!(
        matches!(err, Error::AbiVersionMismatch { found, expected: ABI_VERSION, .. } if found == ABI_VERSION + 1),
        "{err}"
    );
    let small = Box::new(Head {
        abi_version: ABI_VERSION,
        table_size: 8,
    });
    let (field, reason) = malformed(ptr::from_ref(&*small).cast());
    assert_eq!(field, "table_size");
    assert!(reason.contains("is 8 bytes"), "{reason}");
}

#[test]
fn the_count_and_pointer_of_descriptors_are_checked_before_they_are_read() {
    let one = [add()];
    let mut t = table(&one);
    t.kernel_count = MAX_KERNELS + 1;
    assert_eq!(malformed(&t).0, "kernel_count");
    t.kernel_count = 1;
    t.kernels = ptr::null();
    assert_eq!(malformed(&t).0, "kernels");
    t.kernels = one.as_ptr().cast::<u8>().wrapping_add(1).cast();
    assert_eq!(malformed(&t).0, "kernels");
    t.kernel_count = 0;
    t.kernels = ptr::null();
    assert!(read(&t).expect("no kernels, no pointer").is_empty());
}

#[test]
fn names_are_checked_before_their_bytes_are_read() {
    let name: Box<[u8]> = b"add".as_slice().into();
    let good = RawDescriptor {
        name: name.as_ptr(),
        ..add()
    };
    assert_eq!(
        read(&table(&[good])).expect("a good name")[0]
            .descriptor()
            .name(),
        "add"
    );
    for bad in [
        RawDescriptor {
            name: ptr::null(),
            ..good
        },
        RawDescriptor {
            name_len: 0,
            ..good
        },
        // Over the limit: refused before the 3 bytes of `name` are overrun.
        RawDescriptor {
            name_len: MAX_NAME_LEN + 1,
            ..good
        },
    ] {
        assert_eq!(field(bad), "name");
    }
    let spaced: Box<[u8]> = b"a b".as_slice().into();
    let (field, reason) = malformed(&table(&[RawDescriptor {
        name: spaced.as_ptr(),
        ..good
    }]));
    assert_eq!(field, "name");
    assert!(reason.contains("\"a b\""), "{reason}");
}

#[test]
fn type_lists_are_checked_before_they_are_read() {
    let two = codes(&[1, 1]);
    let good = RawDescriptor {
        input_types: two.as_ptr(),
        ..add()
    };
    read(&table(&[good])).expect("types on the heap");
    // More than MAX_STREAMS: refused before the 2 codes at the pointer are overrun.
    let many = RawDescriptor {
        uniform_types: two.as_ptr(),
        uniform_count: MAX_STREAMS + 1,
        ..good
    };
    assert_eq!(field(many), "uniform_types");
    let null = RawDescriptor {
        input_types: ptr::null(),
        ..good
    };
    assert_eq!(field(null), "input_types");
    let misaligned = RawDescriptor {
        output_types: two.as_ptr().cast::<u8>().wrapping_add(1).cast(),
        ..good
    };
    assert_eq!(field(misaligned), "output_types");
    let unknown = codes(&[1, 99]);
    let (field, reason) = malformed(&table(&[RawDescriptor {
        input_types: unknown.as_ptr(),
        ..good
    }]));
    assert_eq!(field, "input_types");
    assert!(reason.contains("entry 1 is 99"), "{reason}");
    // The codes of version 2's types load in a version-2 table (13, `bf16`, the last).
    let newest = codes(&[1, 13]);
    read(&table(&[RawDescriptor {
        input_types: newest.as_ptr(),
        ..good
    }]))
    .expect("bf16 is a version-2 type");
}

#[test]
fn kinds_entries_and_shapes_are_checked() {
    for kind in [0, 4, u32::MAX] {
        assert_eq!(field(RawDescriptor { kind, ..add() }), "kind");
    }
    assert_eq!(
        field(RawDescriptor {
            entry: None,
            ..add()
        }),
        "entry"
    );
    // A reduction has at least one result type.
    let reduce = RawDescriptor {
        kind: KernelKind::Reduce.code(),
        output_types: core::ptr::null(),
        output_count: 0,
        ..add()
    };
    assert_eq!(field(reduce), "output_count");
    // Two result types (a tuple) are a shape version 2 allows; this one lacks its combiner.
    let two = codes(&[1, 1]);
    let reduce = RawDescriptor {
        kind: KernelKind::Reduce.code(),
        output_types: two.as_ptr(),
        output_count: 2,
        ..add()
    };
    assert_eq!(field(reduce), "combine");
}

#[test]
fn duplicate_names_in_one_table_are_refused() {
    let err = read(&table(&[add(), add()])).expect_err("a duplicate");
    assert!(
        matches!(&err, Error::DuplicateKernel { name, .. } if name == "add"),
        "{err}"
    );
}

/// A version-1 table: only the fields of version 1, alone in an allocation, so that a read
/// of `descriptor_size` would show in valgrind.
#[repr(C)]
struct TableV1 {
    abi_version: u32,
    table_size: u32,
    kernel_count: usize,
    kernels: *const RawDescriptorV1,
}

/// The version-1 layout of a descriptor made by `#[kernel]`.
fn v1(d: &RawDescriptor) -> RawDescriptorV1 {
    RawDescriptorV1 {
        name: d.name,
        name_len: d.name_len,
        kind: d.kind,
        uniform_types: d.uniform_types,
        uniform_count: d.uniform_count,
        input_types: d.input_types,
        input_count: d.input_count,
        output_types: d.output_types,
        output_count: d.output_count,
        entry: d.entry,
    }
}

#[test]
fn a_version_1_table_is_read_with_the_version_1_layout() {
    // On the heap, back to back: a host reading them 96 bytes apart would misread the second
    // and read past the end of the allocation.
    let kernels: Box<[RawDescriptorV1]> = [
        v1(&RawDescriptor::from_kernel(&stdlib::clip::KERNEL)),
        v1(&RawDescriptor::from_kernel(&stdlib::sum::KERNEL)),
    ]
    .into();
    let size = table_size(ABI_VERSION_V1).expect("version 1 loads");
    assert_eq!(size, size_of::<TableV1>());
    let t = Box::new(TableV1 {
        abi_version: ABI_VERSION_V1,
        table_size: size as u32,
        kernel_count: kernels.len(),
        kernels: kernels.as_ptr(),
    });
    let copied = read(ptr::from_ref(&*t).cast()).expect("a version-1 table");
    assert_eq!(copied.len(), 2);
    assert_eq!(*copied[1].descriptor(), *stdlib::sum::KERNEL.descriptor());
    for k in &copied {
        assert_eq!(k.abi_version(), ABI_VERSION_V1);
        assert!(k.combiner().is_none() && k.identity().is_none());
    }
    // A tuple of results needs version 2.
    let tuple: Box<[RawDescriptorV1]> =
        [v1(&RawDescriptor::from_kernel(&stdlib::argmax::KERNEL))].into();
    let t = Box::new(TableV1 {
        abi_version: ABI_VERSION_V1,
        table_size: size as u32,
        kernel_count: 1,
        kernels: tuple.as_ptr(),
    });
    assert_eq!(malformed(ptr::from_ref(&*t).cast()).0, "output_count");
    // A version-2 table must be larger than that.
    let short = Box::new(TableV1 {
        abi_version: ABI_VERSION,
        ..*t
    });
    let (field, reason) = malformed(ptr::from_ref(&*short).cast());
    assert_eq!(field, "table_size");
    assert!(reason.contains("version-2"), "{reason}");
}

#[test]
fn a_version_2_table_keeps_combiners_and_checks_them() {
    let copied = read(&table(&[RawDescriptor::from_kernel(&stdlib::sum::KERNEL)])).expect("ok");
    assert_eq!(copied[0].abi_version(), ABI_VERSION);
    assert_eq!(copied[0].identity(), stdlib::sum::KERNEL.identity());
    assert!(copied[0].combiner().is_some());

    let mut no_combiner = RawDescriptor::from_kernel(&stdlib::sum::KERNEL);
    no_combiner.combine = None;
    assert_eq!(field(no_combiner), "combine");
    let mut elementwise = add();
    elementwise.combine = RawDescriptor::from_kernel(&stdlib::sum::KERNEL).combine;
    assert_eq!(field(elementwise), "combine");
    let mut elementwise = add();
    elementwise.identity[0] = RawScalar { bits: 1 };
    assert_eq!(field(elementwise), "identity");
    // A reduction's identity slots past its results must be zero too.
    let mut extra = RawDescriptor::from_kernel(&stdlib::sum::KERNEL);
    extra.identity[1] = RawScalar { bits: 7 };
    assert_eq!(field(extra), "identity");
}

#[test]
fn a_reduction_to_a_tuple_keeps_every_identity() {
    let d = RawDescriptor::from_kernel(&stdlib::argmax::KERNEL);
    let copied = read(&table(&[d])).expect("ok");
    assert_eq!(copied[0].descriptor().results().len(), 2);
    assert_eq!(copied[0].identities(), stdlib::argmax::KERNEL.identities());
    assert_eq!(copied[0].identity_bits().len(), 2);
}

#[test]
fn the_descriptor_size_of_a_version_2_table_is_checked_and_used() {
    let one = [add()];
    let mut t = table(&one);
    t.descriptor_size = size_of::<RawDescriptor>() - 8;
    assert_eq!(malformed(&t).0, "descriptor_size");
    t.descriptor_size = size_of::<RawDescriptor>() + 4;
    assert_eq!(malformed(&t).0, "descriptor_size");
    // Huge: `index * descriptor_size` would overflow, or leave the library's data.
    t.descriptor_size = usize::MAX - 7;
    assert_eq!(malformed(&t).0, "descriptor_size");
    t.descriptor_size = crate::abi::MAX_DESCRIPTOR_SIZE + 8;
    assert_eq!(malformed(&t).0, "descriptor_size");
    // A later revision's larger descriptors are read at their own distance.
    #[repr(C)]
    struct Larger {
        d: RawDescriptor,
        appended: u64,
    }
    let larger: Box<[Larger]> = [
        Larger {
            d: add(),
            appended: u64::MAX,
        },
        Larger {
            d: RawDescriptor::from_kernel(&stdlib::sum::KERNEL),
            appended: u64::MAX,
        },
    ]
    .into();
    let t = KernelTable {
        kernel_count: 2,
        kernels: larger.as_ptr().cast(),
        descriptor_size: size_of::<Larger>(),
        ..table(&[])
    };
    let names: Vec<_> = read(&t)
        .expect("larger descriptors")
        .iter()
        .map(|k| k.descriptor().name())
        .collect();
    assert_eq!(names, ["add", "sum"]);
}
