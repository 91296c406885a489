//! A fully connected layer `A = X W + B`, `X_out = h(A)`, with the caches backpropagation needs.

use crate::gemm::{Input, Op, gemm};
use crate::{Activation, Float};
use nalgebra::{DMatrix, RowDVector};
use rand::Rng;
use rand_distr::{Distribution, Normal};

/// One dense layer l: parameters `W^l` (inputs×outputs) and `b^l` (1×outputs), the activation
/// `h_l`, and what the last forward/backward pass left behind.
///
/// Buffers are resized only when the batch size changes, so a training step allocates nothing.
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

    /// Makes the per-batch buffers n rows high (allocates only when n changes).
    pub fn reserve_batch(&mut self, n: usize) {
        if self.a.nrows() != n {
            let m = self.outputs();
            self.a = DMatrix::zeros(n, m);
            self.x = DMatrix::zeros(n, m);
            self.delta = DMatrix::zeros(n, m);
        }
    }

    // ANCHOR: dense_forward
    /// Forward pass: `A = X_in W + (1,…,1)ᵀ ⊗ b`, then `X = h(A)`, kept in `self.a`, `self.x`.
    pub fn forward(&mut self, x_in: &DMatrix<T>) {
        self.forward_input(Input::Rows(x_in));
    }

    /// [`Dense::forward`] for an input stored either way (see [`Input`]).
    pub fn forward_input(&mut self, x_in: Input<'_, T>) {
        self.reserve_batch(x_in.instances());
        let (x, op) = x_in.x();
        gemm(&mut self.a, T::one(), x, op, &self.w, Op::N, T::zero());
        add_bias(&mut self.a, &self.b);
        self.activation.apply_into(&self.a, &mut self.x);
    }
    // ANCHOR_END: dense_forward

    // ANCHOR: dense_gradients
    /// Gradients from `self.delta`: `∂L/∂W = X_inᵀ Δ` and `∂L/∂b = 1ᵀ Δ`.
    pub fn gradients(&mut self, x_in: &DMatrix<T>) {
        self.gradients_input(Input::Rows(x_in));
    }

    /// [`Dense::gradients`] for an input stored either way (see [`Input`]).
    pub fn gradients_input(&mut self, x_in: Input<'_, T>) {
        let (xt, op) = x_in.x_transposed();
        gemm(
            &mut self.dw,
            T::one(),
            xt,
            op,
            &self.delta,
            Op::N,
            T::zero(),
        );
        self.db.fill(T::zero());
        let n = self.delta.nrows().max(1);
        for (db, col) in self
            .db
            .iter_mut()
            .zip(self.delta.as_slice().chunks_exact(n))
        {
            *db = sum(col);
        }
    }
    // ANCHOR_END: dense_gradients

    /// Forward pass without caches (for prediction on any number of rows).
    pub fn predict(&self, x_in: &DMatrix<T>) -> DMatrix<T> {
        let mut a = DMatrix::zeros(x_in.nrows(), self.outputs());
        gemm(&mut a, T::one(), x_in, Op::N, &self.w, Op::N, T::zero());
        add_bias(&mut a, &self.b);
        let mut x = a.clone();
        self.activation.apply_into(&a, &mut x);
        x
    }
}

/// `A ← A + (1,…,1)ᵀ ⊗ b`: adds `b_j` to every element of column j (A is column-major, so each
/// column is one contiguous run).
fn add_bias<T: Float>(a: &mut DMatrix<T>, b: &RowDVector<T>) {
    let n = a.nrows().max(1);
    for (col, &bj) in a.as_mut_slice().chunks_exact_mut(n).zip(b.iter()) {
        col.iter_mut().for_each(|v| *v += bj);
    }
}

/// `Σ_i v_i`, with eight running sums so that the additions need not wait for each other.
pub(crate) fn sum<T: Float>(v: &[T]) -> T {
    let mut acc = [T::zero(); 8];
    let chunks = v.chunks_exact(8);
    let rest = chunks.remainder();
    for c in chunks {
        for (a, &x) in acc.iter_mut().zip(c) {
            *a += x;
        }
    }
    acc.iter().chain(rest).fold(T::zero(), |s, &x| s + x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sum_adds_every_element_in_any_length() {
        for n in [0usize, 1, 7, 8, 9, 100, 101] {
            let v: Vec<f64> = (0..n).map(|i| (i * i % 13) as f64 - 4.5).collect();
            let exact: f64 = v.iter().sum();
            assert!((sum(&v) - exact).abs() < 1e-9, "n = {n}");
        }
    }

    #[test]
    fn bias_and_its_gradient_follow_the_columns() {
        let mut a = DMatrix::from_row_slice(3, 2, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        add_bias(&mut a, &RowDVector::from_row_slice(&[10.0, 100.0]));
        assert_eq!(
            a,
            DMatrix::from_row_slice(3, 2, &[11.0, 102.0, 13.0, 104.0, 15.0, 106.0])
        );
        let mut layer = Dense::<f64>::from_parameters(
            DMatrix::zeros(1, 2),
            RowDVector::zeros(2),
            Activation::Identity,
        );
        layer.delta = a;
        layer.gradients(&DMatrix::from_element(3, 1, 1.0));
        assert_eq!(layer.db, RowDVector::from_row_slice(&[39.0, 312.0]));
    }
}
