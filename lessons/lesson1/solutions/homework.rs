//! Reference solutions for lesson 1's homework (compiled instead of `src/homework.rs` with the
//! `solution` feature). Written as the lecture's index loops, one function per exercise.

// The index loops mirror the lecture's C++.
#![allow(clippy::needless_range_loop)]

use crate::Forward;
use nalgebra::DMatrix;

// ANCHOR: matrix_multi
/// Matrix product `C = A B`: `c_ij = Σ_k a_ik b_kj`.
pub fn matrix_multi(a: &DMatrix<f64>, b: &DMatrix<f64>) -> DMatrix<f64> {
    let (n, k, m) = (a.nrows(), b.nrows(), b.ncols());
    let mut c = DMatrix::zeros(n, m);
    for i in 0..n {
        for j in 0..m {
            for l in 0..k {
                c[(i, j)] += a[(i, l)] * b[(l, j)];
            }
        }
    }
    c
}
// ANCHOR_END: matrix_multi

// ANCHOR: expansion_bias
/// `B = (1,…,1)ᵀ ⊗ b`.
pub fn expansion_bias(b: &DMatrix<f64>, n: usize) -> DMatrix<f64> {
    DMatrix::from_fn(n, b.ncols(), |_, j| b[(0, j)])
}
// ANCHOR_END: expansion_bias

// ANCHOR: hm_relu
/// ReLU element by element.
pub fn hm_relu(a: &DMatrix<f64>) -> DMatrix<f64> {
    a.map(|v| if v > 0.0 { v } else { 0.0 })
}
// ANCHOR_END: hm_relu

// ANCHOR: hm_softmax
/// Row-wise softmax, with the row maximum subtracted.
pub fn hm_softmax(a: &DMatrix<f64>) -> DMatrix<f64> {
    let mut x = a.clone();
    for i in 0..a.nrows() {
        let max = a.row(i).max();
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
// ANCHOR_END: hm_softmax

// ANCHOR: cross_entropy
/// `CE = −(1/n) Σ_i Σ_j t_ij log x_ij` (with `x_ij` floored at 10⁻¹² so that `log 0` never occurs).
pub fn cross_entropy(x: &DMatrix<f64>, t: &DMatrix<f64>) -> f64 {
    let n = x.nrows() as f64;
    let mut sum = 0.0;
    for i in 0..x.nrows() {
        for j in 0..x.ncols() {
            sum += t[(i, j)] * x[(i, j)].max(1e-12).ln();
        }
    }
    -sum / n
}
// ANCHOR_END: cross_entropy

// ANCHOR: forward
/// The forward loop.
pub fn forward(x0: &DMatrix<f64>, w: &[DMatrix<f64>], b: &[DMatrix<f64>]) -> Forward {
    let depth = w.len();
    let n = x0.nrows();
    let mut fwd = Forward {
        a: Vec::with_capacity(depth),
        x: vec![x0.clone()],
    };
    for k in 0..depth {
        let a = matrix_multi(&fwd.x[k], &w[k]) + expansion_bias(&b[k], n);
        let x = if k + 1 == depth {
            hm_softmax(&a)
        } else {
            hm_relu(&a)
        };
        fwd.a.push(a);
        fwd.x.push(x);
    }
    fwd
}
// ANCHOR_END: forward
