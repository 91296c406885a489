//! The training loop of lecture 3: batch, mini-batch and online learning with a learning plan.

use crate::error::{CoreError, Result};
use crate::{Float, Network, Optimizer, Schedule};
use nalgebra::DMatrix;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

// ANCHOR: mode
/// How many instances each iteration learns from (lecture 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    /// Batch learning: all n instances every iteration.
    Batch,
    /// Mini-batch learning: `batch_size` instances per iteration, drawn without replacement from a
    /// freshly shuffled order each epoch.
    MiniBatch(usize),
    /// Online learning: one instance per iteration.
    Online,
}
// ANCHOR_END: mode

impl Mode {
    /// Instances per iteration for a training set of `n`.
    pub fn batch_size(self, n: usize) -> usize {
        match self {
            Mode::Batch => n,
            Mode::MiniBatch(b) => b.min(n),
            Mode::Online => 1,
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mode::Batch => write!(f, "batch"),
            Mode::MiniBatch(b) => write!(f, "mini-batch ({b})"),
            Mode::Online => write!(f, "online"),
        }
    }
}

/// The name of a mode without its batch size (`batch`, `minibatch`, `online`), for CLIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModeName {
    /// [`Mode::Batch`]
    Batch,
    /// [`Mode::MiniBatch`]
    MiniBatch,
    /// [`Mode::Online`]
    Online,
}

impl FromStr for ModeName {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "batch" => Ok(ModeName::Batch),
            "minibatch" | "mini-batch" => Ok(ModeName::MiniBatch),
            "online" => Ok(ModeName::Online),
            _ => Err(CoreError::config(
                "mode",
                format!("'{s}' is not one of batch, minibatch, online"),
            )),
        }
    }
}

impl ModeName {
    /// The full mode, with `batch_size` used for mini-batches.
    pub fn with_batch_size(self, batch_size: usize) -> Mode {
        match self {
            ModeName::Batch => Mode::Batch,
            ModeName::MiniBatch => Mode::MiniBatch(batch_size),
            ModeName::Online => Mode::Online,
        }
    }
}

/// Settings of a training run; defaults are the lectures' `main` values.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    /// Batch, mini-batch or online.
    pub mode: Mode,
    /// Number of iterations (the lectures' `loop`).
    pub iterations: usize,
    /// Record loss and accuracy every this many iterations (and at the end).
    pub show_interval: usize,
    /// The learning rate over time.
    pub schedule: Schedule,
    /// Seed of the shuffling.
    pub seed: u64,
    /// Weight decay λ: `∂L/∂W^l ← ∂L/∂W^l + λW^l` before each update (0: none).
    pub weight_decay: f64,
}

impl Default for TrainConfig {
    /// `eta = 0.03, attenuation = 0.6, learning_plan = 2000, loop = 9500, batch_size = 100,
    /// show_interval = 1000`.
    fn default() -> Self {
        TrainConfig {
            mode: Mode::MiniBatch(100),
            iterations: 9500,
            show_interval: 1000,
            schedule: Schedule::StepDecay {
                eta: 0.03,
                attenuation: 0.6,
                learning_plan: 2000,
            },
            seed: 0,
            weight_decay: 0.0,
        }
    }
}

/// Loss and accuracy at one point of training.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Iterations done so far.
    pub iteration: usize,
    /// Learning rate in use.
    pub eta: f64,
    /// Loss on the whole training set.
    pub train_loss: f64,
    /// Accuracy on the whole training set.
    pub train_accuracy: f64,
    /// Loss on the test set, if one was given.
    pub test_loss: Option<f64>,
    /// Accuracy on the test set, if one was given.
    pub test_accuracy: Option<f64>,
    /// The epoch (1-based) the record was taken in (not in JSON).
    #[serde(skip)]
    pub epoch: usize,
    /// Mean loss of the mini-batches learned since the previous record, each measured before
    /// its update, with the weights of the moment (not in JSON).
    #[serde(skip)]
    pub mean_batch_loss: f64,
    /// Wall-clock seconds spent in the steps since the previous record, evaluation excluded
    /// (not in JSON: it differs from run to run).
    #[serde(skip)]
    pub seconds: f64,
}

/// The records of a run, every `show_interval` iterations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// The records in order.
    pub records: Vec<Record>,
}

