/*
 * hologram_kernel.h: the C ABI of Hologram kernel libraries, version 1.
 *
 * A kernel library is a shared library (built with `cc -shared -fPIC`, or a Rust `cdylib`
 * using `hologram::export_kernels!`) that exports ONE symbol:
 *
 *     const hg_kernel_table *hologram_kernel_table(void);
 *
 * It returns a pointer to a table that lists the library's kernels. A host (Hologram's
 * `Registry::load_library`) opens the library with RTLD_NOW | RTLD_LOCAL, calls that function
 * once, checks the table and every descriptor, and then calls kernels through their entry
 * points, as many times as it likes, from any thread, with no further lookup.
 *
 * Everything a library needs is in this file. This header is the contract; Rust's
 * `hologram::abi` mirrors it.
 *
 * ---------------------------------------------------------------------------------------
 * A COMPLETE LIBRARY (scale.c):
 *
 *     #include "hologram_kernel.h"
 *
 *     // y[i] = k * x[i]: one f32 uniform, one f32 input, one f32 output.
 *     static int32_t scale_entry(const hg_call_args *args) {
 *         if (args->uniform_count != 1 || args->input_count != 1 || args->output_count != 1)
 *             return hg_fail(args, "scale: wrong argument counts");
 *         float k = args->uniforms[0].f32;
 *         const float *x = (const float *)args->inputs[0];
 *         float *y = (float *)args->outputs[0];
 *         for (size_t i = 0; i < args->len; i++) y[i] = k * x[i];
 *         return HG_STATUS_OK;
 *     }
 *
 *     static const uint32_t F32_1[] = {HG_TYPE_F32};
 *     static const hg_kernel_descriptor KERNELS[] = {
 *         HG_KERNEL("scale", HG_KIND_ELEMENTWISE, F32_1, 1, F32_1, 1, F32_1, 1, scale_entry),
 *     };
 *     HG_EXPORT_TABLE(KERNELS)
 *
 * Build and load it:
 *
 *     cc -shared -fPIC -O2 -I path/to/hologram-runtime/include scale.c -o libscale.so
 *     chmod go-w libscale.so        (a host refuses libraries that group or others may write)
 *
 *     let mut reg = hologram::Registry::new();
 *     reg.load_library("libscale.so")?;
 *     reg.get("scale")?.run_slices(&[2.0f32.into()], &[(&x).into()], &mut [(&mut y).into()])?;
 * ---------------------------------------------------------------------------------------
 */
#ifndef HOLOGRAM_KERNEL_H
#define HOLOGRAM_KERNEL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI version this header describes. A host refuses a table of any other version. */
#define HG_ABI_VERSION 1u

/* The name of the one exported symbol. */
#define HG_TABLE_SYMBOL "hologram_kernel_table"

/* ---- Element types ---------------------------------------------------------------------
 * The element type of every uniform, input stream, output stream and result is one of these
 * codes. They never change. Each names a C type of the same size and representation. */
#define HG_TYPE_F32 1u /* float    (IEEE 754 binary32) */
#define HG_TYPE_F64 2u /* double   (IEEE 754 binary64) */
#define HG_TYPE_I32 3u /* int32_t  */
#define HG_TYPE_I64 4u /* int64_t  */
#define HG_TYPE_U32 5u /* uint32_t */
#define HG_TYPE_U8  6u /* uint8_t  */

/* ---- Kernel kinds ----------------------------------------------------------------------
 * ELEMENTWISE: out_k[i] = f(uniforms, in_0[i], in_1[i], ...) for every i < len; one or more
 *              output streams, all of length len. Element i may depend only on element i
 *              of the inputs: the host may split a large call (32,768 elements or more) into
 *              contiguous pieces and calls the entry point once per piece, with the stream
 *              pointers advanced and len shortened, on several threads at once.
 * REDUCE:      one value folded over all i < len, written to *result; no output streams.
 *              Its descriptor lists exactly one output type: the type of the result.
 * ELEMENTWISE_WHOLE: the shape of ELEMENTWISE (same streams, same lengths), but an output
 *              element may depend on the whole input stream (softmax). The host calls it
 *              once per call, never on pieces, so it needs no property of elements. */
