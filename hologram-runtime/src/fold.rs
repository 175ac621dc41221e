//! The folding order of reductions, fixed so that a reduction's result depends only on its
//! input.
//!
//! A reduction `#[kernel(reduce = ...)]` over `n` elements maps every element with the
//! kernel's function and folds the mapped values with the combiner `c`, in this order:
//!
//! 1. **Blocks.** The input is split into blocks of [`BLOCK`] (16,384) elements; the last
//!    block may be shorter.
//! 2. **Lanes inside a block.** [`LANES`] accumulators start at the combiner's identity.
//!    Element `i` of the block (counted from the block's start) goes to lane `i % LANES`:
//!    `acc[i % LANES] = c(acc[i % LANES], f(x[i]))`, in increasing `i`. The final partial
//!    chunk of `r < LANES` elements is padded with the identity to a full chunk and combined
//!    the same way (lanes `r..LANES` combine with the identity). For the built-in combiners
//!    `c(a, identity)` is `a` exactly, so generated code leaves those lanes alone: the same
//!    bits, without the padded copy.
//! 3. **Tree across lanes.** `acc[j] = c(acc[j], acc[j + w])` for every `j < w`, with `w` =
//!    `LANES / 2`, `LANES / 4`, ..., 2, 1 (halving down to 1); the block's value is `acc[0]`.
//! 4. **Tree across blocks.** A run of `b > 1` blocks splits into its first `ceil(b / 2)`
//!    blocks and the rest; its value is `c(value(first part), value(rest))`.
//! 5. **Empty input** gives the identity (for a float `add`, `+0.0`).
//!
//! A reduction to a tuple folds whole tuples in this order: with a built-in combiner per
//! component (`reduce = (min, max, add)`) each component gets exactly the bits a reduction of
//! its own would, and one combiner over the tuple (`reduce(combine = f, identity = (..))`)
//! sees every step of the same tree. An `#[index]` is each element's position in the whole
//! input, whichever block, lane or thread folds it.
//!
//! The order depends only on `n`. Rust never contracts `a * b + c` into a fused
//! multiply-add or reassociates float arithmetic, so the same input gives the same bits from
//! `slices`, `run` and the C entry point, at every SIMD width (`tests/test_reduce_bits.rs`
//! compares a build for `x86-64-v3` with the baseline). Large reductions run on several
//! threads (`crate::threads`) along the tree across blocks: each half of a run of blocks
//! folds on its own thread and the halves are combined in the same place, so the result is
//! the same bits at every thread count (`tests/test_threads.rs`).
//!
//! For a float sum this bounds the error: with `k = ceil(min(n, BLOCK) / LANES) +
//! log2(LANES) + ceil(log2(ceil(n / BLOCK)))` additions on any path from an element to the
//! result,
//! `|computed - exact| <= k u / (1 - k u) * sum |x_i|`, where `u` is the unit roundoff
//! (`2^-24` for f32). A plain left-to-right loop has `k = n`.

use crate::threads::{may_split, probe_pieces};
use core::ops::Range;

/// Elements per chunk of a generated loop, and lane accumulators of a reduction.
///
/// The chunk body of a generated loop has a fixed trip count of `LANES`, so LLVM turns it into
/// straight-line SIMD code at any vector width; the remainder of fewer than `LANES` elements
/// runs one by one. A power of two, so the tree across lanes halves down to one.
///
/// 32 rather than 16, by measurement on a 2-core AMD EPYC with AVX2: four independent 8-wide
/// accumulators hide the latency of `vaddps` (sum of 3,072 f32: 189 ns with 16 lanes, 126 ns
/// with 32), and loading a whole chunk of 32 before storing halved the time of an `add` of
/// 3,072 f32 on buffers whose offsets alias modulo 4 KiB (468 ns to 266 ns).
pub const LANES: usize = 32;

/// Elements per block of a reduction: the unit the tree across blocks (and threads)
/// works on. A multiple of [`LANES`], so only the last block has a partial chunk.
pub const BLOCK: usize = 1 << 14;

const _: () = assert!(BLOCK.is_multiple_of(LANES) && LANES.is_power_of_two());

/// Folds `0..len` block by block: `block` reduces one range of at most [`BLOCK`] elements,
/// and `combine` joins the values of neighbouring runs of blocks in the fixed tree.
///
/// `threads` caps the threads (`0`: the default of [`crate::threads`], `1`: this thread
/// only). From [`PARALLEL_THRESHOLD`](crate::threads::PARALLEL_THRESHOLD) elements on, the two halves of a run of blocks fold on
/// two threads and are combined where the one-thread fold combines them, so the result does
/// not depend on `threads`.
///
/// `range` must not be empty: an empty reduction returns its identity without folding.
#[inline(always)]
pub fn fold_blocks<R: Copy + Send + Sync>(
    range: Range<usize>,
    threads: usize,
    block: &(impl Fn(Range<usize>) -> R + Sync),
    combine: &(impl Fn(R, R) -> R + Sync),
) -> R {
    // One block: no tree, no threads; inlined so that a short reduction pays one call.
    if range.end - range.start <= BLOCK {
        return block(range);
    }
    fold_tree(range, threads, block, combine)
}

