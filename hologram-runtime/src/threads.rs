//! Threads for large inputs.
//!
//! Smaller calls than [`PARALLEL_THRESHOLD`] elements never touch rayon's pool. A larger call
//! first runs a probe on the calling thread, [`PROBE`] elements of an elementwise kernel or
//! the first block of a reduction, and times it, which estimates the rest's time on one
//! thread. Whether the rest is then split across threads is a measured rule
//! ([`split_gain`](crate::split_gain)): every split is timed against its estimate, per kind
//! of call (the cost of an element and the length), and a call is split when the splits of
//! its kind have saved at least [`MIN_SPLIT_GAIN`](crate::split_gain::MIN_SPLIT_GAIN). So an
//! `exp` or a `gelu` of 2^16 elements uses threads, while a cheap `add`, bound by memory,
//! uses them only where the machine shows that a second thread makes it faster (figures in
//! `BENCHMARKS.md`). [`set_split_worth`] replaces the rule with a fixed one.
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
//! its own pool; a reduction from a library runs on the calling thread.
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

use crate::split_gain::{self, Kind};
use core::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

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

/// A fixed rule's time: `set_split_worth(Some(SPLIT_WORTH))` splits the rest of a call when
/// it would take at least this long on one thread, whatever splits have gained so far.
///
/// It was the rule before the measured one, set on a 2-core Zen 3, where splitting from
/// outside the pool cost 5 to 8 µs: an `add` of 2^17 elements (27 µs on one thread) gained
/// 1.07x from two threads, one of 2^18 (41 µs) 1.30x; an `exp` of 2^16 (46 µs) 1.39x.
pub const SPLIT_WORTH: Duration = Duration::from_micros(30);

/// The smallest piece a thread gets.
const MIN_PIECE: usize = 1 << 13;

const _: () = assert!(PROBE.is_multiple_of(crate::fold::LANES) && PROBE < PARALLEL_THRESHOLD);

/// The value of [`set_split_worth`] in ns; `u64::MAX` when unset.
static WORTH_NS: AtomicU64 = AtomicU64::new(u64::MAX);

/// Replaces the measured rule (`None`, the default; see the module docs) by a fixed one:
/// split the rest of a call when it would take at least `worth` on one thread.
/// `Some(Duration::ZERO)` splits every call of [`PARALLEL_THRESHOLD`] elements or more,
/// which tests use to exercise the threaded paths.
pub fn set_split_worth(worth: Option<Duration>) {
    let ns = match worth {
        None => u64::MAX,
        Some(w) => u64::try_from(w.as_nanos())
            .unwrap_or(u64::MAX)
            .min(u64::MAX - 1),
    };
    WORTH_NS.store(ns, Ordering::Relaxed);
}

/// The fixed rule's time set by [`set_split_worth`], or `None` for the measured rule.
pub fn split_worth() -> Option<Duration> {
    match WORTH_NS.load(Ordering::Relaxed) {
        u64::MAX => None,
        ns => Some(Duration::from_nanos(ns)),
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

/// What a call that may use threads does with the rest after its probe.
pub(crate) struct Plan {
    /// Pieces to split the rest into; 1: the rest runs on the calling thread.
    pieces: usize,
    /// For a split decided by the measured rule: the call's kind and the rest's estimated
    /// one-thread time, to record what the split took.
    measured: Option<(Kind, Duration)>,
}

impl Plan {
    /// Pieces to split the rest into; 1 when it stays on the calling thread.
    pub(crate) fn pieces(&self) -> usize {
        self.pieces
    }

    /// Runs `split`, the rest on [`pieces`](Self::pieces) threads, and records its time when
    /// the measured rule decided it, so that the rule learns what splitting gains.
    pub(crate) fn run_split<O>(&self, split: impl FnOnce() -> O) -> O {
        let Some((kind, estimate)) = self.measured else {
            return split();
        };
        let start = Instant::now();
        let outcome = split();
        split_gain::record(kind, estimate, start.elapsed());
        outcome
    }
}

/// The one probe of a call that may use threads, shared by elementwise calls and
/// reductions: runs `probe` (the first `probe_len` elements of the call) on this thread,
/// timed, and returns its value and the [`Plan`] for the other `rest` elements. `cap` is the
/// thread cap (`0`: the default).
pub(crate) fn probe_plan<R>(
    cap: usize,
    probe_len: usize,
    rest: usize,
    probe: impl FnOnce() -> R,
) -> (R, Plan) {
    let stay = Plan {
        pieces: 1,
        measured: None,
    };
    let pieces = pieces(rest, cap);
    if pieces <= 1 {
        return (probe(), stay);
    }
    let start = Instant::now();
    let value = probe();
    let elapsed = start.elapsed();
    let estimate = estimate(elapsed, probe_len, rest);
    let plan = match split_worth() {
        Some(worth) if estimate >= worth => Plan {
            pieces,
            measured: None,
        },
        Some(_) => stay,
        None => {
            let kind = Kind::of(elapsed, probe_len, rest);
            if split_gain::worth_splitting(kind, estimate) {
                Plan {
                    pieces,
                    measured: Some((kind, estimate)),
                }
            } else {
                stay
            }
        }
    };
    (value, plan)
}

/// The one-thread time of `rest` elements when `probe` elements took `elapsed`.
fn estimate(elapsed: Duration, probe: usize, rest: usize) -> Duration {
    // Saturating in u128: a Duration has at most 2^94 ns, times at most 2^64 elements.
    let ns = elapsed.as_nanos().saturating_mul(rest as u128) / probe.max(1) as u128;
    Duration::from_nanos(u64::try_from(ns).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn the_estimate_scales_the_probe_and_saturates() {
        let probe = Duration::from_micros(1);
        assert_eq!(estimate(probe, PROBE, 20 * PROBE), 20 * probe);
        assert_eq!(estimate(Duration::ZERO, PROBE, usize::MAX), Duration::ZERO);
        assert_eq!(
            estimate(Duration::MAX, 1, usize::MAX),
            Duration::from_nanos(u64::MAX)
        );
        assert_eq!(estimate(probe, 0, 3), 3 * probe);
    }
}
