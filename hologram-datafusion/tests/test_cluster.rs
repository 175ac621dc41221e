//! The `sql` example's queries on a Ballista cluster: a scheduler and two executors, each a
//! separate process on 127.0.0.1 (`hologram-scheduler`, `hologram-executor`) that loads the
//! example kernel library from `HOLOGRAM_KERNEL_PATH`, give the same results as one process.
//! Every wait is bounded; the processes are killed when the test ends, on a panic too.

#[path = "../examples/sql/compare.rs"]
mod compare;
#[path = "../examples/sql/data.rs"]
mod data;
#[path = "../examples/sql/kernels.rs"]
mod kernels;
#[path = "../examples/sql/queries.rs"]
mod queries;

use datafusion::prelude::{ParquetReadOptions, SessionContext};
use hologram::Registry;
use hologram_datafusion::cluster::{LocalCluster, Role, remote_context};
use hologram_datafusion::{Options, register_kernels};
use std::process::Command;
use std::time::Duration;
use tokio::time::timeout;

/// Generous for a debug build on a loaded 2-core machine; only a hang reaches it.
const READY: Duration = Duration::from_secs(120);
const QUERY: Duration = Duration::from_secs(300);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_example_queries_give_the_same_results_on_a_cluster() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (table, libs, logs) = (
        dir.path().join("t"),
        dir.path().join("libs"),
        dir.path().join("logs"),
    );
    for d in [&table, &libs, &logs] {
        std::fs::create_dir_all(d).expect("a directory");
    }
    data::write_table(&table, 100_000, 4).expect("the table");
    let lib = kernels::build_user_kernels(&libs, false).expect("the example kernel library");
    let mut registry = Registry::with_stdlib();
    registry.load_library(&lib).expect("load it");
    let path = format!("{}/", table.display());

    let local = SessionContext::new();
    register_kernels(&local, &registry).expect("register");
    local
        .register_parquet("t", &path, ParquetReadOptions::default())
        .await
        .expect("t");

    let cluster = LocalCluster::start(
        |role| {
            let program = match role {
                Role::Scheduler => env!("CARGO_BIN_EXE_hologram-scheduler"),
                Role::Executor(_) => env!("CARGO_BIN_EXE_hologram-executor"),
            };
            let mut cmd = Command::new(program);
            cmd.env("HOLOGRAM_KERNEL_PATH", &libs)
                .current_dir(dir.path());
            if matches!(role, Role::Executor(_)) {
                cmd.args(["--concurrent-tasks", "1"]);
            }
            cmd
        },
        2,
        &logs,
        READY,
    )
    .expect("the cluster starts");
    let remote = remote_context(&cluster.url(), &registry, &Options::default())
        .await
        .expect("a session on the cluster");
    remote
        .register_parquet("t", &path, ParquetReadOptions::default())
        .await
        .expect("t");

    for q in queries::QUERIES {
        let want = local
            .sql(q.sql)
            .await
            .expect("plan")
            .collect()
            .await
            .expect("run");
        let run = async { remote.sql(q.sql).await?.collect().await };
        let got = timeout(QUERY, run)
            .await
            .unwrap_or_else(|_| panic!("{}: no answer within {QUERY:?}", q.title))
            .unwrap_or_else(|e| panic!("{}: {e}", q.title));
        if let Err(e) = compare::same_results(&want, &got) {
            panic!("{}: the cluster differs: {e}", q.title);
        }
    }
    // A kernel's planning error reaches the client from the cluster, as text.
    let err = match remote.sql("SELECT hg_saxpy(a, a, b) FROM t").await {
        Err(e) => e.to_string(),
        Ok(df) => df
            .collect()
            .await
            .expect_err("a uniform that is a column")
            .to_string(),
    };
    assert!(err.contains("must be a literal"), "{err}");
    assert!(cluster_running(cluster), "no process died");
}

fn cluster_running(mut cluster: LocalCluster) -> bool {
    cluster.is_running()
}
