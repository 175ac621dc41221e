//! Hologram's errors as Python exceptions: `TypeError` for types and arity, `ValueError` for
//! shapes and strides, `KernelError` (a `RuntimeError`) with the kernel's message for a
//! failure or a caught panic, `FileNotFoundError` and `LibraryError` (an `OSError`) for
//! libraries that do not load.

use core::cell::Cell;
use core::sync::atomic::{AtomicBool, Ordering};
use hologram::Error;
use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::{PyErr, Python, create_exception};

create_exception!(
    hologram,
    KernelError,
    PyRuntimeError,
    "A kernel failed or panicked; the message is the kernel's."
);
create_exception!(
    hologram,
    LibraryError,
    PyOSError,
    "A kernel library did not load: not a library, no kernel table, another ABI version, a \
     malformed descriptor, permissions others may write, or a name it holds twice."
);

/// The Python exception for `err`, with its message.
pub(crate) fn to_pyerr(err: &Error) -> PyErr {
    let message = err.to_string();
    match err {
        Error::TypeMismatch { .. }
        | Error::ArityMismatch { .. }
        | Error::WrongKernelKind { .. } => PyTypeError::new_err(message),
        Error::LengthMismatch { .. }
        | Error::ShapeMismatch { .. }
        | Error::AxisOutOfRange { .. }
        | Error::TooManyDimensions { .. }
        | Error::InvalidView { .. }
        | Error::InvalidStride { .. } => PyValueError::new_err(message),
        Error::KernelPanicked { .. } | Error::KernelFailed { .. } => KernelError::new_err(message),
        Error::LibraryNotFound { .. } | Error::UnreadableDirectory { .. } => {
            PyFileNotFoundError::new_err(message)
        }
        Error::NotALibrary { .. }
        | Error::MissingEntrySymbol { .. }
        | Error::AbiVersionMismatch { .. }
        | Error::MalformedTable { .. }
        | Error::MalformedDescriptor { .. }
        | Error::InsecureLibraryPermissions { .. }
        | Error::DuplicateKernel { .. } => LibraryError::new_err(message),
        _ => PyRuntimeError::new_err(message),
    }
}

thread_local! {
    /// Whether a loop on this thread set a Python exception that may still be pending.
    static RAISED: Cell<bool> = const { Cell::new(false) };
}

/// Whether any loop ever set an exception: one relaxed load, so that a loop that never
/// failed does not pay for the thread-local lookup (a call into the dynamic linker's TLS
/// code, in an extension module).
static EVER_RAISED: AtomicBool = AtomicBool::new(false);

/// Sets `err` as the current Python exception, from an inner loop that may run without the
/// GIL (numpy releases it around large loops): attaches to the interpreter for the call.
pub(crate) fn raise(err: PyErr) {
    Python::attach(|py| err.restore(py));
    RAISED.with(|r| r.set(true));
    EVER_RAISED.store(true, Ordering::Relaxed);
}

/// Whether an exception a loop set on this thread is still pending: numpy goes on calling a
/// loop for the rest of an iteration after it failed, and raises when the iteration ends,
/// so a loop skips its work until then. Costs one thread-local read unless a loop failed.
pub(crate) fn pending() -> bool {
    if !EVER_RAISED.load(Ordering::Relaxed) || !RAISED.with(Cell::get) {
        return false;
    }
    let still = Python::attach(PyErr::occurred);
    if !still {
        RAISED.with(|r| r.set(false));
    }
    still
}

/// The message of a caught panic's payload.
pub(crate) fn panic_message(payload: &(dyn core::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_owned()
    }
}
