//! Turning a [`CsvTable`] into numbers, learned on the training rows and applied unchanged to the
//! test rows: numeric columns get their missing cells filled with the training median,
//! categorical columns are one-hot encoded with the categories seen in training.

use crate::csv_load::{ColumnKind, CsvTable};
use crate::dataset::Dataset;
use crate::error::Result;
use nalgebra::DMatrix;
use nn_core::Float;
use std::collections::BTreeSet;

/// Categorical columns with more distinct training values than this are dropped (one-hot
/// encoding them would make a huge, useless matrix; think of a name or ticket-number column).
pub const MAX_CATEGORIES: usize = 100;

/// What the preprocessor does with one column.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnPlan {
    /// Copy the number; fill a missing cell with `median` (of the training rows).
    Numeric {
        /// Column name.
        name: String,
        /// Median of the present training cells (0 if there were none).
        median: f64,
        /// How many training cells were missing.
        missing_in_train: usize,
    },
    /// One 0/1 feature per category seen in training; a missing or unseen category gives all 0.
    OneHot {
        /// Column name.
        name: String,
        /// The training categories, sorted.
        categories: Vec<String>,
    },
    /// Left out of the features.
    Dropped {
        /// Column name.
        name: String,
        /// Number of distinct training values (more than [`MAX_CATEGORIES`]).
        distinct: usize,
    },
}

/// The fitted preprocessing of a [`CsvTable`] (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct Preprocessor {
    /// One plan per feature column, in table order.
    pub plans: Vec<ColumnPlan>,
}

/// A table split into train and test datasets, with the preprocessor fitted on the training part
/// and a human-readable report of every step.
#[derive(Debug, Clone)]
pub struct Prepared<T: Float> {
    /// Training rows.
    pub train: Dataset<T>,
    /// Test rows, transformed with the training statistics.
    pub test: Dataset<T>,
    /// The fitted preprocessing, to apply to further data.
    pub preprocessor: Preprocessor,
    /// What was detected and done.
    pub report: String,
}

/// The median of some numbers (mean of the middle two for an even count); `None` if empty.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => None,
        n if n % 2 == 1 => Some(v[n / 2]),
        n => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

impl Preprocessor {
    // ANCHOR: preprocessor_fit
    /// Learns medians and categories from the rows `rows` of `table` (indices past the end are
    /// ignored).
    pub fn fit(table: &CsvTable, rows: &[usize]) -> Self {
        let plans = table
            .columns
            .iter()
            .map(|c| match c.kind {
                ColumnKind::Numeric => {
                    let present: Vec<f64> = rows
                        .iter()
                        .filter_map(|&i| c.numbers.get(i).copied().flatten())
                        .collect();
                    let in_rows = rows.iter().filter(|&&i| i < c.numbers.len()).count();
                    ColumnPlan::Numeric {
                        name: c.name.clone(),
                        median: median(&present).unwrap_or(0.0),
                        missing_in_train: in_rows - present.len(),
                    }
                }
                ColumnKind::Categorical => {
                    let cats: BTreeSet<String> = rows
                        .iter()
                        .filter_map(|&i| c.texts.get(i).cloned().flatten())
                        .collect();
                    if cats.len() > MAX_CATEGORIES {
                        ColumnPlan::Dropped {
                            name: c.name.clone(),
                            distinct: cats.len(),
                        }
                    } else {
                        ColumnPlan::OneHot {
                            name: c.name.clone(),
                            categories: cats.into_iter().collect(),
                        }
                    }
                }
            })
            .collect();
        Preprocessor { plans }
    }
    // ANCHOR_END: preprocessor_fit

    /// Names of the output features: numeric columns keep their name, one-hot columns become
    /// `name=category`.
    pub fn feature_names(&self) -> Vec<String> {
        self.plans
            .iter()
            .flat_map(|p| match p {
                ColumnPlan::Numeric { name, .. } => vec![name.clone()],
                ColumnPlan::OneHot { name, categories } => {
                    categories.iter().map(|c| format!("{name}={c}")).collect()
                }
                ColumnPlan::Dropped { .. } => vec![],
            })
            .collect()
    }

