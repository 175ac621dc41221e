//! The speed of the `hologram::math` functions inside a kernel against the loop a Rust user
//! would write with std's `f32` methods (which call the system libm one element at a time):
//! `cargo bench --bench math`.
//!
//! One criterion group per function and size (`{function}_{n}`), with these functions:
//! - `libm`: `for (o, &x) in out.iter_mut().zip(x) { *o = x.sin() }`, into a preallocated
//!   output (for `sin_cos`: `x.sin_cos()` into two outputs);
//! - `hologram`: the stdlib kernel's `slices`, on one thread (`threads::set_max_threads(1)`),
//!   so both run on one core;
//! - `sleef_u10` and `sleef_u35`, where SLEEF is installed (Debian's `libsleef-dev`; the
//!   build script then sets `cfg(hologram_sleef)`): SLEEF's AVX2 functions of 8 f32
//!   (`Sleef_sinf8_u10avx2`, ...) over the slice, 8 elements a call, from a C loop
//!   (`benches/sleef/shim.c`: stable Rust cannot pass `__m256` through FFI). `u10` promises 1 ulp,
//!   `u35` 3.5 ulp; `hypot`'s `u10` column is SLEEF's `u05`, and the functions SLEEF has in
//!   one accuracy only have no `u35`. Without SLEEF those columns are absent, so CI never
//!   needs the library.
//!
//! Inputs are uniform in each function's range: [-10, 10) where the domain allows, else
//! the domain (`[0, 10)` for the logarithms, `[-1, 1)` for `asin`, `acos`, `atanh`, ...).
//! Each iteration takes the next of 8 input sets, so that a branchy scalar function cannot
//! learn one block.

use criterion::{Criterion, criterion_group, criterion_main};
use hologram::{stdlib, threads};
use std::hint::black_box;
use std::time::Duration;

const SIZES: [usize; 2] = [3_072, 1 << 16];

/// A loop over the inputs `(x, y)` into the outputs `(out, second out)`.
type Run = fn(&[f32], &[f32], &mut [f32], &mut [f32]);

/// One function of the bench: the std loop and the kernel, each writing `outs[0]` (and
/// `outs[1]` for two outputs).
struct Func {
    name: &'static str,
    /// The inputs are uniform in `[lo, hi)`.
    range: (f32, f32),
    /// `(x, y, out, second out)`: `y` is a second input set, for `atan2`.
    libm: Run,
    hologram: Run,
}

impl Func {
    /// Every variant of the function to time: libm, hologram and, where built, SLEEF's.
    fn variants(&self) -> Vec<(&'static str, Run)> {
        let mut v = vec![("libm", self.libm), ("hologram", self.hologram)];
        v.extend(sleef::variants(self.name));
        v
    }
}

macro_rules! unary {
    ($name:ident, $lo:expr, $hi:expr) => {
        Func {
            name: stringify!($name),
            range: ($lo, $hi),
            libm: |x, _, out, _| {
                for (o, &v) in out.iter_mut().zip(x) {
                    *o = v.$name();
                }
            },
            hologram: |x, _, out, _| stdlib::$name::slices(x, out).expect("equal lengths"),
        }
    };
}

fn funcs() -> Vec<Func> {
    vec![
        unary!(sin, -10.0, 10.0),
        unary!(cos, -10.0, 10.0),
        unary!(tan, -10.0, 10.0),
        Func {
            name: "sin_cos",
            range: (-10.0, 10.0),
            libm: |x, _, s, c| {
                for ((s, c), &v) in s.iter_mut().zip(c.iter_mut()).zip(x) {
                    (*s, *c) = v.sin_cos();
                }
            },
            hologram: |x, _, s, c| stdlib::sin_cos::slices(x, s, c).expect("equal lengths"),
        },
        unary!(exp, -10.0, 10.0),
        unary!(ln, 0.0, 10.0),
        unary!(tanh, -10.0, 10.0),
        unary!(exp2, -10.0, 10.0),
        unary!(exp_m1, -10.0, 10.0),
        unary!(log2, 0.0, 10.0),
        unary!(log10, 0.0, 10.0),
        unary!(ln_1p, -1.0, 10.0),
        unary!(sinh, -10.0, 10.0),
        unary!(cosh, -10.0, 10.0),
        unary!(asinh, -10.0, 10.0),
        unary!(acosh, 1.0, 10.0),
        unary!(atanh, -1.0, 1.0),
        unary!(asin, -1.0, 1.0),
        unary!(acos, -1.0, 1.0),
        unary!(atan, -10.0, 10.0),
        unary!(cbrt, -10.0, 10.0),
        Func {
            name: "atan2",
            range: (-10.0, 10.0),
            libm: |y, x, out, _| {
                for (o, (&y, &x)) in out.iter_mut().zip(y.iter().zip(x)) {
                    *o = y.atan2(x);
                }
            },
            hologram: |y, x, out, _| stdlib::atan2::slices(y, x, out).expect("equal lengths"),
        },
        Func {
            name: "hypot",
            range: (-10.0, 10.0),
            libm: |x, y, out, _| {
                for (o, (&x, &y)) in out.iter_mut().zip(x.iter().zip(y)) {
                    *o = x.hypot(y);
                }
            },
            hologram: |x, y, out, _| stdlib::hypot::slices(x, y, out).expect("equal lengths"),
        },
        // Positive bases and exponents in [0, 10): libm's usual path, no NaN.
        Func {
            name: "powf",
            range: (0.0, 10.0),
            libm: |x, y, out, _| {
                for (o, (&x, &y)) in out.iter_mut().zip(x.iter().zip(y)) {
                    *o = x.powf(y);
                }
            },
            hologram: |x, y, out, _| stdlib::powf::slices(x, y, out).expect("equal lengths"),
        },
    ]
}

