"""Fixtures: the example kernel libraries, built the way the tour and the Rust tests build
them, into ``target/kernel-libs/`` of the workspace.

- ``libuser_kernels.so``: ``cargo build --release -p user-kernels`` (Rust, ABI version 2);
- ``libc_kernels.so``: ``examples/c-kernels/kernels.c`` (C, ABI version 1);
- ``libc_strided.so``: ``examples/c-kernels/strided.c`` (C, ABI version 2).

Set ``HOLOGRAM_KERNEL_LIBS`` to a directory that already holds them to skip the builds.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUFFIX = ".dylib" if sys.platform == "darwin" else ".so"


def _install(src: Path, dest: Path) -> None:
    """Copies a library into place, writable by its owner only (the loader refuses others)."""
    tmp = dest.with_suffix(".tmp")
    shutil.copyfile(src, tmp)
    os.chmod(tmp, 0o755)
    os.replace(tmp, dest)


def _build_user_kernels(dest: Path) -> None:
    cargo = os.environ.get("CARGO", "cargo")
    out = subprocess.run(
        [cargo, "build", "--release", "-p", "user-kernels", "--message-format=json"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    for line in out.stdout.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg["target"]["name"] == "user_kernels":
            for f in msg["filenames"]:
                if f.endswith(SUFFIX):
                    _install(Path(f), dest)
                    return
    raise RuntimeError("cargo reported no user_kernels library")


def _build_c(source: str, dest: Path) -> None:
    cc = os.environ.get("CC", "cc")
    tmp = dest.with_suffix(".tmp")
    subprocess.run(
        [cc, "-shared", "-fPIC", "-O2", "-Wall", "-Werror",
         "-I", str(ROOT / "hologram-runtime" / "include"),
         str(ROOT / "examples" / "c-kernels" / source), "-o", str(tmp), "-lm"],
        check=True,
    )
    os.chmod(tmp, 0o755)
    os.replace(tmp, dest)


@pytest.fixture(scope="session")
def kernel_libs() -> Path:
    """The directory holding the three example libraries."""
    given = os.environ.get("HOLOGRAM_KERNEL_LIBS")
    if given:
        return Path(given)
    libs = ROOT / "target" / "kernel-libs"
    libs.mkdir(parents=True, exist_ok=True)
    _build_user_kernels(libs / f"libuser_kernels{SUFFIX}")
    _build_c("kernels.c", libs / f"libc_kernels{SUFFIX}")
    _build_c("strided.c", libs / f"libc_strided{SUFFIX}")
    return libs


@pytest.fixture(scope="session")
def user(kernel_libs):
    import hologram

    return hologram.load(kernel_libs / f"libuser_kernels{SUFFIX}")


@pytest.fixture(scope="session")
def c_v1(kernel_libs):
    import hologram

    return hologram.load(kernel_libs / f"libc_kernels{SUFFIX}")


@pytest.fixture(scope="session")
def c_v2(kernel_libs):
    import hologram

    return hologram.load(kernel_libs / f"libc_strided{SUFFIX}")
