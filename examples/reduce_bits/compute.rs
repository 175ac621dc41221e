//! The reductions whose bits must not depend on how the program was compiled: shared by the
//! `reduce_bits` example and `tests/test_reduce_bits.rs`.

use hologram::stdlib;

/// Lengths that cover the partial chunk, the first block boundary and the block tree.
pub const LENGTHS: [usize; 8] = [1, 15, 17, 3072, 3073, 16_385, 100_003, 1_000_000];

/// Values in [-4, 4) from a seed (a linear congruential generator).
pub fn values(len: usize, seed: u64) -> Vec<f32> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 40) as f32 / (1u64 << 24) as f32) * 8.0 - 4.0
        })
        .collect()
}

/// One line per reduction and length: `name len bits`, with the result's bits in hex.
pub fn lines() -> Vec<String> {
    let mut lines = Vec::new();
    for (i, &len) in LENGTHS.iter().enumerate() {
        let x = values(len, 2 * i as u64);
        let y = values(len, 2 * i as u64 + 1);
        let x64: Vec<f64> = x.iter().map(|&v| f64::from(v) * 1.1).collect();
        let mut out = vec![0.0f32; len];
        stdlib::softmax::slices(&x, &mut out).expect("equal lengths");
        let results = [
            (
                "sum",
                u64::from(stdlib::sum::slices(&x).expect("ok").to_bits()),
            ),
            (
                "dot",
                u64::from(stdlib::dot::slices(&x, &y).expect("ok").to_bits()),
            ),
            (
                "max",
                u64::from(stdlib::max::slices(&x).expect("ok").to_bits()),
            ),
            (
                "mean",
                u64::from(stdlib::mean::slices(&x).expect("ok").to_bits()),
            ),
            (
                "f64::sum",
                stdlib::f64::sum::slices(&x64).expect("ok").to_bits(),
            ),
            (
                "f64::dot",
                stdlib::f64::dot::slices(&x64, &x64).expect("ok").to_bits(),
            ),
            ("softmax[0]", u64::from(out[0].to_bits())),
            ("softmax[last]", u64::from(out[len - 1].to_bits())),
        ];
        for (name, bits) in results {
            lines.push(format!("{name} {len} {bits:016x}"));
        }
    }
    lines
}
