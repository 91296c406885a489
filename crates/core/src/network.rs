//! A multilayer perceptron: forward propagation over the layers and backpropagation in reverse.

use crate::error::{CoreError, Result};
use crate::layer::{Dense, Init};
use crate::loss::{Loss, output_delta_by_jacobian, softmax_cross_entropy_delta};
use crate::{Activation, Float, softmax_jacobian};
use nalgebra::DMatrix;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

/// A network of `depth` dense layers with a loss: `X^l = h_l(X^(l−1) W^l + B^l)` for
/// l = 1…depth, and `L = f_L(X^depth, T)`.
#[derive(Debug, Clone)]
pub struct Network<T: Float> {
    /// The layers, first to last (the lectures' l = 1 … K).
    pub layers: Vec<Dense<T>>,
    /// The loss `f_L`.
    pub loss: Loss,
}

/// Everything needed to build a network: layer sizes and activations.
#[derive(Debug, Clone, PartialEq)]
pub struct Architecture {
    /// Widths from input to output, e.g. `[2, 10, 10, 2]`.
    pub sizes: Vec<usize>,
    /// Activation of every hidden layer.
    pub hidden: Activation,
    /// Activation of the output layer.
    pub output: Activation,
    /// The loss.
    pub loss: Loss,
}

impl Architecture {
    /// A classifier: `sizes`, `hidden` activation, softmax output, cross entropy.
    pub fn classifier(sizes: &[usize], hidden: Activation) -> Self {
        Architecture {
            sizes: sizes.to_vec(),
            hidden,
            output: Activation::Softmax,
            loss: Loss::CrossEntropy,
        }
    }
}

