//! Measures every `hologram::math` f32 function on all 2^32 inputs against an f64
//! reference, and prints a markdown table (the one in `ACCURACY.md`). Exits non-zero if a
//! stated bound fails.
//!
//! ```text
//! cargo run --release --example accuracy                      # f32, exhaustive
//! cargo run --release --example accuracy -- --f64-sample 10000000   # f64, sampled
//! cargo run --release --example accuracy -- --only gelu        # one function
//! cargo run --release --example accuracy -- --only sin,sin_cos  # several (sin_cos: both parts)
//! cargo run --release --example accuracy -- --pairs 1000000000   # atan2, powf, hypot on pairs
//! cargo run --release --example accuracy -- --f64-ld 30000000  # f64, against long double
//! ```
//!
//! `--f64-ld N` measures the f64 functions of the complete library (`sin` ... `hypot`) on
//! `N` samples each against glibc's long double functions (`tests/support/ld_reference.rs`,
//! built on x86-64 Linux with a C compiler), which are about a thousandth of an f64 ulp
//! from the exact values, and holds each to its stated 1 ulp.
//!
//! The reference and the bounds are those of `hologram-runtime/tests/test_math_accuracy.rs`,
//! from the one file both include.

#[path = "../hologram-runtime/tests/math_reference/mod.rs"]
mod math_reference;

#[path = "../tests/support/ld_reference.rs"]
mod ld_reference;

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

