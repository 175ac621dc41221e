//! The table of the `sql` example: a partitioned Parquet table, generated.

use datafusion::arrow::array::{
    ArrayRef, Float32Array, Float64Array, Int32Array, Int64Array, RecordBatch,
};
use datafusion::parquet::arrow::ArrowWriter;
use std::fs::File;
use std::path::Path;
use std::sync::Arc;

/// A small, fast generator (xorshift64*), so that the data is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Rows per record batch written.
const BATCH: usize = 65_536;

/// Writes `rows` rows as `partitions` Parquet files `part-<n>.parquet` in `dir`: a group
/// key `g` (16 groups), f64 `x` in [-4, 4) (1% null) and `y` in [-1, 1), f32 `a` and `b`,
/// and i32 `i` and `j` (`j` never 0 where valid, 1% null).
pub fn write_table(
    dir: &Path,
    rows: usize,
    partitions: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let per_file = rows.div_ceil(partitions);
    for p in 0..partitions {
        let file = File::create(dir.join(format!("part-{p}.parquet")))?;
        let mut writer: Option<ArrowWriter<File>> = None;
        let mut left = per_file.min(rows - (p * per_file).min(rows));
        while left > 0 {
            let n = left.min(BATCH);
            left -= n;
            let batch = batch(&mut rng, n)?;
            let w = match &mut writer {
                Some(w) => w,
                None => writer.insert(ArrowWriter::try_new(
                    file.try_clone()?,
                    batch.schema(),
                    None,
                )?),
            };
            w.write(&batch)?;
        }
        if let Some(w) = writer {
            w.close()?;
        }
    }
    Ok(())
}

fn batch(rng: &mut Rng, n: usize) -> Result<RecordBatch, Box<dyn std::error::Error>> {
    let mut g = Vec::with_capacity(n);
    let (mut x, mut y) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let (mut a, mut b) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let (mut i, mut j) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for _ in 0..n {
        g.push((rng.next() % 16) as i64);
        x.push((rng.unit() >= 0.01).then(|| rng.unit() * 8.0 - 4.0));
        y.push(rng.unit() * 2.0 - 1.0);
        a.push(rng.unit() as f32);
        b.push((rng.unit() * 10.0) as f32);
        i.push((rng.next() % 1000) as i32);
        j.push((rng.unit() >= 0.01).then(|| 1 + (rng.next() % 7) as i32));
    }
    Ok(RecordBatch::try_from_iter([
        ("g", Arc::new(Int64Array::from(g)) as ArrayRef),
        ("x", Arc::new(Float64Array::from(x))),
        ("y", Arc::new(Float64Array::from(y))),
        ("a", Arc::new(Float32Array::from(a))),
        ("b", Arc::new(Float32Array::from(b))),
        ("i", Arc::new(Int32Array::from(i))),
        ("j", Arc::new(Int32Array::from(j))),
    ])?)
}
