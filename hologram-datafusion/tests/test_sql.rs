//! SQL functions from kernels, on one machine: dispatch by type, uniforms, structs, nulls,
//! aggregates with GROUP BY, and the naming policy.

use datafusion::arrow::array::{
    Array, ArrayRef, Float32Array, Float64Array, Int32Array, Int64Array, RecordBatch, StructArray,
};
use datafusion::arrow::datatypes::DataType;
use datafusion::execution::FunctionRegistry;
use datafusion::prelude::SessionContext;
use hologram::{Registry, kernel};
use hologram_datafusion::{Error, Options, SkipReason, register_kernels, register_kernels_with};
use std::sync::Arc;

#[kernel]
fn div_mod(a: i32, b: i32) -> (i32, i32) {
    (a / b, a % b)
}

#[kernel]
fn scale(#[uniform] k: f64, x: f64) -> f64 {
    k * x
}

#[kernel(reduce = add)]
fn count_above(#[uniform] t: f64, x: f64) -> i64 {
    i64::from(x > t)
}

fn registry() -> Registry {
    let mut reg = Registry::with_stdlib();
    reg.register(div_mod::KERNEL).expect("register");
    reg.register(scale::KERNEL).expect("register");
    reg.register(count_above::KERNEL).expect("register");
    reg
}

async fn context() -> SessionContext {
    let ctx = SessionContext::new();
    register_kernels(&ctx, &registry()).expect("register the kernels");
    let batch = RecordBatch::try_from_iter([
        (
            "g",
            Arc::new(Int64Array::from(vec![1, 1, 2, 2, 2])) as ArrayRef,
        ),
        (
            "x",
            Arc::new(Float64Array::from(vec![
                Some(1.0),
                None,
                Some(3.0),
                Some(-4.0),
                Some(5.0),
            ])),
        ),
        (
            "y",
            Arc::new(Float64Array::from(vec![2.0, 2.0, 0.5, 1.0, 2.0])),
        ),
        (
            "f",
            Arc::new(Float32Array::from(vec![0.0f32, 1.0, 2.0, 3.0, 4.0])),
        ),
        ("a", Arc::new(Int32Array::from(vec![7, 8, 9, 10, 11]))),
        (
            "b",
            Arc::new(Int32Array::from(vec![
                Some(2),
                Some(0),
                None,
                Some(3),
                Some(4),
            ])),
        ),
    ])
    .expect("a batch");
    ctx.register_batch("t", batch).expect("register t");
    ctx
}

async fn query(ctx: &SessionContext, sql: &str) -> RecordBatch {
    let batches = ctx
        .sql(sql)
        .await
        .expect("plan")
        .collect()
        .await
        .expect("run");
    datafusion::arrow::compute::concat_batches(&batches[0].schema(), &batches).expect("concat")
}

async fn error(ctx: &SessionContext, sql: &str) -> String {
    match ctx.sql(sql).await {
        Err(e) => e.to_string(),
        Ok(df) => df.collect().await.expect_err("an error").to_string(),
    }
}

fn f64s(a: &ArrayRef) -> Vec<Option<f64>> {
    let a = a.as_any().downcast_ref::<Float64Array>().expect("f64");
    a.iter().collect()
}

#[tokio::test]
async fn one_function_per_base_name_dispatches_on_types() {
    let ctx = context().await;
    let b = query(&ctx, "SELECT hg_exp(x), hg_exp(f) FROM t").await;
    assert_eq!(b.column(0).data_type(), &DataType::Float64);
    assert_eq!(b.column(1).data_type(), &DataType::Float32);
    let e = f64s(b.column(0));
    assert_eq!(e[1], None, "null in, null out");
    assert!((e[0].expect("a value") - 1f64.exp()).abs() < 1e-15);
    // An integer column is cast losslessly to f64.
    let b = query(&ctx, "SELECT hg_exp(a) FROM t").await;
    assert_eq!(b.column(0).data_type(), &DataType::Float64);
}