/// A bivariate function: its name, the f32 function, its f64 reference, its bound in ulp.
type PairCase = (&'static str, fn(f32, f32) -> f32, fn(f64, f64) -> f64, f64);

/// The bivariate functions.
const PAIR_CASES: [PairCase; 3] = [
    ("atan2", hologram::math::atan2, f64::atan2, 1.0),
    ("powf", hologram::math::powf, f64::powf, 1.0),
    ("hypot", hologram::math::hypot, f64::hypot, 1.0),
];

/// The `i`-th pair of a thread's stream: a third random bit patterns (NaN and infinities
/// included), a third uniform in [-10, 10]^2, a third near a diagonal or an axis (`y` a
/// few ulp from `±x`, or that times `2^-70`), where the quotient is least forgiving.
fn pair(rng: &mut SplitMix, i: u64) -> (f32, f32) {
    match i % 3 {
        0 => (
            f32::from_bits(rng.next_u64() as u32),
            f32::from_bits(rng.next_u64() as u32),
        ),
        1 => (
            rng.uniform(-10.0, 10.0) as f32,
            rng.uniform(-10.0, 10.0) as f32,
        ),
        _ => {
            let r = rng.next_u64();
            let x = f32::from_bits((r >> 32) as u32 & 0x7fff_ffff);
            let y = f32::from_bits(x.to_bits() ^ (r as u32 & 0x8000_001f));
            if r & 0x100 == 0 {
                (y, x)
            } else {
                (y * 8.470_329e-22, x)
            }
        }
    }
}

/// The special and hard pairs: every combination of zeros, infinities, NaN, subnormals,
/// the extremes and ones with both signs (C99 Annex F's table and its neighbours).
fn hard_pairs() -> Vec<(f32, f32)> {
    let base = [
        0.0f32,
        f32::from_bits(1),
        f32::MIN_POSITIVE,
        1e-30,
        0.5,
        1.0,
        core::f32::consts::PI,
        1e30,
        f32::MAX,
        f32::INFINITY,
        f32::NAN,
    ];
    let signed: Vec<f32> = base.iter().flat_map(|&v| [v, -v]).collect();
    signed
        .iter()
        .flat_map(|&y| signed.iter().map(move |&x| (y, x)))
        .collect()
}

/// `n` random pairs per bivariate function plus the hard pairs; prints a table.
fn run_pairs(n: u64, threads: u64) -> bool {
    println!(
        "bivariate f32 functions, {n} random pairs each (1/3 random bit patterns, 1/3 uniform in [-10, 10]^2, 1/3 near a diagonal or an axis) plus {} special and hard pairs, {threads} threads\n",
        hard_pairs().len()
    );
    println!(
        "| function | max ulp | at (y, x) | mean ulp | special cases | out of bounds | bound | held |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let mut all_held = true;
    for (name, f, reference, bound) in PAIR_CASES {
        let t0 = Instant::now();
        // (max ulp, at y, at x, sum ulp, count, specials, failures)
        type Acc = (f64, f32, f32, f64, u64, u64, u64);
        let check = |acc: &mut Acc, y: f32, x: f32| {
            let got = f(y, x);
            let want = reference(f64::from(y), f64::from(x));
            let want32 = want as f32;
            // NaN, infinite arguments, and results that overflow f32: exactly as the
            // reference rounded to f32 (so an overflow must give the infinity).
            let special = want.is_nan() || got.is_nan() || !(x.is_finite() && y.is_finite());
            if special || want32.is_infinite() || got.is_infinite() {
                acc.5 += 1;
                let same = (want.is_nan() && got.is_nan()) || got.to_bits() == want32.to_bits();
                acc.6 += u64::from(!same);
                return;
            }
            let u = (f64::from(got) - want).abs() / math_reference::ulp32(want);
            if u > acc.0 {
                (acc.0, acc.1, acc.2) = (u, y, x);
            }
            acc.3 += u;
            acc.4 += 1;
            acc.6 += u64::from(u > bound);
        };
        let merged = std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    s.spawn(move || {
                        let mut acc: Acc = (0.0, 0.0, 0.0, 0.0, 0, 0, 0);
                        let mut rng = SplitMix(0xb1 + t);
                        for i in 0..n / threads {
                            let (y, x) = pair(&mut rng, i);
                            check(&mut acc, y, x);
                        }
                        acc
                    })
                })
                .collect();
            let mut acc: Acc = (0.0, 0.0, 0.0, 0.0, 0, 0, 0);
            for (y, x) in hard_pairs() {
                check(&mut acc, y, x);
            }
            handles
                .into_iter()
                .map(|h| h.join().unwrap())
                .fold(acc, |a, b| {
                    let (m, y, x) = if b.0 > a.0 {
                        (b.0, b.1, b.2)
                    } else {
                        (a.0, a.1, a.2)
                    };
                    (m, y, x, a.3 + b.3, a.4 + b.4, a.5 + b.5, a.6 + b.6)
                })
        });
        let held = merged.6 == 0;
        all_held &= held;
        println!(
            "| {name} | {:.3} | ({:e}, {:e}) | {:.4} | {} | {} | {bound} ulp | {} |",
            merged.0,
            merged.1,
            merged.2,
            merged.3 / merged.4.max(1) as f64,
            merged.5,
            merged.6,
            if held { "yes" } else { "**NO**" },
        );
        eprintln!("{name}: {:.1} s", t0.elapsed().as_secs_f64());
    }
    all_held
}

/// The `i`-th f64 sample of a function: a quarter random bit patterns, a quarter uniform in
/// [-40, 40], a quarter near 0 (`2^-u`, `u` uniform in [0, 1074], either sign) and a
/// quarter in the function's own domain ([`domain64`]).
fn sample64(rng: &mut SplitMix, name: &str, i: u64) -> f64 {
    match i % 4 {
        0 => f64::from_bits(rng.next_u64()),
        1 => rng.uniform(-40.0, 40.0),
        2 => {
            let x = 2f64.powf(-rng.uniform(0.0, 1074.0));
            if rng.next_u64() & 1 == 0 { x } else { -x }
        }
        _ => domain64(rng, name),
    }
}

/// A sample from where the function is defined and hardest: near ±1 for `asin`, `acos`,
/// `atanh`, just above 1 for `acosh`, just above -1 for `ln_1p`, every exponent for the
/// rest (arguments up to `f64::MAX`).
fn domain64(rng: &mut SplitMix, name: &str) -> f64 {
    let near_one = 1.0 - 2f64.powf(-rng.uniform(1.0, 53.0));
    let sign = if rng.next_u64() & 1 == 0 { 1.0 } else { -1.0 };
    match name {
        "asin" | "acos" | "atanh" => sign * near_one,
        "acosh" => 1.0 + 2f64.powf(rng.uniform(-52.0, 10.0)),
        "ln_1p" => -near_one,
        "exp2" => rng.uniform(-1075.0, 1024.0),
        "exp_m1" | "sinh" | "cosh" => rng.uniform(-720.0, 720.0),
        _ => sign * 2f64.powf(rng.uniform(-1074.0, 1024.0)),
    }
}

