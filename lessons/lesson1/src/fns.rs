//! The functions lesson 1 computes with: nn-core's (the reference, by default) or the learner's
//! own from [`crate::homework`] (`--mine`).

use crate::{Forward, homework};
use nalgebra::{DMatrix, RowDVector};
use nn_core::{Activation, loss};
pub use nn_course::reference_forward;

/// `C = A B`.
pub type MatrixMulti = fn(&DMatrix<f64>, &DMatrix<f64>) -> DMatrix<f64>;
/// `B = (1,…,1)ᵀ ⊗ b` from a 1×m `b` and n.
pub type ExpansionBias = fn(&DMatrix<f64>, usize) -> DMatrix<f64>;
/// An element-wise or row-wise activation `X = h(A)`.
pub type Act = fn(&DMatrix<f64>) -> DMatrix<f64>;
/// A loss `L(X, T)`.
pub type LossFn = fn(&DMatrix<f64>, &DMatrix<f64>) -> f64;
/// The forward loop over the layers: `(X^0, [W^l], [b^l]) ↦ Forward`.
pub type ForwardFn = fn(&DMatrix<f64>, &[DMatrix<f64>], &[DMatrix<f64>]) -> Forward;

/// One implementation of each of lesson 1's homework functions.
#[derive(Clone, Copy)]
pub struct Fns {
    /// Whose functions these are, for messages ("nn-core" or "yours").
    pub who: &'static str,
    /// `C = A B`.
    pub matrix_multi: MatrixMulti,
    /// `B = (1,…,1)ᵀ ⊗ b`.
    pub expansion_bias: ExpansionBias,
    /// `ReLU(A)`.
    pub hm_relu: Act,
    /// Row-wise softmax.
    pub hm_softmax: Act,
    /// Cross entropy.
    pub cross_entropy: LossFn,
    /// The forward loop.
    pub forward: ForwardFn,
}

impl Fns {
    /// nn-core's implementations (nalgebra underneath).
    pub fn reference() -> Self {
        Fns {
            who: "nn-core",
            matrix_multi: |a, b| a * b,
            expansion_bias: reference_expansion_bias,
            hm_relu: |a| Activation::Relu.apply(a),
            hm_softmax: nn_core::softmax,
            cross_entropy: loss::cross_entropy,
            forward: reference_forward,
        }
    }

    /// The learner's implementations in `lessons/lesson1/src/homework.rs`.
    pub fn mine() -> Self {
        Fns {
            who: "yours",
            matrix_multi: homework::matrix_multi,
            expansion_bias: homework::expansion_bias,
            hm_relu: homework::hm_relu,
            hm_softmax: homework::hm_softmax,
            cross_entropy: homework::cross_entropy,
            forward: homework::forward,
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

/// nn-core's `expansion_bias` for a 1×m matrix `b`.
pub fn reference_expansion_bias(b: &DMatrix<f64>, n: usize) -> DMatrix<f64> {
    nn_core::expansion_bias(&RowDVector::from_row_slice(b.as_slice()), n)
}
