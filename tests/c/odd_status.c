/* Kernels that fail in the ways a C kernel can: report a crash (status 2), return a status
 * the ABI does not define, and fail with a message longer than the host's buffer. */
#include "hologram_kernel.h"

static int32_t crashes(const hg_call_args *args) {
    if (args->message && args->message_capacity > 0) {
        const char *text = "c_crashes: internal invariant broken";
        size_t n = strlen(text);
        if (n >= args->message_capacity) n = args->message_capacity - 1;
        memcpy(args->message, text, n);
        args->message[n] = '\0';
    }
    return HG_STATUS_PANICKED;
}

static int32_t odd(const hg_call_args *args) { (void)args; return 7; }
static int32_t odd_join(const hg_scalar *a, const hg_scalar *b, hg_scalar *out) {
    (void)a;
    (void)b;
    (void)out;
    return 7;
}

static int32_t verbose(const hg_call_args *args) {
    char text[1000];
    memset(text, 'x', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    return hg_fail(args, text);
}

static const uint32_t U8[] = {HG_TYPE_U8};
static const hg_kernel_descriptor KERNELS[] = {
    HG_KERNEL("c_crashes", HG_KIND_ELEMENTWISE, NULL, 0, U8, 1, U8, 1, crashes),
    HG_REDUCE_KERNEL("c_odd_status", NULL, 0, U8, 1, U8, odd, odd_join, {.u8 = 0}),
    HG_KERNEL("c_verbose", HG_KIND_ELEMENTWISE, NULL, 0, U8, 1, U8, 1, verbose),
};
HG_EXPORT_TABLE(KERNELS)
