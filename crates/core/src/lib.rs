//! # nn-core: the lectures' neural network
//!
//! Row-per-instance convention throughout: a mini-batch `X` is n×features, and layer l computes
//! `A^l = X^(l−1) W^l + B^l`, `X^l = h_l(A^l)` with `B^l = (1,…,1)ᵀ ⊗ b^l`.

pub mod float;

pub use float::{Float, cast};
pub use nalgebra::{DMatrix, DVector, RowDVector};
pub mod matrix;
pub use matrix::{argmax_rows, calc_r_bias, column_sum, expansion_bias, kron, one_hot};
pub mod activation;
pub mod loss;
pub use activation::{Activation, softmax, softmax_jacobian};
pub use loss::Loss;
pub mod error;
pub mod layer;
pub mod network;
pub use error::{CoreError, Result, one_sentence};
pub use layer::{Dense, Init};
pub use network::{Architecture, Network};
pub mod optimizer;
pub mod schedule;
pub use optimizer::{AdaGrad, Adam, Momentum, Optimizer, OptimizerKind, RmsProp, Sgd};
pub use schedule::Schedule;
pub mod train;
pub use train::{
    Data, History, Learner, MiniBatches, Mode, ModeName, Progress, Record, Reference, TrainConfig,
    train_step,
};
pub mod fit;
pub use fit::{Body, Engine, LearnerStep, Length, Plan, Step, fit, train, train_with};
pub mod gradcheck;
pub mod metrics;
pub use gradcheck::{ParamCheck, gradcheck};
pub use metrics::{accuracy, confusion_matrix};
pub mod model;
pub use model::ModelFile;
pub mod atomic;
pub use atomic::{AtomicFile, write_atomically};
pub mod named_file;
pub use named_file::NamedFile;
pub mod naive;
pub mod regularize;
