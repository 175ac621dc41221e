//! Compile-time tests of `#[kernel]`, with [trybuild].
//!
//! - `tests/ui/pass/*.rs` must compile and run: each defines kernels and checks what they
//!   compute.
//! - `tests/ui/fail/*.rs` must fail to compile with exactly the error in the `.stderr` file
//!   next to it: one misuse per file, reported on the offending tokens.
//!
//! To regenerate the snapshots after changing a message or adding a case, run
//!
//! ```sh
//! TRYBUILD=overwrite cargo test --test test_ui
//! ```
//!
//! then review the diff of `tests/ui/fail/*.stderr` before committing: every error must point
//! at the misused token, and each file must give one error.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}
