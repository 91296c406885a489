//! The whole story of one data set: read → check → split → preprocess (step by step) → train an
//! MLP → test accuracy → k-fold cross-validation → confusion matrix → the rows it gets wrong.

use crate::cv::cross_validate;
use crate::error::{LessonError, Result};
use crate::model::{Hyper, fit, score};
use crate::prepare::{Implementation, prepare, steps};
use crate::report::{Outcome, misses, write_pictures};
use nn_core::{Activation, OptimizerKind};
use nn_data::{CsvTable, split_indices};
use std::path::PathBuf;

/// Everything a run needs besides the table.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Short name used in file names and the JSON (`iris`, `titanic`, or the CSV's file stem).
    pub name: String,
    /// Fraction of rows held out as the test set (stratified split).
    pub test_fraction: f64,
    /// Folds of the cross-validation on the training part (0 or 1 = no cross-validation).
    pub folds: usize,
    /// The network and its training.
    pub hyper: Hyper,
    /// Seed of the split, the folds, the weights and the shuffling.
    pub seed: u64,
    /// Where the pictures go.
    pub out: PathBuf,
    /// The preprocessing and folds by nn-data or by the learner's homework (`--mine`).
    pub implementation: Implementation,
    /// How many misclassified test rows to list.
    pub show_misses: usize,
    /// The batch size is the data set's default, not `--batch-size`: on a training part smaller
    /// than it, every training row makes the batch (a `--batch-size` that large is refused).
    pub default_batch: bool,
}

impl Settings {
    /// Iris defaults: 4-16-3 ReLU, Adam η = 0.01, 600 iterations of 16, 20 % test, 5 folds.
    pub fn iris() -> Self {
        Settings {
            name: "iris".into(),
            test_fraction: 0.2,
            folds: 5,
            hyper: Hyper {
                hidden: vec![16],
                activation: Activation::Relu,
                optimizer: OptimizerKind::Adam,
                eta: 0.01,
                iterations: 600,
                batch: 16,
            },
            seed: 1,
            out: PathBuf::from("out/lesson5"),
            implementation: Implementation::Reference,
            show_misses: 10,
            default_batch: false,
        }
    }

    /// Titanic (and any CSV) defaults: features-16-classes ReLU, Adam η = 0.005, 600
    /// iterations of 32, 20 % test, 5 folds.
    pub fn titanic() -> Self {
        Settings {
            name: "titanic".into(),
            hyper: Hyper {
                hidden: vec![16],
                activation: Activation::Relu,
                optimizer: OptimizerKind::Adam,
                eta: 0.005,
                iterations: 600,
                batch: 32,
            },
            ..Self::iris()
        }
    }
}

/// Where a run reports what it is doing: text to show, and progress of long work.
pub trait Reporter {
    /// A paragraph of the story.
    fn say(&mut self, _text: &str) {}
    /// Long work named `what` begins; `total` steps.
    fn start(&mut self, _what: &str, _total: u64) {}
    /// One more step done.
    fn tick(&mut self) {}
    /// The long work is done.
    fn finish(&mut self) {}
}

/// A reporter that shows nothing (tests, `--quiet`).
pub struct Silent;
impl Reporter for Silent {}

impl Settings {
    /// Checks every setting that does not depend on the data, naming its flag.
    pub fn validate(&self) -> Result<()> {
        self.hyper.validate()?;
        if !(self.test_fraction > 0.0 && self.test_fraction < 1.0) {
            return Err(LessonError::Setting {
                flag: "test-fraction",
                why: format!(
                    "it must be between 0 and 1 (exclusive), found {}",
                    self.test_fraction
                ),
            });
        }
        Ok(())
    }
}

