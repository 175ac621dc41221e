//! The registry: kernels by name, linked in or loaded from shared libraries, and
//! [`KernelRef`], the handle a dynamic call goes through.

use crate::array::{AnyView, AnyViewMut};
use crate::call::Callable;
use crate::dynamic::{AnyBuffer, AnySlice, AnySliceMut, Scalar, Scalars};
use crate::error::Error;
use crate::executor::Executor;
use crate::kernel::{Kernel, KernelDescriptor};
use crate::loader::{self, Library};
use crate::strided::{StridedInput, StridedOutput};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Kernels by name.
///
/// A registry maps names to [`KernelRef`]s. [`get`](Registry::get) hands out an owned handle;
/// a call through the handle needs no registry, no lock and no lookup, so look a kernel up once
/// and keep the handle.
///
/// # Threads
///
/// `Registry` and [`KernelRef`] are `Send + Sync`.
///
/// - Reading takes `&self`: [`get`](Registry::get), [`contains`](Registry::contains),
///   [`names`](Registry::names), [`len`](Registry::len), [`is_empty`](Registry::is_empty).
///   A registry that no longer changes can be shared as `Arc<Registry>`, with no lock.
/// - Changing takes `&mut self`: [`register`](Registry::register),
///   [`load_library`](Registry::load_library), [`load_dir`](Registry::load_dir),
///   [`load_default_dirs`](Registry::load_default_dirs). To load while other threads call
///   kernels, share the registry as `Arc<RwLock<Registry>>`: threads take their `KernelRef`s
///   under a brief read lock and then call without any lock, so a load (under the write lock)
///   never waits for a call and never stalls one; handles taken before the load keep working.
/// - A `KernelRef` may be taken on one thread and called on another, and may outlive the
///   registry: it keeps its library loaded. Calls through it take `&self`, so one handle can
///   serve several threads at once, each with its own slices or its own [`Executor`].
///
/// `tests/test_stress.rs` does all of this at once, from `available_parallelism() + 2`
/// threads.
///
/// Every change is all or nothing: an error leaves [`names`](Registry::names) exactly as it
/// was.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::{kernel, Registry, Scalar};
///
/// #[kernel]
/// fn saxpy(#[uniform] a: f32, x: f32, y: f32) -> f32 {
///     a * x + y
/// }
///
/// fn main() -> Result<(), hologram::Error> {
///     let mut reg = Registry::with_stdlib();
///     reg.register(saxpy::KERNEL)?;
///     let k = reg.get("saxpy")?; // look up once, call many times
///     let (x, y, mut out) = ([1.0f32, 2.0], [10.0f32, 20.0], [0.0f32; 2]);
///     let uniforms: [Scalar; 1] = [2.0f32.into()];
///     k.run_slices(&uniforms, &[(&x).into(), (&y).into()], &mut [(&mut out).into()])?;
///     assert_eq!(out, [12.0, 24.0]);
///     assert!(reg.names().contains(&"relu".to_owned()));
///     Ok(())
/// }
/// ```
#[derive(Clone, Debug, Default)]
pub struct Registry {
    kernels: BTreeMap<&'static str, KernelRef>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Registry {
        Registry::default()
    }

    /// A registry holding every kernel of [`stdlib::KERNELS`](crate::stdlib::KERNELS),
    /// linked into the program, under its own name.
    #[allow(
        clippy::unreachable,
        reason = "the stdlib's names are distinct and its shapes valid (a unit test registers \
                  them all); nothing a user passes reaches this"
    )]
    pub fn with_stdlib() -> Registry {
        let mut reg = Registry::new();
        for &k in crate::stdlib::KERNELS {
            if let Err(e) = reg.register(k) {
                // The stdlib's names are distinct and its shapes valid: a test checks it.
                unreachable!("the stdlib does not register: {e}");
            }
        }
        reg
    }

    /// Registers a kernel linked into the program, such as `saxpy::KERNEL`.
    ///
    /// # Errors
    /// [`Error::DuplicateKernel`] if the name is taken; [`Error::MalformedDescriptor`] if the
    /// kernel declares more than [`MAX_STREAMS`](crate::abi::MAX_STREAMS) uniforms, inputs or outputs, no input, or
    /// outputs its kind does not allow. Either way nothing changes.
    pub fn register(&mut self, kernel: Kernel) -> Result<(), Error> {
        let d = kernel.descriptor();
        d.check_shape()
            .map_err(|e| Error::malformed_descriptor(None, None, Some(d.name()), e.field(), e))?;
        self.check_free(d.name(), None)?;
        self.kernels.insert(d.name(), KernelRef::from(kernel));
        Ok(())
    }

    /// The kernel named `name`, as an owned handle.
    ///
    /// # Errors
    /// [`Error::UnknownKernel`].
    pub fn get(&self, name: &str) -> Result<KernelRef, Error> {
        self.kernels
            .get(name)
            .cloned()
            .ok_or_else(|| Error::UnknownKernel {
                name: name.to_owned(),
                registered: self.kernels.len(),
            })
    }

    /// Whether a kernel named `name` is registered.
    pub fn contains(&self, name: &str) -> bool {
        self.kernels.contains_key(name)
    }

    /// The names of all registered kernels, sorted.
    pub fn names(&self) -> Vec<String> {
        self.kernels.keys().map(|&n| n.to_owned()).collect()
    }

    /// Number of registered kernels.
    pub fn len(&self) -> usize {
        self.kernels.len()
    }

    /// Whether no kernel is registered.
    pub fn is_empty(&self) -> bool {
        self.kernels.is_empty()
    }

    /// Loads the kernel library at `path` and registers all its kernels; returns their
    /// names, in the library's table order.
    ///
    /// The library is opened with `RTLD_NOW | RTLD_LOCAL`, so an unresolved symbol fails
    /// here and not in a later call, and its symbols do not leak into other libraries. Its
    /// ABI version, table and every descriptor are checked before anything is registered. It
    /// stays loaded as long as this registry or any [`KernelRef`] to one of its kernels lives.
    ///
    /// Loading a library runs its code (its initialisers): load only libraries you trust. A
    /// file that group or others may write is refused.
    ///
    /// # Errors
    /// [`Error::LibraryNotFound`], [`Error::NotALibrary`] (also for a directory),
    /// [`Error::InsecureLibraryPermissions`], [`Error::MissingEntrySymbol`],
    /// [`Error::AbiVersionMismatch`], [`Error::MalformedTable`],
    /// [`Error::MalformedDescriptor`], [`Error::DuplicateKernel`] (inside the library or
    /// against a registered kernel), [`Error::LibraryAlreadyLoaded`] (this library, loaded
    /// before). On error nothing changes.
    pub fn load_library(&mut self, path: impl AsRef<Path>) -> Result<Vec<String>, Error> {
        let path = path.as_ref();
        let loaded = loader::load(path)?;
        for k in &loaded.kernels {
            let name = k.descriptor().name();
            if let Some(existing) = self.kernels.get(name).and_then(KernelRef::path)
                && same_file(existing, path)
            {
                return Err(Error::LibraryAlreadyLoaded {
                    path: path.to_path_buf(),
                    kernel: name.to_owned(),
                });
            }
            self.check_free(name, Some(path))?;
        }
        let names = loaded
            .kernels
            .iter()
            .map(|k| k.descriptor().name().to_owned())
            .collect();
        for k in loaded.kernels {
            let handle = KernelRef::loaded(k, Arc::clone(&loaded.library));
            self.kernels.insert(k.descriptor().name(), handle);
        }
        Ok(names)
    }

    /// Loads every file in `dir` whose name ends in the platform's library suffix
    /// ([`std::env::consts::DLL_SUFFIX`], `.so` on Linux), in sorted order of file name, and
    /// returns the names added.
    ///
    /// All or nothing: if one library fails, none of the directory's kernels is registered.
    ///
    /// # Errors
    /// [`Error::UnreadableDirectory`], or any error of [`load_library`](Self::load_library).
    pub fn load_dir(&mut self, dir: impl AsRef<Path>) -> Result<Vec<String>, Error> {
        let mut staged = self.clone();
        let names = staged.stage_dir(dir.as_ref())?;
        *self = staged;
        Ok(names)
    }

    /// Loads the default kernel directories: `target/kernel-libs/` under the current
    /// directory if it exists, then every directory listed in the `HOLOGRAM_KERNEL_PATH`
    /// environment variable (separated by `:`, or `;` on Windows; empty entries are skipped).
    /// Returns the names added.
    ///
    /// All or nothing, like [`load_dir`](Self::load_dir).
    ///
    /// # Errors
    /// As [`load_dir`](Self::load_dir); a directory named in `HOLOGRAM_KERNEL_PATH` that
    /// cannot be read is an error, since it was asked for.
    pub fn load_default_dirs(&mut self) -> Result<Vec<String>, Error> {
        let mut dirs = Vec::new();
        let local = Path::new("target").join("kernel-libs");
        if local.is_dir() {
            dirs.push(local);
        }
        if let Some(var) = std::env::var_os("HOLOGRAM_KERNEL_PATH") {
            dirs.extend(std::env::split_paths(&var).filter(|p| !p.as_os_str().is_empty()));
        }
        let mut staged = self.clone();
        let mut names = Vec::new();
        for dir in dirs {
            names.extend(staged.stage_dir(&dir)?);
        }
        *self = staged;
        Ok(names)
    }

    /// Loads `dir` into `self`, which the caller throws away on error.
    fn stage_dir(&mut self, dir: &Path) -> Result<Vec<String>, Error> {
        let mut names = Vec::new();
        for path in loader::library_files(dir)? {
            names.extend(self.load_library(&path)?);
        }
        Ok(names)
    }

    fn check_free(&self, name: &str, path: Option<&Path>) -> Result<(), Error> {
        match self.kernels.get(name) {
            None => Ok(()),
            Some(existing) => Err(Error::duplicate_kernel(name, path, existing.path())),
        }
    }
}

