//! The settings of a run, named as the page's controls name them, and their checks: anything
//! out of range is refused with one sentence (HTTP 400) before any work.

use nn_core::{Activation, Init, OptimizerKind};
use serde::{Deserialize, Serialize};

/// The widest hidden layer.
pub const MAX_WIDTH: usize = 256;
/// The most hidden layers.
pub const MAX_LAYERS: usize = 6;
/// The most iterations of one run.
pub const MAX_ITERATIONS: usize = 200_000;
/// The most instances of a generated data set or an uploaded CSV.
pub const MAX_N: usize = 10_000;
/// The fewest instances of a generated data set.
pub const MIN_N: usize = 20;

/// The generated data sets (and `upload`, a CSV in [`Settings::csv`]).
pub const DATASETS: [&str; 6] = ["circle", "xor", "linear", "spirals", "blobs", "upload"];

/// Everything that decides a run. Missing fields take the lecture's values (the circle task,
/// 2-10-10-2 ReLU, SGD, η = 0.03, batch 100, attenuation 0.6 every 2000 iterations).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// `circle`, `xor`, `linear`, `spirals`, `blobs` or `upload`.
    pub dataset: String,
    /// Instances generated (ignored for `upload`).
    pub n: usize,
    /// Standard deviation of the Gaussian jitter added to every generated point.
    pub noise: f64,
    /// Fraction of the instances kept aside as the test set.
    pub test_fraction: f64,
    /// Widths of the hidden layers.
    pub hidden: Vec<usize>,
    /// `relu`, `tanh` or `sigmoid`.
    pub activation: String,
    /// `he`, `xavier`, `too_small` (N(0, 0.001²)) or `too_large` (N(0, 3²)).
    pub init: String,
    /// `sgd`, `momentum`, `adagrad`, `rmsprop` or `adam`.
    pub optimizer: String,
    /// Initial learning rate η.
    pub eta: f64,
    /// Instances per mini-batch.
    pub batch_size: usize,
    /// Factor applied to η every `learning_plan` iterations.
    pub attenuation: f64,
    /// Iterations between attenuations (0: never).
    pub learning_plan: usize,
    /// Number of iterations.
    pub iterations: usize,
    /// Seed of the data, the initial weights and the mini-batch order.
    pub seed: u64,
    /// The uploaded CSV (`x1,x2,label` per line) when `dataset` is `upload`.
    pub csv: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            dataset: "circle".into(),
            n: 1000,
            noise: 0.0,
            test_fraction: 0.2,
            hidden: vec![10, 10],
            activation: "relu".into(),
            init: "he".into(),
            optimizer: "sgd".into(),
            eta: 0.03,
            batch_size: 100,
            attenuation: 0.6,
            learning_plan: 2000,
            iterations: 3000,
            seed: 1,
            csv: None,
        }
    }
}