impl History {
    /// The last record, if any.
    pub fn last(&self) -> Option<&Record> {
        self.records.last()
    }

    /// Training accuracy of the last record (0 before any record).
    pub fn train_accuracy(&self) -> f64 {
        self.last().map_or(0.0, |r| r.train_accuracy)
    }

    /// Test accuracy of the last record (0 before any record or without a test set).
    pub fn test_accuracy(&self) -> f64 {
        self.last().and_then(|r| r.test_accuracy).unwrap_or(0.0)
    }

    /// Training loss of the last record (NaN before any record).
    pub fn final_loss(&self) -> f64 {
        self.last().map_or(f64::NAN, |r| r.train_loss)
    }
}

/// What the progress callback is told after every iteration.
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    /// Iterations done.
    pub iteration: usize,
    /// Iterations in total.
    pub total: usize,
    /// The epoch (1-based) this iteration belongs to.
    pub epoch: usize,
    /// The iteration's place in its epoch (1-based).
    pub step: usize,
    /// Iterations per epoch.
    pub steps: usize,
    /// Loss of the mini-batch just learned.
    pub batch_loss: f64,
    /// A fresh record, every `show_interval` iterations.
    pub record: Option<&'a Record>,
}

/// A labelled data set as the trainer sees it: inputs `x` (n×features) and one-hot targets `t`.
#[derive(Debug, Clone, Copy)]
pub struct Data<'a, T: Float> {
    /// Inputs, one row per instance.
    pub x: &'a DMatrix<T>,
    /// One-hot targets, one row per instance.
    pub t: &'a DMatrix<T>,
}

/// The mini-batches of lecture 3: the training set shuffled and dealt out `b` instances at a
/// time, reshuffled after each pass, into buffers reused from batch to batch (drawing one
/// allocates nothing).
#[derive(Debug)]
pub struct MiniBatches<T: Float> {
    xb: DMatrix<T>,
    tb: DMatrix<T>,
    order: Vec<usize>,
    cursor: usize,
    rng: ChaCha8Rng,
}

