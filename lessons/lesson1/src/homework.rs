//! # Your homework for lesson 1 (forward propagation)
//!
//! Replace each `todo!(…)` with your code, then run `cargo homework` to check it and
//! `cargo run -p lesson1 -- --mine` to run the lesson on your functions.
//! Matrices are nalgebra `DMatrix<f64>` with one instance per row: `a[(i, j)]` is row i,
//! column j; `a.nrows()`, `a.ncols()`, `DMatrix::zeros(n, m)` and `a.shape()` are all you need
//! to write the lecture's index loops (or use nalgebra's operators, `a * b`, `a.map(…)`).
//! Stuck? `cargo homework hint ID`. The book explains each formula (book/src/lesson1.md).
// Unused parameters are expected while a body is still `todo!()`.
#![allow(unused_variables)]

use crate::Forward;
use nalgebra::DMatrix;

/// Matrix product `C = A B`: `c_ij = Σ_k a_ik b_kj` (A is n×k, B is k×m, C is n×m).
///
/// book: chapter 1, section "The forward pass as matrix products"
pub fn matrix_multi(a: &DMatrix<f64>, b: &DMatrix<f64>) -> DMatrix<f64> {
    todo!("matrix_multi: c_ij = Σ_k a_ik b_kj")
}

/// The bias matrix `B = (1,…,1)ᵀ ⊗ b`: the 1×m row `b` repeated `n` times (n×m).
///
/// book: chapter 1, section "The bias and the Kronecker product"
pub fn expansion_bias(b: &DMatrix<f64>, n: usize) -> DMatrix<f64> {
    todo!("expansion_bias: repeat the row b n times")
}

/// ReLU element by element: `x_ij = a_ij` if `a_ij > 0`, else `0`.
///
/// book: chapter 1, section "Activation functions"
pub fn hm_relu(a: &DMatrix<f64>) -> DMatrix<f64> {
    todo!("hm_relu: x_ij = max(0, a_ij)")
}

/// Softmax of each row: `x_ij = e^(a_ij) / Σ_k e^(a_ik)`.
/// Subtract the row's maximum from every `a_ik` first: the result is the same and `exp` cannot
/// overflow.
///
/// book: chapter 1, section "Softmax"
pub fn hm_softmax(a: &DMatrix<f64>) -> DMatrix<f64> {
    todo!("hm_softmax: x_ij = e^(a_ij) / Σ_k e^(a_ik), row by row")
}

/// Cross entropy of the outputs `x` against one-hot targets `t` (both n×m):
/// `CE = −(1/n) Σ_i Σ_j t_ij log x_ij`.
///
/// book: chapter 1, section "Cross entropy"
pub fn cross_entropy(x: &DMatrix<f64>, t: &DMatrix<f64>) -> f64 {
    todo!("cross_entropy: CE = −(1/n) Σ_i Σ_j t_ij log x_ij")
}

/// The forward loop `for k in 0..depth` (the lecture's "ここに書く", write here): with
/// `depth = w.len()`,
/// `A^(k+1) = X^k W^(k+1) + (1,…,1)ᵀ ⊗ b^(k+1)` and `X^(k+1) = ReLU(A^(k+1))` for hidden layers,
/// `softmax(A^depth)` for the last. Return every `A` in `a` and `x = [X^0, X^1, …, X^depth]`.
///
/// book: chapter 1, section "The forward loop"
pub fn forward(x0: &DMatrix<f64>, w: &[DMatrix<f64>], b: &[DMatrix<f64>]) -> Forward {
    todo!("forward: for k in 0..depth, A = X W + B, X = h(A)")
}