impl Settings {
    /// Checks every field; the error is one sentence naming the field and its range.
    pub fn validate(&self) -> Result<(), String> {
        if !DATASETS.contains(&self.dataset.as_str()) {
            return Err(format!(
                "unknown dataset '{}': expected one of {}.",
                self.dataset,
                DATASETS.join(", ")
            ));
        }
        if self.dataset == "upload" && self.csv.is_none() {
            return Err("dataset 'upload' needs the CSV text in \"csv\".".into());
        }
        if self.dataset != "upload" && !(MIN_N..=MAX_N).contains(&self.n) {
            return Err(format!(
                "n must be between {MIN_N} and {MAX_N}, found {}.",
                self.n
            ));
        }
        if !(self.noise.is_finite() && (0.0..=3.0).contains(&self.noise)) {
            return Err(format!(
                "noise must be between 0 and 3, found {}.",
                self.noise
            ));
        }
        if !(self.test_fraction.is_finite() && (0.0..=0.9).contains(&self.test_fraction)) {
            return Err(format!(
                "test_fraction must be between 0 and 0.9, found {}.",
                self.test_fraction
            ));
        }
        if self.hidden.len() > MAX_LAYERS {
            return Err(format!(
                "at most {MAX_LAYERS} hidden layers, found {}.",
                self.hidden.len()
            ));
        }
        if let Some(w) = self.hidden.iter().find(|&&w| !(1..=MAX_WIDTH).contains(&w)) {
            return Err(format!(
                "every hidden width must be between 1 and {MAX_WIDTH}, found {w}."
            ));
        }
        self.activation()?;
        self.init()?;
        self.optimizer()?;
        if !(self.eta.is_finite() && self.eta > 0.0) {
            return Err(format!(
                "eta (η) must be a finite number above 0, found {}.",
                self.eta
            ));
        }
        if !(1..=MAX_N).contains(&self.batch_size) {
            return Err(format!(
                "batch_size must be between 1 and {MAX_N}, found {}.",
                self.batch_size
            ));
        }
        if !(self.attenuation.is_finite() && self.attenuation > 0.0 && self.attenuation <= 1.0) {
            return Err(format!(
                "attenuation must be above 0 and at most 1, found {}.",
                self.attenuation
            ));
        }
        if self.learning_plan > MAX_ITERATIONS {
            return Err(format!(
                "learning_plan must be at most {MAX_ITERATIONS} (0: never), found {}.",
                self.learning_plan
            ));
        }
        if !(1..=MAX_ITERATIONS).contains(&self.iterations) {
            return Err(format!(
                "iterations must be between 1 and {MAX_ITERATIONS}, found {}.",
                self.iterations
            ));
        }
        Ok(())
    }

    /// The hidden activation.
    pub fn activation(&self) -> Result<Activation, String> {
        match self.activation.to_ascii_lowercase().as_str() {
            "relu" => Ok(Activation::Relu),
            "tanh" => Ok(Activation::Tanh),
            "sigmoid" => Ok(Activation::Sigmoid),
            other => Err(format!(
                "unknown activation '{other}': expected relu, tanh or sigmoid."
            )),
        }
    }

    /// The weight initialization.
    pub fn init(&self) -> Result<Init, String> {
        match self
            .init
            .to_ascii_lowercase()
            .replace([' ', '-'], "_")
            .as_str()
        {
            "he" => Ok(Init::He),
            "xavier" => Ok(Init::Xavier),
            "too_small" => Ok(Init::Normal(0.001)),
            "too_large" => Ok(Init::Normal(3.0)),
            other => Err(format!(
                "unknown init '{other}': expected he, xavier, too_small or too_large."
            )),
        }
    }

    /// The optimizer.
    pub fn optimizer(&self) -> Result<OptimizerKind, String> {
        self.optimizer.parse().map_err(|_| {
            format!(
                "unknown optimizer '{}': expected sgd, momentum, adagrad, rmsprop or adam.",
                self.optimizer
            )
        })
    }

    /// Record loss and accuracy every this many iterations: about 300 points per curve.
    pub fn show_interval(&self) -> usize {
        (self.iterations / 300).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid_and_out_of_range_values_are_refused() {
        assert_eq!(Settings::default().validate(), Ok(()));
        let bad = |f: &dyn Fn(&mut Settings)| {
            let mut s = Settings::default();
            f(&mut s);
            s.validate().unwrap_err()
        };
        assert!(bad(&|s| s.hidden = vec![100_000]).contains("256"));
        assert!(bad(&|s| s.hidden = vec![2; 7]).contains("hidden layers"));
        assert!(bad(&|s| s.eta = 0.0).contains("eta"));
        assert!(bad(&|s| s.eta = f64::NAN).contains("eta"));
        assert!(bad(&|s| s.dataset = "moons".into()).contains("moons"));
        assert!(bad(&|s| s.iterations = 1_000_000).contains("iterations"));
        assert!(bad(&|s| s.n = 1_000_000).contains("n must"));
        assert!(bad(&|s| s.init = "huge".into()).contains("init"));
    }
}
