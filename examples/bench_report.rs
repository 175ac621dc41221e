//! Turns the criterion estimates of `cargo bench --bench kernel_performance` into
//! `BENCHMARKS.md`, and copies its headline rows into `README.md` between the markers
//! `<!-- kernel_performance:begin -->` and `<!-- kernel_performance:end -->`.
//!
//! ```text
//! cargo bench --bench kernel_performance
//! cargo run --release --example bench_report
//! ```
//!
//! With the argument `math`, it turns those of `cargo bench --bench math` into the table
//! between the markers `<!-- math:begin -->` and `<!-- math:end -->` of `benches/math.md`,
//! and into the math section of `BENCHMARKS.md` (that table plus the prose of
//! `benches/math.md` after it), which the run without the argument keeps as it is:
//!
//! ```text
//! cargo bench --bench math
//! cargo run --release --example bench_report -- math
//! ```
//!
//! Every figure is a criterion median from the one run whose estimates are in
//! `target/criterion` (or `$CARGO_TARGET_DIR/criterion`); the tables are never edited by
//! hand. The prose of `benches/kernel_performance.md` (why each missed target is missed)
//! is appended as written.
//!
//! The arrays section, from `cargo bench --bench arrays`, is written on its own by
//! `cargo run --release --example bench_report -- arrays` (with the prose of
//! `benches/arrays.md`), and kept as it is by a report of `kernel_performance`. So are the
//! element-types section, from `cargo bench --bench element_types`, written by
//! `cargo run --release --example bench_report -- types` (with `benches/element_types.md`),
//! and the language section, from `cargo bench --bench language`, written by `-- language`
//! (with the prose of `benches/language.md`).

#[path = "support/arrays_report.rs"]
mod arrays_report;
#[path = "support/language_report.rs"]
mod language_report;
#[path = "support/types_report.rs"]
mod types_report;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "support/math_table.rs"]
mod math_table;

/// The markers around the math section of `BENCHMARKS.md` and the table of `benches/math.md`.
const MATH_BEGIN: &str = "<!-- math:begin -->";
const MATH_END: &str = "<!-- math:end -->";

const SIZES: [usize; 5] = [100, 1_000, 3_072, 65_536, 1 << 20];
const OPS: [&str; 12] = [
    "add", "mul", "relu", "exp", "tanh", "sigmoid", "gelu", "softmax", "sin_libm", "sum", "max",
    "dot",
];
const VARIANTS: [&str; 5] = ["native", "inline", "inline_1thread", "class", "dynamic"];

/// Streams of `n` f32 an op moves between memory and the core: inputs read plus outputs
/// written, counting every pass (softmax reads `x` twice, writes `out`, then reads and
/// writes `out` again).
fn streams(op: &str) -> f64 {
    match op {
        "add" | "mul" => 3.0,
        "relu" | "exp" | "tanh" | "sigmoid" | "gelu" | "sin_libm" | "dot" => 2.0,
        "softmax" => 5.0,
        "sum" | "max" => 1.0,
        _ => f64::NAN,
    }
}

/// Medians in ns, by (group, function).
type Medians = BTreeMap<(String, String), f64>;

