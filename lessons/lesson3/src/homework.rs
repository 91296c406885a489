//! # Your homework for lesson 3 (the lecture's "ここに書く", *write here*)
//!
//! Replace each `todo!(…)` with your code, then run `cargo homework` to check it and
//! `cargo run -p lesson3 -- --mine` to train the circle network with your own loops.
//! Stuck? `cargo homework hint ID`. The book explains each step (book/src/lesson3.md).
// Unused parameters are expected while a body is still `todo!()`.
#![allow(unused_variables)]

use nalgebra::DMatrix;
use nn_core::Network;

/// Forward propagation over the layers, `for k in 0..depth` (exercise `forward_loop`).
///
/// With the input `x0` as "layer −1" (`X^(−1) = x0`) and `n = x0.nrows()`:
///
/// `A^k = X^(k−1) W^k + B^k` where `B^k = (1,…,1)ᵀ ⊗ b^k` (every row is `b^k`), then
/// `X^k = h_k(A^k)` where `h_k = nn.layers[k].activation` (ReLU or tanh in the hidden layers,
/// softmax in the last).
///
/// Store `A^k` in `nn.layers[k].a` and `X^k` in `nn.layers[k].x`.
/// Useful: `depth = nn.depth()`, `&x * &w`, `nn_core::expansion_bias(&b, n)`,
/// `activation.apply(&a)`.
///
/// book: book/src/lesson3.md, section "The forward loop"
pub fn forward_loop(nn: &mut Network<f64>, x0: &DMatrix<f64>) {
    todo!("forward_loop: for k in 0..depth, a = x_prev w + B and x = h(a) for nn.layers[k]")
}

/// Backpropagation over the layers in reverse, `for k in (0..depth).rev()` (exercise
/// `backward_loop`). It is called after the forward pass on the same `x0`; `t` holds the one-hot
/// targets (n×m).
///
/// For each `k`, from the last layer `K = depth − 1` down to 0:
/// - output layer (softmax + cross entropy): `Δ^K = (X^K − T) / n`;
/// - hidden layer: `Δ^k = (Δ^(k+1) W^(k+1)ᵀ) ⊙ h_k'(A^k)`;
/// - then `∂L/∂W^k = X^(k−1)ᵀ Δ^k` (with `X^(−1) = x0`) and
///   `∂L/∂b^k = (Σ_i δ_i1, Σ_i δ_i2, …)`, the column sums of `Δ^k`.
///
/// Store them in `nn.layers[k].delta`, `.dw` and `.db`; do not change any `w` or `b`.
/// Useful: `activation.derivative(&a)`, `component_mul`, `transpose()`, `nn_core::column_sum`.
///
/// book: book/src/lesson3.md, section "The backward loop"
pub fn backward_loop(nn: &mut Network<f64>, x0: &DMatrix<f64>, t: &DMatrix<f64>) {
    todo!("backward_loop: for k in (0..depth).rev(), delta, dw and db of nn.layers[k]")
}

/// The learning plan (exercise `update_eta`): the learning rate to use once iteration `i`
/// (0-based) has been learned,
///
/// `if (i+1) % learning_plan == 0 { eta *= attenuation }`; a `learning_plan` of 0 means never.
///
/// After t iterations this gives `η_t = η_0 · attenuation^⌊t / learning_plan⌋`.
///
/// book: book/src/lesson3.md, section "Learning plan"
pub fn update_eta(eta: f64, i: usize, attenuation: f64, learning_plan: usize) -> f64 {
    todo!("update_eta: multiply eta by attenuation after every learning_plan iterations")
}
