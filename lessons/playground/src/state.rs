//! What a run shows: its status, numbers, curves, pictures and the last step's matrices — shared
//! between the training thread (which writes it) and the server (which serializes it).
//!
//! serde_json writes a non-finite float as `null`, so no `NaN` ever reaches the page.

use crate::visuals::Visuals;
use nalgebra::DMatrix;
use nn_core::Network;
use serde::Serialize;
use std::sync::Arc;

/// Where a run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Waiting for play or one step.
    Paused,
    /// Training.
    Running,
    /// All iterations done.
    Done,
    /// The loss or the weights blew up (η too large).
    Diverged,
    /// A function failed (with `--mine`: the learner's function, named in the message).
    Error,
    /// Stopped by a reset or by eviction.
    Stopped,
}

impl Status {
    /// Whether the training thread has finished.
    pub fn finished(self) -> bool {
        matches!(
            self,
            Status::Done | Status::Diverged | Status::Error | Status::Stopped
        )
    }
}

/// One point of the loss and accuracy curves.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Point {
    /// Iterations done.
    pub iteration: usize,
    /// Cross entropy on the training set.
    pub loss: f64,
    /// Cross entropy on the test set.
    pub test_loss: Option<f64>,
    /// Accuracy on the training set.
    pub train_accuracy: f64,
    /// Accuracy on the test set.
    pub test_accuracy: Option<f64>,
}

/// A matrix as the one-step view shows it: its shape and its top-left corner (at most
/// [`SHOWN_ROWS`] × [`SHOWN_COLS`]), so that the answer stays small whatever the network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shown {
    /// Rows of the whole matrix.
    pub rows: usize,
    /// Columns of the whole matrix.
    pub cols: usize,
    /// The top-left corner, row by row.
    pub values: Vec<Vec<f64>>,
}

/// The most rows of a matrix the one-step view carries.
pub const SHOWN_ROWS: usize = 10;
/// The most columns of a matrix the one-step view carries.
pub const SHOWN_COLS: usize = 16;

impl Shown {
    /// The shape and corner of `m`.
    pub fn of(m: &DMatrix<f64>) -> Self {
        Shown {
            rows: m.nrows(),
            cols: m.ncols(),
            values: (0..m.nrows().min(SHOWN_ROWS))
                .map(|r| (0..m.ncols().min(SHOWN_COLS)).map(|c| m[(r, c)]).collect())
                .collect(),
        }
    }

    /// A row vector (a bias, its gradient) as a 1 × n matrix.
    pub fn row(v: impl Iterator<Item = f64>) -> Self {
        let v: Vec<f64> = v.collect();
        Shown::of(&DMatrix::from_row_slice(1, v.len(), &v))
    }
}

/// The matrices of one step of learning, as nn-core computed them before the update, and the
/// weights after it.
#[derive(Debug, Clone, Serialize)]
pub struct StepMatrices {
    /// The iteration (1-based) this step was.
    pub iteration: usize,
    /// Rows of the mini-batch.
    pub rows: usize,
    /// The mini-batch's loss.
    pub loss: f64,
    /// The learning rate of the update.
    pub eta: f64,
    /// The optimizer (`sgd`: the update is exactly `W − η ∂L/∂W`).
    pub optimizer: String,
    /// The mini-batch `X⁰` (one row per instance).
    pub x: Shown,
    /// Its one-hot targets `T`.
    pub t: Shown,
    /// Layer by layer, l = 1 … K.
    pub layers: Vec<LayerStep>,
}

/// One layer's part of a step.
#[derive(Debug, Clone, Serialize)]
pub struct LayerStep {
    /// `W^l` before the update.
    pub w: Shown,
    /// `b^l` before the update.
    pub b: Shown,
    /// `A^l = X^(l−1) W^l + 1 ⊗ b^l`.
    pub a: Shown,
    /// `X^l = h(A^l)` (softmax for the last layer).
    pub out: Shown,
    /// `Δ^l = ∂L/∂A^l`.
    pub delta: Shown,
    /// `∂L/∂W^l = X^(l−1)ᵀ Δ^l`.
    pub dw: Shown,
    /// `∂L/∂b^l = 1ᵀ Δ^l`.
    pub db: Shown,
    /// `W^l` after the update (set once the optimizer has taken the step).
    pub w_after: Option<Shown>,
    /// `b^l` after the update.
    pub b_after: Option<Shown>,
}

