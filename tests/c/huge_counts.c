/* One kernel whose input_count is 2^32 + 1 (on 64-bit targets): truncated to 32 bits it would
 * be 1, and the descriptor valid. The host must refuse it (MalformedDescriptor, field
 * input_types) and load nothing. */
#include <stdint.h>

#include "hologram_kernel.h"

static int32_t noop(const hg_call_args *args) { (void)args; return HG_STATUS_OK; }
static const uint32_t F32[] = {HG_TYPE_F32};
#if SIZE_MAX > 0xffffffffu
#define COUNT (((size_t)1 << 32) + 1)
#else
#define COUNT SIZE_MAX
#endif
static const hg_kernel_descriptor KERNELS[] = {
    HG_KERNEL("many_inputs", HG_KIND_ELEMENTWISE, NULL, 0, F32, COUNT, F32, 1, noop),
};
HG_EXPORT_TABLE(KERNELS)
