//! The experiments behind the book's explanatory pictures (optimizer paths, vanishing gradients,
//! the learning rate, …): subcommands of `lesson4` beside the lecture's own, each a module of
//! its own, each checked by a test of the claim the book makes from it.

use crate::Settings;
use crate::report::{self, Report};
use anyhow::{Result, bail};
use clap::Subcommand;
use nn_core::{Activation, OptimizerKind};
use nn_course::Training;
use std::path::Path;

/// The explanatory experiments, one subcommand each.
#[derive(Debug, Subcommand)]
pub enum Figure {
    /// Optimizer paths on the valley f(w) = w1²/20 + w2², each optimizer with its own η.
    Paths {
        /// The optimizers, in panel order.
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "sgd,momentum,adagrad,adam"
        )]
        optimizers: Vec<OptimizerKind>,
        /// One learning rate per optimizer, in the same order.
        #[arg(long, value_delimiter = ',', default_value = "0.95,0.1,1.5,0.3")]
        etas: Vec<f64>,
        /// Steps of each optimizer.
        #[arg(long, default_value_t = 30)]
        steps: usize,
    },
    /// Vanishing gradients: the size of Δˡ at every layer of a deep network (default --hidden
    /// 10,10,10,10,10,10) with sigmoid, tanh and ReLU, before training.
    Vanishing {
        /// The hidden activations to compare.
        #[arg(long, value_delimiter = ',', default_value = "sigmoid,tanh,relu")]
        activations: Vec<Activation>,
    },
    /// The learning rate too small and too large: training loss curves with constant η
    /// [defaults: --loop 3000 --show-interval 50].
    LearningRate {
        /// The learning rates to compare.
        #[arg(long, value_delimiter = ',', default_value = "0.001,0.01,0.1,1,10")]
        etas: Vec<f64>,
    },
    /// Why a ReLU boundary is a polygon: one hidden layer of ReLU units, each unit's line drawn
    /// over the boundary [default: --hidden 8].
    Polygon,
    /// Initial weights too small, He, and too large in a deep ReLU network: the size of every
    /// layer's output, and training [defaults: --hidden 50,50,50,50,50 --loop 2000].
    Init {
        /// The too-small standard deviation of the initial weights.
        #[arg(long, default_value_t = 0.01)]
        small: f64,
        /// The too-large standard deviation of the initial weights.
        #[arg(long, default_value_t = 1.0)]
        large: f64,
    },
    /// Why cross entropy: softmax + cross entropy versus sigmoid + squared error learning from
    /// a confidently wrong start [default: --eta 0.15].
    CrossEntropy {
        /// SGD steps of each.
        #[arg(long, default_value_t = 300)]
        steps: usize,
    },
}

impl Figure {
    /// The subcommand's name, also the default output directory under out/lesson4.
    pub fn name(&self) -> &'static str {
        match self {
            Figure::Paths { .. } => "paths",
            Figure::Vanishing { .. } => "vanishing",
            Figure::LearningRate { .. } => "learning-rate",
            Figure::Polygon => "polygon",
            Figure::Init { .. } => "init",
            Figure::CrossEntropy { .. } => "cross-entropy",
        }
    }

    /// The training flags the experiment reads (the others are refused).
    fn reads(&self) -> &'static [&'static str] {
        match self {
            Figure::Paths { .. } => &[],
            Figure::Vanishing { .. } => &CIRCLE_AND_NETWORK,
            Figure::LearningRate { .. } => &TRAINING,
            Figure::Polygon => &ALL_TRAINING,
            Figure::Init { .. } => &INIT,
            Figure::CrossEntropy { .. } => &["--eta"],
        }
    }

    /// The settings the experiment starts from before the flags: the lecture's, with its own
    /// network where it needs one.
    fn base(&self) -> Settings {
        match self {
            Figure::Vanishing { .. } => Settings {
                hidden: crate::vanishing::default_hidden(),
                ..Settings::default()
            },
            Figure::LearningRate { .. } => crate::learning_rate::defaults(),
            Figure::Polygon => crate::polygon::defaults(),
            Figure::Init { .. } => crate::init::defaults(),
            Figure::CrossEntropy { .. } => Settings {
                eta: 0.15,
                ..Settings::default()
            },
            _ => Settings::default(),
        }
    }
}

/// The flags of the circle data and of the network's shape.
const CIRCLE_AND_NETWORK: [&str; 4] = ["--n", "--radius", "--test-fraction", "--hidden"];

/// The training flags a constant-η training run reads (not --eta, --attenuation or
/// --learning-plan).
const TRAINING: [&str; 10] = [
    "--n",
    "--radius",
    "--test-fraction",
    "--hidden",
    "--activation",
    "--optimizer",
    "--mode",
    "--batch-size",
    "--loop",
    "--show-interval",
];

/// The flags of `init`: the constant-η training run's, with --eta, without --activation (ReLU).
const INIT: [&str; 10] = [
    "--n",
    "--radius",
    "--test-fraction",
    "--hidden",
    "--optimizer",
    "--mode",
    "--batch-size",
    "--eta",
    "--loop",
    "--show-interval",
];

