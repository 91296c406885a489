//! # Lesson 2: backpropagation (理論: 逆伝播)
//!
//! For the network of lesson 1 (`A^l = X^(l−1) W^l + B^l`, ReLU hidden layers, softmax output,
//! cross entropy) every derivative the lecture derives, in matrix form:
//! - output layer: `Δ^K = ∂CE/∂X^K · ∂softmax/∂A^K` per instance (= `(X^K − T)/n`);
//! - hidden layer: `Δ^l = (Δ^(l+1) W^(l+1)ᵀ) ⊙ ∂h_l/∂A^l`;
//! - `∂L/∂W^l = X^(l−1)ᵀ Δ^l` and `∂L/∂B^l = (1,…,1)ᵀ ⊗ (Σ_i δ_i1, Σ_i δ_i2, …)`.
//!
//! [`steps`] prints them and compares them with numerical gradients, including the lecture's
//! cross-entropy derivative that a gradient check shows to be off by exactly 2; [`grad`] computes
//! the gradients of a saved model on a CSV file; [`graph`] draws the backward pass as a data-flow
//! graph.

pub mod checks;
pub mod fns;
pub mod grad;
pub mod graph;
pub mod steps;

/// The learner's file (or, with the `solution` feature, the reference solutions).
#[cfg_attr(feature = "solution", path = "../solutions/homework.rs")]
pub mod homework;

pub use fns::Fns;
use nalgebra::DMatrix;
pub use nn_course::{Example, Forward};

/// What backpropagation returns, one entry per layer l = 1 … depth (index l − 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Gradients {
    /// `Δ^l = ∂L/∂A^l` (n×width).
    pub delta: Vec<DMatrix<f64>>,
    /// `∂L/∂W^l = X^(l−1)ᵀ Δ^l` (inputs×width).
    pub dw: Vec<DMatrix<f64>>,
    /// `∂L/∂B^l = (1,…,1)ᵀ ⊗ (column sums of Δ^l)` (n×width; every row is `∂L/∂b^l`).
    pub db: Vec<DMatrix<f64>>,
}
