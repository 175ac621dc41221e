//! The library side: the table a kernel library exports, and the statics
//! `export_kernels!` builds it from.

use super::{ABI_VERSION, CombineFn, EntryFn, RawScalar};
use crate::element::ElemType;
use crate::kernel::Kernel;

/// The name of the one symbol a kernel library exports: a function of type [`TableFn`].
pub const TABLE_SYMBOL: &str = "hologram_kernel_table";

/// The most uniforms, the most inputs and the most outputs one kernel may declare (each
/// counted separately). A host keeps the pointers of one call in fixed arrays of this size on
/// the stack, so that a dynamic call allocates nothing; a descriptor with more is refused when
/// it is registered or loaded.
pub const MAX_STREAMS: usize = 16;

/// Size of the message buffer a host passes to every dynamic call, in bytes (NUL included).
/// Longer messages are truncated on a character boundary.
pub const MESSAGE_CAPACITY: usize = 256;

/// The most kernels one library may export; a table claiming more is malformed.
pub const MAX_KERNELS: usize = 65_536;

/// The longest kernel name, in bytes.
pub const MAX_NAME_LEN: usize = 256;

/// The largest `descriptor_size` of a version-2 table, in bytes: room for a later revision to
/// append fields to [`RawDescriptor`], and a bound that keeps the descriptors of a table of
/// [`MAX_KERNELS`] inside 256 MiB, so that no offset of a descriptor can overflow.
pub const MAX_DESCRIPTOR_SIZE: usize = 4096;

/// The exported function of a kernel library (`hologram_kernel_table` in the header): returns
/// the library's static [`KernelTable`].
///
/// # Safety
/// Calling it runs code of the library; loading a library means trusting it.
pub type TableFn = unsafe extern "C" fn() -> *const KernelTable;

/// The table a kernel library exports (`hg_kernel_table` in the header).
///
/// Every pointer in it points to data that is immutable and lives as long as the library
/// stays loaded.
///
/// A version-1 table ends before `descriptor_size`, and its `kernels` are laid out as
/// [`RawDescriptorV1`]; the first four fields are the same in both versions.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct KernelTable {
    /// [`ABI_VERSION`] of the library; a host checks it before it reads anything else.
    pub abi_version: u32,
    /// `size_of::<KernelTable>()` as the library knows it. A host refuses a table smaller
    /// than its version's ([`table_size`]); a later revision of the version may append
    /// fields, which older hosts ignore.
    pub table_size: u32,
    /// Number of descriptors at `kernels`.
    pub kernel_count: usize,
    /// `kernel_count` descriptors (may be null when the count is 0), `descriptor_size` bytes
    /// apart (version 2) or laid out as [`RawDescriptorV1`] (version 1).
    pub kernels: *const RawDescriptor,
    /// Version 2: `size_of::<RawDescriptor>()` as the library knows it, the distance between
    /// two descriptors. A host refuses a smaller value, one that is not a multiple of the
    /// descriptor's alignment, and one above [`MAX_DESCRIPTOR_SIZE`]; a later revision of
    /// version 2 may append fields to the descriptor, which older hosts skip over.
    pub descriptor_size: usize,
}

/// The smallest valid `table_size` of a table of ABI version `version`, or `None` for a
/// version no host of this crate reads.
pub const fn table_size(version: u32) -> Option<usize> {
    match version {
        super::ABI_VERSION_V1 => Some(core::mem::offset_of!(KernelTable, descriptor_size)),
        ABI_VERSION => Some(size_of::<KernelTable>()),
        _ => None,
    }
}

