//! # Lesson 4: experiments with implementation 1 (実験: 実装1の続き)
//!
//! The network of lesson 3 (`A^l = X^(l−1) W^l + B^l`, `X^l = h(A^l)`, softmax and cross entropy
//! at the end, mini-batch SGD with a learning plan) put through the lecture's experiments, one
//! module each:
//!
//! - [`grid_search`]: hyperparameters scored by stratified k-fold cross-validation, like
//!   scikit-learn's `GridSearchCV(cv=5)`;
//! - [`boundary`]: the decision boundary on a grid of step 1, then 0.05 (`drawing_by_python`);
//! - [`activations`]: ReLU versus tanh hidden layers;
//! - [`xor_linear`]: `judge_term` edited to XOR and to a linearly separable task, learned with
//!   no hidden layer and with one;
//! - [`optimizers`]: SGD, Momentum, AdaGrad, RMSProp and Adam on the same task;
//! - [`multiclass`]: why one-hot — one output node predicting the class number invents a
//!   "closeness" between classes;
//! - [`homework4`]: the 4-class task in 3-D (sphere and paraboloid);
//! - [`animate`]: the decision boundary forming during training, as a GIF;
//! - [`figures`]: the book's explanatory experiments — [`paths`] (optimizers on a 2-D valley),
//!   [`vanishing`] (‖Δˡ‖ per layer), [`learning_rate`], [`polygon`] (why a ReLU boundary is a
//!   polygon), [`init`] (Xavier and He) and [`cross_entropy`] (versus the squared error).
//!
//! [`homework`] is the learner's file; [`checks`] checks it; [`fns`] picks the reference or the
//! learner's functions (`--mine`); [`hidden`] is the training loop with the hidden activation
//! passed in as functions.

#![deny(missing_docs)]

pub mod activations;
pub mod animate;
pub mod boundary;
pub mod checks;
pub mod compose;
pub mod cross_entropy;
pub mod experiment;
pub mod figures;
pub mod fit;
pub mod fns;
pub mod grid_search;
pub mod hidden;
pub mod homework4;
pub mod init;
pub mod learning_rate;
pub mod multiclass;
pub mod optimizers;
pub mod paths;
pub mod polygon;
pub mod report;
pub mod vanishing;

pub mod xor_linear;

/// The learner's file (or, with the `solution` feature, the reference solutions).
///
/// `missing_docs` is allowed here: the lint above is for the course's own code, and a
/// learner's function or helper without a doc comment is not a wrong answer (an undocumented
/// `hm_tanh` must not turn lesson 4's five exercises into "does not compile").
#[cfg_attr(feature = "solution", path = "../solutions/homework.rs")]
#[allow(missing_docs)]
pub mod homework;

pub use fns::Fns;
pub use nn_course::Settings;
pub use report::Report;
