/* Prints the sizes and field offsets of the header's structs, one "name value" per line, for
 * the test that compares them with the Rust mirror in hologram::abi. */
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
    SHOW(sizeof(hg_kernel_descriptor));
    SHOW(offsetof(hg_kernel_descriptor, name_len));
    SHOW(offsetof(hg_kernel_descriptor, kind));
    SHOW(offsetof(hg_kernel_descriptor, uniform_types));
    SHOW(offsetof(hg_kernel_descriptor, input_count));
    SHOW(offsetof(hg_kernel_descriptor, output_types));
    SHOW(offsetof(hg_kernel_descriptor, entry));
    SHOW(sizeof(hg_kernel_table));
    SHOW(offsetof(hg_kernel_table, table_size));
    SHOW(offsetof(hg_kernel_table, kernel_count));
    SHOW(offsetof(hg_kernel_table, kernels));
    return 0;
}
