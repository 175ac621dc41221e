//! Reductions give the same bits however they were compiled: this test process (a debug
//! build for the baseline x86-64 target, SSE2) against the `reduce_bits` example built in
//! release mode for `x86-64-v3` (AVX2 and FMA), where the machine has those.

#[path = "../examples/reduce_bits/compute.rs"]
mod compute;

use std::process::Command;

#[test]
fn reductions_give_the_same_bits_at_every_simd_level() {
    #[cfg(target_arch = "x86_64")]
    if !(std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")) {
        eprintln!("skipped: this machine has no AVX2+FMA to compare against");
        return;
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        eprintln!("skipped: the SIMD levels compared here are x86-64's");
        return;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target_dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("x86-64-v3");
    let output = Command::new(cargo)
        .args(["run", "--quiet", "--release", "--example", "reduce_bits"])
        .arg("--target-dir")
        .arg(&target_dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env("RUSTFLAGS", "-C target-cpu=x86-64-v3")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "building the example failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let avx2 = String::from_utf8(output.stdout).expect("the example prints UTF-8");
    let avx2: Vec<&str> = avx2.lines().collect();
    let here = compute::lines();
    assert_eq!(avx2.len(), here.len());
    for (theirs, ours) in avx2.iter().zip(&here) {
        assert_eq!(theirs, ours, "x86-64-v3 release vs baseline debug");
    }
}
