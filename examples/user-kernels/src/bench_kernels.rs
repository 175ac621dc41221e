//! Kernels that `benches/kernel_performance.rs` times beside the stdlib's. The bench compiles
//! this file into itself (for `slices` and `run`) and the cdylib exports it with its `stdlib`
//! feature (for the call by name), so both run the same definition.

use hologram::kernel;

/// `x.sin()` through the platform's libm: a body that LLVM cannot vectorize, so the bench
/// shows what the generated loop costs around a scalar call.
#[kernel]
pub fn sin_libm(x: f32) -> f32 {
    x.sin()
}