impl<T: Float> MiniBatches<T> {
    /// Mini-batches whose shuffles come from `seed`.
    pub fn new(seed: u64) -> Self {
        MiniBatches {
            xb: DMatrix::zeros(0, 0),
            tb: DMatrix::zeros(0, 0),
            order: Vec::new(),
            cursor: 0,
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// Copies the next `batch` instances (in shuffled order, reshuffled each epoch) into the
    /// buffers and returns them.
    pub fn next_batch(&mut self, data: Data<'_, T>, batch: usize) -> (&DMatrix<T>, &DMatrix<T>) {
        let n = data.x.nrows();
        if self.order.len() != n {
            self.order = (0..n).collect();
            self.order.shuffle(&mut self.rng);
            self.cursor = 0;
        }
        if self.xb.shape() != (batch, data.x.ncols()) {
            self.xb = DMatrix::zeros(batch, data.x.ncols());
            self.tb = DMatrix::zeros(batch, data.t.ncols());
        }
        for r in 0..batch {
            if self.cursor == n {
                self.order.shuffle(&mut self.rng);
                self.cursor = 0;
            }
            let i = self.order[self.cursor];
            self.cursor += 1;
            for c in 0..data.x.ncols() {
                self.xb[(r, c)] = data.x[(i, c)];
            }
            for c in 0..data.t.ncols() {
                self.tb[(r, c)] = data.t[(i, c)];
            }
        }
        (&self.xb, &self.tb)
    }
}

// ANCHOR: train_step
/// One step of learning on (x, t): forward, loss, backward, then the optimizer's update of every
/// `W^l` and `b^l` with learning rate `eta`. Returns the loss before the update.
pub fn train_step<T: Float>(
    net: &mut Network<T>,
    opt: &mut dyn Optimizer<T>,
    x: &DMatrix<T>,
    t: &DMatrix<T>,
    eta: T,
) -> Result<T> {
    net.forward(x)?;
    let loss = net.loss_value(t);
    net.backward(x, t)?;
    apply_gradients(net, opt, eta);
    Ok(loss)
}
// ANCHOR_END: train_step

// ANCHOR: apply_gradients
/// `W^l ← update(W^l, ∂L/∂W^l)`, `b^l ← update(b^l, ∂L/∂b^l)` for every layer.
pub fn apply_gradients<T: Float>(net: &mut Network<T>, opt: &mut dyn Optimizer<T>, eta: T) {
    opt.begin_step();
    for (l, layer) in net.layers.iter_mut().enumerate() {
        opt.update(2 * l, layer.w.as_mut_slice(), layer.dw.as_slice(), eta);
        opt.update(2 * l + 1, layer.b.as_mut_slice(), layer.db.as_slice(), eta);
    }
}
// ANCHOR_END: apply_gradients

// ANCHOR: learner
/// What one iteration of the loop does with a mini-batch. nn-core's own passes are
/// [`Reference`]; a lesson plugs in the learner's functions (`--mine`), another activation pair
/// `h`, `∂h/∂A`, or dropout — so the loop itself is written once, in [`crate::fit::fit`] (with lecture 3's step, [`crate::fit::train_with`]).
pub trait Learner<T: Float> {
    /// Forward propagation, the mini-batch loss and backpropagation on (x, t): fills every
    /// layer's `dw` and `db` and returns the loss `L(X^K, T)` before the update.
    fn gradients(&mut self, net: &mut Network<T>, x: &DMatrix<T>, t: &DMatrix<T>) -> Result<T>;

    /// The learning rate η of iteration `i` (counted from 0), given the one iteration `i − 1`
    /// used. Default: the schedule's `η(i)` (the lecture's learning plan).
    fn eta(&mut self, schedule: &Schedule, i: usize, _previous: f64) -> Result<f64> {
        Ok(schedule.eta(i))
    }

    /// Loss and accuracy of `net` on a whole data set. Default: [`Network::evaluate`].
    fn evaluate(&self, net: &Network<T>, data: Data<'_, T>) -> Result<(f64, f64)> {
        net.evaluate(data.x, data.t)
    }
}
// ANCHOR_END: learner

/// nn-core's own forward and backward passes ([`Network::forward`], [`Network::backward`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Reference;

impl<T: Float> Learner<T> for Reference {
    fn gradients(&mut self, net: &mut Network<T>, x: &DMatrix<T>, t: &DMatrix<T>) -> Result<T> {
        net.forward(x)?;
        let loss = net.loss_value(t);
        net.backward(x, t)?;
        Ok(loss)
    }
}

/// A loss this many times the first mini-batch's counts as divergence (with a non-finite one).
pub const DIVERGENCE_FACTOR: f64 = 1000.0;

/// A weight or bias beyond ±this counts as divergence: the course's networks learn with weights
/// of order 1–10, and a step of a far too large η throws them to 1e8 and beyond, where the
/// (floored) cross entropy stays finite and training silently stops learning.
pub const WEIGHT_LIMIT: f64 = 1e6;

/// Divergence of the loss: one that is not finite or [`DIVERGENCE_FACTOR`] times the `first`
/// one. (The weights are checked by [`weights_blown_up`].)
pub(crate) fn diverged(loss: f64, first: f64) -> bool {
    !loss.is_finite() || loss > DIVERGENCE_FACTOR * first
}

/// Whether some weight or bias of `net` is not finite or beyond ±[`WEIGHT_LIMIT`].
pub fn weights_blown_up<T: Float>(net: &Network<T>) -> bool {
    let bad = |v: &T| {
        let v = v.as_f64();
        !v.is_finite() || v.abs() > WEIGHT_LIMIT
    };
    net.layers
        .iter()
        .any(|l| l.w.iter().any(bad) || l.b.iter().any(bad))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_reports_its_last_record() {
        let mut h = History::default();
        assert_eq!((h.train_accuracy(), h.test_accuracy()), (0.0, 0.0));
        assert!(h.final_loss().is_nan());
        let record = |iteration, test_accuracy| Record {
            iteration,
            eta: 0.1,
            train_loss: 1.0 / iteration as f64,
            train_accuracy: 0.5 + iteration as f64 / 100.0,
            test_loss: None,
            test_accuracy,
            ..Record::default()
        };
        h.records.push(record(1, Some(0.4)));
        h.records.push(record(10, Some(0.9)));
        assert_eq!(h.train_accuracy(), 0.6);
        assert_eq!(h.test_accuracy(), 0.9);
        assert_eq!(h.final_loss(), 0.1);
        h.records.push(record(20, None));
        assert_eq!(h.test_accuracy(), 0.0, "no test set");
    }
}
