#!/usr/bin/env python3
"""Fit the polynomial coefficients of `hologram::math` (f32 and f64).

Method: a discrete Remez exchange on a dense Chebyshev grid, in mpmath at 60 digits,
minimising the maximum *weighted* error max |w(x) * (g(x) - sum c_j x^j)|. Each fit
below names its target g, weight w, interval and degree; the weight turns the
polynomial's error into the relative error of the function it feeds. The coefficients
are then rounded to the target type (f32 or f64) and the error is re-measured with the
rounded coefficients, which is what the printed "max weighted error" reports.

Run: `pip install mpmath && python3 tools/fit_math.py > /tmp/coeffs.txt`
The Rust sources hold the printed coefficients verbatim (shortest round-trip decimals).
"""

import struct
import sys

import mpmath as mp

mp.mp.dps = 60


def to_f32(v):
    return struct.unpack("<f", struct.pack("<f", float(v)))[0]


def f32_repr(v):
    """Shortest decimal that rounds back to the same f32."""
    f = to_f32(v)
    for digits in range(1, 12):
        s = "%.*e" % (digits - 1, f)
        if to_f32(float(s)) == f:
            return fmt_decimal(s)
    raise ValueError(v)


def f64_repr(v):
    return fmt_decimal(repr(float(v)))


def fmt_decimal(s):
    """Render as a plain Rust float literal (with an exponent when that is shorter)."""
    x = float(s)
    plain = repr(x) if "e" not in repr(x) else None
    mant, _, exp = s.partition("e")
    if plain is not None and len(plain) <= len(s) + 2:
        return plain
    if not exp:
        return s if "." in s else s + ".0"
    if "." not in mant:
        mant += ".0"
    return "%se%d" % (mant, int(exp))


def remez(g, w, lo, hi, degree, npts=3000, iters=40, fixed=()):
    """Weighted minimax polynomial p of `degree` for g on [lo, hi] (discrete Remez).

    The first len(fixed) coefficients are given (already rounded); the rest are fitted.
    """
    lo, hi = mp.mpf(lo), mp.mpf(hi)
    if w(lo) == 0:  # a zero weight makes the reference system singular; step inside
        lo += (hi - lo) * mp.mpf("1e-6")
    grid = [
        (lo + hi) / 2 - (hi - lo) / 2 * mp.cos(mp.pi * i / (npts - 1)) for i in range(npts)
    ]
    gv = [g(x) - mp.polyval(list(fixed)[::-1], x) if fixed else g(x) for x in grid]
    wv = [w(x) for x in grid]
    first = len(fixed)
    n = degree + 1 - first
    # initial reference: Chebyshev extrema mapped onto grid indices
    ref = [round((npts - 1) * i / n) for i in range(n + 1)]
    best = None
    for _ in range(iters):
        a = mp.matrix(n + 1, n + 1)
        b = mp.matrix(n + 1, 1)
        for r, idx in enumerate(ref):
            x = grid[idx]
            for j in range(n):
                a[r, j] = x ** (first + j)
            a[r, n] = (-1) ** r / wv[idx]
            b[r] = gv[idx]
        sol = mp.lu_solve(a, b)
        coeffs = [mp.mpf(0)] * first + [sol[j] for j in range(n)]
        err = [wv[i] * (gv[i] - mp.polyval(coeffs[::-1], grid[i])) for i in range(npts)]
        emax = max(abs(e) for e in err)
        if best is None or emax < best[0]:
            best = (emax, coeffs)
        # new reference: the largest |err| in each run of equal sign
        runs = []
        start = 0
        for i in range(1, npts + 1):
            if i == npts or (err[i] >= 0) != (err[start] >= 0):
                seg = range(start, i)
                runs.append(max(seg, key=lambda k: abs(err[k])))
                start = i
        while len(runs) > n + 1:
            if abs(err[runs[0]]) < abs(err[runs[-1]]):
                runs.pop(0)
            else:
                runs.pop()
        if len(runs) < n + 1:
            break
        if runs == ref:
            break
        ref = runs
    return list(fixed) + best[1][first:]


def rounded_error(g, w, lo, hi, coeffs, npts=20000):
    lo, hi = mp.mpf(lo), mp.mpf(hi)
    worst = 0
    for i in range(npts):
        x = lo + (hi - lo) * i / (npts - 1)
        e = abs(w(x) * (g(x) - mp.polyval(coeffs[::-1], x)))
        worst = max(worst, e)
    return worst


def fit(name, ty, g, w, lo, hi, degree, note, sequential=3):
    """Fit, then round: the first `sequential` coefficients are rounded one at a time,
    refitting the higher ones after each rounding so they absorb its error."""
    rnd = to_f32 if ty == "f32" else float
    fixed = []
    for _ in range(min(sequential, degree)):
        coeffs = remez(g, w, lo, hi, degree, fixed=fixed)
        fixed.append(mp.mpf(rnd(coeffs[len(fixed)])))
    coeffs = remez(g, w, lo, hi, degree, fixed=fixed)
    if ty == "f32":
        rounded = [mp.mpf(to_f32(c)) for c in coeffs]
        text = [f32_repr(c) for c in coeffs]
        eps = mp.mpf(2) ** -24
    else:
        rounded = [mp.mpf(float(c)) for c in coeffs]
        text = [f64_repr(c) for c in coeffs]
        eps = mp.mpf(2) ** -53
    err = rounded_error(g, w, lo, hi, rounded)
    print("// %s (%s): %s" % (name, ty, note))
    print("//   interval [%s, %s], degree %d, max weighted error %.3e = %.3f ulp(1)"
          % (mp.nstr(mp.mpf(lo), 8), mp.nstr(mp.mpf(hi), 8), degree, float(err),
             float(err / eps)))
    print("const %s: [%s; %d] = [%s];" % (name, ty, len(text), ", ".join(text)))
    print()
    sys.stdout.flush()


