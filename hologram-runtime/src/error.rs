//! The one error type of Hologram.

use crate::element::ElemType;
use crate::kernel::KernelKind;
use std::fmt;
use std::path::{Path, PathBuf};

/// Everything that can go wrong in Hologram, one variant per failure.
///
/// Each message says what happened and what to change. The type is `#[non_exhaustive]`:
/// match the variants you handle and keep a `_` arm.
///
/// A call that returns an error other than [`Error::KernelPanicked`] or
/// [`Error::KernelFailed`] has changed nothing: no output was written and no class memory was
/// taken or released.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Two streams of one kernel call have different lengths.
    #[error(
        "kernel `{kernel}`: `{stream}` has {found} elements but `{reference}` has {expected}; \
         every input and output of one call must have the same length"
    )]
    LengthMismatch {
        /// The kernel's name.
        kernel: String,
        /// The stream whose length is off: its parameter name (`y`, `out`), or its position
        /// (`input 1`, `output 0`) in a call by name.
        stream: String,
        /// Its length.
        found: usize,
        /// The stream the others are measured against, named the same way.
        reference: String,
        /// The reference stream's length.
        expected: usize,
    },

    /// An array of a kernel call does not fit the call's shape: an input that does not
    /// broadcast to it, or an output whose shape is not exactly it.
    #[error(
        "kernel `{kernel}`: `{stream}` has shape {shape:?}, which does not fit {expected:?}; \
         inputs broadcast under numpy's rules (shapes aligned at the end, each dimension equal \
         or 1) and every output must have the call's shape exactly"
    )]
    ShapeMismatch {
        /// The kernel's name.
        kernel: String,
        /// The array: its parameter name (`bias`, `out`), or its position (`input 1`) in a
        /// call by name.
        stream: String,
        /// Its shape.
        shape: Vec<usize>,
        /// The shape it had to fit: the outputs' shape (elementwise), the inputs' broadcast
        /// shape (reductions), or that shape without the axis (`along`'s output).
        expected: Vec<usize>,
    },

    /// An `along` call named an axis the arrays do not have.
    #[error(
        "kernel `{kernel}`: axis {axis} is out of range for arrays of {rank} dimensions; \
         pass an axis below {rank}"
    )]
    AxisOutOfRange {
        /// The kernel's name.
        kernel: String,
        /// The axis passed.
        axis: usize,
        /// The dimensions of the (broadcast) inputs.
        rank: usize,
    },

    /// An array has more dimensions than [`MAX_RANK`](crate::array::MAX_RANK).
    #[error(
        "kernel `{kernel}`: `{stream}` has {rank} dimensions, more than the {max} a call \
         takes; reshape it to fewer dimensions"
    )]
    TooManyDimensions {
        /// The kernel's name.
        kernel: String,
        /// The array, named as in [`Error::ShapeMismatch`].
        stream: String,
        /// Its dimensions.
        rank: usize,
        /// [`MAX_RANK`](crate::array::MAX_RANK).
        max: usize,
    },

    /// `View::strided`, `ViewMut::strided` or `with_shape` was given a layout that does not
    /// fit its data.
    #[error(
        "invalid view: shape {shape:?} with strides {strides:?} from element {offset} of \
         {len} elements: {reason}"
    )]
    InvalidView {
        /// The shape asked for.
        shape: Vec<usize>,
        /// The element strides asked for.
        strides: Vec<isize>,
        /// The first element's index in the data.
        offset: usize,
        /// Elements in the data.
        len: usize,
        /// What is wrong.
        reason: String,
    },

    /// A raw strided call ([`KernelRef::run_strided`](crate::KernelRef::run_strided),
    /// [`KernelRef::reduce_strided`](crate::KernelRef::reduce_strided)) was given a byte
    /// stride the C ABI forbids: one that is not a multiple of the element's size, or 0 on an
    /// output of more than one element.
    #[error(
        "kernel `{kernel}`: {stream} has a byte stride of {stride}, which {reason}; pass a \
         multiple of the element size, and a nonzero stride for every output of more than \
         one element (copy such a stream to a contiguous buffer first)"
    )]
    InvalidStride {
        /// The kernel's name.
        kernel: String,
        /// Which stream, e.g. ``input 1`` or ``output 0``.
        stream: String,
        /// The byte stride passed.
        stride: isize,
        /// What is wrong with it.
        reason: String,
    },

    /// [`Executor::write`](crate::Executor::write) was given data of another length than the
    /// buffer's.
    #[error(
        "Executor::write: the data has {found} elements but the buffer holds {expected}; \
         pass exactly as many elements as the buffer holds (Executor::alloc_from makes a \
         buffer to fit)"
    )]
    WrongDataLength {
        /// Elements in the data.
        found: usize,
        /// Elements in the buffer.
        expected: usize,
    },

    /// Bytes offered as a `bool` stream ([`bools`](crate::bools),
    /// [`bools_mut`](crate::bools_mut)) hold a byte other than 0 or 1.
    #[error(
        "byte {index} of a bool stream is {byte}, not 0 or 1; a bool is one byte, 0 (false) \
         or 1 (true): turn other data into bools first (e.g. `byte != 0`)"
    )]
    InvalidBool {
        /// The index of the first such byte.
        index: usize,
        /// Its value.
        byte: u8,
    },

    /// No run of free classes is long enough for the requested buffer.
    #[error(
        "out of class memory: {requested_bytes} bytes need {classes_needed} contiguous \
         classes of {class_bytes} bytes, but the longest free run is {largest_free_run} \
         ({free_classes} of {class_count} classes free); {advice}",
        advice = out_of_memory_advice(
            *requested_bytes, *classes_needed, *free_classes, *class_count, *class_bytes
        )
    )]
    OutOfClassMemory {
        /// Bytes the buffer needs.
        requested_bytes: usize,
        /// Contiguous classes that takes.
        classes_needed: usize,
        /// Classes free in all.
        free_classes: usize,
        /// Longest run of contiguous free classes.
        largest_free_run: usize,
        /// Size of one class in bytes.
        class_bytes: usize,
        /// Classes of the executor in all.
        class_count: usize,
    },

    /// A buffer handle whose buffer was freed (a use after free, or a double free).
    #[error(
        "stale buffer: the Buffer<{elem}> of {len} elements at class {class} (generation \
         {generation}) was freed and its classes may hold other data now; stop using a \
         handle after Executor::free"
    )]
    StaleBuffer {
        /// The handle's element type.
        elem: &'static str,
        /// The handle's length.
        len: usize,
        /// The handle's first class.
        class: usize,
        /// The allocation the handle names.
        generation: u64,
    },

    /// A buffer handle that belongs to another executor.
    #[error(
        "foreign buffer: the Buffer<{elem}> of {len} elements at class {class} belongs to \
         executor #{owner}, not to executor #{this}; pass each buffer to the executor that \
         allocated it"
    )]
    ForeignBuffer {
        /// The handle's element type.
        elem: &'static str,
        /// The handle's length.
        len: usize,
        /// The handle's first class.
        class: usize,
        /// The id of the executor that made it.
        owner: u64,
        /// The id of the executor it was passed to.
        this: u64,
    },

    /// Two outputs of one kernel call are the same buffer.
    #[error(
        "kernel `{kernel}`: outputs `{first}` and `{second}` are the same buffer; \
         give every output its own buffer (an output may share a buffer with an input)"
    )]
    AliasedOutputs {
        /// The kernel's name.
        kernel: String,
        /// The first output: its parameter name (`out0`), or its position (`output 0`) in a
        /// call by name.
        first: String,
        /// The second output, named the same way.
        second: String,
    },

    /// `Executor::with_classes` was given a size it cannot honour.
    #[error("invalid class memory layout: {reason}")]
    InvalidClassLayout {
        /// What is wrong and how to fix it.
        reason: String,
    },

    /// The operating system refused the class-memory allocation.
    #[error("could not allocate {bytes} bytes of class memory; ask for fewer or smaller classes")]
    AllocationFailed {
        /// Bytes requested.
        bytes: usize,
    },

    /// A buffer length whose size in bytes does not fit in `usize`.
    #[error(
        "a buffer of {len} {elem} elements would need more than usize::MAX bytes; \
         ask for a smaller buffer"
    )]
    BufferTooLarge {
        /// Elements requested.
        len: usize,
        /// Their type.
        elem: ElemType,
    },

    /// A kernel's entry point caught a panic in the kernel.
    #[error(
        "kernel `{kernel}` panicked: {message}; the call was abandoned and its outputs may \
         be partly written; fix the kernel, or the input that makes it panic"
    )]
    KernelPanicked {
        /// The kernel's name.
        kernel: String,
        /// The panic message.
        message: String,
    },

    /// A kernel's entry point reported an error of its own.
    #[error(
        "kernel `{kernel}` failed: {message}; the kernel refused this input, so change the \
         input as its message says (or fix the kernel if the input is valid)"
    )]
    KernelFailed {
        /// The kernel's name.
        kernel: String,
        /// What the kernel said.
        message: String,
    },

    /// A dynamic call passed the wrong number of uniforms, inputs or outputs.
    #[error(
        "kernel `{kernel}`: the call passed {found} {what} where the kernel takes {expected}; \
         pass them as its signature says: {signature}"
    )]
    ArityMismatch {
        /// The kernel's name.
        kernel: String,
        /// `"uniform values"`, `"input streams"` or `"output streams"`.
        what: &'static str,
        /// How many the kernel declares.
        expected: usize,
        /// How many the call passed.
        found: usize,
        /// The kernel's signature, e.g. `saxpy(uniform f32, f32, f32) -> f32`.
        signature: String,
    },

    /// A dynamic call passed a value or stream of the wrong element type.
    #[error(
        "kernel `{kernel}`: {parameter} must be {expected} but the call passed {found}; \
         pass {expected} there (the signature is {signature})"
    )]
    TypeMismatch {
        /// The kernel's name.
        kernel: String,
        /// Which parameter, e.g. ``uniform 0`` or ``input 1``.
        parameter: String,
        /// The type the kernel declares.
        expected: ElemType,
        /// The type the call passed.
        found: ElemType,
        /// The kernel's signature.
        signature: String,
    },

    /// A reduction was called with `run`, or an elementwise kernel with `reduce`.
    #[error(
        "kernel `{kernel}` is of kind {kind}, so it cannot be called with `{called}`; \
         call `{use_instead}` instead"
    )]
    WrongKernelKind {
        /// The kernel's name.
        kernel: String,
        /// What the kernel is.
        kind: KernelKind,
        /// The method called, e.g. `run_slices`.
        called: &'static str,
        /// The method that fits, e.g. `reduce_slices`.
        use_instead: &'static str,
    },

    /// A call that returns one value, on a reduction to a tuple of several.
    #[error(
        "kernel `{kernel}` is a reduction to a tuple of {results} values, so `{called}` cannot \
         return them as one; call `{use_instead}`, which returns every component"
    )]
    TupleResult {
        /// The kernel's name.
        kernel: String,
        /// How many components its result has.
        results: usize,
        /// The method called, e.g. `reduce_slices`.
        called: &'static str,
        /// The method that fits, e.g. `reduce_slices_tuple`.
        use_instead: &'static str,
    },

    /// No kernel of this name is registered.
    #[error(
        "no kernel named `{name}` is registered ({registered} are); check the spelling \
         against Registry::names(), or register or load the kernel first"
    )]
    UnknownKernel {
        /// The name asked for.
        name: String,
        /// How many kernels the registry holds.
        registered: usize,
    },

    /// A kernel of this name is already registered; nothing was registered.
    #[error("duplicate kernel `{name}`: {}", duplicate_clash(path.as_deref(), existing.as_deref()))]
    DuplicateKernel {
        /// The name both kernels have.
        name: String,
        /// The library of the refused kernel (`None`: linked in, `Registry::register`).
        path: Option<PathBuf>,
        /// The library of the kernel that holds the name (`None`: linked in).
        existing: Option<PathBuf>,
    },

    /// The library was loaded into this registry before (its kernels are registered);
    /// nothing changed.
    #[error(
        "kernel library {} is already loaded into this registry (its kernel `{kernel}` is \
         registered); load each library once, or load it into another registry",
        path.display()
    )]
    LibraryAlreadyLoaded {
        /// The library given.
        path: PathBuf,
        /// One of its kernels that is registered already.
        kernel: String,
    },

    /// The path names no file.
    #[error(
        "kernel library not found: {}: {reason}; check the path, or build the library first",
        path.display()
    )]
    LibraryNotFound {
        /// The path given.
        path: PathBuf,
        /// What the system said.
        reason: String,
    },

    /// The file is not a shared library this system can load (`dlopen` refused it).
    #[error(
        "not a loadable shared library: {}: {reason}; pass a shared library built for this \
         platform (a `cdylib` crate, or `cc -shared -fPIC`)",
        path.display()
    )]
    NotALibrary {
        /// The path given.
        path: PathBuf,
        /// Why, e.g. the dynamic loader's message.
        reason: String,
    },

    /// The library does not export the kernel table function.
    #[error(
        "{} is a shared library but exports no `{symbol}`; export your kernels with \
         hologram::export_kernels!(...) in a cdylib, or define the function as \
         hologram_kernel.h describes",
        path.display()
    )]
    MissingEntrySymbol {
        /// The library.
        path: PathBuf,
        /// The symbol looked for, `hologram_kernel_table`.
        symbol: &'static str,
    },

    /// The library was built against another version of the ABI.
    #[error(
        "{} uses kernel ABI version {found}, but this host speaks versions 1 to {expected}; \
         rebuild the library against this version of hologram",
        path.display()
    )]
    AbiVersionMismatch {
        /// The library.
        path: PathBuf,
        /// The version the library's table declares.
        found: u32,
        /// [`ABI_VERSION`](crate::abi::ABI_VERSION), the newest version the host loads (it
        /// loads every version from 1 up).
        expected: u32,
    },

    /// The library's kernel table itself is unusable.
    #[error(
        "malformed kernel table in {}: `{field}` {reason}; the library does not follow \
         hologram_kernel.h, fix or rebuild it",
        path.display()
    )]
    MalformedTable {
        /// The library.
        path: PathBuf,
        /// The field at fault, e.g. `table_size`.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },

    /// One kernel descriptor is unusable; nothing of the library was registered.
    #[error(
        "malformed descriptor of kernel {} in {}: `{field}` {reason}; fix the \
         descriptor (see hologram_kernel.h)",
        Which(*index, name),
        Origin(path)
    )]
    MalformedDescriptor {
        /// The library (`None`: a linked kernel given to `Registry::register`).
        path: Option<PathBuf>,
        /// The kernel's index in the library's table (`None`: a linked kernel).
        index: Option<usize>,
        /// The kernel's name, when it is readable.
        name: Option<String>,
        /// The field at fault, e.g. `input_types`.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },

    /// The library file may be changed by users other than its owner, so loading it would
    /// run code anyone could have put there.
    #[error(
        "refusing to load {}: it is writable by {who} (mode {mode:o}); run \
         `chmod go-w {}` if you trust its contents",
        path.display(), path.display()
    )]
    InsecureLibraryPermissions {
        /// The library.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
        /// `"group"`, `"others"` or `"group and others"`.
        who: &'static str,
    },

    /// [`KernelRef::combine`](crate::KernelRef::combine) on a reduction that declares no
    /// combiner: one from a version-1 library.
    #[error(
        "kernel `{kernel}` is a reduction without a combiner (it comes from a version-1 \
         library), so its partial results cannot be merged; rebuild the library against ABI \
         version 2, or reduce the whole stream in one call"
    )]
    NoCombiner {
        /// The kernel's name.
        kernel: String,
    },

    /// A directory of kernel libraries could not be read.
    #[error(
        "cannot read kernel library directory {}: {reason}; check that the directory exists \
         and that you may read it (and the directories in HOLOGRAM_KERNEL_PATH)",
        path.display()
    )]
    UnreadableDirectory {
        /// The directory.
        path: PathBuf,
        /// What the system said.
        reason: String,
    },
}

