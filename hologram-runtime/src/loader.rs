//! Loading kernel libraries: open, verify, all or nothing.
//!
//! [`load`] opens a library, checks the ABI version first, then the table and every
//! descriptor, and only then returns handles; a library that fails any check is closed again
//! and nothing of it is registered. Descriptors are copied out of the library (names and type
//! lists are interned for the life of the process), so a [`KernelDescriptor`] stays valid
//! after its library is unloaded; the entry pointers are only reachable through a
//! [`KernelRef`], which holds the library.
//!
//! Each failure has its own [`Error`] variant, with the path and the reason.
//!
//! Tables of ABI version 1 and 2 load. A version-1 table is read with the layout of
//! [`RawDescriptorV1`], and its kernels record their version, so that a host never passes
//! them strides and folds their reductions in one call (they have no combiner).

use crate::abi::{
    ABI_VERSION, ABI_VERSION_V1, KIND_ELEMENTWISE_WHOLE, KernelTable, MAX_DESCRIPTOR_SIZE,
    MAX_KERNELS, MAX_NAME_LEN, MAX_STREAMS, RawDescriptor, RawDescriptorV1, TABLE_SYMBOL, TableFn,
    table_size,
};
use crate::element::ElemType;
use crate::error::Error;
use crate::kernel::{Kernel, KernelDescriptor, KernelKind};
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

/// An open kernel library. Dropping the last `Arc` of it closes it.
pub(crate) struct Library {
    path: PathBuf,
    // Never read: it exists to keep the library mapped.
    _handle: libloading::Library,
}

impl Library {
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

/// A verified library and its kernels, in table order.
pub(crate) struct Loaded {
    /// The library, which must stay loaded as long as any of its kernels may be called.
    pub(crate) library: Arc<Library>,
    /// Its kernels, whose entry points point into `library`.
    pub(crate) kernels: Vec<Kernel>,
}

/// Opens and verifies the library at `path`.
pub(crate) fn load(path: &Path) -> Result<Loaded, Error> {
    check_file(path)?;
    let handle = open(path)?;
    let table = table_fn(path, &handle)?;
    // SAFETY: `table` is the library's `hologram_kernel_table`, which the ABI defines as a
    // function without arguments returning a pointer to its table. Loading a library means
    // trusting its code to follow the ABI it exports.
    let table = unsafe { table() };
    // SAFETY: by the ABI, a non-null `table` points to a table and descriptors that live as
    // long as the library, which `handle` keeps loaded until after `read_table` returns.
    let kernels = unsafe { read_table(path, table) }?;
    let library = Arc::new(Library {
        path: path.to_path_buf(),
        _handle: handle,
    });
    Ok(Loaded { library, kernels })
}

/// The files of `dir` with the platform's library suffix, sorted by name.
pub(crate) fn library_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let unreadable = |e: std::io::Error| Error::UnreadableDirectory {
        path: dir.to_path_buf(),
        reason: e.to_string(),
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let path = entry.map_err(unreadable)?.path();
        let is_library = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(std::env::consts::DLL_SUFFIX));
        if is_library && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Refuses what `dlopen` should never see: nothing there, a directory, a file anyone may
/// write.
fn check_file(path: &Path) -> Result<(), Error> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::LibraryNotFound {
            path: path.to_path_buf(),
            reason: e.to_string(),
        },
        _ => Error::not_a_library(path, e),
    })?;
    if meta.is_dir() {
        return Err(Error::not_a_library(
            path,
            "it is a directory; pass a library file, or call Registry::load_dir",
        ));
    }
    if !meta.is_file() {
        return Err(Error::not_a_library(path, "it is not a regular file"));
    }
    check_permissions(path, &meta)?;
    check_elf_extent(path, meta.len())
}

