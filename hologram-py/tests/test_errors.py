"""Errors are Python exceptions, and none of them takes the interpreter down:
TypeError for types, ValueError for shapes, hologram.KernelError (a RuntimeError) with the
kernel's message for a failure or a panic, FileNotFoundError / hologram.LibraryError for
libraries."""

import subprocess
import sys

import numpy as np
import pytest

import hologram
from hologram import stdlib


def test_unsupported_types_are_type_errors_like_numpys():
    with pytest.raises(TypeError, match="not supported for the input types"):
        stdlib.exp(np.array([1 + 2j]))
    with pytest.raises(TypeError):
        stdlib.add(np.array(["a"]), np.array(["b"]))
    with pytest.raises(TypeError):
        stdlib.exp(np.arange(3, dtype=np.float32), out=np.empty(3, np.int32))


def test_shapes_that_do_not_broadcast_are_value_errors():
    with pytest.raises(ValueError, match="broadcast"):
        stdlib.add(np.ones(3), np.ones(4))
    with pytest.raises(ValueError, match="core dimension"):
        stdlib.dot(np.ones(3), np.ones(4))
    with pytest.raises(ValueError):
        stdlib.exp(np.ones(3), out=np.empty(4))


def test_bad_axis_is_an_axis_error():
    with pytest.raises(np.exceptions.AxisError):
        stdlib.sum(np.ones((2, 3)), axis=2)


def test_a_panicking_kernel_is_a_kernel_error(user):
    a = np.array([7, 8, 9], np.int32)
    with pytest.raises(hologram.KernelError, match="`div_rem` panicked: attempt to divide by zero"):
        user.div_rem(a, np.array([1, 0, 1], np.int32))
    assert issubclass(hologram.KernelError, RuntimeError)
    # Large (split across threads), strided, and buffered (cast) calls alike.
    big = np.ones(200_000, np.int32)
    with pytest.raises(hologram.KernelError, match="divide by zero"):
        user.div_rem(big, np.zeros_like(big))
    with pytest.raises(hologram.KernelError, match="divide by zero"):
        user.div_rem(np.ones((300, 300), np.int32).T, np.zeros((300, 300), np.int32))
    with pytest.raises(hologram.KernelError, match="divide by zero"):
        user.div_rem(np.ones(20_000, np.int16), np.zeros(20_000, np.int16))
    # The interpreter and the library go on.
    q, r = user.div_rem(a, np.array([2, 2, 2], np.int32))
    assert q.tolist() == [3, 4, 4]


def test_a_failing_kernel_carries_its_message(c_v1):
    with pytest.raises(hologram.KernelError, match=r"x\[1\] = -1 is negative"):
        c_v1.c_checked_sqrt(np.array([4.0, -1.0]))


def test_a_panic_in_a_fresh_interpreter_does_not_crash_it(kernel_libs):
    code = (
        "import numpy as np, hologram\n"
        f"lib = hologram.load({str(kernel_libs / 'libuser_kernels.so')!r})\n"
        "try:\n"
        "    lib.div_rem(np.ones(5, np.int32), np.zeros(5, np.int32))\n"
        "except hologram.KernelError as e:\n"
        "    print('caught', type(e).__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "caught KernelError" in out.stdout


def test_library_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="no/such"):
        hologram.load("no/such/libkernels.so")
    text = tmp_path / "notalib.so"
    text.write_text("not a library")
    text.chmod(0o644)
    with pytest.raises(hologram.LibraryError):
        hologram.load(text)
    assert issubclass(hologram.LibraryError, OSError)


def test_unknown_kernel_is_an_attribute_error(user):
    with pytest.raises(AttributeError, match="has no kernel `nope`; it has count_above"):
        user.nope