    // ANCHOR: preprocessor_transform
    /// The rows `rows` of `table` as a dataset (indices past the end are skipped). The table must
    /// have the same columns as the one fitted on; extra columns are ignored.
    pub fn transform<T: Float>(&self, table: &CsvTable, rows: &[usize]) -> Dataset<T> {
        let rows: Vec<usize> = rows.iter().copied().filter(|&i| i < table.n()).collect();
        let names = self.feature_names();
        let mut x = DMatrix::zeros(rows.len(), names.len());
        let mut col = 0;
        for (plan, column) in self.plans.iter().zip(&table.columns) {
            match plan {
                ColumnPlan::Numeric { median, .. } => {
                    for (r, &i) in rows.iter().enumerate() {
                        let v = column.numbers.get(i).copied().flatten().unwrap_or(*median);
                        x[(r, col)] = T::of(v);
                    }
                    col += 1;
                }
                ColumnPlan::OneHot { categories, .. } => {
                    for (r, &i) in rows.iter().enumerate() {
                        let text = column.texts.get(i).and_then(|t| t.as_ref());
                        if let Some(k) = text.and_then(|t| categories.binary_search(t).ok()) {
                            x[(r, col + k)] = T::one();
                        }
                    }
                    col += categories.len();
                }
                ColumnPlan::Dropped { .. } => {}
            }
        }
        Dataset {
            x,
            labels: rows.iter().map(|&i| table.labels[i]).collect(),
            class_names: table.class_names.clone(),
            feature_names: names,
        }
    }
    // ANCHOR_END: preprocessor_transform

    /// What the preprocessor does, one line per column, for `n_train`/`n_test` rows.
    pub fn report(&self, n_train: usize, n_test: usize) -> String {
        let mut s = format!(
            "fitted on {n_train} training rows, applied to them and to {n_test} test rows; {} features:\n",
            self.feature_names().len()
        );
        for p in &self.plans {
            s += &match p {
                ColumnPlan::Numeric {
                    name,
                    median,
                    missing_in_train,
                } => format!(
                    "  {name:?}: numeric; {missing_in_train} missing training cells; missing cells filled with the training median {median}\n"
                ),
                ColumnPlan::OneHot { name, categories } => format!(
                    "  {name:?}: one-hot over {} training categories ({}); missing or unseen categories give all zeros\n",
                    categories.len(),
                    categories.join(", ")
                ),
                ColumnPlan::Dropped { name, distinct } => format!(
                    "  {name:?}: dropped: {distinct} distinct text values (more than {MAX_CATEGORIES}) look like an identifier, not a category\n"
                ),
            };
        }
        s
    }
}

/// The one-call pipelines on a whole table (here, beside the [`Preprocessor`] they use, so
/// `csv_load` does not depend on this module).
impl CsvTable {
    /// Splits the rows into train and test (see [`Dataset::split`]), fits a [`Preprocessor`] on
    /// the training rows only (medians, categories) and applies it to both parts.
    pub fn prepare<T: Float>(
        &self,
        test_fraction: f64,
        stratified: bool,
        seed: u64,
    ) -> Result<Prepared<T>> {
        let (train_rows, test_rows) =
            crate::dataset::split_indices(&self.labels, test_fraction, stratified, seed)?;
        let pre = Preprocessor::fit(self, &train_rows);
        let train = pre.transform(self, &train_rows);
        let test = pre.transform(self, &test_rows);
        let report = format!(
            "{}{}",
            self.report(),
            pre.report(train_rows.len(), test_rows.len())
        );
        Ok(Prepared {
            train,
            test,
            preprocessor: pre,
            report,
        })
    }

    /// All rows as one dataset, with the preprocessor fitted on all of them. Only right when
    /// nothing will be evaluated on these rows, or when nothing is learned (no missing numbers).
    pub fn to_dataset<T: Float>(&self) -> Dataset<T> {
        let all: Vec<usize> = (0..self.n()).collect();
        Preprocessor::fit(self, &all).transform(self, &all)
    }
}