#[tokio::test]
async fn uniforms_are_literals() {
    let ctx = context().await;
    let b = query(&ctx, "SELECT hg_scale(2, x) FROM t").await;
    assert_eq!(
        f64s(b.column(0)),
        [Some(2.0), None, Some(6.0), Some(-8.0), Some(10.0)]
    );
    let b = query(&ctx, "SELECT hg_clip(-1.0, 1.0, x) FROM t").await;
    assert_eq!(
        f64s(b.column(0)),
        [Some(1.0), None, Some(1.0), Some(-1.0), Some(1.0)]
    );
    let b = query(&ctx, "SELECT hg_scale(NULL, x) FROM t").await;
    assert_eq!(b.column(0).null_count(), 5, "a null uniform gives null");
    let msg = error(&ctx, "SELECT hg_scale(y, x) FROM t").await;
    assert!(msg.contains("must be a literal"), "{msg}");
    let msg = error(&ctx, "SELECT hg_count_above(y, x) FROM t").await;
    assert!(msg.contains("must be a literal"), "{msg}");
}

#[tokio::test]
async fn several_outputs_are_a_struct_and_nulls_are_never_data() {
    let ctx = context().await;
    // b is 0 in a row where it is valid? No: row 1 has b = 0, a real division by zero, so
    // take the rows where b is not 0; row 2 is null, and its slot is never trusted.
    let b = query(&ctx, "SELECT hg_div_mod(a, b) FROM t WHERE g = 2").await;
    let s = b
        .column(0)
        .as_any()
        .downcast_ref::<StructArray>()
        .expect("a struct");
    assert_eq!(s.fields().len(), 2);
    assert_eq!(s.fields()[0].name(), "out0");
    let q = s
        .column(0)
        .as_any()
        .downcast_ref::<Int32Array>()
        .expect("i32");
    assert_eq!(q.iter().collect::<Vec<_>>(), [None, Some(3), Some(2)]);
    assert!(s.is_null(0));
    let msg = error(&ctx, "SELECT hg_div_mod(a, b) FROM t").await;
    assert!(
        msg.contains("hg_div_mod") && msg.contains("panicked"),
        "{msg}"
    );
}

#[tokio::test]
async fn aggregates_group_and_skip_null_rows() {
    let ctx = context().await;
    let b = query(
        &ctx,
        "SELECT g, hg_dot(x, y), SUM(x * y), hg_count_above(0.0, x), hg_sum(x) FROM t \
         GROUP BY g ORDER BY g",
    )
    .await;
    assert_eq!(f64s(b.column(1)), [Some(2.0), Some(7.5)]);
    assert_eq!(f64s(b.column(1)), f64s(b.column(2)));
    let c = b
        .column(3)
        .as_any()
        .downcast_ref::<Int64Array>()
        .expect("i64");
    assert_eq!(c.iter().collect::<Vec<_>>(), [Some(1), Some(2)]);
    let b = query(&ctx, "SELECT hg_sum(x) FROM t WHERE x IS NULL").await;
    assert_eq!(f64s(b.column(0)), [None], "no row left: NULL, as SUM gives");
}

#[tokio::test]
async fn wrong_argument_types_are_planning_errors() {
    let ctx = context().await;
    let msg = error(&ctx, "SELECT hg_exp('a') FROM t").await;
    assert!(
        msg.contains("no kernel of SQL function `hg_exp` takes (Utf8)"),
        "{msg}"
    );
    let msg = error(&ctx, "SELECT hg_exp(x, x) FROM t").await;
    assert!(msg.contains("it takes (f32) or (f64)"), "{msg}");
}

#[tokio::test]
async fn names_never_shadow_builtins_silently() {
    let ctx = SessionContext::new();
    let err = register_kernels_with(&ctx, &registry(), &Options::bare()).expect_err("exp clashes");
    assert!(matches!(err, Error::NameClash { .. }), "{err}");
    assert!(
        ctx.udf("saxpy").is_err() && ctx.udf("div_mod").is_err(),
        "nothing registered"
    );
    // The built-in exp is still DataFusion's.
    let b = query(&ctx, "SELECT exp(0.0)").await;
    assert_eq!(f64s(b.column(0)), [Some(1.0)]);

    let ctx = SessionContext::new();
    let options = Options::bare().replace_existing();
    let registered = register_kernels_with(&ctx, &registry(), &options).expect("replace");
    assert!(registered.names().contains(&"exp".to_owned()));
    let exp = ctx.udf("exp").expect("exp");
    assert!(
        exp.inner()
            .downcast_ref::<hologram_datafusion::KernelFunction>()
            .is_some()
    );

    // Whole-stream kernels have no SQL function, and say why.
    assert!(
        registered
            .skipped()
            .iter()
            .any(|s| s.kernel == "softmax" && s.reason == SkipReason::WholeStream)
    );
}
