//! `--mine`: the lesson's preprocessing and its cross-validation folds computed by the learner's
//! functions (`src/homework.rs`) instead of nn-data's, each call made through the one guard
//! ([`nn_course::mine::guard`]) so an unfinished `todo!` or a panic is one sentence naming the
//! function, and each result checked for shape before the lesson uses it.

use crate::error::{LessonError, Result};
use nalgebra::DMatrix;
use nn_data::preprocess::ColumnPlan;
use nn_data::{CsvTable, Dataset, Preprocessor};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;

/// The learner's file, as the guard names it.
pub const FILE: &str = "lessons/lesson5/src/homework.rs";

/// `impute_median(train, test) → (median, train_filled, test_filled)`.
pub type ImputeFn = fn(&[Option<f64>], &[Option<f64>]) -> (f64, Vec<f64>, Vec<f64>);
/// `one_hot_encode(train, test) → (categories, E_train, E_test)`.
pub type OneHotFn =
    fn(&[Option<&str>], &[Option<&str>]) -> (Vec<String>, DMatrix<f64>, DMatrix<f64>);
/// `standardize(train, test, columns) → (train_z, test_z)`.
pub type StandardizeFn = fn(&DMatrix<f64>, &DMatrix<f64>, &[usize]) -> (DMatrix<f64>, DMatrix<f64>);
/// `stratified_folds(labels, k) → k lists of positions`.
pub type FoldsFn = fn(&[usize], usize) -> Vec<Vec<usize>>;

/// The four functions of lesson 5's homework.
#[derive(Debug, Clone, Copy)]
pub struct Homework {
    /// Fills the holes of a numeric column with the training median.
    pub impute_median: ImputeFn,
    /// One-hot encodes a categorical column with the training categories.
    pub one_hot_encode: OneHotFn,
    /// Standardizes the numeric columns with the training μ and σ.
    pub standardize: StandardizeFn,
    /// Deals the training rows into stratified folds.
    pub stratified_folds: FoldsFn,
}

impl Homework {
    /// The learner's functions, from `src/homework.rs` (the reference solutions with the feature
    /// `solution`).
    pub fn yours() -> Self {
        Homework {
            impute_median: crate::homework::impute_median,
            one_hot_encode: crate::homework::one_hot_encode,
            standardize: crate::homework::standardize,
            stratified_folds: crate::homework::stratified_folds,
        }
    }
}

/// Runs the learner's function through the guard: a `todo!` or a panic becomes
/// [`LessonError::Yours`], one sentence naming the function and where to look.
pub fn guarded<R>(f: impl FnOnce() -> R) -> Result<R> {
    nn_course::mine::guard(FILE, f).map_err(LessonError::Yours)
}

/// A problem with what the learner's `function` returned.
fn wrong(function: &'static str, problem: String) -> LessonError {
    LessonError::Mine { function, problem }
}

/// The rows `rows` of `table` as features, each numeric column filled by the learner's
/// `impute_median` and each categorical column encoded by their `one_hot_encode`, learned on
/// `train_rows`; `plan` (nn-data's, fitted on the same rows) says which columns are which and
/// which are left out. Returns the learner's plan (their medians and categories, for the report)
/// and the two parts.
pub fn encode(
    h: &Homework,
    table: &CsvTable,
    plan: &Preprocessor,
    train_rows: &[usize],
    test_rows: &[usize],
) -> Result<(Preprocessor, Dataset<f64>, Dataset<f64>)> {
    let (mut plans, mut train_cols, mut test_cols) = (Vec::new(), Vec::new(), Vec::new());
    for (p, column) in plan.plans.iter().zip(&table.columns) {
        match p {
            ColumnPlan::Numeric {
                name,
                missing_in_train,
                ..
            } => {
                let part = |rows: &[usize]| -> Vec<Option<f64>> {
                    rows.iter().map(|&i| column.numbers[i]).collect()
                };
                let (train, test) = (part(train_rows), part(test_rows));
                let (median, a, b) = guarded(|| (h.impute_median)(&train, &test))?;
                if a.len() != train.len() || b.len() != test.len() {
                    return Err(wrong(
                        "impute_median",
                        format!(
                            "returned {} and {} values for column {name:?}, but the parts have {} and {} rows",
                            a.len(),
                            b.len(),
                            train.len(),
                            test.len()
                        ),
                    ));
                }
                train_cols.push(DMatrix::from_column_slice(a.len(), 1, &a));
                test_cols.push(DMatrix::from_column_slice(b.len(), 1, &b));
                plans.push(ColumnPlan::Numeric {
                    name: name.clone(),
                    median,
                    missing_in_train: *missing_in_train,
                });
            }
            ColumnPlan::OneHot { name, .. } => {
                let part = |rows: &[usize]| -> Vec<Option<&str>> {
                    rows.iter().map(|&i| column.texts[i].as_deref()).collect()
                };
                let (train, test) = (part(train_rows), part(test_rows));
                let (categories, a, b) = guarded(|| (h.one_hot_encode)(&train, &test))?;
                let k = categories.len();
                if a.shape() != (train.len(), k) || b.shape() != (test.len(), k) {
                    return Err(wrong(
                        "one_hot_encode",
                        format!(
                            "returned {k} categories for column {name:?} and matrices of {}×{} and {}×{}; with {} training and {} test rows they should be {}×{k} and {}×{k}",
                            a.nrows(),
                            a.ncols(),
                            b.nrows(),
                            b.ncols(),
                            train.len(),
                            test.len(),
                            train.len(),
                            test.len()
                        ),
                    ));
                }
                train_cols.push(a);
                test_cols.push(b);
                plans.push(ColumnPlan::OneHot {
                    name: name.clone(),
                    categories,
                });
            }
            ColumnPlan::Dropped { .. } => plans.push(p.clone()),
        }
    }
    let pre = Preprocessor { plans };
    let part = |cols: &[DMatrix<f64>], rows: &[usize]| Dataset {
        x: side_by_side(cols, rows.len()),
        labels: rows.iter().map(|&i| table.labels[i]).collect(),
        class_names: table.class_names.clone(),
        feature_names: pre.feature_names(),
    };
    let (train, test) = (part(&train_cols, train_rows), part(&test_cols, test_rows));
    Ok((pre, train, test))
}