/// Where a kernel came from, for messages.
struct Origin<'a>(&'a Option<PathBuf>);

impl fmt::Display for Origin<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_deref() {
            Some(path) => write!(f, "library {}", Path::display(path)),
            None => f.write_str("the program (linked in)"),
        }
    }
}

/// Which kernel of a table, for messages: `#3 \`name\``, `#3` or `\`name\``.
struct Which<'a>(Option<usize>, &'a Option<String>);

impl fmt::Display for Which<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0, self.1) {
            (Some(i), Some(name)) => write!(f, "#{i} `{name}`"),
            (Some(i), None) => write!(f, "#{i}"),
            (None, Some(name)) => write!(f, "`{name}`"),
            (None, None) => f.write_str("(unnamed)"),
        }
    }
}

/// Builds [`Error::LengthMismatch`] for a call whose streams differ in length: `streams`
/// pairs each stream's name with its length, and the first stream whose length differs from
/// the first one's is reported. Every site that checks lengths (generated code, calls by
/// name, the multi-pass stdlib kernels) calls this only once it has seen a mismatch.
#[doc(hidden)]
#[cold]
#[inline(never)]
pub fn length_mismatch(kernel: &str, streams: &[(&str, usize)]) -> Error {
    let (reference, expected) = streams.first().copied().unwrap_or(("no stream", 0));
    let (stream, found) = streams
        .iter()
        .copied()
        .find(|&(_, len)| len != expected)
        .unwrap_or((reference, expected));
    Error::LengthMismatch {
        kernel: kernel.to_owned(),
        stream: stream.to_owned(),
        found,
        reference: reference.to_owned(),
        expected,
    }
}