/// Refuses an ELF file that is shorter than its own program headers say, such as a
/// truncated copy: `dlopen` maps such a file and then crashes the process with `SIGBUS` when
/// it touches a page past the end. Files that are not ELF are left to `dlopen`.
fn check_elf_extent(path: &Path, file_len: u64) -> Result<(), Error> {
    use std::io::{Read, Seek, SeekFrom};
    let truncated = |reason: String| {
        Error::not_a_library(
            path,
            format!("the file is truncated: {reason}; rebuild it or copy it again"),
        )
    };
    let Ok(mut file) = std::fs::File::open(path) else {
        return Ok(()); // dlopen reports why
    };
    let mut head = Vec::new();
    if (&mut file).take(64).read_to_end(&mut head).is_err() || !head.starts_with(b"\x7fELF") {
        return Ok(());
    }
    let (wide, big) = (head.get(4) == Some(&2), head.get(5) == Some(&2));
    let header_len = if wide { 64 } else { 52 };
    if head.len() < header_len {
        return Err(truncated(format!("an ELF header needs {header_len} bytes")));
    }
    let (phoff, phentsize, phnum) = if wide {
        (
            uint(&head, 0x20..0x28, big),
            uint(&head, 0x36..0x38, big),
            uint(&head, 0x38..0x3a, big),
        )
    } else {
        (
            uint(&head, 0x1c..0x20, big),
            uint(&head, 0x2a..0x2c, big),
            uint(&head, 0x2c..0x2e, big),
        )
    };
    let table_len = phentsize.saturating_mul(phnum);
    let table_end = phoff.saturating_add(table_len);
    if table_end > file_len {
        return Err(truncated(format!(
            "its program headers end at byte {table_end} but it has {file_len} bytes"
        )));
    }
    let mut table = Vec::new();
    let read = file
        .seek(SeekFrom::Start(phoff))
        .and_then(|_| file.take(table_len).read_to_end(&mut table));
    let entry_len = usize::try_from(phentsize).unwrap_or(0);
    if read.is_err() || entry_len < if wide { 40 } else { 20 } {
        return Ok(()); // not something dlopen will map; let it say so
    }
    for entry in table.chunks_exact(entry_len) {
        let (offset, filesz) = if wide {
            (uint(entry, 8..16, big), uint(entry, 32..40, big))
        } else {
            (uint(entry, 4..8, big), uint(entry, 16..20, big))
        };
        let end = offset.saturating_add(filesz);
        if end > file_len {
            return Err(truncated(format!(
                "a segment ends at byte {end} but the file has {file_len} bytes"
            )));
        }
    }
    Ok(())
}

/// The unsigned integer of up to 8 bytes at `range` of `bytes`, in the given byte order.
/// Callers check that `bytes` is long enough; a range past its end reads as 0, not a panic.
fn uint(bytes: &[u8], range: core::ops::Range<usize>, big_endian: bool) -> u64 {
    let bytes = bytes.get(range).unwrap_or_default();
    let fold = |acc: u64, b: &u8| (acc << 8) | u64::from(*b);
    if big_endian {
        bytes.iter().fold(0, fold)
    } else {
        bytes.iter().rev().fold(0, fold)
    }
}

#[cfg(unix)]
fn check_permissions(path: &Path, meta: &std::fs::Metadata) -> Result<(), Error> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o7777;
    let who = match (mode & 0o020 != 0, mode & 0o002 != 0) {
        (false, false) => return Ok(()),
        (true, false) => "group",
        (false, true) => "others",
        (true, true) => "group and others",
    };
    Err(Error::InsecureLibraryPermissions {
        path: path.to_path_buf(),
        mode,
        who,
    })
}

#[cfg(not(unix))]
fn check_permissions(_: &Path, _: &std::fs::Metadata) -> Result<(), Error> {
    Ok(())
}

fn open(path: &Path) -> Result<libloading::Library, Error> {
    // A bare file name would make dlopen search the system's library path: anchor it.
    let anchored;
    let path_for_open = if path.components().count() == 1 && path.is_relative() {
        anchored = Path::new(".").join(path);
        &anchored
    } else {
        path
    };
    let opened = {
        #[cfg(unix)]
        {
            use libloading::os::unix::{Library, RTLD_LOCAL, RTLD_NOW};
            // SAFETY: opening a library runs its initialisers, which is the trust the caller
            // of `Registry::load_library` extends to the library (documented there).
            unsafe { Library::open(Some(path_for_open.as_os_str()), RTLD_NOW | RTLD_LOCAL) }
                .map(libloading::Library::from)
        }
        #[cfg(not(unix))]
        {
            // SAFETY: as above.
            unsafe { libloading::Library::new(path_for_open.as_os_str()) }
        }
    };
    opened.map_err(|e| Error::not_a_library(path, dl_reason(&e, path_for_open.as_os_str())))
}

/// The dynamic loader's own message, without libloading's wrapper text and without the path
/// it starts with (the error names the path already).
fn dl_reason(e: &libloading::Error, path: &std::ffi::OsStr) -> String {
    use std::error::Error as _;
    let text = e
        .source()
        .map_or_else(|| e.to_string(), ToString::to_string);
    let prefix = format!("{}: ", path.to_string_lossy());
    text.strip_prefix(&prefix)
        .map_or_else(|| text.clone(), str::to_owned)
}