impl<T: Float> Network<T> {
    /// Builds a network with random weights (He for ReLU layers, Xavier otherwise) from a seed.
    pub fn new(arch: &Architecture, seed: u64) -> Result<Self> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        Self::with_init(arch, None, &mut rng)
    }

    /// Builds a network drawing weights with `init` (or the activation's usual choice if `None`).
    pub fn with_init(
        arch: &Architecture,
        init: Option<Init>,
        rng: &mut ChaCha8Rng,
    ) -> Result<Self> {
        if arch.sizes.len() < 2 {
            return Err(CoreError::config(
                "layer sizes",
                format!(
                    "need at least an input and an output width, got {:?}",
                    arch.sizes
                ),
            ));
        }
        if let Some(i) = arch.sizes.iter().position(|&s| s == 0) {
            return Err(CoreError::config(
                "layer sizes",
                format!("width {i} is 0 in {:?}", arch.sizes),
            ));
        }
        let depth = arch.sizes.len() - 1;
        let layers = (0..depth)
            .map(|l| {
                let act = if l + 1 == depth {
                    arch.output
                } else {
                    arch.hidden
                };
                let init = init.unwrap_or(Init::for_activation(act));
                Dense::random(arch.sizes[l], arch.sizes[l + 1], act, init, rng)
            })
            .collect();
        Ok(Network {
            layers,
            loss: arch.loss,
        })
    }

    /// A network from given layers, checking that each layer's inputs match the previous outputs.
    pub fn from_layers(layers: Vec<Dense<T>>, loss: Loss) -> Result<Self> {
        if layers.is_empty() {
            return Err(CoreError::config("network", "it has no layers"));
        }
        for (l, pair) in layers.windows(2).enumerate() {
            if pair[0].outputs() != pair[1].inputs() {
                return Err(CoreError::Shape {
                    what: format!("layer {}'s W", l + 2),
                    expected: format!("layer {} gives {} outputs", l + 1, pair[0].outputs()),
                    found: format!("{} rows", pair[1].inputs()),
                });
            }
        }
        for (l, layer) in layers.iter().enumerate() {
            if layer.b.len() != layer.outputs() {
                return Err(CoreError::Shape {
                    what: format!("layer {}'s b", l + 1),
                    expected: format!("W has {} columns", layer.outputs()),
                    found: format!("{} entries", layer.b.len()),
                });
            }
        }
        Ok(Network { layers, loss })
    }

    /// Number of layers (the lectures' `depth`, K).
    pub fn depth(&self) -> usize {
        self.layers.len()
    }

    /// Widths from input to output.
    pub fn sizes(&self) -> Vec<usize> {
        let mut s = vec![self.layers[0].inputs()];
        s.extend(self.layers.iter().map(|l| l.outputs()));
        s
    }

    /// Width of the input `X^0`.
    pub fn inputs(&self) -> usize {
        self.layers[0].inputs()
    }

    /// Width of the output `X^K`.
    pub fn outputs(&self) -> usize {
        self.layers[self.depth() - 1].outputs()
    }

    /// Checks that `x` has the input width (and `t`, if given, the output width and same rows).
    pub fn check_data(&self, x: &DMatrix<T>, t: Option<&DMatrix<T>>) -> Result<()> {
        if x.ncols() != self.inputs() {
            return Err(CoreError::Shape {
                what: "the input X".into(),
                expected: format!(
                    "the network's first layer expects {} columns",
                    self.inputs()
                ),
                found: format!("{} columns", x.ncols()),
            });
        }
        match t {
            Some(t) => self.check_target(t, x.nrows()),
            None => Ok(()),
        }
    }

    /// Checks that the targets `t` have the output width and one row for each of `instances`.
    pub fn check_target(&self, t: &DMatrix<T>, instances: usize) -> Result<()> {
        if t.ncols() != self.outputs() {
            return Err(CoreError::Shape {
                what: "the target T".into(),
                expected: format!("the network's last layer gives {} columns", self.outputs()),
                found: format!("{} columns", t.ncols()),
            });
        }
        if t.nrows() != instances {
            return Err(CoreError::Shape {
                what: "the target T".into(),
                expected: format!("X has {instances} instances"),
                found: format!("{} rows", t.nrows()),
            });
        }
        Ok(())
    }

    // ANCHOR: forward
    /// Forward propagation of lecture 1: `X^k = h_k(X^(k−1) W^k + 1 ⊗ b^k)` for k = 1 … K, each
    /// layer keeping its `A^k` and `X^k` for backpropagation. Returns the output `X^K`.
    pub fn forward(&mut self, x0: &DMatrix<T>) -> Result<&DMatrix<T>> {
        self.check_data(x0, None)?;
        let mut x = x0;
        for layer in &mut self.layers {
            layer.forward(x); // A^k = X^(k−1) W^k + 1 ⊗ b^k, X^k = h_k(A^k)
            x = &layer.x;
        }
        Ok(self.output())
    }
    // ANCHOR_END: forward

    /// The output `X^K` of the last forward pass.
    pub fn output(&self) -> &DMatrix<T> {
        &self.layers[self.depth() - 1].x
    }

    // ANCHOR: backward
    /// Backpropagation of lecture 2, after [`Network::forward`] on the same `x0`: the deltas from
    /// the output down, `Δ^K` and then `Δ^k = (Δ^(k+1) W^(k+1)ᵀ) ⊙ h_k'(A^k)`; then every layer's
    /// gradients `∂L/∂W^k = X^(k−1)ᵀ Δ^k` and `∂L/∂b^k = 1ᵀ Δ^k`.
    pub fn backward(&mut self, x0: &DMatrix<T>, t: &DMatrix<T>) -> Result<()> {
        self.check_data(x0, Some(t))?;
        if self.output().nrows() != x0.nrows() {
            return Err(CoreError::config(
                "backward",
                "call forward on the same X first",
            ));
        }
        let depth = self.depth();
        self.layers[depth - 1].delta = self.output_delta(t); // Δ^K
        for k in (0..depth - 1).rev() {
            self.layers[k].delta = self.hidden_delta(k); // Δ^k = (Δ^(k+1) W^(k+1)ᵀ) ⊙ h_k'(A^k)
        }
        let mut x = x0;
        for layer in &mut self.layers {
            layer.gradients(x); // ∂L/∂W^k = X^(k−1)ᵀ Δ^k, ∂L/∂b^k = 1ᵀ Δ^k
            x = &layer.x;
        }
        Ok(())
    }
    // ANCHOR_END: backward

    // ANCHOR: hidden_delta
    /// The delta of hidden layer k (counted from 0) from the layer above:
    /// `Δ^k = (Δ^(k+1) W^(k+1)ᵀ) ⊙ h_k'(A^k)`.
    pub fn hidden_delta(&self, k: usize) -> DMatrix<T> {
        let (layer, above) = (&self.layers[k], &self.layers[k + 1]);
        let h_prime = layer.activation.derivative_at(&layer.a, &layer.x);
        (&above.delta * above.w.transpose()).component_mul(&h_prime)
    }
    // ANCHOR_END: hidden_delta

    // ANCHOR: output_delta
    /// The output layer's delta `Δ^K = ∂f_L/∂X^K · ∂h_K/∂A^K`: fused to `(X^K − T)/n` for softmax
    /// with cross entropy and for identity with mean squared error; through the per-instance
    /// Jacobian for softmax with another loss; element-wise `∂f_L/∂X^K ⊙ h_K'(A^K)` otherwise.
    pub fn output_delta(&self, t: &DMatrix<T>) -> DMatrix<T> {
        let last = &self.layers[self.depth() - 1];
        match (last.activation, self.loss) {
            (Activation::Softmax, Loss::CrossEntropy)
            | (Activation::Identity, Loss::MeanSquaredError) => {
                softmax_cross_entropy_delta(&last.x, t)
            }
            (Activation::Softmax, loss) => {
                output_delta_by_jacobian(&loss.gradient(&last.x, t), &softmax_jacobian(&last.x))
            }
            (act, loss) => loss
                .gradient(&last.x, t)
                .component_mul(&act.derivative_at(&last.a, &last.x)),
        }
    }
    // ANCHOR_END: output_delta

    /// The loss `f_L(X^K, T)` of the last forward pass.
    pub fn loss_value(&self, t: &DMatrix<T>) -> T {
        self.loss.value(self.output(), t)
    }

    /// Output for any number of rows, without touching the caches.
    pub fn predict(&self, x0: &DMatrix<T>) -> Result<DMatrix<T>> {
        self.check_data(x0, None)?;
        let mut x = self.layers[0].predict(x0);
        for layer in &self.layers[1..] {
            x = layer.predict(&x);
        }
        Ok(x)
    }

    /// Predicted class of each row: the index of the largest output.
    pub fn classify(&self, x0: &DMatrix<T>) -> Result<Vec<usize>> {
        Ok(crate::argmax_rows(&self.predict(x0)?))
    }

    /// Loss and accuracy on a data set (targets one-hot), computed in chunks of 10 000 rows.
    pub fn evaluate(&self, x: &DMatrix<T>, t: &DMatrix<T>) -> Result<(f64, f64)> {
        self.evaluate_with(x, t, &|xc| self.predict(xc))
    }

    /// [`Network::evaluate`] with the outputs `X^K` of a chunk of rows computed by `predict`
    /// (nn-core's [`Network::predict`], or a faster implementation of the same formula).
    pub fn evaluate_with(
        &self,
        x: &DMatrix<T>,
        t: &DMatrix<T>,
        predict: &dyn Fn(&DMatrix<T>) -> Result<DMatrix<T>>,
    ) -> Result<(f64, f64)> {
        self.check_data(x, Some(t))?;
        let n = x.nrows();
        if n == 0 {
            return Ok((0.0, 0.0));
        }
        let (mut loss_sum, mut correct) = (0.0, 0usize);
        let mut score = |xc: &DMatrix<T>, tc: &DMatrix<T>| -> Result<()> {
            let out = predict(xc)?;
            loss_sum += self.loss.value(&out, tc).as_f64() * xc.nrows() as f64;
            let pred = crate::argmax_rows(&out);
            let truth = crate::argmax_rows(tc);
            correct += pred.iter().zip(&truth).filter(|(p, t)| p == t).count();
            Ok(())
        };
        // Chunks of 10,000 rows bound the memory of the intermediate matrices.
        let chunk = 10_000;
        if n <= chunk {
            score(x, t)?;
        } else {
            for start in (0..n).step_by(chunk) {
                let len = chunk.min(n - start);
                score(
                    &x.rows(start, len).into_owned(),
                    &t.rows(start, len).into_owned(),
                )?;
            }
        }
        Ok((loss_sum / n as f64, correct as f64 / n as f64))
    }

    /// Converts every parameter to another float type (e.g. a trained `f32` model to `f64`).
    pub fn cast<U: Float>(&self) -> Network<U> {
        let layers = self
            .layers
            .iter()
            .map(|l| {
                Dense::from_parameters(
                    l.w.map(|v| U::of(v.as_f64())),
                    l.b.map(|v| U::of(v.as_f64())),
                    l.activation,
                )
            })
            .collect();
        Network {
            layers,
            loss: self.loss,
        }
    }
}
