//! # Lesson 3 — implementation 1: an MLP from scratch on the circle task
//!
//! The lecture's `main`, step by step: make the circle task ([`learn::circle_data`]), build a
//! 2-10-10-2 network, and loop — draw a mini-batch, forward propagation
//! `A^k = X^(k−1) W^k + B^k, X^k = h_k(A^k)`, backpropagation
//! `Δ^K = (X^K − T)/n, Δ^k = (Δ^(k+1) W^(k+1)ᵀ) ⊙ h_k'(A^k)`, the update `W ← W − η ∂L/∂W`, and
//! the learning plan `η ← η · attenuation` every `learning_plan` iterations ([`learn::learn`]).
//! Then the pictures ([`pictures`]).
//!
//! The two loops and the learning plan are the learner's homework ([`homework`], checked by
//! [`checks`]); `cargo run -p lesson3 -- --mine` trains with them.

#[cfg_attr(feature = "solution", path = "../solutions/homework.rs")]
pub mod homework;

pub mod checks;
pub mod learn;
pub mod pictures;
pub mod report;

pub use learn::{Implementation, Outcome, circle_data, learn};
pub use nn_course::Settings;