/// Runs the whole story on `table` (see the module docs).
pub fn run(table: &CsvTable, s: &Settings, ui: &mut dyn Reporter) -> Result<Outcome> {
    s.validate()?;
    let mut s = s.clone();
    if let Implementation::Mine(_) = s.implementation {
        ui.say(
            "--mine: the holes, the one-hot columns, the standardization and the folds below come from your functions in lessons/lesson5/src/homework.rs.",
        );
    }
    ui.say(&format!(
        "Step 1 — read the file:\n{}",
        table.report().trim_end()
    ));
    let (train_rows, test_rows) = split_indices(&table.labels, s.test_fraction, true, s.seed)?;
    if train_rows.is_empty() || test_rows.is_empty() {
        return Err(LessonError::Setting {
            flag: "test-fraction",
            why: format!(
                "{} rows split into {} training and {} test rows; both parts need rows",
                table.n(),
                train_rows.len(),
                test_rows.len()
            ),
        });
    }
    if s.hyper.batch > train_rows.len() && s.default_batch {
        s.hyper.batch = train_rows.len();
    } else if s.hyper.batch > train_rows.len() {
        return Err(LessonError::Setting {
            flag: "batch-size",
            why: format!(
                "{} is larger than the training part ({} of the {} rows); use at most {}",
                s.hyper.batch,
                train_rows.len(),
                table.n(),
                train_rows.len()
            ),
        });
    }
    if s.folds == 1 || s.folds > train_rows.len() {
        return Err(LessonError::Setting {
            flag: "folds",
            why: format!(
                "use 0 (no cross-validation) or 2 to {} (the training rows), found {}",
                train_rows.len(),
                s.folds
            ),
        });
    }
    ui.say(&format!(
        "Step 2 — split (stratified, seed {}): {} training rows, {} test rows; everything below is learned on the training rows only.",
        s.seed,
        train_rows.len(),
        test_rows.len()
    ));
    let p = prepare(table, &train_rows, &test_rows, s.implementation)?;
    ui.say(steps(table, &p, &train_rows, &test_rows).trim_end());
    let classes = table.class_names.len();
    let sizes = s.hyper.sizes(p.train.n_features(), classes);
    let sizes_text: Vec<String> = sizes.iter().map(|v| v.to_string()).collect();
    ui.say(&format!(
        "Step 6 — train an MLP {} ({} hidden, softmax, cross entropy) with {} η = {}, {} iterations of mini-batches of {}.",
        sizes_text.join("-"),
        s.hyper.activation,
        s.hyper.optimizer,
        s.hyper.eta,
        s.hyper.iterations,
        s.hyper.batch
    ));
    ui.start("training", s.hyper.iterations as u64);
    let record_every = (s.hyper.iterations / 20).max(1);
    let (net, history) = fit(
        &p.train,
        Some(&p.test),
        &s.hyper,
        s.seed,
        record_every,
        &mut |_| ui.tick(),
    )?;
    ui.finish();
    let (train_accuracy, _) = score(&net, &p.train)?;
    let (test_accuracy, predicted) = score(&net, &p.test)?;
    let probs = net.predict(&p.test.x)?;
    let cv = if s.folds >= 2 {
        ui.start(
            &format!("{}-fold CV", s.folds),
            (s.folds * s.hyper.iterations) as u64,
        );
        let cv = cross_validate(
            table,
            &train_rows,
            s.folds,
            &s.hyper,
            s.implementation,
            s.seed,
            &mut |_| ui.tick(),
        )?;
        ui.finish();
        Some(cv)
    } else {
        None
    };
    let confusion = nn_core::confusion_matrix(&predicted, &p.test.labels, classes);
    let all_misses = misses(table, &test_rows, &p.test.labels, &predicted, &probs, &p);
    let files = write_pictures(
        &s.out,
        &s.name,
        &confusion,
        &table.class_names,
        &history,
        test_accuracy,
    )?;
    Ok(Outcome {
        dataset: s.name.clone(),
        n_train: train_rows.len(),
        n_test: test_rows.len(),
        n_features: p.train.n_features(),
        sizes,
        train_accuracy,
        test_accuracy,
        cv_mean: cv.as_ref().map(|c| c.mean),
        cv_std: cv.as_ref().map(|c| c.std),
        cv,
        class_names: table.class_names.clone(),
        confusion,
        n_wrong: all_misses.len(),
        misses: all_misses.into_iter().take(s.show_misses).collect(),
        columns: table.columns.iter().map(|c| c.name.clone()).collect(),
        files,
    })
}
