/* A kernel named "add", which Registry::with_stdlib() already holds. */
#include "hologram_kernel.h"

static int32_t noop(const hg_call_args *args) { (void)args; return HG_STATUS_OK; }
static const uint32_t F32[] = {HG_TYPE_F32, HG_TYPE_F32};
static const hg_kernel_descriptor KERNELS[] = {
    HG_KERNEL("my_add", HG_KIND_ELEMENTWISE, NULL, 0, F32, 2, F32, 1, noop),
    HG_KERNEL("add", HG_KIND_ELEMENTWISE, NULL, 0, F32, 2, F32, 1, noop),
};
HG_EXPORT_TABLE(KERNELS)