# ---- targets -----------------------------------------------------------------------

def exp_p(r):
    # exp(r) = 1 + r + r^2 P(r)
    if r == 0:
        return mp.mpf(1) / 2
    return (mp.exp(r) - 1 - r) / r**2


def exp_w(r):
    # error of exp = r^2 dP, relative to exp(r)
    return r**2 / mp.exp(r)


def ln_r(z):
    # log(1+f) = 2s + s R(z), s = f/(2+f), z = s^2, R(z) = z * P(z)
    if z == 0:
        return mp.mpf(2) / 3
    s = mp.sqrt(z)
    return (2 * mp.atanh(s) / s - 2) / z


def ln_w(z):
    # error s*z*dP relative to log(1+f) ~ 2s
    return z / 2


def tanh_p(x):
    # tanh(x) = x + x^3 P(x^2); fitted as a function of x, evaluated at x^2 (even)
    if x == 0:
        return mp.mpf(-1) / 3
    return (mp.tanh(x) - x) / x**3


def tanh_w(x):
    return x**3 / mp.tanh(x) if x != 0 else 0


def erf_p(x):
    # erf(x) = x + x P(x^2)
    if x == 0:
        return 2 / mp.sqrt(mp.pi) - 1
    return mp.erf(x) / x - 1


def erf_w(x):
    return x / mp.erf(x) if x != 0 else mp.sqrt(mp.pi) / 2


ERFC_C = 2  # Q is fitted as a polynomial in u = 1 / (ERFC_C + a) - ERFC_U
ERFC_U = 0.25  # centres u on the interval, which keeps the coefficients small


def erfc_q(u):
    # erfc(a) = exp(-a^2) Q(u), a = 1/(u + ERFC_U) - ERFC_C
    a = 1 / (u + ERFC_U) - ERFC_C
    return mp.erfc(a) * mp.exp(a * a)


def erfc_w(t):
    return 1 / erfc_q(t)


def even(fn):
    """Fit in z = x^2: a target given as a function of x becomes one of z."""
    return lambda z: fn(mp.sqrt(z))


LN2H = 0.34657359028  # ln(2)/2; the reduced argument may exceed it by rounding of k
TANH_T = 0.625
ERF_T = 0.5


def main():
    what = sys.argv[1:] or ["f32", "f64"]
    if "f32" in what:
        fit("EXP_P", "f32", exp_p, exp_w, -0.3466, 0.3466, 4,
            "exp(r) = 1 + r + r^2 P(r), r = x - k ln2 in [-ln2/2, ln2/2]")
        fit("LN_P", "f32", ln_r, ln_w, 0, 0.02944, 3,
            "log(1+f) = 2s + s z P(z), s = f/(2+f), z = s^2, 1+f in [sqrt(1/2), sqrt(2))")
        fit("TANH_P", "f32", even(tanh_p), even(tanh_w), 0, TANH_T**2, 5,
            "tanh(x) = x + x^3 P(x^2), |x| < 0.625")
        fit("ERF_P", "f32", even(erf_p), even(erf_w), 0, ERF_T**2, 4,
            "erf(x) = x + x P(x^2), |x| < 0.5")
        fit("ERFC_Q", "f32", erfc_q, erfc_w, 1 / (ERFC_C + 4.0) - ERFC_U,
            1 / (ERFC_C + ERF_T) - ERFC_U, 9,
            "erfc(a) = exp(-a^2) Q(u), u = 1/(2+a) - 1/4, a in [0.5, 4] (relative error of Q)")
    if "f64" in what:
        fit("EXP_P", "f64", exp_p, exp_w, -0.3466, 0.3466, 9,
            "exp(r) = 1 + r + r^2 P(r), r = x - k ln2 in [-ln2/2, ln2/2]")
        fit("LN_P", "f64", ln_r, ln_w, 0, 0.02944, 6,
            "log(1+f) = 2s + s z P(z), s = f/(2+f), z = s^2, 1+f in [sqrt(1/2), sqrt(2))")
        fit("TANH_P", "f64", even(tanh_p), even(tanh_w), 0, TANH_T**2, 11,
            "tanh(x) = x + x^3 P(x^2), |x| < 0.625")
        fit("ERF_P", "f64", even(erf_p), even(erf_w), 0, ERF_T**2, 8,
            "erf(x) = x + x P(x^2), |x| < 0.5")
        fit("ERFC_Q", "f64", erfc_q, erfc_w, 1 / (ERFC_C + 6.0) - ERFC_U,
            1 / (ERFC_C + ERF_T) - ERFC_U, 19,
            "erfc(a) = exp(-a^2) Q(u), u = 1/(2+a) - 1/4, a in [0.5, 6] (relative error of Q)")


if __name__ == "__main__":
    main()
