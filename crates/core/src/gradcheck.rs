//! Numerical gradient check: central differences against backpropagation (lecture 2).

use crate::error::Result;
use crate::{Float, Network};
use nalgebra::DMatrix;
use serde::Serialize;

/// Gradients smaller than this are compared on an absolute scale of this size, so that rounding
/// noise on near-zero gradients does not read as a large relative error.
pub const RELATIVE_FLOOR: f64 = 1e-3;

/// The comparison for one parameter tensor (`W^l` or `b^l`).
#[derive(Debug, Clone, Serialize)]
pub struct ParamCheck {
    /// Layer number l, 1-based as in the lectures.
    pub layer: usize,
    /// `"W"` or `"b"`.
    pub param: &'static str,
    /// Backpropagation's gradient.
    pub analytic: DMatrix<f64>,
    /// The central-difference estimate `(L(θ + h) − L(θ − h)) / 2h`.
    pub numeric: DMatrix<f64>,
    /// `max_k |a_k − n_k| / max(|a_k|, |n_k|, RELATIVE_FLOOR)`.
    pub max_relative_error: f64,
}

/// Relative error of one pair: `|a − n| / max(|a|, |n|, RELATIVE_FLOOR)`.
pub fn relative_error(a: f64, n: f64) -> f64 {
    (a - n).abs() / a.abs().max(n.abs()).max(RELATIVE_FLOOR)
}

/// Largest [`relative_error`] over two equally shaped matrices.
pub fn max_relative_error(a: &DMatrix<f64>, n: &DMatrix<f64>) -> f64 {
    a.iter()
        .zip(n.iter())
        .map(|(&x, &y)| relative_error(x, y))
        .fold(0.0, f64::max)
}

// ANCHOR: numerical_gradients
/// Numerical gradient of the loss with respect to every weight and bias, by central differences
/// with step `h`: `∂L/∂θ ≈ (L(θ + h) − L(θ − h)) / 2h`.
pub fn numerical_gradients<T: Float>(
    net: &Network<T>,
    x: &DMatrix<T>,
    t: &DMatrix<T>,
    h: f64,
) -> Result<Vec<(DMatrix<f64>, DMatrix<f64>)>> {
    net.check_data(x, Some(t))?;
    let mut probe = net.clone();
    let loss_at = |p: &Network<T>| -> Result<f64> { Ok(p.loss.value(&p.predict(x)?, t).as_f64()) };
    let mut out = Vec::with_capacity(net.depth());
    for l in 0..net.depth() {
        let (rows, cols) = net.layers[l].w.shape();
        let mut dw = DMatrix::zeros(rows, cols);
        for k in 0..rows * cols {
            let orig = probe.layers[l].w[k];
            probe.layers[l].w[k] = T::of(orig.as_f64() + h);
            let plus = loss_at(&probe)?;
            probe.layers[l].w[k] = T::of(orig.as_f64() - h);
            let minus = loss_at(&probe)?;
            probe.layers[l].w[k] = orig;
            dw[k] = (plus - minus) / (2.0 * h);
        }
        let mut db = DMatrix::zeros(1, cols);
        for k in 0..cols {
            let orig = probe.layers[l].b[k];
            probe.layers[l].b[k] = T::of(orig.as_f64() + h);
            let plus = loss_at(&probe)?;
            probe.layers[l].b[k] = T::of(orig.as_f64() - h);
            let minus = loss_at(&probe)?;
            probe.layers[l].b[k] = orig;
            db[k] = (plus - minus) / (2.0 * h);
        }
        out.push((dw, db));
    }
    Ok(out)
}
// ANCHOR_END: numerical_gradients