fn main() -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let medians = read_medians(&target.join("criterion"))?;
    match std::env::args().nth(1).as_deref() {
        Some("math") => return math_report(root, &medians),
        Some("arrays") => return write_arrays(root, &medians),
        Some("types") => return write_types(root, &medians),
        Some("language") => return write_language(root, &medians),
        _ => {}
    }
    let report = Report { m: &medians };
    let missing = report.missing();
    if !missing.is_empty() {
        return Err(format!(
            "criterion has no estimates for {} benchmarks (e.g. {}); run `cargo bench --bench \
             kernel_performance` first, unfiltered",
            missing.len(),
            missing[0]
        ));
    }
    let notes = std::fs::read_to_string(root.join("benches").join("kernel_performance.md"))
        .map_err(|e| format!("cannot read benches/kernel_performance.md: {e}"))?;
    let mut text = report.markdown(&notes);
    let previous = std::fs::read_to_string(root.join("BENCHMARKS.md")).unwrap_or_default();
    if let Some(arrays) = arrays_report::existing(&previous) {
        text = arrays_report::replace(&text, arrays);
    }
    if let Some(types) = types_report::existing(&previous) {
        text = types_report::replace(&text, types);
    }
    if let Some(language) = language_report::existing(&previous) {
        text = language_report::replace(&text, language);
    }
    // Keep the math section, which `bench_report math` writes from another bench's run.
    if let Some(math) = between(&previous) {
        text = format!("{}\n\n{MATH_BEGIN}{math}{MATH_END}\n", text.trim_end());
    }
    // Keep the Python section, which `hologram-py/bench/bench_ufuncs.py` writes.
    if let Some(python) = section(&previous, PYTHON_BEGIN, PYTHON_END) {
        text = format!(
            "{}\n\n{PYTHON_BEGIN}{python}{PYTHON_END}\n",
            text.trim_end()
        );
    }
    std::fs::write(root.join("BENCHMARKS.md"), &text)
        .map_err(|e| format!("cannot write BENCHMARKS.md: {e}"))?;
    update_readme(&root.join("README.md"), &report.headline())?;
    println!("wrote BENCHMARKS.md and the README's headline rows");
    Ok(())
}

/// The text between [`MATH_BEGIN`] and [`MATH_END`], where both are there.
fn between(text: &str) -> Option<&str> {
    section(text, MATH_BEGIN, MATH_END)
}

/// The markers around the Python section of `BENCHMARKS.md`, written by
/// `hologram-py/bench/bench_ufuncs.py`.
const PYTHON_BEGIN: &str = "<!-- python:begin -->";
const PYTHON_END: &str = "<!-- python:end -->";

/// The text between `begin` and `end`, where both are there.
fn section<'t>(text: &'t str, begin: &str, end: &str) -> Option<&'t str> {
    let b = text.find(begin)? + begin.len();
    let e = text[b..].find(end)? + b;
    Some(&text[b..e])
}

/// `text` with what lies between the math markers replaced by `inner`, or with the
/// markers and `inner` appended where they are absent.
fn replace_between(text: &str, inner: &str) -> String {
    match between(text) {
        Some(old) => {
            let b = text.find(MATH_BEGIN).unwrap_or(0) + MATH_BEGIN.len();
            format!("{}{inner}{}", &text[..b], &text[b + old.len()..])
        }
        None => format!("{}\n\n{MATH_BEGIN}{inner}{MATH_END}\n", text.trim_end()),
    }
}

/// `bench_report math`: the table of the `math` bench into `benches/math.md` and, with that
/// file's prose after the table, into `BENCHMARKS.md`.
fn math_report(root: &Path, medians: &Medians) -> Result<(), String> {
    let missing = math_table::missing(medians);
    if !missing.is_empty() {
        return Err(format!(
            "criterion has no estimates for {} benchmarks (e.g. {}); run `cargo bench --bench \
             math` first, unfiltered, where SLEEF is installed",
            missing.len(),
            missing[0]
        ));
    }
    let table = format!(
        "\n{}\n{}",
        machine_math(),
        math_table::markdown(medians, fmt_n, fmt_time)
    );
    let notes_path = root.join("benches").join("math.md");
    let notes = std::fs::read_to_string(&notes_path)
        .map_err(|e| format!("cannot read benches/math.md: {e}"))?;
    let notes = replace_between(&notes, &table);
    std::fs::write(&notes_path, &notes)
        .map_err(|e| format!("cannot write benches/math.md: {e}"))?;
    let prose = notes
        .find(MATH_END)
        .map_or("", |e| notes[e + MATH_END.len()..].trim());
    let section = format!(
        "\n## Math functions: `cargo bench --bench math`\n\nGenerated by `cargo run --release \
         --example bench_report -- math` from the criterion medians of one run of `cargo bench \
         --bench math` (the bench's docs and `benches/math.md` say what each column \
         times).\n{table}\n{}\n",
        format!("\n{prose}").replace("\n## ", "\n### ")
    );
    let benchmarks = root.join("BENCHMARKS.md");
    let text = std::fs::read_to_string(&benchmarks)
        .map_err(|e| format!("cannot read BENCHMARKS.md: {e}"))?;
    std::fs::write(&benchmarks, replace_between(&text, &section))
        .map_err(|e| format!("cannot write BENCHMARKS.md: {e}"))?;
    println!("wrote the math table into benches/math.md and BENCHMARKS.md");
    Ok(())
}

