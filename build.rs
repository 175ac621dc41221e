//! Two optional pieces of C, each compiled only where it can be, so that CI needs neither:
//!
//! - `tests/support/ld_reference.c` (x86-64 with a C compiler): references for the f64 math
//!   functions from glibc's long double functions, linked into the tests and examples, with
//!   `cfg(hologram_ld_reference)` set.
//! - The SLEEF shim, below.
//!
//! Where SLEEF is installed (Debian's `libsleef-dev`: its header and `libsleef.so`) on an
//! x86-64 target with a C compiler, compiles `benches/sleef/shim.c` (loops that call SLEEF's
//! AVX2 functions on 8 f32 at a time), links it and `-lsleef` into the benches only, and
//! sets `cfg(hologram_sleef)`, so that `benches/math.rs` adds its SLEEF columns. Elsewhere,
//! CI included, nothing is compiled or linked and the bench has no SLEEF columns.
//! `HOLOGRAM_NO_SLEEF=1` turns the columns off where SLEEF is installed.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Where Debian and a `make install` put SLEEF's header and library.
const PREFIXES: [(&str, &str); 3] = [
    ("/usr/include/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu"),
    ("/usr/include", "/usr/lib"),
    ("/usr/local/include", "/usr/local/lib"),
];

const SHIM: &str = "benches/sleef/shim.c";
const LD_REFERENCE: &str = "tests/support/ld_reference.c";

fn main() {
    println!("cargo::rustc-check-cfg=cfg(hologram_sleef)");
    println!("cargo::rustc-check-cfg=cfg(hologram_ld_reference)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed={SHIM}");
    println!("cargo::rerun-if-changed={LD_REFERENCE}");
    println!("cargo::rerun-if-env-changed=HOLOGRAM_NO_SLEEF");
    println!("cargo::rerun-if-env-changed=CC");
    for (include, lib) in PREFIXES {
        for dir in [include, lib] {
            if Path::new(dir).is_dir() {
                // A directory changes when a package adds or removes a file in it.
                println!("cargo::rerun-if-changed={dir}");
            }
        }
    }
    let x86_64 = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("x86_64");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux");
    if x86_64 && linux {
        ld_reference();
    }
    let off = std::env::var_os("HOLOGRAM_NO_SLEEF").is_some_and(|v| v != "0");
    if !x86_64 || off {
        return;
    }
    let Some((include, lib)) = PREFIXES.iter().find(|(include, lib)| {
        Path::new(include).join("sleef.h").is_file() && Path::new(lib).join("libsleef.so").is_file()
    }) else {
        return;
    };
    let Some(out_dir) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        return;
    };
    let object = out_dir.join("sleef_shim.o");
    if !compile(SHIM, &["-mavx2", "-mfma", "-I", include], &object) {
        println!("cargo::warning=SLEEF is installed but {SHIM} did not compile: no SLEEF columns");
        return;
    }
    println!("cargo::rustc-link-arg-benches={}", object.display());
    println!("cargo::rustc-link-arg-benches=-L{lib}");
    println!("cargo::rustc-link-arg-benches=-lsleef");
    println!("cargo::rustc-cfg=hologram_sleef");
}

/// Compiles `source` with `-O2` and `flags` into `object`; whether that worked.
fn compile(source: &str, flags: &[&str], object: &Path) -> bool {
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    Command::new(cc)
        .arg("-O2")
        .args(flags)
        .args(["-c", source, "-o"])
        .arg(object)
        .status()
        .is_ok_and(|s| s.success())
}

/// The long double references, for the tests and examples (not the library).
fn ld_reference() {
    let Some(out_dir) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        return;
    };
    let object = out_dir.join("ld_reference.o");
    if !compile(LD_REFERENCE, &[], &object) {
        return;
    }
    for kind in ["tests", "examples"] {
        println!("cargo::rustc-link-arg-{kind}={}", object.display());
        println!("cargo::rustc-link-arg-{kind}=-lm");
    }
    println!("cargo::rustc-cfg=hologram_ld_reference");
}