/// Whether two paths name one file: equal, or equal once canonical.
fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(x), Ok(y)) if x == y
        )
}

/// An owned handle to a registered kernel: its descriptor, its cached entry point and, for a
/// loaded kernel, a reference that keeps its library loaded.
///
/// Cheap to clone (a copy and, for a loaded kernel, a reference-count increment), `Send` and
/// `Sync`; it may outlive the registry it came from and cross threads. A library is unloaded
/// only after the registry and every handle to its kernels are gone.
///
/// The calls check the arguments against the descriptor: the kind, the number of uniforms,
/// inputs and outputs ([`Error::ArityMismatch`]), their element types
/// ([`Error::TypeMismatch`]) and lengths ([`Error::LengthMismatch`]), and for buffers
/// [`Error::StaleBuffer`], [`Error::ForeignBuffer`] and [`Error::AliasedOutputs`]. Then they
/// call the entry point once through the cached pointer: no lock, no lookup, no allocation.
/// A panic in the kernel comes back as [`Error::KernelPanicked`], an error it reports as
/// [`Error::KernelFailed`]; the program goes on.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::{Error, Executor, Registry};
///
/// let reg = Registry::with_stdlib();
/// let add = reg.get("add")?;
/// let mut exec = Executor::new();
/// let x = exec.alloc_from(&[1.0f32, 2.0])?;
/// let y = exec.alloc_from(&[10.0f32, 20.0])?;
/// add.run(&mut exec, &[], &[x.into(), y.into()], &[y.into()])?; // in place into y
/// assert_eq!(exec.read(y)?, &[11.0, 22.0]);
///
/// let z = exec.alloc::<f64>(2)?;
/// let err = add.run(&mut exec, &[], &[x.into(), y.into()], &[z.into()]).unwrap_err();
/// assert!(matches!(err, Error::TypeMismatch { .. }));
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone)]
pub struct KernelRef {
    callable: Callable,
    library: Option<Arc<Library>>,
}

