//! Threads for large inputs.
//!
//! A call on at least [`PARALLEL_THRESHOLD`] elements splits its work across threads of
//! rayon's global pool; smaller calls never touch the pool. Elementwise kernels split their
//! streams into contiguous pieces, one per thread. Reductions split along the tree across
//! blocks documented in [`fold`](crate::fold), and combine the halves where the one-thread
//! fold does, so their result is the same bits whatever the number of threads.
//!
//! The number of threads is capped, in order of precedence:
//! 1. per executor, for calls through it: [`Executor::set_max_threads`](crate::Executor::set_max_threads);
//! 2. per process: [`set_max_threads`];
//! 3. by the environment variable `HOLOGRAM_THREADS` (read once), e.g. `HOLOGRAM_THREADS=1`
//!    turns threads off;
//! 4. otherwise by rayon's pool, one thread per core (`RAYON_NUM_THREADS` sets that).
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

use core::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// Elements from which a call runs on several threads.
///
/// Chosen by measurement on a 2-core Zen 3 (`cargo bench --bench kernel_performance`, see
/// `BENCHMARKS.md`): waking a second thread costs a few microseconds, which an add on
/// fewer elements than this does not win back.
pub const PARALLEL_THRESHOLD: usize = 1 << 17;

/// The smallest piece a thread gets.
const MIN_PIECE: usize = PARALLEL_THRESHOLD / 2;

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

/// How many pieces a call on `len` elements splits into, given a cap where `0` means
/// [`max_threads`]. Reads no setting below the threshold.
#[inline(always)]
pub(crate) fn pieces(len: usize, cap: usize) -> usize {
    if len < PARALLEL_THRESHOLD || cap == 1 {
        return 1;
    }
    pieces_of_large(len, cap)
}

#[inline(never)]
fn pieces_of_large(len: usize, cap: usize) -> usize {
    let cap = if cap == 0 { max_threads() } else { cap };
    cap.min(len / MIN_PIECE).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_inputs_stay_on_one_thread() {
        assert_eq!(pieces(PARALLEL_THRESHOLD - 1, 8), 1);
        assert_eq!(pieces(1 << 30, 1), 1);
        assert_eq!(pieces(PARALLEL_THRESHOLD, 8), 2);
        assert_eq!(pieces(1 << 30, 8), 8);
        assert!(pieces(1 << 30, 0) >= 1);
    }
}
