/*
 * hologram_kernel.h: the C ABI of Hologram kernel libraries, version 2 (and version 1).
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
 * VERSIONS. A host loads libraries of version 1 and version 2. This header builds a version-2
 * library unless you write `#define HG_ABI_VERSION_WANTED 1` before including it.
 *   Version 2 (the default) adds, at the END of the structs of version 1:
 *   - hg_call_args: input_strides and output_strides, one signed BYTE stride per stream, so
 *     that a kernel runs on strided and broadcast streams (a matrix column, a transposed view,
 *     one bias row for every row) without a copy. NULL means "every stream of that side is
 *     contiguous"; see "Strides" below. And first_index: the index, within the whole call,
 *     of element 0 of the streams (a host that cuts a call into pieces passes each piece its
 *     start), for kernels that depend on an element's position (argmax, a ramp).
 *   - hg_kernel_descriptor: combine and identity. A REDUCE kernel must give both (use
 *     HG_REDUCE_KERNEL): the host then splits a long reduction into blocks, on several
 *     threads, and joins the blocks' results with combine.
 *   - REDUCE kernels with several results (a tuple: min, max and a count in one pass; a mean
 *     and a variance): output_count result types, one result slot each, and a combine and an
 *     identity over the whole tuple (use HG_REDUCE_TUPLE_KERNEL).
 *   - hg_kernel_table: descriptor_size, so that a later revision can append descriptor fields.
 *   Version 1 has none of these. The host never passes a version-1 kernel strides (it gathers
 *   strided data into contiguous pieces first) and calls a version-1 reduction once over the
 *   whole stream, on one thread. Build one when you must load into older hosts, which refuse
 *   version 2; the fields above are then hidden, so a version-1 library cannot read them.
 *
 * ---------------------------------------------------------------------------------------
 * A COMPLETE LIBRARY (scale.c), version 2:
 *
 *     #include "hologram_kernel.h"
 *
 *     // y[i] = k * x[i]: one f32 uniform, one f32 input, one f32 output, any strides.
 *     static int32_t scale_entry(const hg_call_args *args) {
 *         if (args->uniform_count != 1 || args->input_count != 1 || args->output_count != 1)
 *             return hg_fail(args, "scale: wrong argument counts");
 *         const float k = args->uniforms[0].f32;
 *         const char *x = (const char *)args->inputs[0];
 *         char *y = (char *)args->outputs[0];
 *         const ptrdiff_t sx = hg_input_stride(args, 0, sizeof(float));
 *         const ptrdiff_t sy = hg_output_stride(args, 0, sizeof(float));
 *         if (sx == sizeof(float) && sy == sizeof(float)) { // contiguous: the common case
 *             for (size_t i = 0; i < args->len; i++)
 *                 ((float *)y)[i] = k * ((const float *)x)[i];
 *         } else {                                          // strided or broadcast
 *             for (size_t i = 0; i < args->len; i++)
 *                 *(float *)(y + (ptrdiff_t)i * sy) = k * *(const float *)(x + (ptrdiff_t)i * sx);
 *         }
 *         return HG_STATUS_OK;
 *     }
 *
 *     // The sum of x, in double: a REDUCE kernel, with the combiner that joins two partial
 *     // sums and the identity, the sum of nothing.
 *     static int32_t total_entry(const hg_call_args *args) {
 *         const char *x = (const char *)args->inputs[0];
 *         const ptrdiff_t sx = hg_input_stride(args, 0, sizeof(double));
 *         double sum = 0.0;
 *         for (size_t i = 0; i < args->len; i++) sum += *(const double *)(x + (ptrdiff_t)i * sx);
 *         args->result->f64 = sum;
 *         return HG_STATUS_OK;
 *     }
 *     static int32_t total_combine(const hg_scalar *a, const hg_scalar *b, hg_scalar *out) {
 *         out->f64 = a->f64 + b->f64;
 *         return HG_STATUS_OK;
 *     }
 *
 *     static const uint32_t F32_1[] = {HG_TYPE_F32};
 *     static const uint32_t F64_1[] = {HG_TYPE_F64};
 *     static const hg_kernel_descriptor KERNELS[] = {
 *         HG_KERNEL("scale", HG_KIND_ELEMENTWISE, F32_1, 1, F32_1, 1, F32_1, 1, scale_entry),
 *         HG_REDUCE_KERNEL("total", NULL, 0, F64_1, 1, F64_1, total_entry, total_combine,
 *                          {.f64 = 0.0}),
 *     };
 *     HG_EXPORT_TABLE(KERNELS)
 *
 * A version-1 library starts with `#define HG_ABI_VERSION_WANTED 1` before the #include,
 * ignores strides (it has none), and lists every kernel with HG_KERNEL, reductions too
 * (examples/c-kernels/kernels.c in Hologram's repository is one).
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

/* The newest ABI version this header describes. */
#define HG_ABI_VERSION_LATEST 2u

