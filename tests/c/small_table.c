/* A table that says it is 8 bytes long, smaller than a version-1 table: the host must refuse
 * it (MalformedTable, field table_size) before it reads the kernels. */
#include "hologram_kernel.h"

static int32_t noop(const hg_call_args *args) { (void)args; return HG_STATUS_OK; }
static const uint32_t F32[] = {HG_TYPE_F32};
static const hg_kernel_descriptor KERNELS[] = {
    HG_KERNEL("in_a_short_table", HG_KIND_ELEMENTWISE, NULL, 0, F32, 1, F32, 1, noop),
};
static const hg_kernel_table TABLE = {HG_ABI_VERSION, 8u, 1, KERNELS};
HG_EXPORT const hg_kernel_table *hologram_kernel_table(void) { return &TABLE; }
