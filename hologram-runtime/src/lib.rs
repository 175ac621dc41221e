//! The runtime of [Hologram](https://docs.rs/hologram): element types, class memory and the
//! executor, the C ABI of kernel entry points, the standard kernels and the error type.
//!
//! Use it through the `hologram` crate, which re-exports all of it; the examples here name
//! it `hologram` too.
//!
//! ```
//! # extern crate hologram_runtime as hologram;
//! use hologram::{Executor, stdlib};
//!
//! let mut exec = Executor::new();
//! let x = exec.alloc_from(&[1.0f32, -2.0, 3.0])?;
//! let y = exec.alloc::<f32>(3)?;
//! stdlib::relu::run(&mut exec, x, y)?;
//! assert_eq!(exec.read(y)?, &[1.0, 0.0, 3.0]);
//! # Ok::<(), hologram::Error>(())
//! ```
//!
//! | module | what |
//! |---|---|
//! | [`executor`] | [`Executor`] (class memory) and [`Buffer`] handles |
//! | [`element`] | [`Element`] and [`ElemType`]: the element types and their ABI codes |
//! | [`stdlib`] | the standard kernels, written with [`kernel`] |
//! | [`math`] | branch-free, vectorizable functions of std's float methods, f32 and f64 (`sin` ... `hypot`, `exp`, `ln`, `tanh`), and `sigmoid`, `erf`, `gelu`, `gelu_tanh` |
//! | [`array`](mod@array) | [`View`], [`ViewMut`]: strided, broadcast, n-dimensional arrays for `arrays` and `along` |
//! | [`fold`] | the fixed folding order of reductions |
//! | [`simd`] | AVX2 and FMA for generated loops, chosen at run time |
//! | [`threads`] | threads for large inputs, and how to cap them |
//! | [`registry`] | [`Registry`] (kernels by name, from shared libraries too) and [`KernelRef`] |
//! | [`dynamic`] | [`Scalar`], [`Scalars`], [`AnyBuffer`], [`AnySlice`], [`AnySliceMut`]: arguments of calls by name |
//! | [`strided`] | [`StridedInput`], [`StridedOutput`]: streams as a pointer and a byte stride, for hosts such as numpy |
//! | [`abi`] | the C ABI of kernel entry points and kernel libraries; [`export_kernels!`] |
//! | [`in_place`] | [`Overwrite`]: what `slices_into_{input}` takes, an input its output overwrites |
//! | [`error`] | [`Error`], one variant per failure |
#![deny(missing_docs)]
// No public function may panic on what a user passes it: every failure is an `Error`. These
// lints keep `unwrap`, `expect`, `panic!`-like macros and unchecked indexing out of the
// library code; each remaining exception is an `#[allow(..., reason = "...")]` at its site
// that says why the index cannot be out of range (see UNSAFE.md). Tests may unwrap.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented,
        clippy::indexing_slicing,
    )
)]

extern crate self as hologram;

pub mod abi;
pub mod array;
mod buffer;
mod call;
mod chunk;
mod class_map;
pub mod dynamic;
pub mod element;
pub mod error;
pub mod executor;
mod export;
pub mod fold;
pub mod in_place;
mod kernel;
mod loader;
pub mod math;
mod memory;
pub mod registry;
pub mod simd;
mod split;

pub mod stdlib;
pub mod strided;
pub mod threads;

#[doc(hidden)]
#[path = "__private.rs"]
pub mod __private;

