//! The lecture's training loop with the hidden activation passed in as two functions, `h` for
//! the forward pass and `∂h/∂A` for the backward pass — exactly where the lecture swaps
//! `hm_ReLU`/`calc_r_ReLU` for `hm_tanh`/`calc_r_tanh`. With the learner's functions this is how
//! `activations --mine` trains on their code.

use crate::fns::{Fns, MatFn};
use anyhow::{Result, bail};
use nalgebra::DMatrix;
use nn_core::loss::{cross_entropy, softmax_cross_entropy_delta};
use nn_core::{Activation, CoreError, Data, Learner, Network, argmax_rows, softmax};

/// A hidden activation as the lecture writes it: `X = h(A)` and `∂h/∂A`, element by element.
#[derive(Debug, Clone)]
pub struct Hidden {
    /// "relu" or "tanh".
    pub name: &'static str,
    /// nn-core's activation of the same name (used to build the network).
    pub activation: Activation,
    /// `hm_ReLU` / `hm_tanh`.
    pub h: MatFn,
    /// `calc_r_ReLU` / `calc_r_tanh`.
    pub dh: MatFn,
}

fn relu(a: &DMatrix<f64>) -> DMatrix<f64> {
    Activation::Relu.apply(a)
}

fn relu_derivative(a: &DMatrix<f64>) -> DMatrix<f64> {
    Activation::Relu.derivative(a)
}

impl Hidden {
    /// ReLU: `h(a) = max(0, a)`, `∂h/∂a = 1` where `a > 0`, else 0 (nn-core's).
    pub fn relu() -> Self {
        Hidden {
            name: "relu",
            activation: Activation::Relu,
            h: relu,
            dh: relu_derivative,
        }
    }

    /// tanh: `h(a) = tanh a`, `∂h/∂a = 1 − tanh² a`, from `fns` (reference or the learner's).
    pub fn tanh(fns: &Fns) -> Self {
        Hidden {
            name: "tanh",
            activation: Activation::Tanh,
            h: fns.hm_tanh,
            dh: fns.calc_r_tanh,
        }
    }
}

/// Calls `f` on `a` and checks that the answer has `a`'s shape.
fn apply(f: MatFn, what: &str, a: &DMatrix<f64>) -> Result<DMatrix<f64>> {
    let x = f(a);
    if x.shape() != a.shape() {
        bail!(
            "{what} returned a {}×{} matrix for a {}×{} input; an element-wise function keeps the shape",
            x.nrows(),
            x.ncols(),
            a.nrows(),
            a.ncols()
        );
    }
    Ok(x)
}

// ANCHOR: forward_backward
// ANCHOR: hidden_forward
/// Forward propagation: `A^k = X^(k−1) W^k + B^k`, `X^k = h(A^k)` for the hidden layers and
/// softmax for the last one.
pub fn forward(net: &mut Network<f64>, hidden: &Hidden, x0: &DMatrix<f64>) -> Result<()> {
    let depth = net.depth();
    for k in 0..depth {
        let (before, rest) = net.layers.split_at_mut(k);
        let x_in = if k == 0 { x0 } else { &before[k - 1].x };
        let layer = &mut rest[0];
        layer.forward(x_in); // A^k, and X^k = softmax(A^k) for the output layer
        if k + 1 < depth {
            layer.x = apply(hidden.h, hidden.name, &layer.a)?; // X^k = h(A^k)
        }
    }
    Ok(())
}
// ANCHOR_END: hidden_forward

// ANCHOR: hidden_backward
/// Backpropagation: `Δ^K = (X^K − T)/n`, then `Δ^k = (Δ^(k+1) W^(k+1)ᵀ) ⊙ ∂h/∂A^k` in reverse,
/// and every layer's `∂L/∂W^k = X^(k−1)ᵀ Δ^k`, `∂L/∂b^k = 1ᵀ Δ^k`.
pub fn backward(
    net: &mut Network<f64>,
    hidden: &Hidden,
    x0: &DMatrix<f64>,
    t: &DMatrix<f64>,
) -> Result<()> {
    let depth = net.depth();
    let last = &mut net.layers[depth - 1];
    last.delta = softmax_cross_entropy_delta(&last.x, t);
    for k in (0..depth).rev() {
        let (before, rest) = net.layers.split_at_mut(k);
        let (layer, after) = rest.split_first_mut().expect("k < depth");
        if let Some(next) = after.first() {
            let dh = apply(
                hidden.dh,
                &format!("the derivative of {}", hidden.name),
                &layer.a,
            )?;
            layer.delta = (&next.delta * next.w.transpose()).component_mul(&dh);
        }
        let x_in = if k == 0 { x0 } else { &before[k - 1].x };
        layer.gradients(x_in);
    }
    Ok(())
}
// ANCHOR_END: hidden_backward
// ANCHOR_END: forward_backward

