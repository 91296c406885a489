//! Learner answers to lesson 2's `calc_r_cross_entropy`.
use nalgebra::DMatrix;

/// Right: from_fn with the floor.
pub fn right_from_fn(x: &DMatrix<f64>, t: &DMatrix<f64>) -> DMatrix<f64> {
    let n = x.nrows() as f64;
    DMatrix::from_fn(x.nrows(), x.ncols(), |i, j| {
        -t[(i, j)] / (n * x[(i, j)].max(1e-12))
    })
}

/// Right: zip_map.
pub fn right_zip(x: &DMatrix<f64>, t: &DMatrix<f64>) -> DMatrix<f64> {
    let n = x.nrows() as f64;
    t.zip_map(x, |t, x| -t / (n * x.max(1e-12)))
}

/// Right: loops into zeros, the t = 0 entries left at 0.
pub fn right_loops(x: &DMatrix<f64>, t: &DMatrix<f64>) -> DMatrix<f64> {
    let n = x.nrows() as f64;
    let mut r = DMatrix::zeros(x.nrows(), x.ncols());
    for i in 0..x.nrows() {
        for j in 0..x.ncols() {
            if t[(i, j)] != 0.0 {
                r[(i, j)] = -t[(i, j)] / (n * x[(i, j)].max(1e-12));
            }
        }
    }
    r
}

/// Wrong: no floor, −t/(n·x) at x = 0 (issue 33).
pub fn wrong_no_floor(x: &DMatrix<f64>, t: &DMatrix<f64>) -> DMatrix<f64> {
    let n = x.nrows() as f64;
    t.zip_map(x, |t, x| -t / (n * x))
}

/// Wrong: the lecture's doubled version.
pub fn wrong_lecture(x: &DMatrix<f64>, t: &DMatrix<f64>) -> DMatrix<f64> {
    let n = x.nrows() as f64;
    DMatrix::from_fn(x.nrows(), x.ncols(), |i, j| {
        let mut s = -t[(i, j)] / x[(i, j)].max(1e-12);
        for k in 0..x.ncols() {
            if k != j {
                s += t[(i, k)] / x[(i, k)].max(1e-12);
            }
        }
        s / n
    })
}

/// Wrong: not divided by n.
pub fn wrong_no_n(x: &DMatrix<f64>, t: &DMatrix<f64>) -> DMatrix<f64> {
    t.zip_map(x, |t, x| -t / x.max(1e-12))
}

/// Wrong: the sign.
pub fn wrong_sign(x: &DMatrix<f64>, t: &DMatrix<f64>) -> DMatrix<f64> {
    let n = x.nrows() as f64;
    t.zip_map(x, |t, x| t / (n * x.max(1e-12)))
}
