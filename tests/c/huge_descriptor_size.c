/* A version-2 table whose descriptor_size is 2^32 + sizeof(hg_kernel_descriptor) (on 64-bit
 * targets): truncated to 32 bits it would be the right size, and the library would load. The
 * host must refuse it (MalformedTable, field descriptor_size) before it reads a descriptor. */
#include <stdint.h>

#include "hologram_kernel.h"

static int32_t noop(const hg_call_args *args) { (void)args; return HG_STATUS_OK; }
static const uint32_t F32[] = {HG_TYPE_F32};
static const hg_kernel_descriptor KERNELS[] = {
    HG_KERNEL("far_apart", HG_KIND_ELEMENTWISE, NULL, 0, F32, 1, F32, 1, noop),
};
#if SIZE_MAX > 0xffffffffu
#define SIZE (((size_t)1 << 32) + sizeof(hg_kernel_descriptor))
#else
#define SIZE SIZE_MAX
#endif
static const hg_kernel_table TABLE = {HG_ABI_VERSION, (uint32_t)sizeof(hg_kernel_table), 1,
                                      KERNELS, SIZE};
HG_EXPORT const hg_kernel_table *hologram_kernel_table(void) { return &TABLE; }
