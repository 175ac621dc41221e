//! Making a `numpy.ufunc` of a [`Group`] of kernels with numpy's C API
//! (`PyUFunc_FromFuncAndDataAndSignature`, through the `numpy` crate's bindings): one inner
//! loop per kernel, its types the kernel's element types as numpy type numbers.
//!
//! numpy keeps pointers to the arrays of loops, data and types, and to the name and doc, for
//! the ufunc's lifetime. They live in a [`Tables`] owned by a capsule that the ufunc holds in
//! its `obj` field, which numpy releases when the ufunc is deallocated; each loop's data is a
//! [`LoopData`] holding a `KernelRef`, which keeps a loaded kernel's library open.

use crate::group::{Group, Shape, loop_types};
use crate::inner_loop::{self, InnerLoop, LoopData};
use core::ffi::{c_char, c_int, c_void};
use numpy::npyffi::{PY_UFUNC_API, PyUFuncGenericFunction, PyUFuncObject};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use std::ffi::CString;

/// numpy's `PyUFunc_None`: the ufunc has no identity (`reduce` of an empty array raises).
const PY_UFUNC_NONE: c_int = -1;

/// What numpy points into for the ufunc's lifetime.
struct Tables {
    functions: Vec<PyUFuncGenericFunction>,
    data: Vec<*mut c_void>,
    types: Vec<c_char>,
    /// Owns what `data` points to; never pushed to after `data` is taken, so its buffer
    /// stays where it is.
    loops: Vec<LoopData>,
    name: CString,
    doc: CString,
    signature: Option<CString>,
}

// SAFETY: the raw pointers in `data` point into `loops`, owned by the same value, and are
// only read by numpy's loops; a `LoopData` holds a `KernelRef`, which is `Send + Sync`. The
// capsule may drop the tables on any thread, which frees only Rust allocations.
unsafe impl Send for Tables {}

/// The gufunc signature of a shape with `counts` uniforms, inputs and outputs, or `None` for
/// a plain ufunc.
fn signature(shape: Shape, counts: [usize; 3]) -> Option<String> {
    let [u, i, o] = counts;
    let (input, output) = match shape {
        Shape::Elementwise => return None,
        Shape::Reduce => ("(n)", "()"),
        Shape::WholeStream => ("(n)", "(n)"),
    };
    let ins: Vec<&str> = core::iter::repeat_n("()", u)
        .chain(core::iter::repeat_n(input, i))
        .collect();
    let outs: Vec<&str> = core::iter::repeat_n(output, o).collect();
    Some(format!("{}->{}", ins.join(","), outs.join(",")))
}

/// The docstring: each kernel's signature, then what numpy does with it.
fn doc(group: &Group, signature: Option<&str>) -> String {
    let mut doc = format!("Hologram kernel `{}`, a numpy ufunc", group.name);
    if let Some(sig) = signature {
        doc.push_str(&format!(" with gufunc signature {sig}"));
    }
    doc.push_str(". Loops:\n");
    for k in &group.kernels {
        let origin = k
            .path()
            .map_or_else(|| "linked".to_owned(), |p| p.display().to_string());
        doc.push_str(&format!("  {}  ({origin})\n", k.descriptor()));
    }
    doc.push_str(match group.shape {
        Shape::Elementwise => "Uniforms come first; they may be scalars or broadcast arrays.",
        Shape::Reduce => "One value per lane along the last axis (or axis=).",
        Shape::WholeStream => "The kernel sees each lane along the last axis (or axis=) whole.",
    });
    doc
}

/// The ufunc of `group`.
pub(crate) fn make(py: Python<'_>, group: &Group) -> PyResult<Py<PyAny>> {
    let loop_fn: InnerLoop = match group.shape {
        Shape::Elementwise => inner_loop::elementwise,
        Shape::Reduce => inner_loop::reduce,
        Shape::WholeStream => inner_loop::whole_stream,
    };
    let sig = signature(group.shape, group.counts);
    let mut tables = Tables {
        functions: Vec::new(),
        data: Vec::new(),
        types: Vec::new(),
        loops: Vec::new(),
        name: cstring(&group.name)?,
        doc: cstring(&doc(group, sig.as_deref()))?,
        signature: sig.as_deref().map(cstring).transpose()?,
    };
    for kernel in &group.kernels {
        let Some(types) = loop_types(kernel) else {
            continue;
        };
        tables.loops.push(LoopData {
            kernel: kernel.clone(),
        });
        tables.functions.push(Some(loop_fn));
        // numpy's type numbers of the element types all fit a C char.
        tables
            .types
            .extend(types.iter().map(|&t| c_char::try_from(t).unwrap_or(-1)));
    }
    tables.data = tables
        .loops
        .iter_mut()
        .map(|data| (&raw mut *data).cast())
        .collect();
    let [u, i, o] = group.counts;
    let nin = c_int::try_from(u + i).unwrap_or(c_int::MAX);
    let nout = c_int::try_from(o).unwrap_or(c_int::MAX);
    let ntypes = c_int::try_from(tables.functions.len()).unwrap_or(0);
    // The capsule owns the tables from here on; moving them into it moves the vectors'
    // handles, not their heap buffers, so the pointers below stay valid.
    let capsule = PyCapsule::new_with_value(py, tables, c"hologram.ufunc_tables")?;
    let tables: &mut Tables = {
        let ptr = capsule.pointer_checked(Some(c"hologram.ufunc_tables"))?;
        // SAFETY: the capsule was just made from a `Tables` under this name, nothing else
        // holds a reference to it yet, and it lives (held below by the ufunc) as long as
        // numpy uses the pointers taken from it.
        unsafe { &mut *ptr.as_ptr().cast::<Tables>() }
    };
    let signature = tables
        .signature
        .as_ref()
        .map_or(core::ptr::null(), |s| s.as_ptr());
    // SAFETY: the arrays hold `ntypes` loops, data pointers and `ntypes * (nin + nout)` type
    // numbers; with the name, doc and signature they live in the capsule, which the ufunc
    // owns (below) for its whole life. Each loop function has numpy's signature for a loop
    // and expects a `LoopData`, which its data pointer is.
    let ufunc = unsafe {
        PY_UFUNC_API.PyUFunc_FromFuncAndDataAndSignature(
            py,
            tables.functions.as_mut_ptr(),
            tables.data.as_mut_ptr(),
            tables.types.as_mut_ptr(),
            ntypes,
            nin,
            nout,
            PY_UFUNC_NONE,
            tables.name.as_ptr(),
            tables.doc.as_ptr(),
            0,
            signature,
        )
    };
    if ufunc.is_null() {
        return Err(PyErr::fetch(py));
    }
    // SAFETY: a new reference to a ufunc numpy just made, handed to `Py`.
    let ufunc: Py<PyAny> = unsafe { Bound::from_owned_ptr(py, ufunc) }.unbind();
    // SAFETY: `ufunc` is a `PyUFuncObject`, whose `obj` field numpy releases (Py_XDECREF) when
    // the ufunc is deallocated and sets to nothing itself for ufuncs made this way; it takes
    // the capsule's strong reference.
    unsafe {
        let object = ufunc.as_ptr().cast::<PyUFuncObject>();
        (*object).fields.obj = capsule.into_ptr();
    }
    Ok(ufunc)
}

/// `text` as a C string; a name with a NUL byte is a `ValueError`.
fn cstring(text: &str) -> PyResult<CString> {
    CString::new(text).map_err(|_| {
        pyo3::exceptions::PyValueError::new_err(format!(
            "the name or doc {text:?} holds a NUL byte, which numpy cannot take"
        ))
    })
}
