//! Measures every `hologram::math` f32 function on all 2^32 inputs against an f64
//! reference, and prints a markdown table (the one in `ACCURACY.md`). Exits non-zero if a
//! stated bound fails.
//!
//! ```text
//! cargo run --release --example accuracy                      # f32, exhaustive
//! cargo run --release --example accuracy -- --f64-sample 10000000   # f64, sampled
//! cargo run --release --example accuracy -- --only gelu        # one function
//! cargo run --release --example accuracy -- --only sin,sin_cos  # several (sin_cos: both parts)
//! ```
//!
//! The reference and the bounds are those of `hologram-runtime/tests/test_math_accuracy.rs`,
//! from the one file both include.

#[path = "../hologram-runtime/tests/math_reference/mod.rs"]
mod math_reference;

use math_reference::{Case, SplitMix, Verdict, cases, check32, check64, within};
use std::process::ExitCode;
use std::time::Instant;

/// What one function's run found.
#[derive(Clone, Copy, Default)]
struct Stats {
    max_ulp: f64,
    max_ulp_at: f64,
    max_ulp_bits: u64,
    sum_ulp: f64,
    n_ulp: u64,
    max_abs: f64,
    max_abs_at: f64,
    specials: u64,
    failures: u64,
}

impl Stats {
    fn add(&mut self, v: Verdict, x: f64, bits: u64, ok: bool) {
        match v {
            Verdict::Ulp(u) => {
                if u > self.max_ulp || self.n_ulp == 0 {
                    (self.max_ulp, self.max_ulp_at, self.max_ulp_bits) = (u, x, bits);
                }
                self.sum_ulp += u;
                self.n_ulp += 1;
            }
            Verdict::Abs(a) => {
                if a > self.max_abs {
                    (self.max_abs, self.max_abs_at) = (a, x);
                }
            }
            Verdict::Special(_) => self.specials += 1,
        }
        if !ok {
            self.failures += 1;
        }
    }

    fn merge(mut self, o: Stats) -> Stats {
        if o.max_ulp > self.max_ulp {
            (self.max_ulp, self.max_ulp_at, self.max_ulp_bits) =
                (o.max_ulp, o.max_ulp_at, o.max_ulp_bits);
        }
        if o.max_abs > self.max_abs {
            (self.max_abs, self.max_abs_at) = (o.max_abs, o.max_abs_at);
        }
        self.sum_ulp += o.sum_ulp;
        self.n_ulp += o.n_ulp;
        self.specials += o.specials;
        self.failures += o.failures;
        self
    }
}

/// All f32 bit patterns in `[start, end)`, in blocks so that the function runs as a
/// vectorized slice loop, as it would in a kernel.
fn run32(case: &Case, start: u64, end: u64) -> Stats {
    const BLOCK: usize = 4096;
    let mut xs = vec![0f32; BLOCK];
    let mut ys = vec![0f32; BLOCK];
    let mut stats = Stats::default();
    let mut base = start;
    while base < end {
        let n = ((end - base) as usize).min(BLOCK);
        for (i, x) in xs[..n].iter_mut().enumerate() {
            *x = f32::from_bits((base + i as u64) as u32);
        }
        apply32(case.f32, &xs[..n], &mut ys[..n]);
        for (&x, &y) in xs[..n].iter().zip(&ys[..n]) {
            let v = check32(case, x, y);
            stats.add(
                v,
                f64::from(x),
                u64::from(x.to_bits()),
                within(case, v, false),
            );
        }
        base += n as u64;
    }
    stats
}

#[inline(never)]
fn apply32(f: fn(f32) -> f32, xs: &[f32], ys: &mut [f32]) {
    for (y, &x) in ys.iter_mut().zip(xs) {
        *y = f(x);
    }
}

/// `n` f64 inputs per function: random bit patterns, uniform in [-40, 40], and near 0.
fn run64(case: &Case, seed: u64, n: u64) -> Stats {
    let Some(f) = case.f64 else {
        return Stats::default();
    };
    let mut rng = SplitMix(seed);
    let mut stats = Stats::default();
    for i in 0..n {
        let x = match i % 3 {
            0 => f64::from_bits(rng.next_u64()),
            1 => rng.uniform(-40.0, 40.0),
            _ => rng.uniform(-1.0, 1.0) * 2f64.powi(-((rng.next_u64() % 1000) as i32)),
        };
        let v = check64(case, x, f(x));
        stats.add(v, x, x.to_bits(), within(case, v, true));
    }
    stats
}