fn table_fn(path: &Path, lib: &libloading::Library) -> Result<TableFn, Error> {
    let symbol = format!("{TABLE_SYMBOL}\0");
    // SAFETY: the ABI fixes the symbol's type as `TableFn`. The copied-out pointer is used
    // only while `lib` is loaded: `load` calls it before moving `lib` into the `Library`.
    let found = unsafe { lib.get::<TableFn>(symbol.as_bytes()) };
    found.map(|s| *s).map_err(|_| Error::MissingEntrySymbol {
        path: path.to_path_buf(),
        symbol: TABLE_SYMBOL,
    })
}

/// Checks the table at `table` and copies out every descriptor.
///
/// # Safety
/// `table` must be null or point to memory laid out as the ABI says (a table, its
/// descriptors, names and type lists) that stays valid until this returns. Only what cannot
/// be checked is assumed: null pointers, misalignment, counts, codes and text are checked.
unsafe fn read_table(path: &Path, table: *const KernelTable) -> Result<Vec<Kernel>, Error> {
    let malformed = |field, reason: String| Error::MalformedTable {
        path: path.to_path_buf(),
        field,
        reason,
    };
    if table.is_null() {
        return Err(malformed(
            "hologram_kernel_table()",
            "returned a null pointer".into(),
        ));
    }
    if !table.is_aligned() {
        return Err(malformed(
            "hologram_kernel_table()",
            "returned a misaligned pointer".into(),
        ));
    }
    // SAFETY: `table` is non-null and aligned and, by the caller, points to a table; the
    // version is its first field in every version of the ABI, so it is read alone first.
    let version = unsafe { (&raw const (*table).abi_version).read() };
    let Some(ours) = table_size(version) else {
        return Err(Error::AbiVersionMismatch {
            path: path.to_path_buf(),
            found: version,
            expected: ABI_VERSION,
        });
    };
    // SAFETY: as above; `table_size` follows the version in every version.
    let size = unsafe { (&raw const (*table).table_size).read() };
    // A `u32` always fits a `usize` on the targets Rust's std supports for dlopen (32 and 64
    // bits); `try_from` states it without a cast that could truncate.
    if usize::try_from(size).is_ok_and(|size| size < ours) {
        return Err(malformed(
            "table_size",
            format!("is {size} bytes, less than the {ours} bytes of a version-{version} table"),
        ));
    }
    // SAFETY: the table is at least as large as its version's (checked above), and the
    // fields read here are in every version.
    let (kernel_count, kernels) = unsafe {
        (
            (&raw const (*table).kernel_count).read(),
            (&raw const (*table).kernels).read().cast::<u8>(),
        )
    };
    let stride = if version == ABI_VERSION_V1 {
        size_of::<RawDescriptorV1>()
    } else {
        // SAFETY: as above: a version-2 table is large enough to hold `descriptor_size`.
        let stride = unsafe { (&raw const (*table).descriptor_size).read() };
        let ours = size_of::<RawDescriptor>();
        let align = align_of::<RawDescriptor>();
        if !(ours..=MAX_DESCRIPTOR_SIZE).contains(&stride) || !stride.is_multiple_of(align) {
            return Err(malformed(
                "descriptor_size",
                format!(
                    "is {stride} bytes; a version-{version} descriptor has {ours} to \
                     {MAX_DESCRIPTOR_SIZE}, a multiple of {align}"
                ),
            ));
        }
        stride
    };
    if kernel_count > MAX_KERNELS {
        return Err(malformed(
            "kernel_count",
            format!("is {kernel_count}, more than the limit of {MAX_KERNELS}"),
        ));
    }
    if kernel_count > 0 && (kernels.is_null() || !kernels.cast::<RawDescriptor>().is_aligned()) {
        return Err(malformed(
            "kernels",
            format!("is null or misaligned but kernel_count is {kernel_count}"),
        ));
    }
    let mut out = Vec::with_capacity(kernel_count);
    let mut names = BTreeSet::new();
    for index in 0..kernel_count {
        // SAFETY: `kernels` is non-null, aligned, and by the caller points to `kernel_count`
        // descriptors of the table's version, `stride` bytes apart (a multiple of the
        // alignment, at most MAX_DESCRIPTOR_SIZE, checked above, so `index * stride` stays
        // below 256 MiB); `index` is in range.
        let raw = unsafe {
            let at = kernels.add(index * stride);
            if version == ABI_VERSION_V1 {
                at.cast::<RawDescriptorV1>().read().upgrade()
            } else {
                at.cast::<RawDescriptor>().read()
            }
        };
        // SAFETY: by the caller, the descriptor's pointers are valid as the ABI says.
        let kernel = unsafe { read_descriptor(path, index, version, &raw) }?;
        let name = kernel.descriptor().name();
        if !names.insert(name) {
            return Err(Error::duplicate_kernel(name, Some(path), Some(path)));
        }
        out.push(kernel);
    }
    Ok(out)
}

