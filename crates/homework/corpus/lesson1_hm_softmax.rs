//! Learner answers to lesson 1's `hm_softmax`.
use nalgebra::DMatrix;

/// Right: index loops, the row maximum subtracted.
pub fn right_loops(a: &DMatrix<f64>) -> DMatrix<f64> {
    let mut x = a.clone();
    for i in 0..a.nrows() {
        let mut max = a[(i, 0)];
        for j in 1..a.ncols() {
            if a[(i, j)] > max {
                max = a[(i, j)];
            }
        }
        let mut sum = 0.0;
        for j in 0..a.ncols() {
            x[(i, j)] = (a[(i, j)] - max).exp();
            sum += x[(i, j)];
        }
        for j in 0..a.ncols() {
            x[(i, j)] /= sum;
        }
    }
    x
}

/// Right: row by row with nalgebra's row views.
pub fn right_rows(a: &DMatrix<f64>) -> DMatrix<f64> {
    let mut x = a.clone();
    for mut row in x.row_iter_mut() {
        let max = row.max();
        row.apply(|v| *v = (*v - max).exp());
        let sum = row.sum();
        row /= sum;
    }
    x
}

/// Right: from_fn with each row's maximum and sum computed first.
pub fn right_from_fn(a: &DMatrix<f64>) -> DMatrix<f64> {
    let maxes: Vec<f64> = a.row_iter().map(|r| r.max()).collect();
    let sums: Vec<f64> = (0..a.nrows())
        .map(|i| a.row(i).iter().map(|v| (v - maxes[i]).exp()).sum())
        .collect();
    DMatrix::from_fn(a.nrows(), a.ncols(), |i, j| {
        (a[(i, j)] - maxes[i]).exp() / sums[i]
    })
}

/// Wrong: no maximum subtracted (overflows).
pub fn wrong_no_max(a: &DMatrix<f64>) -> DMatrix<f64> {
    let e = a.map(f64::exp);
    let mut x = e.clone();
    for (i, mut row) in x.row_iter_mut().enumerate() {
        row /= e.row(i).sum();
    }
    x
}

/// Wrong: the whole matrix's maximum.
pub fn wrong_global_max(a: &DMatrix<f64>) -> DMatrix<f64> {
    let max = a.max();
    let e = a.map(|v| (v - max).exp());
    let mut x = e.clone();
    for (i, mut row) in x.row_iter_mut().enumerate() {
        row /= e.row(i).sum();
    }
    x
}

/// Wrong: normalised by columns.
pub fn wrong_columns(a: &DMatrix<f64>) -> DMatrix<f64> {
    right_loops(&a.transpose()).transpose()
}

/// Wrong: the last column left out of the sum.
pub fn wrong_sum_skips_last(a: &DMatrix<f64>) -> DMatrix<f64> {
    let mut x = a.clone();
    for i in 0..a.nrows() {
        let max = a.row(i).max();
        let mut sum = 0.0;
        for j in 0..a.ncols() {
            x[(i, j)] = (a[(i, j)] - max).exp();
            if j + 1 < a.ncols() {
                sum += x[(i, j)];
            }
        }
        for j in 0..a.ncols() {
            x[(i, j)] /= sum;
        }
    }
    x
}
