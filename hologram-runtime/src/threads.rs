//! Threads for large inputs.
//!
//! Smaller calls than [`PARALLEL_THRESHOLD`] elements never touch rayon's pool. A larger call
//! first runs a probe on the calling thread, [`PROBE`] elements of an elementwise kernel or
//! the first block of a reduction, and times it. When the rest would take at least
//! [`SPLIT_WORTH`] on one thread, it is split across threads; otherwise it runs on the
//! calling thread too. So an `add` needs about 2^18 elements to use threads, an `exp` 2^16:
//! waking a second thread costs a few microseconds, which cheap work on fewer elements does
//! not win back (figures in `BENCHMARKS.md`).
//!
//! Elementwise kernels split their streams into contiguous pieces, one per thread.
//! Reductions split along the tree across blocks documented in [`fold`](crate::fold), and
//! combine the halves where the one-thread fold does, so their result is the same bits
//! whatever the number of threads. Only the speed depends on the timing.
//!
//! The number of threads is capped, in order of precedence:
//! 1. per executor, for calls through it: [`Executor::set_max_threads`](crate::Executor::set_max_threads);
//! 2. per process: [`set_max_threads`];
//! 3. by the environment variable `HOLOGRAM_THREADS` (read once), e.g. `HOLOGRAM_THREADS=1`
//!    turns threads off;
//! 4. otherwise by rayon's pool, one thread per core (`RAYON_NUM_THREADS` sets that).
//!
//! A call that stays on the calling thread never allocates. A call that splits hands jobs to
//! rayon, whose queues allocate a block now and then (and its pool is started by the first
//! such call); that cost is in the microseconds a split is only made to win back.
//!
//! Kernels loaded from a shared library never start threads of their own: the host splits
//! an elementwise call into pieces and calls the library's entry point once per piece, on
//! its own pool. A reduction by name with a combiner (a Rust kernel, or one from a library of
//! ABI version 2) is cut into the blocks of [`fold`](crate::fold), one entry call each, folded
//! along the same tree on the pool and joined with the combiner; one from a version-1 library
//! (no combiner) runs on the calling thread.
//!
//! ```
//! # extern crate hologram_runtime as hologram;
//! use hologram::{stdlib, threads};
//!
//! let x = vec![1.0f32; 1 << 20];
//! let mut y = vec![0.0f32; 1 << 20];
//! stdlib::relu::slices(&x, &mut y)?; // on every core
//!
//! threads::set_max_threads(1); // from now on, one thread
//! assert_eq!(threads::max_threads(), 1);
//! stdlib::relu::slices(&x, &mut y)?;
//! threads::set_max_threads(0); // back to the default
//! # Ok::<(), hologram::Error>(())
//! ```

use core::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The thread cap of a call that leaves it to the process default: generated `slices` pass
/// it, and [`Executor::set_max_threads`](crate::Executor::set_max_threads) takes it to mean
/// "no cap of its own".
#[doc(hidden)]
pub const DEFAULT_THREADS: usize = 0;

/// The thread cap of code inside an entry point: one thread. The host splits a large
/// elementwise call into pieces itself, so a kernel library never starts threads.
#[doc(hidden)]
pub const ENTRY_THREADS: usize = 1;

/// Elements from which a call may run on several threads (see the module docs for the rule).
///
/// Measured on a 2-core Zen 3: the most expensive stdlib kernels (`gelu`, `tanh`) gain from a
/// second thread at about this size; below it no kernel does.
pub const PARALLEL_THRESHOLD: usize = 1 << 15;

/// Elements of an elementwise call that run on the calling thread, timed, before the call
/// decides whether to split the rest. A multiple of the loops' chunk.
pub const PROBE: usize = 4096;

/// The single-thread time of the rest of a call from which it is split across threads.
///
/// Measured on a 2-core Zen 3: splitting from outside the pool costs 5 to 8 µs; an `add` of
/// 2^17 elements (27 µs on one thread) gained 1.07x from two threads, one of 2^18 (41 µs)
/// 1.30x; an `exp` of 2^16 (46 µs) 1.39x; a `sum` of 2^18 (16 µs) lost (0.94x), one of 2^19
/// (32 µs) gained 1.26x.
pub const SPLIT_WORTH: std::time::Duration = std::time::Duration::from_micros(30);

/// The smallest piece a thread gets.
const MIN_PIECE: usize = 1 << 13;

const _: () = assert!(PROBE.is_multiple_of(crate::fold::LANES) && PROBE < PARALLEL_THRESHOLD);

/// The value of [`set_split_worth`] in ns; `u64::MAX` when unset.
static WORTH_NS: AtomicU64 = AtomicU64::new(u64::MAX);

/// Sets the single-thread time of the rest of a call from which it is split across threads
/// (default [`SPLIT_WORTH`]), for machines where waking a thread costs more or less.
/// `Duration::ZERO` splits every call of [`PARALLEL_THRESHOLD`] elements or more, which
/// tests use to exercise the threaded paths.
pub fn set_split_worth(worth: std::time::Duration) {
    let ns = u64::try_from(worth.as_nanos()).unwrap_or(u64::MAX - 1);
    WORTH_NS.store(ns.min(u64::MAX - 1), Ordering::Relaxed);
}

