//! Hologram kernels as [Apache DataFusion](https://datafusion.apache.org) SQL functions, on
//! one machine or on an [Apache Ballista](https://datafusion.apache.org/ballista/) cluster.
//!
//! ```
//! use datafusion::prelude::SessionContext;
//! use hologram_datafusion::register_kernels;
//! use hologram_runtime::Registry;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let ctx = SessionContext::new();
//! let registered = register_kernels(&ctx, &Registry::with_stdlib())?;
//! assert!(registered.names().contains(&"hg_exp".to_owned()));
//!
//! let df = ctx
//!     .sql("SELECT hg_exp(CAST(0.0 AS DOUBLE)) AS e, hg_dot(a, b) AS d \
//!           FROM (VALUES (1.0, 2.0), (3.0, 4.0)) AS t(a, b)")
//!     .await?;
//! let rows = df.collect().await?;
//! let e = rows[0].column(0).as_any().downcast_ref::<datafusion::arrow::array::Float64Array>();
//! assert_eq!(e.map(|a| a.value(0)), Some(1.0));
//! # Ok(())
//! # }
//! ```
//!
//! # How kernels map to SQL
//!
//! - Every elementwise kernel becomes part of a scalar function ([`KernelFunction`]), every
//!   reduction part of an aggregate function ([`KernelAggregate`]), whose partial results
//!   (of batches, partitions and executors) merge with the kernel's combiner.
//! - One SQL function per base name: `exp` (f32) and `f64::exp` are both `hg_exp`, and the
//!   types of the stream arguments choose the kernel (exact types first, then a lossless
//!   cast, then any numeric cast).
//! - Arguments are the uniforms, then the inputs, as in every call by name:
//!   `hg_saxpy(2.0, x, y)`, `hg_clip(0.0, 1.0, x)`. A uniform must be a literal; anything else
//!   is an error while the plan is made ([`Error::UniformNotLiteral`]).
//! - Several outputs are a struct with fields `out0`, `out1`, ...
//! - A null in any argument of a row gives null (the union of the validity bitmaps). An
//!   aggregate leaves such rows out, as SQL aggregates do, and gives NULL for a group with
//!   no row left.
//! - Names: [`Options`]. By default every name is prefixed with `hg_`; a name the session
//!   already has is an error ([`Error::NameClash`]) unless replacing is asked for.
//! - Streams reach kernels without a copy: Arrow's primitive buffers are contiguous, and
//!   the slices start at an array's offset. Element types map to Arrow types as the table in
//!   `src/types.rs` says (`f32` is `Float32`, `u8` is `UInt8`, ...).
//! - Whole-stream kernels (`softmax`) and reductions without a combiner (version-1
//!   libraries) have no SQL function; [`Functions::skipped`] lists them.
//!
//! # Ballista
//!
//! [`cluster`] holds what a scheduler and an executor need to know the kernels, and the
//! `hologram-scheduler` and `hologram-executor` binaries, which load kernel libraries from
//! `HOLOGRAM_KERNEL_PATH` at startup.
#![deny(missing_docs)]

mod aggregate;
pub mod cluster;
mod columns;
mod error;
mod family;
mod options;
mod register;
mod scalar;
mod types;

pub use aggregate::KernelAggregate;
pub use error::Error;
pub use options::Options;
pub use register::{
    Functions, SkipReason, Skipped, functions, register_kernels, register_kernels_in_state,
    register_kernels_with,
};
pub use scalar::KernelFunction;
