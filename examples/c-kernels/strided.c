/*
 * A kernel library for ABI version 2, written in C against hologram_kernel.h alone: kernels
 * that run on strided and broadcast streams with no copy, and a reduction with a combiner, so
 * that a host can split it across threads.
 *
 *   cc -shared -fPIC -O2 -I hologram-runtime/include examples/c-kernels/strided.c \
 *      -o libc_strided.so
 *
 * Kernels:
 *   s_axpy(uniform f32 a, f32 x, f32 y) -> f32   a*x + y, any strides (elementwise)
 *   s_sum(f64 x) -> f64                            the sum, any stride (reduce; combiner +,
 *                                                  identity 0.0)
 *   s_max(i32 x) -> i32                            the largest, any stride (reduce; combiner
 *                                                  max, identity INT32_MIN)
 *   s_stats(f64 x) -> (f64, f64, u32)              min, max and NaN count in one pass (a
 *                                                  reduction to a tuple: three result slots,
 *                                                  one combiner over the whole tuple)
 *   s_argmax(f32 x) -> (f32, i64)                  the largest and the index of its first
 *                                                  occurrence (NaN wins), counted from the
 *                                                  call's start with first_index
 *
 * Each keeps a plain loop for contiguous streams, which is what nearly every call is, and a
 * loop over byte strides for the others. hg_input_stride / hg_output_stride give the element
 * size when the host passed no strides.
 */
#include <math.h>
#include <stdint.h>

#include "hologram_kernel.h"

/* Element i of a stream that starts at `base` with byte stride `stride`. */
#define AT(type, base, i, stride) (*(type *)((base) + (ptrdiff_t)(i) * (stride)))

static int32_t s_axpy(const hg_call_args *args) {
    const float a = args->uniforms[0].f32;
    const char *x = (const char *)args->inputs[0];
    const char *y = (const char *)args->inputs[1];
    char *out = (char *)args->outputs[0];
    const ptrdiff_t sx = hg_input_stride(args, 0, sizeof(float));
    const ptrdiff_t sy = hg_input_stride(args, 1, sizeof(float));
    const ptrdiff_t so = hg_output_stride(args, 0, sizeof(float));
    const size_t n = args->len;
    if (sx == sizeof(float) && sy == sizeof(float) && so == sizeof(float)) {
        const float *xs = (const float *)x, *ys = (const float *)y;
        float *os = (float *)out;
        for (size_t i = 0; i < n; i++) os[i] = a * xs[i] + ys[i];
        return HG_STATUS_OK;
    }
    /* out may be x or y itself (same pointer, same stride): element i is read before it is
     * written. A stride of 0 on x or y broadcasts its one element. */
    for (size_t i = 0; i < n; i++)
        AT(float, out, i, so) = a * AT(const float, x, i, sx) + AT(const float, y, i, sy);
    return HG_STATUS_OK;
}

/* Summed in double, in index order, so a test can compare a call bit for bit against a
 * scalar loop; split by the host, the blocks' sums are joined with s_sum_combine. */
static int32_t s_sum(const hg_call_args *args) {
    const char *x = (const char *)args->inputs[0];
    const ptrdiff_t sx = hg_input_stride(args, 0, sizeof(double));
    double sum = 0.0;
    for (size_t i = 0; i < args->len; i++) sum += AT(const double, x, i, sx);
    args->result->f64 = sum;
    return HG_STATUS_OK;
}

static int32_t s_sum_combine(const hg_scalar *a, const hg_scalar *b, hg_scalar *out) {
    out->f64 = a->f64 + b->f64;
    return HG_STATUS_OK;
}

static int32_t s_max(const hg_call_args *args) {
    const char *x = (const char *)args->inputs[0];
    const ptrdiff_t sx = hg_input_stride(args, 0, sizeof(int32_t));
    int32_t best = INT32_MIN;
    for (size_t i = 0; i < args->len; i++) {
        const int32_t v = AT(const int32_t, x, i, sx);
        if (v > best) best = v;
    }
    args->result->i32 = best;
    return HG_STATUS_OK;
}

static int32_t s_max_combine(const hg_scalar *a, const hg_scalar *b, hg_scalar *out) {
    out->i32 = a->i32 > b->i32 ? a->i32 : b->i32;
    return HG_STATUS_OK;
}

