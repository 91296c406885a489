//! k-fold cross-validation (what scikit-learn's `cross_val_score(cv=5)` does): the training rows
//! are dealt into k stratified folds; each fold in turn is held out while a fresh network is
//! trained on the other k − 1, with the preprocessing learned again on those k − 1 folds only.
//! The score is the mean accuracy `μ = (1/k) Σ_f acc_f` with the spread
//! `σ = √((1/k) Σ_f (acc_f − μ)²)`.

use crate::error::Result;
use crate::model::{Hyper, fit, score};
use crate::prepare::{Implementation, prepare};
use nalgebra::DMatrix;
use nn_data::{CsvTable, Dataset};
use serde::Serialize;

/// The accuracies of the k folds and their mean and (population) standard deviation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CvScores {
    /// Validation accuracy of each fold.
    pub scores: Vec<f64>,
    /// `μ = (1/k) Σ_f acc_f`.
    pub mean: f64,
    /// `σ = √((1/k) Σ_f (acc_f − μ)²)`.
    pub std: f64,
}

impl CvScores {
    /// Mean and population standard deviation of `scores`.
    pub fn from_scores(scores: Vec<f64>) -> Self {
        let k = scores.len().max(1) as f64;
        let mean = scores.iter().sum::<f64>() / k;
        let std = (scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / k).sqrt();
        CvScores { scores, mean, std }
    }
}

/// Cross-validates `hyper` on the rows `rows` of `table` with `k` stratified folds (fold
/// assignment and network weights from `seed`; the folds dealt by nn-data or, with `--mine`, by
/// the learner's `stratified_folds`). `step` is called after every training iteration of every
/// fold.
pub fn cross_validate(
    table: &CsvTable,
    rows: &[usize],
    k: usize,
    hyper: &Hyper,
    how: Implementation,
    seed: u64,
    step: &mut dyn FnMut(usize),
) -> Result<CvScores> {
    let labels: Vec<usize> = rows.iter().map(|&i| table.labels[i]).collect();
    let index = Dataset::<f64> {
        x: DMatrix::zeros(rows.len(), 0),
        labels,
        class_names: table.class_names.clone(),
        feature_names: vec![],
    };
    let folds = match how {
        Implementation::Reference => index.stratified_k_fold(k, seed)?,
        Implementation::Mine(h) => crate::mine::folds(&h, &index.labels, k, seed)?,
    };
    // ANCHOR: folds
    let mut scores = Vec::with_capacity(k);
    for (f, (fit_pos, val_pos)) in folds.iter().enumerate() {
        let fit_rows: Vec<usize> = fit_pos.iter().map(|&p| rows[p]).collect();
        let val_rows: Vec<usize> = val_pos.iter().map(|&p| rows[p]).collect();
        let p = prepare(table, &fit_rows, &val_rows, how)?;
        let (net, _) = fit(
            &p.train,
            None,
            hyper,
            seed.wrapping_add(1 + f as u64),
            0,
            step,
        )?;
        scores.push(score(&net, &p.test)?.0);
    }
    // ANCHOR_END: folds
    Ok(CvScores::from_scores(scores))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_and_population_std_of_the_fold_scores() {
        let cv = CvScores::from_scores(vec![0.8, 0.9, 1.0, 0.9, 0.9]);
        assert!((cv.mean - 0.9).abs() < 1e-12);
        assert!((cv.std - (0.02f64 / 5.0).sqrt()).abs() < 1e-12);
    }
}
