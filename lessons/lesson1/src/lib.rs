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
//! - [`checks`]: one check per homework exercise;
//! - [`chart`]: the activation-function picture;
//! - [`diagram`]: the network with the shape of every matrix.
//!
//! The worked example ([`Example`], [`Forward`]) lives in `nn-course`, since lesson 2
//! differentiates the same network.

pub mod chart;
pub mod checks;
pub mod diagram;
pub mod fns;
pub mod inputs;
pub mod steps;

/// The learner's file (or, with the `solution` feature, the reference solutions).
#[cfg_attr(feature = "solution", path = "../solutions/homework.rs")]
pub mod homework;

pub use fns::Fns;
pub use nalgebra::DMatrix;
pub use nn_course::example::{self, Example, Forward};
