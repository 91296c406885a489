//! The preprocessing of lecture 5, step by step, every statistic learned on the training rows
//! only: (1) fill missing numbers with the training median, (2) one-hot encode categories,
//! (3) standardize the numeric features `z = (x − μ_train)/σ_train`.

use crate::error::Result;
use crate::mine::{Homework, encode};
use crate::standardize::{call_guarded, reference};
use crate::table::raw_cell;
use nn_data::preprocess::ColumnPlan;
use nn_data::{CsvTable, Dataset, Preprocessor, Standardizer};

/// A table turned into numbers for some training and test rows.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Training features, standardized.
    pub train: Dataset<f64>,
    /// Test features, transformed with the training statistics.
    pub test: Dataset<f64>,
    /// The imputation and one-hot plan learned on the training rows.
    pub preprocessor: Preprocessor,
    /// Feature indices of the numeric columns (the ones standardized).
    pub numeric: Vec<usize>,
    /// Training mean and standard deviation of each numeric feature, `(name, μ, σ)`.
    pub stats: Vec<(String, f64, f64)>,
}

/// Whose functions fill the holes, encode the categories, standardize and deal the folds.
#[derive(Debug, Clone, Copy)]
pub enum Implementation {
    /// nn-data's [`Preprocessor`], [`crate::standardize::reference`] and nn-data's folds.
    Reference,
    /// The learner's functions (`--mine`), each run through the guard.
    Mine(Homework),
}

/// Learns the preprocessing on `train_rows` of `table` and applies it to `train_rows` and
/// `test_rows`: median imputation and one-hot encoding ([`Preprocessor`], or the learner's
/// `impute_median` and `one_hot_encode`), then standardization of the numeric features with the
/// training μ and σ.
pub fn prepare(
    table: &CsvTable,
    train_rows: &[usize],
    test_rows: &[usize],
    how: Implementation,
) -> Result<Prepared> {
    // ANCHOR: prepare
    let preprocessor = Preprocessor::fit(table, train_rows);
    let (preprocessor, mut train, mut test) = match how {
        Implementation::Reference => {
            let train = preprocessor.transform::<f64>(table, train_rows);
            let test = preprocessor.transform::<f64>(table, test_rows);
            (preprocessor, train, test)
        }
        Implementation::Mine(h) => encode(&h, table, &preprocessor, train_rows, test_rows)?,
    };
    let numeric = numeric_features(&preprocessor);
    let fitted = Standardizer::fit(&train.x);
    let stats = numeric
        .iter()
        .map(|&j| {
            (
                train.feature_names[j].clone(),
                fitted.mean[j],
                fitted.std[j],
            )
        })
        .collect();
    let (z_train, z_test) = match how {
        Implementation::Reference => reference(&train.x, &test.x, &numeric),
        Implementation::Mine(h) => call_guarded(h.standardize, &train.x, &test.x, &numeric)?,
    };
    train.x = z_train;
    test.x = z_test;
    // ANCHOR_END: prepare
    check_finite(
        table,
        &preprocessor,
        [train_rows, test_rows],
        [&train, &test],
    )?;
    Ok(Prepared {
        train,
        test,
        preprocessor,
        numeric,
        stats,
    })
}

/// Standardized features far beyond a few σ: the largest z a column can reach from its own
/// training rows is √n, so this only ever catches broken numbers.
const Z_LIMIT: f64 = 1e6;

/// Numbers near f64's limit (1.8e308) overflow the mean or the spread, and a test value can lie
/// absurdly far from the training values: the first feature whose standardized values are not
/// finite or beyond ±[`Z_LIMIT`] is named with its largest value.
fn check_finite(
    table: &CsvTable,
    pre: &Preprocessor,
    rows: [&[usize]; 2],
    parts: [&Dataset<f64>; 2],
) -> Result<()> {
    let broken = |v: &f64| v.is_nan() || v.abs() > Z_LIMIT;
    let Some((j, k)) = (0..2).find_map(|k| {
        (0..parts[k].x.ncols())
            .find(|&j| parts[k].x.column(j).iter().any(broken))
            .map(|j| (j, k))
    }) else {
        return Ok(());
    };
    let raw = pre.transform::<f64>(table, rows[k]);
    let largest = raw.x.column(j).iter().fold(0.0f64, |m, v| m.max(v.abs()));
    Err(crate::LessonError::UnusableColumn {
        path: table.path.clone(),
        column: parts[k].feature_names[j].clone(),
        why: format!(
            "its values reach {largest:e}, too large to standardize (the mean or the spread overflows, or a value lies more than {Z_LIMIT:e} standard deviations out); rescale the column (other units) or leave it out with --drop"
        ),
    })
}

