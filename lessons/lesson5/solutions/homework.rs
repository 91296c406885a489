//! Reference solution of lecture 5's homework (compiled instead of `src/homework.rs` with
//! `--features solution`).

use nalgebra::DMatrix;

/// Standardizes the columns `columns` of `train` and `test` with statistics learned on `train`
/// only (book §5.3 "Standardization"; exercise `standardize`):
/// `μ_j = (1/n) Σ_i x_ij`, `σ_j = √((1/n) Σ_i (x_ij − μ_j)²)` (1 if below 1e-12), and
/// `z_ij = (x_ij − μ_j) / σ_j` for the rows of both matrices; other columns are copied.
pub fn standardize(
    train: &DMatrix<f64>,
    test: &DMatrix<f64>,
    columns: &[usize],
) -> (DMatrix<f64>, DMatrix<f64>) {
    // ANCHOR: standardize
    let (mut z_train, mut z_test) = (train.clone(), test.clone());
    let n = train.nrows() as f64;
    for &j in columns {
        let mu = train.column(j).sum() / n;
        let var = train
            .column(j)
            .iter()
            .map(|x| (x - mu) * (x - mu))
            .sum::<f64>()
            / n;
        let sigma = if var.sqrt() < 1e-12 { 1.0 } else { var.sqrt() };
        z_train.column_mut(j).apply(|x| *x = (*x - mu) / sigma);
        z_test.column_mut(j).apply(|x| *x = (*x - mu) / sigma);
    }
    // ANCHOR_END: standardize
    (z_train, z_test)
}
