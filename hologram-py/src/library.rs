//! Kernels as Python objects: the ufuncs of a set of kernels, [`KernelInfo`] descriptors,
//! and [`Library`], what `hologram.load(path)` returns.

use crate::errors::to_pyerr;
use crate::group::{self, Left, Shape};
use crate::{dtype, ufunc};
use hologram::{KernelRef, Registry};
use pyo3::exceptions::{PyAttributeError, PyTypeError};
use pyo3::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

/// A kernel's descriptor, for inspection: `hologram.kernels()` and `Library.kernels()`.
#[pyclass(frozen, get_all, module = "hologram", name = "KernelInfo")]
pub(crate) struct KernelInfo {
    /// The kernel's name, as registered (`"f64::exp"`).
    name: String,
    /// `"elementwise"`, `"reduce"` or `"whole_stream"` (softmax).
    kind: &'static str,
    /// numpy dtype names of the uniforms, inputs and outputs (a reduction's result).
    uniforms: Vec<&'static str>,
    inputs: Vec<&'static str>,
    outputs: Vec<&'static str>,
    /// The Rust signature, e.g. `saxpy(uniform f32, f32, f32) -> f32`.
    signature: String,
    /// The library it was loaded from, or `None` for a stdlib kernel.
    path: Option<String>,
    /// The C ABI version its entry point speaks.
    abi_version: u32,
    /// The ufunc it is a loop of, or `None` when numpy has no dtype for one of its types.
    ufunc: Option<String>,
}

#[pymethods]
impl KernelInfo {
    fn __repr__(&self) -> String {
        let ufunc = self.ufunc.as_deref().unwrap_or("none");
        format!(
            "<KernelInfo {} ({}, ufunc {ufunc})>",
            self.signature, self.kind
        )
    }
}

/// The ufuncs of a set of kernels, and their descriptors.
pub(crate) struct Ufuncs {
    pub(crate) ufuncs: BTreeMap<String, Py<PyAny>>,
    pub(crate) infos: Vec<Py<KernelInfo>>,
    pub(crate) left: Vec<Left>,
}

impl Ufuncs {
    /// Groups `kernels` by base name and makes one ufunc per group.
    pub(crate) fn of(py: Python<'_>, kernels: Vec<KernelRef>) -> PyResult<Ufuncs> {
        let (groups, left) = group::group(kernels);
        let mut ufuncs = BTreeMap::new();
        let mut infos = Vec::new();
        for g in &groups {
            ufuncs.insert(g.name.clone(), ufunc::make(py, g)?);
            for k in &g.kernels {
                infos.push(Py::new(py, info(k, Some(&g.name)))?);
            }
        }
        for l in &left {
            infos.push(Py::new(py, info(&l.kernel, None))?);
        }
        Ok(Ufuncs {
            ufuncs,
            infos,
            left,
        })
    }
}

/// The descriptor of `k`, a loop of the ufunc `ufunc`.
fn info(k: &KernelRef, ufunc: Option<&str>) -> KernelInfo {
    let d = k.descriptor();
    let names = |ts: &[hologram::ElemType]| ts.iter().map(|&t| dtype::dtype_name(t)).collect();
    KernelInfo {
        name: k.name().to_owned(),
        kind: Shape::of(k).label(),
        uniforms: names(d.uniforms()),
        inputs: names(d.inputs()),
        outputs: names(d.outputs()),
        signature: d.to_string(),
        path: k.path().map(|p| p.display().to_string()),
        abi_version: k.kernel().abi_version(),
        ufunc: ufunc.map(str::to_owned),
    }
}

/// A kernel library loaded with `hologram.load(path)`: its kernels are attributes, each a
/// numpy ufunc (`lib.saxpy(2.0, x, y)`).
#[pyclass(frozen, module = "hologram", name = "Library")]
pub(crate) struct Library {
    path: PathBuf,
    ufuncs: Ufuncs,
}

#[pymethods]
impl Library {
    fn __getattr__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
        if let Some(u) = self.ufuncs.ufuncs.get(name) {
            return Ok(u.clone_ref(py));
        }
        if let Some(l) = self.ufuncs.left.iter().find(|l| l.kernel.name() == name) {
            return Err(PyTypeError::new_err(l.reason.clone()));
        }
        let names: Vec<&str> = self.ufuncs.ufuncs.keys().map(String::as_str).collect();
        Err(PyAttributeError::new_err(format!(
            "the library {} has no kernel `{name}`; it has {}",
            self.path.display(),
            names.join(", ")
        )))
    }

    fn __dir__(&self) -> Vec<String> {
        let mut names: Vec<String> = self.ufuncs.ufuncs.keys().cloned().collect();
        names.extend(["path", "names", "kernels"].map(str::to_owned));
        names
    }

    /// The library's file.
    #[getter]
    fn path(&self) -> String {
        self.path.display().to_string()
    }

    /// The names of its ufuncs.
    fn names(&self) -> Vec<String> {
        self.ufuncs.ufuncs.keys().cloned().collect()
    }

    /// The descriptors of its kernels.
    fn kernels(&self, py: Python<'_>) -> Vec<Py<KernelInfo>> {
        self.ufuncs.infos.iter().map(|i| i.clone_ref(py)).collect()
    }

    fn __repr__(&self) -> String {
        format!(
            "<hologram.Library {} ({})>",
            self.path.display(),
            self.names().join(", ")
        )
    }
}

/// Libraries loaded so far, by canonical path: loading one again returns the same object.
static LOADED: Mutex<BTreeMap<PathBuf, Py<Library>>> = Mutex::new(BTreeMap::new());

/// Loads the kernel library at `path` (checked as `Registry::load_library` checks it: a
/// library loads whole or not at all) and returns its kernels as ufuncs. Loading a file
/// that is already loaded returns the same `Library`.
#[pyfunction]
pub(crate) fn load(py: Python<'_>, path: PathBuf) -> PyResult<Py<Library>> {
    let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
    if let Some(lib) = loaded().get(&key) {
        return Ok(lib.clone_ref(py));
    }
    let mut reg = Registry::new();
    // The canonical path where there is one, so that the library and its kernels name the
    // file the same way however it was reached.
    let names = reg.load_library(&key).map_err(|e| to_pyerr(&e))?;
    let kernels = names
        .iter()
        .map(|n| reg.get(n).map_err(|e| to_pyerr(&e)))
        .collect::<PyResult<Vec<_>>>()?;
    let lib = Py::new(
        py,
        Library {
            path: key.clone(),
            ufuncs: Ufuncs::of(py, kernels)?,
        },
    )?;
    Ok(loaded().entry(key).or_insert(lib).clone_ref(py))
}

/// The table of loaded libraries (a poisoned lock only means a panic elsewhere; the map is
/// still whole, since every change to it is one insert).
fn loaded() -> std::sync::MutexGuard<'static, BTreeMap<PathBuf, Py<Library>>> {
    LOADED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The descriptors of every loaded library's kernels, in load-path order.
pub(crate) fn loaded_infos(py: Python<'_>) -> Vec<Py<KernelInfo>> {
    loaded()
        .values()
        .flat_map(|lib| lib.get().ufuncs.infos.iter().map(|i| i.clone_ref(py)))
        .collect()
}
