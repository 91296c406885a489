//! The checks of lecture 5's homework, one per exercise; each says which mistake it sees.
//! `standardize`'s (here) calls the learner's function on data whose test part comes from a
//! shifted distribution, so every plausible mistake gives a visibly different result; the others
//! are [`impute_median`], [`one_hot_encode`] and [`stratified_folds`] (in `impute.rs`,
//! `one_hot.rs` and `folds.rs` beside this file).

mod folds;
mod impute;
mod one_hot;

pub use folds::stratified_folds;
pub use impute::impute_median;
pub use one_hot::one_hot_encode;

use crate::mine::StandardizeFn;
use crate::standardize::reference;
use nalgebra::DMatrix;
use nn_course::check::proptest::prelude::*;
use nn_course::check::{call, differential};

/// The column (by index) whose values lie near 10⁵ with a spread of about 1, like years or
/// timestamps: there σ² = (1/n) Σ x² − μ² cancels away the digits that carry the spread, while the
/// doc comment's (1/n) Σ (x − μ)² keeps them.
const LARGE: usize = 4;

/// Training data for the check: 40 rows; column index 1 is a 0/1 (one-hot) column, index 3 is
/// constant and index 4 ([`LARGE`]) is near 10⁵.
fn check_train() -> DMatrix<f64> {
    DMatrix::from_fn(40, 5, |i, j| {
        let s = (i as f64 * 1.3 + j as f64 * 0.7).sin();
        match j {
            0 => 30.0 + 12.0 * s,
            1 => f64::from(i % 3 == 0),
            2 => 2.0 * s * s + 0.5 * i as f64 / 40.0,
            3 => 7.0,
            _ => 1e5 + s,
        }
    })
}

/// Test data for the check: 15 rows from a shifted distribution (its mean is not the
/// training mean), so using its own statistics is detectable.
fn check_test() -> DMatrix<f64> {
    DMatrix::from_fn(15, 5, |i, j| {
        let s = (i as f64 * 0.9 + 0.3).cos();
        match j {
            0 => 45.0 + 20.0 * s,
            1 => f64::from(i % 2 == 0),
            2 => 3.0 + s,
            3 => 7.0 + i as f64,
            _ => 1e5 + 0.5 + 2.0 * s,
        }
    })
}

const COLUMNS: [usize; 4] = [0, 2, 3, LARGE];

/// `(x − μ)/σ` on `columns` of `x`, with μ and σ of `source` (σ with divisor n − `ddof`).
fn with_stats_of(x: &DMatrix<f64>, source: &DMatrix<f64>, ddof: f64) -> DMatrix<f64> {
    let mut z = x.clone();
    for j in COLUMNS {
        let n = source.nrows() as f64;
        let mu = source.column(j).sum() / n;
        let var = source
            .column(j)
            .iter()
            .map(|v| (v - mu).powi(2))
            .sum::<f64>()
            / (n - ddof);
        let sigma = if var.sqrt() < 1e-12 { 1.0 } else { var.sqrt() };
        z.column_mut(j).apply(|v| *v = (*v - mu) / sigma);
    }
    z
}

fn close(a: &DMatrix<f64>, b: &DMatrix<f64>) -> bool {
    a.shape() == b.shape() && a.iter().zip(b.iter()).all(|(x, y)| (x - y).abs() < 1e-9)
}

/// Whether column `j` of `a` and `b` agree.
fn close_column(a: &DMatrix<f64>, b: &DMatrix<f64>, j: usize) -> bool {
    a.column(j)
        .iter()
        .zip(b.column(j).iter())
        .all(|(x, y)| (x - y).abs() < 1e-9)
}

/// The hint for a wrong σ in the column near 10⁵ (index `j`).
fn cancellation(j: usize, what: &str) -> String {
    format!(
        "{what}: column index {j} (the column numbered {}) holds values near 10⁵ that differ by \
         about 1, where σ² computed as (1/n) Σ x² − μ² (or any sum of x² − μ²) subtracts two \
         numbers near 10¹⁰ and loses the digits of the spread — it can even come out negative. \
         Compute μ first, then σ² = (1/n) Σ (x − μ)², as the doc comment says",
        j + 1
    )
}

