//! # Lesson 1: forward propagation (理論: 順伝播)
//!
//! A mini-batch `X` (n×features, one instance per row) flows through the layers
//! `A^l = X^(l−1) W^l + B^l`, `X^l = h_l(A^l)` with `B^l = (1,…,1)ᵀ ⊗ b^l`, ReLU in the hidden
//! layers and softmax at the output, and the loss is the cross entropy
//! `CE = −(1/n) Σ_i Σ_j t_ij log x_ij`.
//!
//! - [`example`]: the worked example (a 2-3-3 network on 4 instances, readable weights);
//! - [`steps`]: the forward pass step by step, computed with the functions of a [`Fns`];
//! - [`fns`]: those functions — nn-core's (the reference) or the learner's ([`homework`]);
//! - [`checks`]: one check per homework exercise; [`mine`] runs the learner's code politely;
//! - [`chart`]: the activation-function picture.

pub mod chart;
pub mod check_util;
pub mod checks;
pub mod example;
pub mod fns;
pub mod mine;
pub mod show;
pub mod steps;

/// The learner's file (or, with the `solution` feature, the reference solutions).
#[cfg_attr(feature = "solution", path = "../solutions/homework.rs")]
pub mod homework;

pub use example::Example;
pub use fns::Fns;
pub use nalgebra::DMatrix;

/// What a forward pass leaves behind: `a[l] = A^(l+1)` for each of the `depth` layers, and
/// `x[0] = X^0` (the input) followed by `x[l] = X^l = h_l(A^l)`, so `x` has `depth + 1` entries
/// and `x[depth]` is the network's output.
#[derive(Debug, Clone, PartialEq)]
pub struct Forward {
    /// Pre-activations `A^1 … A^depth` (each n×width).
    pub a: Vec<DMatrix<f64>>,
    /// Outputs `X^0 … X^depth` (each n×width); `x[0]` is the input.
    pub x: Vec<DMatrix<f64>>,
}

impl Forward {
    /// The network's output `X^depth`.
    pub fn output(&self) -> &DMatrix<f64> {
        self.x.last().expect("x holds at least the input")
    }
}
