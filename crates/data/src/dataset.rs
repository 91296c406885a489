//! The [`Dataset`] type: a features matrix (rows = instances), integer labels and names,
//! with one-hot targets, subsets, train/test splits, k-fold splits and shuffled mini-batches.

use crate::error::{DataError, Result};
use nalgebra::DMatrix;
use nn_core::Float;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;

/// A labelled dataset in the lectures' convention: `x` is n×features, one row per instance.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset<T: Float> {
    /// Features, n×features (rows are instances).
    pub x: DMatrix<T>,
    /// Class of each row, `0..n_classes()`.
    pub labels: Vec<usize>,
    /// Name of each class, indexed by label.
    pub class_names: Vec<String>,
    /// Name of each feature column.
    pub feature_names: Vec<String>,
}

impl<T: Float> Dataset<T> {
    /// Builds a dataset, checking that the pieces fit together: one label per row, one name per
    /// column, and every label below the number of class names.
    pub fn new(
        x: DMatrix<T>,
        labels: Vec<usize>,
        class_names: Vec<String>,
        feature_names: Vec<String>,
    ) -> Result<Self> {
        if labels.len() != x.nrows() {
            return Err(DataError::invalid(
                "labels",
                format!("one label per row ({} rows)", x.nrows()),
                format!("{} labels", labels.len()),
            ));
        }
        if feature_names.len() != x.ncols() {
            return Err(DataError::invalid(
                "feature_names",
                format!("one name per column ({} columns)", x.ncols()),
                format!("{} names", feature_names.len()),
            ));
        }
        if let Some(&bad) = labels.iter().find(|&&l| l >= class_names.len()) {
            return Err(DataError::invalid(
                "labels",
                format!(
                    "labels below {} (the number of class names)",
                    class_names.len()
                ),
                bad,
            ));
        }
        Ok(Dataset {
            x,
            labels,
            class_names,
            feature_names,
        })
    }

    /// Number of instances (rows).
    pub fn n(&self) -> usize {
        self.x.nrows()
    }

    /// Number of features (columns).
    pub fn n_features(&self) -> usize {
        self.x.ncols()
    }

    /// Number of classes: the number of class names, or one more than the largest label if that
    /// is larger.
    pub fn n_classes(&self) -> usize {
        let from_labels = self.labels.iter().max().map_or(0, |&m| m + 1);
        self.class_names.len().max(from_labels)
    }

    /// One-hot targets, n×n_classes (row i has a 1 in column `labels[i]`).
    pub fn one_hot(&self) -> DMatrix<T> {
        nn_core::one_hot(&self.labels, self.n_classes())
    }

