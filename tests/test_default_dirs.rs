//! `Registry::load_default_dirs`: `target/kernel-libs/` under the current directory, then
//! every directory in `HOLOGRAM_KERNEL_PATH`. The environment and the current directory
//! belong to the whole process, so each case runs this test binary again as a child with
//! its own, rather than changing them under other tests.

mod common;

use common::{c_kernels, c_library, fresh_dir, install};
use hologram::{Error, Registry};
use std::path::Path;
use std::process::Command;

/// Set in the child process: which case to run.
const CASE: &str = "HOLOGRAM_TEST_DEFAULT_DIRS_CASE";

/// Runs this test binary's `child` test with `case`, in `cwd`, with `kernel_path`.
fn run_child(case: &str, cwd: &Path, kernel_path: &str) {
    let output = Command::new(std::env::current_exe().expect("the test binary"))
        .args(["--exact", "child", "--nocapture", "--test-threads=1"])
        .current_dir(cwd)
        .env(CASE, case)
        .env("HOLOGRAM_KERNEL_PATH", kernel_path)
        .output()
        .expect("run the child");
    assert!(
        output.status.success(),
        "case {case} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The body of every case; a no-op when run as an ordinary test.
#[test]
fn child() {
    let Ok(case) = std::env::var(CASE) else {
        return;
    };
    let mut reg = Registry::with_stdlib();
    let before = reg.names();
    let result = reg.load_default_dirs();
    match case.as_str() {
        "both" => {
            let names = result.expect("load the default dirs");
            assert_eq!(
                names,
                [
                    "c_affine",
                    "c_dot",
                    "c_checked_sqrt",
                    "c_center",
                    "c_crashes",
                    "c_odd_status",
                    "c_verbose"
                ]
            );
            assert_eq!(reg.names().len(), before.len() + 7);
        }
        "missing" => {
            let err = result.expect_err("a missing directory was asked for");
            assert!(matches!(err, Error::UnreadableDirectory { .. }), "{err}");
            assert_eq!(reg.names(), before, "nothing registered");
        }
        "none" => {
            assert_eq!(result.expect("nothing to load"), Vec::<String>::new());
            assert_eq!(reg.names(), before);
        }
        other => panic!("unknown case {other}"),
    }
}

#[test]
fn target_kernel_libs_then_the_path_variable() {
    let root = fresh_dir("default-dirs");
    let local = root.join("target").join("kernel-libs");
    let extra = root.join("extra");
    std::fs::create_dir_all(&local).expect("mkdir");
    std::fs::create_dir_all(&extra).expect("mkdir");
    let suffix = std::env::consts::DLL_SUFFIX;
    install(&c_kernels(), &local.join(format!("libexamples{suffix}"))).expect("install");
    let odd = c_library("tests/c/odd_status.c");
    install(&odd, &extra.join(format!("libodd{suffix}"))).expect("install");
    let path = std::env::join_paths([extra.as_path(), Path::new("")]).expect("join");
    run_child("both", &root, path.to_str().expect("UTF-8 path"));
}

#[test]
fn a_missing_directory_in_the_path_variable_changes_nothing() {
    let root = fresh_dir("default-dirs-missing");
    let local = root.join("target").join("kernel-libs");
    std::fs::create_dir_all(&local).expect("mkdir");
    let suffix = std::env::consts::DLL_SUFFIX;
    install(&c_kernels(), &local.join(format!("libexamples{suffix}"))).expect("install");
    let missing = root.join("no-such-dir");
    run_child("missing", &root, missing.to_str().expect("UTF-8 path"));
}

#[test]
fn no_directories_load_nothing() {
    let root = fresh_dir("default-dirs-none");
    run_child("none", &root, "");
}
