//! The folding order of `hologram::fold`, written from its documentation as plain index
//! arithmetic: lanes, the identity-padded partial chunk, the lane tree, the block tree.
//! Shared (`#[path]`-included) by the tests that check reductions bit for bit against it.

/// Lane accumulators per block.
pub const LANES: usize = 32;
/// Elements per block.
pub const BLOCK: usize = 1 << 14;

// The reference is written from the text, with its own constants; they must be the library's.
const _: () = assert!(LANES == hologram::fold::LANES && BLOCK == hologram::fold::BLOCK);

/// Folds `values` with `c` in the documented order; `identity` pads the partial chunk.
pub fn reference_fold<R: Copy>(values: &[R], identity: R, c: &impl Fn(R, R) -> R) -> R {
    if values.len() > BLOCK {
        let blocks = values.len().div_ceil(BLOCK);
        let (first, rest) = values.split_at(blocks.div_ceil(2) * BLOCK);
        return c(
            reference_fold(first, identity, c),
            reference_fold(rest, identity, c),
        );
    }
    let mut lanes = [identity; LANES];
    let full = values.len() / LANES * LANES;
    for (i, &v) in values[..full].iter().enumerate() {
        lanes[i % LANES] = c(lanes[i % LANES], v);
    }
    if full < values.len() {
        let mut tail = [identity; LANES];
        tail[..values.len() - full].copy_from_slice(&values[full..]);
        for j in 0..LANES {
            lanes[j] = c(lanes[j], tail[j]);
        }
    }
    let mut width = LANES / 2;
    while width > 0 {
        for j in 0..width {
            lanes[j] = c(lanes[j], lanes[j + width]);
        }
        width /= 2;
    }
    lanes[0]
}