/// `--f64-ld N`: every f64 function with a long double reference, `N` samples each (and
/// `N` pairs for the two-argument ones); prints a table; whether every bound held.
fn run_ld(n: u64, threads: u64, only: Option<&str>) -> bool {
    if !ld_reference::available() {
        eprintln!("--f64-ld needs the long double references (x86-64 Linux with a C compiler)");
        return false;
    }
    println!(
        "f64 functions against glibc's long double functions, {n} samples each (1/4 random bit patterns, 1/4 uniform in [-40, 40], 1/4 near 0, 1/4 in the function's domain; pairs: 1/3 random bit patterns, 1/3 uniform in [-10, 10]^2, 1/3 near a diagonal or an axis), {threads} threads\n"
    );
    println!(
        "| function | max ulp | at | mean ulp | special cases | out of bounds | bound | held |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let mut all_held = true;
    // (max ulp, at x, at y, sum ulp, count, specials, failures)
    type Acc = (f64, f64, f64, f64, u64, u64, u64);
    let merge = |a: Acc, b: Acc| {
        let (m, x, y) = if b.0 > a.0 {
            (b.0, b.1, b.2)
        } else {
            (a.0, a.1, a.2)
        };
        (m, x, y, a.3 + b.3, a.4 + b.4, a.5 + b.5, a.6 + b.6)
    };
    let add = |acc: &mut Acc, x: f64, y: f64, got: f64, want: (f64, f64)| {
        let u = ld_reference::ulp_error(got, want);
        if got.is_nan() || want.0.is_nan() || got.is_infinite() || want.0.is_infinite() {
            acc.5 += 1;
        } else {
            acc.3 += u;
            acc.4 += 1;
        }
        if u > acc.0 {
            (acc.0, acc.1, acc.2) = (u, x, y);
        }
        acc.6 += u64::from(u > 1.0);
    };
    let report = |name: &str, acc: Acc, pair: bool| {
        let at = if pair {
            format!("({:e}, {:e})", acc.1, acc.2)
        } else {
            format!("{:e}", acc.1)
        };
        println!(
            "| {name} | {:.3} | {at} | {:.4} | {} | {} | 1 ulp | {} |",
            acc.0,
            acc.3 / acc.4.max(1) as f64,
            acc.5,
            acc.6,
            if acc.6 == 0 { "yes" } else { "**NO**" },
        );
        acc.6 == 0
    };
    for case in cases().into_iter().filter(|c| selected(only, c.name)) {
        let (Some(f), Some(reference)) = (case.f64, ld_reference::unary(case.name)) else {
            continue;
        };
        if case.bound32 != 1.0 {
            continue; // the first seven: their own bounds, measured by --f64-sample
        }
        let t0 = Instant::now();
        let acc = std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    s.spawn(move || {
                        let mut acc: Acc = (0.0, 0.0, 0.0, 0.0, 0, 0, 0);
                        let mut rng = SplitMix(0x1d + t);
                        let mut xs = vec![0.0f64; 4096];
                        let mut ys = vec![0.0f64; 4096];
                        let mut done = 0;
                        while done < n / threads {
                            let m = (n / threads - done).min(4096) as usize;
                            for (i, x) in xs[..m].iter_mut().enumerate() {
                                *x = sample64(&mut rng, case.name, done + i as u64);
                            }
                            apply64(f, &xs[..m], &mut ys[..m]);
                            for (&x, &y) in xs[..m].iter().zip(&ys[..m]) {
                                add(&mut acc, x, 0.0, y, reference(x));
                            }
                            done += m as u64;
                        }
                        acc
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap())
                .fold((0.0, 0.0, 0.0, 0.0, 0, 0, 0), merge)
        });
        all_held &= report(case.name, acc, false);
        eprintln!("{}: {:.1} s", case.name, t0.elapsed().as_secs_f64());
    }
    for (name, _, f, _, _) in math_reference::pair_cases() {
        let Some(reference) = ld_reference::binary(name).filter(|_| selected(only, name)) else {
            continue;
        };
        let t0 = Instant::now();
        let acc = std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    s.spawn(move || {
                        let mut acc: Acc = (0.0, 0.0, 0.0, 0.0, 0, 0, 0);
                        let mut rng = SplitMix(0x2d + t);
                        for i in 0..n / threads {
                            let (x, y) = pair64(&mut rng, name, i);
                            add(&mut acc, x, y, f(x, y), reference(x, y));
                        }
                        acc
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap())
                .fold((0.0, 0.0, 0.0, 0.0, 0, 0, 0), merge)
        });
        all_held &= report(name, acc, true);
        eprintln!("{name}: {:.1} s", t0.elapsed().as_secs_f64());
    }
    println!(
        "\nThe same functions against 50-digit values (mpmath, `tools/gen_math_vectors.py`), about 400 inputs each\n"
    );
    println!("| function | max ulp | at | bound | held |");
    println!("|---|---|---|---|---|");
    let mut row = |name: &str, ulp: f64, at: String| {
        let held = ulp <= 1.0;
        all_held &= held;
        println!(
            "| {name} | {ulp:.3} | {at} | 1 ulp | {} |",
            if held { "yes" } else { "**NO**" }
        );
    };
    for case in cases().into_iter().filter(|c| selected(only, c.name)) {
        if case.f64.is_some() && case.bound32 == 1.0 && case.true64 == 1.0 {
            let (ulp, at, _) = math_reference::against_vectors64(&case);
            row(case.name, ulp, format!("{at:e}"));
        }
    }
    for (name, _, f, _, _) in math_reference::pair_cases() {
        if selected(only, name) {
            let (ulp, (x, y)) = math_reference::against_pair_vectors64(name, f);
            row(name, ulp, format!("({x:e}, {y:e})"));
        }
    }
    all_held
}