/// Every training flag.
const ALL_TRAINING: [&str; 13] = [
    "--n",
    "--radius",
    "--test-fraction",
    "--hidden",
    "--activation",
    "--optimizer",
    "--mode",
    "--batch-size",
    "--eta",
    "--attenuation",
    "--learning-plan",
    "--loop",
    "--show-interval",
];

/// The training flags given on the command line, by name (in the order of [`ALL_TRAINING`]).
fn given(t: &Training) -> Vec<&'static str> {
    let set = [
        t.n.is_some(),
        t.radius.is_some(),
        t.test_fraction.is_some(),
        t.hidden.is_some(),
        t.activation.is_some(),
        t.optimizer.is_some(),
        t.mode.is_some(),
        t.batch_size.is_some(),
        t.eta.is_some(),
        t.attenuation.is_some(),
        t.learning_plan.is_some(),
        t.iterations.is_some(),
        t.show_interval.is_some(),
    ];
    ALL_TRAINING
        .iter()
        .zip(set)
        .filter(|(_, on)| *on)
        .map(|(flag, _)| *flag)
        .collect()
}

/// Runs figure experiment `fig` with the training flags `t` and `seed` into `out`: a training
/// flag the experiment does not read is refused, and every flag is checked, before any work.
pub fn execute(fig: &Figure, t: &Training, seed: u64, out: &Path, quiet: bool) -> Result<Report> {
    if let Some(flag) = given(t).into_iter().find(|f| !fig.reads().contains(f)) {
        bail!(
            "{flag} does not apply to {}: it sets its own values (see lesson4 {} --help)",
            fig.name(),
            fig.name()
        );
    }
    let s = t.settings(fig.base(), seed);
    s.validate().map_err(anyhow::Error::msg)?;
    match fig {
        Figure::Paths {
            optimizers,
            etas,
            steps,
        } => crate::paths::check(optimizers, etas, *steps)?,
        Figure::Vanishing { activations } => crate::vanishing::check(&s, activations)?,
        Figure::LearningRate { etas } => crate::learning_rate::check(etas)?,
        Figure::Polygon => crate::polygon::check(&s)?,
        Figure::Init { small, large } => crate::init::check(&s, *small, *large)?,
        Figure::CrossEntropy { steps } => crate::cross_entropy::check(s.eta, *steps)?,
    }
    let out = report::out_dir(out)?;
    match fig {
        Figure::Paths {
            optimizers,
            etas,
            steps,
        } => crate::paths::run(optimizers, etas, *steps, out),
        Figure::Vanishing { activations } => crate::vanishing::run(&s, activations, out),
        Figure::LearningRate { etas } => crate::learning_rate::run(&s, etas, out, quiet),
        Figure::Polygon => crate::polygon::run(&s, out, quiet),
        Figure::Init { small, large } => crate::init::run(&s, *small, *large, out, quiet),
        Figure::CrossEntropy { steps } => crate::cross_entropy::run(s.eta, *steps, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(fig: Figure, t: Training) -> String {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let e = execute(&fig, &t, 1, &out, true).unwrap_err().to_string();
        assert!(
            !out.exists(),
            "{e}: nothing may be created before the flags are checked"
        );
        e
    }

    #[test]
    fn a_flag_the_experiment_does_not_read_is_refused_before_any_work() {
        let paths = Figure::Paths {
            optimizers: vec![OptimizerKind::Sgd],
            etas: vec![0.1],
            steps: 10,
        };
        let e = refused(
            paths,
            Training {
                eta: Some(0.1),
                ..Training::default()
            },
        );
        assert_eq!(
            e,
            "--eta does not apply to paths: it sets its own values (see lesson4 paths --help)"
        );
        let e = refused(
            Figure::CrossEntropy { steps: 10 },
            Training {
                hidden: Some(vec![3]),
                ..Training::default()
            },
        );
        assert!(
            e.starts_with("--hidden does not apply to cross-entropy"),
            "{e}"
        );
    }

    #[test]
    fn each_experiment_checks_its_own_flags_before_any_work() {
        let one_layer = Training {
            hidden: Some(vec![10]),
            ..Training::default()
        };
        let e = refused(
            Figure::Vanishing {
                activations: vec![Activation::Relu],
            },
            one_layer,
        );
        assert!(e.contains("at least two hidden layers"), "{e}");
        let two_layers = Training {
            hidden: Some(vec![8, 8]),
            ..Training::default()
        };
        assert!(refused(Figure::Polygon, two_layers).contains("one hidden layer of ReLU"));
        let e = refused(Figure::LearningRate { etas: vec![] }, Training::default());
        assert!(e.contains("--etas"), "{e}");
        let e = refused(
            Figure::Init {
                small: 1.0,
                large: 0.1,
            },
            Training::default(),
        );
        assert!(e.contains("--small"), "{e}");
        let bad_eta = Training {
            eta: Some(-1.0),
            ..Training::default()
        };
        assert!(refused(Figure::CrossEntropy { steps: 10 }, bad_eta).contains("--eta"));
    }
}
