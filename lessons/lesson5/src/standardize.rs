//! Standardization, the preprocessing step of the homework: the reference built on
//! [`nn_data::Standardizer`], and the safe way of calling the learner's version (`--mine`).

use crate::error::{LessonError, Result};
use crate::mine::{StandardizeFn, guarded};
use nalgebra::DMatrix;
use nn_data::Standardizer;

/// The reference: for each listed column j, `μ_j` and `σ_j` (population standard deviation, 1 for
/// a constant column) of the **training** rows, then `z_ij = (x_ij − μ_j) / σ_j` on the rows of
/// both matrices; other columns are copied unchanged.
pub fn reference(
    train: &DMatrix<f64>,
    test: &DMatrix<f64>,
    columns: &[usize],
) -> (DMatrix<f64>, DMatrix<f64>) {
    let (mut z_train, mut z_test) = (train.clone(), test.clone());
    for &j in columns.iter().filter(|&&j| j < train.ncols()) {
        let s = Standardizer::fit(&train.columns(j, 1).into_owned());
        let (mu, sigma) = (s.mean[0], s.std[0]);
        z_train.column_mut(j).apply(|x| *x = (*x - mu) / sigma);
        if j < test.ncols() {
            z_test.column_mut(j).apply(|x| *x = (*x - mu) / sigma);
        }
    }
    (z_train, z_test)
}

/// Runs a standardization function through the guard: a `todo!` or a panic becomes
/// [`LessonError::Yours`] (naming the function, and `cargo homework hint` for a `todo!`), a
/// result of the wrong shape or with NaN becomes [`LessonError::Mine`]. The learner sees one
/// sentence, not a backtrace.
pub fn call_guarded(
    f: StandardizeFn,
    train: &DMatrix<f64>,
    test: &DMatrix<f64>,
    columns: &[usize],
) -> Result<(DMatrix<f64>, DMatrix<f64>)> {
    let (z_train, z_test) = guarded(|| f(train, test, columns))?;
    let shape = |m: &DMatrix<f64>| (m.nrows(), m.ncols());
    if shape(&z_train) != shape(train) || shape(&z_test) != shape(test) {
        return Err(LessonError::Mine {
            function: "standardize",
            problem: format!(
                "returned matrices of shapes {:?} and {:?}, but the inputs were {:?} and {:?}",
                shape(&z_train),
                shape(&z_test),
                shape(train),
                shape(test)
            ),
        });
    }
    if z_train.iter().chain(z_test.iter()).any(|v| !v.is_finite()) {
        return Err(LessonError::Mine {
            function: "standardize",
            problem: "returned NaN or infinite values (a constant column needs σ = 1)".into(),
        });
    }
    Ok((z_train, z_test))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unfinished(_: &DMatrix<f64>, _: &DMatrix<f64>, _: &[usize]) -> (DMatrix<f64>, DMatrix<f64>) {
        panic!("not yet implemented: standardize: write me") // an unfinished stub's message
    }

    fn drops_a_row(
        a: &DMatrix<f64>,
        b: &DMatrix<f64>,
        _: &[usize],
    ) -> (DMatrix<f64>, DMatrix<f64>) {
        (a.clone().remove_row(0), b.clone())
    }

    #[test]
    fn reference_uses_training_statistics_for_both() {
        let train = DMatrix::from_row_slice(2, 2, &[1.0, 0.0, 3.0, 1.0]);
        let test = DMatrix::from_row_slice(1, 2, &[5.0, 1.0]);
        let (a, b) = reference(&train, &test, &[0]);
        assert_eq!(a.as_slice(), &[-1.0, 1.0, 0.0, 1.0]);
        assert_eq!(b.as_slice(), &[3.0, 1.0]);
    }

    #[test]
    fn an_unfinished_stub_becomes_a_friendly_error() {
        let m = DMatrix::zeros(2, 2);
        let e = call_guarded(unfinished, &m, &m, &[0]).unwrap_err();
        let text = e.to_string();
        assert!(matches!(e, LessonError::Yours(_)));
        assert!(text.contains("cargo homework hint standardize"), "{text}");
        assert!(text.contains("`standardize`"), "{text}");
    }

    #[test]
    fn a_wrong_shape_is_reported_not_passed_on() {
        let m = DMatrix::zeros(2, 2);
        let e = call_guarded(drops_a_row, &m, &m, &[0]).unwrap_err();
        assert!(e.to_string().contains("shapes"), "{e}");
    }
}
