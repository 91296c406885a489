//! A multilayer perceptron: forward propagation over the layers and backpropagation in reverse.

use crate::error::{CoreError, Result};
use crate::gemm::{Input, Op, gemm};
use crate::layer::{Dense, Init};
use crate::loss::{Loss, output_delta_by_jacobian, softmax_cross_entropy_delta_into};
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
        self.check_input(Input::Rows(x), t)
    }

    /// [`Network::check_data`] for an input stored either way (see [`Input`]).
    pub fn check_input(&self, x: Input<'_, T>, t: Option<&DMatrix<T>>) -> Result<()> {
        if x.features() != self.inputs() {
            let (what, unit) = match x {
                Input::Rows(_) => ("the input X", "columns"),
                Input::Columns(_) => ("the input Xᵀ (one instance per column)", "rows"),
            };
            return Err(CoreError::Shape {
                what: what.into(),
                expected: format!("the network's first layer expects {} {unit}", self.inputs()),
                found: format!("{} {unit}", x.features()),
            });
        }
        if let Some(t) = t {
            if t.ncols() != self.outputs() {
                return Err(CoreError::Shape {
                    what: "the target T".into(),
                    expected: format!("the network's last layer gives {} columns", self.outputs()),
                    found: format!("{} columns", t.ncols()),
                });
            }
            if t.nrows() != x.instances() {
                return Err(CoreError::Shape {
                    what: "the target T".into(),
                    expected: format!("X has {} instances", x.instances()),
                    found: format!("{} rows", t.nrows()),
                });
            }
        }
        Ok(())
    }

    /// Forward propagation, keeping every layer's `a` and `x`; returns the output `X^K`.
    pub fn forward(&mut self, x0: &DMatrix<T>) -> Result<&DMatrix<T>> {
        self.forward_input(Input::Rows(x0))
    }

    /// [`Network::forward`] for an input stored either way (see [`Input`]).
    pub fn forward_input(&mut self, x0: Input<'_, T>) -> Result<&DMatrix<T>> {
        self.check_input(x0, None)?;
        self.forward_unchecked(x0);
        Ok(&self.layers[self.depth() - 1].x)
    }

    // ANCHOR: forward
    fn forward_unchecked(&mut self, x0: Input<'_, T>) {
        for k in 0..self.depth() {
            let (before, rest) = self.layers.split_at_mut(k);
            let x_in = if k == 0 {
                x0
            } else {
                Input::Rows(&before[k - 1].x)
            };
            rest[0].forward_input(x_in); // A^k = X^(k−1) W^k + B^k, X^k = h_k(A^k)
        }
    }
    // ANCHOR_END: forward

    /// The output `X^K` of the last forward pass.
    pub fn output(&self) -> &DMatrix<T> {
        &self.layers[self.depth() - 1].x
    }

    /// Backpropagation after [`Network::forward`] on the same `x0`: fills every layer's `delta`,
    /// `dw` and `db`.
    pub fn backward(&mut self, x0: &DMatrix<T>, t: &DMatrix<T>) -> Result<()> {
        self.backward_input(Input::Rows(x0), t)
    }

    /// [`Network::backward`] for an input stored either way (see [`Input`]).
    pub fn backward_input(&mut self, x0: Input<'_, T>, t: &DMatrix<T>) -> Result<()> {
        self.check_input(x0, Some(t))?;
        if self.output().nrows() != x0.instances() {
            return Err(CoreError::config(
                "backward",
                "call forward on the same X first",
            ));
        }
        self.backward_unchecked(x0, t);
        Ok(())
    }

    // ANCHOR: backward
    fn backward_unchecked(&mut self, x0: Input<'_, T>, t: &DMatrix<T>) {
        let depth = self.depth();
        self.output_delta(t); // Δ^K
        for k in (0..depth).rev() {
            let (before, rest) = self.layers.split_at_mut(k);
            let (layer, after) = rest.split_first_mut().expect("k < depth");
            if let Some(next) = after.first() {
                // Δ^k = (Δ^(k+1) W^(k+1)ᵀ) ⊙ h_k'(A^k)
                gemm(
                    &mut layer.delta,
                    T::one(),
                    &next.delta,
                    Op::N,
                    &next.w,
                    Op::T,
                    T::zero(),
                );
                layer
                    .activation
                    .backprop_in_place(&layer.a, &layer.x, &mut layer.delta);
            }
            let x_in = if k == 0 {
                x0
            } else {
                Input::Rows(&before[k - 1].x)
            };
            layer.gradients_input(x_in); // ∂L/∂W^k = X^(k−1)ᵀ Δ^k, ∂L/∂b^k = 1ᵀ Δ^k
        }
    }
    // ANCHOR_END: backward

    /// `Δ^K = ∂f_L/∂X^K · ∂h_K/∂A^K`: fused to `(X^K − T)/n` for softmax + cross entropy and
    /// identity + mean squared error; element-wise for other element-wise activations; through
    /// the per-instance Jacobian for softmax with another loss.
    fn output_delta(&mut self, t: &DMatrix<T>) {
        let loss = self.loss;
        let last = self.layers.last_mut().expect("a network has layers");
        match (last.activation, loss) {
            (Activation::Softmax, Loss::CrossEntropy)
            | (Activation::Identity, Loss::MeanSquaredError) => {
                softmax_cross_entropy_delta_into(&last.x, t, &mut last.delta)
            }
            (Activation::Softmax, _) => {
                let r = loss.gradient(&last.x, t);
                last.delta = output_delta_by_jacobian(&r, &softmax_jacobian(&last.x));
            }
            (act, _) => {
                let r = loss.gradient(&last.x, t);
                last.delta.copy_from(&r);
                act.backprop_in_place(&last.a, &last.x, &mut last.delta);
            }
        }
    }

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
        self.check_data(x, Some(t))?;
        let n = x.nrows();
        if n == 0 {
            return Ok((0.0, 0.0));
        }
        let (mut loss_sum, mut correct) = (0.0, 0usize);
        let mut score = |xc: &DMatrix<T>, tc: &DMatrix<T>| -> Result<()> {
            let out = self.predict(xc)?;
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