/* The version to build the library for: 2 unless defined as 1 before this header is
 * included. HG_ABI_VERSION is then that version, which HG_EXPORT_TABLE writes into the table. */
#ifndef HG_ABI_VERSION_WANTED
#define HG_ABI_VERSION_WANTED 2
#endif
#if HG_ABI_VERSION_WANTED == 1
#define HG_ABI_VERSION 1u
#elif HG_ABI_VERSION_WANTED == 2
#define HG_ABI_VERSION 2u
#else
#error "hologram_kernel.h: HG_ABI_VERSION_WANTED must be 1 or 2"
#endif

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
/* Version 2 only (a version-1 table that uses them is refused): */
#define HG_TYPE_I8   7u /* int8_t   */
#define HG_TYPE_I16  8u /* int16_t  */
#define HG_TYPE_U16  9u /* uint16_t */
#define HG_TYPE_U64 10u /* uint64_t */
#define HG_TYPE_BOOL 11u /* one byte, 0 (false) or 1 (true): C's bool / _Bool, Rust's bool.
                          * In a STREAM every byte must be 0 or 1: a host passes only such
                          * input streams (Hologram checks bytes from outside Rust before they
                          * become bools), and a kernel must write only 0 or 1 to a bool
                          * output; any other byte breaks the contract (Rust may not read it
                          * as a bool). A bool UNIFORM or RESULT travels as its byte in
                          * hg_scalar.boolean: write 0 or 1; a byte other than 0 reads as true. */
#define HG_TYPE_F16 12u /* IEEE 754 binary16, as its uint16_t bits (Rust's half::f16). Convert
                          * with _cvtsh_ss/_cvtss_sh (F16C), _Float16 where the compiler has it,
                          * or bit arithmetic; hg_scalar.f16 holds the bits. */
#define HG_TYPE_BF16 13u /* bfloat16, the top 16 bits of a float, as its uint16_t bits (Rust's
                          * half::bf16): the float whose bits are (uint32_t)bits << 16 (copy
                          * them with memcpy) is its exact value; hg_scalar.bf16. */

/* ---- Kernel kinds ----------------------------------------------------------------------
 * ELEMENTWISE: out_k[i] = f(uniforms, in_0[i], in_1[i], ...) for every i < len; one or more
 *              output streams, all of length len. Element i may depend only on element i
 *              of the inputs: the host may split a large call (32,768 elements or more) into
 *              pieces and calls the entry point once per piece, with each stream pointer
 *              advanced by start * stride and len shortened, on several threads at once.
 * REDUCE:      one value folded over all i < len, written to *result; no output streams.
 *              Its descriptor lists one output type per result: exactly one in version 1;
 *              in version 2, 1 to HG_MAX_STREAMS, a tuple of results written to result[0],
 *              result[1], ... (one hg_scalar each, in the order of output_types).
 *              Version 2: the host may split a call of more than 16,384 elements into blocks
 *              of 16,384 (the last one shorter), call the entry point once per block (on
 *              several threads), and join the blocks' results with the descriptor's combine
 *              in a fixed tree that depends only on len: a run of b > 1 blocks is its first
 *              ceil(b / 2) blocks joined with the rest, combine(first, rest). So the result is
 *              the same bits at any thread count, and a kernel whose entry point and combine
 *              agree (entry over x then y == combine(entry over x, entry over y), exactly for
 *              integers, up to rounding for floats) gives what one call would.
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
#define HG_MAX_DESCRIPTOR_SIZE 4096u /* version 2: descriptor_size is at most this */