    /// How many instances each class has, indexed by label.
    pub fn class_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.n_classes()];
        for &l in &self.labels {
            counts[l] += 1;
        }
        counts
    }

    /// The rows `idx` (in that order, repeats allowed), with the same names.
    /// Indices past the end are skipped.
    pub fn subset(&self, idx: &[usize]) -> Self {
        let idx: Vec<usize> = idx.iter().copied().filter(|&i| i < self.n()).collect();
        Dataset {
            x: self.x.select_rows(idx.iter()),
            labels: idx.iter().map(|&i| self.labels[i]).collect(),
            class_names: self.class_names.clone(),
            feature_names: self.feature_names.clone(),
        }
    }

    /// Splits into `(train, test)` with `round(test_fraction · n)` test rows, after a seeded
    /// shuffle. With `stratified`, each class is split on its own so both parts keep the class
    /// proportions.
    ///
    /// Errors if `test_fraction` is not in `[0, 1]`.
    pub fn split(&self, test_fraction: f64, stratified: bool, seed: u64) -> Result<(Self, Self)> {
        let (train, test) = split_indices(&self.labels, test_fraction, stratified, seed)?;
        Ok((self.subset(&train), self.subset(&test)))
    }

    /// `k` folds for cross-validation: for each fold, `(train indices, validation indices)`.
    /// The validation parts are disjoint, cover every row once, and differ in size by at most one.
    ///
    /// Errors unless `2 ≤ k ≤ n`.
    pub fn k_fold(&self, k: usize, seed: u64) -> Result<Vec<(Vec<usize>, Vec<usize>)>> {
        k_fold_indices(self.n(), k, seed)
    }

    /// Like [`Dataset::k_fold`], but each class is dealt across the folds on its own, so every
    /// validation part keeps the class proportions (what scikit-learn's `GridSearchCV(cv=5)`
    /// uses for classifiers). Errors unless `2 ≤ k ≤ n`.
    pub fn stratified_k_fold(&self, k: usize, seed: u64) -> Result<Vec<(Vec<usize>, Vec<usize>)>> {
        if k < 2 || k > self.n() {
            return Err(DataError::invalid(
                "k",
                format!("a fold count from 2 to the number of rows ({})", self.n()),
                k,
            ));
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut fold_of = vec![0; self.n()];
        let mut next = 0;
        for class in 0..self.n_classes() {
            let mut members: Vec<usize> =
                (0..self.n()).filter(|&i| self.labels[i] == class).collect();
            members.shuffle(&mut rng);
            for i in members {
                fold_of[i] = next % k;
                next += 1;
            }
        }
        Ok((0..k)
            .map(|f| (0..self.n()).partition(|&i| fold_of[i] != f))
            .collect())
    }

    /// Writes the dataset as CSV (atomically): a header of the feature names and `label`, then
    /// one row per instance, e.g. the lecture's `circle_.csv` of `x, y, label` rows.
    pub fn write_csv(&self, path: impl AsRef<std::path::Path>) -> Result<()> {
        let mut text = self.feature_names.join(",");
        text += if self.feature_names.is_empty() {
            "label\n"
        } else {
            ",label\n"
        };
        for (i, &label) in self.labels.iter().enumerate() {
            for v in self.x.row(i).iter() {
                text += &format!("{v},");
            }
            text += &format!("{label}\n");
        }
        Ok(nn_core::write_atomically(path.as_ref(), text.as_bytes())?)
    }

    /// Converts the features to another float type (e.g. f64 → f32).
    pub fn cast<U: Float>(&self) -> Dataset<U> {
        Dataset {
            x: self.x.map(|v| U::of(v.as_f64())),
            labels: self.labels.clone(),
            class_names: self.class_names.clone(),
            feature_names: self.feature_names.clone(),
        }
    }
}

