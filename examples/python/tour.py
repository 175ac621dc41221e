"""The tour, from Python: every Hologram kernel is a numpy ufunc. It mirrors the Rust tour
(`cargo run --release --example tour`): stdlib kernels on arrays with numpy's broadcasting,
reductions and softmax, kernels loaded from a Rust cdylib and a C library (built here into
target/kernel-libs/), the errors, and a short table of timings against numpy.

    pip install ./hologram-py && python examples/python/tour.py
"""

import sys
import timeit
from pathlib import Path

import numpy as np

import hologram
from hologram import stdlib

sys.path.insert(0, str(Path(__file__).resolve().parent))
import kernel_libs  # noqa: E402


def show(what, f):
    """Runs `f`, which must raise, and prints the exception it raised."""
    try:
        f()
    except Exception as e:  # noqa: BLE001 - the tour shows every kind
        print(f"   {what:<22} {type(e).__name__}: {e}")
    else:
        raise AssertionError(f"{what}: no error")


def arrays():
    print("1. Stdlib kernels are numpy ufuncs (f32 and f64 loops in one)")
    x = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=np.float32)
    bias = np.array([10.0, 20.0, 30.0], dtype=np.float32)
    print(f"   {stdlib.add!r} types {stdlib.add.types}")
    print(f"   x + bias (bias of 3 over 2 rows)  = {stdlib.add(x, bias).tolist()}")
    print(f"   softmax along axis 1 (each row)   = {np.array2string(stdlib.softmax(x), precision=4, separator=', ')}")
    print(f"   row sums of x.T (strided view)    = {stdlib.sum(x.T).tolist()}")
    out = np.empty((3, 2), dtype=np.float32)
    stdlib.mul(2.0, x.T, out=out)
    print(f"   2 * x.T into out=                 = {out.tolist()}")
    show("(2, 3) + (2,)", lambda: stdlib.add(x, np.ones(2, np.float32)))
    print()


def reductions():
    print("2. Reductions, math and softmax")
    x = np.array([1.0, -2.0, 3.0, -4.0], dtype=np.float32)
    print(f"   stdlib sum, max, mean  = {stdlib.sum(x)}, {stdlib.max(x)}, {stdlib.mean(x)}")
    big = np.full(1_000_000, 0.1, dtype=np.float32)
    naive = np.float32(0)
    for v in big[:1000]:  # a left-to-right loop, on the first 1000 (Python is slow)
        naive += v
    print(f"   sum of 10^6 x 0.1      = {stdlib.sum(big)} (fixed tree); exact 100000")
    print(f"   sum of 10^3 x 0.1      = {stdlib.sum(big[:1000])} (tree) vs {naive} (left to right)")
    print(f"   dot(x, x)              = {stdlib.dot(x, x)}")
    s = stdlib.softmax(np.array([1000.0, 1000.0, -1000.0], dtype=np.float32))
    print(f"   softmax([1000, 1000, -1000]) = {s.tolist()}   (stable: no overflow)")
    one = np.float32(1)
    print(f"   gelu(1) = {stdlib.gelu(one)}, gelu_tanh(1) = {stdlib.gelu_tanh(one)}, "
          f"tanh(0.5) = {stdlib.tanh(np.float32(0.5))}, sigmoid(2) = {stdlib.sigmoid(np.float32(2))}")
    s, c = stdlib.sin_cos(1e300)
    print(f"   f64 sin_cos(1e300) = ({s}, {c})   (exact reduction at any size)\n")


def libraries():
    print("3. Kernels from shared libraries, as ufuncs")
    print("   building examples/user-kernels and examples/c-kernels into target/kernel-libs ...")
    libs = kernel_libs.build_all()
    user = hologram.load(libs / f"libuser_kernels{kernel_libs.SUFFIX}")
    c = hologram.load(libs / f"libc_kernels{kernel_libs.SUFFIX}")
    for k in user.kernels() + c.kernels():
        print(f"     {k.signature:<48} {k.kind:<12} ABI v{k.abi_version}")
    x = np.array([1.0, -2.0, 3.0, -4.0], dtype=np.float32)
    y = np.full(4, 0.5, dtype=np.float32)
    print(f"   saxpy(2, x, y)            = {user.saxpy(2.0, x, y).tolist()}   (Rust cdylib)")
    q, r = user.div_rem(np.array([7, -7, 9], np.int32), np.array([2, 2, 4], np.int32))
    print(f"   div_rem([7,-7,9], [2,2,4]) = {q.tolist()}, {r.tolist()}   (two outputs)")
    print(f"   count_above(0, x)         = {user.count_above(0.0, x)}   (reduction, f32 -> i64)")
    print(f"   sum_sq_dist(1, [0..5))    = {user.sum_sq_dist(1.0, np.arange(5.0))}   (gufunc (),(n)->())")
    print(f"   c_affine(10, 1, x[::-1])  = {c.c_affine(10.0, 1.0, x[::-1]).tolist()}   (C, ABI v1, gathered)")
    print(f"   c_center(rows)            = {c.c_center(np.arange(6.0).reshape(2, 3)).tolist()}\n")
    return user, c


def errors(user, c):
    print("4. Errors are Python exceptions; none takes the interpreter down")
    show("panicking kernel", lambda: user.div_rem(np.ones(3, np.int32), np.zeros(3, np.int32)))
    show("failing kernel", lambda: c.c_checked_sqrt(np.array([4.0, -1.0])))
    show("unsupported type", lambda: stdlib.exp(np.array([1j])))
    show("shapes", lambda: stdlib.dot(np.ones(3), np.ones(4)))
    show("library not found", lambda: hologram.load("no/such/libkernels.so"))
    show("unknown kernel", lambda: user.nope)
    print()


def timings():
    print("5. Timings against numpy, 2^20 f32, median of 7 runs of 10 calls")
    x = np.random.default_rng(0).uniform(-4, 4, 1 << 20).astype(np.float32)
    out = np.empty_like(x)
    for name, mine, theirs in [("exp", stdlib.exp, np.exp), ("tanh", stdlib.tanh, np.tanh)]:
        t = [np.median(timeit.repeat(lambda f=f: f(x, out=out), number=10, repeat=7)) / 10
             for f in (theirs, mine)]
        print(f"   {name:<5} numpy {t[0] * 1e6:8.1f} us   hologram {t[1] * 1e6:8.1f} us   {t[0] / t[1]:.2f}x")
    print("   (hologram-py/bench/bench_ufuncs.py measures these and the per-call overhead)")


def main():
    arrays()
    reductions()
    user, c = libraries()
    errors(user, c)
    timings()


if __name__ == "__main__":
    main()
