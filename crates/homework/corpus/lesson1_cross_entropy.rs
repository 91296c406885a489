//! Learner answers to lesson 1's `cross_entropy`.
use nalgebra::DMatrix;

/// Right: loops with the floor.
pub fn right_loops(x: &DMatrix<f64>, t: &DMatrix<f64>) -> f64 {
    let mut sum = 0.0;
    for i in 0..x.nrows() {
        for j in 0..x.ncols() {
            sum += t[(i, j)] * x[(i, j)].max(1e-12).ln();
        }
    }
    -sum / x.nrows() as f64
}

/// Right: zip_map and sum.
pub fn right_zip(x: &DMatrix<f64>, t: &DMatrix<f64>) -> f64 {
    -t.zip_map(x, |t, x| t * x.max(1e-12).ln()).sum() / x.nrows() as f64
}

/// Right: only the label's entry of each row (t is one-hot).
pub fn right_label_only(x: &DMatrix<f64>, t: &DMatrix<f64>) -> f64 {
    let n = x.nrows();
    let mut total = 0.0;
    for i in 0..n {
        for j in 0..x.ncols() {
            if t[(i, j)] == 1.0 {
                total -= x[(i, j)].max(1e-12).ln();
            }
        }
    }
    total / n as f64
}

/// Wrong: no floor (issue 33).
pub fn wrong_no_floor(x: &DMatrix<f64>, t: &DMatrix<f64>) -> f64 {
    -t.zip_map(x, |t, x| t * x.ln()).sum() / x.nrows() as f64
}

/// Wrong: not divided by n.
pub fn wrong_sum(x: &DMatrix<f64>, t: &DMatrix<f64>) -> f64 {
    -t.zip_map(x, |t, x| t * x.max(1e-12).ln()).sum()
}

/// Wrong: log10.
pub fn wrong_log10(x: &DMatrix<f64>, t: &DMatrix<f64>) -> f64 {
    -t.zip_map(x, |t, x| t * x.max(1e-12).log10()).sum() / x.nrows() as f64
}

/// Wrong: the sign.
pub fn wrong_sign(x: &DMatrix<f64>, t: &DMatrix<f64>) -> f64 {
    t.zip_map(x, |t, x| t * x.max(1e-12).ln()).sum() / x.nrows() as f64
}

/// Wrong: divided by the number of entries.
pub fn wrong_mean_of_entries(x: &DMatrix<f64>, t: &DMatrix<f64>) -> f64 {
    -t.zip_map(x, |t, x| t * x.max(1e-12).ln()).mean()
}
