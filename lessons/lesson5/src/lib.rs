//! # Lecture 5 — implementation 2: iris, titanic and any CSV
//!
//! Real tabular data and its preprocessing, each step a function the tests call:
//!
//! 1. read a CSV and check it ([`table::checked`]);
//! 2. split it into training and test rows (stratified);
//! 3. learn the preprocessing on the training rows only ([`prepare::prepare`]): missing numbers
//!    filled with the training median, categories one-hot encoded, numbers standardized
//!    `z = (x − μ_train)/σ_train` (the homework: [`homework::impute_median`],
//!    [`homework::one_hot_encode`], [`homework::standardize`]);
//! 4. train an MLP `A^l = X^(l−1) W^l + B^l`, `X^l = h_l(A^l)`, softmax + cross entropy
//!    ([`model::fit`]);
//! 5. measure test accuracy and k-fold cross-validation ([`cv::cross_validate`], with the
//!    homework's [`homework::stratified_folds`] under `--mine`, see [`mine`]), draw the
//!    confusion matrix and list the rows it gets wrong ([`report`]).
//!
//! [`run::run`] tells the whole story; [`load`] reads the three data sources.

pub mod checks;
pub mod cli;
pub mod cv;
pub mod error;
#[cfg_attr(feature = "solution", path = "../solutions/homework.rs")]
pub mod homework;
pub mod load;
pub mod mine;
pub mod model;
pub mod prepare;
pub mod report;
pub mod run;
pub mod standardize;
pub mod table;

// The unit tests prove the reference solution passes its check, with or without the feature.
#[cfg(all(test, not(feature = "solution")))]
#[path = "../solutions/homework.rs"]
mod solution_for_tests;
#[cfg(all(test, feature = "solution"))]
use homework as solution_for_tests;

pub use error::{LessonError, Result};
pub use report::Outcome;
pub use run::{Reporter, Settings, Silent, run};