/// The network's output for any rows, with `h` in the hidden layers and softmax at the end.
pub fn predict(net: &Network<f64>, hidden: &Hidden, x0: &DMatrix<f64>) -> Result<DMatrix<f64>> {
    let depth = net.depth();
    let mut x = x0.clone();
    for (k, layer) in net.layers.iter().enumerate() {
        let mut a = &x * &layer.w;
        for mut row in a.row_iter_mut() {
            row += &layer.b;
        }
        x = if k + 1 < depth {
            apply(hidden.h, hidden.name, &a)?
        } else {
            softmax(&a)
        };
    }
    Ok(x)
}

/// Cross entropy and accuracy of `net` on (x, t).
pub fn evaluate(
    net: &Network<f64>,
    hidden: &Hidden,
    x: &DMatrix<f64>,
    t: &DMatrix<f64>,
) -> Result<(f64, f64)> {
    let out = predict(net, hidden, x)?;
    let (p, truth) = (argmax_rows(&out), argmax_rows(t));
    Ok((cross_entropy(&out, t), nn_core::accuracy(&p, &truth)))
}

// ANCHOR: learner
/// The hidden activation's `h` and `∂h/∂A` plugged into nn-core's one training loop
/// ([`nn_core::train_with`]): forward, backward and evaluation use them instead of nn-core's.
impl Learner<f64> for Hidden {
    fn gradients(
        &mut self,
        net: &mut Network<f64>,
        x: &DMatrix<f64>,
        t: &DMatrix<f64>,
    ) -> nn_core::Result<f64> {
        forward(net, self, x).map_err(plugged)?;
        let loss = cross_entropy(net.output(), t);
        backward(net, self, x, t).map_err(plugged)?;
        Ok(loss)
    }

    fn evaluate(&self, net: &Network<f64>, data: Data<'_, f64>) -> nn_core::Result<(f64, f64)> {
        evaluate(net, self, data.x, data.t).map_err(plugged)
    }
}
// ANCHOR_END: learner

/// An error of the plugged-in functions, as nn-core's loop reports it.
fn plugged(e: anyhow::Error) -> CoreError {
    CoreError::Plugged(nn_core::one_sentence(&*e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use nn_core::{Architecture, Mode, TrainConfig};
    use nn_course::settings::Settings;

    /// With nn-core's own functions this loop is nn-core's `train`, number for number.
    #[test]
    fn matches_nn_core_training_for_relu_and_tanh() {
        let s = Settings {
            iterations: 300,
            n: 300,
            ..Settings::default()
        };
        let data = nn_data::toy::circle(s.n, s.radius, s.seed);
        let (x, t) = (data.x.clone(), data.one_hot());
        let cfg = TrainConfig {
            mode: Mode::MiniBatch(50),
            ..s.train_config()
        };
        for hidden in [Hidden::relu(), Hidden::tanh(&Fns::reference())] {
            let arch = Architecture::classifier(&[2, 8, 8, 2], hidden.activation);
            let mut a = Network::<f64>::new(&arch, 3).unwrap();
            let mut b = a.clone();
            let d = Data { x: &x, t: &t };
            let mut opt = s.optimizer.build::<f64>();
            let mut learner = hidden.clone();
            let ha = nn_core::train_with(
                &mut a,
                opt.as_mut(),
                &mut learner,
                d,
                None,
                &cfg,
                &mut |_, _| {},
            )
            .unwrap();
            let mut opt = s.optimizer.build::<f64>();
            let hb = nn_core::train(&mut b, opt.as_mut(), d, None, &cfg, &mut |_| {}).unwrap();
            let (la, lb) = (ha.last().unwrap(), hb.last().unwrap());
            assert!(
                (la.train_loss - lb.train_loss).abs() < 1e-12,
                "{}",
                hidden.name
            );
            assert_eq!(la.train_accuracy, lb.train_accuracy);
            assert!((a.layers[0].w.clone() - &b.layers[0].w).amax() < 1e-12);
        }
    }

    #[test]
    fn a_wrong_shape_is_one_sentence() {
        let arch = Architecture::classifier(&[2, 3, 2], Activation::Tanh);
        let mut net = Network::<f64>::new(&arch, 1).unwrap();
        let bad = Hidden {
            h: |a| a.columns(0, 1).into_owned(),
            ..Hidden::tanh(&Fns::reference())
        };
        let e = forward(&mut net, &bad, &DMatrix::zeros(4, 2)).unwrap_err();
        assert!(
            e.to_string()
                .contains("returned a 4×1 matrix for a 4×3 input"),
            "{e}"
        );
    }
}
