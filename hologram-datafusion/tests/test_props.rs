//! Property tests: every SQL function gives what its kernel gives when called directly on the
//! same values, for every element type, on random batches with nulls (whose slots hold
//! garbage), sliced arrays (offsets) and several partitions.
//!
//! - Scalar functions: the same bits, row by row; null exactly where an input is null.
//! - Aggregates: integers exactly (wrapping addition is associative); floats within the
//!   bound of ACCURACY.md: partitions and batches add partial sums in another order than one
//!   `reduce`, so the two differ by at most `2 (n - 1) eps sum |t_i|` over the n mapped terms
//!   `t_i`, where eps is the type's machine epsilon.

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Array, PrimitiveArray, RecordBatch};
use datafusion::arrow::buffer::{NullBuffer, ScalarBuffer};
use datafusion::arrow::datatypes::{
    ArrowPrimitiveType, Float32Type, Float64Type, Int32Type, Int64Type, UInt8Type, UInt32Type,
};
use datafusion::datasource::MemTable;
use datafusion::prelude::SessionContext;
use hologram::{Registry, kernel};
use hologram_datafusion::register_kernels;
use proptest::prelude::*;
use std::sync::Arc;

/// The kernels of one element type: `mix` (elementwise, with a uniform) and `total` (a
/// reduction of two streams), registered as `<type>::mix` and `<type>::total`, so that each is
/// one SQL function across the types (`hg_mix`, `hg_total`).
macro_rules! kernels {
    ($($m:ident $t:ident $mix:literal $total:literal |$k:ident, $x:ident, $y:ident| $body:expr;)*) => {$(
        mod $m {
            use super::kernel;

            #[kernel(name = $mix)]
            pub fn mix(#[uniform] $k: $t, $x: $t, $y: $t) -> $t {
                $body
            }

            #[kernel(reduce = add, name = $total)]
            pub fn total($x: $t, $y: $t) -> $t {
                let $k: $t = 1 as $t;
                $body
            }
        }
    )*};
}

kernels! {
    k_f32 f32 "f32::mix" "f32::total" |k, x, y| k * x + y;
    k_f64 f64 "f64::mix" "f64::total" |k, x, y| k * x + y;
    k_i32 i32 "i32::mix" "i32::total" |k, x, y| k.wrapping_mul(x).wrapping_add(y);
    k_i64 i64 "i64::mix" "i64::total" |k, x, y| k.wrapping_mul(x).wrapping_add(y);
    k_u32 u32 "u32::mix" "u32::total" |k, x, y| k.wrapping_mul(x).wrapping_add(y);
    k_u8 u8 "u8::mix" "u8::total" |k, x, y| k.wrapping_mul(x).wrapping_add(y);
}

fn context() -> SessionContext {
    let mut reg = Registry::new();
    for k in [
        k_f32::mix::KERNEL,
        k_f32::total::KERNEL,
        k_f64::mix::KERNEL,
        k_f64::total::KERNEL,
        k_i32::mix::KERNEL,
        k_i32::total::KERNEL,
        k_i64::mix::KERNEL,
        k_i64::total::KERNEL,
        k_u32::mix::KERNEL,
        k_u32::total::KERNEL,
        k_u8::mix::KERNEL,
        k_u8::total::KERNEL,
    ] {
        reg.register(k).expect("register");
    }
    let ctx = SessionContext::new();
    register_kernels(&ctx, &reg).expect("register the kernels");
    ctx
}

/// One random column: values (garbage under nulls) and validity, `pad` rows before the part
/// the table sees.
#[derive(Clone, Debug)]
struct Column<T> {
    values: Vec<T>,
    valid: Vec<bool>,
}

/// `n` rows: values, validity with about 1 null in 5, and the offset of the slice.
fn columns<T: Clone + std::fmt::Debug>(
    values: impl Strategy<Value = T> + Clone,
) -> impl Strategy<Value = (Column<T>, Column<T>, usize, usize)> {
    (0usize..300, 0usize..8, 1usize..5).prop_flat_map(move |(n, offset, parts)| {
        let col = (
            prop::collection::vec(values.clone(), n + offset),
            prop::collection::vec(prop::bool::weighted(0.8), n + offset),
        )
            .prop_map(|(values, valid)| Column { values, valid });
        (col.clone(), col, Just(offset), Just(parts))
    })
}

/// The column as an Arrow array sliced at `offset` (null slots keep their garbage).
fn array<A: ArrowPrimitiveType>(c: &Column<A::Native>, offset: usize) -> ArrayRef {
    let nulls = NullBuffer::from(c.valid.clone());
    let full = PrimitiveArray::<A>::new(ScalarBuffer::from(c.values.clone()), Some(nulls));
    Arc::new(full.slice(offset, c.values.len() - offset))
}

/// A table `t(r, x, y)` of `parts` partitions, each a slice of the arrays.
fn table(ctx: &SessionContext, x: ArrayRef, y: ArrayRef, parts: usize) {
    let n = x.len();
    let r: ArrayRef = Arc::new(Int64Array::from_iter_values(0..n as i64));
    let batch = RecordBatch::try_from_iter([("r", r), ("x", x), ("y", y)]).expect("a batch");
    let step = n.div_ceil(parts).max(1);
    let partitions: Vec<Vec<RecordBatch>> = (0..parts)
        .map(|p| {
            let start = (p * step).min(n);
            let len = step.min(n - start);
            vec![batch.slice(start, len)]
        })
        .collect();
    let _ = ctx.deregister_table("t");
    let mem = MemTable::try_new(batch.schema(), partitions).expect("a table");
    ctx.register_table("t", Arc::new(mem)).expect("register t");
}

