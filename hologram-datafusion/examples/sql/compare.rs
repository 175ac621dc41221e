//! Whether two query results are the same: equal values, floats within a relative 1e-9 (a
//! sum over partitions adds in another order on a cluster).

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::compute::concat_batches;
use datafusion::common::ScalarValue;

/// `Ok` when `a` and `b` hold the same rows in the same order, else what differs.
pub fn same_results(a: &[RecordBatch], b: &[RecordBatch]) -> Result<(), String> {
    let (Some(first_a), Some(first_b)) = (a.first(), b.first()) else {
        return if a.iter().chain(b).all(|x| x.num_rows() == 0) {
            Ok(())
        } else {
            Err("one result is empty".into())
        };
    };
    let a = concat_batches(&first_a.schema(), a).map_err(|e| e.to_string())?;
    let b = concat_batches(&first_b.schema(), b).map_err(|e| e.to_string())?;
    if (a.num_rows(), a.num_columns()) != (b.num_rows(), b.num_columns()) {
        return Err(format!(
            "{}x{} against {}x{}",
            a.num_rows(),
            a.num_columns(),
            b.num_rows(),
            b.num_columns()
        ));
    }
    for c in 0..a.num_columns() {
        for r in 0..a.num_rows() {
            let x = ScalarValue::try_from_array(a.column(c), r).map_err(|e| e.to_string())?;
            let y = ScalarValue::try_from_array(b.column(c), r).map_err(|e| e.to_string())?;
            if !close(&x, &y) {
                return Err(format!("row {r}, column {c}: {x} against {y}"));
            }
        }
    }
    Ok(())
}

fn close(x: &ScalarValue, y: &ScalarValue) -> bool {
    let float = |v: &ScalarValue| match v {
        ScalarValue::Float64(Some(f)) => Some(*f),
        ScalarValue::Float32(Some(f)) => Some(f64::from(*f)),
        _ => None,
    };
    match (float(x), float(y)) {
        (Some(p), Some(q)) => p == q || (p - q).abs() <= 1e-9 * p.abs().max(q.abs()),
        _ => x == y,
    }
}
