//! Hologram kernels as SQL functions against DataFusion's built-ins, at 10^7 f64 rows held in
//! memory (a `MemTable` of one partition per core), in one run:
//!
//! - `exp`: `SELECT hg_exp(x) FROM t` against `SELECT exp(x) FROM t` (all rows collected);
//! - `dot`: `SELECT hg_dot(x, y) FROM t` against `SELECT SUM(x * y) FROM t`.
//!
//! ```text
//! cargo bench -p hologram-datafusion --bench sql
//! cargo run --release -p hologram-datafusion --example sql_bench_report
//! ```

use criterion::{Criterion, criterion_group, criterion_main};
use datafusion::arrow::array::{ArrayRef, Float64Array, RecordBatch};
use datafusion::datasource::MemTable;
use datafusion::prelude::SessionContext;
use hologram_datafusion::register_kernels;
use hologram_runtime::Registry;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

/// Rows of the table.
const ROWS: usize = 10_000_000;
/// Rows per record batch: DataFusion's default batch size.
const BATCH: usize = 8192;

fn table(ctx: &SessionContext) {
    let partitions = ctx.state().config().target_partitions();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut unit = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut parts: Vec<Vec<RecordBatch>> = vec![Vec::new(); partitions];
    let mut done = 0;
    let mut p = 0;
    while done < ROWS {
        let n = BATCH.min(ROWS - done);
        let x: Vec<f64> = (0..n).map(|_| unit() * 8.0 - 4.0).collect();
        let y: Vec<f64> = (0..n).map(|_| unit() * 2.0 - 1.0).collect();
        let batch = RecordBatch::try_from_iter([
            ("x", Arc::new(Float64Array::from(x)) as ArrayRef),
            ("y", Arc::new(Float64Array::from(y))),
        ])
        .expect("a batch");
        parts[p % partitions].push(batch);
        p += 1;
        done += n;
    }
    let schema = parts[0][0].schema();
    let mem = MemTable::try_new(schema, parts).expect("a table");
    ctx.register_table("t", Arc::new(mem)).expect("register");
}

/// Records the load average for the report (`sql_bench_report`).
fn record_load(when: &str) {
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let one = load
        .split_whitespace()
        .next()
        .unwrap_or("unknown")
        .to_owned();
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(
            || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"),
            Into::into,
        )
        .join("criterion/sql");
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("load.txt");
    let before = if when == "start" {
        String::new()
    } else {
        std::fs::read_to_string(&file).unwrap_or_default()
    };
    let _ = std::fs::write(
        &file,
        format!(
            "{before}{one} at the {when}{}",
            if when == "start" { ", " } else { "" }
        ),
    );
}

fn bench(c: &mut Criterion) {
    record_load("start");
    let rt = tokio::runtime::Runtime::new().expect("tokio");
    let ctx = SessionContext::new();
    register_kernels(&ctx, &Registry::with_stdlib()).expect("register");
    table(&ctx);
    let mut group = c.benchmark_group("sql");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let cases = [
        ("exp/hologram", "SELECT hg_exp(x) FROM t"),
        ("exp/datafusion", "SELECT exp(x) FROM t"),
        ("dot/hologram", "SELECT hg_dot(x, y) FROM t"),
        ("dot/datafusion", "SELECT SUM(x * y) FROM t"),
    ];
    for (id, sql) in cases {
        group.bench_function(id, |b| {
            b.iter(|| {
                rt.block_on(async {
                    let batches = ctx
                        .sql(sql)
                        .await
                        .expect("plan")
                        .collect()
                        .await
                        .expect("run");
                    black_box(batches)
                })
            });
        });
    }
    group.finish();
    record_load("end");
}

criterion_group!(benches, bench);
criterion_main!(benches);