/* One uniform value or reduction result: 8 bytes, read as the member the descriptor's type
 * code names. A host zeroes all 8 bytes before writing the member. */
typedef union hg_scalar {
    float f32;
    double f64;
    int32_t i32;
    int64_t i64;
    uint32_t u32;
    uint8_t u8;
    int8_t i8;       /* version 2: HG_TYPE_I8 */
    int16_t i16;     /* version 2: HG_TYPE_I16 */
    uint16_t u16;    /* version 2: HG_TYPE_U16 */
    uint64_t u64;    /* version 2: HG_TYPE_U64 */
    uint8_t boolean; /* version 2: HG_TYPE_BOOL, 0 or 1 */
    uint16_t f16;    /* version 2: HG_TYPE_F16, the binary16 bits */
    uint16_t bf16;   /* version 2: HG_TYPE_BF16, the bfloat16 bits */
    uint64_t bits;
} hg_scalar;

/* The argument block of one call. The host guarantees, for the duration of the call:
 *
 * - uniform_count, input_count and output_count equal the descriptor's uniform_count,
 *   input_count and output_count; except that for a REDUCE kernel output_count is 0
 *   and outputs is unused.
 * - uniforms[j] holds the member of uniform j's declared type, for j < uniform_count.
 * - inputs[j] points to element 0 of input j, outputs[j] to element 0 of output j, each
 *   aligned for the stream's declared type. Every stream has len elements.
 * - Strides (version 2): element i of input j is at byte address
 *       (const char *)inputs[j] + (ptrdiff_t)i * input_strides[j]
 *   and of output j at (char *)outputs[j] + (ptrdiff_t)i * output_strides[j]. A stride may be
 *   negative (a reversed view), and an input stride of 0 broadcasts: every i reads the same
 *   element. Every stride is a multiple of its element's size, so every element is aligned.
 *   An output stride is never 0 when len > 1. input_strides is NULL when every input is
 *   contiguous (stride == element size), and likewise output_strides: check for NULL (or use
 *   hg_input_stride / hg_output_stride below), and keep a plain loop for the contiguous case,
 *   which is what nearly every call is. A version-2 kernel must honour the strides: one that
 *   only handles contiguous streams belongs in a version-1 library, for which the host
 *   gathers strided data into contiguous pieces. Version 1: every stream is contiguous; the
 *   fields do not exist.
 * - Every element of an input is readable and of an output writable, at those addresses.
 * - In place: an output may be EXACTLY the same stream as an input, the same pointer and the
 *   same stride (the host passed the same buffer as both); read element i of every input
 *   before you write element i of any output, and such a call is correct. Apart from that,
 *   no output shares an element with an input or another output.
 * - Nothing but the kernel writes the streams during the call.
 * - When len is 0 the stream pointers may be null; touch nothing and return HG_STATUS_OK
 *   (a reduction writes its identity to *result).
 * - result: REDUCE kernels write one value of each declared output type, result[k] for
 *   output type k (e.g. result->f32 = sum for one result; result[0].f64 = lo, result[1].f64
 *   = hi for two), before returning HG_STATUS_OK. The host provides output_count zeroed
 *   slots. Null for ELEMENTWISE.
 * - first_index (version 2): the index of element 0 of these streams within the whole call
 *   the user made: 0, unless the host cut the call into pieces (ELEMENTWISE) or blocks
 *   (REDUCE), when it is the piece's first element. Element i has index first_index + i.
 * - message points to message_capacity writable bytes (256 from Hologram's host), or is null
 *   with message_capacity 0. Write a NUL-terminated message there when you fail; truncate
 *   to fit. Leave it alone on success.
 *
 * An entry point must not keep any pointer after it returns, must not free anything it was
 * given, must not unwind (no C++ exceptions, no longjmp) across the call, and may be called
 * from several threads at once (on different streams): keep no mutable global state.
 * It must not allocate if you care about Hologram's promise of allocation-free calls.
 *
 * A host passes a version-1 entry point this same block: a version-1 library only reads the
 * fields before input_strides, and the host only calls it on contiguous streams. */
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
#if HG_ABI_VERSION >= 2
    const ptrdiff_t *input_strides;  /* input_count byte strides, or NULL: all contiguous */
    const ptrdiff_t *output_strides; /* output_count byte strides, or NULL: all contiguous */
    uint64_t first_index;            /* index of element 0 within the whole call */
