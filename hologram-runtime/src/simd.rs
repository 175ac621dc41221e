//! Which instruction set generated loops run with.
//!
//! The default x86-64 target only promises SSE2, so a loop compiled for it uses 4-wide
//! vectors. Every loop that `#[kernel]` generates, and the loops of the stdlib, run through
//! [`dispatch`]: on x86-64 it compiles the loop a second time with AVX2 and FMA enabled and
//! picks that copy when the CPU has both, with one cached check per call (a load and a
//! compare). Built with `-C target-cpu=...` or `-C target-feature=+avx2,+fma`, the
//! baseline already has both and there is no check at all; on other architectures the loop
//! runs as compiled.
//!
//! Enabling FMA changes no result: Rust never contracts `a * b + c` into a fused
//! multiply-add, so only an explicit `mul_add` becomes one instruction, and `mul_add` is
//! correctly rounded either way. Both copies give the same bits
//! (`tests/test_reduce_bits.rs`, `tests/test_simd.rs`).
//!
//! `HOLOGRAM_SIMD=baseline` in the environment, or [`force_baseline`], makes every loop run
//! its baseline copy, to compare the two.
//!
//! ```
//! # extern crate hologram_runtime as hologram;
//! use hologram::{simd, stdlib};
//!
//! let x: Vec<f32> = (0..1000).map(|i| i as f32 / 100.0 - 5.0).collect();
//! let (mut fast, mut plain) = (vec![0.0; 1000], vec![0.0; 1000]);
//! println!("generated loops run with {}", simd::level());
//! stdlib::gelu::slices(&x, &mut fast)?;
//! simd::force_baseline(true);
//! stdlib::gelu::slices(&x, &mut plain)?;
//! simd::force_baseline(false);
//! assert!(fast.iter().zip(&plain).all(|(a, b)| a.to_bits() == b.to_bits()));
//! # Ok::<(), hologram::Error>(())
//! ```

/// The environment variable that, set to `baseline`, makes [`dispatch`] run the baseline
/// copy of every loop (read once, at the first call).
pub const SIMD_ENV: &str = "HOLOGRAM_SIMD";

/// Makes [`dispatch`] run the baseline copy of every loop from now on (`true`), or go back
/// to checking the CPU (`false`). For comparing the two; results are the same bits either
/// way. Has no effect in a build whose target already has AVX2 and FMA.
pub fn force_baseline(yes: bool) {
    runtime::force_baseline(yes);
}

/// The instruction set that [`dispatch`] runs loops with on this machine: `"avx2+fma"` or
/// `"baseline"` (the compile-time target, which may itself include AVX2).
pub fn level() -> &'static str {
    if compiled_with_avx2_fma() || runtime::has_avx2_fma() {
        "avx2+fma"
    } else {
        "baseline"
    }
}

/// Whether the compile-time target already has AVX2 and FMA.
const fn compiled_with_avx2_fma() -> bool {
    cfg!(all(
        target_arch = "x86_64",
        target_feature = "avx2",
        target_feature = "fma"
    ))
}

/// Runs `body`, compiled with AVX2 and FMA when the CPU has them (see the module docs).
///
/// `body` and the loops it calls must be `#[inline(always)]` to be compiled into the AVX2
/// copy; a call that is not inlined runs baseline code.
#[inline(always)]
pub fn dispatch<R>(body: impl FnOnce() -> R) -> R {
    #[cfg(all(
        target_arch = "x86_64",
        not(all(target_feature = "avx2", target_feature = "fma"))
    ))]
    if runtime::has_avx2_fma() {
        // SAFETY: the CPU has AVX2 and FMA (checked just above), the only precondition.
        return unsafe { runtime::compiled(body) };
    }
    body()
}

/// Marks the start of one chunk of a generated elementwise loop, so that LLVM vectorizes
/// inside the chunk (its 32 elements, contiguous in every stream) rather than across chunks.
/// It emits no instruction.
///
/// Without it, LLVM's loop vectorizer, which runs before the straight-line (SLP) vectorizer,
/// may take the loop over chunks, with the chunk body unrolled, as its loop: it then reads
/// each stream as 32 interleaved streams and assembles every vector element by element
/// (`vpinsrw`, 224 of them in a `bf16`-to-`f32` kernel), about 4x slower than the chunk body
/// vectorized on its own. An empty `asm!` is a call LLVM cannot vectorize, so the loop
/// vectorizer leaves the loop over chunks alone and the SLP vectorizer handles each chunk.
#[inline(always)]
pub fn chunk_fence() {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: an empty assembly block that reads and writes no memory, no stack and no flags
    // (as its options say): it does nothing at run time.
    unsafe {
        core::arch::asm!("", options(nomem, nostack, preserves_flags));
    }
}

#[cfg(target_arch = "x86_64")]
mod runtime {
    use core::sync::atomic::{AtomicU8, Ordering};

    /// 0: not checked yet; 1: no; 2: yes.
    static AVX2_FMA: AtomicU8 = AtomicU8::new(0);

    /// Whether the CPU has AVX2 and FMA, checked once.
    #[inline(always)]
    pub(super) fn has_avx2_fma() -> bool {
        match AVX2_FMA.load(Ordering::Relaxed) {
            0 => detect(),
            state => state == 2,
        }
    }

    pub(super) fn force_baseline(yes: bool) {
        AVX2_FMA.store(if yes { 1 } else { 0 }, Ordering::Relaxed);
    }

    #[cold]
    #[inline(never)]
    fn detect() -> bool {
        let forced = std::env::var_os(super::SIMD_ENV).is_some_and(|v| v == "baseline");
        let yes = !forced
            && std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("fma");
        AVX2_FMA.store(if yes { 2 } else { 1 }, Ordering::Relaxed);
        yes
    }

    /// `body()`, with AVX2 and FMA enabled for everything inlined into it.
    ///
    /// # Safety
    /// The CPU must support AVX2 and FMA.
    #[target_feature(enable = "avx2,fma")]
    #[inline]
    #[cfg_attr(
        all(target_feature = "avx2", target_feature = "fma"),
        allow(
            dead_code,
            reason = "the baseline has both; `dispatch` calls `body` directly"
        )
    )]
    pub(super) unsafe fn compiled<R>(body: impl FnOnce() -> R) -> R {
        body()
    }
}

#[cfg(not(target_arch = "x86_64"))]
mod runtime {
    /// Only x86-64 dispatches.
    #[inline(always)]
    pub(super) fn has_avx2_fma() -> bool {
        false
    }

    /// Nothing to force: loops run as compiled.
    pub(super) fn force_baseline(_: bool) {}
}
