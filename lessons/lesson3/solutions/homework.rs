//! Reference solutions of lesson 3's homework (compiled instead of src/homework.rs with
//! `--features solution`).

use nalgebra::DMatrix;
use nn_core::{Network, column_sum, expansion_bias};

// ANCHOR: forward_loop
/// Forward propagation: `A^k = X^(k−1) W^k + B^k`, `X^k = h_k(A^k)` for k in 0..depth.
pub fn forward_loop(nn: &mut Network<f64>, x0: &DMatrix<f64>) {
    let depth = nn.depth();
    let n = x0.nrows();
    for k in 0..depth {
        let x_prev = if k == 0 { x0 } else { &nn.layers[k - 1].x };
        let a = x_prev * &nn.layers[k].w + expansion_bias(&nn.layers[k].b, n);
        let x = nn.layers[k].activation.apply(&a);
        nn.layers[k].a = a;
        nn.layers[k].x = x;
    }
}
// ANCHOR_END: forward_loop

// ANCHOR: backward_loop
/// Backpropagation: `Δ^K = (X^K − T)/n`, `Δ^k = (Δ^(k+1) W^(k+1)ᵀ) ⊙ h_k'(A^k)`,
/// `∂L/∂W^k = X^(k−1)ᵀ Δ^k`, `∂L/∂b^k = (Σ_i δ_i1, Σ_i δ_i2, …)`.
pub fn backward_loop(nn: &mut Network<f64>, x0: &DMatrix<f64>, t: &DMatrix<f64>) {
    let depth = nn.depth();
    let n = x0.nrows() as f64;
    for k in (0..depth).rev() {
        let delta = if k == depth - 1 {
            (&nn.layers[k].x - t) / n
        } else {
            let next = &nn.layers[k + 1];
            let r_h = nn.layers[k].activation.derivative(&nn.layers[k].a);
            (&next.delta * next.w.transpose()).component_mul(&r_h)
        };
        let x_prev = if k == 0 { x0 } else { &nn.layers[k - 1].x };
        nn.layers[k].dw = x_prev.transpose() * &delta;
        nn.layers[k].db = column_sum(&delta);
        nn.layers[k].delta = delta;
    }
}
// ANCHOR_END: backward_loop

// ANCHOR: update_eta
/// The learning plan: `if (i+1) % learning_plan == 0 { eta *= attenuation }` (0: never).
// The lecture's formula, `(i+1) % learning_plan == 0`, as written.
#[allow(clippy::manual_is_multiple_of)]
pub fn update_eta(eta: f64, i: usize, attenuation: f64, learning_plan: usize) -> f64 {
    // ANCHOR: learning_plan
    if learning_plan > 0 && (i + 1) % learning_plan == 0 {
        eta * attenuation
    } else {
        eta
    }
    // ANCHOR_END: learning_plan
}
// ANCHOR_END: update_eta
