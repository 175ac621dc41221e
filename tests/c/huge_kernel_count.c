/* kernel_count is 2^32 + 1 (on 64-bit targets): a host that truncated the size_t count to 32
 * bits would read 1 kernel, a valid one, and load the library. It must refuse the count
 * (MalformedTable, field kernel_count). */
#include <stdint.h>

#include "hologram_kernel.h"

static int32_t noop(const hg_call_args *args) { (void)args; return HG_STATUS_OK; }
static const uint32_t F32[] = {HG_TYPE_F32};
static const hg_kernel_descriptor KERNELS[] = {
    HG_KERNEL("one_of_many", HG_KIND_ELEMENTWISE, NULL, 0, F32, 1, F32, 1, noop),
};
#if SIZE_MAX > 0xffffffffu
#define COUNT (((size_t)1 << 32) + 1)
#else
#define COUNT SIZE_MAX
#endif
static const hg_kernel_table TABLE = {HG_ABI_VERSION, (uint32_t)sizeof(hg_kernel_table), COUNT,
                                      KERNELS, sizeof(hg_kernel_descriptor)};
HG_EXPORT const hg_kernel_table *hologram_kernel_table(void) { return &TABLE; }
