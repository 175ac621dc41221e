//! The table of `cargo bench --bench math`, for `bench_report math`: per function and size,
//! the criterion medians of the libm loop, the hologram kernel and SLEEF's u10 and u35
//! functions, and hologram's speedup over each.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The bench's functions, in its order, and its sizes.
pub const FUNCTIONS: [&str; 26] = [
    "sin", "cos", "tan", "sin_cos", "exp", "ln", "tanh", "exp2", "exp_m1", "log2", "log10",
    "ln_1p", "sinh", "cosh", "asinh", "acosh", "atanh", "asin", "acos", "atan", "cbrt", "atan2",
    "hypot", "powf", "", "",
];
pub const SIZES: [usize; 2] = [3_072, 1 << 16];

/// Target: at least this many times the libm loop.
const LIBM_TARGET: f64 = 4.0;

/// The functions (without the padding of [`FUNCTIONS`]).
fn functions() -> impl Iterator<Item = &'static str> {
    FUNCTIONS.into_iter().filter(|f| !f.is_empty())
}

/// The benchmarks the table needs that criterion has no median for.
pub fn missing(m: &BTreeMap<(String, String), f64>) -> Vec<String> {
    let mut out = Vec::new();
    for f in functions() {
        for n in SIZES {
            for v in ["libm", "hologram", "sleef_u10"] {
                if !m.contains_key(&(format!("{f}_{n}"), v.to_owned())) {
                    out.push(format!("{f}_{n}/{v}"));
                }
            }
        }
    }
    out
}

/// The markdown table, with a line saying how many cells meet each target.
pub fn markdown(
    m: &BTreeMap<(String, String), f64>,
    fmt_n: fn(usize) -> String,
    fmt_time: fn(f64) -> String,
) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "| function | n | libm loop | hologram | SLEEF u10 | SLEEF u35 | vs libm | vs u10 | \
         vs u35 | targets (>= {LIBM_TARGET}x libm, >= 1x u10) |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|---|---|---|---|");
    let (mut cells, mut met_libm, mut met_u10) = (0, 0, 0);
    for f in functions() {
        for n in SIZES {
            let get = |v: &str| m.get(&(format!("{f}_{n}"), v.to_owned())).copied();
            let h = get("hologram").unwrap_or(f64::NAN);
            let time = |v: &str| get(v).map_or("-".to_owned(), fmt_time);
            let ratio = |v: &str| get(v).map_or("-".to_owned(), |t| format!("{:.2}x", t / h));
            let libm = get("libm").map_or(f64::NAN, |t| t / h);
            let u10 = get("sleef_u10").map_or(f64::NAN, |t| t / h);
            let verdict = match (libm >= LIBM_TARGET, u10 >= 1.0) {
                (true, true) => "met",
                (true, false) => "**missed** (u10)",
                (false, true) => "**missed** (libm)",
                (false, false) => "**missed** (both)",
            };
            cells += 1;
            met_libm += usize::from(libm >= LIBM_TARGET);
            met_u10 += usize::from(u10 >= 1.0);
            let _ = writeln!(
                s,
                "| {f} | {} | {} | {} | {} | {} | {} | {} | {} | {verdict} |",
                fmt_n(n),
                time("libm"),
                time("hologram"),
                time("sleef_u10"),
                time("sleef_u35"),
                ratio("libm"),
                ratio("sleef_u10"),
                ratio("sleef_u35"),
            );
        }
    }
    let _ = writeln!(
        s,
        "\nRatios are the other's time over hologram's (above 1: hologram is faster). Of {cells} \
         cells, {met_libm} are at least {LIBM_TARGET}x the libm loop and {met_u10} at least as \
         fast as SLEEF u10."
    );
    s
}
