/* Two kernels with the same name in one library. */
#include "hologram_kernel.h"

static int32_t noop(const hg_call_args *args) { (void)args; return HG_STATUS_OK; }
static int32_t join(const hg_scalar *a, const hg_scalar *b, hg_scalar *out) {
    (void)b;
    *out = *a;
    return HG_STATUS_OK;
}
static const uint32_t F32[] = {HG_TYPE_F32};
static const hg_kernel_descriptor KERNELS[] = {
    HG_KERNEL("twice", HG_KIND_ELEMENTWISE, NULL, 0, F32, 1, F32, 1, noop),
    HG_KERNEL("unique", HG_KIND_ELEMENTWISE, NULL, 0, F32, 1, F32, 1, noop),
    HG_REDUCE_KERNEL("twice", NULL, 0, F32, 1, F32, noop, join, {.f32 = 0.0f}),
};
HG_EXPORT_TABLE(KERNELS)
