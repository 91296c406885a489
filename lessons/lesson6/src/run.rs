//! A training run: load, build, train epoch by epoch, evaluate on the test set after each epoch.

use crate::data::Loaded;
use crate::settings::Settings;
use anyhow::{Context, Result, bail};
use nalgebra::DMatrix;
use nn_core::regularize::average_in;
use nn_core::train::{Data, weights_blown_up};
use nn_core::{Network, Optimizer, argmax_rows, one_hot};
use nn_fast::{EpochTrainer, ImageSet, Kernel, evaluate, predict};
use serde::Serialize;
use std::time::Instant;

/// What one epoch achieved.
#[derive(Debug, Clone, Serialize)]
pub struct EpochRecord {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Learning rate used in this epoch.
    pub eta: f64,
    /// Mean mini-batch loss over the epoch.
    pub train_loss: f64,
    /// Cross entropy on the test set after the epoch.
    pub test_loss: f64,
    /// Fraction of test images classified correctly after the epoch.
    pub test_accuracy: f64,
    /// Fraction of training images classified correctly after the epoch, measured on the first
    /// as many training images as there are test images (the whole set would cost another
    /// epoch's forward passes).
    pub train_accuracy: f64,
    /// Wall-clock seconds of the epoch's training (evaluation excluded).
    pub seconds: f64,
}

/// The test set as the network reads it: n×784 rows and one-hot targets.
pub struct TestRows<T: Kernel = f32> {
    /// n×784, one image per row.
    pub x: DMatrix<T>,
    /// n×classes one-hot targets.
    pub t: DMatrix<T>,
}

impl<T: Kernel> TestRows<T> {
    /// Rows and one-hot targets of `set`.
    pub fn new(set: &ImageSet, classes: usize) -> Self {
        TestRows {
            x: set.rows_as(),
            t: one_hot(&set.labels, classes),
        }
    }

    /// The rows as nn-core's loop reads a data set.
    pub fn data(&self) -> Data<'_, T> {
        Data {
            x: &self.x,
            t: &self.t,
        }
    }
}

/// A trained network and its history (in `f32` unless said otherwise).
pub struct Outcome<T: Kernel = f32> {
    /// The trained network.
    pub net: Network<T>,
    /// One record per epoch.
    pub epochs: Vec<EpochRecord>,
    /// Predicted class of every test image.
    pub predicted: Vec<usize>,
    /// Accuracy on the training images, when the run measured it with its own functions (the
    /// taught loop, [`crate::taught`]); `None` leaves it to the caller.
    pub train_accuracy: Option<f64>,
}

impl<T: Kernel> Outcome<T> {
    /// Test accuracy after the last epoch.
    pub fn test_accuracy(&self) -> f64 {
        self.epochs.last().map_or(0.0, |r| r.test_accuracy)
    }
}

/// Callbacks for the command line: a step within an epoch, and an epoch's record.
pub trait Observer {
    /// Epoch `epoch` (1-based) of `epochs` starts with `steps` mini-batches.
    fn epoch_start(&mut self, _epoch: usize, _epochs: usize, _steps: usize) {}
    /// `done` mini-batches of the current epoch are done.
    fn step(&mut self, _done: usize) {}
    /// An epoch finished and was evaluated.
    fn epoch_end(&mut self, _record: &EpochRecord) {}
}

/// Does nothing (tests, `--quiet`).
pub struct Silent;
impl Observer for Silent {}

/// One epoch of training, however it is computed: nn-fast's epoch trainer (`lesson6 train`)
/// or nn-core's one loop with the library's or the learner's functions (`crate::taught`,
/// `train --taught` and `--mine`). [`epochs`] runs either, epoch after epoch.
pub trait OneEpoch<T: Kernel> {
    /// Trains epoch `e` (counted from 0) at the learning rate `eta`, telling `on_step` how many
    /// mini-batches are done; returns the epoch's mean mini-batch loss.
    fn train(
        &mut self,
        net: &mut Network<T>,
        opt: &mut dyn Optimizer<T>,
        e: usize,
        eta: f64,
        on_step: &mut dyn FnMut(usize),
    ) -> Result<f64>;

    /// Loss and accuracy of `net` on a data set.
    fn evaluate(&self, net: &Network<T>, data: Data<'_, T>) -> Result<(f64, f64)>;
}

/// nn-fast's epoch trainer on the training images.
struct Fast<'a, T: Kernel> {
    trainer: EpochTrainer<T>,
    images: &'a ImageSet,
}

impl<T: Kernel> OneEpoch<T> for Fast<'_, T> {
    fn train(
        &mut self,
        net: &mut Network<T>,
        opt: &mut dyn Optimizer<T>,
        _e: usize,
        eta: f64,
        on_step: &mut dyn FnMut(usize),
    ) -> Result<f64> {
        self.trainer
            .epoch(net, opt, self.images, T::of(eta), on_step)
    }

    fn evaluate(&self, net: &Network<T>, data: Data<'_, T>) -> Result<(f64, f64)> {
        Ok(evaluate(net, data.x, data.t)?)
    }
}

