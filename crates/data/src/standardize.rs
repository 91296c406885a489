//! Standardization: subtract each column's mean and divide by its standard deviation, with the
//! statistics learned on the training data only and then applied unchanged to the test data.

use crate::dataset::Dataset;
use crate::error::{DataError, Result};
use nalgebra::DMatrix;
use nn_core::Float;

/// Per-column mean and standard deviation learned by [`Standardizer::fit`].
#[derive(Debug, Clone, PartialEq)]
pub struct Standardizer<T: Float> {
    /// Mean of each column of the training data.
    pub mean: Vec<T>,
    /// Population standard deviation of each column; a constant column gets 1 so it is only
    /// centred, never divided by zero.
    pub std: Vec<T>,
}

impl<T: Float> Standardizer<T> {
    // ANCHOR: standardizer_fit
    /// Learns the mean and standard deviation of every column of `x` (the training features).
    /// Non-finite cells are ignored; a column with no finite cells gets mean 0 and std 1.
    pub fn fit(x: &DMatrix<T>) -> Self {
        let (mut mean, mut std) = (Vec::new(), Vec::new());
        for col in x.column_iter() {
            let vals: Vec<f64> = col
                .iter()
                .map(|v| v.as_f64())
                .filter(|v| v.is_finite())
                .collect();
            let n = vals.len() as f64;
            let m = if vals.is_empty() {
                0.0
            } else {
                vals.iter().sum::<f64>() / n
            };
            let var = if vals.is_empty() {
                0.0
            } else {
                vals.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / n
            };
            let s = var.sqrt();
            mean.push(T::of(m));
            std.push(T::of(if s > 1e-12 && s.is_finite() { s } else { 1.0 }));
        }
        Standardizer { mean, std }
    }
    // ANCHOR_END: standardizer_fit

    /// Number of columns this standardizer was fitted on.
    pub fn n_features(&self) -> usize {
        self.mean.len()
    }

    fn check(&self, x: &DMatrix<T>) -> Result<()> {
        if x.ncols() != self.n_features() {
            return Err(DataError::invalid(
                "features",
                format!("{} columns (as at fit time)", self.n_features()),
                format!("{} columns", x.ncols()),
            ));
        }
        Ok(())
    }

    /// Standardizes `x` in place: `(x − mean) / std`, column by column.
    /// Errors if `x` has a different number of columns than the training data.
    pub fn transform_in_place(&self, x: &mut DMatrix<T>) -> Result<()> {
        self.check(x)?;
        for (j, mut col) in x.column_iter_mut().enumerate() {
            let (m, s) = (self.mean[j], self.std[j]);
            col.apply(|v| *v = (*v - m) / s);
        }
        Ok(())
    }

    /// A standardized copy of `x` (see [`Standardizer::transform_in_place`]).
    pub fn transform(&self, x: &DMatrix<T>) -> Result<DMatrix<T>> {
        let mut y = x.clone();
        self.transform_in_place(&mut y)?;
        Ok(y)
    }

    /// Undoes [`Standardizer::transform`]: `x · std + mean`.
    pub fn inverse_transform(&self, x: &DMatrix<T>) -> Result<DMatrix<T>> {
        self.check(x)?;
        let mut y = x.clone();
        for (j, mut col) in y.column_iter_mut().enumerate() {
            let (m, s) = (self.mean[j], self.std[j]);
            col.apply(|v| *v = *v * s + m);
        }
        Ok(y)
    }

    /// Standardizes a dataset's features in place.
    pub fn apply(&self, data: &mut Dataset<T>) -> Result<()> {
        self.transform_in_place(&mut data.x)
    }

    /// Fits on `train` and standardizes both `train` and `test` with the training statistics,
    /// the one correct order (the test data must not leak into the statistics).
    pub fn fit_apply(train: &mut Dataset<T>, test: &mut Dataset<T>) -> Result<Self> {
        let s = Self::fit(&train.x);
        s.apply(train)?;
        s.apply(test)?;
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn training_columns_get_mean_zero_std_one() {
        let x: DMatrix<f64> = DMatrix::from_row_slice(
            4,
            3,
            &[
                1.0, 10.0, 5.0, 2.0, 20.0, 5.0, 3.0, 30.0, 5.0, 4.0, 40.0, 5.0,
            ],
        );
        let s = Standardizer::fit(&x);
        assert_eq!(s.mean, vec![2.5, 25.0, 5.0]);
        assert_eq!(s.std[2], 1.0, "a constant column is not divided by zero");
        let y = s.transform(&x).unwrap();
        for j in 0..2 {
            let c = y.column(j);
            assert!(c.mean().abs() < 1e-12);
            assert!((c.variance() - 1.0).abs() < 1e-12);
        }
        assert!(y.column(2).iter().all(|&v| v == 0.0));
        let back = s.inverse_transform(&y).unwrap();
        assert!((back - x).abs().max() < 1e-12);
    }

    #[test]
    fn test_data_uses_training_statistics() {
        let train = DMatrix::from_row_slice(2, 1, &[0.0, 2.0]);
        let test = DMatrix::from_row_slice(1, 1, &[4.0]);
        let s = Standardizer::fit(&train);
        assert_eq!(s.transform(&test).unwrap()[(0, 0)], 3.0);
        assert!(s.transform(&DMatrix::zeros(1, 2)).is_err());
    }

    #[test]
    fn fit_apply_standardizes_both_datasets() {
        let mk = |v: &[f64]| {
            Dataset::new(
                DMatrix::from_row_slice(v.len(), 1, v),
                vec![0; v.len()],
                vec!["c".into()],
                vec!["f".into()],
            )
            .unwrap()
        };
        let (mut tr, mut te) = (mk(&[1.0, 3.0]), mk(&[5.0]));
        let s = Standardizer::fit_apply(&mut tr, &mut te).unwrap();
        assert_eq!(s.mean, vec![2.0]);
        assert_eq!(tr.x[(0, 0)], -1.0);
        assert_eq!(te.x[(0, 0)], 3.0);
    }
}
