//! Matrix helpers of lecture 1: the Kronecker product, the bias matrix, column sums, one-hot.

use crate::Float;
use nalgebra::{DMatrix, RowDVector};

// ANCHOR: kron
/// Kronecker product as the lectures define it: for an m×n `A` and a p×q `B`, the mp×nq block
/// matrix whose block (i, j) is `a_ij B`.
///
/// `(A ⊗ B)[i·p + r, j·q + s] = a_ij · b_rs`
pub fn kron<T: Float>(a: &DMatrix<T>, b: &DMatrix<T>) -> DMatrix<T> {
    let (p, q) = b.shape();
    DMatrix::from_fn(a.nrows() * p, a.ncols() * q, |row, col| {
        a[(row / p, col / q)] * b[(row % p, col % q)]
    })
}
// ANCHOR_END: kron

// ANCHOR: expansion_bias
/// The bias matrix of lecture 1: the row vector `b` repeated `n` times,
/// `B = (1,…,1)ᵀ ⊗ b` (an n×m matrix).
pub fn expansion_bias<T: Float>(b: &RowDVector<T>, n: usize) -> DMatrix<T> {
    DMatrix::from_fn(n, b.len(), |_, j| b[j])
}
// ANCHOR_END: expansion_bias

// ANCHOR: column_sum
/// Column sums `(Σ_i δ_i1, Σ_i δ_i2, …)` as a row vector: the bias gradient `∂L/∂b = 1ᵀ Δ`.
pub fn column_sum<T: Float>(delta: &DMatrix<T>) -> RowDVector<T> {
    delta.row_sum()
}
// ANCHOR_END: column_sum

// ANCHOR: calc_r_bias
/// The lectures' `calc_r_bias`: the column sums of Δ expanded back to n rows,
/// `(1,…,1)ᵀ ⊗ (Σ_i δ_i1, Σ_i δ_i2, …)`.
pub fn calc_r_bias<T: Float>(delta: &DMatrix<T>) -> DMatrix<T> {
    expansion_bias(&column_sum(delta), delta.nrows())
}
// ANCHOR_END: calc_r_bias

// ANCHOR: one_hot
/// One-hot targets: row i has `t_ij = 1` where `j = labels[i]`, 0 elsewhere (n×classes).
///
/// Labels must be `< classes`; the caller (a dataset loader) validates them.
pub fn one_hot<T: Float>(labels: &[usize], classes: usize) -> DMatrix<T> {
    let mut t = DMatrix::zeros(labels.len(), classes);
    for (i, &label) in labels.iter().enumerate() {
        if label < classes {
            t[(i, label)] = T::one();
        }
    }
    t
}
// ANCHOR_END: one_hot

/// Index of the largest entry of each row (the predicted class of each instance).
/// Ties go to the first index.
pub fn argmax_rows<T: Float>(x: &DMatrix<T>) -> Vec<usize> {
    (0..x.nrows())
        .map(|i| {
            let mut best = 0;
            for j in 1..x.ncols() {
                if x[(i, j)] > x[(i, best)] {
                    best = j;
                }
            }
            best
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kron_matches_block_definition() {
        let a = DMatrix::from_row_slice(2, 2, &[1.0, 2.0, 3.0, 4.0]);
        let b = DMatrix::from_row_slice(1, 2, &[0.0, 5.0]);
        let k = kron(&a, &b);
        let expected = DMatrix::from_row_slice(2, 4, &[0.0, 5.0, 0.0, 10.0, 0.0, 15.0, 0.0, 20.0]);
        assert_eq!(k, expected);
        // Identity: (A ⊗ B)(C ⊗ D) = AC ⊗ BD.
        let c = DMatrix::from_row_slice(2, 1, &[1.0, -1.0]);
        let d = DMatrix::from_row_slice(2, 1, &[2.0, 0.5]);
        assert_eq!(&kron(&a, &b) * &kron(&c, &d), kron(&(&a * &c), &(&b * &d)));
    }

    #[test]
    fn expansion_bias_is_kronecker_of_ones() {
        let b = RowDVector::from_row_slice(&[1.5, -2.0, 0.25]);
        let ones = DMatrix::from_element(4, 1, 1.0);
        let bm = DMatrix::from_row_slice(1, 3, b.as_slice());
        assert_eq!(expansion_bias(&b, 4), kron(&ones, &bm));
        assert_eq!(expansion_bias(&b, 4).shape(), (4, 3));
    }

    #[test]
    fn bias_gradient_sums_columns() {
        let d = DMatrix::from_row_slice(3, 2, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        assert_eq!(column_sum(&d), RowDVector::from_row_slice(&[9.0, 12.0]));
        let r = calc_r_bias(&d);
        assert_eq!(r.shape(), (3, 2));
        assert!(r.row_iter().all(|row| row[0] == 9.0 && row[1] == 12.0));
    }

    #[test]
    fn one_hot_and_argmax_invert_each_other() {
        let labels = [2, 0, 1, 2];
        let t: DMatrix<f64> = one_hot(&labels, 3);
        assert_eq!(t.row_sum().as_slice(), &[1.0, 1.0, 2.0]);
        assert_eq!(argmax_rows(&t), labels);
    }
}
