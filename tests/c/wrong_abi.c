/* A table that claims ABI version 99. Its descriptors are valid; the host must not read them. */
#include "hologram_kernel.h"

static int32_t noop(const hg_call_args *args) { (void)args; return HG_STATUS_OK; }
static const uint32_t F32[] = {HG_TYPE_F32};
static const hg_kernel_descriptor KERNELS[] = {
    HG_KERNEL("from_the_future", HG_KIND_ELEMENTWISE, NULL, 0, F32, 1, F32, 1, noop),
};
static const hg_kernel_table TABLE = {99u, (uint32_t)sizeof(hg_kernel_table), 1, KERNELS};
HG_EXPORT const hg_kernel_table *hologram_kernel_table(void) { return &TABLE; }