/// Train/test indices for `labels` (see [`Dataset::split`]); each part is sorted.
pub fn split_indices(
    labels: &[usize],
    test_fraction: f64,
    stratified: bool,
    seed: u64,
) -> Result<(Vec<usize>, Vec<usize>)> {
    if !(0.0..=1.0).contains(&test_fraction) {
        return Err(DataError::invalid(
            "test_fraction",
            "a number in [0, 1]",
            test_fraction,
        ));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let groups: Vec<Vec<usize>> = if stratified {
        let classes = labels.iter().max().map_or(0, |&m| m + 1);
        let mut g = vec![Vec::new(); classes];
        for (i, &l) in labels.iter().enumerate() {
            g[l].push(i);
        }
        g
    } else {
        vec![(0..labels.len()).collect()]
    };
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for mut group in groups {
        group.shuffle(&mut rng);
        let n_test = (test_fraction * group.len() as f64).round() as usize;
        test.extend_from_slice(&group[..n_test]);
        train.extend_from_slice(&group[n_test..]);
    }
    train.sort_unstable();
    test.sort_unstable();
    Ok((train, test))
}

/// `k` cross-validation folds over `n` rows (see [`Dataset::k_fold`]).
// ANCHOR: k_fold_indices
pub fn k_fold_indices(n: usize, k: usize, seed: u64) -> Result<Vec<(Vec<usize>, Vec<usize>)>> {
    if k < 2 || k > n {
        return Err(DataError::invalid(
            "k",
            format!("a fold count from 2 to the number of rows ({n})"),
            k,
        ));
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    Ok((0..k)
        .map(|f| {
            let (lo, hi) = (f * n / k, (f + 1) * n / k);
            let mut val = order[lo..hi].to_vec();
            let mut train: Vec<usize> = order[..lo].iter().chain(&order[hi..]).copied().collect();
            val.sort_unstable();
            train.sort_unstable();
            (train, val)
        })
        .collect())
}
// ANCHOR_END: k_fold_indices

#[cfg(test)]
mod tests {
    use super::*;

    fn toy(n: usize) -> Dataset<f64> {
        let x = DMatrix::from_fn(n, 2, |i, j| (i * 2 + j) as f64);
        let labels = (0..n).map(|i| usize::from(i % 4 == 0)).collect();
        Dataset::new(
            x,
            labels,
            vec!["a".into(), "b".into()],
            vec!["p".into(), "q".into()],
        )
        .unwrap()
    }

    #[test]
    fn new_rejects_mismatched_parts() {
        let x = DMatrix::<f64>::zeros(3, 2);
        let names = || vec!["p".to_string(), "q".to_string()];
        assert!(
            Dataset::new(x.clone(), vec![0, 1], vec!["a".into(), "b".into()], names()).is_err()
        );
        assert!(
            Dataset::new(
                x.clone(),
                vec![0, 1, 2],
                vec!["a".into(), "b".into()],
                names()
            )
            .is_err()
        );
        assert!(Dataset::new(x, vec![0, 1, 1], vec!["a".into(), "b".into()], vec![]).is_err());
    }

    #[test]
    fn one_hot_and_counts() {
        let d = toy(8);
        let t = d.one_hot();
        assert_eq!(t.shape(), (8, 2));
        assert_eq!(t[(0, 1)], 1.0);
        assert_eq!(t[(1, 0)], 1.0);
        assert_eq!(d.class_counts(), vec![6, 2]);
    }

    #[test]
    fn subset_keeps_rows_and_labels_together() {
        let d = toy(10);
        let s = d.subset(&[4, 1, 99]);
        assert_eq!(s.n(), 2);
        assert_eq!(s.x[(0, 0)], 8.0);
        assert_eq!(s.labels, vec![1, 0]);
    }

    #[test]
    fn split_is_a_partition_with_the_right_size() {
        let d = toy(100);
        let (tr, te) = d.split(0.25, false, 1).unwrap();
        assert_eq!((tr.n(), te.n()), (75, 25));
        let (a, b) = split_indices(&d.labels, 0.25, false, 1).unwrap();
        let mut all: Vec<usize> = a.iter().chain(&b).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..100).collect::<Vec<_>>());
        assert_eq!(
            split_indices(&d.labels, 0.25, false, 1).unwrap().1,
            b,
            "seeded"
        );
        assert_ne!(split_indices(&d.labels, 0.25, false, 2).unwrap().1, b);
    }

    #[test]
    fn stratified_split_keeps_proportions() {
        let d = toy(100); // 25 of class 1
        let (tr, te) = d.split(0.2, true, 3).unwrap();
        assert_eq!(te.class_counts(), vec![15, 5]);
        assert_eq!(tr.class_counts(), vec![60, 20]);
    }

    #[test]
    fn split_rejects_bad_fractions() {
        let d = toy(10);
        for f in [-0.1, 1.5, f64::NAN] {
            assert!(d.split(f, true, 0).is_err());
        }
    }

    #[test]
    fn k_fold_validation_parts_cover_everything_once() {
        let d = toy(23);
        let folds = d.k_fold(5, 7).unwrap();
        assert_eq!(folds.len(), 5);
        let mut seen = [0; 23];
        for (train, val) in &folds {
            assert_eq!(train.len() + val.len(), 23);
            assert!((4..=5).contains(&val.len()));
            assert!(val.iter().all(|v| !train.contains(v)));
            for &v in val {
                seen[v] += 1;
            }
        }
        assert!(seen.iter().all(|&c| c == 1));
        assert!(d.k_fold(1, 0).is_err());
        assert!(d.k_fold(24, 0).is_err());
    }

    #[test]
    fn stratified_folds_keep_proportions() {
        let d = toy(100); // 25 of class 1
        let folds = d.stratified_k_fold(5, 1).unwrap();
        let mut seen = [0; 100];
        for (train, val) in &folds {
            assert_eq!(train.len() + val.len(), 100);
            assert_eq!(d.subset(val).class_counts(), vec![15, 5]);
            val.iter().for_each(|&v| seen[v] += 1);
        }
        assert!(seen.iter().all(|&c| c == 1));
        assert!(d.stratified_k_fold(101, 0).is_err());
    }

    #[test]
    fn cast_changes_precision_only() {
        let d = toy(3).cast::<f32>();
        assert_eq!(d.x[(2, 1)], 5.0f32);
        assert_eq!(d.labels, vec![1, 0, 0]);
    }
}
