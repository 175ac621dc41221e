/* Prints the sizes and field offsets of the header's structs, one "name value" per line, for
 * the test that compares them with the Rust mirror in hologram::abi. Built twice: as it is
 * (version 2) and with -DHG_ABI_VERSION_WANTED=1 (the version-1 layout, which the fields of
 * version 2 only extend). */
#include <stdio.h>

#include "hologram_kernel.h"

#define SHOW(expr) printf("%s %zu\n", #expr, (size_t)(expr))

int main(void) {
    SHOW(sizeof(hg_scalar));
    SHOW(sizeof(hg_call_args));
    SHOW(offsetof(hg_call_args, uniforms));
    SHOW(offsetof(hg_call_args, inputs));
    SHOW(offsetof(hg_call_args, outputs));
    SHOW(offsetof(hg_call_args, result));
    SHOW(offsetof(hg_call_args, message));
    SHOW(offsetof(hg_call_args, message_capacity));
#if HG_ABI_VERSION >= 2
    SHOW(offsetof(hg_call_args, input_strides));
    SHOW(offsetof(hg_call_args, output_strides));
    SHOW(offsetof(hg_call_args, first_index));
#endif
    SHOW(sizeof(hg_kernel_descriptor));
    SHOW(offsetof(hg_kernel_descriptor, name_len));
    SHOW(offsetof(hg_kernel_descriptor, kind));
    SHOW(offsetof(hg_kernel_descriptor, uniform_types));
    SHOW(offsetof(hg_kernel_descriptor, input_count));
    SHOW(offsetof(hg_kernel_descriptor, output_types));
    SHOW(offsetof(hg_kernel_descriptor, entry));
#if HG_ABI_VERSION >= 2
    SHOW(offsetof(hg_kernel_descriptor, combine));
    SHOW(offsetof(hg_kernel_descriptor, identity));
#endif
    SHOW(sizeof(hg_kernel_table));
    SHOW(offsetof(hg_kernel_table, table_size));
    SHOW(offsetof(hg_kernel_table, kernel_count));
    SHOW(offsetof(hg_kernel_table, kernels));
#if HG_ABI_VERSION >= 2
    SHOW(offsetof(hg_kernel_table, descriptor_size));
#endif
    SHOW(HG_ABI_VERSION);
    return 0;
}
