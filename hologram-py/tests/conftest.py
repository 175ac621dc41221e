"""Fixtures: the example kernel libraries, built by ``examples/python/kernel_libs.py`` into
``target/kernel-libs/`` of the workspace (as the Rust tour does):

- ``libuser_kernels.so``: ``cargo build --release -p user-kernels`` (Rust, ABI version 2);
- ``libc_kernels.so``: ``examples/c-kernels/kernels.c`` (C, ABI version 1);
- ``libc_strided.so``: ``examples/c-kernels/strided.c`` (C, ABI version 2).

Set ``HOLOGRAM_KERNEL_LIBS`` to a directory that already holds them to skip the builds.
"""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "python"))

import kernel_libs as _libs  # noqa: E402  (examples/python/kernel_libs.py)

SUFFIX = _libs.SUFFIX


@pytest.fixture(scope="session")
def kernel_libs() -> Path:
    """The directory holding the three example libraries."""
    given = os.environ.get("HOLOGRAM_KERNEL_LIBS")
    if given:
        return Path(given)
    return _libs.build_all()


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