/// Checks one descriptor of a table of ABI `version` and copies it out (a version-1
/// descriptor comes upgraded, without combiner).
///
/// # Safety
/// Non-null pointers of `raw` must point to as many valid elements as its counts say (after
/// the counts are checked against their limits), for the duration of the call.
unsafe fn read_descriptor(
    path: &Path,
    index: usize,
    version: u32,
    raw: &RawDescriptor,
) -> Result<Kernel, Error> {
    let unnamed = |field, reason: String| {
        Error::malformed_descriptor(Some(path), Some(index), None, field, reason)
    };
    // SAFETY: passed on from our caller.
    let name = unsafe { read_name(raw) }.map_err(|reason| unnamed("name", reason))?;
    let malformed = |field, reason: String| {
        Error::malformed_descriptor(Some(path), Some(index), Some(name), field, reason)
    };
    let (kind, whole_stream) = match raw.kind {
        1 => (KernelKind::Elementwise, false),
        2 => (KernelKind::Reduce, false),
        KIND_ELEMENTWISE_WHOLE => (KernelKind::Elementwise, true),
        other => {
            return Err(malformed(
                "kind",
                format!(
                    "is {other}, not a kind code (1 elementwise, 2 reduce, 3 elementwise over \
                     the whole stream)"
                ),
            ));
        }
    };
    let known: &[ElemType] = if version == ABI_VERSION_V1 {
        &ElemType::V1
    } else {
        &ElemType::ALL
    };
    let types = |ptr, count| {
        // SAFETY: passed on from our caller.
        unsafe { read_types(ptr, count, known) }
    };
    let uniforms = types(raw.uniform_types, raw.uniform_count)
        .map_err(|reason| malformed("uniform_types", reason))?;
    let inputs = types(raw.input_types, raw.input_count)
        .map_err(|reason| malformed("input_types", reason))?;
    let outputs = types(raw.output_types, raw.output_count)
        .map_err(|reason| malformed("output_types", reason))?;
    let Some(entry) = raw.entry else {
        return Err(malformed("entry", "is null".into()));
    };
    let d = KernelDescriptor::new(name, kind, uniforms, inputs, outputs);
    let d = if whole_stream { d.whole_stream() } else { d };
    d.check_shape()
        .map_err(|e| malformed(e.field(), e.to_string()))?;
    let kernel = Kernel::new(d, entry).with_abi_version(version);
    if version == ABI_VERSION_V1 {
        if kind == KernelKind::Reduce && outputs.len() != 1 {
            return Err(malformed(
                "output_count",
                format!(
                    "is {}; a version-1 reduction has exactly 1 result type (a tuple of \
                     results needs version 2)",
                    outputs.len()
                ),
            ));
        }
        return Ok(kernel);
    }
    let bits: [u64; MAX_STREAMS] = raw.identity.map(|r| {
        // SAFETY: every bit pattern of the 8 bytes is a valid `u64`, and the library's static
        // data is initialised memory.
        unsafe { r.bits }
    });
    let results = match kind {
        KernelKind::Reduce => d.outputs().len(),
        KernelKind::Elementwise => 0,
    };
    if let Some(k) = (results..MAX_STREAMS).find(|&k| bits.get(k).is_some_and(|&b| b != 0)) {
        return Err(malformed(
            "identity",
            format!(
                "has entry {k} set, past the kernel's {results} result types; only a \
                 reduction's results have identities, and the other entries are zero"
            ),
        ));
    }
    let identity = intern_bits(bits.get(..results).unwrap_or(&[]));
    match (kind, raw.combine) {
        (KernelKind::Reduce, Some(combine)) => Ok(kernel.with_reduction(combine, identity)),
        (KernelKind::Reduce, None) => Err(malformed(
            "combine",
            format!(
                "is null; a reduction of version {version} has a combiner (use \
                 HG_REDUCE_KERNEL), or build the library for version 1"
            ),
        )),
        (KernelKind::Elementwise, Some(_)) => Err(malformed(
            "combine",
            "is set on an elementwise kernel; only a reduction has a combiner".into(),
        )),
        (KernelKind::Elementwise, None) => Ok(kernel),
    }
}