// ANCHOR: train
/// Trains a fresh network on `data.train` as `settings` say, evaluating on `data.test` after each
/// epoch. A diverging loss stops with an error that names the epoch.
pub fn train<T: Kernel>(
    settings: &Settings,
    data: &Loaded,
    obs: &mut dyn Observer,
) -> Result<Outcome<T>> {
    settings.validate()?;
    let mut train_set = data.train.clone();
    if let Some(limit) = settings.limit {
        train_set.truncate(limit);
    }
    let classes = data.class_names.len();
    let arch = settings.architecture(train_set.pixels(), classes);
    let mut net: Network<T> = Network::new(&arch, settings.seed).context("building the network")?;
    let mut opt = settings.optimizer.build::<T>();
    let trainer = EpochTrainer::new(&net, settings.batch, settings.threads, settings.seed)?
        .with_weight_decay(settings.weight_decay as f32)
        .with_shift(settings.shift)
        .with_input_dropout(settings.input_dropout as f32)
        .with_dropout(settings.dropout as f32);
    let test = TestRows::new(&data.test, classes);
    let mut seen = train_set.clone();
    seen.truncate(data.test.n());
    let seen = TestRows::new(&seen, classes);
    let mut fast = Fast {
        trainer,
        images: &train_set,
    };
    let steps = train_set.n() / settings.batch;
    let (test_data, seen_data) = (test.data(), seen.data());
    let records = epochs(
        settings,
        &mut net,
        opt.as_mut(),
        &mut fast,
        steps,
        (test_data, seen_data),
        obs,
    )?;
    let predicted = argmax_rows(&predict(&net, &test.x)?);
    Ok(Outcome {
        net,
        epochs: records,
        predicted,
        train_accuracy: None,
    })
}
// ANCHOR_END: train

/// Lesson 6's loop over epochs, for either way of training one ([`OneEpoch`]): each epoch at
/// the learning plan's η, then the weights averaged from `settings.average_from` on, and the
/// (averaged) network judged on `test` and on `seen` (as many training images). A diverging run
/// stops with an error that names the epoch. Leaves the averaged network in `net`, if averaging.
pub fn epochs<T: Kernel>(
    settings: &Settings,
    net: &mut Network<T>,
    opt: &mut dyn Optimizer<T>,
    one: &mut dyn OneEpoch<T>,
    steps: usize,
    (test, seen): (Data<'_, T>, Data<'_, T>),
    obs: &mut dyn Observer,
) -> Result<Vec<EpochRecord>> {
    let schedule = settings.schedule();
    let mut records = Vec::with_capacity(settings.epochs);
    let mut average: Option<(Network<T>, usize)> = None;
    // ANCHOR: epoch_loop
    for e in 0..settings.epochs {
        let eta = schedule.eta(e);
        obs.epoch_start(e + 1, settings.epochs, steps);
        let start = Instant::now();
        let train_loss = one.train(net, opt, e, eta, &mut |s| obs.step(s))?;
        let seconds = start.elapsed().as_secs_f64();
        if settings.average_from.is_some_and(|from| e + 1 >= from) {
            average_in(&mut average, net);
        }
        let judged = average.as_ref().map_or(&*net, |(avg, _)| avg);
        let (test_loss, test_accuracy) = one.evaluate(judged, test)?;
        let (_, train_accuracy) = one.evaluate(judged, seen)?;
        // ANCHOR_END: epoch_loop
        let blown_up = weights_blown_up(net);
        if !test_loss.is_finite() || blown_up {
            let weights = if blown_up {
                ", the weights blew up"
            } else {
                ""
            };
            bail!(
                "training diverged in epoch {} (test loss {test_loss}{weights}): try a smaller --eta",
                e + 1
            );
        }
        let record = EpochRecord {
            epoch: e + 1,
            eta,
            train_loss,
            test_loss,
            test_accuracy,
            train_accuracy,
            seconds,
        };
        obs.epoch_end(&record);
        records.push(record);
    }
    if let Some((avg, _)) = average {
        *net = avg;
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{DatasetKind, load};

    #[test]
    fn two_epochs_on_the_sample_learn_digits() {
        let data = load(
            DatasetKind::Mnist,
            Some(&crate::data::project_root().join("datasets/mnist-sample")),
        )
        .unwrap();
        let settings = Settings {
            epochs: 2,
            limit: Some(2000),
            ..Settings::default()
        };
        let out = train::<f32>(&settings, &data, &mut Silent).unwrap();
        assert_eq!(out.epochs.len(), 2);
        assert!(
            out.test_accuracy() > 0.8,
            "accuracy {}",
            out.test_accuracy()
        );
        assert!(out.epochs[1].train_loss < out.epochs[0].train_loss);
        assert_eq!(out.predicted.len(), data.test.n());
        // Same seed, same numbers.
        let again = train::<f32>(&settings, &data, &mut Silent).unwrap();
        assert_eq!(again.epochs[1].test_loss, out.epochs[1].test_loss);
    }
}
