"""hologram.stdlib: one numpy ufunc per stdlib base name, f32 and f64 loops in one."""

import numpy as np
import pytest

import hologram
from hologram import stdlib

RNG = np.random.default_rng(7)

UNARY = {
    "exp": np.exp, "tanh": np.tanh, "sin": np.sin, "cos": np.cos, "ln": np.log,
    "log2": np.log2, "log10": np.log10, "sqrt": None, "abs": np.abs, "neg": np.negative,
    "cbrt": np.cbrt, "exp2": np.exp2, "exp_m1": np.expm1, "ln_1p": np.log1p,
    "sinh": np.sinh, "cosh": np.cosh, "atan": np.arctan, "asinh": np.arcsinh,
}
BINARY = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide,
          "maximum": np.maximum, "minimum": np.minimum, "atan2": np.arctan2,
          "hypot": np.hypot}


def test_every_stdlib_name_is_a_real_ufunc():
    names = stdlib.__all__
    assert {"exp", "tanh", "add", "sum", "softmax", "clip", "sin_cos"} <= set(names)
    for name in names:
        u = getattr(stdlib, name)
        assert isinstance(u, np.ufunc), name
        assert u.__name__ == name
        assert "Hologram kernel" in u.__doc__
    # f32 `exp` and `f64::exp` are the two loops of one ufunc, smallest type first.
    assert stdlib.exp.types == ["f->f", "d->d"]
    assert not hasattr(stdlib, "f64::exp")


def test_import_forms():
    from hologram.stdlib import exp

    assert exp is hologram.stdlib.exp
    import hologram.stdlib as s

    assert s.tanh is stdlib.tanh


@pytest.mark.parametrize("name", sorted(k for k, v in UNARY.items() if v is not None))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_unary_against_numpy(name, dtype):
    ref = UNARY[name]
    lo, hi = (0.1, 4.0) if name in {"ln", "log2", "log10", "ln_1p"} else (-4.0, 4.0)
    x = RNG.uniform(lo, hi, 1001).astype(dtype)
    got = getattr(stdlib, name)(x)
    assert got.dtype == dtype
    tol = 2e-6 if dtype == np.float32 else 1e-14
    np.testing.assert_allclose(got, ref(x), rtol=tol, atol=tol)


@pytest.mark.parametrize("name", sorted(BINARY))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_binary_against_numpy(name, dtype):
    a = RNG.uniform(-4, 4, 777).astype(dtype)
    b = RNG.uniform(0.5, 4, 777).astype(dtype)
    got = getattr(stdlib, name)(a, b)
    assert got.dtype == dtype
    tol = 2e-6 if dtype == np.float32 else 1e-14
    np.testing.assert_allclose(got, BINARY[name](a, b), rtol=tol, atol=tol)


def test_exact_arithmetic_is_bit_for_bit():
    a = RNG.standard_normal(4099).astype(np.float32)
    b = RNG.standard_normal(4099).astype(np.float32)
    assert np.array_equal(stdlib.add(a, b), np.add(a, b))
    assert np.array_equal(stdlib.mul(a, b), np.multiply(a, b))
    assert np.array_equal(stdlib.relu(a), np.maximum(a, 0))


def test_two_outputs():
    x = RNG.uniform(-3, 3, 100)
    s, c = stdlib.sin_cos(x)
    np.testing.assert_allclose(s, np.sin(x), rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(c, np.cos(x), rtol=1e-14, atol=1e-15)
    assert stdlib.sin_cos.nout == 2


def test_uniforms_first_clip():
    x = np.linspace(-3, 3, 13, dtype=np.float32)
    assert stdlib.clip.nin == 3
    np.testing.assert_array_equal(stdlib.clip(-1.0, 2.0, x), np.clip(x, -1, 2))


def test_reductions_are_gufuncs():
    assert stdlib.sum.signature == "(n)->()"
    assert stdlib.dot.signature == "(n),(n)->()"
    x = RNG.standard_normal((5, 300)).astype(np.float32)
    np.testing.assert_allclose(stdlib.sum(x), x.sum(axis=-1), rtol=1e-5)
    np.testing.assert_allclose(stdlib.max(x), x.max(axis=-1))
    np.testing.assert_allclose(stdlib.min(x), x.min(axis=-1))
    np.testing.assert_allclose(stdlib.mean(x), x.mean(axis=-1), rtol=1e-5)
    np.testing.assert_allclose(stdlib.dot(x, x), (x * x).sum(axis=-1), rtol=1e-5)
    assert stdlib.sum(x).dtype == np.float32
    assert stdlib.sum(x.astype(np.float64)).dtype == np.float64


def test_reduction_matches_the_rust_fold_bits_on_strided_lanes():
    x = RNG.standard_normal((64, 70000)).astype(np.float32)
    # A column is a strided lane; its sum has the bits of the sum of a contiguous copy.
    col = stdlib.sum(x, axis=0)
    copies = np.array([stdlib.sum(np.ascontiguousarray(x[:, j])) for j in range(0, 70000, 9999)])
    assert np.array_equal(col[::9999], copies)
    # A long lane (folded across threads with the combiner) gives the same bits as well.
    row = x[3]
    assert stdlib.sum(row) == stdlib.sum(row[::-1][::-1].copy())


def test_whole_stream_softmax():
    assert stdlib.softmax.signature == "(n)->(n)"
    x = RNG.standard_normal((4, 33)).astype(np.float32)
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    np.testing.assert_allclose(stdlib.softmax(x), e / e.sum(axis=-1, keepdims=True), rtol=1e-5)
    np.testing.assert_allclose(
        stdlib.log_softmax(x.astype(np.float64)),
        np.log(e / e.sum(axis=-1, keepdims=True)), rtol=1e-5, atol=1e-6)


def test_integer_inputs_promote_to_the_float64_loop_as_numpy_does():
    x = np.arange(5, dtype=np.int32)
    got = stdlib.exp(x)
    assert got.dtype == np.float64 == np.exp(x).dtype
    np.testing.assert_allclose(got, np.exp(x))


def test_kernels_lists_descriptors():
    infos = hologram.kernels()
    by_name = {k.name: k for k in infos}
    assert by_name["exp"].ufunc == "exp" and by_name["f64::exp"].ufunc == "exp"
    assert by_name["f64::exp"].inputs == ["float64"]
    assert by_name["sum"].kind == "reduce"
    assert by_name["softmax"].kind == "whole_stream"
    assert by_name["clip"].uniforms == ["float32", "float32"]
    assert by_name["add"].path is None
    assert by_name["add"].signature == "add(f32, f32) -> f32"
    assert "KernelInfo" in repr(by_name["add"])


def test_tuple_reductions_are_gufuncs_with_one_output_per_component():
    # argmax reduces to (value, first index): two outputs, float and int64.
    assert stdlib.argmax.signature == "(n)->(),()"
    assert (stdlib.argmax.nin, stdlib.argmax.nout) == (1, 2)
    x = np.array([[3.0, 9.0, 1.0, 9.0], [-1.0, -5.0, -0.5, -7.0]], dtype=np.float32)
    value, index = stdlib.argmax(x)
    np.testing.assert_array_equal(value, x.max(axis=1))
    np.testing.assert_array_equal(index, np.argmax(x, axis=1))
    assert index.dtype == np.int64
    # Along another axis, and on a strided view.
    value, index = stdlib.argmin(x[:, ::2], axis=0)
    np.testing.assert_array_equal(index, np.argmin(x[:, ::2], axis=0))
    np.testing.assert_array_equal(value, x[:, ::2].min(axis=0))
