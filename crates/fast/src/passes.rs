//! nn-core's forward and backward passes, computed into buffers that live from step to step.
//!
//! The formulas are nn-core's (`nn_core::Network::forward` and `backward`, written there as the
//! lectures write them); here each product goes through [`gemm`] into the layer's own `a`, `x`,
//! `delta`, `dw`, `db`, the input may be stored one instance per column ([`Input::Columns`]), and
//! a step allocates nothing once the batch size is fixed. `tests/equal.rs` proves the results
//! equal to nn-core's, step after step.

use crate::kernel::{Kernel, Op, gemm};
use nalgebra::{DMatrix, RowDVector};
use nn_core::{Activation, CoreError, Dense, Loss, Network, Result};

/// The input X of a network (n instances × features), as it is stored: one instance per row —
/// the lectures' layout — or one instance per column (Xᵀ, how a gathered mini-batch keeps each
/// image contiguous). Either is used in the products as is, without copying.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a, T> {
    /// The matrix is X itself: n×features.
    Rows(&'a DMatrix<T>),
    /// The matrix is Xᵀ: features×n.
    Columns(&'a DMatrix<T>),
}

impl<'a, T: Kernel> Input<'a, T> {
    /// Number of instances n.
    pub fn instances(&self) -> usize {
        match self {
            Input::Rows(m) => m.nrows(),
            Input::Columns(m) => m.ncols(),
        }
    }

    /// Number of features per instance.
    pub fn features(&self) -> usize {
        match self {
            Input::Rows(m) => m.ncols(),
            Input::Columns(m) => m.nrows(),
        }
    }

    /// The stored matrix and the [`Op`] that turns it into X.
    pub fn x(&self) -> (&'a DMatrix<T>, Op) {
        match *self {
            Input::Rows(m) => (m, Op::N),
            Input::Columns(m) => (m, Op::T),
        }
    }

    /// The stored matrix and the [`Op`] that turns it into Xᵀ.
    pub fn x_transposed(&self) -> (&'a DMatrix<T>, Op) {
        match *self {
            Input::Rows(m) => (m, Op::T),
            Input::Columns(m) => (m, Op::N),
        }
    }
}

/// Checks that `x` has the network's input width (and `t`, if given, its output width and as
/// many rows as `x` has instances).
pub fn check_input<T: Kernel>(
    net: &Network<T>,
    x: Input<'_, T>,
    t: Option<&DMatrix<T>>,
) -> Result<()> {
    if let Input::Rows(x) = x {
        return net.check_data(x, t);
    }
    if x.features() != net.inputs() {
        return Err(CoreError::Shape {
            what: "the input Xᵀ (one instance per column)".into(),
            expected: format!("the network's first layer expects {} rows", net.inputs()),
            found: format!("{} rows", x.features()),
        });
    }
    match t {
        Some(t) => net.check_target(t, x.instances()),
        None => Ok(()),
    }
}

/// Makes a layer's per-batch buffers n rows high (allocates only when n changes).
pub fn reserve_batch<T: Kernel>(layer: &mut Dense<T>, n: usize) {
    let m = layer.outputs();
    if layer.a.shape() != (n, m) {
        layer.a = DMatrix::zeros(n, m);
        layer.x = DMatrix::zeros(n, m);
        layer.delta = DMatrix::zeros(n, m);
    }
    if layer.dw.shape() != layer.w.shape() {
        layer.dw = DMatrix::zeros(layer.inputs(), m);
        layer.db = RowDVector::zeros(m);
    }
}

/// One layer's forward pass into its buffers: `A = X W + (1,…,1)ᵀ ⊗ b`, `X_out = h(A)`.
pub fn layer_forward<T: Kernel>(layer: &mut Dense<T>, x_in: Input<'_, T>) {
    reserve_batch(layer, x_in.instances());
    let (x, op) = x_in.x();
    gemm(&mut layer.a, T::one(), x, op, &layer.w, Op::N, T::zero());
    add_bias(&mut layer.a, &layer.b);
    layer.activation.apply_into(&layer.a, &mut layer.x);
}

/// One layer's gradients from its `delta`: `∂L/∂W = X_inᵀ Δ`, `∂L/∂b = 1ᵀ Δ`.
pub fn layer_gradients<T: Kernel>(layer: &mut Dense<T>, x_in: Input<'_, T>) {
    let (xt, op) = x_in.x_transposed();
    gemm(
        &mut layer.dw,
        T::one(),
        xt,
        op,
        &layer.delta,
        Op::N,
        T::zero(),
    );
    let n = layer.delta.nrows().max(1);
    for (db, col) in layer
        .db
        .iter_mut()
        .zip(layer.delta.as_slice().chunks_exact(n))
    {
        *db = sum(col);
    }
}

/// `Δ^k ← (Δ^(k+1) W^(k+1)ᵀ) ⊙ h_k'(A^k)`: the hidden-layer step of backpropagation, from the
/// layer above (`next`) into `layer.delta`.
pub fn delta_from_above<T: Kernel>(layer: &mut Dense<T>, next: &Dense<T>) {
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

/// Forward propagation of `x0` through every layer, into the layers' buffers; returns `X^K`.
pub fn forward<'n, T: Kernel>(net: &'n mut Network<T>, x0: Input<'_, T>) -> Result<&'n DMatrix<T>> {
    check_input(net, x0, None)?;
    for k in 0..net.depth() {
        let (before, rest) = net.layers.split_at_mut(k);
        let x_in = before.last().map_or(x0, |prev| Input::Rows(&prev.x));
        layer_forward(&mut rest[0], x_in);
    }
    Ok(net.output())
}

/// Backpropagation after [`forward`] on the same `x0`: fills every layer's `delta`, `dw`, `db`.
pub fn backward<T: Kernel>(net: &mut Network<T>, x0: Input<'_, T>, t: &DMatrix<T>) -> Result<()> {
    check_input(net, x0, Some(t))?;
    if net.output().nrows() != x0.instances() {
        return Err(CoreError::config(
            "backward",
            "call forward on the same X first",
        ));
    }
    output_delta(net, t);
    for k in (0..net.depth()).rev() {
        let (before, rest) = net.layers.split_at_mut(k);
        let (layer, after) = rest.split_first_mut().expect("k < depth");
        if let Some(next) = after.first() {
            delta_from_above(layer, next);
        }
        let x_in = before.last().map_or(x0, |prev| Input::Rows(&prev.x));
        layer_gradients(layer, x_in);
    }
    Ok(())
}

/// `Δ^K` into the last layer's buffer: the fused `(X^K − T)/n` for softmax + cross entropy and
/// identity + mean squared error, nn-core's `Network::output_delta` otherwise.
fn output_delta<T: Kernel>(net: &mut Network<T>, t: &DMatrix<T>) {
    let depth = net.depth();
    let last = &net.layers[depth - 1];
    match (last.activation, net.loss) {
        (Activation::Softmax, Loss::CrossEntropy)
        | (Activation::Identity, Loss::MeanSquaredError) => {
            let last = &mut net.layers[depth - 1];
            softmax_delta_into(&last.x, t, &mut last.delta);
        }
        _ => net.layers[depth - 1].delta = net.output_delta(t),
    }
}

/// One step's gradients on (x0, t): [`forward`], the loss, [`backward`]. Returns the loss.
pub fn gradients<T: Kernel>(net: &mut Network<T>, x0: Input<'_, T>, t: &DMatrix<T>) -> Result<T> {
    forward(net, x0)?;
    let loss = net.loss_value(t);
    backward(net, x0, t)?;
    Ok(loss)
}

/// One layer's output `h(X W + (1,…,1)ᵀ ⊗ b)` for any number of rows, without the caches.
fn layer_predict<T: Kernel>(layer: &Dense<T>, x: &DMatrix<T>) -> DMatrix<T> {
    let mut a = DMatrix::zeros(x.nrows(), layer.outputs());
    gemm(&mut a, T::one(), x, Op::N, &layer.w, Op::N, T::zero());
    add_bias(&mut a, &layer.b);
    let mut out = a.clone();
    layer.activation.apply_into(&a, &mut out);
    out
}

/// The output `X^K` for any number of rows (nn-core's `Network::predict`, on the kernel).
pub fn predict<T: Kernel>(net: &Network<T>, x0: &DMatrix<T>) -> Result<DMatrix<T>> {
    net.check_data(x0, None)?;
    let mut x = layer_predict(&net.layers[0], x0);
    for layer in &net.layers[1..] {
        x = layer_predict(layer, &x);
    }
    Ok(x)
}

/// Loss and accuracy on a data set (nn-core's `Network::evaluate`, predicting with [`predict`]).
pub fn evaluate<T: Kernel>(net: &Network<T>, x: &DMatrix<T>, t: &DMatrix<T>) -> Result<(f64, f64)> {
    net.evaluate_with(x, t, &|xc| predict(net, xc))
}

/// The fused output delta of softmax + cross entropy, `Δ^K = (X^K − T)/n`, into `delta`
/// (nn-core's `softmax_cross_entropy_delta`, without allocating).
pub(crate) fn softmax_delta_into<T: Kernel>(
    x: &DMatrix<T>,
    t: &DMatrix<T>,
    delta: &mut DMatrix<T>,
) {
    let inv_n = T::one() / T::of(x.nrows() as f64);
    let (x, t) = (x.as_slice(), t.as_slice());
    for ((d, &xi), &ti) in delta.as_mut_slice().iter_mut().zip(x).zip(t) {
        *d = (xi - ti) * inv_n;
    }
}

/// `A ← A + (1,…,1)ᵀ ⊗ b`: adds `b_j` to every element of column j (A is column-major, so each
/// column is one contiguous run).
fn add_bias<T: Kernel>(a: &mut DMatrix<T>, b: &RowDVector<T>) {
    let n = a.nrows().max(1);
    for (col, &bj) in a.as_mut_slice().chunks_exact_mut(n).zip(b.iter()) {
        col.iter_mut().for_each(|v| *v += bj);
    }
}

/// `Σ_i v_i`, with eight running sums so that the additions need not wait for each other.
fn sum<T: Kernel>(v: &[T]) -> T {
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
        layer_gradients(&mut layer, Input::Rows(&DMatrix::from_element(3, 1, 1.0)));
        assert_eq!(layer.db, RowDVector::from_row_slice(&[39.0, 312.0]));
    }
}
