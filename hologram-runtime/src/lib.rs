//! Hologram runtime (placeholder docs, replaced below).
#![deny(missing_docs)]

extern crate self as hologram;

pub mod abi;
pub mod element;
pub mod error;
pub mod executor;
mod kernel;
mod memory;
pub mod stdlib;

#[doc(hidden)]
#[path = "__private.rs"]
pub mod __private;

pub use element::{ElemType, Element};
pub use error::{Error, Result};
pub use executor::{Buffer, BufferId, CellView, Executor, MAX_CLASS_MEMORY_BYTES};
pub use hologram_macros::kernel;
pub use kernel::{Kernel, KernelDescriptor, KernelKind};