/// Whether `--only a,b,...` selects `name`: equal to one of them, or one of its parts
/// (`sin_cos` selects `sin_cos.0` and `sin_cos.1`).
fn selected(only: Option<&str>, name: &str) -> bool {
    only.is_none_or(|list| {
        list.split(',').any(|o| {
            name == o
                || name
                    .strip_prefix(o)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let f64_samples = args.iter().position(|a| a == "--f64-sample").map(|i| {
        args.get(i + 1)
            .and_then(|s| s.parse::<u64>().ok())
            .expect("--f64-sample N")
    });
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()) as u64;
    let mut all_held = true;
    let wide = f64_samples.is_some();
    if let Some(n) = f64_samples {
        println!(
            "f64 functions, {n} samples each (1/3 random bit patterns, 1/3 uniform in [-40, 40], 1/3 near 0), {threads} threads\n"
        );
    } else {
        println!("f32 functions, all 2^32 inputs, {threads} threads\n");
    }
    println!(
        "| function | max ulp | at x | bits | mean ulp | max abs error (\\|result\\| <= 1e-3) | special cases | out of bounds | bound | held |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for case in cases()
        .into_iter()
        .filter(|c| selected(only.as_deref(), c.name))
        .filter(|c| !wide || c.f64.is_some())
    {
        let t0 = Instant::now();
        let stats = std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let case = &case;
                    s.spawn(move || match f64_samples {
                        Some(n) => run64(case, 0x5eed + t, n / threads),
                        None => {
                            let chunk = (1u64 << 32) / threads;
                            let end = if t + 1 == threads {
                                1u64 << 32
                            } else {
                                (t + 1) * chunk
                            };
                            run32(case, t * chunk, end)
                        }
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap())
                .fold(Stats::default(), Stats::merge)
        });
        let held = stats.failures == 0;
        all_held &= held;
        let (bound, abs) = match (wide, case.abs_below) {
            (false, Some((t, a, _))) => (
                format!("{} ulp; {a:e} abs below {t:e}", case.bound32),
                format!("{:.3e} at {:e}", stats.max_abs, stats.max_abs_at),
            ),
            (true, Some((t, _, a))) => (
                format!("{} ulp; {a:e} abs below {t:e}", case.bound64),
                format!("{:.3e} at {:e}", stats.max_abs, stats.max_abs_at),
            ),
            (false, None) => (format!("{} ulp", case.bound32), "-".to_string()),
            (true, None) => (format!("{} ulp", case.bound64), "-".to_string()),
        };
        let bits = if wide {
            format!("{:#018x}", stats.max_ulp_bits)
        } else {
            format!("{:#010x}", stats.max_ulp_bits)
        };
        println!(
            "| {} | {:.3} | {:e} | {} | {:.4} | {} | {} | {} | {} | {} |",
            case.name,
            stats.max_ulp,
            stats.max_ulp_at,
            bits,
            stats.sum_ulp / stats.n_ulp.max(1) as f64,
            abs,
            stats.specials,
            stats.failures,
            bound,
            if held { "yes" } else { "**NO**" },
        );
        eprintln!("{}: {:.1} s", case.name, t0.elapsed().as_secs_f64());
    }
    if wide {
        println!(
            "\nf64 functions against 50-digit values (mpmath, `tools/gen_math_vectors.py`), 400 inputs each\n"
        );
        println!("| function | max ulp | at x | max abs error (\\|result\\| <= 1e-3) |");
        println!("|---|---|---|---|");
        for case in cases()
            .into_iter()
            .filter(|c| selected(only.as_deref(), c.name))
            .filter(|c| !wide || c.f64.is_some())
        {
            let (ulp, at, abs) = math_reference::against_vectors64(&case);
            let abs = if case.abs_below.is_some() {
                format!("{abs:.3e}")
            } else {
                "-".to_string()
            };
            println!("| {} | {ulp:.3} | {at:e} | {abs} |", case.name);
        }
    }
    if all_held {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