#endif
} hg_call_args;

/* The entry point of a kernel. Returns an HG_STATUS_* code. */
typedef int32_t (*hg_entry_fn)(const hg_call_args *args);

#if HG_ABI_VERSION >= 2
/* The byte stride of input j (of output j) for elements of elem_size bytes: the value the
 * host passed, or elem_size when it passed NULL (contiguous). */
static inline ptrdiff_t hg_input_stride(const hg_call_args *args, size_t j, size_t elem_size) {
    return args->input_strides ? args->input_strides[j] : (ptrdiff_t)elem_size;
}
static inline ptrdiff_t hg_output_stride(const hg_call_args *args, size_t j, size_t elem_size) {
    return args->output_strides ? args->output_strides[j] : (ptrdiff_t)elem_size;
}

/* The combiner of a REDUCE kernel (version 2): writes the combination of the partial results
 * a and b to out and returns HG_STATUS_OK. Each of a, b and out points to output_count
 * values, a[k] holding the member of result type k: one value for a kernel with one result,
 * the whole tuple for several (the combiner joins whole tuples, so Welford's mean and
 * variance or an (value, index) argmax fit). out may be a or b. Any other status makes the
 * host report the call as failed. It must be callable from any thread, and it never gets a
 * message buffer. Its identity (the descriptor's identity) satisfies combine(identity, v) ==
 * v, and an empty call (len 0) of the entry point writes the identity. */
typedef int32_t (*hg_combine_fn)(const hg_scalar *a, const hg_scalar *b, hg_scalar *out);
#endif

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
 *   HG_MAX_STREAMS). REDUCE: the types of the results: 1 code (exactly 1 in version 1), or
 *   up to HG_MAX_STREAMS for a tuple.
 * - entry: the entry point, never NULL.
 * - combine (version 2): REDUCE: the combiner, never NULL. ELEMENTWISE and
 *   ELEMENTWISE_WHOLE: NULL.
 * - identity (version 2): REDUCE: identity[k] is result k's value of an empty reduction, as
 *   the member of its type (e.g. {.f64 = 0.0} for a sum, {.f32 = -INFINITY} for a max), for
 *   k < output_count; the other entries all bytes zero. ELEMENTWISE and ELEMENTWISE_WHOLE:
 *   every entry zero. A host refuses a table that breaks either rule. */
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
#if HG_ABI_VERSION >= 2
    hg_combine_fn combine;
    hg_scalar identity[HG_MAX_STREAMS];
#endif
} hg_kernel_descriptor;

/* The table hologram_kernel_table() returns.
 * - abi_version: HG_ABI_VERSION (1 or 2). A host checks it before reading anything else.
 * - table_size: sizeof(hg_kernel_table). A host refuses a value smaller than its version's
 *   table; a later revision of the version may append fields, which older hosts ignore.
 * - kernel_count / kernels: the descriptors (kernels may be NULL when the count is 0).
 * - descriptor_size (version 2): sizeof(hg_kernel_descriptor), the distance between two
 *   descriptors. A host refuses a smaller value or one above HG_MAX_DESCRIPTOR_SIZE, and
 *   skips fields a later revision appends.
 * HG_EXPORT_TABLE fills all of it. */
