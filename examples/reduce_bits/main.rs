//! Prints the bits of stdlib reductions on fixed inputs, one `name len bits` line each.
//!
//! `tests/test_reduce_bits.rs` builds this example with `-C target-cpu=x86-64-v3` (AVX2 and
//! FMA) and compares its lines with the same reductions computed in the test process
//! (baseline SSE2, debug build): the fixed folding order makes them identical.
//!
//! `cargo run --release --example reduce_bits`

#[path = "compute.rs"]
mod compute;

fn main() {
    for line in compute::lines() {
        println!("{line}");
    }
}
