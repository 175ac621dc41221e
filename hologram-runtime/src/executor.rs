//! The executor: class memory with typed buffer handles, in safe code.
//!
//! An [`Executor`] owns one arena of equally sized *classes*, allocated once when it is made.
//! [`Executor::alloc`] hands out a [`Buffer`], a small `Copy` handle to a zeroed run of
//! contiguous classes; [`Executor::read`], [`Executor::read_mut`] and [`Executor::cells`] turn
//! a handle back into a slice without copying or allocating. A handle is checked on every use:
//! one that was freed is [`Error::StaleBuffer`], one from another executor is
//! [`Error::ForeignBuffer`]. Neither is ever undefined behaviour.
//!
//! All raw memory lives in the private `memory` module; this module only keeps the books.

use core::cell::Cell;
use core::fmt;
use core::sync::atomic::{AtomicU64, Ordering};

pub use crate::buffer::{Buffer, BufferId};
use crate::class_map::ClassMap;
use crate::element::Element;
use crate::error::Error;
use crate::memory::{CLASS_ALIGN, Cells, ClassMemory};

/// The most class memory one executor may hold, in bytes: 1 TiB on 64-bit targets, 1 GiB on
/// 32-bit ones. [`Executor::with_classes`] refuses more.
pub const MAX_CLASS_MEMORY_BYTES: usize = 1 << if usize::BITS >= 64 { 40 } else { 30 };

/// Source of executor ids; 0 is never handed out.
static NEXT_EXECUTOR_ID: AtomicU64 = AtomicU64::new(1);

/// Class memory and the buffers in it.
///
/// The memory is one zeroed allocation of `class_count × class_bytes` bytes, aligned to 64
/// bytes, made once in [`Executor::new`] or [`Executor::with_classes`] together with the
/// bookkeeping. After that the executor allocates no heap memory of its own: a buffer is a
/// run of contiguous free classes (first fit), and reading or writing it is zero-copy. Only
/// [`Executor::to_vec`], which returns a copy, and errors, which carry descriptive
/// `String`s, allocate.
///
/// # Example
/// ```
/// use hologram_runtime::Executor;
///
/// let mut exec = Executor::new();
/// let x = exec.alloc_from(&[1.0f32, 2.0, 3.0])?;
/// for v in exec.read_mut(x)? {
///     *v *= 2.0;
/// }
/// assert_eq!(exec.read(x)?, &[2.0, 4.0, 6.0]);
///
/// exec.free(x)?;
/// assert!(exec.read(x).is_err()); // a freed handle is stale, never a dangling pointer
/// assert_eq!(exec.free_classes(), exec.class_count());
/// # Ok::<(), hologram_runtime::Error>(())
/// ```
pub struct Executor {
    memory: ClassMemory,
    map: ClassMap,
    /// The thread cap of calls through this executor; 0: the process default.
    pub(crate) threads: usize,
}

impl Executor {
    /// Number of classes of [`Executor::new`].
    pub const DEFAULT_CLASS_COUNT: usize = 96;

    /// Size of one class of [`Executor::new`] in bytes: 3,072 `f32`s.
    ///
    /// Three pages of 4 KiB, so every buffer of the default executor starts at the same
    /// offset modulo 4 KiB. That is the fast placement for streaming loops, where a load must
    /// not seem to depend on a recent store to an address 4 KiB away with the same low bits
    /// ("4K aliasing"). Measured on a 2-core AMD EPYC, `relu` of 3,072 `f32` in L1 takes 107 ns
    /// with its output at the same offset as its input modulo 4 KiB, or 64 bytes and more
    /// away, but 134 to 151 ns with the output 16 bytes ahead or behind. Classes are
    /// multiples of 64 bytes, so no two buffers ever sit that close: staggering the classes
    /// would gain nothing.
    pub const DEFAULT_CLASS_BYTES: usize = 12_288;

    /// The most classes one executor may have: 2^24 (16,777,216). [`Executor::with_classes`]
    /// refuses more.
    ///
    /// The executor keeps a few dozen bytes of bookkeeping per class, written when it is
    /// made, and scans the classes on every allocation; this bounds both (to well under 1 GiB
    /// of bookkeeping), whatever the class size. For more memory, use larger classes.
    pub const MAX_CLASS_COUNT: usize = 1 << 24;

