//! Learner answers to lesson 6's `accuracy`, as a learner would write them.
use nalgebra::DMatrix;

/// Right: index loops, `>` so the first of a tie wins.
pub fn right_loops(x: &DMatrix<f32>, labels: &[usize]) -> f64 {
    if x.nrows() == 0 {
        return 0.0;
    }
    let mut correct = 0;
    for i in 0..x.nrows() {
        let mut best = 0;
        for j in 0..x.ncols() {
            if x[(i, j)] > x[(i, best)] {
                best = j;
            }
        }
        if best == labels[i] {
            correct += 1;
        }
    }
    correct as f64 / x.nrows() as f64
}

/// Right: iterators, `max_by` on reversed columns keeps the first of a tie.
pub fn right_iterators(x: &DMatrix<f32>, labels: &[usize]) -> f64 {
    let n = x.nrows();
    if n == 0 {
        return 0.0;
    }
    let right = x
        .row_iter()
        .zip(labels)
        .filter(|(row, l)| {
            let best = (0..row.len())
                .rev()
                .max_by(|&a, &b| row[a].partial_cmp(&row[b]).unwrap())
                .unwrap();
            best == **l
        })
        .count();
    right as f64 / n as f64
}

/// Right: the row's maximum first, then the first column that reaches it.
pub fn right_max_then_position(x: &DMatrix<f32>, labels: &[usize]) -> f64 {
    let mut right = 0usize;
    for (i, label) in labels.iter().enumerate().take(x.nrows()) {
        let row = x.row(i);
        let max = row.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
        let first = row.iter().position(|&v| v == max).unwrap_or(0);
        right += usize::from(first == *label);
    }
    if x.nrows() == 0 {
        0.0
    } else {
        right as f64 / x.nrows() as f64
    }
}

/// Wrong: never looks at the last column (issue 33).
pub fn wrong_skips_last_column(x: &DMatrix<f32>, labels: &[usize]) -> f64 {
    if x.nrows() == 0 {
        return 0.0;
    }
    let mut correct = 0;
    for i in 0..x.nrows() {
        let mut best = 0;
        for j in 1..x.ncols().saturating_sub(1) {
            if x[(i, j)] > x[(i, best)] {
                best = j;
            }
        }
        if best == labels[i] {
            correct += 1;
        }
    }
    correct as f64 / x.nrows() as f64
}

/// Wrong: `>=`, the last of a tie wins.
pub fn wrong_last_of_tie(x: &DMatrix<f32>, labels: &[usize]) -> f64 {
    if x.nrows() == 0 {
        return 0.0;
    }
    let mut correct = 0;
    for i in 0..x.nrows() {
        let mut best = 0;
        for j in 0..x.ncols() {
            if x[(i, j)] >= x[(i, best)] {
                best = j;
            }
        }
        if best == labels[i] {
            correct += 1;
        }
    }
    correct as f64 / x.nrows() as f64
}

/// Wrong: the count, not the fraction.
pub fn wrong_count(x: &DMatrix<f32>, labels: &[usize]) -> f64 {
    right_loops(x, labels) * x.nrows() as f64
}

/// Wrong: skips the first row.
pub fn wrong_skips_a_row(x: &DMatrix<f32>, labels: &[usize]) -> f64 {
    if x.nrows() == 0 {
        return 0.0;
    }
    let mut correct = 0;
    for i in 1..x.nrows() {
        let mut best = 0;
        for j in 0..x.ncols() {
            if x[(i, j)] > x[(i, best)] {
                best = j;
            }
        }
        if best == labels[i] {
            correct += 1;
        }
    }
    correct as f64 / x.nrows() as f64
}

/// Wrong: 0/0 for no rows.
pub fn wrong_nan_for_none(x: &DMatrix<f32>, labels: &[usize]) -> f64 {
    let right = (0..x.nrows())
        .filter(|&i| right_loops(&x.rows(i, 1).into_owned(), &labels[i..=i]) == 1.0)
        .count();
    right as f64 / x.nrows() as f64
}
