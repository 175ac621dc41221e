"""hologram.load(path): kernels from shared libraries, Rust (ABI version 2) and C (versions
1 and 2), as ufuncs and gufuncs."""

import numpy as np
import pytest

import hologram

RNG = np.random.default_rng(3)


def test_library_object(user, kernel_libs):
    assert isinstance(user, hologram.Library)
    assert user.names() == ["count_above", "div_rem", "plus", "saxpy", "split_fract", "sum_sq_dist"]
    assert set(user.names()) <= set(dir(user))
    assert "libuser_kernels" in user.path and "saxpy" in repr(user)
    # Loading the same file again returns the same object.
    assert hologram.load(kernel_libs / "libuser_kernels.so") is user
    assert hologram.load(str(kernel_libs / "libuser_kernels.so")) is user
    infos = {k.name: k for k in user.kernels()}
    assert infos["saxpy"].path == user.path and infos["saxpy"].abi_version == 2
    assert any(k.name == "saxpy" for k in hologram.kernels())


def test_saxpy_uniform_first_broadcasting_and_out(user):
    assert isinstance(user.saxpy, np.ufunc) and user.saxpy.nin == 3
    x = RNG.standard_normal((3, 4)).astype(np.float32)
    y = RNG.standard_normal(4).astype(np.float32)
    np.testing.assert_allclose(user.saxpy(2.0, x, y), 2 * x + y, rtol=1e-6)
    out = np.empty_like(x)
    user.saxpy(np.float32(0.5), x, y, out=out)
    np.testing.assert_allclose(out, 0.5 * x + y, rtol=1e-6)
    # A uniform that varies along the broadcast: row by row.
    a = np.array([1.0, 2.0, 3.0], dtype=np.float32)[:, None]
    np.testing.assert_allclose(user.saxpy(a, x, y), a * x + y, rtol=1e-6)


def test_two_outputs_and_mixed_types(user):
    q, r = user.div_rem(np.array([7, -7, 9], np.int32), np.array([2, 2, 4], np.int32))
    assert q.tolist() == [3, -3, 2] and r.tolist() == [1, -1, 1]
    whole, frac = user.split_fract(np.array([1.25, -1.5, 3.0]))
    assert whole.dtype == np.int64 and whole.tolist() == [1, -2, 3]
    np.testing.assert_array_equal(frac, [0.25, 0.5, 0.0])


def test_reductions_with_uniforms(user):
    assert user.sum_sq_dist.signature == "(),(n)->()"
    z = np.arange(5.0)
    assert user.sum_sq_dist(1.0, z) == ((z - 1) ** 2).sum()
    m = RNG.standard_normal((3, 50))
    centers = np.array([0.0, 1.0, -1.0])
    np.testing.assert_allclose(user.sum_sq_dist(centers, m), ((m - centers[:, None]) ** 2).sum(axis=1))
    np.testing.assert_allclose(user.sum_sq_dist(0.5, m, axis=0), ((m - 0.5) ** 2).sum(axis=0))
    counts = user.count_above(0.0, RNG.standard_normal((2, 1000)).astype(np.float32))
    assert counts.dtype == np.int64 and counts.shape == (2,)


def test_c_library_of_abi_version_1(c_v1):
    """A version-1 kernel takes contiguous streams: strided ones are gathered for it."""
    x = np.arange(20, dtype=np.float32)
    np.testing.assert_array_equal(c_v1.c_affine(2.0, 1.0, x[::-3]), 2 * x[::-3] + 1)
    assert c_v1.c_dot(x[::2], x[1::2]) == float((x[::2].astype(np.float64) * x[1::2]).sum())
    # Whole-stream, on every row of a transposed matrix: one lane at a time, gathered.
    m = RNG.standard_normal((6, 5))
    np.testing.assert_allclose(c_v1.c_center(m.T), m.T - m.T.mean(axis=1, keepdims=True))
    assert c_v1.c_center.signature == "(n)->(n)"
    np.testing.assert_array_equal(c_v1.c_checked_sqrt(np.array([4.0, 9.0])), [2.0, 3.0])


def test_c_library_of_abi_version_2(c_v2):
    x = RNG.standard_normal(1001).astype(np.float32)
    y = RNG.standard_normal(1001).astype(np.float32)
    np.testing.assert_allclose(c_v2.s_axpy(3.0, x[::-1], y[::-1]), 3 * x[::-1] + y[::-1], rtol=1e-6)
    np.testing.assert_allclose(c_v2.s_axpy(3.0, x, np.float32(1)), 3 * x + 1, rtol=1e-6)
    big = RNG.standard_normal(300_000)
    np.testing.assert_allclose(c_v2.s_sum(big[::3]), big[::3].sum(), rtol=1e-9)
    ints = RNG.integers(-1000, 1000, (4, 77)).astype(np.int32)
    np.testing.assert_array_equal(c_v2.s_max(ints, axis=0), ints.max(axis=0))