    /// An executor with [`DEFAULT_CLASS_COUNT`](Self::DEFAULT_CLASS_COUNT) classes of
    /// [`DEFAULT_CLASS_BYTES`](Self::DEFAULT_CLASS_BYTES) bytes (1.125 MiB).
    ///
    /// The default layout is valid (checked at compile time), so the only way this can fail
    /// is the system running out of memory. That is reported the way `Vec` and `Box` report
    /// it, through [`std::alloc::handle_alloc_error`]. Use [`Executor::with_classes`] to get an
    /// [`Error::AllocationFailed`] instead.
    pub fn new() -> Executor {
        match Executor::with_classes(Self::DEFAULT_CLASS_COUNT, Self::DEFAULT_CLASS_BYTES) {
            Ok(exec) => exec,
            Err(_) => std::alloc::handle_alloc_error(DEFAULT_LAYOUT),
        }
    }

    /// An executor with `count` classes of `class_bytes` bytes each, in one zeroed,
    /// 64-byte-aligned allocation.
    ///
    /// # Errors
    /// [`Error::InvalidClassLayout`] if `count` or `class_bytes` is zero, `class_bytes` is
    /// not a multiple of 64 (every class must stay 64-byte aligned), the total overflows
    /// `usize` or exceeds [`MAX_CLASS_MEMORY_BYTES`], or `count` exceeds
    /// [`MAX_CLASS_COUNT`](Self::MAX_CLASS_COUNT). [`Error::AllocationFailed`] if the system refuses the
    /// memory; this never aborts.
    ///
    /// ```
    /// use hologram_runtime::{Error, Executor};
    ///
    /// let exec = Executor::with_classes(16, 256)?;
    /// assert_eq!(exec.free_classes(), 16);
    /// assert!(matches!(
    ///     Executor::with_classes(16, 100),
    ///     Err(Error::InvalidClassLayout { .. })
    /// ));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn with_classes(count: usize, class_bytes: usize) -> Result<Executor, Error> {
        let bytes = checked_total(count, class_bytes)?;
        let id = NEXT_EXECUTOR_ID.fetch_add(1, Ordering::Relaxed);
        let map = ClassMap::new(id, count, class_bytes)?;
        let memory = ClassMemory::zeroed(bytes).ok_or(Error::AllocationFailed { bytes })?;
        Ok(Executor {
            memory,
            map,
            threads: 0,
        })
    }

    /// An executor of classes of [`DEFAULT_CLASS_BYTES`](Self::DEFAULT_CLASS_BYTES) (larger
    /// when that would take more than [`MAX_CLASS_COUNT`](Self::MAX_CLASS_COUNT) classes)
    /// holding at least `bytes` bytes: room for one buffer of `bytes`, or several that add up
    /// to it when each is a whole number of classes.
    ///
    /// ```
    /// use hologram_runtime::Executor;
    ///
    /// let mut exec = Executor::with_capacity_bytes(4 << 20)?; // 4 MiB
    /// let x = exec.alloc::<f32>(1 << 20)?;                    // 2^20 f32
    /// assert_eq!(exec.read(x)?.len(), 1 << 20);
    /// # Ok::<(), hologram_runtime::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`with_classes`](Self::with_classes): [`Error::InvalidClassLayout`] when `bytes`
    /// is above [`MAX_CLASS_MEMORY_BYTES`], [`Error::AllocationFailed`].
    pub fn with_capacity_bytes(bytes: usize) -> Result<Executor, Error> {
        let mut class_bytes = Self::DEFAULT_CLASS_BYTES;
        let mut count = bytes.div_ceil(class_bytes).max(1);
        if count > Self::MAX_CLASS_COUNT {
            class_bytes = bytes
                .div_ceil(Self::MAX_CLASS_COUNT)
                .div_ceil(64)
                .saturating_mul(64);
            count = bytes.div_ceil(class_bytes).max(1);
        }
        Executor::with_classes(count, class_bytes)
    }

    /// Caps the threads of large calls through this executor (inline `run` and reductions,
    /// and `KernelRef::run` and `reduce`); `1` turns threads off, `0` restores the process
    /// default of [`threads::max_threads`](crate::threads::max_threads). Calls on fewer than
    /// [`PARALLEL_THRESHOLD`](crate::threads::PARALLEL_THRESHOLD) elements always run on
    /// the calling thread.
    ///
    /// ```
    /// use hologram_runtime::Executor;
    ///
    /// let mut exec = Executor::new();
    /// exec.set_max_threads(1);
    /// assert_eq!(exec.max_threads(), 1);
    /// ```
    pub fn set_max_threads(&mut self, threads: usize) {
        self.threads = threads;
    }

    /// The number of threads a large call through this executor may use: its own cap, else
    /// the process default.
    pub fn max_threads(&self) -> usize {
        match self.threads {
            0 => crate::threads::max_threads(),
            cap => cap,
        }
    }

    /// This executor's id, unique in the process. Every [`Buffer`] remembers the id of the
    /// executor that made it, which is how a foreign handle is told apart.
    pub fn id(&self) -> u64 {
        self.map.executor
    }

    /// Number of classes.
    pub fn class_count(&self) -> usize {
        self.map.slots.len()
    }

    /// Size of one class in bytes (a multiple of 64).
    pub fn class_bytes(&self) -> usize {
        self.map.class_bytes
    }

    /// Number of classes not held by any buffer. They need not be contiguous: see
    /// [`Error::OutOfClassMemory`].
    pub fn free_classes(&self) -> usize {
        self.map.free
    }

    /// A zeroed buffer of `len` elements of `T`.
    ///
    /// The buffer takes the first run of `ceil(len × size_of::<T>() / class_bytes)`
    /// contiguous free classes; a zero-length buffer still takes one class, so that every
    /// live buffer has its own identity. The buffer starts on a 64-byte boundary.
    ///
    /// # Errors
    /// [`Error::BufferTooLarge`] if `len × size_of::<T>()` overflows `usize`;
    /// [`Error::OutOfClassMemory`] if no run of free classes is long enough. Neither changes
    /// anything.
    pub fn alloc<T: Element>(&mut self, len: usize) -> Result<Buffer<T>, Error> {
        let bytes = len
            .checked_mul(size_of::<T>())
            .ok_or(Error::BufferTooLarge { len, elem: T::TYPE })?;
        let classes = self.map.classes_for(bytes);
        let first = self
            .map
            .first_fit(classes)
            .ok_or_else(|| self.map.out_of_memory(bytes, classes))?;
        let generation = self.map.take(first, classes, T::TYPE, len);
        let start = self.map.offset(first);
        let end = self.map.offset(first.saturating_add(classes));
        self.memory.zero(start..end);
        Ok(Buffer::new(self.id(), first, generation, len))
    }

    /// A buffer holding a copy of `data`.
    ///
    /// # Errors
    /// As [`Executor::alloc`].
    pub fn alloc_from<T: Element>(&mut self, data: &[T]) -> Result<Buffer<T>, Error> {
        let buf = self.alloc::<T>(data.len())?;
        self.read_mut(buf)?.copy_from_slice(data);
        Ok(buf)
    }

    /// Copies `data` into `buf`, which must have exactly `data.len()` elements.
    ///
    /// # Errors
    /// [`Error::ForeignBuffer`], [`Error::StaleBuffer`], or [`Error::WrongDataLength`] if the
    /// lengths differ; on error nothing is written.
    pub fn write<T: Element>(&mut self, buf: Buffer<T>, data: &[T]) -> Result<(), Error> {
        let dest = self.read_mut(buf)?;
        if dest.len() != data.len() {
            return Err(Error::WrongDataLength {
                found: data.len(),
                expected: dest.len(),
            });
        }
        dest.copy_from_slice(data);
        Ok(())
    }

    /// The contents of `buf`, borrowed from class memory without copying.
    ///
    /// # Errors
    /// [`Error::ForeignBuffer`] or [`Error::StaleBuffer`].
    #[inline]
    pub fn read<T: Element>(&self, buf: Buffer<T>) -> Result<&[T], Error> {
        let span = self.map.locate(&buf)?;
        Ok(self.memory.slice(span.offset, span.len))
    }

    /// The contents of `buf`, mutably borrowed from class memory without copying.
    ///
    /// # Errors
    /// [`Error::ForeignBuffer`] or [`Error::StaleBuffer`].
    #[inline]
    pub fn read_mut<T: Element>(&mut self, buf: Buffer<T>) -> Result<&mut [T], Error> {
        let span = self.map.locate(&buf)?;
        Ok(self.memory.slice_mut(span.offset, span.len))
    }

    /// A copy of the contents of `buf`.
    ///
    /// # Errors
    /// [`Error::ForeignBuffer`] or [`Error::StaleBuffer`].
    pub fn to_vec<T: Element>(&self, buf: Buffer<T>) -> Result<Vec<T>, Error> {
        self.read(buf).map(<[T]>::to_vec)
    }

    /// Frees `buf`; its classes can be reused by later allocations, and every copy of the
    /// handle becomes stale.
    ///
    /// # Errors
    /// [`Error::ForeignBuffer`], or [`Error::StaleBuffer`] for a double free.
    pub fn free<T: Element>(&mut self, buf: Buffer<T>) -> Result<(), Error> {
        self.map.locate(&buf)?;
        self.map.release(buf.class);
        Ok(())
    }

    /// Views of buffers that may alias, for in-place work.
    ///
    /// The returned [`CellView`] borrows the executor exclusively, and hands out
    /// `&[Cell<T>]` views; several views of the same buffer may be alive at once, e.g. when a
    /// kernel's output is also one of its inputs.
    ///
    /// ```
    /// use hologram_runtime::Executor;
    ///
    /// let mut exec = Executor::new();
    /// let x = exec.alloc_from(&[1i32, 2, 3])?;
    /// let cells = exec.cells();
    /// let (input, output) = (cells.get(x)?, cells.get(x)?);
    /// for (i, o) in input.iter().zip(output) {
    ///     o.set(i.get() * 10);
    /// }
    /// assert_eq!(exec.read(x)?, &[10, 20, 30]);
    /// # Ok::<(), hologram_runtime::Error>(())
    /// ```
    pub fn cells(&mut self) -> CellView<'_> {
        CellView {
            map: &self.map,
            cells: self.memory.cells(),
        }
    }
}