impl StepMatrices {
    /// The matrices of `net` right after its gradients on `(x, t)`, before the update.
    pub fn capture(
        net: &Network<f64>,
        x: &DMatrix<f64>,
        t: &DMatrix<f64>,
        iteration: usize,
        loss: f64,
    ) -> Self {
        let layers = net
            .layers
            .iter()
            .map(|l| LayerStep {
                w: Shown::of(&l.w),
                b: Shown::row(l.b.iter().copied()),
                a: Shown::of(&l.a),
                out: Shown::of(&l.x),
                delta: Shown::of(&l.delta),
                dw: Shown::of(&l.dw),
                db: Shown::row(l.db.iter().copied()),
                w_after: None,
                b_after: None,
            })
            .collect();
        StepMatrices {
            iteration,
            rows: x.nrows(),
            loss,
            eta: f64::NAN,
            optimizer: String::new(),
            x: Shown::of(x),
            t: Shown::of(t),
            layers,
        }
    }

    /// Adds the weights of `net` after the update, and the η and optimizer that made it.
    pub fn updated(&mut self, net: &Network<f64>, eta: f64, optimizer: &str) {
        for (step, l) in self.layers.iter_mut().zip(&net.layers) {
            step.w_after = Some(Shown::of(&l.w));
            step.b_after = Some(Shown::row(l.b.iter().copied()));
        }
        self.eta = eta;
        self.optimizer = optimizer.to_string();
    }
}

/// Everything the page shows of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Shared {
    /// Which training thread may write (a reset starts a new one).
    #[serde(skip)]
    pub generation: u64,
    /// Where the run is.
    pub status: Status,
    /// Why it stopped, for `diverged` and `error`.
    pub message: Option<String>,
    /// Iterations done.
    pub iteration: usize,
    /// Iterations in total.
    pub iterations: usize,
    /// Loss on the training set at the last record (the last mini-batch's before the first).
    pub loss: Option<f64>,
    /// Loss of the last mini-batch.
    pub batch_loss: Option<f64>,
    /// Accuracy on the training set at the last record.
    pub train_accuracy: Option<f64>,
    /// Accuracy on the test set at the last record.
    pub test_accuracy: Option<f64>,
    /// The learning rate in use.
    pub eta: f64,
    /// The curves.
    pub history: Vec<Point>,
    /// The pictures, refreshed a few times a second (shared: a frame is serialized after the
    /// lock is let go).
    #[serde(skip)]
    pub visuals: Option<Arc<Visuals>>,
    /// The matrices of the last "one step".
    #[serde(skip)]
    pub step: Option<Arc<StepMatrices>>,
}

impl Shared {
    /// A run about to start: paused at iteration 0.
    pub fn new(generation: u64, iterations: usize, eta: f64) -> Self {
        Shared {
            generation,
            status: Status::Paused,
            message: None,
            iteration: 0,
            iterations,
            loss: None,
            batch_loss: None,
            train_accuracy: None,
            test_accuracy: None,
            eta,
            history: Vec::new(),
            visuals: None,
            step: None,
        }
    }

    /// The short form: the numbers without curves and pictures.
    pub fn summary(&self, id: u64) -> serde_json::Value {
        serde_json::json!({
            "id": id,
            "status": self.status,
            "message": self.message,
            "iteration": self.iteration,
            "iterations": self.iterations,
            "loss": finite(self.loss),
            "loss_of": if self.history.is_empty() { "mini-batch" } else { "training set" },
            "batch_loss": finite(self.batch_loss),
            "train_accuracy": self.train_accuracy,
            "test_accuracy": self.test_accuracy,
            "eta": finite(Some(self.eta)),
        })
    }

    /// Everything, for the page.
    pub fn frame(&self, id: u64) -> serde_json::Value {
        let mut v = self.summary(id);
        v["history"] = serde_json::to_value(&self.history).unwrap_or_default();
        v["visuals"] = serde_json::to_value(self.visuals.as_deref()).unwrap_or_default();
        v["has_step"] = self.step.is_some().into();
        v
    }
}

/// `v` if finite (JSON has no NaN or infinity).
pub fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}
