//! `export_kernels!`: the kernel table of a `cdylib`.

/// Exports kernels defined with `#[kernel]` from a `cdylib` crate, so that
/// [`Registry::load_library`](crate::Registry::load_library) can load them by name.
///
/// Give the kernel modules (paths to them work too); each has a `KERNEL`. The macro emits the
/// one symbol of the C ABI, `hologram_kernel_table` (see `include/hologram_kernel.h`): a
/// function returning a static table with the ABI version, the table's size and one
/// descriptor per kernel. Invoke it once per library, at any module level.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::kernel;
///
/// #[kernel]
/// pub fn saxpy(#[uniform] a: f32, x: f32, y: f32) -> f32 {
///     a * x + y
/// }
///
/// hologram::export_kernels!(saxpy, hologram::stdlib::relu);
/// # fn main() {
/// #     // SAFETY: the table's pointers are 'static and valid.
/// #     let table = unsafe { &*hologram_kernel_table() };
/// #     assert_eq!(table.kernel_count, 2);
/// # }
/// ```
///
/// In the library's `Cargo.toml`: `[lib] crate-type = ["cdylib"]`.
///
/// Two kernels with the same name, or a kernel with more than
/// [`MAX_STREAMS`](crate::abi::MAX_STREAMS) uniforms, inputs or outputs, is a compile error
/// (a failed constant evaluation). The entry points that `#[kernel]` generates catch panics,
/// so no panic crosses into the host.
#[macro_export]
macro_rules! export_kernels {
    ($($kernel:path),+ $(,)?) => {
        /// The kernel table of this library, as `hologram_kernel.h` describes it.
        // SAFETY: `no_mangle` is unsafe because two definitions of one symbol are undefined
        // behaviour. The ABI reserves this name for kernel libraries, the macro is invoked
        // once per library (a second invocation in the crate is a duplicate-symbol error),
        // and its signature is the `TableFn` every host expects.
        #[unsafe(no_mangle)]
        pub extern "C" fn hologram_kernel_table() -> *const $crate::abi::KernelTable {
            const KERNELS: &[$crate::Kernel] = &[$({
                use $kernel as kernel_module;
                kernel_module::KERNEL
            }),+];
            static DESCRIPTORS: $crate::abi::ExportStatic<
                [$crate::abi::RawDescriptor; KERNELS.len()],
            > = $crate::abi::ExportStatic::descriptors(KERNELS);
            static TABLE: $crate::abi::ExportStatic<$crate::abi::KernelTable> =
                $crate::abi::ExportStatic::table(&DESCRIPTORS);
            TABLE.as_ptr()
        }
    };
}
