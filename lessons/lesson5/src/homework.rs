//! Your homework for lecture 5: the preprocessing steps, each done the one correct way — every
//! statistic learned on the training rows only and applied unchanged to the test rows.
//!
//! Finish the functions, then run `cargo homework` to check them and
//! `cargo run -p lesson5 -- titanic --mine` to run the whole lesson on your code (your median
//! fills the holes, your one-hot columns, your standardization, your folds).
//! Stuck? `cargo homework hint ID`. The explanations: chapter 5 (`book/src/lesson5.md`).
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

/// Fills the missing cells of a numeric column with the **median of the training part**
/// (book §5.2 "Titanic: missing values and categories"; exercise `impute_median`).
///
/// Let `v_1 ≤ v_2 ≤ … ≤ v_m` be the present (`Some`) training values, sorted. The median is
///
/// - `v_((m+1)/2)` when m is odd (the middle value),
/// - `(v_(m/2) + v_(m/2+1)) / 2` when m is even (the mean of the two middle values),
/// - `0` when no training value is present.
///
/// Every `None` of **both** parts becomes that one training median; present values are kept.
/// The test part's values do not count: the test set stands for data that arrives after training.
///
/// Returns `(median, train_filled, test_filled)`, the lists as long as the inputs.
/// Useful: `.iter().flatten()` (the present values), `v.sort_by(f64::total_cmp)`,
/// `x.unwrap_or(median)`.
pub fn impute_median(train: &[Option<f64>], test: &[Option<f64>]) -> (f64, Vec<f64>, Vec<f64>) {
    todo!("impute_median: the median of the present training values fills every hole of both parts")
}

/// One-hot encodes a categorical column, with the categories of the training part
/// (book §5.2 "Titanic: missing values and categories"; exercise `one_hot_encode`).
///
/// The categories `c_0 < c_1 < … < c_(K−1)` are the distinct present (`Some`) training values,
/// **sorted** (alphabetically, as `str` compares), so the numbering does not depend on which
/// row comes first. Row i of a part becomes the 1×K row `e_k` with
///
/// `e_ik = 1 if value_i = c_k, else 0`.
///
/// The test part is encoded with the **same** K columns in the same order (the network's inputs
/// must mean the same thing in both parts): a test value never seen in training, and a missing
/// value (`None`) in either part, becomes a row of zeros.
///
/// Returns `(categories, train_matrix, test_matrix)`: the K names in column order, an n_train×K
/// and an n_test×K matrix of 0.0/1.0. Useful: `std::collections::BTreeSet` (sorted, no
/// duplicates), `categories.iter().position(|c| c == v)`, `DMatrix::zeros(n, k)`.
pub fn one_hot_encode(
    train: &[Option<&str>],
    test: &[Option<&str>],
) -> (Vec<String>, DMatrix<f64>, DMatrix<f64>) {
    todo!(
        "one_hot_encode: sorted training categories, one 0/1 column each, the same columns for test"
    )
}

/// Deals n instances into k **stratified** folds for cross-validation (book §5.4
/// "Cross-validation"; exercise `stratified_folds`).
///
/// `labels[i]` is the class of instance i. Returns k folds, each the list of the positions i of
/// its instances, such that
///
/// - every instance is in exactly one fold;
/// - each class keeps its proportion: a class with n_c instances has `⌊n_c/k⌋` or `⌈n_c/k⌉` of
///   them in every fold (no fold loses a class that has at least k instances);
/// - the folds' sizes differ by at most one.
///
/// One way that does all three: take the instances of class 0 in the order given, then those of
/// class 1, and so on, and deal them to the folds in turn, 0, 1, …, k−1, 0, 1, … — going on
/// counting from one class to the next (starting again at fold 0 for every class piles the
/// remainders into the first folds). The lesson shuffles the instances before calling this, so
/// the folds are random.
///
/// Useful: `vec![Vec::new(); k]`, `labels.iter().max()`, `folds[next % k].push(i)`.
pub fn stratified_folds(labels: &[usize], k: usize) -> Vec<Vec<usize>> {
    todo!(
        "stratified_folds: deal each class's instances to the folds in turn, counting on across classes"
    )
}
