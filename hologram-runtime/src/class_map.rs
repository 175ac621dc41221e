//! The books of class memory: which classes are free and which buffers are live. The
//! [`Executor`](crate::Executor) consults them on every use of a handle.

use crate::buffer::Buffer;
use crate::element::{ElemType, Element};
use crate::error::Error;
use core::any::type_name;

/// What each class holds.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Slot {
    /// Not part of any buffer.
    Free,
    /// The first class of a buffer.
    Head(Head),
    /// A later class of the buffer whose head comes before it.
    Tail,
}

/// The record of one live buffer, kept in its first class's slot.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Head {
    generation: u64,
    classes: usize,
    elem: ElemType,
    len: usize,
}

/// Where a validated buffer's elements are: `len` elements from byte `offset`.
pub(crate) struct Span {
    pub(crate) offset: usize,
    pub(crate) len: usize,
}

/// The bookkeeping of class memory: which classes are free and which buffers are live.
///
/// All vectors are sized when the executor is made and never grow.
#[derive(Debug)]
pub(crate) struct ClassMap {
    pub(crate) executor: u64,
    pub(crate) class_bytes: usize,
    pub(crate) slots: Vec<Slot>,
    pub(crate) free: usize,
    next_generation: u64,
}

impl ClassMap {
    /// `count` free classes, or [`Error::AllocationFailed`] if the bookkeeping does not fit.
    pub(crate) fn new(executor: u64, count: usize, class_bytes: usize) -> Result<ClassMap, Error> {
        let mut slots = Vec::new();
        slots
            .try_reserve_exact(count)
            .map_err(|_| Error::AllocationFailed {
                bytes: count.saturating_mul(size_of::<Slot>()),
            })?;
        slots.resize(count, Slot::Free);
        Ok(ClassMap {
            executor,
            class_bytes,
            slots,
            free: count,
            next_generation: 1,
        })
    }

    /// Classes a buffer of `bytes` bytes takes: at least one.
    pub(crate) fn classes_for(&self, bytes: usize) -> usize {
        bytes.div_ceil(self.class_bytes).max(1)
    }

    /// Byte offset of class `class`. Never overflows for `class <= class_count`, whose
    /// offsets are at most the validated total; saturates beyond, which `memory` refuses.
    pub(crate) fn offset(&self, class: usize) -> usize {
        class.saturating_mul(self.class_bytes)
    }

    /// The first class of the first run of `classes` free classes.
    pub(crate) fn first_fit(&self, classes: usize) -> Option<usize> {
        if classes > self.free {
            return None;
        }
        let mut run = 0;
        for (class, slot) in self.slots.iter().enumerate() {
            run = if matches!(slot, Slot::Free) {
                run + 1
            } else {
                0
            };
            if run == classes {
                return Some(class + 1 - classes);
            }
        }
        None
    }

    /// Length of the longest run of free classes.
    pub(crate) fn largest_free_run(&self) -> usize {
        let mut run = 0;
        let mut largest = 0;
        for slot in &self.slots {
            run = if matches!(slot, Slot::Free) {
                run + 1
            } else {
                0
            };
            largest = largest.max(run);
        }
        largest
    }

    pub(crate) fn out_of_memory(&self, requested_bytes: usize, classes_needed: usize) -> Error {
        Error::OutOfClassMemory {
            requested_bytes,
            classes_needed,
            free_classes: self.free,
            largest_free_run: self.largest_free_run(),
            class_bytes: self.class_bytes,
            class_count: self.slots.len(),
        }
    }

    /// Marks the free run `first..first + classes` as one buffer; returns its generation.
    pub(crate) fn take(&mut self, first: usize, classes: usize, elem: ElemType, len: usize) -> u64 {
        // Generations never repeat in practice: at 10^9 allocations a second, wrapping
        // takes 584 years.
        let generation = self.next_generation;
        self.next_generation = generation.wrapping_add(1);
        let head = Head {
            generation,
            classes,
            elem,
            len,
        };
        for (i, slot) in self.slots.iter_mut().skip(first).take(classes).enumerate() {
            *slot = if i == 0 { Slot::Head(head) } else { Slot::Tail };
        }
        self.free = self.free.saturating_sub(classes);
        generation
    }

    /// Frees the buffer whose head is at `first`; does nothing if there is none.
    pub(crate) fn release(&mut self, first: usize) {
        let Some(&Slot::Head(head)) = self.slots.get(first) else {
            return;
        };
        for slot in self.slots.iter_mut().skip(first).take(head.classes) {
            *slot = Slot::Free;
        }
        self.free = self.free.saturating_add(head.classes);
    }

    /// Where the live buffer `buf` is, or why it cannot be used. Inlined into every call
    /// on class memory; the errors are built out of line.
    #[inline(always)]
    pub(crate) fn locate<T: Element>(&self, buf: &Buffer<T>) -> Result<Span, Error> {
        if buf.executor != self.executor {
            return Err(self.foreign(buf));
        }
        match self.slots.get(buf.class) {
            Some(Slot::Head(head))
                if head.generation == buf.generation
                    && head.elem == T::TYPE
                    && head.len == buf.len =>
            {
                Ok(Span {
                    offset: self.offset(buf.class),
                    len: head.len,
                })
            }
            _ => Err(stale(buf)),
        }
    }

    #[cold]
    #[inline(never)]
    fn foreign<T: Element>(&self, buf: &Buffer<T>) -> Error {
        Error::ForeignBuffer {
            elem: type_name::<T>(),
            len: buf.len,
            class: buf.class,
            owner: buf.executor,
            this: self.executor,
        }
    }
}

#[cold]
#[inline(never)]
fn stale<T: Element>(buf: &Buffer<T>) -> Error {
    Error::StaleBuffer {
        elem: type_name::<T>(),
        len: buf.len,
        class: buf.class,
        generation: buf.generation,
    }
}