typedef struct hg_kernel_table {
    uint32_t abi_version;
    uint32_t table_size;
    size_t kernel_count;
    const hg_kernel_descriptor *kernels;
#if HG_ABI_VERSION >= 2
    size_t descriptor_size;
#endif
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
 * literal (its length is taken with sizeof). In version 2 it leaves combine NULL and the
 * identity zero, as an ELEMENTWISE kernel has them: give a REDUCE kernel with
 * HG_REDUCE_KERNEL. (In version 1, HG_KERNEL serves every kind.) */
#if HG_ABI_VERSION >= 2
#define HG_KERNEL(name_literal, kind, u, nu, in, nin, out, nout, entry_fn)                   \
    {(name_literal), sizeof(name_literal) - 1, (kind), (u), (nu), (in), (nin), (out), (nout), \
     (entry_fn), NULL, {{0}}}

/* A REDUCE descriptor (version 2): HG_REDUCE_KERNEL("name", uniform_types, uniform_count,
 * input_types, input_count, result_type, entry, combine, identity), where result_type points
 * to the one type code of the result and identity is an hg_scalar initialiser such as
 * {.f64 = 0.0}. */
#define HG_REDUCE_KERNEL(name_literal, u, nu, in, nin, result, entry_fn, combine_fn, ...)    \
    {(name_literal), sizeof(name_literal) - 1, HG_KIND_REDUCE, (u), (nu), (in), (nin),       \
     (result), 1, (entry_fn), (combine_fn), {__VA_ARGS__}}

/* A REDUCE descriptor with several results (version 2): HG_REDUCE_TUPLE_KERNEL("name",
 * uniform_types, uniform_count, input_types, input_count, result_types, result_count, entry,
 * combine, identity_0, identity_1, ...), one hg_scalar initialiser per result, e.g.
 * {.f64 = INFINITY}, {.f64 = -INFINITY}, {.u32 = 0} for (min, max, count). */
#define HG_REDUCE_TUPLE_KERNEL(name_literal, u, nu, in, nin, results, nresults, entry_fn,      \
                               combine_fn, ...)                                               \
    {(name_literal), sizeof(name_literal) - 1, HG_KIND_REDUCE, (u), (nu), (in), (nin),       \
     (results), (nresults), (entry_fn), (combine_fn), {__VA_ARGS__}}
#else
#define HG_KERNEL(name_literal, kind, u, nu, in, nin, out, nout, entry_fn)                   \
    {(name_literal), sizeof(name_literal) - 1, (kind), (u), (nu), (in), (nin), (out), (nout), \
     (entry_fn)}
#endif

/* Defines hologram_kernel_table() over a static array of descriptors. */
#if defined(_WIN32)
#define HG_EXPORT __declspec(dllexport)
#else
#define HG_EXPORT __attribute__((visibility("default")))
#endif
#if HG_ABI_VERSION >= 2
#define HG_TABLE_TAIL_ , sizeof(hg_kernel_descriptor)
#else
#define HG_TABLE_TAIL_
#endif
#define HG_EXPORT_TABLE(descriptor_array)                                                     \
    static const hg_kernel_table hg_table_ = {                                                \
        HG_ABI_VERSION, (uint32_t)sizeof(hg_kernel_table),                                    \
        sizeof(descriptor_array) / sizeof((descriptor_array)[0]),                             \
        (descriptor_array) HG_TABLE_TAIL_};                                                   \
    HG_EXPORT const hg_kernel_table *hologram_kernel_table(void) { return &hg_table_; }

#ifdef __cplusplus
}
#endif

#endif /* HOLOGRAM_KERNEL_H */
