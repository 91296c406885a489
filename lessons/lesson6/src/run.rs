//! A training run: load, build, train epoch by epoch, evaluate on the test set after each epoch.

use crate::data::Loaded;
use crate::settings::Settings;
use anyhow::{Context, Result, bail};
use nalgebra::DMatrix;
use nn_core::fit::{Engine, Length, Plan, fit};
use nn_core::train::Data;
use nn_core::{CoreError, Network, Optimizer, Record, argmax_rows, one_hot};
use nn_fast::{EpochTrainer, ImageSet, Kernel, predict};
use serde::Serialize;

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
    let mut trainer = EpochTrainer::new(&net, settings.batch, settings.threads, settings.seed)?
        .with_weight_decay(settings.weight_decay as f32)
        .with_shift(settings.shift)
        .with_input_dropout(settings.input_dropout as f32)
        .with_dropout(settings.dropout as f32);
    let test = TestRows::new(&data.test, classes);
    let mut seen = train_set.clone();
    seen.truncate(data.test.n());
    let seen = TestRows::new(&seen, classes);
    let records = epochs(
        settings,
        &mut net,
        opt.as_mut(),
        &mut trainer.on(&train_set),
        (test.data(), seen.data()),
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

/// Lesson 6's run of nn-core's one loop ([`fit`]), counted in epochs, for any engine: nn-fast's
/// epoch trainer (`lesson6 train`) or the lectures' step with the library's or the learner's
/// functions ([`crate::taught`], `train --taught` and `--mine`). Each epoch at the learning
/// plan's η, the weights averaged from `settings.average_from` on, and the (averaged) network
/// judged on `test` and on `seen` (as many training images). Leaves the trained network (the
/// average, if averaging) in `net`.
pub fn epochs<T: Kernel>(
    settings: &Settings,
    net: &mut Network<T>,
    opt: &mut dyn Optimizer<T>,
    engine: &mut dyn Engine<T>,
    (test, seen): (Data<'_, T>, Data<'_, T>),
    obs: &mut dyn Observer,
) -> Result<Vec<EpochRecord>> {
    // ANCHOR: epoch_loop
    let plan = Plan {
        length: Length::Epochs {
            epochs: settings.epochs,
            average_from: settings.average_from,
        },
        schedule: settings.schedule(),
    };
    let steps = engine.steps_per_epoch();
    let history = fit(net, opt, engine, &plan, (seen, Some(test)), &mut |p, _| {
        if p.step == 1 {
            obs.epoch_start(p.epoch, settings.epochs, p.steps);
        }
        obs.step(p.step);
        if let Some(record) = p.record {
            obs.epoch_end(&EpochRecord::from(record));
        }
    });
    // ANCHOR_END: epoch_loop
    match history {
        Ok(history) => Ok(history.records.iter().map(EpochRecord::from).collect()),
        Err(CoreError::Diverged {
            iteration, loss, ..
        }) => bail!(
            "training diverged in epoch {} (step {iteration}, loss {loss}): try a smaller --eta",
            (iteration.max(1) - 1) / steps.max(1) + 1
        ),
        Err(e) => Err(e.into()),
    }
}

impl From<&Record> for EpochRecord {
    /// An epoch's record from the loop's: the mean mini-batch loss as the training loss, the
    /// accuracy on the training images the loop judged (`seen`) as the training accuracy.
    fn from(r: &Record) -> Self {
        EpochRecord {
            epoch: r.epoch,
            eta: r.eta,
            train_loss: r.mean_batch_loss,
            test_loss: r.test_loss.unwrap_or(f64::NAN),
            test_accuracy: r.test_accuracy.unwrap_or(0.0),
            train_accuracy: r.train_accuracy,
            seconds: r.seconds,
        }
    }
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
