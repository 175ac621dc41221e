//! Branch-free, inlinable f32 math for kernel bodies, with the same functions in f64 in
//! [`f64`](mod@f64): [`sin`], [`cos`], [`sin_cos`] and [`tan`] over the whole range,
//! [`asin`], [`acos`], [`atan`] and [`atan2`], [`sinh`], [`cosh`], [`tanh`], [`asinh`],
//! [`acosh`] and [`atanh`], [`exp`], [`exp2`], [`exp_m1`], [`ln`], [`log2`], [`log10`] and
//! [`ln_1p`], [`cbrt`], [`hypot`] and [`powf`], and [`sigmoid`], [`erf`], [`gelu`] and
//! [`gelu_tanh`]; and the exact, vectorizable conversions of the half-precision storage types
//! [`f16_to_f32`], [`f32_to_f16`], [`bf16_to_f32`] and [`f32_to_bf16`].
//!
//! ```
//! # extern crate hologram_runtime as hologram;
//! use hologram::math;
//!
//! let x = [-2.0f32, 0.0, 1.0];
//! let mut out = [0.0f32; 3];
//! for (o, &v) in out.iter_mut().zip(&x) {
//!     *o = math::gelu(v);
//! }
//! assert!((out[2] - 0.8413447).abs() <= 1e-7);
//! ```
//!
//! # What they promise
//! - **Accuracy.** Each function states its maximum error in ulp (units in the last place
//!   of the f32 result) against a reference computed in f64, measured over all 2^32 inputs
//!   by `cargo run --release --example accuracy` (its table is `ACCURACY.md`; the
//!   two-argument `atan2`, `powf` and `hypot` on 10^9 random pairs and the special pairs),
//!   and held by `hologram-runtime/tests/test_math_accuracy.rs` on 10^6 samples per
//!   function. The f64 functions state theirs likewise; see [`f64`](mod@f64).
//! - **Special values as libm.** NaN in gives NaN out; infinities, signed zeros, overflow
//!   and underflow (through the subnormals) behave as libm's do. Where a formula itself is
//!   undefined at an infinity (`gelu(-inf)`), the function returns the limit and says so.
//! - **Vectorizable.** No branches on data (both sides are computed and one is selected),
//!   no library calls, no `floor`/`round` (on the default x86-64 target, SSE2 without
//!   SSE4.1, those are library calls): rounding uses the `1.5 * 2^23` trick and powers of
//!   two are built from exponent bits. A loop over a slice compiles to packed SSE2 code.
//!   The one table, of `2/pi` for the trigonometric reduction, is read with gathers (on
//!   SSE2, scalar loads into the packed registers), which still vectorize.
//! - **The same bits everywhere.** No `mul_add`: without FMA hardware it is a slow library
//!   call, and fusing on some targets only would change results. Every function gives
//!   bit-identical results on every x86-64 target.
//!
//! # How the approximations were made
//! `exp`, `ln`, `tanh`, `sigmoid`, `erf`, `gelu` and `gelu_tanh` are each a range reduction plus a
//! polynomial fitted by `tools/fit_math.py`: a Remez exchange in 60-digit arithmetic (mpmath)
//! minimising the maximum relative error of the function the polynomial feeds, with the low
//! coefficients rounded to f32 one at a time and the rest refitted after each. `exp2`, `log2`,
//! `log10` and `ln_1p` reuse the polynomials of `exp` and `ln`. The others compute in f64 (exact
//! Payne–Hanek reduction and Taylor series for the trigonometric functions; the f64 `exp` and `ln`,
//! or an f64 arctangent, for the rest) and round once to f32, which makes them correctly rounded
//! but near halfway cases, at the price of f64's half-width lanes. Each function's docs give its
//! reduction, interval and degree.

mod eft;
mod erf;
mod exp;
mod exp_log;
pub mod f64;
mod half_precision;
mod hyperbolic;
mod inverse_trig;
mod poly;
mod power;
mod tanh;
mod trig;
mod trig_table;

pub use erf::{erf, gelu, gelu_tanh};
pub use exp::{exp, exp2, ln, ln_1p, log2, log10};
pub use exp_log::exp_m1;
pub use half_precision::{bf16_to_f32, f16_to_f32, f32_to_bf16, f32_to_f16};
pub use hyperbolic::{acosh, asinh, atanh, cosh, sinh};
pub use inverse_trig::{acos, asin, atan, atan2};
pub use power::{cbrt, hypot, powf};
pub use tanh::{sigmoid, tanh};
pub use trig::{cos, sin, sin_cos, tan};
