//! Reference solutions for lesson 2's homework (compiled instead of `src/homework.rs` with the
//! `solution` feature). Written as the lecture's index loops.

// The index loops mirror the lecture's C++.
#![allow(clippy::needless_range_loop)]

use crate::{Forward, Gradients};
use nalgebra::DMatrix;

// ANCHOR: calc_r_cross_entropy
/// `∂CE/∂x_ij = −t_ij / (n x_ij)` (with `x_ij` floored at 10⁻¹²).
pub fn calc_r_cross_entropy(x: &DMatrix<f64>, t: &DMatrix<f64>) -> DMatrix<f64> {
    let n = x.nrows() as f64;
    DMatrix::from_fn(x.nrows(), x.ncols(), |i, j| {
        -t[(i, j)] / (n * x[(i, j)].max(1e-12))
    })
}
// ANCHOR_END: calc_r_cross_entropy

// ANCHOR: calc_r_softmax
/// One m×m Jacobian per instance: `x_si (1 − x_sj)` on the diagonal, `−x_si x_sj` off it.
pub fn calc_r_softmax(x: &DMatrix<f64>) -> Vec<DMatrix<f64>> {
    let (n, m) = x.shape();
    let mut ret = vec![DMatrix::zeros(m, m); n];
    for s in 0..n {
        for i in 0..m {
            for j in 0..m {
                let delta_ij = if i == j { 1.0 } else { 0.0 };
                ret[s][(i, j)] = x[(s, i)] * (delta_ij - x[(s, j)]);
            }
        }
    }
    ret
}
// ANCHOR_END: calc_r_softmax

// ANCHOR: calc_r_relu
/// 1 where `a > 0`, else 0.
pub fn calc_r_relu(a: &DMatrix<f64>) -> DMatrix<f64> {
    a.map(|v| if v > 0.0 { 1.0 } else { 0.0 })
}
// ANCHOR_END: calc_r_relu

// ANCHOR: calc_r_bias
/// Column sums of Δ, repeated n times.
pub fn calc_r_bias(delta: &DMatrix<f64>) -> DMatrix<f64> {
    let (n, m) = delta.shape();
    let mut rb = vec![0.0; m];
    for j in 0..m {
        for i in 0..n {
            rb[j] += delta[(i, j)];
        }
    }
    DMatrix::from_fn(n, m, |_, j| rb[j])
}
// ANCHOR_END: calc_r_bias

// ANCHOR: backward
/// The backward loop, output layer first.
pub fn backward(w: &[DMatrix<f64>], fwd: &Forward, t: &DMatrix<f64>) -> Gradients {
    let depth = w.len();
    let mut g = Gradients {
        delta: vec![DMatrix::zeros(0, 0); depth],
        dw: vec![DMatrix::zeros(0, 0); depth],
        db: vec![DMatrix::zeros(0, 0); depth],
    };
    for k in (0..depth).rev() {
        g.delta[k] = if k + 1 == depth {
            let x = &fwd.x[depth];
            let r = calc_r_cross_entropy(x, t);
            let jac = calc_r_softmax(x);
            let mut d = DMatrix::zeros(x.nrows(), x.ncols());
            for s in 0..x.nrows() {
                d.set_row(s, &(r.row(s) * &jac[s]));
            }
            d
        } else {
            (&g.delta[k + 1] * w[k + 1].transpose()).component_mul(&calc_r_relu(&fwd.a[k]))
        };
        g.dw[k] = fwd.x[k].transpose() * &g.delta[k];
        g.db[k] = calc_r_bias(&g.delta[k]);
    }
    g
}
// ANCHOR_END: backward
