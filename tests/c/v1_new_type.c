/* A version-1 library that declares an i8 input: type code 7 exists only in version 2, so a
 * host refuses the library (a version-1 host would not know the code either). */
#define HG_ABI_VERSION_WANTED 1
#include "hologram_kernel.h"

static int32_t noop(const hg_call_args *args) { (void)args; return HG_STATUS_OK; }
static const uint32_t I8_1[] = {HG_TYPE_I8};
static const hg_kernel_descriptor KERNELS[] = {
    HG_KERNEL("old_i8", HG_KIND_ELEMENTWISE, NULL, 0, I8_1, 1, I8_1, 1, noop),
};
HG_EXPORT_TABLE(KERNELS)