#define HG_KIND_ELEMENTWISE       1u
#define HG_KIND_REDUCE            2u
#define HG_KIND_ELEMENTWISE_WHOLE 3u

/* ---- Status codes an entry point returns -------------------------------------------------
 * On anything but HG_STATUS_OK, write a message into args->message (see hg_fail). A host
 * reports HG_STATUS_ERROR as "kernel failed" and HG_STATUS_PANICKED as "kernel panicked"
 * (use it for a caught crash or failed internal assertion), with the message, and goes on.
 * Any other value is reported as an error too. Return HG_STATUS_OK only after writing every
 * output element (or the result). */
#define HG_STATUS_OK       0
#define HG_STATUS_ERROR    1
#define HG_STATUS_PANICKED 2

/* Limits a host enforces when it loads a library; a table beyond them is refused. */
#define HG_MAX_STREAMS  16u    /* at most this many uniforms, inputs, outputs (each) */
#define HG_MAX_KERNELS  65536u /* at most this many kernels in one table */
#define HG_MAX_NAME_LEN 256u   /* a name has 1 to this many bytes */

/* One uniform value or reduction result: 8 bytes, read as the member the descriptor's type
 * code names. A host zeroes all 8 bytes before writing the member. */
typedef union hg_scalar {
    float f32;
    double f64;
    int32_t i32;
    int64_t i64;
    uint32_t u32;
    uint8_t u8;
    uint64_t bits;
} hg_scalar;

/* The argument block of one call. The host guarantees, for the duration of the call:
 *
 * - uniform_count, input_count and output_count equal the descriptor's uniform_count,
 *   input_count and output_count; except that for a REDUCE kernel output_count is 0
 *   and outputs is unused.
 * - uniforms[j] holds the member of uniform j's declared type, for j < uniform_count.
 * - inputs[j] points to len readable elements of input j's declared type, aligned for it.
 * - outputs[j] points to len writable elements of output j's declared type, aligned for it.
 * - In place: an output pointer may be EXACTLY EQUAL to an input pointer (the host passed
 *   the same buffer as both); read element i of every input before you write element i of
 *   any output, and such a call is correct. Apart from that, no output overlaps an input or
 *   another output.
 * - Nothing but the kernel writes the streams during the call.
 * - When len is 0 the stream pointers may be null; touch nothing and return HG_STATUS_OK
 *   (a reduction writes its identity to *result).
 * - result: REDUCE kernels write exactly one value of the declared output type to
 *   *result (e.g. result->f32 = sum) before returning HG_STATUS_OK. Null for ELEMENTWISE.
 * - message points to message_capacity writable bytes (256 from Hologram's host), or is null
 *   with message_capacity 0. Write a NUL-terminated message there when you fail; truncate
 *   to fit. Leave it alone on success.
 *
 * An entry point must not keep any pointer after it returns, must not free anything it was
 * given, must not unwind (no C++ exceptions, no longjmp) across the call, and may be called
 * from several threads at once (on different streams): keep no mutable global state.
 * It must not allocate if you care about Hologram's promise of allocation-free calls. */
typedef struct hg_call_args {
    size_t len;                /* elements in every stream */
    const hg_scalar *uniforms; /* uniform_count values, in declaration order */
    size_t uniform_count;
    const void *const *inputs; /* input_count stream pointers, in declaration order */
    size_t input_count;
    void *const *outputs;      /* output_count stream pointers, in declaration order */
    size_t output_count;
    hg_scalar *result;         /* REDUCE: where the result goes; ELEMENTWISE: NULL */
    char *message;             /* message_capacity bytes for a NUL-terminated message */
    size_t message_capacity;
} hg_call_args;

/* The entry point of a kernel. Returns an HG_STATUS_* code. */
typedef int32_t (*hg_entry_fn)(const hg_call_args *args);

