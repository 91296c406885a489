//! Regularisation (lecture 6, *Deep Learning from Scratch* §6.4): weight decay, inverted dropout
//! and weight averaging — the training loop's extension points for fighting overfitting.

use crate::{Float, Network};
use nalgebra::DMatrix;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

// ANCHOR: weight_decay
/// L2 regularisation (weight decay): the loss becomes `L + (λ/2) Σ_l ‖W^l‖²`, so each weight
/// gradient gains `λ W^l`: `∂L/∂W^l ← ∂L/∂W^l + λ W^l`. Biases are not decayed. (With Adam this
/// is L2 regularisation, not AdamW's decoupled decay: the term goes through Adam's scaling.)
pub fn add_weight_decay<T: Float>(net: &mut Network<T>, lambda: T) {
    for layer in &mut net.layers {
        decay(layer.dw.as_mut_slice(), layer.w.as_slice(), lambda);
    }
}
// ANCHOR_END: weight_decay

/// `∂L/∂W += λW` on the elements of a weight tensor (or a share of one: lesson 6's threads each
/// decay their share), `dw[i] += λ w[i]`; nothing when λ = 0.
pub fn decay<T: Float>(dw: &mut [T], w: &[T], lambda: T) {
    if lambda != T::zero() {
        dw.iter_mut().zip(w).for_each(|(d, &w)| *d += lambda * w);
    }
}

// ANCHOR: average
/// Weight averaging (Polyak; "stochastic weight averaging"): the running mean
/// `W̄ ← W̄ + (W − W̄)/c` of the weights seen so far (c = how many, counting this one); the mean
/// sits nearer the middle of the valley the noisy steps wander in. `None` starts the mean at `net`.
pub fn average_in<T: Float>(average: &mut Option<(Network<T>, usize)>, net: &Network<T>) {
    match average {
        None => *average = Some((net.clone(), 1)),
        Some((avg, count)) => {
            *count += 1;
            let c = T::of(*count as f64);
            for (a, l) in avg.layers.iter_mut().zip(&net.layers) {
                a.w.zip_apply(&l.w, |m, w| *m += (w - *m) / c);
                a.b.zip_apply(&l.b, |m, w| *m += (w - *m) / c);
            }
        }
    }
}
// ANCHOR_END: average

/// Inverted dropout's masks `M^k` (entries 0 or `1/(1 − p)`) and masked outputs `X̃^k` of the
/// hidden layers of the last step.
#[derive(Debug, Clone, Default)]
pub struct Dropout<T: Float> {
    /// `M^k` for each hidden layer k.
    pub masks: Vec<DMatrix<T>>,
    /// `X̃^k = X^k ⊙ M^k` for each hidden layer k.
    pub kept: Vec<DMatrix<T>>,
}

impl<T: Float> Dropout<T> {
    /// Draws the masks for `seeds.len()` rows of `net`'s hidden layers: each unit is dropped with
    /// probability `p`, row r from generator `seeds[r]`, so a row's mask does not depend on how
    /// the batch is split between threads.
    pub fn draw(&mut self, net: &Network<T>, seeds: &[u64], p: f32) {
        let hidden = net.depth() - 1;
        self.masks.resize_with(hidden, || DMatrix::zeros(0, 0));
        self.kept.resize_with(hidden, || DMatrix::zeros(0, 0));
        let keep = T::of(1.0 / (1.0 - f64::from(p)));
        for (k, mask) in self.masks.iter_mut().enumerate() {
            let m = net.layers[k].outputs();
            if mask.shape() != (seeds.len(), m) {
                *mask = DMatrix::zeros(seeds.len(), m);
                self.kept[k] = DMatrix::zeros(seeds.len(), m);
            }
            for (r, &seed) in seeds.iter().enumerate() {
                let mut rng = ChaCha8Rng::seed_from_u64(seed ^ (0x9E37_79B9_7F4A_7C15 ^ k as u64));
                for j in 0..m {
                    mask[(r, j)] = if rng.random::<f32>() < p {
                        T::zero()
                    } else {
                        keep
                    };
                }
            }
        }
    }
}