/// [`fold_blocks`] of more than one block.
#[inline(never)]
fn fold_tree<R: Copy + Send + Sync>(
    range: Range<usize>,
    threads: usize,
    block: &(impl Fn(Range<usize>) -> R + Sync),
    combine: &(impl Fn(R, R) -> R + Sync),
) -> R {
    if may_split(range.end - range.start, threads) {
        fold_probed(range, threads, block, combine)
    } else {
        fold_on_one_thread(range, block, combine)
    }
}

/// Folds the first block on this thread, timed (`threads::probe_pieces`), then the whole
/// tree, on several threads when the rest is worth it; the first block's value is reused,
/// not recomputed.
fn fold_probed<R: Copy + Send + Sync>(
    range: Range<usize>,
    threads: usize,
    block: &(impl Fn(Range<usize>) -> R + Sync),
    combine: &(impl Fn(R, R) -> R + Sync),
) -> R {
    let len = range.end - range.start;
    let first_start = range.start;
    let first_len = BLOCK.min(len);
    let (first, pieces) = probe_pieces(threads, first_len, len - first_len, || {
        block(first_start..first_start + first_len)
    });
    let leaf = |r: Range<usize>| {
        if r.start == first_start {
            first
        } else {
            block(r)
        }
    };
    if pieces > 1 {
        fold_across(range, pieces, &leaf, combine)
    } else {
        fold_on_one_thread(range, &leaf, combine)
    }
}

/// Where the tree splits a run of more than one block: after its first `ceil(b / 2)` blocks.
#[inline]
fn tree_mid(range: &Range<usize>) -> usize {
    let len = range.end - range.start;
    range.start + len.div_ceil(BLOCK).div_ceil(2) * BLOCK
}

pub(crate) fn fold_on_one_thread<R: Copy>(
    range: Range<usize>,
    block: &impl Fn(Range<usize>) -> R,
    combine: &impl Fn(R, R) -> R,
) -> R {
    if range.end - range.start <= BLOCK {
        return block(range);
    }
    let mid = tree_mid(&range);
    let first = fold_on_one_thread(range.start..mid, block, combine);
    let rest = fold_on_one_thread(mid..range.end, block, combine);
    combine(first, rest)
}

/// The same tree as [`fold_on_one_thread`], with the halves of the top `log2(threads)`
/// levels on two threads.
fn fold_across<R: Copy + Send + Sync>(
    range: Range<usize>,
    threads: usize,
    block: &(impl Fn(Range<usize>) -> R + Sync),
    combine: &(impl Fn(R, R) -> R + Sync),
) -> R {
    if threads <= 1 || range.end - range.start <= BLOCK {
        return fold_on_one_thread(range, block, combine);
    }
    let mid = tree_mid(&range);
    let (first, rest) = rayon::join(
        || fold_across(range.start..mid, threads.div_ceil(2), block, combine),
        || fold_across(mid..range.end, threads / 2, block, combine),
    );
    combine(first, rest)
}

/// Folds the lanes of a block in the fixed tree: `w` = `LANES / 2`, ..., 2, 1.
///
/// Never inlined: with the tree inlined into the loop, LLVM was seen to vectorize a 16-lane
/// sum's accumulators with 2-wide SSE adds; behind this call they stay full-width AVX2. The
/// tree itself runs through [`dispatch`](crate::simd::dispatch) too, so its first levels are
/// as wide as the block loop's.
#[inline(never)]
pub fn combine_lanes<R: Copy>(lanes: [R; LANES], combine: impl Fn(R, R) -> R) -> R {
    crate::simd::dispatch(
        #[inline(always)]
        || lane_tree(lanes, &combine),
    )
}

/// The tree across lanes: `w` halves from `LANES / 2` down to 1.
#[inline(always)]
fn lane_tree<R: Copy>(mut lanes: [R; LANES], combine: &impl Fn(R, R) -> R) -> R {
    let mut width = LANES / 2;
    while width > 0 {
        let (low, high) = lanes.split_at_mut(width);
        for (a, b) in low.iter_mut().zip(high.iter()) {
            *a = combine(*a, *b);
        }
        width /= 2;
    }
    lanes[0]
}