#[inline(never)]
fn apply64(f: fn(f64) -> f64, xs: &[f64], ys: &mut [f64]) {
    for (y, &x) in ys.iter_mut().zip(xs) {
        *y = f(x);
    }
}

/// The `i`-th f64 pair: as [`pair`] in f64, and for `powf` a quarter of the pairs with a
/// positive base and an exponent that keeps the result finite.
fn pair64(rng: &mut SplitMix, name: &str, i: u64) -> (f64, f64) {
    if name == "powf" && i % 4 == 3 {
        let x = 2f64.powf(rng.uniform(-60.0, 60.0));
        return (x, rng.uniform(-700.0, 700.0) / x.ln().abs().max(1e-3));
    }
    match i % 3 {
        0 => (
            f64::from_bits(rng.next_u64()),
            f64::from_bits(rng.next_u64()),
        ),
        1 => (rng.uniform(-10.0, 10.0), rng.uniform(-10.0, 10.0)),
        _ => {
            let r = rng.next_u64();
            let x = f64::from_bits(rng.next_u64() & 0x7fff_ffff_ffff_ffff);
            let y = f64::from_bits(x.to_bits() ^ (r & 0x8000_0000_0000_00ff));
            if r & 0x1000 == 0 {
                (y, x)
            } else {
                (y * 2f64.powi(-70), x)
            }
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()) as u64;
    if let Some(i) = args.iter().position(|a| a == "--f64-ld") {
        let n = args
            .get(i + 1)
            .and_then(|s| s.parse::<u64>().ok())
            .expect("--f64-ld N");
        let only = args
            .iter()
            .position(|a| a == "--only")
            .and_then(|i| args.get(i + 1))
            .cloned();
        return if run_ld(n, threads, only.as_deref()) {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    if let Some(i) = args.iter().position(|a| a == "--pairs") {
        let n = args
            .get(i + 1)
            .and_then(|s| s.parse::<u64>().ok())
            .expect("--pairs N");
        return if run_pairs(n, threads) {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
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
