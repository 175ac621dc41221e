"""What numpy users expect of a ufunc: broadcasting, out=, where=, axis=, keepdims,
non-contiguous and overlapping operands, reduce/accumulate, dtype=, threads."""

import threading

import numpy as np
import pytest

from hologram import stdlib

RNG = np.random.default_rng(11)


def test_broadcasting():
    x = RNG.standard_normal((4, 5)).astype(np.float32)
    bias = RNG.standard_normal(5).astype(np.float32)
    np.testing.assert_array_equal(stdlib.add(x, bias), x + bias)
    col = RNG.standard_normal((4, 1)).astype(np.float32)
    np.testing.assert_array_equal(stdlib.mul(col, bias), col * bias)
    np.testing.assert_array_equal(stdlib.add(x, np.float32(2)), x + np.float32(2))


def test_out_and_in_place():
    x = RNG.standard_normal(1000)
    out = np.empty_like(x)
    r = stdlib.exp(x, out=out)
    assert r is out
    np.testing.assert_allclose(out, np.exp(x), rtol=1e-14)
    y = x.copy()
    stdlib.add(y, 1.0, out=y)
    np.testing.assert_array_equal(y, x + 1.0)
    a, b = np.empty(10), np.empty(10)
    s, c = stdlib.sin_cos(np.arange(10.0), out=(a, b))
    assert s is a and c is b


def test_where():
    x = np.arange(10, dtype=np.float32)
    out = np.full(10, -1.0, dtype=np.float32)
    mask = x % 2 == 0
    stdlib.neg(x, out=out, where=mask)
    np.testing.assert_array_equal(out, np.where(mask, -x, -1.0))


def test_axis_and_keepdims_for_gufuncs():
    x = RNG.standard_normal((3, 4, 5))
    np.testing.assert_allclose(stdlib.sum(x, axis=1), x.sum(axis=1))
    np.testing.assert_allclose(stdlib.sum(x, axis=0, keepdims=True), x.sum(axis=0, keepdims=True))
    e = np.exp(x - x.max(axis=0))
    np.testing.assert_allclose(stdlib.softmax(x, axis=0), e / e.sum(axis=0))
    out = np.empty((3, 5))
    stdlib.max(x, axis=1, out=out)
    np.testing.assert_array_equal(out, x.max(axis=1))


@pytest.mark.parametrize("view", [
    lambda a: a[::2],
    lambda a: a[::-1],
    lambda a: a[::-3],
    lambda a: a.reshape(40, 50).T,
    lambda a: a.reshape(40, 50)[:, 7],
])
def test_non_contiguous_inputs_and_outputs(view):
    x = RNG.standard_normal(2000).astype(np.float32)
    y = RNG.standard_normal(2000).astype(np.float32)
    got = stdlib.add(view(x), view(y))
    np.testing.assert_array_equal(got, view(x) + view(y))
    out = np.zeros(2000, dtype=np.float32)
    stdlib.mul(view(x), view(y), out=view(out))
    np.testing.assert_array_equal(view(out), view(x) * view(y))
    np.testing.assert_allclose(stdlib.tanh(view(x)), np.tanh(view(x)), rtol=2e-6, atol=2e-7)


def test_overlapping_out_gives_numpys_answer():
    x = np.arange(20, dtype=np.float64)
    y = x.copy()
    np.add(y[:-1], 1.0, out=y[1:])
    z = x.copy()
    stdlib.add(z[:-1], 1.0, out=z[1:])
    np.testing.assert_array_equal(z, y)


def test_reduce_and_accumulate_of_a_binary_ufunc():
    x = np.arange(1, 11, dtype=np.float64)
    assert stdlib.add.reduce(x) == 55.0
    np.testing.assert_array_equal(stdlib.add.accumulate(x), np.cumsum(x))
    np.testing.assert_array_equal(stdlib.mul.accumulate(x), np.cumprod(x))
    m = RNG.standard_normal((6, 7))
    np.testing.assert_allclose(stdlib.maximum.reduce(m, axis=0), m.max(axis=0))
    np.testing.assert_allclose(stdlib.add.outer(x[:3], x[:4]), np.add.outer(x[:3], x[:4]))


def test_a_uniform_given_as_an_array_broadcasts():
    x = np.linspace(-5, 5, 11, dtype=np.float32)
    lo = np.array([-1.0, -2.0, 0.0], dtype=np.float32)[:, None]
    got = stdlib.clip(lo, 2.0, x)
    np.testing.assert_array_equal(got, np.clip(x, lo, 2.0))
    # Varying element by element: one run per element.
    lo = np.linspace(-3, 0, 11, dtype=np.float32)
    np.testing.assert_array_equal(stdlib.clip(lo, 1.0, x), np.clip(x, lo, 1.0))


def test_dtype_and_casting_keywords():
    x = np.arange(8, dtype=np.float32)
    assert stdlib.exp(x, dtype=np.float64).dtype == np.float64
    with pytest.raises(TypeError):
        stdlib.exp(x.astype(np.float64), out=np.empty(8, np.float32), casting="safe")


def test_large_arrays_use_the_threads_and_agree():
    x = RNG.uniform(-4, 4, 1 << 20).astype(np.float32)
    got = stdlib.exp(x)
    # The same bits as 64 separate calls on pieces (each below the split threshold).
    pieces = np.concatenate([stdlib.exp(p) for p in np.split(x, 64)])
    assert np.array_equal(got, pieces)
    strided = stdlib.exp(x[::-2])
    assert np.array_equal(strided, pieces[::-2])


def test_concurrent_python_threads():
    x = RNG.standard_normal(300_000)
    want = stdlib.tanh(x)
    results = [None] * 4

    def work(i):
        results[i] = stdlib.tanh(x)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in results:
        assert np.array_equal(r, want)


def test_zero_size_arrays():
    assert stdlib.exp(np.zeros(0, np.float32)).shape == (0,)
    assert stdlib.sum(np.zeros((3, 0))).tolist() == [0.0, 0.0, 0.0]
    assert stdlib.softmax(np.zeros((2, 0))).shape == (2, 0)


def test_the_gil_is_released_around_a_large_call():
    x = np.ones(1 << 23, dtype=np.float32)
    done = threading.Event()
    count = 0

    def work():
        for _ in range(3):
            stdlib.tanh(x)
        done.set()

    t = threading.Thread(target=work)
    t.start()
    while not done.is_set():
        count += 1
    t.join()
    # Holding the GIL through a call would stop this thread for the whole call.
    assert count > 10_000


def test_thread_cap():
    import hologram

    x = RNG.uniform(-4, 4, 1 << 19).astype(np.float32)
    default = hologram.max_threads()
    assert default >= 1
    want = stdlib.exp(x)
    try:
        hologram.set_max_threads(1)
        assert hologram.max_threads() == 1
        assert np.array_equal(stdlib.exp(x), want)
    finally:
        hologram.set_max_threads(0)
    assert hologram.max_threads() == default