impl Error {
    /// [`Error::ShapeMismatch`]: `stream` of shape `shape` does not fit `expected`.
    #[cold]
    #[inline(never)]
    pub(crate) fn shape_mismatch(
        kernel: &str,
        stream: &str,
        shape: &[usize],
        expected: &[usize],
    ) -> Error {
        Error::ShapeMismatch {
            kernel: kernel.to_owned(),
            stream: stream.to_owned(),
            shape: shape.to_vec(),
            expected: expected.to_vec(),
        }
    }

    /// [`Error::AxisOutOfRange`].
    #[cold]
    pub(crate) fn axis_out_of_range(kernel: &str, axis: usize, rank: usize) -> Error {
        Error::AxisOutOfRange {
            kernel: kernel.to_owned(),
            axis,
            rank,
        }
    }

    /// [`Error::TooManyDimensions`].
    #[cold]
    pub(crate) fn too_many_dimensions(kernel: &str, stream: &str, rank: usize) -> Error {
        Error::TooManyDimensions {
            kernel: kernel.to_owned(),
            stream: stream.to_owned(),
            rank,
            max: crate::array::MAX_RANK,
        }
    }

    /// [`Error::AliasedOutputs`]: outputs `first` and `second` of `kernel` are one buffer.
    #[cold]
    #[inline(never)]
    pub(crate) fn aliased_outputs(kernel: &str, first: &str, second: &str) -> Error {
        Error::AliasedOutputs {
            kernel: kernel.to_owned(),
            first: first.to_owned(),
            second: second.to_owned(),
        }
    }

