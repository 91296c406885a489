//! # Lesson 6: MNIST (実装3)
//!
//! The network of lecture 3, grown to 784 inputs and 10 outputs, reading handwritten digits (and
//! Fashion-MNIST's clothes) — in `f32`, with an allocation-free training step
//! (`nn_core::train_step`), data-parallel mini-batches (the appendix [`fast`]), and the pictures that show
//! what it learned ([`pictures`]). [`digitize`] turns a learner's own drawing into an MNIST-like
//! image so the network can read it.

pub mod bench;

pub mod data;
pub mod digitize;
pub mod fast;
pub mod pictures;
pub mod pixels;
pub mod run;
pub mod settings;

pub use data::{DatasetKind, Loaded, load};
pub use run::{EpochRecord, Observer, Outcome, Silent, train};
pub use settings::Settings;