impl Default for Executor {
    /// Same as [`Executor::new`].
    fn default() -> Executor {
        Executor::new()
    }
}

impl fmt::Debug for Executor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Executor")
            .field("id", &self.id())
            .field("class_count", &self.class_count())
            .field("class_bytes", &self.class_bytes())
            .field("free_classes", &self.free_classes())
            .finish_non_exhaustive()
    }
}

/// Layout of the default class memory, checked at compile time.
const DEFAULT_LAYOUT: core::alloc::Layout = match core::alloc::Layout::from_size_align(
    Executor::DEFAULT_CLASS_COUNT * Executor::DEFAULT_CLASS_BYTES,
    CLASS_ALIGN,
) {
    Ok(layout) => layout,
    Err(_) => panic!("the default class memory layout is invalid"),
};

const _: () = assert!(Executor::DEFAULT_CLASS_BYTES.is_multiple_of(CLASS_ALIGN));
const _: () = assert!(DEFAULT_LAYOUT.size() <= MAX_CLASS_MEMORY_BYTES);

/// Validates a class layout and returns its total size in bytes.
fn checked_total(count: usize, class_bytes: usize) -> Result<usize, Error> {
    let invalid = |reason: String| Err(Error::InvalidClassLayout { reason });
    if count == 0 {
        return invalid("the class count is 0; ask for at least one class".to_owned());
    }
    if class_bytes == 0 || !class_bytes.is_multiple_of(CLASS_ALIGN) {
        return invalid(format!(
            "a class of {class_bytes} bytes is not a positive multiple of {CLASS_ALIGN}; \
             round it up to {} so that every class stays {CLASS_ALIGN}-byte aligned",
            class_bytes.max(1).next_multiple_of(CLASS_ALIGN),
        ));
    }
    // The advice for a total that is too large: as many classes of this size as both limits
    // allow.
    let at_most = (MAX_CLASS_MEMORY_BYTES / class_bytes).min(Executor::MAX_CLASS_COUNT);
    let total = match count.checked_mul(class_bytes) {
        Some(total) if total <= MAX_CLASS_MEMORY_BYTES => total,
        None => {
            return invalid(format!(
                "{count} classes of {class_bytes} bytes overflow usize, and exceed the maximum \
                 of {MAX_CLASS_MEMORY_BYTES} bytes (MAX_CLASS_MEMORY_BYTES); ask for at most \
                 {at_most} classes of that size"
            ));
        }
        Some(_) => {
            return invalid(format!(
                "{count} classes of {class_bytes} bytes exceed the maximum of \
                 {MAX_CLASS_MEMORY_BYTES} bytes (MAX_CLASS_MEMORY_BYTES); ask for at most \
                 {at_most} classes of that size"
            ));
        }
    };
    if count > Executor::MAX_CLASS_COUNT {
        return invalid(format!(
            "{count} classes are more than Executor::MAX_CLASS_COUNT ({}); use fewer, larger \
             classes, e.g. {} classes of {} bytes",
            Executor::MAX_CLASS_COUNT,
            count.div_ceil(count.div_ceil(Executor::MAX_CLASS_COUNT)),
            class_bytes.saturating_mul(count.div_ceil(Executor::MAX_CLASS_COUNT)),
        ));
    }
    Ok(total)
}
/// Exclusive access to an executor's buffers through views that may alias, for in-place
/// work. Made by [`Executor::cells`].
///
/// [`CellView::get`] returns `&'a [Cell<T>]`, and may be called any number of times, also
/// for the same buffer: all views can be alive together, because a `Cell` view allows
/// shared mutation and the `CellView` holds the executor's exclusive borrow for `'a`, so no
/// plain `&[T]` or `&mut [T]` of class memory can exist meanwhile.
///
/// A `CellView` cannot be sent to or shared with another thread, since its views outlive
/// borrows of it:
///
/// ```compile_fail
/// fn assert_send<T: Send>(_: T) {}
/// let mut exec = hologram_runtime::Executor::new();
/// assert_send(exec.cells());
/// ```
pub struct CellView<'a> {
    map: &'a ClassMap,
    cells: Cells<'a>,
}

