/* The second kernel declares an input of type code 99, which does not exist. The first kernel
 * is valid: the library must still load as a whole or not at all. */
#include "hologram_kernel.h"

static int32_t noop(const hg_call_args *args) { (void)args; return HG_STATUS_OK; }
static const uint32_t F32[] = {HG_TYPE_F32};
static const uint32_t BAD[] = {HG_TYPE_F32, 99u};
static const hg_kernel_descriptor KERNELS[] = {
    HG_KERNEL("fine_kernel", HG_KIND_ELEMENTWISE, NULL, 0, F32, 1, F32, 1, noop),
    HG_KERNEL("bad_type", HG_KIND_ELEMENTWISE, NULL, 0, BAD, 2, F32, 1, noop),
};
HG_EXPORT_TABLE(KERNELS)
