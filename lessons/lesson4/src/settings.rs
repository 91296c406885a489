//! The lecture's `main` settings shared by every experiment, with their defaults and checks.

use nn_core::{Activation, Mode, OptimizerKind, Schedule, TrainConfig};

/// Everything that decides a training run. [`Settings::default`] is the lecture's `main`:
/// `eta = 0.03, attenuation = 0.6, n = 1000, learning_plan = 2000, loop = 9500,
/// batch_size = 100`, a 2-10-10-2 ReLU network, the circle of radius 3 in [−6, 6]².
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Number of instances generated (split into training and test sets).
    pub n: usize,
    /// Radius of the circle task: inside is class 1, outside class 0.
    pub radius: f64,
    /// Fraction of the instances kept aside as the test set.
    pub test_fraction: f64,
    /// Widths of the hidden layers.
    pub hidden: Vec<usize>,
    /// Activation of the hidden layers.
    pub activation: Activation,
    /// The update rule.
    pub optimizer: OptimizerKind,
    /// Initial learning rate η.
    pub eta: f64,
    /// Factor applied to η every `learning_plan` iterations.
    pub attenuation: f64,
    /// Iterations between attenuations (0: never).
    pub learning_plan: usize,
    /// Number of iterations (the lecture's `loop`).
    pub iterations: usize,
    /// Mini-batch size (the lecture's `batch_size`).
    pub batch_size: usize,
    /// Record loss and accuracy every this many iterations (for the curves).
    pub record_every: usize,
    /// Seed of the data, the split, the initial weights and the mini-batch order.
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            n: 1000,
            radius: 3.0,
            test_fraction: 0.2,
            hidden: vec![10, 10],
            activation: Activation::Relu,
            optimizer: OptimizerKind::Sgd,
            eta: 0.03,
            attenuation: 0.6,
            learning_plan: 2000,
            iterations: 9500,
            batch_size: 100,
            record_every: 100,
            seed: 1,
        }
    }
}

impl Settings {
    /// The learning plan: `η_i = η · attenuation^⌊i / learning_plan⌋`.
    pub fn schedule(&self) -> Schedule {
        Schedule::StepDecay {
            eta: self.eta,
            attenuation: self.attenuation,
            learning_plan: self.learning_plan,
        }
    }

    /// nn-core's training configuration for these settings.
    pub fn train_config(&self) -> TrainConfig {
        TrainConfig {
            mode: Mode::MiniBatch(self.batch_size),
            iterations: self.iterations,
            show_interval: self.record_every,
            schedule: self.schedule(),
            seed: self.seed,
        }
    }

    /// Layer widths `inputs, hidden…, outputs`.
    pub fn sizes(&self, inputs: usize, outputs: usize) -> Vec<usize> {
        let mut s = vec![inputs];
        s.extend(&self.hidden);
        s.push(outputs);
        s
    }

    /// Checks every value, naming the flag of the first bad one.
    pub fn validate(&self) -> Result<(), String> {
        if !(self.test_fraction > 0.0 && self.test_fraction < 1.0) {
            return Err(format!(
                "--test-fraction must be between 0 and 1 (exclusive), got {}",
                self.test_fraction
            ));
        }
        let test_rows = (self.test_fraction * self.n as f64).round() as usize;
        if self.n < 10 || test_rows == 0 || test_rows >= self.n {
            return Err(format!(
                "--n {} with --test-fraction {} leaves too few training or test instances; use --n 10 or more",
                self.n, self.test_fraction
            ));
        }
        if self.n > 1_000_000 {
            return Err(format!("--n must be at most 1000000, got {}", self.n));
        }
        if !(self.radius.is_finite() && self.radius > 0.0) {
            return Err(format!(
                "--radius must be a positive number, got {}",
                self.radius
            ));
        }
        positive("--eta", self.eta)?;
        positive("--attenuation", self.attenuation)?;
        if self.batch_size == 0 {
            return Err("--batch-size must be at least 1".into());
        }
        if self.iterations == 0 {
            return Err("--loop must be at least 1".into());
        }
        if self.record_every == 0 {
            return Err("--record-every must be at least 1".into());
        }
        if self.hidden.contains(&0) || self.hidden.iter().any(|&w| w > 10_000) {
            return Err(format!(
                "--hidden widths must be between 1 and 10000, got {:?}",
                self.hidden
            ));
        }
        check_hidden_activation("--activation", self.activation)
    }
}

/// `value` must be a finite number above 0.
pub fn positive(flag: &str, value: f64) -> Result<(), String> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        Err(format!("{flag} must be a positive number, got {value}"))
    }
}

/// Softmax belongs to the output layer; every other activation can be a hidden one.
pub fn check_hidden_activation(flag: &str, a: Activation) -> Result<(), String> {
    if a == Activation::Softmax {
        Err(format!(
            "{flag} softmax is for the output layer; use relu, tanh or sigmoid"
        ))
    } else {
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
        assert_eq!(s.sizes(2, 2), vec![2, 10, 10, 2]);
        assert!((s.schedule().eta(2000) - 0.018).abs() < 1e-15);
        let cases = [
            (
                Settings {
                    eta: -1.0,
                    ..s.clone()
                },
                "--eta",
            ),
            (Settings { n: 3, ..s.clone() }, "--n"),
            (
                Settings {
                    batch_size: 0,
                    ..s.clone()
                },
                "--batch-size",
            ),
            (
                Settings {
                    iterations: 0,
                    ..s.clone()
                },
                "--loop",
            ),
            (
                Settings {
                    hidden: vec![0],
                    ..s.clone()
                },
                "--hidden",
            ),
            (
                Settings {
                    radius: f64::NAN,
                    ..s.clone()
                },
                "--radius",
            ),
            (
                Settings {
                    activation: Activation::Softmax,
                    ..s.clone()
                },
                "--activation",
            ),
        ];
        for (bad, flag) in cases {
            let e = bad.validate().unwrap_err();
            assert!(e.contains(flag), "{e}");
        }
    }
}
