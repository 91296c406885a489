//! The experiments of lecture 4, as `lesson4 <experiment>` runs them: each flag is checked, the
//! output directory made, and the experiment's module called.

use crate::animate::AnimateOptions;
use crate::boundary::BoundaryOptions;
use crate::grid_search::{ParamGrid, SearchOptions};
use crate::xor_linear::Task;
use crate::{Fns, Report, Settings, fit, fns, report};
use anyhow::{Result, bail};
use clap::Subcommand;
use nn_core::{Activation, OptimizerKind};
use nn_course::{Common, Training};
use std::path::PathBuf;

/// The lecture's experiments, one subcommand each.
#[derive(Debug, Subcommand)]
pub enum Experiment {
    /// Hyperparameters (eta, hidden width, batch size, activation) scored by stratified k-fold
    /// cross-validation in parallel, like scikit-learn's GridSearchCV. The grid replaces --eta,
    /// --batch-size, --activation and the --hidden widths (--hidden still sets how many hidden
    /// layers).
    GridSearch {
        /// Learning rates to try, comma separated.
        #[arg(long, value_delimiter = ',', default_value = "0.003,0.03,0.3")]
        etas: Vec<f64>,
        /// Hidden layer widths to try (every hidden layer gets the width).
        #[arg(long, value_delimiter = ',', default_value = "5,10")]
        widths: Vec<usize>,
        /// Mini-batch sizes to try.
        #[arg(long, value_delimiter = ',', default_value = "100")]
        batch_sizes: Vec<usize>,
        /// Hidden activations to try: relu, tanh, sigmoid.
        #[arg(long, value_delimiter = ',', default_value = "relu,tanh")]
        activations: Vec<Activation>,
        /// Number of cross-validation folds (scikit-learn's cv).
        #[arg(long, default_value_t = 5)]
        cv: usize,
        /// The heatmap's two hyperparameters, columns then rows: two of activation, batch_size,
        /// eta, hidden.
        #[arg(long, value_delimiter = ',', default_value = "eta,hidden")]
        heatmap: Vec<String>,
    },
    /// The decision boundary on a grid of step 1, then 0.05, drawn with point size 20, then 1,
    /// and the lecture's circle_.csv.
    Boundary {
        /// The first grid step.
        #[arg(long, default_value_t = 1.0)]
        coarse_step: f64,
        /// The finer grid step.
        #[arg(long, default_value_t = 0.05)]
        fine_step: f64,
        /// The two point sizes (matplotlib's s, in points²).
        #[arg(long, value_delimiter = ',', default_value = "20,1")]
        point_sizes: Vec<f64>,
    },
    /// ReLU versus tanh hidden layers: boundaries side by side, curves in one chart.
    Activations,
    /// judge_term edited to XOR: no hidden layer fails, one hidden layer succeeds.
    Xor,
    /// judge_term edited to a linearly separable task: even no hidden layer succeeds.
    Linear,
    /// SGD, Momentum, AdaGrad, RMSProp and Adam on the same task and seed.
    Optimizers {
        /// The optimizers to compare.
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "sgd,momentum,adagrad,rmsprop,adam"
        )]
        optimizers: Vec<OptimizerKind>,
    },
    /// Why one-hot: one output node predicting the class number versus softmax over k classes.
    Multiclass {
        /// Number of classes (sectors around the origin), 3 to 8.
        #[arg(long, default_value_t = 4)]
        classes: usize,
    },
    /// The homework: four classes in 3-D (sphere and paraboloid) [defaults: --n 4000
    /// --hidden 20,20 --optimizer adam --eta 0.005].
    Homework4,
    /// The decision boundary forming during training, as a GIF.
    Animate {
        /// A frame every this many iterations.
        #[arg(long, default_value_t = 500)]
        every: usize,
        /// Grid step of each frame.
        #[arg(long, default_value_t = 0.1)]
        grid_step: f64,
        /// Milliseconds per frame.
        #[arg(long, default_value_t = 300)]
        frame_ms: u32,
    },
    /// The book's explanatory experiments (optimizer paths, vanishing gradients, …).
    #[command(flatten)]
    Figure(crate::figures::Figure),
}

impl Experiment {
    /// The subcommand's name, also the default output directory under out/lesson4.
    pub fn name(&self) -> &'static str {
        match self {
            Experiment::GridSearch { .. } => "grid-search",
            Experiment::Boundary { .. } => "boundary",
            Experiment::Activations => "activations",
            Experiment::Xor => "xor",
            Experiment::Linear => "linear",
            Experiment::Optimizers { .. } => "optimizers",
            Experiment::Multiclass { .. } => "multiclass",
            Experiment::Homework4 => "homework4",
            Experiment::Animate { .. } => "animate",
            Experiment::Figure(f) => f.name(),
        }
    }

    /// Whether the experiment runs the learner's homework functions with `--mine`.
    pub fn uses_homework(&self) -> bool {
        matches!(
            self,
            Experiment::Activations | Experiment::Xor | Experiment::Linear | Experiment::Homework4
        )
    }
}

