//! The lecture's `main` settings (lectures 3 and 4 train the same circle-task network), their
//! flags, defaults and checks — one type for both lessons.

use nn_core::{Activation, Mode, ModeName, OptimizerKind, Schedule, TrainConfig};

/// The most instances `--n` may ask for (more would not fit comfortably in memory).
pub const MAX_N: usize = 1_000_000;
/// The widest hidden layer `--hidden` may ask for: the boundary pictures evaluate the network on
/// 57,600 grid points at once, so 1000 units already take 460 MB per layer (10,000 took 9 GB).
pub const MAX_WIDTH: usize = 1_000;
/// The most weights and biases a network of lessons 3–5 may have (two hidden layers of 1000
/// each; `--hidden 10000,10000` ran for ten minutes in 15 GB).
pub const MAX_PARAMETERS: usize = 1_100_000;
/// The most iterations `--loop` may ask for (the lectures use a few thousand; a million already
/// takes minutes).
pub const MAX_ITERATIONS: usize = 1_000_000;

/// Everything that decides a training run. [`Settings::default`] is the lecture's `main`:
/// `eta = 0.03, attenuation = 0.6, n = 1000, show_interval = 1000, learning_plan = 2000,
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
    /// Activation of the hidden layers.
    pub activation: Activation,
    /// The update rule.
    pub optimizer: OptimizerKind,
    /// Batch, mini-batch (of `batch_size`) or online learning.
    pub mode: ModeName,
    /// Instances per mini-batch (the lecture's `batch_size`).
    pub batch_size: usize,
    /// Initial learning rate η.
    pub eta: f64,
    /// Factor applied to η every `learning_plan` iterations.
    pub attenuation: f64,
    /// Iterations between attenuations (0: never).
    pub learning_plan: usize,
    /// Number of iterations (the lecture's `loop`).
    pub iterations: usize,
    /// Record (and print) loss and accuracy every this many iterations.
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
            mode: ModeName::MiniBatch,
            batch_size: 100,
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

    /// Batch, mini-batch of `batch_size`, or online learning.
    pub fn learning_mode(&self) -> Mode {
        self.mode.with_batch_size(self.batch_size)
    }

    /// Layer widths `inputs, hidden…, outputs`.
    pub fn sizes(&self, inputs: usize, outputs: usize) -> Vec<usize> {
        let mut s = vec![inputs];
        s.extend(&self.hidden);
        s.push(outputs);
        s
    }

    /// nn-core's training configuration for these settings.
    pub fn train_config(&self) -> TrainConfig {
        TrainConfig {
            mode: self.learning_mode(),
            iterations: self.iterations,
            show_interval: self.show_interval,
            schedule: self.schedule(),
            seed: self.seed,
            weight_decay: 0.0,
        }
    }

    /// Instances in the training set after the split.
    pub fn train_rows(&self) -> usize {
        self.n - (self.test_fraction * self.n as f64).round() as usize
    }

    /// Checks every value, naming the flag of the first bad one.
    pub fn validate(&self) -> Result<(), String> {
        if !(self.test_fraction > 0.0 && self.test_fraction < 1.0) {
            return Err(format!(
                "--test-fraction must be between 0 and 1 (exclusive), got {}",
                self.test_fraction
            ));
        }
        if self.n > MAX_N {
            return Err(format!("--n must be at most {MAX_N}, got {}", self.n));
        }
        let test_rows = (self.test_fraction * self.n as f64).round() as usize;
        if self.n < 10 || test_rows == 0 || test_rows >= self.n {
            return Err(format!(
                "--n {} with --test-fraction {} leaves too few training or test instances; use --n 10 or more",
                self.n, self.test_fraction
            ));
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
        if self.mode == ModeName::MiniBatch && self.batch_size > self.train_rows() {
            return Err(format!(
                "--batch-size {} is larger than the training set ({} instances); use at most {}",
                self.batch_size,
                self.train_rows(),
                self.train_rows()
            ));
        }
        if self.iterations == 0 || self.iterations > MAX_ITERATIONS {
            return Err(format!(
                "--loop must be between 1 and {MAX_ITERATIONS}, got {}",
                self.iterations
            ));
        }
        if self.show_interval == 0 {
            return Err("--show-interval must be at least 1".into());
        }
        if let Some(w) = self.hidden.iter().find(|&&w| w == 0 || w > MAX_WIDTH) {
            return Err(format!(
                "--hidden widths must be between 1 and {MAX_WIDTH}, got {w}"
            ));
        }
        check_parameters(&self.sizes(2, 2), MAX_PARAMETERS, "--hidden")?;
        check_hidden_activation("--activation", self.activation)
    }
}

/// The number of weights and biases of a network with layer widths `sizes`, `Σ (n_l + 1)·n_(l+1)`
/// (saturating, for any widths).
pub fn parameters(sizes: &[usize]) -> usize {
    sizes.windows(2).fold(0usize, |sum, w| {
        sum.saturating_add(w[0].saturating_add(1).saturating_mul(w[1]))
    })
}

