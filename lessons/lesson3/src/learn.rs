//! The lecture's `main` loop: draw a mini-batch, forward, backward, update, follow the learning
//! plan, and report every `show_interval` iterations.

use crate::settings::Settings;
use anyhow::{Context, Result, bail};
use nn_core::train::{apply_gradients, evaluate_record};
use nn_core::{Architecture, CoreError, Data, History, Mode, Network, Progress, Trainer};
use nn_data::{Dataset, toy};
use std::time::Instant;

/// Whose code does the forward pass, the backward pass and the learning plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Implementation {
    /// nn-core's `Network::forward`, `Network::backward` and `Schedule`.
    Reference,
    /// The learner's `homework::forward_loop`, `homework::backward_loop` and `homework::update_eta`.
    Mine,
}

/// What a run produced.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The trained network.
    pub net: Network<f64>,
    /// Loss and accuracy every `show_interval` iterations (and at the end).
    pub history: History,
    /// The training set.
    pub train: Dataset<f64>,
    /// The test set.
    pub test: Dataset<f64>,
    /// Wall-clock seconds spent training (including the evaluations of the records).
    pub seconds: f64,
}

impl Outcome {
    /// Accuracy on the training set at the end.
    pub fn train_accuracy(&self) -> f64 {
        self.history.train_accuracy()
    }
    /// Accuracy on the test set at the end.
    pub fn test_accuracy(&self) -> f64 {
        self.history.test_accuracy()
    }
    /// Loss (cross entropy) on the training set at the end.
    pub fn final_loss(&self) -> f64 {
        self.history.final_loss()
    }
}

/// The circle task: `n` points in [−6, 6]², class 1 inside the circle of `radius`; a stratified
/// train/test split.
pub fn circle_data(s: &Settings) -> Result<(Dataset<f64>, Dataset<f64>)> {
    let all = toy::circle(s.n, s.radius, s.seed);
    Ok(all.split(s.test_fraction, true, s.seed)?)
}

const FILE: &str = "lessons/lesson3/src/homework.rs";

// ANCHOR: main_loop
/// Trains a fresh network on the circle task with `s`, using `imp`'s forward pass, backward pass
/// and learning plan; `progress` is told about every iteration.
pub fn learn(
    s: &Settings,
    imp: Implementation,
    progress: &mut dyn FnMut(&Progress<'_>),
) -> Result<Outcome> {
    s.validate().map_err(anyhow::Error::msg)?;
    let (train, test) = circle_data(s)?;
    let (x, t) = (train.x.clone(), train.one_hot());
    let (x_test, t_test) = (test.x.clone(), test.one_hot());
    let mut nn = Network::<f64>::new(&Architecture::classifier(&s.sizes(), s.activation), s.seed)?;
    let mut opt = s.optimizer.build::<f64>();
    let mut trainer = Trainer::new(s.seed);
    let batch_size = s.mode.batch_size(x.nrows());
    let mut eta = s.eta;
    let mut history = History::default();
    let start = Instant::now();
    for i in 0..s.iterations {
        let (xb, tb) = match s.mode {
            Mode::Batch => (&x, &t),
            _ => trainer.next_batch(Data { x: &x, t: &t }, batch_size),
        };
        let loss = step(&mut nn, xb, tb, imp)?;
        if !loss.is_finite() {
            return Err(CoreError::Diverged {
                iteration: i + 1,
                loss,
                eta,
            }
            .into());
        }
        apply_gradients(&mut nn, opt.as_mut(), eta);
        let used_eta = eta;
        eta = match imp {
            Implementation::Reference => s.schedule().eta(i + 1),
            Implementation::Mine => mine("update_eta", || {
                crate::homework::update_eta(eta, i, s.attenuation, s.learning_plan)
            })?,
        };
        let done = i + 1;
        let show = (s.show_interval > 0 && done % s.show_interval == 0) || done == s.iterations;
        let record = if show {
            let train_data = Data { x: &x, t: &t };
            let test_data = Data {
                x: &x_test,
                t: &t_test,
            };
            history.records.push(evaluate_record(
                &nn,
                done,
                used_eta,
                train_data,
                Some(test_data),
            )?);
            history.records.last()
        } else {
            None
        };
        progress(&Progress {
            iteration: done,
            total: s.iterations,
            batch_loss: loss,
            record,
        });
    }
    let seconds = start.elapsed().as_secs_f64();
    Ok(Outcome {
        net: nn,
        history,
        train,
        test,
        seconds,
    })
}
// ANCHOR_END: main_loop

/// Forward propagation, the loss of the batch, and backpropagation; returns the loss.
fn step(
    nn: &mut Network<f64>,
    xb: &nalgebra::DMatrix<f64>,
    tb: &nalgebra::DMatrix<f64>,
    imp: Implementation,
) -> Result<f64> {
    match imp {
        Implementation::Reference => {
            nn.forward(xb)?;
            let loss = nn.loss_value(tb);
            nn.backward(xb, tb)?;
            Ok(loss)
        }
        Implementation::Mine => {
            mine("forward_loop", || crate::homework::forward_loop(nn, xb))?;
            if nn.output().shape() != tb.shape() {
                bail!(
                    "your `forward_loop` left the last layer's x {}×{}, but it should be {}×{}",
                    nn.output().nrows(),
                    nn.output().ncols(),
                    tb.nrows(),
                    tb.ncols()
                );
            }
            let loss = nn.loss_value(tb);
            mine("backward_loop", || {
                crate::homework::backward_loop(nn, xb, tb)
            })?;
            check_gradient_shapes(nn).context("after your `backward_loop`")?;
            Ok(loss)
        }
    }
}

/// Runs the learner's homework function `exercise` (an id in `exercises.toml`, also the
/// function's name), turning an unfinished `todo!` or a panic into one friendly sentence.
fn mine<R>(exercise: &str, f: impl FnOnce() -> R) -> Result<R> {
    lesson1::mine::guard(FILE, &[exercise], f).map_err(anyhow::Error::msg)
}

/// The optimizer needs `dw` shaped like `w` and `db` like `b`.
fn check_gradient_shapes(nn: &Network<f64>) -> Result<()> {
    for (k, layer) in nn.layers.iter().enumerate() {
        if layer.dw.shape() != layer.w.shape() || layer.db.len() != layer.b.len() {
            bail!(
                "layer {k}'s dw is {}×{} and db has {} entries, but w is {}×{} and b has {}",
                layer.dw.nrows(),
                layer.dw.ncols(),
                layer.db.len(),
                layer.w.nrows(),
                layer.w.ncols(),
                layer.b.len()
            );
        }
    }
    Ok(())
}
