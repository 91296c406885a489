//! Learner answers to lesson 5's `standardize`.
use nalgebra::DMatrix;

type Pair = (DMatrix<f64>, DMatrix<f64>);

/// μ and σ of column `j` of `train`, σ from `var` (with σ = 1 for a constant column).
fn apply(
    train: &DMatrix<f64>,
    test: &DMatrix<f64>,
    columns: &[usize],
    stats: impl Fn(&[f64]) -> (f64, f64),
) -> Pair {
    let (mut a, mut b) = (train.clone(), test.clone());
    for &j in columns {
        let v: Vec<f64> = train.column(j).iter().copied().collect();
        let (mu, sigma) = stats(&v);
        let sigma = if sigma < 1e-12 { 1.0 } else { sigma };
        for i in 0..a.nrows() {
            a[(i, j)] = (a[(i, j)] - mu) / sigma;
        }
        for i in 0..b.nrows() {
            b[(i, j)] = (b[(i, j)] - mu) / sigma;
        }
    }
    (a, b)
}

/// Right: two passes, loops.
pub fn right_two_pass(train: &DMatrix<f64>, test: &DMatrix<f64>, columns: &[usize]) -> Pair {
    apply(train, test, columns, |v| {
        let n = v.len() as f64;
        let mu = v.iter().sum::<f64>() / n;
        let var = v.iter().map(|x| (x - mu) * (x - mu)).sum::<f64>() / n;
        (mu, var.sqrt())
    })
}

/// Right: nalgebra's mean and variance of the column (population variance).
pub fn right_nalgebra(train: &DMatrix<f64>, test: &DMatrix<f64>, columns: &[usize]) -> Pair {
    let (mut a, mut b) = (train.clone(), test.clone());
    for &j in columns {
        let mu = train.column(j).mean();
        let sigma = train.column(j).variance().sqrt();
        let sigma = if sigma < 1e-12 { 1.0 } else { sigma };
        a.column_mut(j).apply(|x| *x = (*x - mu) / sigma);
        b.column_mut(j).apply(|x| *x = (*x - mu) / sigma);
    }
    (a, b)
}

/// Right: Welford's one-pass mean and variance.
pub fn right_welford(train: &DMatrix<f64>, test: &DMatrix<f64>, columns: &[usize]) -> Pair {
    apply(train, test, columns, |v| {
        let (mut mean, mut m2) = (0.0, 0.0);
        for (k, &x) in v.iter().enumerate() {
            let d = x - mean;
            mean += d / (k + 1) as f64;
            m2 += d * (x - mean);
        }
        (mean, (m2 / v.len() as f64).sqrt())
    })
}

/// Wrong: σ² = E[x²] − μ² (issue 33: the message printed the same six digits twice).
pub fn wrong_one_pass(train: &DMatrix<f64>, test: &DMatrix<f64>, columns: &[usize]) -> Pair {
    apply(train, test, columns, |v| {
        let n = v.len() as f64;
        let mu = v.iter().sum::<f64>() / n;
        let var = v.iter().map(|x| x * x).sum::<f64>() / n - mu * mu;
        (mu, var.max(0.0).sqrt())
    })
}

/// Wrong: n − 1.
pub fn wrong_sample(train: &DMatrix<f64>, test: &DMatrix<f64>, columns: &[usize]) -> Pair {
    apply(train, test, columns, |v| {
        let n = v.len() as f64;
        let mu = v.iter().sum::<f64>() / n;
        let var = v.iter().map(|x| (x - mu) * (x - mu)).sum::<f64>() / (n - 1.0);
        (mu, var.sqrt())
    })
}

/// Wrong: the test part standardized with its own statistics.
pub fn wrong_own_test_stats(train: &DMatrix<f64>, test: &DMatrix<f64>, columns: &[usize]) -> Pair {
    let (a, _) = right_two_pass(train, test, columns);
    let (b, _) = right_two_pass(test, test, columns);
    (a, b)
}

/// Wrong: `for j in 0..columns.len()`, positions taken for column indices.
pub fn wrong_positions(train: &DMatrix<f64>, test: &DMatrix<f64>, columns: &[usize]) -> Pair {
    let positions: Vec<usize> = (0..columns.len()).collect();
    right_two_pass(train, test, &positions)
}