fn first_difference(what: &str, got: &DMatrix<f64>, want: &DMatrix<f64>) -> String {
    let (i, j) = (0..want.nrows())
        .flat_map(|i| (0..want.ncols()).map(move |j| (i, j)))
        .find(|&(i, j)| {
            let d = (got[(i, j)] - want[(i, j)]).abs();
            d.is_nan() || d >= 1e-9
        })
        .unwrap_or((0, 0));
    format!(
        "{what} row {}, column {} (rows and columns counted from 1; column index {j} in \
         `columns`): expected {:?}, got {:?} (every digit shown)",
        i + 1,
        j + 1,
        want[(i, j)],
        got[(i, j)]
    )
}

/// Checks a `standardize(train, test, columns)` (exercise `standardize`): the shapes
/// are kept, unlisted columns are unchanged, and every listed column of both matrices is
/// `(x − μ_train)/σ_train` with the population σ of the training rows (1 for a constant column).
/// The message names the mistake when it recognizes one (test statistics, train + test
/// statistics, n − 1, all columns, positions in `columns` taken for column indices, NaN for a
/// constant column, σ² as (1/n) Σ x² − μ², which cancels on the column near 10⁵).
pub fn standardize(f: StandardizeFn) -> Result<(), String> {
    let (train, test) = (check_train(), check_test());
    let what = format!(
        "standardize(train {}×{m}, test {}×{m}, columns = {COLUMNS:?})",
        train.nrows(),
        test.nrows(),
        m = train.ncols()
    );
    let (got_train, got_test) = call(&what, || f(&train, &test, &COLUMNS))?;
    for (name, got, input) in [("train", &got_train, &train), ("test", &got_test, &test)] {
        if got.shape() != input.shape() {
            return Err(format!(
                "the {name} result has shape {:?} but the input had {:?}; return matrices of the same shape",
                got.shape(),
                input.shape()
            ));
        }
    }
    let nan_in = |j: usize| {
        got_train.column(j).iter().any(|v| v.is_nan())
            || got_test.column(j).iter().any(|v| v.is_nan())
    };
    if let Some(j) = (0..train.ncols()).find(|&j| nan_in(j)) {
        return Err(if j == 3 {
            "the result contains NaN: the training data's column index 3 (the 4th column) is \
             constant (σ = 0), so use σ = 1 for it as the doc comment says"
                .into()
        } else if j == LARGE {
            cancellation(j, "the result contains NaN")
        } else {
            format!(
                "the result contains NaN in column index {j} (the column numbered {})",
                j + 1
            )
        });
    }
    if got_train.column(1) != train.column(1) || got_test.column(1) != test.column(1) {
        return Err(
            "column index 1 (the 2nd column) is not in `columns` (it is a one-hot 0/1 column) \
             but your result changed it; standardize only the columns whose indices are listed \
             (`for &j in columns`) and copy the others"
                .into(),
        );
    }
    let (want_train, want_test) = reference(&train, &test, &COLUMNS);
    if !close(&got_train, &want_train) {
        let n = train.nrows();
        let both = DMatrix::from_fn(n + test.nrows(), train.ncols(), |i, j| {
            if i < n {
                train[(i, j)]
            } else {
                test[(i - n, j)]
            }
        });
        let hint = if close(&got_train, &with_stats_of(&train, &train, 1.0)) {
            "you divided by n − 1; the population standard deviation divides by n"
        } else if close(&got_train, &with_stats_of(&train, &test, 0.0)) {
            "you learned μ and σ from the test set; learn them from the training set only"
        } else if close(&got_train, &with_stats_of(&train, &both, 0.0)) {
            "you learned μ and σ from train and test together; the test set must not leak into \
             the statistics, learn them from the training set only"
        } else if COLUMNS
            .iter()
            .all(|&j| j == LARGE || close_column(&got_train, &want_train, j))
        {
            &cancellation(LARGE, "only this column is wrong")
        } else {
            "after standardization every listed training column should have mean 0 and std 1"
        };
        return Err(format!(
            "{}; {hint}",
            first_difference("train", &got_train, &want_train)
        ));
    }
    if !close(&got_test, &want_test) {
        let hint = if close(&got_test, &with_stats_of(&test, &test, 0.0)) {
            "you standardized the test set with its own mean and std; apply the training μ and σ \
             to the test rows, as if they arrived one by one after training"
        } else {
            "the test rows must be transformed with the training μ and σ: z = (x − μ_train)/σ_train"
        };
        return Err(format!(
            "{}; {hint}",
            first_difference("test", &got_test, &want_test)
        ));
    }
    standardize_differential(f)
}

