//! Dropout (*Deep Learning from Scratch* §6.4.3): during training each hidden unit is switched
//! off with probability p, so the network cannot lean on any single unit — a regulariser that
//! lets a 100-unit layer generalise better. "Inverted" dropout scales the kept units by
//! `1/(1 − p)` so that nothing changes at test time.
//!
//! For hidden layer k with mask `M^k` (entries 0 or `1/(1 − p)`):
//! forward `X̃^k = h_k(A^k) ⊙ M^k` feeds layer k + 1; backward
//! `Δ^k = ((Δ^(k+1) W^(k+1)ᵀ) ⊙ h_k'(A^k)) ⊙ M^k`, and `∂L/∂W^(k+1) = X̃^(k)ᵀ Δ^(k+1)`.

use nalgebra::DMatrix;
use nn_core::gemm::{Op, gemm};
use nn_core::loss::softmax_cross_entropy_delta_into;
use nn_core::{Activation, Input, Loss, Network};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Masks and masked outputs of the hidden layers, reused from step to step.
#[derive(Debug, Clone, Default)]
pub struct Dropout {
    masks: Vec<DMatrix<f32>>,
    kept: Vec<DMatrix<f32>>,
}

impl Dropout {
    /// Draws the masks for `n` rows of `net`'s hidden layers: row r from generator `seeds[r]`,
    /// so a row's mask does not depend on how the batch is split between threads.
    fn draw(&mut self, net: &Network<f32>, seeds: &[u64], p: f32) {
        let hidden = net.depth() - 1;
        self.masks.resize_with(hidden, || DMatrix::zeros(0, 0));
        self.kept.resize_with(hidden, || DMatrix::zeros(0, 0));
        let keep = 1.0 / (1.0 - p);
        for (k, mask) in self.masks.iter_mut().enumerate() {
            let m = net.layers[k].outputs();
            if mask.shape() != (seeds.len(), m) {
                *mask = DMatrix::zeros(seeds.len(), m);
                self.kept[k] = DMatrix::zeros(seeds.len(), m);
            }
            for (r, &seed) in seeds.iter().enumerate() {
                let mut rng = ChaCha8Rng::seed_from_u64(seed ^ (0x9E37_79B9_7F4A_7C15 ^ k as u64));
                for j in 0..m {
                    mask[(r, j)] = if rng.random::<f32>() < p { 0.0 } else { keep };
                }
            }
        }
    }
}

// ANCHOR: dropout_step
/// Forward and backward propagation with dropout rate `p` on every hidden layer (softmax + cross
/// entropy output), filling each layer's `dw` and `db`. Returns the mini-batch loss.
pub fn forward_backward(
    net: &mut Network<f32>,
    x0: Input<'_, f32>,
    t: &DMatrix<f32>,
    seeds: &[u64],
    p: f32,
    d: &mut Dropout,
) -> f32 {
    debug_assert!(net.loss == Loss::CrossEntropy);
    debug_assert!(net.layers.last().map(|l| l.activation) == Some(Activation::Softmax));
    d.draw(net, seeds, p);
    let depth = net.depth();
    for k in 0..depth {
        let x_in = if k == 0 {
            x0
        } else {
            Input::Rows(&d.kept[k - 1])
        };
        net.layers[k].forward_input(x_in); // A^k = X̃^(k−1) W^k + B^k, X^k = h_k(A^k)
        if k + 1 < depth {
            d.kept[k].copy_from(&net.layers[k].x);
            d.kept[k].component_mul_assign(&d.masks[k]); // X̃^k = X^k ⊙ M^k
        }
    }
    let loss = net.loss_value(t);
    let last = net.layers.last_mut().expect("a network has layers");
    softmax_cross_entropy_delta_into(&last.x, t, &mut last.delta); // Δ^K = (X^K − T)/n
    for k in (0..depth).rev() {
        let (layer, after) = net.layers[k..].split_first_mut().expect("k < depth");
        if let Some(next) = after.first() {
            // Δ^k = ((Δ^(k+1) W^(k+1)ᵀ) ⊙ h_k'(A^k)) ⊙ M^k
            gemm(
                &mut layer.delta,
                1.0,
                &next.delta,
                Op::N,
                &next.w,
                Op::T,
                0.0,
            );
            layer
                .activation
                .backprop_in_place(&layer.a, &layer.x, &mut layer.delta);
            layer.delta.component_mul_assign(&d.masks[k]);
        }
        let x_in = if k == 0 {
            x0
        } else {
            Input::Rows(&d.kept[k - 1])
        };
        layer.gradients_input(x_in); // ∂L/∂W^k = X̃^(k−1)ᵀ Δ^k, ∂L/∂b^k = 1ᵀ Δ^k
    }
    loss
}
// ANCHOR_END: dropout_step

#[cfg(test)]
mod tests {
    use super::*;
    use nn_core::Architecture;

    /// With the masks fixed, dropout is an ordinary differentiable function of the weights: its
    /// gradient must match central differences.
    #[test]
    fn dropout_gradients_match_the_numerical_gradient() {
        for act in [Activation::Relu, Activation::Tanh] {
            let arch = Architecture::classifier(&[4, 6, 5, 3], act);
            let mut net: Network<f32> = Network::new(&arch, 2).unwrap();
            let x = DMatrix::from_fn(3, 4, |i, j| ((i * 4 + j) as f32 * 0.37).sin());
            let t = nn_core::one_hot(&[0, 2, 1], 3);
            let seeds = [11, 12, 13];
            let mut d = Dropout::default();
            forward_backward(&mut net, Input::Rows(&x), &t, &seeds, 0.3, &mut d);
            assert!(d.masks[0].iter().any(|&m| m == 0.0), "some units dropped");
            let loss_at = |n: &Network<f32>| -> f64 {
                let mut n = n.clone();
                let mut d2 = Dropout::default();
                f64::from(forward_backward(
                    &mut n,
                    Input::Rows(&x),
                    &t,
                    &seeds,
                    0.3,
                    &mut d2,
                ))
            };
            let h = 1e-2f32;
            for l in 0..3 {
                for k in 0..net.layers[l].w.len() {
                    let (mut plus, mut minus) = (net.clone(), net.clone());
                    plus.layers[l].w[k] += h;
                    minus.layers[l].w[k] -= h;
                    let numeric = (loss_at(&plus) - loss_at(&minus)) / (2.0 * f64::from(h));
                    let analytic = f64::from(net.layers[l].dw[k]);
                    let tol = 2e-3 + 2e-2 * analytic.abs();
                    assert!(
                        (numeric - analytic).abs() < tol,
                        "{act:?} W^{l}[{k}]: {numeric} vs {analytic}"
                    );
                }
            }
        }
    }

    #[test]
    fn rate_zero_is_plain_backpropagation() {
        let arch = Architecture::classifier(&[4, 6, 3], Activation::Relu);
        let mut a: Network<f32> = Network::new(&arch, 4).unwrap();
        let mut b = a.clone();
        let x = DMatrix::from_fn(5, 4, |i, j| (i as f32 - j as f32) * 0.2);
        let t = nn_core::one_hot(&[0, 1, 2, 1, 0], 3);
        forward_backward(
            &mut a,
            Input::Rows(&x),
            &t,
            &[1, 2, 3, 4, 5],
            0.0,
            &mut Dropout::default(),
        );
        b.forward(&x).unwrap();
        b.backward(&x, &t).unwrap();
        for (la, lb) in a.layers.iter().zip(&b.layers) {
            assert!((&la.dw - &lb.dw).abs().max() < 1e-6);
            assert!((&la.db - &lb.db).abs().max() < 1e-6);
        }
    }
}