/// The time from which the rest of a call is split: [`set_split_worth`]'s, else
/// [`SPLIT_WORTH`].
pub fn split_worth() -> std::time::Duration {
    match WORTH_NS.load(Ordering::Relaxed) {
        u64::MAX => SPLIT_WORTH,
        ns => std::time::Duration::from_nanos(ns),
    }
}

/// The name of the environment variable that caps the threads: a whole number, where `0`
/// means the default. Any other value is ignored.
pub const THREADS_ENV: &str = "HOLOGRAM_THREADS";

/// The cap set by [`set_max_threads`]; 0 when unset.
static PROCESS_CAP: AtomicUsize = AtomicUsize::new(0);

/// Caps the threads of every call that no executor setting overrides; `0` restores the
/// default (`HOLOGRAM_THREADS`, else one per core). `1` turns threads off.
pub fn set_max_threads(threads: usize) {
    PROCESS_CAP.store(threads, Ordering::Relaxed);
}

/// The number of threads a large call may use when no executor setting overrides it: the
/// value of [`set_max_threads`], else of `HOLOGRAM_THREADS`, else rayon's pool size. At
/// least 1.
pub fn max_threads() -> usize {
    match PROCESS_CAP.load(Ordering::Relaxed) {
        0 => env_cap().unwrap_or_else(rayon::current_num_threads).max(1),
        cap => cap,
    }
}

/// `HOLOGRAM_THREADS`, read once; `None` when unset, `0`, or not a whole number.
fn env_cap() -> Option<usize> {
    static ENV: OnceLock<Option<usize>> = OnceLock::new();
    *ENV.get_or_init(|| {
        std::env::var(THREADS_ENV)
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
    })
}

/// Whether a call on `len` elements with thread cap `cap` (`0`: [`max_threads`]) might use
/// threads: it is large enough and the cap is not 1. Reads no setting for small calls.
#[inline(always)]
pub(crate) fn may_split(len: usize, cap: usize) -> bool {
    len >= PARALLEL_THRESHOLD && cap != 1
}

/// How many pieces `len` elements may split into, given a cap where `0` means
/// [`max_threads`]: at most one per thread, each at least `MIN_PIECE` elements.
fn pieces(len: usize, cap: usize) -> usize {
    let cap = if cap == 0 { max_threads() } else { cap };
    cap.min(len / MIN_PIECE).max(1)
}

/// The one probe of a call that may use threads, shared by elementwise calls and
/// reductions: runs `probe` (the first `probe_len` elements of the call) on this thread,
/// timed, and returns its value and the number of pieces to split the other `rest` elements
/// into, 1 when they are not worth splitting. `cap` is the thread cap (`0`: the default).
pub(crate) fn probe_pieces<R>(
    cap: usize,
    probe_len: usize,
    rest: usize,
    probe: impl FnOnce() -> R,
) -> (R, usize) {
    let pieces = pieces(rest, cap);
    if pieces <= 1 {
        return (probe(), 1);
    }
    let start = std::time::Instant::now();
    let value = probe();
    let worth = worth_splitting_at(split_worth(), start.elapsed(), probe_len, rest);
    (value, if worth { pieces } else { 1 })
}

/// [`worth_splitting`] against `worth`.
fn worth_splitting_at(
    worth: std::time::Duration,
    elapsed: std::time::Duration,
    probe: usize,
    rest: usize,
) -> bool {
    // Saturating in u128: a Duration has at most 2^94 ns, times at most 2^64 elements.
    let estimate = elapsed.as_nanos().saturating_mul(rest as u128) / probe.max(1) as u128;
    estimate >= worth.as_nanos()
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::time::Duration;

    #[test]
    fn small_inputs_stay_on_one_thread() {
        assert!(!may_split(PARALLEL_THRESHOLD - 1, 8));
        assert!(!may_split(1 << 30, 1));
        assert!(may_split(PARALLEL_THRESHOLD, 8));
        assert_eq!(pieces(1 << 30, 8), 8);
        assert_eq!(pieces(3 * MIN_PIECE, 8), 3);
        assert!(pieces(1 << 30, 0) >= 1);
    }

    #[test]
    fn the_rest_is_split_when_it_would_take_long_enough() {
        let probe = Duration::from_micros(1);
        let at = |worth, elapsed, rest| worth_splitting_at(worth, elapsed, PROBE, rest);
        assert!(!at(SPLIT_WORTH, probe, 20 * PROBE));
        assert!(at(SPLIT_WORTH, probe, 40 * PROBE));
        assert!(!at(SPLIT_WORTH, Duration::ZERO, usize::MAX));
        assert!(at(SPLIT_WORTH, Duration::MAX, usize::MAX));
        assert!(!at(Duration::from_micros(100), probe, 40 * PROBE));
        assert!(at(Duration::ZERO, Duration::ZERO, 1));
    }
}