/* min, max, NaN count. NaN propagates into min and max (as Hologram's built-in min and max
 * do), and is counted. */
static int32_t s_stats(const hg_call_args *args) {
    const char *x = (const char *)args->inputs[0];
    const ptrdiff_t sx = hg_input_stride(args, 0, sizeof(double));
    double lo = INFINITY, hi = -INFINITY;
    uint32_t nans = 0;
    for (size_t i = 0; i < args->len; i++) {
        const double v = AT(const double, x, i, sx);
        if (v != v) {
            nans++;
            lo = v;
            hi = v;
        } else {
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
    }
    args->result[0].f64 = lo;
    args->result[1].f64 = hi;
    args->result[2].u32 = nans;
    return HG_STATUS_OK;
}

static double nan_min(double a, double b) { return (a != a || a <= b) ? a : b; }
static double nan_max(double a, double b) { return (a != a || a >= b) ? a : b; }

/* Joins two whole tuples; out may be a or b, so every input is read first. */
static int32_t s_stats_combine(const hg_scalar *a, const hg_scalar *b, hg_scalar *out) {
    const double lo = nan_min(a[0].f64, b[0].f64), hi = nan_max(a[1].f64, b[1].f64);
    const uint32_t nans = a[2].u32 + b[2].u32;
    out[0].f64 = lo;
    out[1].f64 = hi;
    out[2].u32 = nans;
    return HG_STATUS_OK;
}

/* The value and index of the largest element: the index is first_index + i, so a call the
 * host cuts into blocks still counts from its start. */
static int32_t s_argmax(const hg_call_args *args) {
    const char *x = (const char *)args->inputs[0];
    const ptrdiff_t sx = hg_input_stride(args, 0, sizeof(float));
    float best = -INFINITY;
    int64_t at = INT64_MAX;
    for (size_t i = 0; i < args->len; i++) {
        const float v = AT(const float, x, i, sx);
        const int better = (best == best) && (v > best || v != v);
        if (better) {
            best = v;
            at = (int64_t)(args->first_index + i);
        }
    }
    args->result[0].f32 = best;
    args->result[1].i64 = at;
    return HG_STATUS_OK;
}

static int32_t s_argmax_combine(const hg_scalar *a, const hg_scalar *b, hg_scalar *out) {
    const float va = a[0].f32, vb = b[0].f32;
    const int64_t ia = a[1].i64, ib = b[1].i64;
    const int a_nan = va != va, b_nan = vb != vb;
    const int better = (vb > va && !a_nan) || (b_nan && !a_nan);
    const int tie = (vb == va || (a_nan && b_nan)) && ib < ia;
    const int take_b = better || tie;
    out[0].f32 = take_b ? vb : va;
    out[1].i64 = take_b ? ib : ia;
    return HG_STATUS_OK;
}

static const uint32_t F32[] = {HG_TYPE_F32, HG_TYPE_F32};
static const uint32_t F64[] = {HG_TYPE_F64};
static const uint32_t I32[] = {HG_TYPE_I32};
static const uint32_t STATS[] = {HG_TYPE_F64, HG_TYPE_F64, HG_TYPE_U32};
static const uint32_t ARGMAX[] = {HG_TYPE_F32, HG_TYPE_I64};

static const hg_kernel_descriptor KERNELS[] = {
    HG_KERNEL("s_axpy", HG_KIND_ELEMENTWISE, F32, 1, F32, 2, F32, 1, s_axpy),
    HG_REDUCE_KERNEL("s_sum", NULL, 0, F64, 1, F64, s_sum, s_sum_combine, {.f64 = 0.0}),
    HG_REDUCE_KERNEL("s_max", NULL, 0, I32, 1, I32, s_max, s_max_combine, {.i32 = INT32_MIN}),
    HG_REDUCE_TUPLE_KERNEL("s_stats", NULL, 0, F64, 1, STATS, 3, s_stats, s_stats_combine,
                           {.f64 = INFINITY}, {.f64 = -INFINITY}, {.u32 = 0}),
    HG_REDUCE_TUPLE_KERNEL("s_argmax", NULL, 0, F32, 1, ARGMAX, 2, s_argmax, s_argmax_combine,
                           {.f32 = -INFINITY}, {.i64 = INT64_MAX}),
};

HG_EXPORT_TABLE(KERNELS)