/// The machine line of the math table: CPU, cores, compiler, and that the kernels run on one
/// thread in their AVX2+FMA copy (where the CPU has it).
fn machine_math() -> String {
    let line = machine();
    let cpu_and_rustc = line.split("; release").next().unwrap_or(&line);
    format!(
        "{cpu_and_rustc}; release profile, default target; kernels on one thread, dispatched to \
         their {} copy; SLEEF 3.5 (Debian `libsleef-dev`), its AVX2 functions.\n",
        hologram::simd::level(),
    )
}

/// Writes the arrays section of `BENCHMARKS.md` from the arrays bench's medians.
fn write_arrays(root: &Path, medians: &Medians) -> Result<(), String> {
    let missing = arrays_report::missing(medians);
    if let Some(first) = missing.first() {
        return Err(format!(
            "criterion has no estimates for {} benchmarks (e.g. {first}); run `cargo bench \
             --bench arrays` first, unfiltered",
            missing.len(),
        ));
    }
    let notes = std::fs::read_to_string(root.join("benches").join("arrays.md"))
        .map_err(|e| format!("cannot read benches/arrays.md: {e}"))?;
    let path = root.join("BENCHMARKS.md");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let text = arrays_report::replace(&text, &arrays_report::section(medians, &notes));
    std::fs::write(&path, text).map_err(|e| format!("cannot write BENCHMARKS.md: {e}"))?;
    println!("wrote the arrays section of BENCHMARKS.md");
    Ok(())
}

/// Writes the element-types section of `BENCHMARKS.md` from the element-types bench's medians.
fn write_types(root: &Path, medians: &Medians) -> Result<(), String> {
    let missing = types_report::missing(medians);
    if let Some(first) = missing.first() {
        return Err(format!(
            "criterion has no estimates for {} benchmarks (e.g. {first}); run `cargo bench \
             --bench element_types` first, unfiltered",
            missing.len(),
        ));
    }
    let notes = std::fs::read_to_string(root.join("benches").join("element_types.md"))
        .map_err(|e| format!("cannot read benches/element_types.md: {e}"))?;
    let path = root.join("BENCHMARKS.md");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let text = types_report::replace(&text, &types_report::section(medians, &notes));
    std::fs::write(&path, text).map_err(|e| format!("cannot write BENCHMARKS.md: {e}"))?;
    println!("wrote the element-types section of BENCHMARKS.md");
    Ok(())
}

/// Writes the language section of `BENCHMARKS.md` from the language bench's medians.
fn write_language(root: &Path, medians: &Medians) -> Result<(), String> {
    let missing = language_report::missing(medians);
    if let Some(first) = missing.first() {
        return Err(format!(
            "criterion has no estimates for {} benchmarks (e.g. {first}); run `cargo bench \
             --bench language` first, unfiltered",
            missing.len(),
        ));
    }
    let notes = std::fs::read_to_string(root.join("benches").join("language.md"))
        .map_err(|e| format!("cannot read benches/language.md: {e}"))?;
    let path = root.join("BENCHMARKS.md");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let text = language_report::replace(&text, &language_report::section(medians, &notes));
    std::fs::write(&path, text).map_err(|e| format!("cannot write BENCHMARKS.md: {e}"))?;
    println!("wrote the language section of BENCHMARKS.md");
    Ok(())
}