/// The combiners of `#[kernel(reduce = add | mul | min | max)]`, per element type.
///
/// - `add` and `mul` wrap on integer overflow (as numpy does), so integer reductions are
///   exact modulo `2^bits` and independent of the order.
/// - `min` and `max` propagate NaN, as numpy's `min` and `max` do: one NaN input makes the
///   result NaN. (`f32::min` would drop it instead.) Of two equal values (such as `-0.0` and
///   `+0.0`) they keep the one already accumulated.
pub trait Builtin: Copy {
    /// Identity of `add` inside the lanes: `-0.0` for floats (exactly neutral, also for
    /// `-0.0`), `0` for integers.
    const ADD_LANE: Self;
    /// Result of `add` over no elements: `0`.
    const ADD_EMPTY: Self;
    /// Identity of `mul`: `1`.
    const MUL_IDENTITY: Self;
    /// Identity of `min`: `+inf`, or the type's `MAX`.
    const MIN_IDENTITY: Self;
    /// Identity of `max`: `-inf`, or the type's `MIN`.
    const MAX_IDENTITY: Self;
    /// `a + b` (wrapping for integers).
    fn add(a: Self, b: Self) -> Self;
    /// `a * b` (wrapping for integers).
    fn mul(a: Self, b: Self) -> Self;
    /// The smaller; NaN if either is NaN.
    fn min(a: Self, b: Self) -> Self;
    /// The larger; NaN if either is NaN.
    fn max(a: Self, b: Self) -> Self;
}

macro_rules! builtin_float {
    ($($t:ident),*) => {$(
        impl Builtin for $t {
            const ADD_LANE: $t = -0.0;
            const ADD_EMPTY: $t = 0.0;
            const MUL_IDENTITY: $t = 1.0;
            const MIN_IDENTITY: $t = $t::INFINITY;
            const MAX_IDENTITY: $t = $t::NEG_INFINITY;
            #[inline(always)]
            fn add(a: $t, b: $t) -> $t {
                a + b
            }
            #[inline(always)]
            fn mul(a: $t, b: $t) -> $t {
                a * b
            }
            #[inline(always)]
            fn min(a: $t, b: $t) -> $t {
                if a <= b || a.is_nan() { a } else { b }
            }
            #[inline(always)]
            fn max(a: $t, b: $t) -> $t {
                if a >= b || a.is_nan() { a } else { b }
            }
        }
    )*};
}

macro_rules! builtin_int {
    ($($t:ident),*) => {$(
        impl Builtin for $t {
            const ADD_LANE: $t = 0;
            const ADD_EMPTY: $t = 0;
            const MUL_IDENTITY: $t = 1;
            const MIN_IDENTITY: $t = $t::MAX;
            const MAX_IDENTITY: $t = $t::MIN;
            #[inline(always)]
            fn add(a: $t, b: $t) -> $t {
                a.wrapping_add(b)
            }
            #[inline(always)]
            fn mul(a: $t, b: $t) -> $t {
                a.wrapping_mul(b)
            }
            #[inline(always)]
            fn min(a: $t, b: $t) -> $t {
                if a <= b { a } else { b }
            }
            #[inline(always)]
            fn max(a: $t, b: $t) -> $t {
                if a >= b { a } else { b }
            }
        }
    )*};
}

builtin_float!(f32, f64);
builtin_int!(i32, i64, u32, u8, i8, i16, u16, u64);

/// `bool` combines as numpy's booleans do: `add` is OR (saturating, as `True + True` is
/// `True`), `mul` is AND, `min` is AND (all) and `max` is OR (any). To count `true`s, reduce
/// with `add` over `x as u64`.
impl Builtin for bool {
    const ADD_LANE: bool = false;
    const ADD_EMPTY: bool = false;
    const MUL_IDENTITY: bool = true;
    const MIN_IDENTITY: bool = true;
    const MAX_IDENTITY: bool = false;
    #[inline(always)]
    fn add(a: bool, b: bool) -> bool {
        a | b
    }
    #[inline(always)]
    fn mul(a: bool, b: bool) -> bool {
        a & b
    }
    #[inline(always)]
    fn min(a: bool, b: bool) -> bool {
        a & b
    }
    #[inline(always)]
    fn max(a: bool, b: bool) -> bool {
        a | b
    }
}

