/* References for the f64 functions of hologram::math::f64, computed by glibc's long double
 * (x87, 64-bit significand) functions: each result as an unevaluated pair of doubles
 * hi + lo, accurate to a few units of 2^-63 relative, about a thousandth of an f64 ulp.
 * Compiled by the root build.rs on x86-64 (where long double is the x87 format) and linked
 * into the root package's tests and examples; see tests/support/ld_reference.rs. */
#include <float.h>
#include <math.h>

static double split(long double r, double *lo) {
    double hi = (double)r;
    *lo = (double)(r - (long double)hi);
    return hi;
}

#define UNARY(name, f) \
    double hologram_ld_##name(double x, double *lo) { return split(f((long double)x), lo); }
#define BINARY(name, f)                                                  \
    double hologram_ld_##name(double x, double y, double *lo) {          \
        return split(f((long double)x, (long double)y), lo);             \
    }

UNARY(sin, sinl)
UNARY(cos, cosl)
UNARY(tan, tanl)
UNARY(asin, asinl)
UNARY(acos, acosl)
UNARY(atan, atanl)
UNARY(sinh, sinhl)
UNARY(cosh, coshl)
UNARY(asinh, asinhl)
UNARY(acosh, acoshl)
UNARY(atanh, atanhl)
UNARY(exp2, exp2l)
UNARY(exp_m1, expm1l)
UNARY(log2, log2l)
UNARY(log10, log10l)
UNARY(ln_1p, log1pl)
UNARY(cbrt, cbrtl)
UNARY(exp, expl)
UNARY(ln, logl)
UNARY(tanh, tanhl)
BINARY(atan2, atan2l)
BINARY(powf, powl)
BINARY(hypot, hypotl)

/* Whether long double is the x87 format this file assumes (64-bit significand). */
int hologram_ld_is_x87(void) { return LDBL_MANT_DIG == 64; }
