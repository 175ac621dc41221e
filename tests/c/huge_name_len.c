/* One kernel whose name_len is 2^32 + 4 (on 64-bit targets) for the 4-byte name "long":
 * truncated to 32 bits it would be 4, and the name valid. The host must refuse it
 * (MalformedDescriptor, field name) without reading past the name. */
#include <stdint.h>

#include "hologram_kernel.h"

static int32_t noop(const hg_call_args *args) { (void)args; return HG_STATUS_OK; }
static const uint32_t F32[] = {HG_TYPE_F32};
#if SIZE_MAX > 0xffffffffu
#define NAME_LEN (((size_t)1 << 32) + 4)
#else
#define NAME_LEN SIZE_MAX
#endif
static const hg_kernel_descriptor KERNELS[] = {
    {"long", NAME_LEN, HG_KIND_ELEMENTWISE, NULL, 0, F32, 1, F32, 1, noop},
};
HG_EXPORT_TABLE(KERNELS)
