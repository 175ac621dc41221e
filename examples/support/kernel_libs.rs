//! Builds the example kernel libraries: the `user-kernels` cdylib with cargo, and C files with
//! the system C compiler. Shared by the tour and the tests (`#[path]`-included), so that both
//! build them the same way.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root (the `hologram` package's directory).
pub fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the `user-kernels` cdylib with the cargo that runs us (`$CARGO`, else `cargo`), and
/// returns the library's path, taken from cargo's JSON messages. `target_dir` overrides the
/// target directory.
pub fn build_user_kernels(release: bool, target_dir: Option<&Path>) -> Result<PathBuf, String> {
    build_user_kernels_with(release, target_dir, &[])
}

/// [`build_user_kernels`] with cargo features of `user-kernels` turned on (e.g. `stdlib`).
pub fn build_user_kernels_with(
    release: bool,
    target_dir: Option<&Path>,
    features: &[&str],
) -> Result<PathBuf, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(workspace_root()).args([
        "build",
        "-p",
        "user-kernels",
        "--message-format=json",
    ]);
    if release {
        cmd.arg("--release");
    }
    if !features.is_empty() {
        cmd.arg("--features").arg(features.join(","));
    }
    if let Some(dir) = target_dir {
        cmd.arg("--target-dir").arg(dir);
    }
    let out = cmd.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "cargo build -p user-kernels failed ({}):\n{}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr),
            stdout
        ));
    }
    let suffix = std::env::consts::DLL_SUFFIX;
    stdout
        .lines()
        .filter(|l| l.contains(r#""reason":"compiler-artifact""#))
        .filter(|l| l.contains(r#""name":"user_kernels""#))
        .flat_map(|l| json_string_array(l, "filenames"))
        .find(|f| f.ends_with(suffix))
        .map(PathBuf::from)
        .ok_or_else(|| format!("cargo reported no user_kernels artifact ending in {suffix}"))
}

/// Compiles the C file `source` into the shared library `out` with `cc -shared -fPIC -O2`,
/// against `hologram-runtime/include`, and makes it writable by its owner only (a host
/// refuses libraries that others may write).
pub fn build_c_library(source: &Path, out: &Path) -> Result<(), String> {
    let cc = std::env::var_os("CC").unwrap_or_else(|| "cc".into());
    let include = workspace_root().join("hologram-runtime").join("include");
    let tmp = out.with_extension("tmp");
    let status = Command::new(&cc)
        .args(["-shared", "-fPIC", "-O2", "-Wall", "-Werror", "-I"])
        .arg(&include)
        .arg(source)
        .arg("-o")
        .arg(&tmp)
        .arg("-lm")
        .status()
        .map_err(|e| format!("cannot run the C compiler {cc:?}: {e}"))?;
    if !status.success() {
        return Err(format!("{cc:?} failed on {} ({status})", source.display()));
    }
    owner_writable_only(&tmp)?;
    std::fs::rename(&tmp, out).map_err(|e| format!("cannot move the library into place: {e}"))
}

/// Copies a library to `dest` (replacing it atomically) with owner-only write permission.
pub fn install(lib: &Path, dest: &Path) -> Result<(), String> {
    let tmp = dest.with_extension("tmp");
    std::fs::copy(lib, &tmp).map_err(|e| format!("cannot copy {}: {e}", lib.display()))?;
    owner_writable_only(&tmp)?;
    std::fs::rename(&tmp, dest).map_err(|e| format!("cannot install {}: {e}", dest.display()))
}

fn owner_writable_only(path: &Path) -> Result<(), String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| format!("cannot chmod {}: {e}", path.display()))?;
    }
    let _ = path;
    Ok(())
}

/// The strings of the array `"key":[...]` in one line of JSON; enough for cargo's messages
/// (no nesting inside the array), with `\"` and `\\` unescaped.
fn json_string_array(line: &str, key: &str) -> Vec<String> {
    let Some(start) = line.find(&format!(r#""{key}":["#)) else {
        return Vec::new();
    };
    let mut chars = line[start + key.len() + 4..].chars();
    let (mut items, mut current, mut in_string) = (Vec::new(), String::new(), false);
    while let Some(c) = chars.next() {
        match (in_string, c) {
            (false, ']') => break,
            (false, '"') => in_string = true,
            (true, '"') => {
                items.push(std::mem::take(&mut current));
                in_string = false;
            }
            (true, '\\') => current.extend(chars.next()),
            (true, c) => current.push(c),
            (false, _) => {}
        }
    }
    items
}