    /// [`Error::NotALibrary`]: the file at `path` cannot be loaded, for `reason`.
    #[cold]
    #[inline(never)]
    pub(crate) fn not_a_library(path: &Path, reason: impl fmt::Display) -> Error {
        Error::NotALibrary {
            path: path.to_path_buf(),
            reason: reason.to_string(),
        }
    }

    /// [`Error::DuplicateKernel`]: `name`, from `path`, is taken by a kernel from `existing`
    /// (`None`: linked in).
    #[cold]
    #[inline(never)]
    pub(crate) fn duplicate_kernel(
        name: &str,
        path: Option<&Path>,
        existing: Option<&Path>,
    ) -> Error {
        Error::DuplicateKernel {
            name: name.to_owned(),
            path: path.map(Path::to_path_buf),
            existing: existing.map(Path::to_path_buf),
        }
    }

    /// [`Error::MalformedDescriptor`]: `field` of a descriptor is wrong for `reason`.
    #[cold]
    #[inline(never)]
    pub(crate) fn malformed_descriptor(
        path: Option<&Path>,
        index: Option<usize>,
        name: Option<&str>,
        field: &'static str,
        reason: impl fmt::Display,
    ) -> Error {
        Error::MalformedDescriptor {
            path: path.map(Path::to_path_buf),
            index,
            name: name.map(str::to_owned),
            field,
            reason: reason.to_string(),
        }
    }
}