/// splitmix64, for reproducible inputs.
fn random(state: &mut u64) -> f32 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    ((z ^ (z >> 31)) >> 40) as f32 / (1u64 << 24) as f32
}

fn math(c: &mut Criterion) {
    threads::set_max_threads(1);
    assert!(
        SIZES.iter().all(|n| n % 8 == 0),
        "the SLEEF loops take 8 elements a call"
    );
    for f in funcs() {
        for n in SIZES {
            let mut state = 0x5eed_u64 + n as u64;
            let sets: Vec<Vec<f32>> = (0..8)
                .map(|_| {
                    (0..n)
                        .map(|_| {
                            let (lo, hi) = f.range;
                            lo + (hi - lo) * random(&mut state)
                        })
                        .collect()
                })
                .collect();
            let (mut a, mut b) = (vec![0.0f32; n], vec![0.0f32; n]);
            let mut group = c.benchmark_group(format!("{}_{n}", f.name));
            group.throughput(criterion::Throughput::Elements(n as u64));
            for (variant, run) in f.variants() {
                group.bench_function(variant, |bench| {
                    let mut i = 0;
                    bench.iter(|| {
                        i = (i + 1) % sets.len();
                        let y = &sets[(i + 3) % sets.len()];
                        run(black_box(&sets[i]), black_box(y), &mut a, &mut b);
                        black_box((&a, &b));
                    });
                });
            }
            group.finish();
        }
    }
    threads::set_max_threads(0);
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(1000))
}

/// SLEEF is not installed: no SLEEF columns.
#[cfg(not(hologram_sleef))]
mod sleef {
    pub fn variants(_: &str) -> Vec<(&'static str, super::Run)> {
        Vec::new()
    }
}

/// SLEEF 3.5's AVX2 functions of 8 f32, each called on every 8 elements of the slices by a
/// loop in `benches/sleef/shim.c` (compiled with `-O2 -mavx2 -mfma` by the build script).
#[cfg(hologram_sleef)]
mod sleef {
    use super::Run;

    macro_rules! shim {
        ($(unary $u:ident;)* $(binary $b:ident;)* $(pair $p:ident;)*) => {
            unsafe extern "C" {
                $(fn $u(x: *const f32, out: *mut f32, n: usize);)*
                $(fn $b(x: *const f32, y: *const f32, out: *mut f32, n: usize);)*
                $(fn $p(x: *const f32, s: *mut f32, c: *mut f32, n: usize);)*
            }
        };
    }

    shim! {
        unary hologram_sin_u10; unary hologram_sin_u35; unary hologram_cos_u10;
        unary hologram_cos_u35; unary hologram_tan_u10; unary hologram_tan_u35;
        unary hologram_exp_u10; unary hologram_tanh_u10; unary hologram_tanh_u35;
        unary hologram_ln_u10; unary hologram_ln_u35; unary hologram_exp2_u10;
        unary hologram_exp2_u35; unary hologram_exp_m1_u10; unary hologram_log2_u10;
        unary hologram_log2_u35; unary hologram_log10_u10; unary hologram_ln_1p_u10;
        unary hologram_sinh_u10; unary hologram_sinh_u35; unary hologram_cosh_u10;
        unary hologram_cosh_u35; unary hologram_asinh_u10; unary hologram_acosh_u10;
        unary hologram_atanh_u10; unary hologram_asin_u10; unary hologram_asin_u35;
        unary hologram_acos_u10; unary hologram_acos_u35; unary hologram_atan_u10;
        unary hologram_atan_u35; unary hologram_cbrt_u10; unary hologram_cbrt_u35;
        binary hologram_atan2_u10; binary hologram_atan2_u35; binary hologram_hypot_u05;
        binary hologram_hypot_u35; binary hologram_powf_u10;
        pair hologram_sin_cos_u10; pair hologram_sin_cos_u35;
    }

