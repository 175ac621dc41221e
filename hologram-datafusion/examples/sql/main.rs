//! SQL over Hologram kernels, on one machine and on a Ballista cluster.
//!
//! ```text
//! cargo run --release -p hologram-datafusion --example sql [-- --rows N --partitions P --local-only]
//! ```
//!
//! Generates a partitioned Parquet table (4,000,000 rows in 8 files by default) in a temporary
//! directory, builds and loads the example kernel library (`examples/user-kernels`), and runs
//! queries that mix Hologram scalar functions, Hologram aggregates with GROUP BY and DataFusion
//! built-ins, printing results and timings. Then it starts a Ballista scheduler and two
//! executors, each a separate process on 127.0.0.1 that loads the same library from
//! `HOLOGRAM_KERNEL_PATH` (this program, started again with `--serve`), runs the same queries
//! there, checks that the results equal the single-process ones, and prints both timings.

mod compare;
mod data;
mod kernels;
mod queries;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::util::pretty::pretty_format_batches;
use datafusion::prelude::{ParquetReadOptions, SessionContext};
use hologram_datafusion::cluster::{self, LocalCluster, Role};
use hologram_datafusion::{Options, functions, register_kernels};
use hologram_runtime::Registry;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Each query runs this many times; the best time is shown.
const RUNS: usize = 3;

struct Args {
    rows: usize,
    partitions: usize,
    local_only: bool,
    /// Where to write the timing table of both runs, as Markdown (`sql_bench_report`).
    report: Option<std::path::PathBuf>,
}

