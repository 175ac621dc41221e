//! Kernel libraries for the loader tests, each built once per test binary.

#![allow(dead_code, reason = "each test binary uses a different part")]

#[path = "../../examples/support/kernel_libs.rs"]
mod kernel_libs;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

#[allow(unused_imports, reason = "each test binary uses a different part")]
pub use kernel_libs::{install, workspace_root};

/// Where these tests build and copy things: the target's tmp dir, kept between runs so that
/// the cdylib build is incremental.
pub fn scratch() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hologram-loader");
    std::fs::create_dir_all(&dir).expect("create the scratch dir");
    dir
}

/// A fresh, empty directory for one test.
pub fn fresh_dir(name: &str) -> PathBuf {
    let dir = scratch()
        .join("cases")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a test dir");
    dir
}

/// The `user-kernels` cdylib, built by `$CARGO --message-format=json` into a target dir of
/// its own, once per test binary.
pub fn user_kernels() -> &'static Path {
    static LIB: OnceLock<PathBuf> = OnceLock::new();
    LIB.get_or_init(|| {
        let target = scratch().join("user-kernels-target");
        kernel_libs::build_user_kernels(false, Some(&target))
            .unwrap_or_else(|e| panic!("building user-kernels: {e}"))
    })
}

/// The C library built from `source` (relative to the workspace root), once per test binary.
pub fn c_library(source: &str) -> PathBuf {
    static BUILT: OnceLock<Mutex<HashMap<String, PathBuf>>> = OnceLock::new();
    let built = BUILT.get_or_init(Mutex::default);
    let mut built = built.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(path) = built.get(source) {
        return path.clone();
    }
    let stem = Path::new(source)
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("a C file name");
    let dir = scratch().join("c-libs");
    std::fs::create_dir_all(&dir).expect("create the C library dir");
    let out = dir.join(format!(
        "lib{stem}-{}{}",
        std::process::id(),
        std::env::consts::DLL_SUFFIX
    ));
    kernel_libs::build_c_library(&workspace_root().join(source), &out)
        .unwrap_or_else(|e| panic!("building {source}: {e}"));
    built.insert(source.to_owned(), out.clone());
    out
}

/// The C kernel library of the examples.
pub fn c_kernels() -> PathBuf {
    c_library("examples/c-kernels/kernels.c")
}
