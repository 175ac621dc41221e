//! The measured rule that decides whether the rest of a large call is split across threads
//! (`crate::threads`).
//!
//! A fixed rule ("split when the rest would take 30 µs on one thread") cannot be right on
//! every machine and for every kernel: a second thread halves the time of an `exp`, but an
//! `add` whose streams already use the memory bandwidth of one core gains little, and on
//! some machines loses the cost of waking the thread. So every split is measured: its wall
//! time against the one-thread time the probe estimated. The ratio is kept, as a moving
//! average, per kind of call, and a call is split when the record of its kind says the split
//! will save at least [`MIN_SPLIT_GAIN`].
//!
//! Calls are told apart by the cost of one element (the probe's time per element, in powers
//! of two of picoseconds: memory-bound and compute-bound kernels fall in different classes)
//! and by the length of the rest (in powers of two). A kind with no measurement yet is
//! assumed to halve with a split. A kind whose splits did not pay is still split once in
//! [`EXPLORE`] eligible calls, so that its record follows the machine's load and the data's
//! place in the caches.
//!
//! The record only changes the speed: results are the same bits whether a call splits or
//! not (`crate::fold` for reductions).

use core::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// The least time a split must be expected to save, by the record of earlier splits of calls
/// of the same kind, for a call to be split.
pub const MIN_SPLIT_GAIN: Duration = Duration::from_micros(2);

/// Of the eligible calls of a kind whose splits did not pay, one in this many is split all
/// the same, to measure again.
pub const EXPLORE: u32 = 128;

/// Classes of the cost of an element: bit lengths of picoseconds per element, 0 to 15 (32 ns
/// and more per element share the last class).
const COST_CLASSES: usize = 16;

/// Classes of the length of the rest: bit lengths from 16 (`PARALLEL_THRESHOLD` is 2^15)
/// up, the last class holding everything from 2^23 elements.
const SIZE_CLASSES: usize = 8;

const KINDS: usize = COST_CLASSES * SIZE_CLASSES;

/// 1.0 in the fixed-point ratios of the records.
const ONE: u64 = 1024;

/// The ratio assumed for a kind before any of its splits is measured: half the time.
const PRIOR: u64 = ONE / 2;

/// What splitting has done for one kind of call.
struct Record {
    /// Split time over estimated one-thread time, in `1 / ONE`; 0 until measured.
    ratio: AtomicU32,
    /// Eligible calls of this kind that were not split.
    passed: AtomicU32,
}

impl Record {
    const fn new() -> Record {
        Record {
            ratio: AtomicU32::new(0),
            passed: AtomicU32::new(0),
        }
    }
}

static RECORDS: [Record; KINDS] = [const { Record::new() }; KINDS];

/// The kind of a call, by the cost of its elements and its length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Kind(usize);

impl Kind {
    /// The kind of a call whose `probe_len` first elements took `probe` and which has
    /// `rest` more.
    pub(crate) fn of(probe: Duration, probe_len: usize, rest: usize) -> Kind {
        let ps_per_element = probe.as_nanos().saturating_mul(1000) / probe_len.max(1) as u128;
        let cost = (u128::BITS - ps_per_element.leading_zeros()) as usize;
        let size = (usize::BITS - rest.leading_zeros()) as usize;
        let cost = cost.min(COST_CLASSES - 1);
        let size = size.saturating_sub(16).min(SIZE_CLASSES - 1);
        Kind(cost * SIZE_CLASSES + size)
    }

    fn record(self) -> Option<&'static Record> {
        RECORDS.get(self.0)
    }
}

/// Whether a call of `kind` whose rest would take `estimate` on one thread is to be split.
pub(crate) fn worth_splitting(kind: Kind, estimate: Duration) -> bool {
    let Some(record) = kind.record() else {
        return false;
    };
    let ratio = match u64::from(record.ratio.load(Ordering::Relaxed)) {
        0 => PRIOR,
        r => r.min(ONE),
    };
    let estimate_ns = u64::try_from(estimate.as_nanos()).unwrap_or(u64::MAX);
    let gain_ns = estimate_ns / ONE * (ONE - ratio) + estimate_ns % ONE * (ONE - ratio) / ONE;
    let min_gain_ns = MIN_SPLIT_GAIN.as_nanos() as u64;
    if gain_ns >= min_gain_ns {
        return true;
    }
    // Too short for any split to save the minimum: not worth measuring either.
    if estimate_ns < min_gain_ns {
        return false;
    }
    record.passed.fetch_add(1, Ordering::Relaxed) % EXPLORE == EXPLORE - 1
}

/// Records that a split of a call of `kind`, estimated at `estimate` on one thread, took
/// `actual`.
pub(crate) fn record(kind: Kind, estimate: Duration, actual: Duration) {
    let Some(record) = kind.record() else {
        return;
    };
    let estimate_ns = estimate.as_nanos().max(1);
    let new = (actual.as_nanos().saturating_mul(u128::from(ONE)) / estimate_ns)
        .clamp(1, u128::from(4 * ONE)) as u64;
    let old = u64::from(record.ratio.load(Ordering::Relaxed));
    let next = if old == 0 { new } else { (3 * old + new) / 4 };
    // `next` is at most 4 * ONE, which fits.
    record.ratio.store(next.max(1) as u32, Ordering::Relaxed);
}

#[cfg(test)]
mod tests {
    use super::*;

    const US: Duration = Duration::from_micros(1);

    #[test]
    fn kinds_tell_cheap_from_costly_elements_and_short_from_long_calls() {
        let add = Kind::of(US / 2, 4096, 1 << 16); // ~120 ps per element
        let gelu = Kind::of(15 * US, 4096, 1 << 16); // ~3.7 ns per element
        assert_ne!(add, gelu);
        assert_ne!(add, Kind::of(US / 2, 4096, 1 << 20));
        assert_eq!(add, Kind::of(US / 2, 4096, (1 << 16) + 5));
        // Extremes land in the last classes, never out of the table.
        assert!(Kind::of(Duration::MAX, 1, usize::MAX).record().is_some());
        assert!(Kind::of(Duration::ZERO, 0, 0).record().is_some());
    }

    #[test]
    fn a_kind_whose_splits_do_not_pay_stops_splitting_but_measures_again_now_and_then() {
        let kind = Kind::of(Duration::from_nanos(777), 4096, 1 << 17);
        let estimate = 20 * US;
        assert!(
            worth_splitting(kind, estimate),
            "unmeasured: assumed to halve"
        );
        for _ in 0..8 {
            record(kind, estimate, 25 * US); // slower than one thread
        }
        let split = (0..EXPLORE)
            .filter(|_| worth_splitting(kind, estimate))
            .count();
        assert_eq!(split, 1, "one exploring split in EXPLORE calls");
        for _ in 0..8 {
            record(kind, estimate, 11 * US); // nearly halved
        }
        assert!(worth_splitting(kind, estimate));
        assert!(!worth_splitting(kind, US), "too short to save the minimum");
    }
}