/// Reads `<dir>/<group>/<function>/new/estimates.json` for every benchmark.
fn read_medians(dir: &Path) -> Result<Medians, String> {
    let mut medians = Medians::new();
    let groups =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for group in groups.flatten() {
        let Ok(functions) = std::fs::read_dir(group.path()) else {
            continue;
        };
        for function in functions.flatten() {
            let file = function.path().join("new").join("estimates.json");
            let Ok(json) = std::fs::read_to_string(&file) else {
                continue;
            };
            let median =
                median_of(&json).ok_or_else(|| format!("no median in {}", file.display()))?;
            let key = (
                group.file_name().to_string_lossy().into_owned(),
                function.file_name().to_string_lossy().into_owned(),
            );
            medians.insert(key, median);
        }
    }
    Ok(medians)
}

/// The `median.point_estimate` of criterion's `estimates.json`.
fn median_of(json: &str) -> Option<f64> {
    let at = json.find("\"median\":")?;
    let rest = &json[at..];
    let at = rest.find("\"point_estimate\":")? + "\"point_estimate\":".len();
    let rest = &rest[at..];
    let end = rest.find([',', '}'])?;
    rest[..end].trim().parse().ok()
}

struct Report<'a> {
    m: &'a Medians,
}

impl Report<'_> {
    fn get(&self, op: &str, n: usize, variant: &str) -> Option<f64> {
        self.m
            .get(&(format!("{op}_{n}"), variant.to_owned()))
            .copied()
    }

    fn time(&self, op: &str, n: usize, variant: &str) -> f64 {
        self.get(op, n, variant).unwrap_or(f64::NAN)
    }

    /// Benchmarks the bench always runs that have no estimate.
    fn missing(&self) -> Vec<String> {
        let mut missing = Vec::new();
        for n in SIZES {
            for op in OPS {
                for v in ["native", "inline", "dynamic"] {
                    if self.get(op, n, v).is_none() {
                        missing.push(format!("{op}_{n}/{v}"));
                    }
                }
            }
            if self.get("memcpy", n, "copy_loop").is_none() {
                missing.push(format!("memcpy_{n}/copy_loop"));
            }
        }
        missing
    }

    /// The time of moving `streams(op)` streams of `n` f32 at the rate of the faster copy
    /// (two streams) of the same size.
    fn memory_bound(&self, op: &str, n: usize) -> f64 {
        let copy = self
            .time("memcpy", n, "copy_loop")
            .min(self.get("memcpy", n, "copy").unwrap_or(f64::INFINITY));
        copy * streams(op) / 2.0
    }

    fn markdown(&self, notes: &str) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "# Benchmarks\n");
        let _ = writeln!(
            s,
            "Generated by `cargo run --release --example bench_report` from the criterion \
             medians of one run of `cargo bench --bench kernel_performance`. Do not edit the \
             tables by hand: rerun both commands.\n"
        );
        let _ = writeln!(s, "{}", machine());
        let _ = writeln!(s, "## Targets\n");
        let _ = writeln!(s, "| target | wanted | measured | |\n|---|---|---|---|");
        for t in self.targets() {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                t.what,
                t.wanted,
                t.measured,
                if t.met { "met" } else { "**missed**" }
            );
        }
        let _ = writeln!(
            s,
            "\nSpeedups are native time / inline time (higher is better); `dynamic - inline` \
             is the extra time of the call by name; `inline / memory` is the inline time over \
             the time of moving the op's bytes at the rate of the copy reference of the same \
             size (1.0 is at the memory limit; far above 1 means the op is compute-bound).\n"
        );
        let _ = writeln!(s, "## Medians\n");
        for op in OPS {
            let _ = writeln!(s, "### {op}\n");
            let _ = writeln!(
                s,
                "| n | native | inline | inline, 1 thread | class | dynamic | memory | \
                 inline vs native | dynamic - inline | dynamic / inline | inline / memory |"
            );
            let _ = writeln!(s, "|---|---|---|---|---|---|---|---|---|---|---|");
            for n in SIZES {
                let cell = |v: &str| self.get(op, n, v).map_or("-".to_owned(), fmt_time);
                let (native, inline, dynamic) = (
                    self.time(op, n, "native"),
                    self.time(op, n, "inline"),
                    self.time(op, n, "dynamic"),
                );
                let memory = self.memory_bound(op, n);
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} | {} | {} | {} | {:.2}x | {:+.1} ns | {:.3} | {:.2} |",
                    fmt_n(n),
                    cell(VARIANTS[0]),
                    cell(VARIANTS[1]),
                    cell(VARIANTS[2]),
                    cell(VARIANTS[3]),
                    cell(VARIANTS[4]),
                    fmt_time(memory),
                    native / inline,
                    dynamic - inline,
                    dynamic / inline,
                    inline / memory,
                );
            }
            let _ = writeln!(s);
        }
        let _ = writeln!(s, "### copy references\n");
        let _ = writeln!(
            s,
            "| n | `copy_from_slice` (glibc memcpy) | copy loop (AVX2 via `simd::dispatch`) |\n|---|---|---|"
        );
        for n in SIZES {
            let cell = |v: &str| self.get("memcpy", n, v).map_or("-".to_owned(), fmt_time);
            let _ = writeln!(
                s,
                "| {} | {} | {} |",
                fmt_n(n),
                cell("copy"),
                cell("copy_loop")
            );
        }
        let _ = writeln!(s, "\n{}", notes.trim_end());
        s
    }

    /// The README's rows: one line per op at 3,072 and 2^20 elements.
    fn headline(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "| op | n | native | inline | dynamic | inline vs native |\n|---|---|---|---|---|---|"
        );
        for n in [3_072, 1 << 20] {
            for op in OPS {
                let (native, inline, dynamic) = (
                    self.time(op, n, "native"),
                    self.time(op, n, "inline"),
                    self.time(op, n, "dynamic"),
                );
                let _ = writeln!(
                    s,
                    "| {op} | {} | {} | {} | {} | {:.2}x |",
                    fmt_n(n),
                    fmt_time(native),
                    fmt_time(inline),
                    fmt_time(dynamic),
                    native / inline
                );
            }
        }
        s
    }

    fn targets(&self) -> Vec<Target> {
        let mut out = Vec::new();
        let speedup = |op: &str, n: usize| self.time(op, n, "native") / self.time(op, n, "inline");
        let worst = |ops: &[&str], sizes: &[usize]| {
            let mut worst: Option<(f64, String)> = None;
            for &op in ops {
                for &n in sizes {
                    let r = speedup(op, n);
                    if worst.as_ref().is_none_or(|(w, _)| r < *w) {
                        worst = Some((r, format!("{op} at {}", fmt_n(n))));
                    }
                }
            }
            worst.unwrap_or((f64::NAN, String::new()))
        };
        let large: &[usize] = &[1_000, 3_072, 65_536, 1 << 20];
        let (r, at) = worst(&OPS, &SIZES);
        out.push(Target::at_least(
            "inline / native, any op or size",
            0.95,
            r,
            &at,
        ));
        let (r, at) = worst(&["add", "mul", "relu"], &[1_000, 3_072]);
        out.push(Target::at_least(
            "add, mul, relu at 1,000-3,072",
            1.25,
            r,
            &at,
        ));
        let (r, at) = worst(&["exp", "sigmoid", "softmax"], large);
        out.push(Target::at_least(
            "exp, sigmoid, softmax at >= 1,000",
            6.0,
            r,
            &at,
        ));
        let (r, at) = worst(&["tanh", "gelu"], large);
        out.push(Target::at_least("tanh, gelu at >= 1,000", 15.0, r, &at));
        let (r, at) = worst(&["sum", "dot"], large);
        out.push(Target::at_least(
            "sum, dot at >= 1,000 (vs `iter().sum()`)",
            10.0,
            r,
            &at,
        ));
        let (r, at) = worst(&["max"], large);
        out.push(Target::at_least("max at >= 1,000", 4.0, r, &at));

        let extra = |op: &str, n: usize| self.time(op, n, "dynamic") - self.time(op, n, "inline");
        let (mut worst_extra, mut worst_op) = (f64::NEG_INFINITY, "");
        for op in OPS {
            if extra(op, 100) > worst_extra {
                (worst_extra, worst_op) = (extra(op, 100), op);
            }
        }
        out.push(Target {
            what: "call by name of add at 100 elements".into(),
            wanted: "at most +5 ns over inline".into(),
            measured: format!(
                "add {:+.1} ns (worst op: {worst_op} {worst_extra:+.1} ns)",
                extra("add", 100)
            ),
            met: extra("add", 100) <= 5.0,
        });
        let ratio = |op: &str| self.time(op, 3_072, "dynamic") / self.time(op, 3_072, "inline");
        let (mut worst_ratio, mut worst_op) = (f64::NEG_INFINITY, "");
        for op in OPS {
            if ratio(op) > worst_ratio {
                (worst_ratio, worst_op) = (ratio(op), op);
            }
        }
        out.push(Target {
            what: "dynamic call at 3,072 elements".into(),
            wanted: "within 5% of inline".into(),
            measured: format!("add {:.3}; worst {worst_op} {worst_ratio:.3}", ratio("add")),
            met: worst_ratio <= 1.05,
        });
        let big = 1 << 20;
        let r = self.time("add", big, "native") / self.time("add", big, "inline");
        out.push(Target::at_least(
            "add at 2^20 with threads vs single-threaded native",
            1.3,
            r,
            &format!(
                "1 thread: {:.2}x",
                self.time("add", big, "native") / self.time("add", big, "inline_1thread")
            ),
        ));
        let r = self.time("sum", big, "inline") / self.memory_bound("sum", big);
        out.push(Target {
            what: "sum at 2^20 vs memory-read time".into(),
            wanted: "within 1.5x".into(),
            measured: format!(
                "{r:.2}x ({} vs {})",
                fmt_time(self.time("sum", big, "inline")),
                fmt_time(self.memory_bound("sum", big))
            ),
            met: r <= 1.5,
        });
        out
    }
}

