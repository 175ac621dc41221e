//! Turns the criterion estimates of `cargo bench -p hologram-datafusion --bench sql`, and the
//! cluster timings the `sql` example wrote with `--report`, into the SQL section of
//! `BENCHMARKS.md` (between `<!-- sql:begin -->` and `<!-- sql:end -->`), followed by the
//! prose of `hologram-datafusion/benches/sql.md` as written.
//!
//! ```text
//! cargo bench -p hologram-datafusion --bench sql
//! cargo run --release -p hologram-datafusion --example sql -- --rows 10000000 --report target/sql-cluster.md
//! cargo run --release -p hologram-datafusion --example sql_bench_report
//! ```
//!
//! Every figure is a criterion median of that one run (or the example's best of 3); nothing
//! is edited by hand.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const BEGIN: &str = "<!-- sql:begin -->";
const END: &str = "<!-- sql:end -->";

/// (label, Hologram's id, DataFusion's id, target speedup).
const PAIRS: [(&str, &str, &str, f64); 2] = [
    (
        "`SELECT hg_exp(x)` against `SELECT exp(x)`",
        "exp/hologram",
        "exp/datafusion",
        2.0,
    ),
    (
        "`SELECT hg_dot(x, y)` against `SELECT SUM(x * y)`",
        "dot/hologram",
        "dot/datafusion",
        1.0,
    ),
];

fn target_dir(workspace: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace.join("target"), PathBuf::from)
}

/// The median of a criterion benchmark, in nanoseconds.
fn median(criterion: &Path, id: &str) -> Result<f64, String> {
    let path = criterion
        .join("sql")
        .join(id.replace('/', "_"))
        .join("new")
        .join("estimates.json");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "{}: {e}; run `cargo bench -p hologram-datafusion --bench sql` first",
            path.display()
        )
    })?;
    let after = text
        .split_once("\"median\"")
        .and_then(|(_, rest)| rest.split_once("\"point_estimate\":"))
        .map(|(_, rest)| rest)
        .ok_or_else(|| format!("{}: no median", path.display()))?;
    let number: String = after
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
        .collect();
    number
        .parse()
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn main() -> Result<(), String> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let target = target_dir(&workspace);
    let criterion = target.join("criterion");
    let mut s = String::new();
    let _ = writeln!(s, "{BEGIN}");
    let _ = writeln!(
        s,
        "## SQL: kernels as DataFusion functions (`cargo bench -p hologram-datafusion --bench sql`)\n"
    );
    let load = std::fs::read_to_string(criterion.join("sql").join("load.txt")).unwrap_or_default();
    let _ = writeln!(
        s,
        "10^7 f64 rows in memory (a `MemTable` of one partition per core, batches of 8,192 \
         rows), every result collected; DataFusion 55, release profile. Machine: 2-core AMD \
         EPYC VM, AVX2+FMA dispatch. Load average while the bench ran: {}. Criterion medians \
         of one run.\n",
        load.trim()
    );
    let _ = writeln!(
        s,
        "| query | Hologram (ms) | DataFusion (ms) | Hologram's speedup | target | met |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---|");
    for (label, ours, theirs, goal) in PAIRS {
        let (a, b) = (median(&criterion, ours)?, median(&criterion, theirs)?);
        let speedup = b / a;
        let met = if speedup >= goal {
            "yes"
        } else {
            "no (see below)"
        };
        let _ = writeln!(
            s,
            "| {label} | {:.1} | {:.1} | {speedup:.2}x | {goal}x | {met} |",
            a / 1e6,
            b / 1e6
        );
    }
    let cluster = target.join("sql-cluster.md");
    match std::fs::read_to_string(&cluster) {
        Ok(text) => {
            let _ = writeln!(s, "\n{}", text.trim());
        }
        Err(_) => {
            let _ = writeln!(
                s,
                "\n(No cluster timings: run the `sql` example with `--report target/sql-cluster.md`.)"
            );
        }
    }
    let prose = workspace
        .join("hologram-datafusion")
        .join("benches")
        .join("sql.md");
    if let Ok(text) = std::fs::read_to_string(&prose) {
        let _ = writeln!(s, "\n{}", text.trim());
    }
    let _ = writeln!(s, "{END}");

    let path = workspace.join("BENCHMARKS.md");
    let old = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let new = match (old.find(BEGIN), old.find(END)) {
        (Some(b), Some(e)) if b < e => {
            format!("{}{}{}", &old[..b], s.trim_end(), &old[e + END.len()..])
        }
        _ => format!("{}\n\n{}", old.trim_end(), s),
    };
    std::fs::write(&path, new).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("{s}");
    Ok(())
}
