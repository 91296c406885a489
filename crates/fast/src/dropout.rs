//! nn-core's inverted dropout step (`nn_core::regularize::dropout_forward_backward`) computed
//! into the layers' own buffers and the [`Dropout`]'s `kept` matrices, with the input stored
//! either way ([`Input`]): the same masks, the same formulas, no allocation once the batch size
//! is fixed.

use crate::kernel::Kernel;
use crate::passes::{Input, delta_from_above, layer_forward, layer_gradients, softmax_delta_into};
use nalgebra::DMatrix;
use nn_core::regularize::Dropout;
use nn_core::{Activation, Loss, Network};

/// Forward and backward propagation with inverted dropout of rate `p` on every hidden layer
/// (softmax + cross entropy output), filling each layer's `dw` and `db`; returns the batch loss.
/// Hidden layer k with mask `M^k`: forward `X̃^k = h_k(A^k) ⊙ M^k` feeds layer k + 1; backward
/// `Δ^k = ((Δ^(k+1) W^(k+1)ᵀ) ⊙ h_k'(A^k)) ⊙ M^k`, and `∂L/∂W^(k+1) = X̃^kᵀ Δ^(k+1)`.
pub fn dropout_step<T: Kernel>(
    net: &mut Network<T>,
    x0: Input<'_, T>,
    t: &DMatrix<T>,
    seeds: &[u64],
    p: f32,
    d: &mut Dropout<T>,
) -> T {
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
        layer_forward(&mut net.layers[k], x_in);
        if k + 1 < depth {
            if d.kept[k].shape() != net.layers[k].x.shape() {
                d.kept[k] = DMatrix::zeros(net.layers[k].x.nrows(), net.layers[k].x.ncols());
            }
            d.kept[k].copy_from(&net.layers[k].x);
            d.kept[k].component_mul_assign(&d.masks[k]); // X̃^k = X^k ⊙ M^k
        }
    }
    let loss = net.loss_value(t);
    let last = net.layers.last_mut().expect("a network has layers");
    softmax_delta_into(&last.x, t, &mut last.delta); // Δ^K = (X^K − T)/n
    for k in (0..depth).rev() {
        let (layer, after) = net.layers[k..].split_first_mut().expect("k < depth");
        if let Some(next) = after.first() {
            delta_from_above(layer, next);
            layer.delta.component_mul_assign(&d.masks[k]);
        }
        let x_in = if k == 0 {
            x0
        } else {
            Input::Rows(&d.kept[k - 1])
        };
        layer_gradients(layer, x_in);
    }
    loss
}