// ANCHOR: dropout_step
/// Forward and backward propagation with inverted dropout of rate `p` on every hidden layer,
/// filling each layer's `dw` and `db`; returns the batch loss. For hidden layer k with mask
/// `M^k`: forward `X̃^k = h_k(A^k) ⊙ M^k` feeds layer k + 1; backward
/// `Δ^k = ((Δ^(k+1) W^(k+1)ᵀ) ⊙ h_k'(A^k)) ⊙ M^k`, and `∂L/∂W^(k+1) = X̃^kᵀ Δ^(k+1)`.
/// At test time nothing changes: the `1/(1 − p)` scale already kept the expected output.
pub fn dropout_forward_backward<T: Float>(
    net: &mut Network<T>,
    x0: &DMatrix<T>,
    t: &DMatrix<T>,
    seeds: &[u64],
    p: f32,
    d: &mut Dropout<T>,
) -> T {
    d.draw(net, seeds, p);
    let depth = net.depth();
    // ANCHOR: dropout_forward
    for k in 0..depth {
        let x_in = if k == 0 { x0 } else { &d.kept[k - 1] };
        net.layers[k].forward(x_in); // A^k = X̃^(k−1) W^k + B^k, X^k = h_k(A^k)
        if k + 1 < depth {
            d.kept[k] = net.layers[k].x.component_mul(&d.masks[k]); // X̃^k = X^k ⊙ M^k
        }
    }
    // ANCHOR_END: dropout_forward
    let loss = net.loss_value(t);
    // ANCHOR: dropout_backward
    net.layers[depth - 1].delta = net.output_delta(t); // Δ^K
    for k in (0..depth - 1).rev() {
        // Δ^k = ((Δ^(k+1) W^(k+1)ᵀ) ⊙ h_k'(A^k)) ⊙ M^k
        net.layers[k].delta = net.hidden_delta(k).component_mul(&d.masks[k]);
    }
    for k in 0..depth {
        let x_in = if k == 0 { x0 } else { &d.kept[k - 1] };
        net.layers[k].gradients(x_in); // ∂L/∂W^k = X̃^(k−1)ᵀ Δ^k, ∂L/∂b^k = 1ᵀ Δ^k
    }
    // ANCHOR_END: dropout_backward
    loss
}
// ANCHOR_END: dropout_step

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Activation, Architecture};

    /// With the masks fixed, dropout is an ordinary differentiable function of the weights: its
    /// gradient must match central differences (in f64, so the check is tight).
    #[test]
    fn dropout_gradients_match_the_numerical_gradient() {
        for act in [Activation::Relu, Activation::Tanh] {
            let arch = Architecture::classifier(&[4, 6, 5, 3], act);
            let mut net: Network<f64> = Network::new(&arch, 2).unwrap();
            let x = DMatrix::from_fn(3, 4, |i, j| ((i * 4 + j) as f64 * 0.37).sin());
            let t = crate::one_hot(&[0, 2, 1], 3);
            let seeds = [11, 12, 13];
            let mut d = Dropout::default();
            dropout_forward_backward(&mut net, &x, &t, &seeds, 0.3, &mut d);
            assert!(d.masks[0].iter().any(|&m| m == 0.0), "some units dropped");
            assert!(
                d.masks[0]
                    .iter()
                    .all(|&m| m == 0.0 || (m - 1.0 / 0.7).abs() < 1e-6)
            );
            let loss_at = |n: &Network<f64>| -> f64 {
                let mut n = n.clone();
                let mut d2 = Dropout::default();
                dropout_forward_backward(&mut n, &x, &t, &seeds, 0.3, &mut d2)
            };
            let h = 1e-6;
            for l in 0..3 {
                for k in 0..net.layers[l].w.len() {
                    let (mut plus, mut minus) = (net.clone(), net.clone());
                    plus.layers[l].w[k] += h;
                    minus.layers[l].w[k] -= h;
                    let numeric = (loss_at(&plus) - loss_at(&minus)) / (2.0 * h);
                    let analytic = net.layers[l].dw[k];
                    assert!(
                        (numeric - analytic).abs() < 1e-6 + 1e-5 * analytic.abs(),
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
        let t = crate::one_hot(&[0, 1, 2, 1, 0], 3);
        let mut d = Dropout::default();
        dropout_forward_backward(&mut a, &x, &t, &[1, 2, 3, 4, 5], 0.0, &mut d);
        b.forward(&x).unwrap();
        b.backward(&x, &t).unwrap();
        for (la, lb) in a.layers.iter().zip(&b.layers) {
            assert!((&la.dw - &lb.dw).abs().max() < 1e-6);
            assert!((&la.db - &lb.db).abs().max() < 1e-6);
        }
    }

    #[test]
    fn weight_decay_gradient_matches_the_numerical_gradient() {
        let arch = Architecture::classifier(&[3, 4, 2], Activation::Tanh);
        let mut net: Network<f64> = Network::new(&arch, 5).unwrap();
        let x = DMatrix::from_row_slice(2, 3, &[0.1, -0.4, 0.7, 0.9, 0.2, -0.3]);
        let t = DMatrix::from_row_slice(2, 2, &[1.0, 0.0, 0.0, 1.0]);
        let lambda = 0.3;
        // L(W) = CE + (λ/2) Σ_l ‖W^l‖²
        let loss = |n: &Network<f64>| -> f64 {
            let mut n = n.clone();
            n.forward(&x).unwrap();
            let penalty: f64 = n.layers.iter().map(|l| l.w.norm_squared()).sum();
            n.loss_value(&t) + lambda / 2.0 * penalty
        };
        net.forward(&x).unwrap();
        net.backward(&x, &t).unwrap();
        add_weight_decay(&mut net, lambda);
        let h = 1e-6;
        for l in 0..2 {
            for k in 0..net.layers[l].w.len() {
                let (mut plus, mut minus) = (net.clone(), net.clone());
                plus.layers[l].w[k] += h;
                minus.layers[l].w[k] -= h;
                let numeric = (loss(&plus) - loss(&minus)) / (2.0 * h);
                let analytic = net.layers[l].dw[k];
                assert!(
                    (numeric - analytic).abs() < 1e-7,
                    "W^{l}[{k}]: {numeric} vs {analytic}"
                );
            }
        }
    }

    #[test]
    fn averaging_keeps_the_running_mean_of_the_weights() {
        let arch = Architecture::classifier(&[2, 3, 2], Activation::Relu);
        let nets: Vec<Network<f64>> = (0..3).map(|s| Network::new(&arch, s).unwrap()).collect();
        let mut avg = None;
        for n in &nets {
            average_in(&mut avg, n);
        }
        let (avg, count) = avg.unwrap();
        assert_eq!(count, 3);
        let mean = (&nets[0].layers[0].w + &nets[1].layers[0].w + &nets[2].layers[0].w) / 3.0;
        assert!((&avg.layers[0].w - mean).abs().max() < 1e-12);
    }
}
