"""Builds the example kernel libraries into ``target/kernel-libs/`` of the workspace, as the
Rust tour does: the ``user-kernels`` cdylib with cargo (ABI version 2), and the C libraries
``examples/c-kernels/kernels.c`` (ABI version 1) and ``strided.c`` (version 2) with ``cc``.
Used by ``tour.py`` and by the pytest suite of ``hologram-py``.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUFFIX = ".dylib" if sys.platform == "darwin" else ".so"
LIBS = ROOT / "target" / "kernel-libs"


def _install(src: Path, dest: Path) -> None:
    """Copies a library into place, writable by its owner only (the loader refuses others)."""
    tmp = dest.with_suffix(".tmp")
    shutil.copyfile(src, tmp)
    os.chmod(tmp, 0o755)
    os.replace(tmp, dest)


def build_user_kernels(dest: Path) -> None:
    """``cargo build --release -p user-kernels``, then the cdylib copied to ``dest``."""
    cargo = os.environ.get("CARGO", "cargo")
    out = subprocess.run(
        [cargo, "build", "--release", "-p", "user-kernels", "--message-format=json"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )
    for line in out.stdout.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg["target"]["name"] == "user_kernels":
            for f in msg["filenames"]:
                if f.endswith(SUFFIX):
                    _install(Path(f), dest)
                    return
    raise RuntimeError("cargo reported no user_kernels library")


def build_c(source: str, dest: Path) -> None:
    """``cc -shared -fPIC -O2`` of ``examples/c-kernels/<source>`` against the header."""
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


def build_all() -> Path:
    """Builds (cargo and cc skip what is up to date) and installs all three; returns the
    directory."""
    LIBS.mkdir(parents=True, exist_ok=True)
    build_user_kernels(LIBS / f"libuser_kernels{SUFFIX}")
    build_c("kernels.c", LIBS / f"libc_kernels{SUFFIX}")
    build_c("strided.c", LIBS / f"libc_strided{SUFFIX}")
    return LIBS