/// `Result` with Hologram's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// The fix for [`Error::OutOfClassMemory`], with the figures to use: an executor that holds
/// the buffer beside the classes in use (none, for an empty one).
fn out_of_memory_advice(
    requested_bytes: usize,
    classes_needed: usize,
    free_classes: usize,
    class_count: usize,
    class_bytes: usize,
) -> String {
    let in_use = class_count.saturating_sub(free_classes);
    let count = classes_needed.saturating_add(in_use);
    let larger = if count <= crate::Executor::MAX_CLASS_COUNT {
        format!("Executor::with_classes({count}, {class_bytes})")
    } else {
        format!(
            "larger classes, e.g. Executor::with_capacity_bytes({}), since {count} classes \
             of {class_bytes} bytes are more than Executor::MAX_CLASS_COUNT",
            requested_bytes.saturating_add(in_use.saturating_mul(class_bytes))
        )
    };
    if in_use == 0 {
        format!(
            "the executor is empty, so it is too small: create it with {larger}, or \
             Executor::with_capacity_bytes({requested_bytes}) for this one buffer"
        )
    } else {
        format!(
            "free buffers you no longer use ({in_use} classes are in use), or create the \
             executor with {larger}, room for this buffer beside those"
        )
    }
}

/// What [`Error::DuplicateKernel`] clashes with, and the fix.
fn duplicate_clash(path: Option<&Path>, existing: Option<&Path>) -> String {
    match (path, existing) {
        (Some(p), Some(e)) if p == e => format!(
            "library {} defines two kernels of this name; rename one of them \
             (#[kernel(name = \"...\")])",
            p.display()
        ),
        _ => format!(
            "the one from {} clashes with the one from {}; rename one of them \
             (#[kernel(name = \"...\")]) or load them into separate registries",
            Origin(&path.map(Path::to_path_buf)),
            Origin(&existing.map(Path::to_path_buf))
        ),
    }
}
