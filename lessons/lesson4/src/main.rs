//! `cargo run -p lesson4 -- <experiment>`: the experiments of lecture 4 on the network of
//! lesson 3. Every hyperparameter is a flag whose default is the lecture's value.

use anyhow::{Result, bail};
use clap::{Args, Parser, Subcommand};
use lesson4::animate::AnimateOptions;
use lesson4::boundary::BoundaryOptions;
use lesson4::grid_search::{ParamGrid, SearchOptions};
use lesson4::xor_linear::Task;
use lesson4::{Fns, Report, Settings, fns, report};
use nn_core::{Activation, OptimizerKind};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "lesson4",
    version,
    about = "Lecture 4: experiments — grid search, decision boundaries, ReLU vs tanh, XOR vs linear, optimizers, one-hot, the 4-class homework, a training GIF"
)]
struct Cli {
    #[command(subcommand)]
    experiment: Experiment,
    #[command(flatten)]
    common: Common,
}

#[derive(Subcommand)]
enum Experiment {
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
}

impl Experiment {
    fn name(&self) -> &'static str {
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
        }
    }

    fn uses_homework(&self) -> bool {
        matches!(
            self,
            Experiment::Activations | Experiment::Xor | Experiment::Linear | Experiment::Homework4
        )
    }
}

#[derive(Args)]
struct Common {
    /// Seed of the data, the split, the folds, the weights and the mini-batch order.
    #[arg(long, global = true, default_value_t = 1)]
    seed: u64,
    /// Directory for the pictures and tables [default: out/lesson4/<experiment>].
    #[arg(long, global = true, value_name = "DIR")]
    out: Option<PathBuf>,
    /// No progress bars and no tables: only the key results and the files.
    #[arg(long, global = true)]
    quiet: bool,
    /// End with one JSON object of the key figures on the last line.
    #[arg(long, global = true)]
    json: bool,
    /// Run on your functions in lessons/lesson4/src/homework.rs (activations, xor, linear,
    /// homework4).
    #[arg(long, global = true)]
    mine: bool,
    /// Number of instances (the lecture's n) [default: 1000].
    #[arg(long, global = true)]
    n: Option<usize>,
    /// Radius of the circle task [default: 3].
    #[arg(long, global = true)]
    radius: Option<f64>,
    /// Fraction of instances held out as the test set [default: 0.2].
    #[arg(long, global = true)]
    test_fraction: Option<f64>,
    /// Hidden layer widths, comma separated [default: 10,10].
    #[arg(long, global = true, value_delimiter = ',')]
    hidden: Option<Vec<usize>>,
    /// Hidden activation: relu, tanh, sigmoid [default: relu].
    #[arg(long, global = true)]
    activation: Option<Activation>,
    /// Optimizer: sgd, momentum, adagrad, rmsprop, adam [default: sgd].
    #[arg(long, global = true)]
    optimizer: Option<OptimizerKind>,
    /// Learning rate η [default: 0.03].
    #[arg(long, global = true)]
    eta: Option<f64>,
    /// η is multiplied by this every --learning-plan iterations [default: 0.6].
    #[arg(long, global = true)]
    attenuation: Option<f64>,
    /// Iterations between attenuations of η [default: 2000].
    #[arg(long, global = true)]
    learning_plan: Option<usize>,
    /// Number of iterations (the lecture's loop) [default: 9500].
    #[arg(long = "loop", global = true, value_name = "ITERATIONS")]
    iterations: Option<usize>,
    /// Mini-batch size [default: 100].
    #[arg(long, global = true)]
    batch_size: Option<usize>,
    /// Record loss and accuracy every this many iterations, for the curves [default: 100].
    #[arg(long, global = true)]
    record_every: Option<usize>,
}

impl Common {
    /// `base` with every flag given on the command line.
    fn settings(&self, base: Settings) -> Settings {
        Settings {
            n: self.n.unwrap_or(base.n),
            radius: self.radius.unwrap_or(base.radius),
            test_fraction: self.test_fraction.unwrap_or(base.test_fraction),
            hidden: self.hidden.clone().unwrap_or(base.hidden),
            activation: self.activation.unwrap_or(base.activation),
            optimizer: self.optimizer.unwrap_or(base.optimizer),
            eta: self.eta.unwrap_or(base.eta),
            attenuation: self.attenuation.unwrap_or(base.attenuation),
            learning_plan: self.learning_plan.unwrap_or(base.learning_plan),
            iterations: self.iterations.unwrap_or(base.iterations),
            batch_size: self.batch_size.unwrap_or(base.batch_size),
            record_every: self.record_every.unwrap_or(base.record_every),
            seed: self.seed,
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // `lesson4` alone: the list of experiments.
            let _ = e.print();
            return ExitCode::from(2);
        }
        Err(e) if !e.use_stderr() => {
            // --help and --version
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            // clap's first line is the sentence; the usage lines after it are noise here.
            let text = e.render().to_string();
            let first = text
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("error: invalid arguments");
            eprintln!("{first}");
            return ExitCode::from(2);
        }
    };
    let name = cli.experiment.name();
    match execute(&cli) {
        Ok(report) => {
            if !cli.common.quiet && !report.story.is_empty() {
                println!("{}", report.story);
            }
            for line in &report.summary {
                println!("{line}");
            }
            for f in &report.files {
                println!("wrote {}", f.display());
            }
            if cli.common.json {
                println!("{}", report.json_line(name));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}", nn_core::one_sentence(&*e));
            ExitCode::FAILURE
        }
    }
}

fn execute(cli: &Cli) -> Result<Report> {
    let c = &cli.common;
    let exp = &cli.experiment;
    if c.mine && !exp.uses_homework() {
        bail!(
            "--mine has nothing to run in {}: it applies to activations, xor, linear and homework4, the experiments that use your homework functions",
            exp.name()
        );
    }
    let base = match exp {
        Experiment::Homework4 => lesson4::homework4::defaults(),
        _ => Settings::default(),
    };
    let s = c.settings(base);
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
            let out = report::out_dir(&out_path)?;
            lesson4::grid_search::run(&s, &o, out, quiet)
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
            lesson4::boundary::run(&s, &o, out, quiet)
        }
        Experiment::Activations => {
            let out = report::out_dir(&out_path)?;
            fns::guarded(c.mine, || lesson4::activations::run(&s, &fns, out, quiet))
        }
        Experiment::Xor | Experiment::Linear => {
            let task = if matches!(exp, Experiment::Xor) {
                Task::Xor
            } else {
                Task::Linear
            };
            let out = report::out_dir(&out_path)?;
            fns::guarded(c.mine, || {
                lesson4::xor_linear::run(task, &s, &fns, out, quiet)
            })
        }
        Experiment::Optimizers { optimizers } => {
            if optimizers.is_empty() {
                bail!("--optimizers needs at least one optimizer");
            }
            let out = report::out_dir(&out_path)?;
            lesson4::optimizers::run(&s, optimizers, out, quiet)
        }
        Experiment::Multiclass { classes } => {
            if !(3..=8).contains(classes) {
                bail!("--classes must be between 3 and 8, got {classes}");
            }
            let out = report::out_dir(&out_path)?;
            lesson4::multiclass::run(&s, *classes, out, quiet)
        }
        Experiment::Homework4 => {
            let out = report::out_dir(&out_path)?;
            fns::guarded(c.mine, || lesson4::homework4::run(&s, &fns, out, quiet))
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
            lesson4::animate::run(&s, &o, out, quiet)
        }
    }
}