/// Runs backpropagation and the numerical estimate on (x, t) and compares them per parameter.
///
/// Use `f64` and `h ≈ 1e-5`; a correct backward pass gives errors below 1e-6.
pub fn gradcheck<T: Float>(
    net: &Network<T>,
    x: &DMatrix<T>,
    t: &DMatrix<T>,
    h: f64,
) -> Result<Vec<ParamCheck>> {
    let numeric = numerical_gradients(net, x, t, h)?;
    let mut net = net.clone();
    net.forward(x)?;
    net.backward(x, t)?;
    let mut checks = Vec::with_capacity(2 * net.depth());
    for (l, (layer, (nw, nb))) in net.layers.iter().zip(numeric).enumerate() {
        let aw = layer.dw.map(|v| v.as_f64());
        let ab =
            DMatrix::from_row_slice(1, layer.db.len(), layer.db.map(|v| v.as_f64()).as_slice());
        checks.push(ParamCheck {
            layer: l + 1,
            param: "W",
            max_relative_error: max_relative_error(&aw, &nw),
            analytic: aw,
            numeric: nw,
        });
        checks.push(ParamCheck {
            layer: l + 1,
            param: "b",
            max_relative_error: max_relative_error(&ab, &nb),
            analytic: ab,
            numeric: nb,
        });
    }
    Ok(checks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Activation, Architecture, Loss, one_hot};
    use proptest::prelude::*;
    use rand::rngs::ChaCha8Rng;
    use rand::{RngExt, SeedableRng};

    fn random_data(n: usize, d: usize, m: usize, seed: u64) -> (DMatrix<f64>, DMatrix<f64>) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let x = DMatrix::from_fn(n, d, |_, _| rng.random_range(-2.0..2.0));
        let labels: Vec<usize> = (0..n).map(|_| rng.random_range(0..m)).collect();
        (x, one_hot(&labels, m))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn backprop_matches_numerical_gradient(
            hidden in prop::collection::vec(1usize..6, 0..3),
            d in 1usize..5,
            m in 2usize..5,
            n in 1usize..7,
            act in prop::sample::select(vec![Activation::Relu, Activation::Tanh, Activation::Sigmoid, Activation::Identity]),
            mse in any::<bool>(),
            out_pick in 0usize..3,
            seed in 0u64..1000,
        ) {
            let mut sizes = vec![d];
            sizes.extend(&hidden);
            sizes.push(m);
            let (out_act, loss) = if mse {
                ([Activation::Identity, Activation::Sigmoid, Activation::Softmax][out_pick], Loss::MeanSquaredError)
            } else {
                (Activation::Softmax, Loss::CrossEntropy)
            };
            let arch = Architecture { sizes, hidden: act, output: out_act, loss };
            let mut net: Network<f64> = Network::new(&arch, seed).unwrap();
            // Random biases: with zero biases a dead ReLU unit feeds an exact 0 into the next
            // ReLU, which sits on the kink where no derivative exists.
            let mut rng = ChaCha8Rng::seed_from_u64(seed + 2);
            for layer in &mut net.layers {
                layer.b.iter_mut().for_each(|b| *b = rng.random_range(-0.5..0.5));
            }
            let (x, t) = random_data(n, d, m, seed + 1);
            // A central difference across ReLU's kink at 0 measures no derivative: skip the rare
            // case where a hidden pre-activation lies within reach of the step h.
            let mut probe = net.clone();
            probe.forward(&x).unwrap();
            let near_kink = act == Activation::Relu
                && probe.layers[..probe.depth() - 1].iter().any(|l| l.a.iter().any(|a| a.abs() < 1e-3));
            prop_assume!(!near_kink);
            for c in gradcheck(&net, &x, &t, 1e-5).unwrap() {
                prop_assert!(c.max_relative_error < 1e-6, "layer {} {}: {} ({:?})", c.layer, c.param, c.max_relative_error, arch);
            }
        }
    }

    #[test]
    fn gradcheck_catches_a_wrong_gradient() {
        let arch = Architecture::classifier(&[3, 4, 2], Activation::Tanh);
        let net: Network<f64> = Network::new(&arch, 7).unwrap();
        let (x, t) = random_data(5, 3, 2, 8);
        let checks = gradcheck(&net, &x, &t, 1e-5).unwrap();
        let mut wrong = checks[0].analytic.clone();
        wrong *= 2.0;
        assert!(max_relative_error(&wrong, &checks[0].numeric) > 0.3);
        assert!(checks.iter().all(|c| c.max_relative_error < 1e-6));
    }
}