/// Indices of the features that come from numeric columns (one-hot features are left as 0/1).
pub fn numeric_features(pre: &Preprocessor) -> Vec<usize> {
    let mut j = 0;
    let mut out = Vec::new();
    for plan in &pre.plans {
        match plan {
            ColumnPlan::Numeric { .. } => {
                out.push(j);
                j += 1;
            }
            ColumnPlan::OneHot { categories, .. } => j += categories.len(),
            ColumnPlan::Dropped { .. } => {}
        }
    }
    out
}

/// The preprocessing told step by step, with one training row followed through every step.
pub fn steps(table: &CsvTable, p: &Prepared, train_rows: &[usize], test_rows: &[usize]) -> String {
    let mut s =
        String::from("Step 3 — fill missing numbers with the median of the training part:\n");
    let mut any_numeric = false;
    for (c, plan) in table.columns.iter().zip(&p.preprocessor.plans) {
        if let ColumnPlan::Numeric {
            name,
            median,
            missing_in_train,
        } = plan
        {
            any_numeric = true;
            let missing_test = test_rows
                .iter()
                .filter(|&&i| c.numbers[i].is_none())
                .count();
            s += &format!(
                "  {name}: {missing_in_train} of {} training and {missing_test} of {} test cells missing → filled with {}\n",
                train_rows.len(),
                test_rows.len(),
                short(*median)
            );
        }
    }
    if !any_numeric {
        s += "  (no numeric columns)\n";
    }
    s += "Step 4 — one-hot encode the categories seen in the training part:\n";
    let mut any_cat = false;
    for plan in &p.preprocessor.plans {
        if let ColumnPlan::OneHot { name, categories } = plan {
            any_cat = true;
            let cols: Vec<String> = categories.iter().map(|c| format!("{name}={c}")).collect();
            s += &format!("  {name} → {}\n", cols.join(", "));
        }
    }
    if !any_cat {
        s += "  (no categorical columns)\n";
    }
    for plan in &p.preprocessor.plans {
        if let ColumnPlan::Dropped { name, distinct } = plan {
            s += &format!(
                "  {name}: left out — {distinct} different texts look like an identifier\n"
            );
        }
    }
    s += "Step 5 — standardize the numbers with the training mean and std, z = (x − μ)/σ:\n";
    for (name, mu, sigma) in &p.stats {
        s += &format!("  {name}: μ = {}, σ = {}\n", short(*mu), short(*sigma));
    }
    if p.stats.is_empty() {
        s += "  (no numeric columns)\n";
    }
    if let Some(&row) = train_rows.first() {
        let raw: Vec<String> = (0..table.columns.len())
            .map(|j| format!("{}={}", table.columns[j].name, raw_cell(table, j, row)))
            .collect();
        let z: Vec<String> = p.train.x.row(0).iter().map(|v| short(*v)).collect();
        s += &format!(
            "The first training row through the steps (file line {}):\n  before: {}\n  after:  [{}]\n  features: {}\n",
            row + 2,
            raw.join(", "),
            z.join(", "),
            p.train.feature_names.join(", ")
        );
    }
    s
}

/// A number with at most 3 decimals and no trailing zeros.
pub fn short(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn tiny() -> CsvTable {
        let text = "age,sex,y\n10,m,0\n,f,1\n30,f,1\n1000,m,0\n";
        CsvTable::from_reader(text.as_bytes(), Path::new("t.csv"), "y").unwrap()
    }

    #[test]
    fn missing_ages_get_the_training_median_and_test_rows_use_training_statistics() {
        let t = tiny();
        // Training rows 0,1,2: ages 10, ?, 30 → median 20; the test row's 1000 does not count.
        let p = prepare(&t, &[0, 1, 2], &[3], Implementation::Reference).unwrap();
        assert_eq!(p.numeric, vec![0]);
        assert_eq!(p.stats[0].1, 20.0);
        let sigma = (200.0f64 / 3.0).sqrt();
        assert!((p.train.x[(1, 0)] - 0.0).abs() < 1e-12);
        assert!((p.test.x[(0, 0)] - 980.0 / sigma).abs() < 1e-9);
        // sex one-hot: f, m — left as 0/1.
        assert_eq!(p.train.feature_names, vec!["age", "sex=f", "sex=m"]);
        assert_eq!((p.test.x[(0, 1)], p.test.x[(0, 2)]), (0.0, 1.0));
        let text = steps(&t, &p, &[0, 1, 2], &[3]);
        assert!(
            text.contains("age: 1 of 3 training and 0 of 1 test cells missing → filled with 20"),
            "{text}"
        );
        assert!(text.contains("sex → sex=f, sex=m"), "{text}");
    }

    #[test]
    fn short_numbers_drop_trailing_zeros() {
        assert_eq!(short(28.0), "28");
        assert_eq!(short(0.12345), "0.123");
        assert_eq!(short(-0.0001), "0");
    }
}