impl<'a> CellView<'a> {
    /// The contents of `buf` as cells, valid for as long as the executor stays borrowed.
    ///
    /// # Errors
    /// [`Error::ForeignBuffer`] or [`Error::StaleBuffer`].
    #[inline(always)]
    pub fn get<T: Element>(&self, buf: Buffer<T>) -> Result<&'a [Cell<T>], Error> {
        let span = self.map.locate(&buf)?;
        Ok(self.cells.get(span.offset, span.len))
    }
}

impl fmt::Debug for CellView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CellView")
            .field("executor", &self.map.executor)
            .finish_non_exhaustive()
    }
}

/// The thread cap of calls through `exec` as set, `0` meaning the process default (read only
/// when a call is large enough to use threads). What generated `run` functions call (through
/// `__private`).
#[doc(hidden)]
#[inline(always)]
pub fn executor_threads(exec: &Executor) -> usize {
    exec.threads
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::element::ElemType;

    fn small(count: usize) -> Executor {
        Executor::with_classes(count, 256).expect("small executor")
    }

    fn reason(result: Result<Executor, Error>) -> String {
        match result {
            Err(Error::InvalidClassLayout { reason }) => reason,
            other => panic!("expected InvalidClassLayout, got {other:?}"),
        }
    }

    fn addr<T: Element>(exec: &Executor, buf: Buffer<T>) -> usize {
        exec.read(buf).expect("live buffer").as_ptr() as usize
    }

    #[test]
    fn new_has_the_default_layout() {
        let exec = Executor::new();
        assert_eq!(exec.class_count(), 96);
        assert_eq!(exec.class_bytes(), 12_288);
        assert_eq!(exec.free_classes(), 96);
        let exec = Executor::default();
        assert_eq!(
            exec.class_count() * exec.class_bytes(),
            DEFAULT_LAYOUT.size()
        );
    }

    #[test]
    fn executor_ids_are_unique() {
        let (a, b) = (small(1), small(1));
        assert_ne!(a.id(), b.id());
        assert_ne!(a.id(), 0);
    }

    #[test]
    fn with_classes_refuses_bad_layouts() {
        assert!(reason(Executor::with_classes(0, 256)).contains("at least one class"));
        assert!(reason(Executor::with_classes(4, 0)).contains("round it up to 64"));
        assert!(reason(Executor::with_classes(4, 100)).contains("round it up to 128"));
        assert!(reason(Executor::with_classes(usize::MAX, 64)).contains("overflow usize"));
        assert!(reason(Executor::with_classes(2, usize::MAX / 128 * 64 + 64)).contains("overflow"));
        let too_many = MAX_CLASS_MEMORY_BYTES / 64 + 1;
        let r = reason(Executor::with_classes(too_many, 64));
        assert!(r.contains(&format!("at most {} classes", Executor::MAX_CLASS_COUNT)));
        let r = reason(Executor::with_classes(Executor::MAX_CLASS_COUNT + 1, 64));
        assert!(
            r.contains("more than Executor::MAX_CLASS_COUNT (16777216)"),
            "{r}"
        );
        assert!(r.contains("e.g. 8388609 classes of 128 bytes"), "{r}");
    }

    #[test]
    fn the_maximum_layout_passes_validation() {
        let class = MAX_CLASS_MEMORY_BYTES / Executor::MAX_CLASS_COUNT;
        assert_eq!(
            checked_total(Executor::MAX_CLASS_COUNT, class),
            Ok(MAX_CLASS_MEMORY_BYTES)
        );
        assert_eq!(
            checked_total(Executor::MAX_CLASS_COUNT, 64),
            Ok(Executor::MAX_CLASS_COUNT * 64)
        );
        assert!(checked_total(Executor::MAX_CLASS_COUNT + 1, 64).is_err());
        assert!(MAX_CLASS_MEMORY_BYTES < isize::MAX as usize);
    }

    #[test]
    fn zero_length_buffer_takes_one_class() {
        let mut exec = small(2);
        let empty = exec.alloc::<f32>(0).expect("alloc");
        assert!(empty.is_empty());
        assert_eq!(exec.free_classes(), 1);
        assert_eq!(exec.read(empty), Ok(&[][..]));
        assert_ne!(exec.alloc::<u8>(0).expect("alloc").id(), empty.id());
    }

    #[test]
    fn multi_class_buffers_take_contiguous_runs() {
        let mut exec = small(8);
        let a = exec.alloc::<u8>(1).expect("a");
        let b = exec.alloc::<f32>(150).expect("b: 600 bytes, 3 classes");
        let c = exec.alloc::<f64>(32).expect("c: exactly one class");
        assert_eq!(exec.free_classes(), 3);
        assert_eq!(addr(&exec, b), addr(&exec, a) + 256);
        assert_eq!(addr(&exec, c), addr(&exec, a) + 4 * 256);
        exec.read_mut(b).expect("b").fill(1.5);
        assert_eq!(exec.read(b).expect("b"), &[1.5; 150][..]);
    }

    #[test]
    fn out_of_class_memory_reports_every_field() {
        let mut exec = small(5);
        let bufs: Vec<Buffer<u8>> = (0..5).map(|_| exec.alloc(10).expect("alloc")).collect();
        for &i in &[0, 1, 3] {
            exec.free(bufs[i]).expect("free");
        }
        let err = exec
            .alloc::<f32>(129)
            .expect_err("needs 3 contiguous classes");
        assert_eq!(
            err,
            Error::OutOfClassMemory {
                requested_bytes: 516,
                classes_needed: 3,
                free_classes: 3,
                largest_free_run: 2,
                class_bytes: 256,
                class_count: 5,
            }
        );
        assert_eq!(exec.free_classes(), 3, "a failed alloc changes nothing");
        assert!(exec.alloc::<f32>(128).is_ok(), "two classes do fit");
    }

    #[test]
    fn first_fit_fills_the_first_hole() {
        let mut exec = small(6);
        let a = exec.alloc::<u8>(600).expect("a");
        let b = exec.alloc::<u8>(1).expect("b");
        let base = addr(&exec, a);
        exec.free(a).expect("free a");
        let c = exec.alloc::<u8>(300).expect("c fits in a's hole");
        assert_eq!(addr(&exec, c), base);
        let d = exec.alloc::<u8>(300).expect("d does not fit before b");
        assert_eq!(addr(&exec, d), addr(&exec, b) + 256);
    }

    #[test]
    fn freed_classes_are_reused_and_zeroed() {
        let mut exec = small(1);
        let a = exec.alloc_from(&[7u8; 256]).expect("a");
        let a_addr = addr(&exec, a);
        exec.free(a).expect("free");
        assert_eq!(exec.free_classes(), 1);
        let b = exec.alloc::<i64>(32).expect("b reuses the class");
        assert_eq!(addr(&exec, b), a_addr);
        assert_eq!(exec.read(b).expect("b"), &[0; 32][..]);
        assert_ne!(a.id(), b.id());
    }

    #[test]
    fn zeroing_covers_the_whole_run() {
        let mut exec = small(2);
        let a = exec.alloc_from(&[u8::MAX; 512]).expect("a");
        exec.free(a).expect("free");
        let short = exec.alloc::<u8>(1).expect("short");
        let rest = exec.alloc::<u8>(256).expect("rest");
        assert_eq!(exec.read(short).expect("short"), &[0]);
        assert_eq!(exec.read(rest).expect("rest"), &[0; 256][..]);
    }

    #[test]
    fn every_buffer_is_64_byte_aligned() {
        let mut exec = small(16);
        let mut addrs = vec![];
        for len in [0, 1, 3, 17, 64, 65, 100] {
            let bytes = exec.alloc::<u8>(len).expect("u8");
            let doubles = exec.alloc::<f64>(len / 2).expect("f64");
            addrs.extend([addr(&exec, bytes), addr(&exec, doubles)]);
        }
        assert!(addrs.iter().all(|a| a % 64 == 0), "{addrs:x?}");
    }

    #[test]
    fn buffer_too_large_is_refused() {
        let mut exec = small(1);
        let err = exec.alloc::<f64>(usize::MAX / 4).expect_err("overflows");
        assert_eq!(
            err,
            Error::BufferTooLarge {
                len: usize::MAX / 4,
                elem: ElemType::F64
            }
        );
        assert!(matches!(
            exec.alloc::<u8>(usize::MAX),
            Err(Error::OutOfClassMemory { classes_needed, .. }) if classes_needed == usize::MAX / 256 + 1
        ));
        assert_eq!(exec.free_classes(), 1);
    }

    fn stale_everywhere<T: Element>(exec: &mut Executor, buf: Buffer<T>) {
        let stale = |r: Result<(), Error>| {
            assert!(matches!(r, Err(Error::StaleBuffer { .. })), "{r:?}");
        };
        stale(exec.read(buf).map(drop));
        stale(exec.read_mut(buf).map(drop));
        stale(exec.to_vec(buf).map(drop));
        stale(exec.write(buf, &vec![T::default(); buf.len()]));
        stale(exec.cells().get(buf).map(drop));
        stale(exec.free(buf));
    }

    #[test]
    fn freed_handles_are_stale() {
        let mut exec = small(2);
        let a = exec.alloc::<i32>(5).expect("a");
        exec.free(a).expect("free");
        stale_everywhere(&mut exec, a);
        let b = exec.alloc::<i32>(5).expect("b takes a's class");
        stale_everywhere(&mut exec, a);
        assert_eq!(exec.read(b), Ok(&[0; 5][..]));
        let Err(Error::StaleBuffer {
            elem, len, class, ..
        }) = exec.free(a)
        else {
            panic!("double free must be stale");
        };
        assert_eq!((elem, len, class), ("i32", 5, 0));
        assert_eq!(exec.free_classes(), 1);
    }

    #[test]
    fn foreign_handles_are_refused() {
        let mut mine = small(2);
        let mut theirs = small(2);
        let buf = theirs.alloc::<u32>(3).expect("theirs");
        let ids = (theirs.id(), mine.id());
        let expect_foreign = |r: Result<(), Error>| match r {
            Err(Error::ForeignBuffer {
                owner, this, elem, ..
            }) => {
                assert_eq!((owner, this), ids);
                assert_eq!(elem, "u32");
            }
            other => panic!("expected ForeignBuffer, got {other:?}"),
        };
        expect_foreign(mine.read(buf).map(drop));
        expect_foreign(mine.to_vec(buf).map(drop));
        expect_foreign(mine.cells().get(buf).map(drop));
        let mine_buf = mine.alloc::<u32>(3).expect("same class and shape in mine");
        expect_foreign(mine.write(buf, &[1, 2, 3]));
        expect_foreign(mine.read_mut(buf).map(drop));
        expect_foreign(mine.free(buf));
        assert_eq!(mine.read(mine_buf), Ok(&[0, 0, 0][..]));
        assert_eq!(theirs.free_classes(), 1);
    }

    #[test]
    fn write_checks_the_length_and_changes_nothing_on_error() {
        let mut exec = small(1);
        let buf = exec.alloc_from(&[1u8, 2, 3]).expect("buf");
        let err = exec.write(buf, &[9, 9]).expect_err("too short");
        assert_eq!(
            err,
            Error::WrongDataLength {
                found: 2,
                expected: 3
            }
        );
        assert_eq!(exec.read(buf), Ok(&[1, 2, 3][..]));
    }

    fn round_trip<T: Element>(values: &[T]) {
        let mut exec = small(8);
        let buf = exec.alloc_from(values).expect("alloc_from");
        assert_eq!(buf.len(), values.len());
        assert_eq!(exec.read(buf), Ok(values));
        assert_eq!(exec.to_vec(buf), Ok(values.to_vec()));
        let reversed: Vec<T> = values.iter().rev().copied().collect();
        exec.write(buf, &reversed).expect("write");
        assert_eq!(exec.to_vec(buf), Ok(reversed));
        exec.read_mut(buf)
            .expect("read_mut")
            .copy_from_slice(values);
        assert_eq!(exec.read(buf), Ok(values));
        let other = exec.alloc::<T>(values.len()).expect("alloc");
        assert!(
            exec.read(other)
                .expect("zeroed")
                .iter()
                .all(|v| *v == T::default())
        );
        exec.free(buf).expect("free");
        exec.free(other).expect("free");
        assert_eq!(exec.free_classes(), 8);
    }

    #[test]
    fn round_trips_for_every_element_type() {
        round_trip(&[1.5f32, -0.0, f32::MAX, f32::MIN_POSITIVE]);
        round_trip(&(0..100).map(|i| f64::from(i) * 0.25).collect::<Vec<_>>());
        round_trip(&[i32::MIN, -1, 0, 1, i32::MAX]);
        round_trip(&(0..90).map(|i| i64::MIN + i).collect::<Vec<_>>());
        round_trip(&[u32::MAX, 0, 42]);
        round_trip(&(0..=255).collect::<Vec<u8>>());
        round_trip::<f32>(&[]);
    }

    #[test]
    fn cells_may_alias_the_same_buffer() {
        let mut exec = small(3);
        let x = exec.alloc_from(&[1.0f32, 2.0, 3.0]).expect("x");
        let y = exec.alloc_from(&[10.0f32, 20.0, 30.0]).expect("y");
        let cells = exec.cells();
        let (a, b, out) = (
            cells.get(x).expect("x"),
            cells.get(y).expect("y"),
            cells.get(x).expect("x again"),
        );
        assert!(core::ptr::eq(a, out));
        for ((a, b), out) in a.iter().zip(b).zip(out) {
            out.set(a.get() + b.get());
        }
        assert_eq!(exec.read(x), Ok(&[11.0, 22.0, 33.0][..]));
        assert_eq!(exec.read(y), Ok(&[10.0, 20.0, 30.0][..]));
    }

    #[test]
    fn handles_compare_by_identity() {
        let mut exec = small(2);
        let a = exec.alloc::<u8>(4).expect("a");
        let copy = a;
        assert_eq!(a, copy);
        assert_eq!(a.id(), copy.id());
        let b = exec.alloc::<u8>(4).expect("b");
        assert_ne!(a, b);
        assert!(format!("{a:?}").starts_with("Buffer<u8> {"));
        assert!(format!("{exec:?}").contains("free_classes: 0"));
    }

    #[test]
    fn executor_is_send_and_sync_and_handles_are_small() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Executor>();
        send_sync::<Buffer<f32>>();
        assert_eq!(size_of::<Buffer<f64>>(), 32);
    }
}