/// One kernel of a library's table (`hg_kernel_descriptor` in the header).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct RawDescriptor {
    /// The kernel's name: `name_len` bytes of ASCII letters, digits, `_`, `.`, `-` and `:`,
    /// not NUL-terminated.
    pub name: *const u8,
    /// Length of the name in bytes, 1 to [`MAX_NAME_LEN`].
    pub name_len: usize,
    /// [`KernelKind`](crate::KernelKind) code: 1 elementwise, 2 reduce, or
    /// [`KIND_ELEMENTWISE_WHOLE`](super::KIND_ELEMENTWISE_WHOLE) (3) for an elementwise-shaped kernel over the whole stream.
    pub kind: u32,
    /// `uniform_count` [`ElemType`] codes.
    pub uniform_types: *const u32,
    /// Number of uniforms, at most [`MAX_STREAMS`].
    pub uniform_count: usize,
    /// `input_count` element-type codes.
    pub input_types: *const u32,
    /// Number of input streams, 1 to [`MAX_STREAMS`].
    pub input_count: usize,
    /// `output_count` element-type codes: one per output stream (elementwise), or one per
    /// component of the result (reduce: 1 for one value, more for a tuple).
    pub output_types: *const u32,
    /// Elementwise: 1 to [`MAX_STREAMS`] outputs. Reduce: 1 to [`MAX_STREAMS`] result
    /// components (version 1: exactly 1).
    pub output_count: usize,
    /// The entry point; never null in a valid table.
    pub entry: Option<EntryFn>,
    /// Version 2. Reduce: the combiner, which joins two partial results (never null in a
    /// valid table), so that a host can fold the blocks of a long stream on several threads.
    /// For a tuple it joins whole tuples: `output_count` values each. Elementwise: null.
    pub combine: Option<CombineFn>,
    /// Version 2. Reduce: `identity[k]` is component `k`'s value of an empty reduction,
    /// holding the field of its type (for a float `add`, `+0.0`), for `k < output_count`;
    /// the other entries are all bytes zero. Elementwise: all bytes zero.
    pub identity: [RawScalar; MAX_STREAMS],
}

/// One kernel of a version-1 table: [`RawDescriptor`] without the fields version 2
/// appended. A host reads the descriptors of a version-1 library with this layout.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct RawDescriptorV1 {
    /// As [`RawDescriptor::name`].
    pub name: *const u8,
    /// As [`RawDescriptor::name_len`].
    pub name_len: usize,
    /// As [`RawDescriptor::kind`].
    pub kind: u32,
    /// As [`RawDescriptor::uniform_types`].
    pub uniform_types: *const u32,
    /// As [`RawDescriptor::uniform_count`].
    pub uniform_count: usize,
    /// As [`RawDescriptor::input_types`].
    pub input_types: *const u32,
    /// As [`RawDescriptor::input_count`].
    pub input_count: usize,
    /// As [`RawDescriptor::output_types`].
    pub output_types: *const u32,
    /// As [`RawDescriptor::output_count`].
    pub output_count: usize,
    /// As [`RawDescriptor::entry`].
    pub entry: Option<EntryFn>,
}

impl RawDescriptorV1 {
    /// The same kernel in the layout of version 2, without a combiner and with a zero
    /// identity: what a version-1 kernel has.
    pub const fn upgrade(&self) -> RawDescriptor {
        RawDescriptor {
            name: self.name,
            name_len: self.name_len,
            kind: self.kind,
            uniform_types: self.uniform_types,
            uniform_count: self.uniform_count,
            input_types: self.input_types,
            input_count: self.input_count,
            output_types: self.output_types,
            output_count: self.output_count,
            entry: self.entry,
            combine: None,
            identity: [RawScalar { bits: 0 }; MAX_STREAMS],
        }
    }
}

// Version 2 only appended fields: the version-1 descriptor is a prefix of the version-2 one.
const _: () = assert!(
    core::mem::offset_of!(RawDescriptor, entry) == core::mem::offset_of!(RawDescriptorV1, entry)
        && core::mem::offset_of!(RawDescriptor, combine) == size_of::<RawDescriptorV1>()
);

impl RawDescriptor {
    /// The descriptor of a kernel defined with `#[kernel]`: every pointer points into
    /// `'static` data of the kernel.
    #[allow(
        clippy::indexing_slicing,
        reason = "k < ids.len() and k < MAX_STREAMS, checked in the loop; a const fn, where \
                  `get_mut` is not usable"
    )]
    pub const fn from_kernel(kernel: &Kernel) -> RawDescriptor {
        let d = kernel.descriptor();
        let mut identity = [RawScalar { bits: 0 }; MAX_STREAMS];
        let ids = kernel.identity_bits();
        let mut k = 0;
        while k < ids.len() && k < MAX_STREAMS {
            identity[k] = RawScalar { bits: ids[k] };
            k += 1;
        }
        RawDescriptor {
            name: d.name().as_ptr(),
            name_len: d.name().len(),
            kind: d.kind_code(),
            uniform_types: d.uniforms().as_ptr().cast::<u32>(),
            uniform_count: d.uniforms().len(),
            input_types: d.inputs().as_ptr().cast::<u32>(),
            input_count: d.inputs().len(),
            output_types: d.outputs().as_ptr().cast::<u32>(),
            output_count: d.outputs().len(),
            entry: Some(kernel.entry()),
            combine: kernel.combiner(),
            identity,
        }
    }
}

