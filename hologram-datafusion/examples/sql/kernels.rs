//! The example kernel library: `examples/user-kernels` built with cargo and copied into a
//! directory of its own, for `HOLOGRAM_KERNEL_PATH`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds `user-kernels` (release, or the dev profile) with the cargo that runs us and
/// copies the library into
/// `dir`, readable by all and writable only by its owner (a host refuses libraries that
/// others may write). Returns the copy's path.
pub fn build_user_kernels(dir: &Path, release: bool) -> Result<PathBuf, String> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(&workspace)
        .args(["build", "-p", "user-kernels", "--message-format=json"]);
    if release {
        cmd.arg("--release");
    }
    let out = cmd.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(format!("cargo build -p user-kernels failed:\n{stderr}"));
    }
    let suffix = std::env::consts::DLL_SUFFIX;
    let built = stdout
        .lines()
        .filter(|l| {
            l.contains(r#""reason":"compiler-artifact""#) && l.contains(r#""name":"user_kernels""#)
        })
        .flat_map(|l| l.split('"'))
        .find(|s| s.ends_with(suffix) && s.starts_with('/'))
        .ok_or_else(|| format!("cargo reported no user_kernels library ending in {suffix}"))?;
    let name = Path::new(built)
        .file_name()
        .ok_or("a library without a file name")?;
    let copy = dir.join(name);
    std::fs::copy(built, &copy).map_err(|e| format!("cannot copy {built}: {e}"))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| format!("cannot set the permissions of {}: {e}", copy.display()))?;
    }
    Ok(copy)
}
