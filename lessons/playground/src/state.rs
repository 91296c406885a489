//! What a run shows: its status, numbers, curves, pictures and the last step's matrices — shared
//! between the training thread (which writes it) and the server (which serializes it).
//!
//! serde_json writes a non-finite float as `null`, so no `NaN` ever reaches the page.

use crate::visuals::{Visuals, rows};
use nalgebra::DMatrix;
use nn_core::Network;
use serde::Serialize;

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

/// The matrices of one step of learning, as nn-core computed them before the update.
#[derive(Debug, Clone, Serialize)]
pub struct StepMatrices {
    /// The iteration (1-based) this step was.
    pub iteration: usize,
    /// Rows of the mini-batch (all of them are in `x` and `t` up to [`MAX_ROWS`]).
    pub rows: usize,
    /// The mini-batch `X` (one row per instance).
    pub x: Vec<Vec<f64>>,
    /// Its one-hot targets `T`.
    pub t: Vec<Vec<f64>>,
    /// Layer by layer, l = 1 … K.
    pub layers: Vec<LayerStep>,
}

/// One layer's part of a step.
#[derive(Debug, Clone, Serialize)]
pub struct LayerStep {
    /// `W^l` before the update.
    pub w: Vec<Vec<f64>>,
    /// `b^l` before the update.
    pub b: Vec<f64>,
    /// `A^l = X^(l−1) W^l + B^l`.
    pub a: Vec<Vec<f64>>,
    /// `X^l = h(A^l)`.
    pub out: Vec<Vec<f64>>,
    /// `Δ^l = ∂L/∂A^l`.
    pub delta: Vec<Vec<f64>>,
    /// `∂L/∂W^l`.
    pub dw: Vec<Vec<f64>>,
    /// `∂L/∂b^l`.
    pub db: Vec<f64>,
}

/// The most rows of a mini-batch the step view carries.
pub const MAX_ROWS: usize = 256;

impl StepMatrices {
    /// The matrices of `net` right after its gradients on `(x, t)`, before the update.
    pub fn capture(
        net: &Network<f64>,
        x: &DMatrix<f64>,
        t: &DMatrix<f64>,
        iteration: usize,
    ) -> Self {
        let layers = net
            .layers
            .iter()
            .map(|l| LayerStep {
                w: rows(&l.w, usize::MAX),
                b: l.b.iter().copied().collect(),
                a: rows(&l.a, MAX_ROWS),
                out: rows(&l.x, MAX_ROWS),
                delta: rows(&l.delta, MAX_ROWS),
                dw: rows(&l.dw, usize::MAX),
                db: l.db.iter().copied().collect(),
            })
            .collect();
        StepMatrices {
            iteration,
            rows: x.nrows(),
            x: rows(x, MAX_ROWS),
            t: rows(t, MAX_ROWS),
            layers,
        }
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
    /// The pictures, refreshed a few times a second.
    pub visuals: Option<Visuals>,
    /// The matrices of the last "one step".
    #[serde(skip)]
    pub step: Option<StepMatrices>,
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
        v["visuals"] = serde_json::to_value(&self.visuals).unwrap_or_default();
        v["has_step"] = self.step.is_some().into();
        v
    }
}

/// `v` if finite (JSON has no NaN or infinity).
pub fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}
