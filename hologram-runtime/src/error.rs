//! The one error type of Hologram.

use crate::element::ElemType;

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
    /// Two streams of one call have different lengths.
    #[error(
        "{operation}: {stream} has {found} elements but {reference} has {expected}; \
         every input and output of one call must have the same length"
    )]
    LengthMismatch {
        /// What was called, e.g. ``kernel `saxpy` ``.
        operation: String,
        /// The stream whose length is off, e.g. ``input `y` ``.
        stream: String,
        /// Its length.
        found: usize,
        /// The stream the others are measured against.
        reference: String,
        /// The reference stream's length.
        expected: usize,
    },

    /// No run of free classes is long enough for the requested buffer.
    #[error(
        "out of class memory: {requested_bytes} bytes need {classes_needed} contiguous \
         classes of {class_bytes} bytes, but the longest free run is {largest_free_run} \
         ({free_classes} classes free); free buffers you no longer use, or create the \
         executor with more classes (Executor::with_classes)"
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
    },

    /// A buffer handle whose buffer was freed (a use after free, or a double free).
    #[error(
        "stale buffer: {buffer} was freed and its classes may hold other data now; \
         stop using a handle after Executor::free"
    )]
    StaleBuffer {
        /// The handle, described.
        buffer: String,
    },

    /// A buffer handle that belongs to another executor.
    #[error(
        "foreign buffer: {buffer} belongs to executor #{owner}, not to executor #{this}; \
         pass each buffer to the executor that allocated it"
    )]
    ForeignBuffer {
        /// The handle, described.
        buffer: String,
        /// The id of the executor that made it.
        owner: u64,
        /// The id of the executor it was passed to.
        this: u64,
    },

    /// Two outputs of one kernel call are the same buffer.
    #[error(
        "{operation}: outputs `{first}` and `{second}` are the same buffer; \
         give every output its own buffer (an output may share a buffer with an input)"
    )]
    AliasedOutputs {
        /// What was called, e.g. ``kernel `sincos` ``.
        operation: String,
        /// The first output's name.
        first: String,
        /// The second output's name.
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
    #[error("kernel `{kernel}` failed: {message}")]
    KernelFailed {
        /// The kernel's name.
        kernel: String,
        /// What the kernel said.
        message: String,
    },
}

/// `Result` with Hologram's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;
