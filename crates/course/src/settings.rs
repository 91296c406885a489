//! The lecture's `main` settings, with their defaults.

use nn_core::{Activation, Mode, OptimizerKind, Schedule};

/// The most instances `--n` may ask for (more would not fit comfortably in memory).
pub const MAX_N: usize = 10_000_000;
/// The widest hidden layer `--hidden` may ask for.
pub const MAX_WIDTH: usize = 10_000;

/// Everything that decides a run of the circle task. [`Settings::default`] is the lecture's
/// `main`: `eta = 0.03, attenuation = 0.6, n = 1000, show_interval = 1000, learning_plan = 2000,
/// loop = 9500, batch_size = 100`, a 2-10-10-2 ReLU network, circle of radius 3 in [−6, 6]².
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Number of instances generated (split into training and test sets).
    pub n: usize,
    /// Radius of the circle: inside is class 1 ("inside"), outside class 0.
    pub radius: f64,
    /// Fraction of the instances kept aside as the test set.
    pub test_fraction: f64,
    /// Widths of the hidden layers.
    pub hidden: Vec<usize>,
    /// Activation of the hidden layers (ReLU or tanh).
    pub activation: Activation,
    /// The update rule.
    pub optimizer: OptimizerKind,
    /// Batch, mini-batch (of `batch_size`) or online learning.
    pub mode: Mode,
    /// Initial learning rate η.
    pub eta: f64,
    /// Factor applied to η every `learning_plan` iterations.
    pub attenuation: f64,
    /// Iterations between attenuations (0: never).
    pub learning_plan: usize,
    /// Number of iterations (the lecture's `loop`).
    pub iterations: usize,
    /// Record and print loss and accuracy every this many iterations.
    pub show_interval: usize,
    /// Seed of the data, the initial weights and the mini-batch order.
    pub seed: u64,
}

// ANCHOR: settings
impl Default for Settings {
    fn default() -> Self {
        Settings {
            n: 1000,
            radius: 3.0,
            test_fraction: 0.2,
            hidden: vec![10, 10],
            activation: Activation::Relu,
            optimizer: OptimizerKind::Sgd,
            mode: Mode::MiniBatch(100),
            eta: 0.03,
            attenuation: 0.6,
            learning_plan: 2000,
            iterations: 9500,
            show_interval: 1000,
            seed: 1,
        }
    }
}
// ANCHOR_END: settings

impl Settings {
    /// The learning plan as an nn-core schedule: `η_i = η · attenuation^⌊i / learning_plan⌋`.
    pub fn schedule(&self) -> Schedule {
        Schedule::StepDecay {
            eta: self.eta,
            attenuation: self.attenuation,
            learning_plan: self.learning_plan,
        }
    }

    /// Layer widths from input to output: `2, hidden…, 2`.
    pub fn sizes(&self) -> Vec<usize> {
        let mut s = vec![2];
        s.extend(&self.hidden);
        s.push(2);
        s
    }

    /// Checks every value, naming the flag of the first bad one.
    pub fn validate(&self) -> Result<(), String> {
        let test_rows = (self.test_fraction * self.n as f64).round() as usize;
        if !(self.test_fraction > 0.0 && self.test_fraction < 1.0) {
            return Err(format!(
                "--test-fraction must be between 0 and 1 (exclusive), got {}",
                self.test_fraction
            ));
        }
        if test_rows == 0 || test_rows >= self.n {
            return Err(format!(
                "--n {} with --test-fraction {} leaves no training or no test instances; use a larger --n",
                self.n, self.test_fraction
            ));
        }
        if !(self.radius.is_finite() && self.radius > 0.0) {
            return Err(format!(
                "--radius must be a positive number, got {}",
                self.radius
            ));
        }
        if !(self.eta.is_finite() && self.eta > 0.0) {
            return Err(format!("--eta must be a positive number, got {}", self.eta));
        }
        if !(self.attenuation.is_finite() && self.attenuation > 0.0) {
            return Err(format!(
                "--attenuation must be a positive number, got {}",
                self.attenuation
            ));
        }
        if self.mode == Mode::MiniBatch(0) {
            return Err("--batch-size must be at least 1".into());
        }
        if self.iterations == 0 {
            return Err("--loop must be at least 1".into());
        }
        if self.n > MAX_N {
            return Err(format!("--n must be at most {MAX_N}, got {}", self.n));
        }
        if let Some(w) = self.hidden.iter().find(|&&w| w == 0 || w > MAX_WIDTH) {
            return Err(format!(
                "--hidden widths must be between 1 and {MAX_WIDTH}, got {w}"
            ));
        }
        if matches!(self.activation, Activation::Softmax) {
            return Err("--activation softmax is for the output layer; use relu or tanh".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_lectures_and_bad_values_name_their_flag() {
        let s = Settings::default();
        assert_eq!(s.validate(), Ok(()));
        assert_eq!(s.sizes(), vec![2, 10, 10, 2]);
        assert!((s.schedule().eta(2000) - 0.018).abs() < 1e-15);
        let bad = Settings {
            eta: -1.0,
            ..Settings::default()
        };
        assert!(bad.validate().unwrap_err().contains("--eta"));
        let bad = Settings {
            n: 2,
            ..Settings::default()
        };
        assert!(bad.validate().unwrap_err().contains("--n"));
        let bad = Settings {
            hidden: vec![10, 0],
            ..Settings::default()
        };
        assert!(bad.validate().unwrap_err().contains("--hidden"));
        let bad = Settings {
            mode: Mode::MiniBatch(0),
            ..Settings::default()
        };
        assert!(bad.validate().unwrap_err().contains("--batch-size"));
    }
}
