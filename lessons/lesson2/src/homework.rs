//! # Your homework for lesson 2 (backpropagation)
//!
//! Replace each `todo!(…)` with your code, then run `cargo homework` to check it and
//! `cargo run -p lesson2 -- --mine` to run the lesson on your functions.
//! Matrices are nalgebra `DMatrix<f64>`, one instance per row (`a[(i, j)]`, `a.nrows()`,
//! `DMatrix::zeros(n, m)`, `a.transpose()`, `a * b`, `a.component_mul(&b)` for ⊙); a tensor is a
//! `Vec` of matrices. Stuck? `cargo homework hint ID`. The derivations: book/src/lesson2.md.
// Unused parameters are expected while a body is still `todo!()`.
#![allow(unused_variables)]

use crate::{Forward, Gradients};
use nalgebra::DMatrix;

/// `∂CE/∂X` for `CE = −(1/n) Σ_i Σ_j t_ij log x_ij` (n×m): `∂CE/∂x_ij = −t_ij / (n x_ij)`.
/// Treat every `x_ij` as its own variable: how the outputs depend on each other through the
/// softmax is the softmax Jacobian's job (`calc_r_softmax`).
///
/// book: chapter 2, section "The derivative of the cross entropy"
pub fn calc_r_cross_entropy(x: &DMatrix<f64>, t: &DMatrix<f64>) -> DMatrix<f64> {
    todo!("calc_r_cross_entropy: ∂CE/∂x_ij = −t_ij / (n x_ij)")
}

/// The softmax Jacobian of each instance s (row of `x = softmax(a)`), an m×m matrix
/// `J_s[(i, j)] = ∂x_si/∂a_sj`: `x_si (1 − x_sj)` if i = j, `−x_si x_sj` if i ≠ j.
/// Return one matrix per row of `x` (the lecture's n×m×m tensor).
///
/// book: chapter 2, section "The softmax Jacobian"
pub fn calc_r_softmax(x: &DMatrix<f64>) -> Vec<DMatrix<f64>> {
    todo!("calc_r_softmax: J[i][j] = x_i (δ_ij − x_j) for each row")
}

/// ReLU's derivative element by element: 1 where `a_ij > 0`, else 0.
///
/// book: chapter 2, section "Derivatives of the activations"
pub fn calc_r_relu(a: &DMatrix<f64>) -> DMatrix<f64> {
    todo!("calc_r_relu: 1 where a > 0, else 0")
}

/// The bias gradient `∂L/∂B = (1,…,1)ᵀ ⊗ (Σ_i δ_i1, Σ_i δ_i2, …)`: sum Δ (n×m) over the batch
/// (its columns), then repeat that row n times, so the result is n×m like `B`.
///
/// book: chapter 2, section "The bias gradient"
pub fn calc_r_bias(delta: &DMatrix<f64>) -> DMatrix<f64> {
    todo!("calc_r_bias: column sums of delta, repeated n times")
}

/// The backward loop `for k in (0..depth).rev()` (the lecture's "ここに書く", write here), given
/// the weights `w` and a forward pass `fwd` (`fwd.a[k] = A^(k+1)`, `fwd.x[k] = X^k`):
/// - output layer: `Δ^K = ∂CE/∂X^K · ∂softmax/∂A^K`, per instance the row `∂CE/∂x_i` times the
///   Jacobian `J_i` (it equals `(X^K − T)/n`);
/// - hidden layer: `Δ^l = (Δ^(l+1) W^(l+1)ᵀ) ⊙ ReLU'(A^l)`;
/// - `∂L/∂W^l = X^(l−1)ᵀ Δ^l`, `∂L/∂B^l = calc_r_bias(Δ^l)`.
///
/// book: chapter 2, section "The backward loop"
pub fn backward(w: &[DMatrix<f64>], fwd: &Forward, t: &DMatrix<f64>) -> Gradients {
    todo!("backward: for k in (0..depth).rev(), Δ, ∂L/∂W, ∂L/∂B")
}
