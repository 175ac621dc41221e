/*
 * A kernel library written in C against hologram_kernel.h alone, for ABI VERSION 1: the
 * layout older hosts load, kept so that a version-1 library stays tested. A host calls these
 * kernels on contiguous streams only, and runs c_dot (which has no combiner in version 1) as
 * one call over the whole stream. strided.c is the same kind of library for version 2.
 *
 *   cc -shared -fPIC -O2 -I hologram-runtime/include examples/c-kernels/kernels.c \
 *      -o libc_kernels.so
 *
 * Kernels:
 *   c_affine(uniform f32 a, uniform f32 b, f32 x) -> f32           a*x + b   (elementwise)
 *   c_dot(f32 x, f32 y) -> f64                                      sum x*y in double (reduce)
 *   c_checked_sqrt(f64 x) -> f64   sqrt(x); fails with a message on a negative x (elementwise)
 *   c_center(f64 x) -> f64          x - mean(x), over the whole stream (elementwise-shaped)
 */
#include <math.h>
#include <stdio.h>

#define HG_ABI_VERSION_WANTED 1 /* before the header: a version-1 table, no strides */
#include "hologram_kernel.h"

static int32_t c_affine(const hg_call_args *args) {
    const float a = args->uniforms[0].f32;
    const float b = args->uniforms[1].f32;
    const float *x = (const float *)args->inputs[0];
    float *out = (float *)args->outputs[0];
    /* x and out may be the same pointer (in place): element i is read before it is written. */
    for (size_t i = 0; i < args->len; i++) out[i] = a * x[i] + b;
    return HG_STATUS_OK;
}

/* The products are summed in double, in index order: exact enough to compare against a
 * scalar double loop bit for bit. */
static int32_t c_dot(const hg_call_args *args) {
    const float *x = (const float *)args->inputs[0];
    const float *y = (const float *)args->inputs[1];
    double sum = 0.0;
    for (size_t i = 0; i < args->len; i++) sum += (double)x[i] * (double)y[i];
    args->result->f64 = sum;
    return HG_STATUS_OK;
}

/* Checks every input before writing anything, so a refused call leaves the output as it was
 * (the host may split a call of 32,768 elements or more into pieces; pieces before a failing
 * one keep what they wrote). */
static int32_t c_checked_sqrt(const hg_call_args *args) {
    const double *x = (const double *)args->inputs[0];
    double *out = (double *)args->outputs[0];
    for (size_t i = 0; i < args->len; i++) {
        if (x[i] < 0.0) {
            char text[96];
            snprintf(text, sizeof text, "c_checked_sqrt: x[%zu] = %g is negative", i, x[i]);
            return hg_fail(args, text);
        }
    }
    for (size_t i = 0; i < args->len; i++) out[i] = sqrt(x[i]);
    return HG_STATUS_OK;
}

/* Each output depends on every input: declared HG_KIND_ELEMENTWISE_WHOLE, so the host calls it
 * once for the whole stream, never on pieces. Reads all of x before writing, so in place works. */
static int32_t c_center(const hg_call_args *args) {
    const double *x = (const double *)args->inputs[0];
    double *out = (double *)args->outputs[0];
    double sum = 0.0;
    for (size_t i = 0; i < args->len; i++) sum += x[i];
    const double mean = args->len ? sum / (double)args->len : 0.0;
    for (size_t i = 0; i < args->len; i++) out[i] = x[i] - mean;
    return HG_STATUS_OK;
}

static const uint32_t F32[] = {HG_TYPE_F32, HG_TYPE_F32};
static const uint32_t F64[] = {HG_TYPE_F64};

static const hg_kernel_descriptor KERNELS[] = {
    HG_KERNEL("c_affine", HG_KIND_ELEMENTWISE, F32, 2, F32, 1, F32, 1, c_affine),
    HG_KERNEL("c_dot", HG_KIND_REDUCE, NULL, 0, F32, 2, F64, 1, c_dot),
    HG_KERNEL("c_checked_sqrt", HG_KIND_ELEMENTWISE, NULL, 0, F64, 1, F64, 1, c_checked_sqrt),
    HG_KERNEL("c_center", HG_KIND_ELEMENTWISE_WHOLE, NULL, 0, F64, 1, F64, 1, c_center),
};

HG_EXPORT_TABLE(KERNELS)