struct Target {
    what: String,
    wanted: String,
    measured: String,
    met: bool,
}

impl Target {
    fn at_least(what: &str, wanted: f64, measured: f64, at: &str) -> Target {
        Target {
            what: what.into(),
            wanted: format!(">= {wanted}x"),
            measured: format!("{measured:.2}x (worst: {at})"),
            met: measured >= wanted,
        }
    }
}

fn fmt_n(n: usize) -> String {
    match n {
        1_048_576 => "2^20".into(),
        n if n >= 1000 => format!("{},{:03}", n / 1000, n % 1000),
        n => n.to_string(),
    }
}

fn fmt_time(ns: f64) -> String {
    if !ns.is_finite() {
        "-".into()
    } else if ns < 1_000.0 {
        format!("{ns:.1} ns")
    } else if ns < 1_000_000.0 {
        format!("{:.2} µs", ns / 1_000.0)
    } else {
        format!("{:.2} ms", ns / 1_000_000.0)
    }
}

/// The machine: CPU model, cores, compiler, SIMD level and threads.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let rustc = std::process::Command::new("rustc")
        .arg("-V")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "rustc (unknown version)".into());
    format!(
        "Machine: {cpu}, {cores} cores; {rustc}; release profile, default target \
         ({}), generated loops dispatched to {}; threads for calls of {} elements or more, \
         up to {}.\n",
        std::env::consts::ARCH,
        hologram::simd::level(),
        hologram::threads::PARALLEL_THRESHOLD,
        hologram::threads::max_threads(),
    )
}

/// Replaces the lines between the README's markers with `rows`.
fn update_readme(path: &Path, rows: &str) -> Result<(), String> {
    const BEGIN: &str = "<!-- kernel_performance:begin -->";
    const END: &str = "<!-- kernel_performance:end -->";
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read README.md: {e}"))?;
    let (Some(b), Some(e)) = (text.find(BEGIN), text.find(END)) else {
        return Err(format!("README.md lacks the markers {BEGIN} and {END}"));
    };
    let new = format!("{}{BEGIN}\n{rows}{}", &text[..b], &text[e..]);
    std::fs::write(path, new).map_err(|e| format!("cannot write README.md: {e}"))
}
