//! `math::{f16_to_f32, f32_to_f16, bf16_to_f32, f32_to_bf16}` against the `half` crate's
//! scalar conversions, bit for bit: every one of the 65,536 bit patterns of `f16` and `bf16`,
//! and for the narrowing conversions every `f32` at and around each rounding boundary (each
//! representable value, each halfway point, one `f32` ulp either side, both signs), the
//! special values, and a sample of random bit patterns.

use half::{bf16, f16};
use hologram_runtime::math::{bf16_to_f32, f16_to_f32, f32_to_bf16, f32_to_f16};

/// A small, fast, deterministic generator (splitmix64): the sample is the same every run.
fn bits_sample(count: usize, mut state: u64) -> impl Iterator<Item = u32> {
    (0..count).map(move |_| {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) >> 32) as u32
    })
}

#[test]
fn every_f16_widens_exactly_as_half() {
    for bits in 0..=u16::MAX {
        let h = f16::from_bits(bits);
        assert_eq!(
            f16_to_f32(h).to_bits(),
            h.to_f32().to_bits(),
            "f16 bits {bits:#06x}"
        );
    }
}

#[test]
fn every_bf16_widens_exactly_as_half() {
    for bits in 0..=u16::MAX {
        let h = bf16::from_bits(bits);
        assert_eq!(
            bf16_to_f32(h).to_bits(),
            h.to_f32().to_bits(),
            "bf16 bits {bits:#06x}"
        );
    }
}

/// Every `f32` at and next to a rounding boundary of a 16-bit type whose values widen to
/// `widen(bits)`: each value, the midpoint to the next one (where ties are decided), and one
/// `f32` ulp either side of both.
fn boundaries(widen: impl Fn(u16) -> f32) -> Vec<u32> {
    let mut out = Vec::new();
    for bits in 0..=u16::MAX {
        let value = widen(bits);
        let next = widen(bits.wrapping_add(1));
        if !value.is_finite() {
            continue;
        }
        let mut points = vec![value.to_bits()];
        if next.is_finite() && next.abs() > value.abs() {
            // The midpoint, computed exactly in f64 and representable in f32.
            let mid = ((f64::from(value) + f64::from(next)) / 2.0) as f32;
            points.push(mid.to_bits());
        } else if value.abs() == f32::from_bits(widen(0x7bff).to_bits()).abs() {
            // The largest finite f16: the midpoint to the next power of two decides overflow.
            points.push((value.abs() + (value.abs() - widen(0x7bfe).abs()) / 2.0).to_bits());
        }
        for p in points {
            out.extend([p.wrapping_sub(1), p, p.wrapping_add(1)]);
        }
    }
    out
}

fn specials() -> Vec<u32> {
    let mut out = vec![
        0,
        0x8000_0000,
        0x7f80_0000,
        0xff80_0000,
        0x7fc0_0000,
        0x7f80_0001,
        0x7fbf_ffff,
        0xffc0_0001,
        0x7fff_ffff,
        0x0000_0001,
        0x007f_ffff,
        0x0080_0000,
        f32::MAX.to_bits(),
        65504.0f32.to_bits(),
        65519.99f32.to_bits(),
        65520.0f32.to_bits(),
        (65520.0f32).to_bits() - 1,
        2.0f32.powi(-24).to_bits(),
        2.0f32.powi(-25).to_bits(),
        (2.0f32.powi(-25)).to_bits() + 1,
        2.0f32.powi(-14).to_bits(),
    ];
    // NaNs with payload bits in every position.
    for shift in 0..23 {
        out.push(0x7f80_0000 | (1 << shift));
        out.push(0xff80_0000 | (1 << shift));
    }
    out
}

#[test]
fn f32_narrows_to_f16_exactly_as_half() {
    let points = boundaries(|b| f16::from_bits(b).to_f32());
    let sample = bits_sample(1 << 21, 1);
    for bits in points.into_iter().chain(specials()).chain(sample) {
        let x = f32::from_bits(bits);
        assert_eq!(
            f32_to_f16(x).to_bits(),
            f16::from_f32(x).to_bits(),
            "f32 bits {bits:#010x} ({x:e})"
        );
    }
}

#[test]
fn f32_narrows_to_bf16_exactly_as_half() {
    let points = boundaries(|b| bf16::from_bits(b).to_f32());
    let sample = bits_sample(1 << 21, 2);
    for bits in points.into_iter().chain(specials()).chain(sample) {
        let x = f32::from_bits(bits);
        assert_eq!(
            f32_to_bf16(x).to_bits(),
            bf16::from_f32(x).to_bits(),
            "f32 bits {bits:#010x} ({x:e})"
        );
    }
}

#[test]
fn the_boundary_sets_cover_both_roundings() {
    // Ties to even both ways: 1 + 2^-11 rounds down to 1, 1 + 3 * 2^-11 up to 1 + 2^-9.
    assert_eq!(f32_to_f16(1.0 + 2f32.powi(-11)), f16::ONE);
    assert_eq!(
        f32_to_f16(1.0 + 3.0 * 2f32.powi(-11)).to_f32(),
        1.0 + 2f32.powi(-9)
    );
    // The smallest subnormal's half rounds to zero (even), just above it to the subnormal.
    assert_eq!(f32_to_f16(2f32.powi(-25)).to_bits(), 0);
    assert_eq!(
        f32_to_f16(f32::from_bits(2f32.powi(-25).to_bits() + 1)).to_bits(),
        1
    );
    assert_eq!(f32_to_f16(-65520.0), f16::NEG_INFINITY);
    assert!(boundaries(|b| f16::from_bits(b).to_f32()).len() > 300_000);
}

/// Every one of the 2^32 `f32` bit patterns, narrowed both ways: about a minute in release,
/// so it is ignored by default. Run it with
/// `cargo test --release -p hologram-runtime --test test_half_conversions -- --ignored`.
#[test]
#[ignore = "2^32 inputs: run in release with --ignored"]
fn every_f32_narrows_exactly_as_half() {
    for bits in 0..=u32::MAX {
        let x = f32::from_bits(bits);
        assert_eq!(
            f32_to_f16(x).to_bits(),
            f16::from_f32(x).to_bits(),
            "{bits:#010x}"
        );
        assert_eq!(
            f32_to_bf16(x).to_bits(),
            bf16::from_f32(x).to_bits(),
            "{bits:#010x}"
        );
    }
}
