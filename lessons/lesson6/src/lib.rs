//! # Lesson 6: MNIST (実装3)
//!
//! The network of lecture 3, grown to 784 inputs and 10 outputs, reading handwritten digits (and
//! Fashion-MNIST's clothes) — in `f32`, with a training step that allocates nothing of its own
//! (only the product kernel's buffers) and data-parallel mini-batches (the appendix, the crate
//! `nn_fast`), and the pictures that show what it learned ([`pictures`]). [`digitize`] turns a learner's own drawing into an MNIST-like
//! image so the network can read it.
//!
//! The homework ([`homework`], checked by [`checks`]): the pixels `x = byte/255`, the argmax
//! accuracy, inverted dropout forward and backward, and the weight-decay term `λW`.
//! `train --mine` trains with them in nn-core's one loop ([`taught`], [`mine`]); `train --taught`
//! runs the same loop with the library's functions, for comparison.

pub mod bench;

pub mod checks;
pub mod data;
pub mod digitize;
#[cfg_attr(feature = "solution", path = "../solutions/homework.rs")]
pub mod homework;
pub mod mine;
pub mod pictures;
pub mod run;
pub mod settings;
pub mod taught;

// The unit tests prove the reference solutions pass their checks, with or without the feature.
#[cfg(all(test, not(feature = "solution")))]
#[path = "../solutions/homework.rs"]
mod solution_for_tests;
#[cfg(all(test, feature = "solution"))]
use homework as solution_for_tests;

pub use data::{DatasetKind, Loaded, load};
pub use run::{EpochRecord, Observer, Outcome, Silent, train};
pub use settings::Settings;