/// Generated `(train, test, columns)`: 1 to 6 training rows (one row gives σ = 0), 0 to 3 test
/// rows, 1 to 4 columns of small integers (ties, constant columns) and ordinary values, and the
/// listed columns any subset, in any order.
fn standardize_inputs() -> impl Strategy<Value = (DMatrix<f64>, DMatrix<f64>, Vec<usize>)> {
    (1usize..=6, 0usize..=3, 1usize..=4).prop_flat_map(|(n, n_test, m)| {
        let value = prop_oneof![(-2i8..=2).prop_map(f64::from), -10.0..10.0f64];
        (
            prop::collection::vec(value.clone(), n * m),
            prop::collection::vec(value, n_test * m),
            prop::sample::subsequence((0..m).collect::<Vec<_>>(), 0..=m).prop_shuffle(),
        )
            .prop_map(move |(a, b, columns)| {
                (
                    DMatrix::from_row_slice(n, m, &a),
                    DMatrix::from_row_slice(n_test, m, &b),
                    columns,
                )
            })
    })
}

/// The answer against [`reference`] on [`standardize_inputs`]; a difference shows the smallest
/// matrices that show it and the first entry that differs, with every digit.
fn standardize_differential(f: StandardizeFn) -> Result<(), String> {
    use nn_course::check::exact;
    differential(standardize_inputs(), |(train, test, columns)| {
        let what = format!(
            "standardize(train = {}, test = {}, columns = {columns:?})",
            exact(train),
            exact(test)
        );
        let (got_train, got_test) = call(&what, || f(train, test, columns))?;
        let (want_train, want_test) = reference(train, test, columns);
        for (name, got, want) in [
            ("train", &got_train, &want_train),
            ("test", &got_test, &want_test),
        ] {
            if got.shape() != want.shape() {
                return Err(format!(
                    "{what}: the {name} result is {}×{} but should be {}×{}",
                    got.nrows(),
                    got.ncols(),
                    want.nrows(),
                    want.ncols()
                ));
            }
            if !close(got, want) {
                return Err(format!(
                    "{what}: {}; the listed columns (only those) become (x − μ)/σ with μ and the \
                     population σ of the training rows (σ = 1 for a constant column); the result \
                     is {} but should be {}",
                    first_difference(name, got, want),
                    exact(got),
                    exact(want)
                ));
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    type Pair = (DMatrix<f64>, DMatrix<f64>);

    fn own_stats(a: &DMatrix<f64>, b: &DMatrix<f64>, c: &[usize]) -> Pair {
        (reference(a, a, c).0, reference(b, b, c).0)
    }
    fn fit_on_test(a: &DMatrix<f64>, b: &DMatrix<f64>, c: &[usize]) -> Pair {
        let (tb, ta) = reference(b, a, c);
        (ta, tb)
    }
    fn sample_std(a: &DMatrix<f64>, b: &DMatrix<f64>, _: &[usize]) -> Pair {
        (with_stats_of(a, a, 1.0), with_stats_of(b, a, 1.0))
    }
    fn all_columns(a: &DMatrix<f64>, b: &DMatrix<f64>, _: &[usize]) -> Pair {
        reference(a, b, &[0, 1, 2, 3, LARGE])
    }
    fn nan_for_constant(a: &DMatrix<f64>, b: &DMatrix<f64>, c: &[usize]) -> Pair {
        let (mut x, y) = reference(a, b, c);
        x[(0, 3)] = f64::NAN;
        (x, y)
    }
    fn combined(a: &DMatrix<f64>, b: &DMatrix<f64>, _: &[usize]) -> Pair {
        let n = a.nrows();
        let both = DMatrix::from_fn(n + b.nrows(), a.ncols(), |i, j| {
            if i < n { a[(i, j)] } else { b[(i - n, j)] }
        });
        (with_stats_of(a, &both, 0.0), with_stats_of(b, &both, 0.0))
    }
    fn identity(a: &DMatrix<f64>, b: &DMatrix<f64>, _: &[usize]) -> Pair {
        (a.clone(), b.clone())
    }
    /// `for j in 0..columns.len()`: the positions in `columns`, not the indices it lists.
    fn positions(a: &DMatrix<f64>, b: &DMatrix<f64>, c: &[usize]) -> Pair {
        let positions: Vec<usize> = (0..c.len()).collect();
        reference(a, b, &positions)
    }
    /// σ² = (1/n) Σ x² − μ², the "one-pass" formula.
    fn one_pass(a: &DMatrix<f64>, b: &DMatrix<f64>, c: &[usize]) -> Pair {
        let (mut x, mut y) = (a.clone(), b.clone());
        let n = a.nrows() as f64;
        for &j in c {
            let mu = a.column(j).sum() / n;
            let var = a.column(j).iter().map(|v| v * v).sum::<f64>() / n - mu * mu;
            let sigma = if var.sqrt() < 1e-12 { 1.0 } else { var.sqrt() };
            x.column_mut(j).apply(|v| *v = (*v - mu) / sigma);
            y.column_mut(j).apply(|v| *v = (*v - mu) / sigma);
        }
        (x, y)
    }
    fn panics(a: &DMatrix<f64>, _: &DMatrix<f64>, _: &[usize]) -> Pair {
        let _ = a[(a.nrows(), 0)];
        unreachable!()
    }

    #[test]
    fn the_reference_and_the_solution_pass() {
        assert_eq!(standardize(reference), Ok(()));
        assert_eq!(standardize(crate::solution_for_tests::standardize), Ok(()));
    }

    #[test]
    fn using_the_test_sets_own_mean_is_rejected_and_named() {
        let e = standardize(own_stats).unwrap_err();
        assert!(e.contains("test set with its own mean"), "{e}");
    }

    #[test]
    fn fitting_on_the_test_set_is_rejected_and_named() {
        let e = standardize(fit_on_test).unwrap_err();
        assert!(e.contains("from the test set"), "{e}");
    }

    #[test]
    fn other_mistakes_are_rejected_with_their_reason() {
        let cases: [(StandardizeFn, &str); 8] = [
            (one_pass, "(1/n) Σ x² − μ²"),
            (
                positions,
                "column index 1 (the 2nd column) is not in `columns`",
            ),
            (panics, "panicked: Matrix index out of bounds"),
            (sample_std, "n − 1"),
            (combined, "train and test together"),
            (all_columns, "one-hot"),
            (nan_for_constant, "constant"),
            (identity, "mean 0 and std 1"),
        ];
        for (f, needle) in cases {
            let e = standardize(f).unwrap_err();
            assert!(e.contains(needle), "expected {needle:?} in {e}");
        }
    }

    /// Issue 33: "expected 0.474146, got 0.474146" — the two numbers must print differently.
    #[test]
    fn the_numbers_that_differ_are_printed_differently() {
        let e = standardize(one_pass).unwrap_err();
        let (_, rest) = e.split_once("expected ").expect("an expected value");
        let (want, rest) = rest.split_once(", got ").expect("a value got");
        let got = rest.split_whitespace().next().expect("a number");
        assert_ne!(want, got, "{e}");
    }
}