/* One kernel of a library. Every pointer must stay valid (and its target unchanged) while the
 * library is loaded: point to static const data.
 *
 * - name/name_len: the name the kernel registers under: name_len bytes (1 to
 *   HG_MAX_NAME_LEN), each an ASCII letter, digit, '_', '.', '-' or ':' (the rule of
 *   #[kernel(name = ...)]), not necessarily NUL-terminated. Names must be
 *   distinct within a library and from every kernel already registered in the host
 *   (Hologram's stdlib registers add, sub, mul, div, neg, abs, relu, maximum, minimum, clip).
 * - kind: HG_KIND_ELEMENTWISE, HG_KIND_REDUCE or HG_KIND_ELEMENTWISE_WHOLE.
 * - uniform_types[uniform_count]: type codes of the uniforms (0 to HG_MAX_STREAMS; the
 *   pointer may be NULL when the count is 0).
 * - input_types[input_count]: type codes of the input streams (1 to HG_MAX_STREAMS).
 * - output_types[output_count]: ELEMENTWISE: type codes of the output streams (1 to
 *   HG_MAX_STREAMS). REDUCE: exactly 1 code, the type of the result.
 * - entry: the entry point, never NULL. */
typedef struct hg_kernel_descriptor {
    const char *name;
    size_t name_len;
    uint32_t kind;
    const uint32_t *uniform_types;
    size_t uniform_count;
    const uint32_t *input_types;
    size_t input_count;
    const uint32_t *output_types;
    size_t output_count;
    hg_entry_fn entry;
} hg_kernel_descriptor;

/* The table hologram_kernel_table() returns.
 * - abi_version: HG_ABI_VERSION. A host checks it before reading anything else.
 * - table_size: sizeof(hg_kernel_table). A host refuses a smaller value; a later revision of
 *   version 1 may append fields, which older hosts ignore.
 * - kernel_count / kernels: the descriptors (kernels may be NULL when the count is 0). */
typedef struct hg_kernel_table {
    uint32_t abi_version;
    uint32_t table_size;
    size_t kernel_count;
    const hg_kernel_descriptor *kernels;
} hg_kernel_table;

/* Writes a NUL-terminated message into the host's buffer (truncated to fit) and returns
 * HG_STATUS_ERROR, so that an entry point can `return hg_fail(args, "why");`. */
static inline int32_t hg_fail(const hg_call_args *args, const char *text) {
    if (args && args->message && args->message_capacity > 0) {
        size_t n = strlen(text);
        if (n > args->message_capacity - 1) n = args->message_capacity - 1;
        memcpy(args->message, text, n);
        args->message[n] = '\0';
    }
    return HG_STATUS_ERROR;
}

/* A descriptor initialiser: HG_KERNEL("name", kind, uniform_types, uniform_count,
 * input_types, input_count, output_types, output_count, entry). The name must be a string
 * literal (its length is taken with sizeof). */
#define HG_KERNEL(name_literal, kind, u, nu, in, nin, out, nout, entry_fn)                   \
    {(name_literal), sizeof(name_literal) - 1, (kind), (u), (nu), (in), (nin), (out), (nout), \
     (entry_fn)}

/* Defines hologram_kernel_table() over a static array of descriptors. */
#if defined(_WIN32)
#define HG_EXPORT __declspec(dllexport)
#else
#define HG_EXPORT __attribute__((visibility("default")))
#endif
#define HG_EXPORT_TABLE(descriptor_array)                                                     \
    static const hg_kernel_table hg_table_ = {                                                \
        HG_ABI_VERSION, (uint32_t)sizeof(hg_kernel_table),                                    \
        sizeof(descriptor_array) / sizeof((descriptor_array)[0]), (descriptor_array)};        \
    HG_EXPORT const hg_kernel_table *hologram_kernel_table(void) { return &hg_table_; }

#ifdef __cplusplus
}
#endif

#endif /* HOLOGRAM_KERNEL_H */
