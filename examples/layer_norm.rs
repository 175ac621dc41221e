//! Layer normalization of the rows of a 256 x 1024 matrix, with kernels on arrays:
//!
//! ```text
//! y[i, j] = (x[i, j] - mean[i]) * rstd[i] * gamma[j] + beta[j]
//! mean[i] = sum_j x[i, j] / n,   rstd[i] = 1 / sqrt(sum_j (x[i, j] - mean[i])^2 / n + eps)
//! ```
//!
//! Per-row statistics are reductions `along` axis 1, written into (256, 1) arrays; the last
//! step is one elementwise kernel in which `mean` and `rstd` broadcast across the columns and
//! `gamma` and `beta` down the rows. No array is copied or reshaped. The result is checked
//! against a plain f64 computation.
//!
//! `cargo run --release --example layer_norm`

use hologram::{Error, kernel};
use ndarray::{Array1, Array2};

const ROWS: usize = 256;
const COLS: usize = 1024;
const EPS: f32 = 1e-5;

/// `x * k`, summed: with `k = 1/n` along a row, the row's mean.
#[kernel(reduce = add)]
pub fn scaled(#[uniform] k: f32, x: f32) -> f32 {
    x * k
}

/// The squared deviation from a mean; summed along a row, `n` times the row's variance.
#[kernel(reduce = add)]
pub fn squared_deviation(x: f32, mean: f32) -> f32 {
    let d = x - mean;
    d * d
}

/// The reciprocal standard deviation from a sum of squared deviations over `n` elements.
#[kernel]
pub fn rstd(#[uniform] inv_n: f32, #[uniform] eps: f32, squares: f32) -> f32 {
    1.0 / (squares * inv_n + eps).sqrt()
}

/// The normalization itself, one element at a time.
#[kernel]
pub fn normalize(x: f32, mean: f32, rstd: f32, gamma: f32, beta: f32) -> f32 {
    (x - mean) * rstd * gamma + beta
}

/// `y = layer_norm(x) * gamma + beta`, row by row.
fn layer_norm(
    x: &Array2<f32>,
    gamma: &Array1<f32>,
    beta: &Array1<f32>,
    y: &mut Array2<f32>,
) -> Result<(), Error> {
    let inv_n = 1.0 / x.ncols() as f32;
    // (rows, 1): one value per row, shaped to broadcast against (rows, cols).
    let mut mean = Array2::<f32>::zeros((x.nrows(), 1));
    let mut squares = Array2::<f32>::zeros((x.nrows(), 1));
    let mut r = Array2::<f32>::zeros((x.nrows(), 1));
    scaled::along(1, inv_n, x, &mut mean)?;
    squared_deviation::along(1, x, &mean, &mut squares)?;
    rstd::arrays(inv_n, EPS, &squares, &mut r)?;
    normalize::arrays(x, &mean, &r, gamma, beta, y)
}

/// The same in f64, with plain loops.
fn reference(x: &Array2<f32>, gamma: &Array1<f32>, beta: &Array1<f32>) -> Array2<f64> {
    let mut y = Array2::<f64>::zeros(x.raw_dim());
    for (row, mut out) in x.rows().into_iter().zip(y.rows_mut()) {
        let n = row.len() as f64;
        let mean = row.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
        let var = row
            .iter()
            .map(|&v| (f64::from(v) - mean).powi(2))
            .sum::<f64>()
            / n;
        let rstd = 1.0 / (var + f64::from(EPS)).sqrt();
        for (j, (o, &v)) in out.iter_mut().zip(row).enumerate() {
            *o = (f64::from(v) - mean) * rstd * f64::from(gamma[j]) + f64::from(beta[j]);
        }
    }
    y
}

/// Deterministic values in [lo, hi).
fn values(n: usize, seed: u32, lo: f32, hi: f32) -> impl Iterator<Item = f32> {
    let mut state = seed.wrapping_mul(2_654_435_761) | 1;
    (0..n).map(move |_| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        lo + (hi - lo) * (state >> 8) as f32 / (1u32 << 24) as f32
    })
}

fn main() -> Result<(), Error> {
    // Rows with different offsets and scales, as activations have.
    let x = Array2::from_shape_fn((ROWS, COLS), |(i, j)| {
        (i as f32 * 0.37).sin() * 3.0 + (1.0 + i as f32 / 64.0) * ((i * COLS + j) as f32).sin()
    });
    let gamma = Array1::from_iter(values(COLS, 1, 0.5, 1.5));
    let beta = Array1::from_iter(values(COLS, 2, -0.5, 0.5));
    let mut y = Array2::<f32>::zeros((ROWS, COLS));

    layer_norm(&x, &gamma, &beta, &mut y)?;
    // Once more, timed: the first call also starts the thread pool.
    let start = std::time::Instant::now();
    layer_norm(&x, &gamma, &beta, &mut y)?;
    let took = start.elapsed();

    let exact = reference(&x, &gamma, &beta);
    let max_error = y
        .iter()
        .zip(&exact)
        .map(|(&a, &b)| (f64::from(a) - b).abs())
        .fold(0.0f64, f64::max);
    println!("layer norm of {ROWS} x {COLS} f32 rows: {took:.2?}");
    println!(
        "row 0, first 4: {:?}",
        y.row(0).iter().take(4).collect::<Vec<_>>()
    );
    println!("max |error| against an f64 reference: {max_error:.2e}");
    assert!(max_error < 1e-4, "layer norm is off by {max_error}");
    Ok(())
}
