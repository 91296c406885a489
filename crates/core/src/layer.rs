//! A fully connected layer `A = X W + B`, `X_out = h(A)`, with the caches backpropagation needs.

use crate::{Activation, Float, column_sum, expansion_bias};
use nalgebra::{DMatrix, RowDVector};
use rand::Rng;
use rand_distr::{Distribution, Normal};

/// One dense layer l: parameters `W^l` (inputs×outputs) and `b^l` (1×outputs), the activation
/// `h_l`, and what the last forward/backward pass left behind.
///
#[derive(Debug, Clone)]
pub struct Dense<T: Float> {
    /// Weights `W^l`, inputs×outputs.
    pub w: DMatrix<T>,
    /// Bias row vector `b^l`, 1×outputs.
    pub b: RowDVector<T>,
    /// The activation `h_l`.
    pub activation: Activation,
    /// Pre-activation `A^l = X^(l−1) W^l + B^l` of the last forward pass (n×outputs).
    pub a: DMatrix<T>,
    /// Output `X^l = h_l(A^l)` of the last forward pass (n×outputs).
    pub x: DMatrix<T>,
    /// `Δ^l = ∂L/∂A^l` of the last backward pass (n×outputs).
    pub delta: DMatrix<T>,
    /// `∂L/∂W^l = X^(l−1)ᵀ Δ^l` (inputs×outputs).
    pub dw: DMatrix<T>,
    /// `∂L/∂b^l = 1ᵀ Δ^l`, the column sums of Δ (1×outputs).
    pub db: RowDVector<T>,
}

/// How initial weights are drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Init {
    /// He: `W ~ N(0, 2/inputs)`, suited to ReLU.
    He,
    /// Xavier: `W ~ N(0, 1/inputs)`, suited to tanh and sigmoid.
    Xavier,
    /// `W ~ N(0, σ²)` with a fixed σ (Deep Learning from Scratch uses σ = 0.01).
    Normal(f64),
}

impl Init {
    /// The usual choice for an activation: He for ReLU, Xavier otherwise.
    pub fn for_activation(activation: Activation) -> Init {
        if activation == Activation::Relu {
            Init::He
        } else {
            Init::Xavier
        }
    }

    fn sigma(self, inputs: usize) -> f64 {
        match self {
            Init::He => (2.0 / inputs as f64).sqrt(),
            Init::Xavier => (1.0 / inputs as f64).sqrt(),
            Init::Normal(s) => s,
        }
    }
}

impl<T: Float> Dense<T> {
    /// A layer with given parameters (shapes are the caller's responsibility; see
    /// [`crate::Network::from_layers`] which checks them).
    pub fn from_parameters(w: DMatrix<T>, b: RowDVector<T>, activation: Activation) -> Self {
        let outputs = w.ncols();
        let inputs = w.nrows();
        Dense {
            w,
            b,
            activation,
            a: DMatrix::zeros(0, outputs),
            x: DMatrix::zeros(0, outputs),
            delta: DMatrix::zeros(0, outputs),
            dw: DMatrix::zeros(inputs, outputs),
            db: RowDVector::zeros(outputs),
        }
    }

    /// A layer with random weights drawn by `init` and zero biases.
    pub fn random(
        inputs: usize,
        outputs: usize,
        activation: Activation,
        init: Init,
        rng: &mut impl Rng,
    ) -> Self {
        let normal = Normal::new(0.0, init.sigma(inputs.max(1)))
            .unwrap_or_else(|_| Normal::new(0.0, 0.01).expect("σ = 0.01 is valid"));
        let w = DMatrix::from_fn(inputs, outputs, |_, _| T::of(normal.sample(rng)));
        Self::from_parameters(w, RowDVector::zeros(outputs), activation)
    }

    /// Number of inputs (rows of `W`).
    pub fn inputs(&self) -> usize {
        self.w.nrows()
    }

    /// Number of outputs (columns of `W`).
    pub fn outputs(&self) -> usize {
        self.w.ncols()
    }

    // ANCHOR: dense_forward
    /// Forward pass of lecture 1: `A = X W + (1,…,1)ᵀ ⊗ b`, then `X_out = h(A)`. Both are kept in
    /// `self.a` and `self.x` for backpropagation.
    pub fn forward(&mut self, x: &DMatrix<T>) {
        self.a = x * &self.w + expansion_bias(&self.b, x.nrows()); // A = X W + 1 ⊗ b
        self.x = self.activation.apply(&self.a); // X_out = h(A)
    }
    // ANCHOR_END: dense_forward

    // ANCHOR: dense_gradients
    /// The parameters' gradients of lecture 2, from `self.delta` (Δ = ∂L/∂A) and the layer's
    /// input X: `∂L/∂W = Xᵀ Δ` and `∂L/∂b = 1ᵀ Δ` (the column sums of Δ). (`x.tr_mul(d)` is
    /// nalgebra's `x.transpose() * d` without making the transposed copy.)
    pub fn gradients(&mut self, x: &DMatrix<T>) {
        self.dw = x.tr_mul(&self.delta); // ∂L/∂W = Xᵀ Δ
        self.db = column_sum(&self.delta); // ∂L/∂b = 1ᵀ Δ
    }
    // ANCHOR_END: dense_gradients

    /// The layer's output `h(X W + (1,…,1)ᵀ ⊗ b)` for any number of rows, without touching the
    /// caches (prediction).
    pub fn predict(&self, x: &DMatrix<T>) -> DMatrix<T> {
        self.activation
            .apply(&(x * &self.w + expansion_bias(&self.b, x.nrows())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_and_gradients_follow_the_lectures_formulas() {
        let w = DMatrix::from_row_slice(2, 3, &[1.0, -2.0, 0.5, 0.0, 3.0, -1.0]);
        let b = RowDVector::from_row_slice(&[0.1, 0.2, -5.0]);
        let mut layer = Dense::from_parameters(w, b, Activation::Relu);
        let x = DMatrix::from_row_slice(2, 2, &[1.0, 2.0, -1.0, 0.5]);
        layer.forward(&x);
        // A = X W + B, element by element
        let a = DMatrix::from_row_slice(2, 3, &[1.1, 4.2, -6.5, -0.9, 3.7, -6.0]);
        assert!((&layer.a - &a).abs().max() < 1e-12);
        assert_eq!(layer.x, a.map(|v: f64| v.max(0.0)));
        assert_eq!(layer.predict(&x), layer.x);
        layer.delta = DMatrix::from_row_slice(2, 3, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        layer.gradients(&x);
        // ∂L/∂W_ij = Σ_r x_ri δ_rj, ∂L/∂b_j = Σ_r δ_rj
        let dw = DMatrix::from_row_slice(2, 3, &[-3.0, -3.0, -3.0, 4.0, 6.5, 9.0]);
        assert!((&layer.dw - &dw).abs().max() < 1e-12);
        assert_eq!(layer.db, RowDVector::from_row_slice(&[5.0, 7.0, 9.0]));
    }
}