fn parse() -> std::result::Result<Args, String> {
    let mut args = Args {
        rows: 4_000_000,
        partitions: 8,
        local_only: false,
        report: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut number = |name: &str| {
            it.next()
                .and_then(|v| v.parse::<usize>().ok())
                .filter(|&v| v > 0)
                .ok_or_else(|| format!("{name} needs a positive number"))
        };
        match a.as_str() {
            "--rows" => args.rows = number("--rows")?,
            "--partitions" => args.partitions = number("--partitions")?,
            "--local-only" => args.local_only = true,
            "--report" => {
                args.report = Some(it.next().ok_or("--report needs a file")?.into());
            }
            other => {
                return Err(format!(
                    "unknown argument {other:?}; usage: sql [--rows N] [--partitions P] [--local-only] [--report FILE]"
                ));
            }
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().collect();
    // Started again by ourselves as a process of the cluster.
    if argv.get(1).map(String::as_str) == Some("--serve") {
        return serve(
            argv.get(2).map(String::as_str),
            argv.iter().skip(3).cloned(),
        );
    }
    let args = match parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot start tokio: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(&args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `--serve scheduler|executor <args>`: what `hologram-scheduler` and `hologram-executor`
/// do, so that the example needs no other binary.
fn serve(role: Option<&str>, rest: impl Iterator<Item = String>) -> ExitCode {
    let result = tokio::runtime::Runtime::new()
        .map_err(|e| e.to_string())
        .and_then(|rt| {
            rt.block_on(async {
                let registry = cluster::load_kernels().map_err(|e| e.to_string())?;
                let functions =
                    functions(&registry, &Options::default()).map_err(|e| e.to_string())?;
                match role {
                    Some("scheduler") => {
                        let args = cluster::SchedulerArgs::parse(rest)?;
                        cluster::run_scheduler(&args, functions).await
                    }
                    Some("executor") => {
                        let args = cluster::ExecutorArgs::parse(rest)?;
                        cluster::run_executor(&args, &functions).await
                    }
                    _ => Err("--serve takes scheduler or executor".into()),
                }
            })
        });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: &Args) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let (table, libs) = (dir.path().join("t"), dir.path().join("kernel-libs"));
    std::fs::create_dir_all(&table)?;
    std::fs::create_dir_all(&libs)?;

    let start = Instant::now();
    data::write_table(&table, args.rows, args.partitions)?;
    println!(
        "generated {} rows in {} Parquet files in {:.2?}",
        args.rows,
        args.partitions,
        start.elapsed()
    );

    let lib = kernels::build_user_kernels(&libs, true)?;
    let mut registry = Registry::with_stdlib();
    let loaded = registry.load_library(&lib)?;
    println!(
        "loaded {} kernels from {}: {}",
        loaded.len(),
        lib.display(),
        loaded.join(", ")
    );

    let ctx = SessionContext::new();
    let registered = register_kernels(&ctx, &registry)?;
    println!(
        "registered {} SQL functions (prefix hg_); not registered: {}",
        registered.names().len(),
        registered
            .skipped()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    );
    let table_path = format!("{}/", table.display());
    ctx.register_parquet("t", &table_path, ParquetReadOptions::default())
        .await?;

    println!(
        "\n== one process (DataFusion, {} partitions)",
        ctx.state().config().target_partitions()
    );
    let mut local = Vec::new();
    for q in queries::QUERIES {
        let (batches, time) = timed(&ctx, q.sql).await?;
        println!(
            "\n-- {} ({:.1} ms, best of {RUNS})\n{}\n{}",
            q.title,
            ms(time),
            q.sql,
            pretty_format_batches(&batches)?
        );
        local.push((batches, time));
    }
    if args.local_only {
        return Ok(());
    }

    println!(
        "\n== a Ballista cluster: a scheduler and 2 executors, separate processes on 127.0.0.1"
    );
    let exe = std::env::current_exe()?;
    let logs = dir.path().join("logs");
    std::fs::create_dir_all(&logs)?;
    let cluster = LocalCluster::start(
        |role| {
            let mut cmd = Command::new(&exe);
            cmd.env("HOLOGRAM_KERNEL_PATH", &libs).arg("--serve");
            cmd.arg(match role {
                Role::Scheduler => "scheduler",
                Role::Executor(_) => "executor",
            });
            cmd
        },
        2,
        &logs,
        Duration::from_secs(60),
    )?;
    println!(
        "scheduler at {}; executors load {}",
        cluster.url(),
        libs.display()
    );
    let remote = cluster::remote_context(&cluster.url(), &registry, &Options::default()).await?;
    remote
        .register_parquet("t", &table_path, ParquetReadOptions::default())
        .await?;
    let mut table = String::from(
        "| query | one process (ms) | cluster (ms) | same results |\n|---|---:|---:|---|\n",
    );
    let mut all_same = true;
    for (q, (expected, local_time)) in queries::QUERIES.iter().zip(&local) {
        let (batches, time) = timed(&remote, q.sql).await?;
        let same = compare::same_results(expected, &batches);
        all_same &= same.is_ok();
        let verdict = match same {
            Ok(()) => "yes".to_owned(),
            Err(e) => format!("NO: {e}"),
        };
        table.push_str(&format!(
            "| {} | {:.1} | {:.1} | {verdict} |\n",
            q.title,
            ms(*local_time),
            ms(time)
        ));
    }
    drop(cluster);
    println!("\n{table}");
    if let Some(path) = &args.report {
        let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
        let text = format!(
            "The `sql` example's queries on {} rows of Parquet ({} files), best of {RUNS} runs \
             each, in one process and on a Ballista cluster of a scheduler and 2 executors \
             (separate processes on the same 2-core machine, so the cluster adds its \
             overheads and no cores). Command: `cargo run --release -p hologram-datafusion \
             --example sql -- --rows {} --report {}`. Load average (1 min) at the end: {}.\n\n{table}",
            args.rows,
            args.partitions,
            args.rows,
            path.display(),
            load.split_whitespace().next().unwrap_or("unknown")
        );
        std::fs::write(path, text)?;
    }
    if !all_same {
        return Err("the cluster's results differ from the single process's".into());
    }
    println!(
        "\nthe cluster gave the same results as the single process (floats within 1e-9 relative)"
    );
    Ok(())
}

/// Runs `sql` [`RUNS`] times; the results of the last run and the best time.
async fn timed(ctx: &SessionContext, sql: &str) -> Result<(Vec<RecordBatch>, Duration)> {
    let mut best = Duration::MAX;
    let mut out = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        out = ctx.sql(sql).await?.collect().await?;
        best = best.min(start.elapsed());
    }
    Ok((out, best))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
