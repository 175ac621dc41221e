//! The Python package `hologram`: every Hologram kernel, from the stdlib or from a kernel
//! library loaded at run time, as a real `numpy.ufunc`.
//!
//! ```text
//! $ pip install ./hologram-py
//! >>> import numpy as np, hologram
//! >>> hologram.stdlib.exp(np.zeros(3, dtype=np.float32))
//! array([1., 1., 1.], dtype=float32)
//! >>> lib = hologram.load("target/kernel-libs/libuser_kernels.so")
//! >>> lib.saxpy(2.0, np.ones(3, np.float32), np.ones(3, np.float32))
//! array([3., 3., 3.], dtype=float32)
//! ```
//!
//! (The README's Python example, which pytest runs, is the tested version of this one.)
//!
//! - `hologram.stdlib.<name>`: one ufunc per stdlib base name, with an inner loop for each
//!   element type the kernel exists in (`exp` and `f64::exp` are the loops of `exp`).
//! - `hologram.load(path)`: a kernel library, checked and loaded by the `Registry`, whose
//!   kernels are its attributes.
//! - `hologram.kernels()`: every kernel's descriptor.
//!
//! Elementwise kernels are ufuncs with `nin` = uniforms + inputs and `nout` = outputs;
//! reductions are gufuncs `(),(n)->()` and whole-stream kernels (softmax) gufuncs
//! `(),(n)->(n)`, one `()` per uniform. The inner loops (`inner_loop`) pass numpy's pointers
//! and byte strides to the kernel's entry point through `KernelRef::run_strided`.
//!
//! Its API is Python's; `hologram-py/tests` (pytest) tests it and the README shows it.

mod dtype;
mod errors;
mod group;
mod inner_loop;
mod library;
mod stack;
mod ufunc;

use library::{KernelInfo, Library, Ufuncs};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyList;

/// The stdlib's ufuncs and descriptors, made once.
static STDLIB: PyOnceLock<Ufuncs> = PyOnceLock::new();

/// The descriptors of every kernel: the stdlib's, then those of each library loaded so far.
#[pyfunction]
fn kernels(py: Python<'_>) -> PyResult<Vec<Py<KernelInfo>>> {
    let mut all: Vec<Py<KernelInfo>> = stdlib(py)?.infos.iter().map(|i| i.clone_ref(py)).collect();
    all.extend(library::loaded_infos(py));
    Ok(all)
}

/// Caps the threads a large call uses (every ufunc of this process); `0` restores the
/// default (`HOLOGRAM_THREADS`, else one per core) and `1` turns threads off.
#[pyfunction]
fn set_max_threads(threads: usize) {
    hologram::threads::set_max_threads(threads);
}

/// The number of threads a large call may use.
#[pyfunction]
fn max_threads() -> usize {
    hologram::threads::max_threads()
}

/// The stdlib's ufuncs.
fn stdlib(py: Python<'_>) -> PyResult<&'static Ufuncs> {
    STDLIB.get_or_try_init(py, || {
        let reg = hologram::Registry::with_stdlib();
        let refs = reg.names().iter().filter_map(|n| reg.get(n).ok()).collect();
        Ufuncs::of(py, refs)
    })
}

/// The extension module `hologram._hologram`; `hologram/__init__.py` re-exports it.
#[pymodule]
#[pyo3(name = "_hologram")]
fn hologram_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let module = PyModule::new(py, "hologram.stdlib")?;
    module.setattr(
        "__doc__",
        "The Hologram stdlib, one numpy ufunc per kernel name (f32 and f64 loops in one).",
    )?;
    let ufuncs = stdlib(py)?;
    for (name, u) in &ufuncs.ufuncs {
        module.setattr(name.as_str(), u.clone_ref(py))?;
    }
    module.setattr("__all__", PyList::new(py, ufuncs.ufuncs.keys())?)?;
    m.add("stdlib", module)?;
    m.add_function(wrap_pyfunction!(library::load, m)?)?;
    m.add_function(wrap_pyfunction!(kernels, m)?)?;
    m.add_function(wrap_pyfunction!(set_max_threads, m)?)?;
    m.add_function(wrap_pyfunction!(max_threads, m)?)?;
    m.add_class::<Library>()?;
    m.add_class::<KernelInfo>()?;
    m.add("KernelError", py.get_type::<errors::KernelError>())?;
    m.add("LibraryError", py.get_type::<errors::LibraryError>())?;
    Ok(())
}
