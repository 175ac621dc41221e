//! [`Buffer`], the typed handle to a buffer in class memory, and [`BufferId`], its untyped
//! identity.

use crate::error::Error;
#[cfg(doc)]
use crate::executor::Executor;
use core::any::type_name;
use core::fmt;
use core::hash::{Hash, Hasher};
use core::marker::PhantomData;

/// A handle to a buffer of `T`s in an [`Executor`]'s class memory.
///
/// Small and `Copy`; it names the buffer but does not own it, so copies stay valid until
/// the buffer is passed to [`Executor::free`], after which all of them are stale. Its fields
/// are private: a handle can only come from [`Executor::alloc`] or [`Executor::alloc_from`].
pub struct Buffer<T> {
    pub(crate) executor: u64,
    pub(crate) class: usize,
    pub(crate) generation: u64,
    pub(crate) len: usize,
    _elem: PhantomData<fn() -> T>,
}

impl<T> Buffer<T> {
    pub(crate) fn new(executor: u64, class: usize, generation: u64, len: usize) -> Buffer<T> {
        Buffer {
            executor,
            class,
            generation,
            len,
            _elem: PhantomData,
        }
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the buffer has no elements.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The buffer's untyped identity: two handles with equal ids name the same buffer.
    pub fn id(&self) -> BufferId {
        BufferId {
            executor: self.executor,
            class: self.class,
            generation: self.generation,
        }
    }
}

impl<T> Clone for Buffer<T> {
    fn clone(&self) -> Buffer<T> {
        *self
    }
}

impl<T> Copy for Buffer<T> {}

impl<T> PartialEq for Buffer<T> {
    fn eq(&self, other: &Buffer<T>) -> bool {
        self.id() == other.id() && self.len == other.len
    }
}

impl<T> Eq for Buffer<T> {}

impl<T> Hash for Buffer<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.id().hash(state);
        self.len.hash(state);
    }
}

impl<T> fmt::Debug for Buffer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(&format!("Buffer<{}>", type_name::<T>()))
            .field("executor", &self.executor)
            .field("class", &self.class)
            .field("generation", &self.generation)
            .field("len", &self.len)
            .finish()
    }
}

/// The untyped identity of a [`Buffer`]: which executor, where, and which allocation.
///
/// Used to tell whether two handles, possibly of different element types, name the same
/// buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BufferId {
    executor: u64,
    class: usize,
    generation: u64,
}

/// Checks that no two outputs of one call are the same buffer: `outputs` pairs each output's
/// name with its buffer's id. What generated `run` functions call (through `__private`).
#[doc(hidden)]
pub fn check_distinct_outputs(kernel: &str, outputs: &[(&str, BufferId)]) -> Result<(), Error> {
    for (i, &(first, a)) in outputs.iter().enumerate() {
        for &(second, b) in outputs.iter().skip(i + 1) {
            if a == b {
                return Err(Error::aliased_outputs(kernel, first, second));
            }
        }
    }
    Ok(())
}