pub use abi::{bools, bools_mut};
pub use array::{AnyView, AnyViewMut, View, ViewMut};
pub use dynamic::{AnyBuffer, AnySlice, AnySliceMut, Scalar, Scalars};
pub use element::{ElemType, Element};
pub use error::{Error, Result};
pub use executor::{Buffer, BufferId, CellView, Executor, MAX_CLASS_MEMORY_BYTES};
/// The `half` crate, whose [`f16`](half::f16) and [`bf16`](half::bf16) are element types:
/// `hologram::half::f16` needs no dependency of your own.
pub use half;
/// Turns a function over elements into a kernel.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::{kernel, Executor};
///
/// /// a*x + y, element by element.
/// #[kernel]
/// pub fn saxpy(#[uniform] a: f32, x: f32, y: f32) -> f32 {
///     a * x + y
/// }
///
/// fn main() -> Result<(), hologram::Error> {
///     let mut out = [0.0; 3];
///     saxpy::slices(2.0, &[1.0, 2.0, 3.0], &[1.0; 3], &mut out)?;
///     assert_eq!(out, [3.0, 5.0, 7.0]);
///
///     let mut exec = Executor::new();
///     let x = exec.alloc_from(&[1.0f32, 2.0])?;
///     saxpy::run(&mut exec, 10.0, x, x, x)?; // in place
///     assert_eq!(exec.read(x)?, &[11.0, 22.0]);
///     Ok(())
/// }
/// ```
///
/// # The function
/// - Each plain parameter is one element of an input stream; each `#[uniform]` parameter is
///   one value shared by every element. One parameter may be `#[index] i: u64`: the
///   element's logical index within the call (for `arrays`, its flat row-major index in the
///   output's shape), the same however the call is split across threads or pieces.
/// - The result is one element of the output, or a tuple of elements for several outputs
///   (`-> (f32, i64)`: two outputs).
/// - Element types are `f32, f64, i32, i64, u32, u8, i8, i16, u16, u64, bool`, written by
///   name (or through `core::primitive`), and `f16` and `bf16` of the `half` crate (bare
///   after `use hologram::half::f16`, or as `half::f16` or `hologram::half::f16`), mixed
///   freely.
/// - The function stays as written and callable, with `#[inline]` added when it has no
///   inline attribute, so a kernel body may call other kernels' functions: that fuses them
///   into one pass.
/// - Put the function at module level: the generated module imports it as `super::name`,
///   which cannot reach a function declared inside another function's body. A kernel there
///   gives one error, ``unresolved import `super::name` ``, at the function's name: move the
///   function out of the body.
/// - `#[cfg(...)]` attributes written below `#[kernel]` apply to the generated module too.
///
/// # What it generates
/// A module with the function's name and visibility, holding:
/// - `slices(..) -> Result<(), Error>`: the parameters in declaration order, uniforms by
///   value and inputs as `&[T]`, then one `&mut [T]` per output (named `out`, or `out0`,
///   `out1`, ...). Every length must match: [`Error::LengthMismatch`] otherwise,
///   with nothing written.
/// - `run(exec: &mut Executor, ..) -> Result<(), Error>`: the same over [`Buffer`]s
///   in class memory. An output may be the same buffer as an input (in place); two outputs
///   may not. No allocation.
/// - `arrays(..) -> Result<(), Error>`: the same over arrays of any shape and strides,
///   each input `impl Into<`[`View`]`<T>>` and each output `impl Into<`[`ViewMut`]`<T>>`
///   (slices, `Vec`s, ndarray arrays and views). Inputs broadcast to the output's shape
///   under numpy's rules; see [`array`](mod@array).
/// - `slices_into_{input}(..)`, one per input: the first output written over that input,
///   on plain slices. The named input is passed as `&mut [T]` (or `&mut Vec<T>`, `&mut [T;
///   N]`), the first output is left out, the other parameters are those of `slices`. An
///   input of another type than the output takes nothing that compiles: the error says the
///   types differ ([`Overwrite`]).
/// - `KERNEL:` [`Kernel`]: the descriptor (name, kind, element types) and the
///   C-ABI entry point.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::kernel;
///
/// #[kernel]
/// pub fn axpy(#[uniform] a: f32, x: f32, y: f32) -> f32 {
///     a * x + y
/// }
///
/// #[kernel]
/// pub fn ramp(#[uniform] step: f32, x: f32, #[index] i: u64) -> f32 {
///     x + step * i as f32
/// }
///
/// fn main() -> Result<(), hologram::Error> {
///     let x = vec![1.0f32; 4];
///     let mut y = vec![0.5f32; 4];
///     axpy::slices_into_y(2.0, &x, &mut y)?; // y = 2 x + y, in place
///     assert_eq!(y, [2.5; 4]);
///     let mut r = [0.0f32; 4];
///     ramp::slices(0.25, &x, &mut r)?;
///     assert_eq!(r, [1.0, 1.25, 1.5, 1.75]);
///     Ok(())
/// }
/// ```
///
/// The generated loop checks lengths once, then walks all streams in chunks of 32 elements
/// and a remainder, with no bounds check per element, so LLVM vectorizes the chunk body. It
/// calls the element function and nothing else, so its results are those of the function
/// applied element by element. Generated code contains no `unsafe`.
///
/// # Reductions
/// `#[kernel(reduce = add)]` (or `mul`, `min`, `max`) makes the function map elements to
/// values that are folded into one result; `#[kernel(reduce(combine = path, identity =
/// expr))]` folds with any `fn(T, T) -> T`. The result type may differ from the inputs'
/// (an `i32` stream can count into an `i64`).
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::{kernel, Executor};
///
/// #[kernel(reduce = add)]
/// pub fn dot(a: f32, b: f32) -> f32 {
///     a * b
/// }
///
/// fn hypot_acc(a: f64, b: f64) -> f64 {
///     a.hypot(b)
/// }
///
/// /// The Euclidean norm, folded with `hypot`.
/// #[kernel(reduce(combine = hypot_acc, identity = 0.0))]
/// pub fn norm(x: f64) -> f64 {
///     x
/// }
///
/// fn main() -> Result<(), hologram::Error> {
///     assert_eq!(dot::slices(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0])?, 32.0);
///     assert_eq!(norm::slices(&[3.0, 4.0])?, 5.0);
///     assert_eq!(dot::slices(&[], &[])?, 0.0); // empty: the identity
///
///     let mut exec = Executor::new();
///     let x = exec.alloc_from(&[1.0f32, 2.0])?;
///     assert_eq!(dot::run(&exec, x, x)?, 5.0);
///     Ok(())
/// }
/// ```
///
/// A reduction may return a tuple, folded in one pass: `reduce = (min, max, add)` gives each
/// component a built-in combiner of its own (as many as the tuple has components), and
/// `reduce(combine = path, identity = (..))` folds whole tuples with one `fn(R, R) -> R`
/// (Welford's mean and variance; a value and its `#[index]` for an argmax, as
/// [`stdlib::argmax`](mod@stdlib::argmax) does). Every path returns the tuple; `along` takes
/// one output array per component.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::kernel;
///
/// /// Min, max and NaN count in one pass.
/// #[kernel(reduce = (min, max, add))]
/// pub fn stats(x: f64) -> (f64, f64, u32) {
///     (x, x, u32::from(x.is_nan()))
/// }
///
/// fn main() -> Result<(), hologram::Error> {
///     assert_eq!(stats::slices(&[2.0, -1.0, 5.0])?, (-1.0, 5.0, 0));
///     Ok(())
/// }
/// ```
///
/// A reduction's module holds `slices(..) -> Result<T, Error>` (uniforms by value, inputs as
/// `&[T]`), `run(exec: &Executor, ..) -> Result<T, Error>`, `arrays(..) -> Result<T, Error>`
/// (every element of the inputs' broadcast shape, in row-major order: a strided array gives
/// the bits of a contiguous copy), `along(axis, .., out) -> Result<(), Error>` (one value
/// per lane along `axis`, written to `out`) and `KERNEL`. The built-in
/// combiners imply their identity: 0 for `add`, 1 for `mul`, +inf or the type's `MAX` for
/// `min`, -inf or the type's `MIN` for `max`; empty input returns it. Integer `add` and `mul`
/// wrap. Float `min` and `max` propagate NaN, as numpy does (`f32::max` would drop it; pass
/// `combine = f32::max` for that).
///
/// Values are folded with [`LANES`](fold::LANES) (32) independent accumulators in a fixed
/// tree, documented in [`fold`], so float reductions vectorize without fast-math, and the
/// result depends only on the input: `slices`, `run` and the C entry point return the same
/// bits. A tuple folds in that order component by component: each component has the bits a
/// reduction of its own would give.
///
/// # Options
/// `#[kernel(name = "my.kernel")]` sets the name in the descriptor (default: the
/// function's name). `reduce` is described above.
///
/// # Compile errors
/// Misuse is a compile error on the offending tokens, and the function is still emitted, so
/// one mistake gives one error: an element type that is not supported, a reference, slice or
/// pattern parameter, `self`, `async`, `unsafe`, `extern`, generics, no input stream, no
/// result or `()`, a `#[uniform]` with arguments or given twice, an unknown option;
/// more than 16 uniforms, inputs, outputs or results (the C ABI's `MAX_STREAMS`); an
/// `#[index]` that is not `u64`, given twice or also `#[uniform]`; for reductions, an
/// unknown combiner, a combiner that is not a path or has the wrong type, a missing
/// `combine` or `identity`, a list of combiners whose length is not the tuple's, and one
/// built-in combiner for a tuple. A type alias used several times is one error, at its first
/// use; a generic function is one error, at its generics.
pub use hologram_macros::kernel;
pub use in_place::Overwrite;
pub use kernel::{Kernel, KernelDescriptor, KernelKind};
pub use registry::{KernelRef, Registry};
pub use strided::{StridedInput, StridedOutput};