// `ElemType` is `#[repr(u32)]`, so `&[ElemType]` can be read from C as `const uint32_t *`.
const _: () = assert!(size_of::<ElemType>() == size_of::<u32>());
const _: () = assert!(align_of::<ElemType>() == align_of::<u32>());

/// A table or descriptor array in a `static` of a kernel library, made by
/// [`export_kernels!`](crate::export_kernels). Not for use by hand.
///
/// Raw pointers are not `Sync`, so neither are [`KernelTable`] and [`RawDescriptor`]; this
/// wrapper is, and it can only be built by the two constructors below.
#[doc(hidden)]
#[derive(Debug)]
pub struct ExportStatic<T>(T);

// SAFETY: the only constructors are `descriptors`, which points into the `'static`,
// immutable descriptors of `#[kernel]` kernels, and `table`, which points at a `'static`
// `ExportStatic` of such descriptors. All of it is immutable (no interior mutability, no
// method that writes), so sharing it between threads only ever shares reads.
unsafe impl<T> Sync for ExportStatic<T> {}

impl<const N: usize> ExportStatic<[RawDescriptor; N]> {
    /// The descriptors of `kernels`, which must hold exactly `N` kernels with distinct
    /// names, each within [`MAX_STREAMS`]; a violation is a compile error in a `static`.
    #[allow(
        clippy::indexing_slicing,
        reason = "indices stay below N, which the first assert makes kernels.len(); this const \
                  fn runs when a library is compiled, and `slice::get` is not const"
    )]
    pub const fn descriptors(kernels: &[Kernel]) -> Self {
        assert!(kernels.len() == N, "export_kernels!: kernel count mismatch");
        let empty = RawDescriptor {
            name: core::ptr::null(),
            name_len: 0,
            kind: 0,
            uniform_types: core::ptr::null(),
            uniform_count: 0,
            input_types: core::ptr::null(),
            input_count: 0,
            output_types: core::ptr::null(),
            output_count: 0,
            entry: None,
            combine: None,
            identity: [RawScalar { bits: 0 }; MAX_STREAMS],
        };
        let mut out = [empty; N];
        let mut i = 0;
        while i < N {
            let d = kernels[i].descriptor();
            assert!(
                d.uniforms().len() <= MAX_STREAMS
                    && d.inputs().len() <= MAX_STREAMS
                    && d.outputs().len() <= MAX_STREAMS,
                "export_kernels!: a kernel has more than MAX_STREAMS (16) uniforms, inputs or \
                 outputs; a host would refuse the library"
            );
            let mut j = 0;
            while j < i {
                assert!(
                    !const_str_eq(d.name(), kernels[j].descriptor().name()),
                    "export_kernels!: two kernels have the same name; give one of them \
                     another with #[kernel(name = \"...\")]"
                );
                j += 1;
            }
            out[i] = RawDescriptor::from_kernel(&kernels[i]);
            i += 1;
        }
        ExportStatic(out)
    }
}

impl ExportStatic<KernelTable> {
    /// The table over `descriptors`.
    pub const fn table<const N: usize>(
        descriptors: &'static ExportStatic<[RawDescriptor; N]>,
    ) -> Self {
        ExportStatic(KernelTable {
            abi_version: ABI_VERSION,
            // Lossless: the table is a few dozen bytes, which the assertion below checks at
            // compile time, and `u32::try_from` is not usable in a `const fn`.
            table_size: size_of::<KernelTable>() as u32,
            kernel_count: N,
            kernels: descriptors.0.as_ptr(),
            descriptor_size: size_of::<RawDescriptor>(),
        })
    }

    /// The pointer the exported table function returns.
    pub const fn as_ptr(&'static self) -> *const KernelTable {
        &self.0
    }
}

const _: () = assert!(size_of::<KernelTable>() <= u32::MAX as usize);

#[allow(
    clippy::indexing_slicing,
    reason = "i < a.len() == b.len(), checked first; runs at compile time, where `get` is not \
              const"
)]
const fn const_str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}
