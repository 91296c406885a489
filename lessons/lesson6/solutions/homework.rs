//! Reference solutions of lesson 6's homework (compiled instead of `src/homework.rs` with
//! `--features solution`).

use nalgebra::DMatrix;
use nn_core::Network;

/// `x_ij = bytes[i·pixels + j] / 255`: n×pixels, one image per row (book chapter 6, "The data:
/// pixels as features"; exercise `normalize_pixels`).
pub fn normalize_pixels(bytes: &[u8], pixels: usize) -> DMatrix<f32> {
    // ANCHOR: normalize_pixels
    let n = bytes.len() / pixels;
    DMatrix::from_fn(n, pixels, |i, j| f32::from(bytes[i * pixels + j]) / 255.0)
    // ANCHOR_END: normalize_pixels
}

/// `(1/n) Σ_i [argmax_j x_ij = labels_i]`, the first column on a tie, 0 for no rows (exercise
/// `accuracy`).
pub fn accuracy(x: &DMatrix<f32>, labels: &[usize]) -> f64 {
    // ANCHOR: accuracy
    let n = x.nrows();
    if n == 0 {
        return 0.0;
    }
    let mut correct = 0;
    for (i, &label) in labels.iter().enumerate().take(n) {
        let mut best = 0;
        for j in 1..x.ncols() {
            if x[(i, j)] > x[(i, best)] {
                best = j; // only a larger entry moves it: the first wins a tie
            }
        }
        if best == label {
            correct += 1;
        }
    }
    correct as f64 / n as f64
    // ANCHOR_END: accuracy
}

/// Inverted dropout forward: `m_ij = 0` if `u_ij < p`, else `1/(1 − p)`, and `X̃ = X ⊙ M` in
/// training; `X̃ = X` and `M = 1` at test time (exercise `dropout_forward`).
pub fn dropout_forward(
    x: &DMatrix<f32>,
    u: &DMatrix<f32>,
    p: f32,
    training: bool,
) -> (DMatrix<f32>, DMatrix<f32>) {
    // ANCHOR: dropout_forward
    if !training {
        return (x.clone(), DMatrix::from_element(x.nrows(), x.ncols(), 1.0));
    }
    let keep = 1.0 / (1.0 - p);
    let mask = u.map(|u_ij| if u_ij < p { 0.0 } else { keep });
    (x.component_mul(&mask), mask)
    // ANCHOR_END: dropout_forward
}

/// Inverted dropout backward: `Δ ⊙ M` (exercise `dropout_backward`).
pub fn dropout_backward(delta: &DMatrix<f32>, mask: &DMatrix<f32>) -> DMatrix<f32> {
    // ANCHOR: dropout_backward
    delta.component_mul(mask)
    // ANCHOR_END: dropout_backward
}

/// `∂L/∂W^l += λ W^l` for every layer; biases and weights unchanged (exercise `weight_decay`).
pub fn weight_decay(net: &mut Network<f32>, lambda: f32) {
    // ANCHOR: weight_decay
    for layer in &mut net.layers {
        layer.dw += &layer.w * lambda;
    }
    // ANCHOR_END: weight_decay
}
