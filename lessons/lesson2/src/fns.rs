//! The functions lesson 2 computes with: nn-core's (the reference, by default) or the learner's
//! own from [`crate::homework`] (`--mine`).

use crate::{Forward, Gradients, homework};
use nalgebra::DMatrix;
use nn_core::{Activation, loss, softmax_jacobian};

/// `∂L/∂X` from the output `X` and the targets `T`.
pub type LossDeriv = fn(&DMatrix<f64>, &DMatrix<f64>) -> DMatrix<f64>;
/// The softmax Jacobians of the output `X`, one m×m matrix per instance.
pub type Jacobians = fn(&DMatrix<f64>) -> Vec<DMatrix<f64>>;
/// An element-wise derivative `∂h/∂A`, or the bias gradient from `Δ`.
pub type MatFn = fn(&DMatrix<f64>) -> DMatrix<f64>;
/// The backward loop: `(W, forward pass, T) ↦ Gradients`.
pub type BackwardFn = fn(&[DMatrix<f64>], &Forward, &DMatrix<f64>) -> Gradients;

/// One implementation of each of lesson 2's homework functions.
#[derive(Clone, Copy)]
pub struct Fns {
    /// Whose functions these are, for messages ("nn-core" or "yours").
    pub who: &'static str,
    /// `∂CE/∂X`.
    pub calc_r_cross_entropy: LossDeriv,
    /// `∂softmax/∂A` per instance.
    pub calc_r_softmax: Jacobians,
    /// `∂ReLU/∂A`.
    pub calc_r_relu: MatFn,
    /// `∂L/∂B` from `Δ`.
    pub calc_r_bias: MatFn,
    /// The backward loop.
    pub backward: BackwardFn,
}

impl Fns {
    /// nn-core's implementations.
    pub fn reference() -> Self {
        Fns {
            who: "nn-core",
            calc_r_cross_entropy: loss::calc_r_cross_entropy,
            calc_r_softmax: softmax_jacobian,
            calc_r_relu: |a| Activation::Relu.derivative(a),
            calc_r_bias: nn_core::calc_r_bias,
            backward: reference_backward,
        }
    }

    /// The learner's implementations in `lessons/lesson2/src/homework.rs`.
    pub fn mine() -> Self {
        Fns {
            who: "yours",
            calc_r_cross_entropy: homework::calc_r_cross_entropy,
            calc_r_softmax: homework::calc_r_softmax,
            calc_r_relu: homework::calc_r_relu,
            calc_r_bias: homework::calc_r_bias,
            backward: homework::backward,
        }
    }

    /// [`Fns::mine`] if `mine`, else [`Fns::reference`].
    pub fn choose(mine: bool) -> Self {
        if mine {
            Self::mine()
        } else {
            Self::reference()
        }
    }
}

// ANCHOR: backward_with
/// Backpropagation by the lecture's route with a given `∂CE/∂X` (`r_ce`): the output delta per
/// instance `δ_i = (∂CE/∂x_i) J_i`, then `Δ^l = (Δ^(l+1) W^(l+1)ᵀ) ⊙ ReLU'(A^l)`,
/// `∂L/∂W^l = X^(l−1)ᵀ Δ^l`, `∂L/∂B^l = calc_r_bias(Δ^l)`.
pub fn backward_with(
    r_ce: LossDeriv,
    w: &[DMatrix<f64>],
    fwd: &Forward,
    t: &DMatrix<f64>,
) -> Gradients {
    let depth = w.len();
    let mut delta = vec![DMatrix::zeros(0, 0); depth];
    let mut dw = delta.clone();
    let mut db = delta.clone();
    for k in (0..depth).rev() {
        delta[k] = if k + 1 == depth {
            let x = fwd.output();
            loss::output_delta_by_jacobian(&r_ce(x, t), &softmax_jacobian(x))
        } else {
            (&delta[k + 1] * w[k + 1].transpose())
                .component_mul(&Activation::Relu.derivative(&fwd.a[k]))
        };
        dw[k] = fwd.x[k].transpose() * &delta[k];
        db[k] = nn_core::calc_r_bias(&delta[k]);
    }
    Gradients { delta, dw, db }
}
// ANCHOR_END: backward_with

/// The correct backward pass (see [`backward_with`]).
pub fn reference_backward(w: &[DMatrix<f64>], fwd: &Forward, t: &DMatrix<f64>) -> Gradients {
    backward_with(loss::calc_r_cross_entropy, w, fwd, t)
}

/// The backward pass with the lecture's `∂CE/∂X` (which doubles every gradient).
pub fn lecture_backward(w: &[DMatrix<f64>], fwd: &Forward, t: &DMatrix<f64>) -> Gradients {
    backward_with(loss::calc_r_cross_entropy_lecture, w, fwd, t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nn_course::Example;
    use nn_course::reference_forward;

    #[test]
    fn reference_backward_equals_nn_core_and_the_lecture_doubles_it() {
        let ex = Example::lecture();
        let fwd = reference_forward(&ex.x, &ex.w, &ex.b);
        let g = reference_backward(&ex.w, &fwd, &ex.t());
        let mut net = ex.network();
        net.forward(&ex.x).unwrap();
        net.backward(&ex.x, &ex.t()).unwrap();
        let lecture = lecture_backward(&ex.w, &fwd, &ex.t());
        for (l, layer) in net.layers.iter().enumerate() {
            assert!((&g.dw[l] - &layer.dw).abs().max() < 1e-12);
            assert!((&g.delta[l] - &layer.delta).abs().max() < 1e-12);
            assert!(
                g.db[l]
                    .row_iter()
                    .all(|r| (r - &layer.db).abs().max() < 1e-12)
            );
            assert!((&lecture.dw[l] - &layer.dw * 2.0).abs().max() < 1e-12);
        }
    }
}