/// Refuses a network with more than `max` weights and biases, naming the `flags` that size it.
pub fn check_parameters(sizes: &[usize], max: usize, flags: &str) -> Result<(), String> {
    let n = parameters(sizes);
    if n <= max {
        return Ok(());
    }
    let shape: Vec<String> = sizes.iter().map(usize::to_string).collect();
    Err(format!(
        "the network {} has {n} weights and biases, more than {max}; use fewer or narrower hidden layers ({flags})",
        shape.join("-")
    ))
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

/// The training flags of lessons 3 and 4, each optional so that a lesson (or an experiment)
/// supplies its own defaults: `Training::settings(base, seed)`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Training {
    /// Number of instances (the lecture's n), split into training and test sets [default: 1000].
    #[arg(long, global = true)]
    pub n: Option<usize>,
    /// Radius of the circle [default: 3].
    #[arg(long, global = true)]
    pub radius: Option<f64>,
    /// Fraction of the instances kept for the test set [default: 0.2].
    #[arg(long, global = true)]
    pub test_fraction: Option<f64>,
    /// Widths of the hidden layers, comma separated [default: 10,10].
    #[arg(long, global = true, value_delimiter = ',')]
    pub hidden: Option<Vec<usize>>,
    /// Activation of the hidden layers: relu, tanh, sigmoid [default: relu].
    #[arg(long, global = true)]
    pub activation: Option<Activation>,
    /// The update rule: sgd, momentum, adagrad, rmsprop, adam [default: sgd].
    #[arg(long, global = true)]
    pub optimizer: Option<OptimizerKind>,
    /// batch, minibatch or online learning [default: minibatch].
    #[arg(long, global = true)]
    pub mode: Option<ModeName>,
    /// Instances per mini-batch (the lecture's batch_size) [default: 100].
    #[arg(long, global = true, alias = "batch")]
    pub batch_size: Option<usize>,
    /// Initial learning rate η [default: 0.03].
    #[arg(long, global = true)]
    pub eta: Option<f64>,
    /// Factor applied to η every --learning-plan iterations [default: 0.6].
    #[arg(long, global = true)]
    pub attenuation: Option<f64>,
    /// Iterations between attenuations of η (0: never) [default: 2000].
    #[arg(long, global = true)]
    pub learning_plan: Option<usize>,
    /// Number of iterations (the lecture's loop) [default: 9500].
    #[arg(
        long = "loop",
        alias = "iterations",
        global = true,
        value_name = "ITERATIONS"
    )]
    pub iterations: Option<usize>,
    /// Record and print loss and accuracy every this many iterations.
    #[arg(long, global = true, alias = "record-every")]
    pub show_interval: Option<usize>,
}

impl Training {
    /// `base` with every flag given on the command line, and `seed`.
    pub fn settings(&self, base: Settings, seed: u64) -> Settings {
        Settings {
            n: self.n.unwrap_or(base.n),
            radius: self.radius.unwrap_or(base.radius),
            test_fraction: self.test_fraction.unwrap_or(base.test_fraction),
            hidden: self.hidden.clone().unwrap_or(base.hidden),
            activation: self.activation.unwrap_or(base.activation),
            optimizer: self.optimizer.unwrap_or(base.optimizer),
            mode: self.mode.unwrap_or(base.mode),
            batch_size: self.batch_size.unwrap_or(base.batch_size),
            eta: self.eta.unwrap_or(base.eta),
            attenuation: self.attenuation.unwrap_or(base.attenuation),
            learning_plan: self.learning_plan.unwrap_or(base.learning_plan),
            iterations: self.iterations.unwrap_or(base.iterations),
            show_interval: self.show_interval.unwrap_or(base.show_interval),
            seed,
        }
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
        assert_eq!(s.learning_mode(), Mode::MiniBatch(100));
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
                    batch_size: 801,
                    ..s.clone()
                },
                "larger than the training set",
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
                    hidden: vec![10, 0],
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
            (
                Settings {
                    n: MAX_N + 1,
                    ..s.clone()
                },
                "--n must be at most",
            ),
            (
                Settings {
                    hidden: vec![1000, 1000, 1000],
                    ..s.clone()
                },
                "weights and biases, more than",
            ),
            (
                Settings {
                    iterations: MAX_ITERATIONS + 1,
                    ..s.clone()
                },
                "--loop must be between 1 and",
            ),
        ];
        for (bad, flag) in cases {
            let e = bad.validate().unwrap_err();
            assert!(e.contains(flag), "{e}");
        }
        // A batch larger than the data is fine for batch learning, which uses every instance.
        let batch = Settings {
            mode: ModeName::Batch,
            batch_size: 5000,
            ..s.clone()
        };
        assert_eq!(batch.validate(), Ok(()));
    }

    #[test]
    fn parameters_count_weights_and_biases_without_overflow() {
        assert_eq!(parameters(&[2, 10, 10, 2]), 3 * 10 + 11 * 10 + 11 * 2);
        assert_eq!(parameters(&[usize::MAX, usize::MAX]), usize::MAX);
        assert!(check_parameters(&[3, 1000, 1000, 8], MAX_PARAMETERS, "--hidden").is_ok());
        let e = check_parameters(&[2, 5, 2], 10, "--hidden").unwrap_err();
        assert_eq!(
            e,
            "the network 2-5-2 has 27 weights and biases, more than 10; use fewer or narrower hidden layers (--hidden)"
        );
    }

    #[test]
    fn flags_override_the_base_and_keep_the_rest() {
        let flags = Training {
            eta: Some(0.1),
            hidden: Some(vec![3]),
            ..Training::default()
        };
        let s = flags.settings(Settings::default(), 9);
        assert_eq!((s.eta, s.hidden.clone(), s.seed), (0.1, vec![3], 9));
        assert_eq!(s.iterations, Settings::default().iterations);
    }
}
