//! # Your homework for lesson 6 (MNIST)
//!
//! Replace each `todo!(…)` with your code, then run `cargo homework` to check it and
//! `cargo run --release -p lesson6 -- train --mine` to train on MNIST with your functions: your
//! pixels, your dropout, your accuracy (and your weight decay with `--weight-decay`). On the same
//! seed it reaches the same accuracy as `train --taught`, the same loop with the library's
//! functions. Matrices are nalgebra `DMatrix<f32>` (MNIST computes in `f32`), one image per row.
//! Stuck? `cargo homework hint ID`. The explanations: book/src/lesson6.md.
// Unused parameters are expected while a body is still `todo!()`.
#![allow(unused_variables)]

use nalgebra::DMatrix;
use nn_core::Network;

/// The images as the network reads them: `bytes` holds n images of `pixels` grey levels each
/// (0 = background, 255 = ink), image after image, each row by row, so image i is
/// `bytes[i·pixels .. (i+1)·pixels]`. Returns the n×pixels matrix `X` with
///
/// `x_ij = bytes[i·pixels + j] / 255`, in [0, 1]:
///
/// row i is image i (one instance per row, as in every lesson). Note that `DMatrix::from_vec`
/// and `from_iterator` fill a matrix column by column; `from_row_slice` and `from_fn` are the
/// row-by-row ones.
///
/// book: chapter 6, section "The data: pixels as features"
pub fn normalize_pixels(bytes: &[u8], pixels: usize) -> DMatrix<f32> {
    todo!("normalize_pixels: x_ij = bytes[i * pixels + j] / 255, one image per row")
}

/// The fraction of images classified right: with the network's output `x` (n×classes, row i the
/// probabilities of image i) and the true `labels`,
///
/// `accuracy = (1/n) Σ_i [argmax_j x_ij = labels_i]`,
///
/// where `argmax_j` is the column of the largest entry of row i — the **first** such column when
/// several are equal (as NumPy's `argmax` and `nn_core::argmax_rows` do). 0 when there are no
/// rows.
///
/// book: chapter 6, section "The data: pixels as features"
pub fn accuracy(x: &DMatrix<f32>, labels: &[usize]) -> f64 {
    todo!(
        "accuracy: the fraction of rows whose largest entry (the first, on a tie) is at the label"
    )
}

/// Inverted dropout's forward pass on a hidden layer's output `X` (n×m), with rate `p`.
///
/// In training (`training == true`), unit (i, j) is dropped when the uniform random number
/// `u_ij` (drawn by the lesson, in [0, 1)) is below p, which happens with probability p. The
/// mask `M` (n×m) is
///
/// `m_ij = 0 if u_ij < p, else 1/(1 − p)`,
///
/// and the layer passes on `X̃ = X ⊙ M` (entry by entry). Scaling the kept units by 1/(1 − p)
/// keeps `E[x̃_ij] = x_ij`, so at test time (`training == false`) **nothing changes**: `X̃ = X`,
/// and the mask is all ones.
///
/// Returns `(X̃, M)`: the lesson keeps M for the backward pass ([`dropout_backward`]).
///
/// book: chapter 6, section "Regularization: dropout, weight averaging and shifted digits"
pub fn dropout_forward(
    x: &DMatrix<f32>,
    u: &DMatrix<f32>,
    p: f32,
    training: bool,
) -> (DMatrix<f32>, DMatrix<f32>) {
    todo!(
        "dropout_forward: m_ij = 0 if u_ij < p else 1/(1 − p) in training, X̃ = X ⊙ M; at test time X̃ = X"
    )
}

/// Inverted dropout's backward pass: the `Δ` arriving at a hidden layer's output (n×m) goes back
/// through `x̃_ij = x_ij m_ij` with the mask `M` the forward pass returned:
///
/// `∂L/∂x_ij = m_ij · ∂L/∂x̃_ij`, that is `Δ ⊙ M`.
///
/// A dropped unit passes no gradient back; a kept one passes it scaled by the same 1/(1 − p) the
/// forward pass applied.
///
/// book: chapter 6, section "Regularization: dropout, weight averaging and shifted digits"
pub fn dropout_backward(delta: &DMatrix<f32>, mask: &DMatrix<f32>) -> DMatrix<f32> {
    todo!("dropout_backward: Δ ⊙ M with the forward pass's mask")
}

/// The weight-decay term of the gradient. The loss with L2 regularisation is
/// `L' = L + (λ/2) Σ_l ‖W^l‖²`, whose gradient is
///
/// `∂L'/∂W^l = ∂L/∂W^l + λ W^l`.
///
/// After backpropagation each layer `net.layers[l]` holds `dw` (= ∂L/∂W^l), `w` (= W^l), `db`
/// and `b`: add `λ W^l` to every layer's `dw`. Biases are not decayed (leave `db` alone), and
/// the weights themselves are the optimizer's to change (leave `w` alone).
///
/// book: chapter 6, section "Regularization: weight decay"
pub fn weight_decay(net: &mut Network<f32>, lambda: f32) {
    todo!("weight_decay: dw += λ W for every layer; b, db and w unchanged")
}
