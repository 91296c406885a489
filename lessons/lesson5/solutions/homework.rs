//! Reference solution of lecture 5's homework (compiled instead of `src/homework.rs` with
//! `--features solution`).

use nalgebra::DMatrix;
use std::collections::BTreeSet;

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

/// Fills the missing cells of both parts with the median of the present training values (book
/// §5.2; exercise `impute_median`): the middle value of the sorted `v_1 ≤ … ≤ v_m`, the mean of
/// the two middle ones for an even m, 0 when none is present.
pub fn impute_median(train: &[Option<f64>], test: &[Option<f64>]) -> (f64, Vec<f64>, Vec<f64>) {
    // ANCHOR: impute_median
    let mut v: Vec<f64> = train.iter().flatten().copied().collect();
    v.sort_by(f64::total_cmp);
    let m = v.len();
    let median = match m {
        0 => 0.0,
        _ if m % 2 == 1 => v[m / 2],
        _ => (v[m / 2 - 1] + v[m / 2]) / 2.0,
    };
    let fill = |part: &[Option<f64>]| part.iter().map(|x| x.unwrap_or(median)).collect();
    // ANCHOR_END: impute_median
    (median, fill(train), fill(test))
}

/// One-hot encodes a column with the sorted distinct training values `c_0 < … < c_(K−1)` (book
/// §5.2; exercise `one_hot_encode`): `e_ik = 1` if `value_i = c_k`, for the rows of both parts;
/// an unseen or missing value gives a row of zeros.
pub fn one_hot_encode(
    train: &[Option<&str>],
    test: &[Option<&str>],
) -> (Vec<String>, DMatrix<f64>, DMatrix<f64>) {
    // ANCHOR: one_hot_encode
    let sorted: BTreeSet<&str> = train.iter().flatten().copied().collect();
    let categories: Vec<String> = sorted.into_iter().map(String::from).collect();
    let encode = |part: &[Option<&str>]| {
        let mut e = DMatrix::zeros(part.len(), categories.len());
        for (i, value) in part.iter().enumerate() {
            if let Some(k) = value.and_then(|v| categories.iter().position(|c| c == v)) {
                e[(i, k)] = 1.0;
            }
        }
        e
    };
    let (e_train, e_test) = (encode(train), encode(test));
    // ANCHOR_END: one_hot_encode
    (categories, e_train, e_test)
}

/// Deals the instances into k stratified folds (book §5.4; exercise `stratified_folds`): class
/// by class, in the order given, to folds 0, 1, …, k−1, 0, … with one counter for all classes.
pub fn stratified_folds(labels: &[usize], k: usize) -> Vec<Vec<usize>> {
    // ANCHOR: stratified_folds
    let mut folds = vec![Vec::new(); k];
    let classes = labels.iter().max().map_or(0, |&c| c + 1);
    let mut next = 0;
    for class in 0..classes {
        for (i, _) in labels.iter().enumerate().filter(|&(_, &l)| l == class) {
            folds[next % k].push(i);
            next += 1;
        }
    }
    // ANCHOR_END: stratified_folds
    folds
}