    /// Panics unless the CPU has what SLEEF's `avx2` functions need.
    fn check_cpu() {
        assert!(
            is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma"),
            "SLEEF's avx2 functions need AVX2 and FMA"
        );
    }

    macro_rules! run {
        (unary $f:ident) => {
            |x, _, out, _| {
                check_cpu();
                let n = x.len().min(out.len());
                // SAFETY: the loop reads `x` and writes `out` below index `n`, within both;
                // check_cpu found AVX2 and FMA, which SLEEF's avx2 functions need.
                unsafe { $f(x.as_ptr(), out.as_mut_ptr(), n) }
            }
        };
        (binary $f:ident) => {
            |x, y, out, _| {
                check_cpu();
                let n = x.len().min(y.len()).min(out.len());
                // SAFETY: as for `unary`, with the second input `y`.
                unsafe { $f(x.as_ptr(), y.as_ptr(), out.as_mut_ptr(), n) }
            }
        };
        (pair $f:ident) => {
            |x, _, s, c| {
                check_cpu();
                let n = x.len().min(s.len()).min(c.len());
                // SAFETY: as for `unary`, with the two outputs `s` and `c`.
                unsafe { $f(x.as_ptr(), s.as_mut_ptr(), c.as_mut_ptr(), n) }
            }
        };
    }

    /// The SLEEF columns of the bench function `name`: `u10` (for `hypot`, SLEEF's `u05`)
    /// and, where SLEEF has it, `u35`.
    pub fn variants(name: &str) -> Vec<(&'static str, Run)> {
        let (u10, u35): (Run, Option<Run>) = match name {
            "sin" => (
                run!(unary hologram_sin_u10),
                Some(run!(unary hologram_sin_u35)),
            ),
            "cos" => (
                run!(unary hologram_cos_u10),
                Some(run!(unary hologram_cos_u35)),
            ),
            "tan" => (
                run!(unary hologram_tan_u10),
                Some(run!(unary hologram_tan_u35)),
            ),
            "sin_cos" => (
                run!(pair hologram_sin_cos_u10),
                Some(run!(pair hologram_sin_cos_u35)),
            ),
            "exp" => (run!(unary hologram_exp_u10), None),
            "tanh" => (
                run!(unary hologram_tanh_u10),
                Some(run!(unary hologram_tanh_u35)),
            ),
            "ln" => (
                run!(unary hologram_ln_u10),
                Some(run!(unary hologram_ln_u35)),
            ),
            "exp2" => (
                run!(unary hologram_exp2_u10),
                Some(run!(unary hologram_exp2_u35)),
            ),
            "exp_m1" => (run!(unary hologram_exp_m1_u10), None),
            "log2" => (
                run!(unary hologram_log2_u10),
                Some(run!(unary hologram_log2_u35)),
            ),
            "log10" => (run!(unary hologram_log10_u10), None),
            "ln_1p" => (run!(unary hologram_ln_1p_u10), None),
            "sinh" => (
                run!(unary hologram_sinh_u10),
                Some(run!(unary hologram_sinh_u35)),
            ),
            "cosh" => (
                run!(unary hologram_cosh_u10),
                Some(run!(unary hologram_cosh_u35)),
            ),
            "asinh" => (run!(unary hologram_asinh_u10), None),
            "acosh" => (run!(unary hologram_acosh_u10), None),
            "atanh" => (run!(unary hologram_atanh_u10), None),
            "asin" => (
                run!(unary hologram_asin_u10),
                Some(run!(unary hologram_asin_u35)),
            ),
            "acos" => (
                run!(unary hologram_acos_u10),
                Some(run!(unary hologram_acos_u35)),
            ),
            "atan" => (
                run!(unary hologram_atan_u10),
                Some(run!(unary hologram_atan_u35)),
            ),
            "cbrt" => (
                run!(unary hologram_cbrt_u10),
                Some(run!(unary hologram_cbrt_u35)),
            ),
            "atan2" => (
                run!(binary hologram_atan2_u10),
                Some(run!(binary hologram_atan2_u35)),
            ),
            "hypot" => (
                run!(binary hologram_hypot_u05),
                Some(run!(binary hologram_hypot_u35)),
            ),
            "powf" => (run!(binary hologram_powf_u10), None),
            _ => return Vec::new(),
        };
        let mut v = vec![("sleef_u10", u10)];
        v.extend(u35.map(|r| ("sleef_u35", r)));
        v
    }
}

criterion_group! {
    name = benches;
    config = config();
    targets = math
}
criterion_main!(benches);