fn run(ctx: &SessionContext, sql: &str) -> RecordBatch {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("tokio");
    rt.block_on(async {
        let batches = ctx
            .sql(sql)
            .await
            .expect("plan")
            .collect()
            .await
            .expect("run");
        let schema = ctx.sql(sql).await.expect("plan").schema().inner().clone();
        datafusion::arrow::compute::concat_batches(&schema, &batches).expect("concat")
    })
}

macro_rules! props {
    ($($test:ident $m:ident $t:ident $arrow:ident $values:expr, $uniform:literal, $agree:ident;)*) => {$(
        proptest! {
            #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
            #[test]
            fn $test((x, y, offset, parts) in columns::<$t>($values)) {
                let ctx = context();
                table(&ctx, array::<$arrow>(&x, offset), array::<$arrow>(&y, offset), parts);
                let n = x.values.len() - offset;
                let valid: Vec<bool> = (offset..x.values.len()).map(|i| x.valid[i] && y.valid[i]).collect();

                // Scalar: the kernel on the same values (garbage included), masked.
                let k: $t = $uniform as $t;
                let mut want = vec![<$t>::default(); n];
                $m::mix::slices(k, &x.values[offset..], &y.values[offset..], &mut want).expect("direct");
                let got = run(&ctx, &format!("SELECT hg_mix({}, x, y) FROM t ORDER BY r", $uniform));
                let got = got.column(0).as_primitive::<$arrow>();
                prop_assert_eq!(got.len(), n);
                for i in 0..n {
                    prop_assert_eq!(got.is_valid(i), valid[i], "row {}", i);
                    if valid[i] {
                        prop_assert!(same_bits(got.value(i), want[i]), "row {}: {:?} vs {:?}", i, got.value(i), want[i]);
                    }
                }

                // Aggregate: one reduce of the valid rows.
                let (xs, ys): (Vec<$t>, Vec<$t>) = (0..n)
                    .filter(|&i| valid[i])
                    .map(|i| (x.values[offset + i], y.values[offset + i]))
                    .unzip();
                let got = run(&ctx, "SELECT hg_total(x, y) FROM t");
                let got = got.column(0).as_primitive::<$arrow>();
                if xs.is_empty() {
                    prop_assert!(got.is_null(0), "no valid row: NULL");
                } else {
                    let want = $m::total::slices(&xs, &ys).expect("direct");
                    let terms: Vec<$t> = xs.iter().zip(&ys).map(|(&a, &b)| $m::total(a, b)).collect();
                    prop_assert!($agree(got.value(0), want, &terms), "{:?} vs {:?}", got.value(0), want);
                }
            }
        }
    )*};
}

/// Equal values, or NaN both.
fn same_bits<T: PartialEq + Copy>(a: T, b: T) -> bool {
    #[allow(clippy::eq_op, reason = "x != x is the NaN test for any T")]
    let nan = |v: T| v != v;
    a == b || (nan(a) && nan(b))
}

fn exact<T: PartialEq>(a: T, b: T, _terms: &[T]) -> bool {
    a == b
}

fn within_f64(a: f64, b: f64, terms: &[f64]) -> bool {
    let bound =
        2.0 * terms.len() as f64 * f64::EPSILON * terms.iter().map(|t| t.abs()).sum::<f64>();
    (a - b).abs() <= bound
}

fn within_f32(a: f32, b: f32, terms: &[f32]) -> bool {
    let bound = 2.0
        * terms.len() as f64
        * f64::from(f32::EPSILON)
        * terms.iter().map(|t| f64::from(t.abs())).sum::<f64>();
    f64::from((a - b).abs()) <= bound
}

props! {
    f32_functions_agree_with_the_kernel k_f32 f32 Float32Type -100.0f32..100.0, 1.5, within_f32;
    f64_functions_agree_with_the_kernel k_f64 f64 Float64Type -100.0f64..100.0, -2.5, within_f64;
    i32_functions_agree_with_the_kernel k_i32 i32 Int32Type any::<i32>(), 3, exact;
    i64_functions_agree_with_the_kernel k_i64 i64 Int64Type any::<i64>(), -7, exact;
    u32_functions_agree_with_the_kernel k_u32 u32 UInt32Type any::<u32>(), 5, exact;
    u8_functions_agree_with_the_kernel k_u8 u8 UInt8Type any::<u8>(), 9, exact;
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]
    /// Scalar f32 kernels on any bits, NaN and infinities included, still agree bit for bit.
    #[test]
    fn any_f32_bits_agree((x, y, offset, parts) in columns::<f32>(any::<f32>())) {
        let ctx = context();
        table(&ctx, array::<Float32Type>(&x, offset), array::<Float32Type>(&y, offset), parts);
        let n = x.values.len() - offset;
        let mut want = vec![0.0f32; n];
        k_f32::mix::slices(0.5, &x.values[offset..], &y.values[offset..], &mut want).expect("direct");
        let got = run(&ctx, "SELECT hg_mix(0.5, x, y) FROM t ORDER BY r");
        let got = got.column(0).as_primitive::<Float32Type>();
        prop_assert_eq!(got.len(), n);
        for (i, &w) in want.iter().enumerate() {
            if got.is_valid(i) {
                prop_assert!(same_bits(got.value(i), w));
            }
        }
    }
}