/// Runs experiment `exp` with the common flags `c` and the training flags `t`: every flag and
/// `--out` are checked before any work.
pub fn execute(exp: &Experiment, c: &Common, t: &Training) -> Result<Report> {
    if c.mine && !exp.uses_homework() {
        bail!(
            "--mine has nothing to run in {}: it applies to activations, xor, linear and homework4, the experiments that use your homework functions",
            exp.name()
        );
    }
    let base = match exp {
        Experiment::Homework4 => crate::homework4::defaults(),
        _ => fit::defaults(),
    };
    let s = t.settings(base, c.seed);
    s.validate().map_err(anyhow::Error::msg)?;
    let out_path = c
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("out/lesson4").join(exp.name()));
    let fns = Fns::choose(c.mine);
    let quiet = c.quiet;
    match exp {
        Experiment::GridSearch {
            etas,
            widths,
            batch_sizes,
            activations,
            cv,
            heatmap,
        } => {
            let [cols, rows] = heatmap.as_slice() else {
                bail!("--heatmap needs exactly two hyperparameter names, e.g. eta,hidden");
            };
            let o = SearchOptions {
                grid: ParamGrid {
                    activations: activations.clone(),
                    batch_sizes: batch_sizes.clone(),
                    etas: etas.clone(),
                    widths: widths.clone(),
                },
                cv: *cv,
                heatmap: (cols.clone(), rows.clone()),
            };
            let n_train = s.n - (s.test_fraction * s.n as f64).round() as usize;
            o.validate(n_train).map_err(anyhow::Error::msg)?;
            let widest = widths.iter().copied().max().unwrap_or(1);
            let sizes = Settings {
                hidden: vec![widest; s.hidden.len()],
                ..s.clone()
            }
            .sizes(2, 2);
            nn_course::settings::check_parameters(
                &sizes,
                nn_course::settings::MAX_PARAMETERS,
                "--widths, --hidden",
            )
            .map_err(anyhow::Error::msg)?;
            let out = report::out_dir(&out_path)?;
            crate::grid_search::run(&s, &o, out, quiet)
        }
        Experiment::Boundary {
            coarse_step,
            fine_step,
            point_sizes,
        } => {
            let [big, small] = point_sizes.as_slice() else {
                bail!("--point-sizes needs exactly two sizes, e.g. 20,1");
            };
            let o = BoundaryOptions {
                coarse_step: *coarse_step,
                fine_step: *fine_step,
                point_sizes: (*big, *small),
            };
            o.validate().map_err(anyhow::Error::msg)?;
            let out = report::out_dir(&out_path)?;
            crate::boundary::run(&s, &o, out, quiet)
        }
        Experiment::Activations => {
            let out = report::out_dir(&out_path)?;
            fns::guarded(c.mine, || crate::activations::run(&s, &fns, out, quiet))
        }
        Experiment::Xor | Experiment::Linear => {
            let task = if matches!(exp, Experiment::Xor) {
                Task::Xor
            } else {
                Task::Linear
            };
            let out = report::out_dir(&out_path)?;
            fns::guarded(c.mine, || {
                crate::xor_linear::run(task, &s, &fns, out, quiet)
            })
        }
        Experiment::Optimizers { optimizers } => {
            if optimizers.is_empty() {
                bail!("--optimizers needs at least one optimizer");
            }
            let out = report::out_dir(&out_path)?;
            crate::optimizers::run(&s, optimizers, out, quiet)
        }
        Experiment::Multiclass { classes } => {
            if !(3..=8).contains(classes) {
                bail!("--classes must be between 3 and 8, got {classes}");
            }
            let out = report::out_dir(&out_path)?;
            crate::multiclass::run(&s, *classes, out, quiet)
        }
        Experiment::Homework4 => {
            let out = report::out_dir(&out_path)?;
            fns::guarded(c.mine, || crate::homework4::run(&s, &fns, out, quiet))
        }
        Experiment::Animate {
            every,
            grid_step,
            frame_ms,
        } => {
            let o = AnimateOptions {
                every: *every,
                grid_step: *grid_step,
                frame_ms: *frame_ms,
            };
            o.validate(s.iterations).map_err(anyhow::Error::msg)?;
            let out = report::out_dir(&out_path)?;
            crate::animate::run(&s, &o, out, quiet)
        }
        Experiment::Figure(f) => crate::figures::execute(f, t, c.seed, &out_path, quiet),
    }
}
