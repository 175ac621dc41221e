//! Reductions give the same bits however they were compiled: this test process (a debug
//! build for the baseline x86-64 target), once with its loops dispatched to their AVX2+FMA
//! copies and once forced to the SSE2 baseline, against the `reduce_bits` example built in
//! release mode for `x86-64-v3` (AVX2 and FMA, no dispatch), where the machine has those.

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
    hologram::simd::force_baseline(true);
    let baseline = compute::lines();
    hologram::simd::force_baseline(false);
    assert_eq!(avx2.len(), here.len());
    assert_eq!(baseline.len(), here.len());
    for ((theirs, ours), plain) in avx2.iter().zip(&here).zip(&baseline) {
        assert_eq!(theirs, ours, "x86-64-v3 release vs dispatched debug");
        assert_eq!(plain, ours, "SSE2 baseline vs dispatched debug");
    }
}