impl KernelRef {
    /// A handle to a kernel from `library`; the loader has checked that its entry point
    /// follows the ABI for its descriptor as far as it can, and trusts the library for the
    /// rest.
    fn loaded(kernel: Kernel, library: Arc<Library>) -> KernelRef {
        KernelRef {
            callable: Callable::new(kernel),
            library: Some(library),
        }
    }

    /// The kernel's signature: name, kind and element types.
    pub fn descriptor(&self) -> &KernelDescriptor {
        self.callable.descriptor()
    }

    /// The kernel's name.
    pub fn name(&self) -> &'static str {
        self.descriptor().name()
    }

    /// The kernel itself: its entry point and, for a reduction, its
    /// [`combiner`](Kernel::combiner) and [`identity`](Kernel::identity), with the
    /// [`abi_version`](Kernel::abi_version) of its library, for hosts that drive the C ABI
    /// themselves (merging partial results of a reduction, say). The code pointers of a loaded
    /// kernel point into its library, which stays loaded only while a `KernelRef` to it lives:
    /// call them while you hold this handle.
    pub fn kernel(&self) -> Kernel {
        *self.callable.kernel()
    }

    /// The library the kernel was loaded from, or `None` for a kernel linked into the
    /// program.
    pub fn path(&self) -> Option<&Path> {
        self.library.as_deref().map(Library::path)
    }

    /// Runs an elementwise kernel on class memory: `uniforms`, then `inputs`, then
    /// `outputs`, each in declaration order. An output may be the same buffer as an input
    /// (in place); two outputs may not.
    ///
    /// # Errors
    /// See [`KernelRef`]; [`Error::WrongKernelKind`] for a reduction.
    #[inline]
    pub fn run(
        &self,
        exec: &mut Executor,
        uniforms: &[Scalar],
        inputs: &[AnyBuffer],
        outputs: &[AnyBuffer],
    ) -> Result<(), Error> {
        self.callable.run(exec, uniforms, inputs, outputs)
    }

    /// Runs a reduction on class memory and returns its result, of the descriptor's output
    /// type.
    ///
    /// # Errors
    /// See [`KernelRef`]; [`Error::WrongKernelKind`] for an elementwise kernel,
    /// [`Error::TupleResult`] for a reduction to a tuple (call
    /// [`reduce_tuple`](Self::reduce_tuple)).
    #[inline]
    pub fn reduce(
        &self,
        exec: &Executor,
        uniforms: &[Scalar],
        inputs: &[AnyBuffer],
    ) -> Result<Scalar, Error> {
        self.callable.reduce(exec, uniforms, inputs)
    }

    /// Runs an elementwise kernel on slices.
    ///
    /// # Errors
    /// See [`KernelRef`]; [`Error::WrongKernelKind`] for a reduction.
    #[inline]
    pub fn run_slices(
        &self,
        uniforms: &[Scalar],
        inputs: &[AnySlice<'_>],
        outputs: &mut [AnySliceMut<'_>],
    ) -> Result<(), Error> {
        self.callable.run_slices(uniforms, inputs, outputs)
    }

    /// Runs a reduction on slices and returns its result.
    ///
    /// # Errors
    /// See [`KernelRef`]; [`Error::WrongKernelKind`] for an elementwise kernel,
    /// [`Error::TupleResult`] for a reduction to a tuple (call
    /// [`reduce_slices_tuple`](Self::reduce_slices_tuple)).
    #[inline]
    pub fn reduce_slices(
        &self,
        uniforms: &[Scalar],
        inputs: &[AnySlice<'_>],
    ) -> Result<Scalar, Error> {
        self.callable.reduce_slices(uniforms, inputs)
    }

    /// Runs a reduction on slices and returns every component of its result, in order: one
    /// value per entry of [`KernelDescriptor::results`] (a reduction to one value gives
    /// one). The components fold in the order of `hologram::fold`, each as a reduction of
    /// its own would.
    ///
    /// # Errors
    /// As [`reduce_slices`](Self::reduce_slices), without [`Error::TupleResult`].
    #[inline]
    pub fn reduce_slices_tuple(
        &self,
        uniforms: &[Scalar],
        inputs: &[AnySlice<'_>],
    ) -> Result<Scalars, Error> {
        self.callable.reduce_slices_tuple(uniforms, inputs)
    }

    /// Runs a reduction on class memory and returns every component of its result, as
    /// [`reduce_slices_tuple`](Self::reduce_slices_tuple) does on slices.
    ///
    /// # Errors
    /// As [`reduce`](Self::reduce), without [`Error::TupleResult`].
    #[inline]
    pub fn reduce_tuple(
        &self,
        exec: &Executor,
        uniforms: &[Scalar],
        inputs: &[AnyBuffer],
    ) -> Result<Scalars, Error> {
        self.callable.reduce_tuple(exec, uniforms, inputs)
    }
}

impl KernelRef {
    /// Joins two partial results of a reduction with its combiner: what a host that splits
    /// a reduction itself (across the batches and partitions of a query engine, say) uses to
    /// merge the pieces. Joining with the [`identity`](Kernel::identity) leaves a value as it
    /// is.
    ///
    /// ```
    /// # extern crate hologram_runtime as hologram;
    /// use hologram::{Registry, Scalar};
    ///
    /// let sum = Registry::with_stdlib().get("sum")?;
    /// let (x, y) = ([1.0f32, 2.0], [3.0f32]);
    /// let a = sum.reduce_slices(&[], &[(&x).into()])?;
    /// let b = sum.reduce_slices(&[], &[(&y).into()])?;
    /// assert_eq!(sum.combine(a, b)?, Scalar::F32(6.0));
    /// # Ok::<(), hologram::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::WrongKernelKind`] for an elementwise kernel; [`Error::NoCombiner`] for a
    /// reduction from a version-1 library; [`Error::TypeMismatch`] when `a` or `b` is not of
    /// the result type; [`Error::KernelFailed`] when the combiner reports a failure;
    /// [`Error::TupleResult`] for a reduction to a tuple (call
    /// [`combine_tuple`](Self::combine_tuple)).
    pub fn combine(&self, a: Scalar, b: Scalar) -> Result<Scalar, Error> {
        self.callable.combine(a, b)
    }

    /// Joins two partial results of a reduction to a tuple, one value per component, with
    /// the kernel's combiner (a one-result reduction takes one-value slices, as
    /// [`combine`](Self::combine) does).
    ///
    /// ```
    /// # extern crate hologram_runtime as hologram;
    /// use hologram::{Registry, Scalar};
    ///
    /// let reg = Registry::with_stdlib();
    /// let argmax = reg.get("argmax")?;
    /// let a = argmax.reduce_slices_tuple(&[], &[(&[1.0f32, 7.0][..]).into()])?;
    /// let b = argmax.reduce_slices_tuple(&[], &[(&[9.0f32][..]).into()])?;
    /// // `b` was reduced on its own, so its index counts from its own start.
    /// let joined = argmax.combine_tuple(&a, &b)?;
    /// assert_eq!(joined[0], Scalar::F32(9.0));
    /// # Ok::<(), hologram::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`combine`](Self::combine); [`Error::ArityMismatch`] when `a` or `b` does not hold
    /// one value per component.
    pub fn combine_tuple(&self, a: &[Scalar], b: &[Scalar]) -> Result<Scalars, Error> {
        self.callable.combine_tuple(a, b)
    }
}

impl KernelRef {
    /// Runs an elementwise kernel on arrays of any shape and strides, as its typed `arrays`
    /// function does: inputs broadcast to the outputs' shape (numpy's rules), every output
    /// has that shape.
    ///
    /// ```
    /// # extern crate hologram_runtime as hologram;
    /// use hologram::{Registry, View, ViewMut};
    ///
    /// let reg = Registry::with_stdlib();
    /// let x = [1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0];
    /// let bias = [10.0f32, 20.0, 30.0];
    /// let mut y = [0.0f32; 6];
    /// reg.get("add")?.run_arrays(
    ///     &[],
    ///     &[View::with_shape(&x, &[2, 3])?.into(), (&bias).into()],
    ///     &mut [ViewMut::with_shape(&mut y, &[2, 3])?.into()],
    /// )?;
    /// assert_eq!(y, [11.0, 22.0, 33.0, 14.0, 25.0, 36.0]);
    /// # Ok::<(), hologram::Error>(())
    /// ```
    ///
    /// A kernel from a library gets contiguous streams: runs of the arrays that are
    /// contiguous directly, any other run in pieces copied through buffers on the stack.
    ///
    /// # Errors
    /// See [`KernelRef`]; [`Error::ShapeMismatch`], [`Error::TooManyDimensions`];
    /// [`Error::WrongKernelKind`] for a reduction or a whole-stream kernel (call
    /// [`run_along`](Self::run_along)).
    pub fn run_arrays(
        &self,
        uniforms: &[Scalar],
        inputs: &[AnyView<'_>],
        outputs: &mut [AnyViewMut<'_>],
    ) -> Result<(), Error> {
        self.callable.run_arrays(uniforms, inputs, outputs)
    }

    /// Reduces arrays of any shape and strides: every element of the inputs' broadcast
    /// shape in row-major order, the same bits as [`reduce_slices`](Self::reduce_slices) on
    /// contiguous copies.
    ///
    /// Inputs that are not contiguous are copied, in row-major order, to a buffer of the
    /// calling thread (kept and reused by later calls), since the kernel folds one stream.
    ///
    /// # Errors
    /// See [`KernelRef`]; [`Error::ShapeMismatch`], [`Error::TooManyDimensions`];
    /// [`Error::WrongKernelKind`] for an elementwise kernel; [`Error::TupleResult`] for a
    /// reduction to a tuple (call [`reduce_arrays_tuple`](Self::reduce_arrays_tuple)).
    pub fn reduce_arrays(
        &self,
        uniforms: &[Scalar],
        inputs: &[AnyView<'_>],
    ) -> Result<Scalar, Error> {
        self.callable.reduce_arrays(uniforms, inputs)
    }

    /// Reduces arrays as [`reduce_arrays`](Self::reduce_arrays) does and returns every
    /// component of the result, in order.
    ///
    /// # Errors
    /// As [`reduce_arrays`](Self::reduce_arrays), without [`Error::TupleResult`].
    pub fn reduce_arrays_tuple(
        &self,
        uniforms: &[Scalar],
        inputs: &[AnyView<'_>],
    ) -> Result<Scalars, Error> {
        self.callable.reduce_arrays_tuple(uniforms, inputs)
    }

    /// Runs an elementwise kernel on every lane along `axis`: a whole-stream kernel
    /// (`softmax`) sees one lane per call. Every output has the inputs' broadcast shape.
    ///
    /// # Errors
    /// See [`KernelRef`]; [`Error::AxisOutOfRange`], [`Error::ShapeMismatch`],
    /// [`Error::TooManyDimensions`]; [`Error::WrongKernelKind`] for a reduction.
    pub fn run_along(
        &self,
        axis: usize,
        uniforms: &[Scalar],
        inputs: &[AnyView<'_>],
        outputs: &mut [AnyViewMut<'_>],
    ) -> Result<(), Error> {
        self.callable.run_along(axis, uniforms, inputs, outputs)
    }

    /// Reduces every lane along `axis` into one element of `out`, whose shape is the inputs'
    /// broadcast shape without `axis` (or with `axis` of extent 1).
    ///
    /// ```
    /// # extern crate hologram_runtime as hologram;
    /// use hologram::{Registry, View};
    ///
    /// let x = [1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0];
    /// let mut sums = [0.0f32; 2];
    /// let sum = Registry::with_stdlib().get("sum")?;
    /// sum.reduce_along(1, &[], &[View::with_shape(&x, &[2, 3])?.into()], (&mut sums).into())?;
    /// assert_eq!(sums, [6.0, 15.0]);
    /// # Ok::<(), hologram::Error>(())
    /// ```
    ///
    /// # Errors
    /// See [`KernelRef`]; [`Error::AxisOutOfRange`], [`Error::ShapeMismatch`],
    /// [`Error::TooManyDimensions`]; [`Error::WrongKernelKind`] for an elementwise kernel;
    /// [`Error::TupleResult`] for a reduction to a tuple (call
    /// [`reduce_along_tuple`](Self::reduce_along_tuple)).
    pub fn reduce_along(
        &self,
        axis: usize,
        uniforms: &[Scalar],
        inputs: &[AnyView<'_>],
        out: AnyViewMut<'_>,
    ) -> Result<(), Error> {
        self.callable.reduce_along(axis, uniforms, inputs, out)
    }

    /// Reduces every lane along `axis` as [`reduce_along`](Self::reduce_along) does, writing
    /// component `k` of each lane's result to `outputs[k]`: one output array per component,
    /// each of the component's type and of the shape `reduce_along` asks of its output.
    ///
    /// # Errors
    /// As [`reduce_along`](Self::reduce_along), without [`Error::TupleResult`];
    /// [`Error::ArityMismatch`] when `outputs` is not one array per component.
    pub fn reduce_along_tuple(
        &self,
        axis: usize,
        uniforms: &[Scalar],
        inputs: &[AnyView<'_>],
        outputs: &mut [AnyViewMut<'_>],
    ) -> Result<(), Error> {
        self.callable
            .reduce_along_tuple(axis, uniforms, inputs, outputs)
    }
}

impl KernelRef {
    /// Runs an elementwise kernel on `len` elements of streams given as a pointer and a byte
    /// stride each (a stride may be negative, and 0 on an input repeats one element): the
    /// call a host makes from memory it holds itself, such as numpy's inner loop, which gets
    /// exactly one pointer and one byte stride per operand. The stream is handed to the
    /// kernel's entry point as it is (ABI version 2 takes byte strides), a large call is
    /// split across threads as [`run_slices`](Self::run_slices) splits one (never a
    /// whole-stream kernel), and a kernel of ABI version 1 gets strided streams gathered
    /// into contiguous pieces. See [`strided`](crate::strided) for an example.
    ///
    /// The checks of a call by name apply (kind, arity, the types of uniforms and streams),
    /// and so do the ABI's rules for strides: [`Error::InvalidStride`] for a stride that is
    /// not a multiple of its element's size, or 0 on an output of more than one element.
    ///
    /// # Safety
    /// For the duration of the call:
    /// - every input's `len` elements (`ptr + i * stride`) are readable, initialised values
    ///   of its `elem`, aligned for it, and not written by anyone else;
    /// - every output's `len` elements are writable, aligned, and touched by no one else;
    /// - an output overlaps no other stream, except an input with the very same pointer and
    ///   stride (in place).
    ///
    /// # Errors
    /// See [`KernelRef`]; [`Error::InvalidStride`]; [`Error::WrongKernelKind`] for a
    /// reduction.
    #[inline]
    pub unsafe fn run_strided(
        &self,
        uniforms: &[Scalar],
        len: usize,
        inputs: &[StridedInput],
        outputs: &[StridedOutput],
    ) -> Result<(), Error> {
        // SAFETY: passed on from our caller.
        unsafe { self.callable.run_strided(uniforms, len, inputs, outputs) }
    }

    /// Runs a reduction on `len` elements of streams given as a pointer and a byte stride
    /// each, and returns its result: the bits of [`reduce_slices`](Self::reduce_slices) on
    /// contiguous copies of the streams, folded block by block across threads for a kernel
    /// with a combiner.
    ///
    /// # Safety
    /// Every input's `len` elements (`ptr + i * stride`) are readable, initialised values of
    /// its `elem`, aligned for it, and not written by anyone during the call.
    ///
    /// # Errors
    /// See [`KernelRef`]; [`Error::InvalidStride`]; [`Error::WrongKernelKind`] for an
    /// elementwise kernel; [`Error::TupleResult`] for a reduction to a tuple (call
    /// [`reduce_strided_tuple`](Self::reduce_strided_tuple)).
    #[inline]
    pub unsafe fn reduce_strided(
        &self,
        uniforms: &[Scalar],
        len: usize,
        inputs: &[StridedInput],
    ) -> Result<Scalar, Error> {
        // SAFETY: passed on from our caller.
        unsafe { self.callable.reduce_strided(uniforms, len, inputs) }
    }

    /// [`reduce_strided`](Self::reduce_strided), returning every component of the result:
    /// one value per entry of [`KernelDescriptor::results`], for a reduction to a tuple (it
    /// serves one-value reductions too).
    ///
    /// # Safety
    /// As [`reduce_strided`](Self::reduce_strided).
    ///
    /// # Errors
    /// As [`reduce_strided`](Self::reduce_strided), without [`Error::TupleResult`].
    #[inline]
    pub unsafe fn reduce_strided_tuple(
        &self,
        uniforms: &[Scalar],
        len: usize,
        inputs: &[StridedInput],
    ) -> Result<Scalars, Error> {
        // SAFETY: passed on from our caller.
        unsafe { self.callable.reduce_strided_tuple(uniforms, len, inputs) }
    }
}

impl From<Kernel> for KernelRef {
    /// A handle to a kernel linked into the program, without a registry.
    fn from(kernel: Kernel) -> KernelRef {
        KernelRef {
            callable: Callable::new(kernel),
            library: None,
        }
    }
}

impl fmt::Debug for KernelRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KernelRef")
            .field("descriptor", &self.descriptor().to_string())
            .field("library", &self.path().map(PathBuf::from))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_send_sync_and_cheap() {
        fn send_sync<T: Send + Sync + Clone>() {}
        send_sync::<KernelRef>();
        send_sync::<Registry>();
        // The descriptor (72 bytes on 64-bit), the entry and combiner pointers, the identity,
        // the ABI version and the library reference.
        assert!(size_of::<KernelRef>() <= 128);
    }

    #[test]
    fn the_stdlib_registers_under_its_names() {
        let reg = Registry::with_stdlib();
        assert_eq!(reg.len(), crate::stdlib::KERNELS.len());
        for k in crate::stdlib::KERNELS {
            let r = reg.get(k.descriptor().name()).expect("registered");
            assert_eq!(r.descriptor(), k.descriptor());
            assert_eq!(r.path(), None);
        }
        let mut sorted = reg.names();
        sorted.sort();
        assert_eq!(reg.names(), sorted);
    }
}