/// The half-precision types combine in their own precision: each `add` and `mul` is computed
/// in `f32` and rounded once to the type, which is the correctly rounded half-precision result
/// (an `f32` holds the exact sum or product of two of them). Such a sum reaches `f16`'s
/// largest value, 65504, quickly and loses low bits early; for an accurate sum return `f32`
/// from the body (`f16_to_f32(x)`) and reduce that, as `stdlib::f16::sum` does. `min` and
/// `max` are exact and propagate NaN, as for `f32`.
macro_rules! builtin_half {
    ($($t:ident $to:ident $from:ident),*) => {$(
        impl Builtin for half::$t {
            const ADD_LANE: half::$t = half::$t::NEG_ZERO;
            const ADD_EMPTY: half::$t = half::$t::ZERO;
            const MUL_IDENTITY: half::$t = half::$t::ONE;
            const MIN_IDENTITY: half::$t = half::$t::INFINITY;
            const MAX_IDENTITY: half::$t = half::$t::NEG_INFINITY;
            #[inline(always)]
            fn add(a: half::$t, b: half::$t) -> half::$t {
                crate::math::$from(crate::math::$to(a) + crate::math::$to(b))
            }
            #[inline(always)]
            fn mul(a: half::$t, b: half::$t) -> half::$t {
                crate::math::$from(crate::math::$to(a) * crate::math::$to(b))
            }
            #[inline(always)]
            fn min(a: half::$t, b: half::$t) -> half::$t {
                let (x, y) = (crate::math::$to(a), crate::math::$to(b));
                if x <= y || x.is_nan() { a } else { b }
            }
            #[inline(always)]
            fn max(a: half::$t, b: half::$t) -> half::$t {
                let (x, y) = (crate::math::$to(a), crate::math::$to(b));
                if x >= y || x.is_nan() { a } else { b }
            }
        }
    )*};
}

builtin_half!(f16 f16_to_f32 f32_to_f16, bf16 bf16_to_f32 f32_to_bf16);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_split_in_a_fixed_tree() {
        let seen = core::cell::RefCell::new(Vec::new());
        let block = |r: Range<usize>| {
            seen.borrow_mut().push(r.clone());
            r.len()
        };
        let total = fold_on_one_thread(0..3 * BLOCK + 5, &block, &|a, b| a + b);
        assert_eq!(total, 3 * BLOCK + 5);
        let expected = vec![
            0..BLOCK,
            BLOCK..2 * BLOCK,
            2 * BLOCK..3 * BLOCK,
            3 * BLOCK..3 * BLOCK + 5,
        ];
        assert_eq!(seen.into_inner(), expected);
    }

    #[test]
    fn lanes_fold_as_documented() {
        let lanes: [u32; LANES] = core::array::from_fn(|i| 1 << i);
        let order = core::cell::RefCell::new(Vec::new());
        let total = combine_lanes(lanes, |a, b| {
            order.borrow_mut().push((a, b));
            a | b
        });
        assert_eq!(total, 0xffff_ffff);
        let order = order.into_inner();
        assert_eq!(order.len(), 31);
        assert_eq!(order[0], (1, 1 << 16));
        assert_eq!(order[30], (0x5555_5555, 0xaaaa_aaaa));
    }

    #[test]
    fn float_min_and_max_propagate_nan() {
        assert!(<f32 as Builtin>::min(f32::NAN, 1.0).is_nan());
        assert!(<f32 as Builtin>::min(1.0, f32::NAN).is_nan());
        assert!(<f64 as Builtin>::max(f64::NAN, 1.0).is_nan());
        assert!(<f64 as Builtin>::max(1.0, f64::NAN).is_nan());
        assert_eq!(<f32 as Builtin>::max(-1.0, f32::NEG_INFINITY), -1.0);
    }

    #[test]
    fn bool_combines_as_numpy() {
        assert!(<bool as Builtin>::add(true, true));
        assert!(!<bool as Builtin>::mul(true, false));
        assert!(!<bool as Builtin>::min(true, false));
        assert!(<bool as Builtin>::max(false, true));
    }

    #[test]
    fn half_combiners_round_once_and_propagate_nan() {
        use half::{bf16, f16};
        let (a, b) = (f16::from_f32(0.1), f16::from_f32(0.2));
        assert_eq!(
            <f16 as Builtin>::add(a, b),
            f16::from_f32(a.to_f32() + b.to_f32())
        );
        assert!(<f16 as Builtin>::max(f16::NAN, f16::ONE).is_nan());
        assert!(<bf16 as Builtin>::min(bf16::ONE, bf16::NAN).is_nan());
        assert_eq!(
            <bf16 as Builtin>::max(bf16::ONE, bf16::NEG_INFINITY),
            bf16::ONE
        );
    }

    #[test]
    fn integer_add_and_mul_wrap() {
        assert_eq!(<i8 as Builtin>::add(127, 1), -128);
        assert_eq!(<u64 as Builtin>::mul(u64::MAX, 2), u64::MAX - 1);
        assert_eq!(<u8 as Builtin>::add(250, 10), 4);
        assert_eq!(<i32 as Builtin>::mul(i32::MAX, 2), -2);
    }
}