/// The blocks `cols` (each `n` rows high) placed side by side, `[C_1 C_2 …]`.
fn side_by_side(cols: &[DMatrix<f64>], n: usize) -> DMatrix<f64> {
    let width = cols.iter().map(DMatrix::ncols).sum();
    let mut x = DMatrix::zeros(n, width);
    let mut j = 0;
    for c in cols {
        x.columns_mut(j, c.ncols()).copy_from(c);
        j += c.ncols();
    }
    x
}

/// `k` cross-validation folds of instances labelled `labels`, dealt by the learner's
/// `stratified_folds` after a shuffle seeded by `seed` (so the folds are random, as nn-data's
/// are): for each fold, `(training positions, validation positions)`, each sorted. Every position
/// must be in exactly one fold and no fold may be empty.
pub fn folds(
    h: &Homework,
    labels: &[usize],
    k: usize,
    seed: u64,
) -> Result<Vec<(Vec<usize>, Vec<usize>)>> {
    let n = labels.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    let shuffled: Vec<usize> = order.iter().map(|&i| labels[i]).collect();
    let dealt = guarded(|| (h.stratified_folds)(&shuffled, k))?;
    if dealt.len() != k {
        return Err(wrong(
            "stratified_folds",
            format!("returned {} folds for --folds {k}", dealt.len()),
        ));
    }
    let mut fold_of = vec![None; n];
    for (f, fold) in dealt.iter().enumerate() {
        for &p in fold {
            match fold_of.get_mut(p) {
                None => {
                    return Err(wrong(
                        "stratified_folds",
                        format!(
                            "put position {p} in fold {}, but there are only {n} instances (positions 0 to {})",
                            f + 1,
                            n - 1
                        ),
                    ));
                }
                Some(Some(g)) => {
                    return Err(wrong(
                        "stratified_folds",
                        format!(
                            "put position {p} in folds {} and {}; every instance belongs to exactly one fold",
                            *g + 1,
                            f + 1
                        ),
                    ));
                }
                Some(slot) => *slot = Some(f),
            }
        }
    }
    if let Some(p) = fold_of.iter().position(Option::is_none) {
        return Err(wrong(
            "stratified_folds",
            format!("put position {p} in no fold; every instance belongs to exactly one fold"),
        ));
    }
    if let Some(f) = dealt.iter().position(Vec::is_empty) {
        return Err(wrong(
            "stratified_folds",
            format!("left fold {} empty", f + 1),
        ));
    }
    Ok((0..k)
        .map(|f| {
            let (mut fit, mut val): (Vec<usize>, Vec<usize>) =
                (0..n).partition(|&p| fold_of[p] != Some(f));
            fit = fit.into_iter().map(|p| order[p]).collect();
            val = val.into_iter().map(|p| order[p]).collect();
            fit.sort_unstable();
            val.sort_unstable();
            (fit, val)
        })
        .collect())
}