/// # Safety
/// A non-null `raw.name` must point to `raw.name_len` readable bytes (once the length is
/// within [`MAX_NAME_LEN`]).
unsafe fn read_name(raw: &RawDescriptor) -> Result<&'static str, String> {
    if raw.name.is_null() {
        return Err("is null".into());
    }
    if raw.name_len == 0 || raw.name_len > MAX_NAME_LEN {
        return Err(format!(
            "has length {}; a name has 1 to {MAX_NAME_LEN} bytes",
            raw.name_len
        ));
    }
    // SAFETY: non-null, and by the caller valid for `name_len` bytes; u8 needs no alignment.
    let bytes = unsafe { core::slice::from_raw_parts(raw.name, raw.name_len) };
    let allowed = |b: &u8| b.is_ascii_alphanumeric() || b"_.-:".contains(b);
    if !bytes.iter().all(allowed) {
        return Err(format!(
            "is {:?}; a name uses only ASCII letters, digits, `_`, `.`, `-` and `:`, as \
             #[kernel(name = ...)] does",
            String::from_utf8_lossy(bytes)
        ));
    }
    // All ASCII (checked above), so this cannot fail.
    let name = core::str::from_utf8(bytes).map_err(|e| format!("is not UTF-8 ({e})"))?;
    Ok(intern_name(name))
}

/// Reads `count` type codes, each of which must be the code of one of `known` (the types of
/// the table's ABI version: version 1 knows codes 1 to 6).
///
/// # Safety
/// A non-null `ptr` must point to `count` readable `u32`s (once `count` is within
/// [`MAX_STREAMS`]).
unsafe fn read_types(
    ptr: *const u32,
    count: usize,
    known: &[ElemType],
) -> Result<&'static [ElemType], String> {
    let mut buffer = [ElemType::F32; MAX_STREAMS];
    let Some(types) = buffer.get_mut(..count) else {
        return Err(format!(
            "has {count} entries, more than MAX_STREAMS ({MAX_STREAMS})"
        ));
    };
    if count == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() || !ptr.is_aligned() {
        return Err(format!("is null or misaligned but holds {count} entries"));
    }
    for (i, slot) in types.iter_mut().enumerate() {
        // SAFETY: non-null, aligned, and by the caller valid for `count` u32s; `i < count`.
        let code = unsafe { ptr.add(i).read() };
        *slot = ElemType::from_code(code)
            .filter(|t| known.contains(t))
            .ok_or_else(|| {
                let codes: Vec<String> =
                    known.iter().map(|t| format!("{} {t}", t.code())).collect();
                format!(
                    "entry {i} is {code}, not a type code of this ABI version ({})",
                    codes.join(", ")
                )
            })?;
    }
    Ok(intern_types(types))
}

/// Names of loaded kernels, kept for the life of the process so that descriptors are
/// `'static` whatever happens to their library. Each distinct name is stored once.
static NAMES: LazyLock<Mutex<HashSet<&'static str>>> = LazyLock::new(Mutex::default);

/// Type lists of loaded kernels, likewise.
static TYPES: LazyLock<Mutex<HashSet<&'static [ElemType]>>> = LazyLock::new(Mutex::default);

fn intern_name(name: &str) -> &'static str {
    let mut set = NAMES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&s) = set.get(name) {
        return s;
    }
    let s: &'static str = Box::leak(name.into());
    set.insert(s);
    s
}

/// Identities of loaded reductions, likewise.
static BITS: LazyLock<Mutex<HashSet<&'static [u64]>>> = LazyLock::new(Mutex::default);

fn intern_bits(bits: &[u64]) -> &'static [u64] {
    if bits.is_empty() {
        return &[];
    }
    let mut set = BITS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&s) = set.get(bits) {
        return s;
    }
    let s: &'static [u64] = Box::leak(bits.into());
    set.insert(s);
    s
}

fn intern_types(types: &[ElemType]) -> &'static [ElemType] {
    let mut set = TYPES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&s) = set.get(types) {
        return s;
    }
    let s: &'static [ElemType] = Box::leak(types.into());
    set.insert(s);
    s
}

#[cfg(test)]
mod tests;
