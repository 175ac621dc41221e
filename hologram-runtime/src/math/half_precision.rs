//! Conversions between the half-precision storage types ([`f16`], [`bf16`]) and `f32`, written
//! so that a loop over them vectorizes.
//!
//! `half`'s own `f16::to_f32` and `f16::from_f32` pick the F16C instruction by a CPU check on
//! every call (or a software routine with branches), and a call with a check inside it stops
//! LLVM from vectorizing the loop around it. Stable Rust has no `f16` primitive, so LLVM never
//! sees a half-precision conversion it could turn into `vcvtph2ps`. These functions are plain
//! integer and `f32` operations with selects instead of branches: LLVM vectorizes them at the
//! full width of the loop (8 lanes in the AVX2 copy that [`dispatch`](crate::simd::dispatch)
//! runs, 4 with the SSE2 baseline).
//!
//! They are exact, and give the same bits as `half`'s conversions (and F16C's) for every
//! input: round to nearest, ties to even; subnormals kept; overflow to infinity; a NaN stays a
//! NaN with its sign and its top payload bits, quieted. Tests compare all 65,536 bit patterns
//! of each type and the `f32` values around every rounding boundary.
//!
//! ```
//! # extern crate hologram_runtime as hologram;
//! use hologram::math::{bf16_to_f32, f16_to_f32, f32_to_bf16, f32_to_f16};
//! use hologram::half::{bf16, f16};
//!
//! assert_eq!(f16_to_f32(f16::from_bits(0x3c00)), 1.0);
//! assert_eq!(f32_to_f16(65520.0), f16::INFINITY); // rounds up past f16::MAX
//! assert_eq!(f32_to_bf16(1.0 + 1.0 / 256.0), bf16::ONE); // a tie: to even
//! assert_eq!(bf16_to_f32(bf16::from_f32(3.5)), 3.5);
//! ```

use half::{bf16, f16};

/// The `f16` value as an `f32`, exactly (every `f16` is an `f32`).
///
/// The 15 bits below the sign are moved to the top of an `f32`'s exponent and mantissa and
/// the exponent rebiased (+112); a subnormal `f16` is then normalized by one `f32`
/// subtraction of `2^-14` (no subnormal `f32` arithmetic), and infinities and NaNs, whose
/// exponent is all ones, are selected from their own bits.
#[inline(always)]
pub fn f16_to_f32(h: f16) -> f32 {
    const MAGIC: u32 = 113 << 23; // 2^-14, the smallest normal f16, as f32 bits
    let bits = u32::from(h.to_bits());
    let sign = (bits & 0x8000) << 16;
    let magnitude = (bits & 0x7fff) << 13;
    let exponent = bits & 0x7c00;
    // Normal: rebias the exponent from 15 to 127.
    let normal = magnitude + ((127 - 15) << 23);
    // Subnormal or zero: 2^-14 * (1 + m / 2^10) - 2^-14 = m * 2^-24, exact.
    let subnormal = (f32::from_bits(magnitude + MAGIC) - f32::from_bits(MAGIC)).to_bits();
    // Infinity or NaN: all exponent bits set, the payload kept and a NaN quieted.
    let quiet = if bits & 0x03ff != 0 { 0x0040_0000 } else { 0 };
    let special = 0x7f80_0000 | magnitude | quiet;
    let out = if exponent == 0x7c00 {
        special
    } else if exponent == 0 {
        subnormal
    } else {
        normal
    };
    f32::from_bits(out | sign)
}

/// `x` rounded to the nearest `f16` (ties to even): values beyond `f16::MAX` by half an ulp or
/// more become infinities, and values below the smallest subnormal by more than half of it
/// become zeros of `x`'s sign.
///
/// Tiny values are rounded by one `f32` addition that puts the `f16` subnormal's ulp in the
/// last place of an `f32` (the addition rounds to nearest even, which is the rounding
/// wanted); normal values by adding `0xfff` plus the lowest kept bit below the cut, the
/// usual integer rounding to nearest even.
#[inline(always)]
pub fn f32_to_f16(x: f32) -> f16 {
    const F16_OVERFLOW: u32 = (127 + 16) << 23; // 2^16: at or above it, infinity (or NaN)
    const F16_NORMAL: u32 = 113 << 23; // 2^-14: below it, subnormal or zero
    const DENORMAL_MAGIC: u32 = ((127 - 15) + (23 - 10) + 1) << 23; // 0.5
    let bits = x.to_bits();
    let sign = (bits >> 16) & 0x8000;
    let magnitude = bits & 0x7fff_ffff;
    // Infinity, NaN (quieted, top payload bits kept) and overflow to infinity.
    let nan = if magnitude > 0x7f80_0000 {
        0x0200 | ((magnitude >> 13) & 0x03ff)
    } else {
        0
    };
    let special = 0x7c00 | nan;
    // Subnormal or zero: the sum's last place is the f16 subnormal's ulp, 2^-24.
    let tiny = f32::from_bits(magnitude) + f32::from_bits(DENORMAL_MAGIC);
    let subnormal = tiny.to_bits().wrapping_sub(DENORMAL_MAGIC);
    // Normal: rebias the exponent and round the 13 bits cut off to nearest even.
    let odd = (magnitude >> 13) & 1;
    let normal = magnitude
        .wrapping_add(((15u32).wrapping_sub(127) << 23).wrapping_add(0x0fff))
        .wrapping_add(odd)
        >> 13;
    let out = if magnitude >= F16_OVERFLOW {
        special
    } else if magnitude < F16_NORMAL {
        subnormal
    } else {
        normal
    };
    f16::from_bits((out | sign) as u16)
}

/// The `bf16` value as an `f32`, exactly: its bits are the top half of the `f32`'s (a NaN is
/// quieted, as `half` does).
#[inline(always)]
pub fn bf16_to_f32(h: bf16) -> f32 {
    let bits = u32::from(h.to_bits());
    let quiet = if bits & 0x7fff > 0x7f80 { 0x0040 } else { 0 };
    f32::from_bits((bits | quiet) << 16)
}

/// `x` rounded to the nearest `bf16` (ties to even); a NaN stays a NaN with its top payload
/// bits, quieted.
#[inline(always)]
pub fn f32_to_bf16(x: f32) -> bf16 {
    let bits = x.to_bits();
    let odd = (bits >> 16) & 1;
    let rounded = (bits.wrapping_add(0x7fff + odd) >> 16) as u16;
    let nan = ((bits >> 16) | 0x0040) as u16;
    let out = if bits & 0x7fff_ffff > 0x7f80_0000 {
        nan
    } else {
        rounded
    };
    bf16::from_bits(out)
}
