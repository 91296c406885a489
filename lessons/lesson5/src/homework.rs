//! Your homework for lecture 5: one preprocessing step, done the one correct way.
//!
//! Finish the function, then run `cargo homework` to check it and
//! `cargo run -p lesson5 -- titanic --mine` to train on data standardized by your code.
//! Stuck? `cargo homework hint standardize`.
//! The book explains it in chapter 5 (`book/src/lesson5.md`, §5.3 "Standardization").
#![allow(unused_variables)]

use nalgebra::DMatrix;

/// Standardizes the columns `columns` of `train` and `test` with statistics learned on `train`
/// only (book §5.3 "Standardization"; exercise `standardize`).
///
/// For every listed column j, over the n training rows:
///
/// - mean `μ_j = (1/n) Σ_i x_ij`,
/// - standard deviation `σ_j = √((1/n) Σ_i (x_ij − μ_j)²)` (divide by n, not n − 1);
///   if `σ_j < 1e-12` (a constant column) use `σ_j = 1`, so it is only centred,
///
/// then every row of **both** matrices becomes `z_ij = (x_ij − μ_j) / σ_j`. The test rows use
/// the training `μ_j` and `σ_j`: the test set is data the model has never seen, so nothing may
/// be learned from it. Columns not listed (the one-hot 0/1 columns) are copied unchanged.
///
/// Returns `(train_standardized, test_standardized)`, with the same shapes as the inputs.
/// Useful: `train.column(j).mean()`, `train.nrows()`, `m.clone()`, `m[(i, j)]`.
pub fn standardize(
    train: &DMatrix<f64>,
    test: &DMatrix<f64>,
    columns: &[usize],
) -> (DMatrix<f64>, DMatrix<f64>) {
    todo!(
        "standardize: learn μ and σ of each listed column on train, then apply (x − μ)/σ to train and test"
    )
}
