//! Every variant of `hologram_datafusion::Error`, triggered through the public API, with the
//! advice its message gives; and a row in ERRORS.md for each.

use datafusion::prelude::SessionContext;
use hologram::{Registry, kernel};
use hologram_datafusion::cluster::LocalCluster;
use hologram_datafusion::{Error, Options, functions, register_kernels, register_kernels_with};
use std::process::Command;
use std::time::Duration;

fn names_the_fix(msg: &str, fix: &str) {
    assert!(msg.contains(fix), "{msg:?} should say {fix:?}");
}

#[kernel(name = "a::twice")]
fn twice(x: f32) -> f32 {
    2.0 * x
}

#[kernel(name = "b::twice")]
fn twice_again(x: f32) -> f32 {
    x + x
}

#[kernel(reduce = add, name = "c::twice")]
fn twice_total(x: f64) -> f64 {
    2.0 * x
}

#[kernel]
fn quotient(a: i32, b: i32) -> i32 {
    a / b
}

#[kernel]
fn shift(#[uniform] by: u8, x: i32) -> i32 {
    x + i32::from(by)
}

async fn sql_error(ctx: &SessionContext, sql: &str) -> String {
    match ctx.sql(sql).await {
        Err(e) => e.to_string(),
        Ok(df) => df.collect().await.expect_err("an error").to_string(),
    }
}

async fn context() -> SessionContext {
    let mut reg = Registry::with_stdlib();
    reg.register(quotient::KERNEL).expect("register");
    reg.register(shift::KERNEL).expect("register");
    let ctx = SessionContext::new();
    register_kernels(&ctx, &reg).expect("register");
    ctx.sql("CREATE TABLE t (a INT, b INT, x DOUBLE) AS VALUES (1, 0, 1.0), (2, 1, 2.0)")
        .await
        .expect("plan")
        .collect()
        .await
        .expect("t");
    ctx
}

#[test]
fn name_clash() {
    let ctx = SessionContext::new();
    let err = register_kernels_with(&ctx, &Registry::with_stdlib(), &Options::bare())
        .expect_err("exp is DataFusion's");
    assert!(matches!(err, Error::NameClash { .. }), "{err}");
    names_the_fix(&err.to_string(), "Options::bare().replace_existing()");
}

#[test]
fn kind_conflict() {
    let mut reg = Registry::new();
    reg.register(twice_total::KERNEL).expect("register");
    reg.register(twice::KERNEL)
        .expect("a::twice and c::twice are distinct names");
    let err = functions(&reg, &Options::default()).expect_err("both kinds");
    assert!(matches!(err, Error::KindConflict { .. }), "{err}");
    names_the_fix(&err.to_string(), "rename one of them");
}

#[test]
fn ambiguous_overload() {
    let mut reg = Registry::new();
    reg.register(twice::KERNEL).expect("register");
    reg.register(twice_again::KERNEL).expect("register");
    let err = functions(&reg, &Options::default()).expect_err("same types");
    assert!(matches!(err, Error::AmbiguousOverload { .. }), "{err}");
    names_the_fix(&err.to_string(), "rename one of them");
}

#[tokio::test]
async fn no_matching_overload() {
    let ctx = context().await;
    let msg = sql_error(&ctx, "SELECT hg_exp('text')").await;
    names_the_fix(&msg, "Cast the arguments");
}

#[tokio::test]
async fn uniform_not_literal() {
    let ctx = context().await;
    let msg = sql_error(&ctx, "SELECT hg_shift(a, a) FROM t").await;
    names_the_fix(&msg, "must be a literal");
}

#[tokio::test]
async fn uniform_out_of_range() {
    let ctx = context().await;
    let msg = sql_error(&ctx, "SELECT hg_shift(300, a) FROM t").await;
    names_the_fix(&msg, "pass a literal of that type");
}

#[tokio::test]
async fn kernel() {
    let ctx = context().await;
    let msg = sql_error(&ctx, "SELECT hg_quotient(a, b) FROM t").await;
    names_the_fix(&msg, "SQL function `hg_quotient` failed");
}

/// Through the scheduler binary, whose environment is its own (setting this test's would
/// race with the other tests' threads).
#[test]
fn load() {
    let dir = tempfile::tempdir().expect("a directory");
    let out = Command::new(env!("CARGO_BIN_EXE_hologram-scheduler"))
        .env("HOLOGRAM_KERNEL_PATH", dir.path().join("missing"))
        .current_dir(dir.path())
        .output()
        .expect("run the scheduler");
    assert!(!out.status.success());
    let msg = String::from_utf8_lossy(&out.stderr);
    names_the_fix(&msg, "could not load the kernel libraries");
    names_the_fix(&msg, "HOLOGRAM_KERNEL_PATH");
}

fn start(program: &str, args: &[&str], wait: Duration) -> Error {
    let dir = tempfile::tempdir().expect("a directory");
    LocalCluster::start(
        |_| {
            let mut cmd = Command::new(program);
            cmd.args(args);
            cmd
        },
        0,
        dir.path(),
        wait,
    )
    .err()
    .expect("the process does not serve")
}

#[test]
fn spawn() {
    let err = start(
        "/nonexistent/hologram-scheduler",
        &[],
        Duration::from_secs(5),
    );
    assert!(matches!(err, Error::Spawn { .. }), "{err}");
    names_the_fix(&err.to_string(), "check that the program exists");
}

#[test]
fn not_ready() {
    // `sh -c 'sleep 30' sh --port P`: the ports become positional parameters.
    let err = start("sh", &["-c", "sleep 30", "sh"], Duration::from_millis(300));
    assert!(matches!(err, Error::NotReady { .. }), "{err}");
    names_the_fix(&err.to_string(), "allow more time");
}

#[test]
fn exited() {
    let err = start(
        "sh",
        &["-c", "echo bad flag >&2; exit 3", "sh"],
        Duration::from_secs(10),
    );
    assert!(matches!(err, Error::Exited { .. }), "{err}");
    names_the_fix(&err.to_string(), "bad flag");
}

/// The variants of `Error`, read from its source.
fn variants() -> Vec<String> {
    let source = include_str!("../src/error.rs");
    let body = source.split_once("pub enum Error {").expect("the enum").1;
    let body = body.split_once("\n}\n").expect("its end").0;
    body.lines()
        .filter_map(|l| l.strip_prefix("    "))
        .filter_map(|l| l.strip_suffix(" {"))
        .filter(|n| n.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(str::to_owned)
        .collect()
}

fn snake(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() && !out.is_empty() {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[test]
fn every_variant_is_tested_and_documented() {
    let variants = variants();
    assert!(
        variants.len() >= 12,
        "the parser missed variants: {variants:?}"
    );
    let tests = include_str!("test_errors.rs");
    let table = include_str!("../../ERRORS.md");
    for v in &variants {
        // `Internal` is a bug report, not something a user can cause.
        if v != "Internal" {
            assert!(
                tests.contains(&format!("fn {}()", snake(v))),
                "no test for Error::{v}"
            );
        }
        assert!(
            table.contains(&format!("| `hologram_datafusion::Error::{v}` |")),
            "ERRORS.md has no row for {v}"
        );
    }
}
