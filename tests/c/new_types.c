/* A version-2 C library over the element types of version 2: i8, i16, u16, u64, bool and
 * bf16 (f16 needs a conversion C does not have portably; bf16 widens by a shift). Every kernel
 * takes strides, as version 2 allows.
 *
 *   c_mix(uniform i16 k, i8 a, u16 b) -> i16      k + a + b, wrapping
 *   c_is_positive(f32 x) -> bool                   x > 0, written as 0 or 1
 *   c_widen_bf16(bf16 x) -> f32                    exact; a NaN quieted as Rust's half does
 *   c_mask_count(bool m) -> u64                    how many are true (reduce, with combine)
 */
#include "hologram_kernel.h"

#define AT(type, base, stride, i) (*(type *)((base) + (ptrdiff_t)(i) * (stride)))

static int32_t c_mix(const hg_call_args *args) {
    const int16_t k = args->uniforms[0].i16;
    const char *a = (const char *)args->inputs[0];
    const char *b = (const char *)args->inputs[1];
    char *out = (char *)args->outputs[0];
    const ptrdiff_t sa = hg_input_stride(args, 0, sizeof(int8_t));
    const ptrdiff_t sb = hg_input_stride(args, 1, sizeof(uint16_t));
    const ptrdiff_t so = hg_output_stride(args, 0, sizeof(int16_t));
    for (size_t i = 0; i < args->len; i++) {
        uint16_t sum = (uint16_t)k + (uint16_t)AT(const int8_t, a, sa, i) + AT(const uint16_t, b, sb, i);
        AT(int16_t, out, so, i) = (int16_t)sum;
    }
    return HG_STATUS_OK;
}

static int32_t c_is_positive(const hg_call_args *args) {
    const char *x = (const char *)args->inputs[0];
    char *out = (char *)args->outputs[0];
    const ptrdiff_t sx = hg_input_stride(args, 0, sizeof(float));
    const ptrdiff_t so = hg_output_stride(args, 0, 1);
    for (size_t i = 0; i < args->len; i++)
        AT(uint8_t, out, so, i) = AT(const float, x, sx, i) > 0.0f ? 1 : 0;
    return HG_STATUS_OK;
}

static int32_t c_widen_bf16(const hg_call_args *args) {
    const char *x = (const char *)args->inputs[0];
    char *out = (char *)args->outputs[0];
    const ptrdiff_t sx = hg_input_stride(args, 0, sizeof(uint16_t));
    const ptrdiff_t so = hg_output_stride(args, 0, sizeof(float));
    for (size_t i = 0; i < args->len; i++) {
        uint32_t bits = AT(const uint16_t, x, sx, i);
        if ((bits & 0x7fffu) > 0x7f80u) bits |= 0x40u; /* quiet a NaN */
        bits <<= 16;
        float f;
        memcpy(&f, &bits, sizeof f);
        AT(float, out, so, i) = f;
    }
    return HG_STATUS_OK;
}

static int32_t c_mask_count(const hg_call_args *args) {
    const char *m = (const char *)args->inputs[0];
    const ptrdiff_t sm = hg_input_stride(args, 0, 1);
    uint64_t count = 0;
    for (size_t i = 0; i < args->len; i++) count += AT(const uint8_t, m, sm, i);
    args->result->u64 = count;
    return HG_STATUS_OK;
}

static int32_t c_count_combine(const hg_scalar *a, const hg_scalar *b, hg_scalar *out) {
    out->u64 = a->u64 + b->u64;
    return HG_STATUS_OK;
}

static const uint32_t I16_1[] = {HG_TYPE_I16};
static const uint32_t MIX_IN[] = {HG_TYPE_I8, HG_TYPE_U16};
static const uint32_t F32_1[] = {HG_TYPE_F32};
static const uint32_t BOOL_1[] = {HG_TYPE_BOOL};
static const uint32_t BF16_1[] = {HG_TYPE_BF16};
static const uint32_t U64_1[] = {HG_TYPE_U64};
static const hg_kernel_descriptor KERNELS[] = {
    HG_KERNEL("c_mix", HG_KIND_ELEMENTWISE, I16_1, 1, MIX_IN, 2, I16_1, 1, c_mix),
    HG_KERNEL("c_is_positive", HG_KIND_ELEMENTWISE, NULL, 0, F32_1, 1, BOOL_1, 1, c_is_positive),
    HG_KERNEL("c_widen_bf16", HG_KIND_ELEMENTWISE, NULL, 0, BF16_1, 1, F32_1, 1, c_widen_bf16),
    HG_REDUCE_KERNEL("c_mask_count", NULL, 0, BOOL_1, 1, U64_1, c_mask_count, c_count_combine,
                     {.u64 = 0}),
};
HG_EXPORT_TABLE(KERNELS)
