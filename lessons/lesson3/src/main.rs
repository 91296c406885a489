//! `cargo run -p lesson3`: the lecture's first network, trained on the circle task.

use clap::{Parser, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use lesson3::{Implementation, Settings, learn, pictures};
use nn_core::{Activation, Mode, OptimizerKind};
use std::path::PathBuf;
use std::process::ExitCode;

/// Lecture 3: an MLP from scratch learns which points lie inside a circle.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// Seed of the data, the initial weights and the mini-batch order.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Directory for the pictures.
    #[arg(long, default_value = "out/lesson3")]
    out: PathBuf,
    /// Print only errors (and the JSON line with --json).
    #[arg(long)]
    quiet: bool,
    /// Print the final metrics as one JSON object on the last line.
    #[arg(long)]
    json: bool,
    /// Train with your own forward/backward/update_eta from src/homework.rs.
    #[arg(long)]
    mine: bool,
    /// Do not draw the pictures.
    #[arg(long)]
    no_pictures: bool,
    /// Number of instances (the lecture's n), split into training and test sets.
    #[arg(long, default_value_t = 1000)]
    n: usize,
    /// Radius of the circle.
    #[arg(long, default_value_t = 3.0)]
    radius: f64,
    /// Fraction of the instances kept for the test set.
    #[arg(long, default_value_t = 0.2)]
    test_fraction: f64,
    /// Widths of the hidden layers, comma separated.
    #[arg(long, value_delimiter = ',', default_value = "10,10")]
    hidden: Vec<usize>,
    /// Activation of the hidden layers.
    #[arg(long, value_enum, default_value_t = Hidden::Relu)]
    activation: Hidden,
    /// The update rule.
    #[arg(long, value_enum, default_value_t = Opt::Sgd)]
    optimizer: Opt,
    /// Batch, mini-batch or online learning.
    #[arg(long, value_enum, default_value_t = LearningMode::Minibatch)]
    mode: LearningMode,
    /// Instances per mini-batch.
    #[arg(long, default_value_t = 100)]
    batch_size: usize,
    /// Initial learning rate η.
    #[arg(long, default_value_t = 0.03)]
    eta: f64,
    /// Factor applied to η every --learning-plan iterations.
    #[arg(long, default_value_t = 0.6)]
    attenuation: f64,
    /// Iterations between attenuations (0: never).
    #[arg(long, default_value_t = 2000)]
    learning_plan: usize,
    /// Number of iterations (the lecture's loop).
    #[arg(long = "loop", alias = "iterations", default_value_t = 9500)]
    iterations: usize,
    /// Print loss and accuracy every this many iterations.
    #[arg(long, default_value_t = 1000)]
    show_interval: usize,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Hidden {
    Relu,
    Tanh,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Opt {
    Sgd,
    Momentum,
    Adagrad,
    Rmsprop,
    Adam,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LearningMode {
    Batch,
    Minibatch,
    Online,
}

impl Cli {
    fn settings(&self) -> Settings {
        Settings {
            n: self.n,
            radius: self.radius,
            test_fraction: self.test_fraction,
            hidden: self.hidden.clone(),
            activation: match self.activation {
                Hidden::Relu => Activation::Relu,
                Hidden::Tanh => Activation::Tanh,
            },
            optimizer: match self.optimizer {
                Opt::Sgd => OptimizerKind::Sgd,
                Opt::Momentum => OptimizerKind::Momentum,
                Opt::Adagrad => OptimizerKind::AdaGrad,
                Opt::Rmsprop => OptimizerKind::RmsProp,
                Opt::Adam => OptimizerKind::Adam,
            },
            mode: match self.mode {
                LearningMode::Batch => Mode::Batch,
                LearningMode::Minibatch => Mode::MiniBatch(self.batch_size),
                LearningMode::Online => Mode::Online,
            },
            eta: self.eta,
            attenuation: self.attenuation,
            learning_plan: self.learning_plan,
            iterations: self.iterations,
            show_interval: self.show_interval,
            seed: self.seed,
        }
    }
}

fn run(cli: &Cli) -> anyhow::Result<()> {
    let s = cli.settings();
    // Every flag is checked before anything is printed, trained or written.
    s.validate().map_err(anyhow::Error::msg)?;
    if !cli.no_pictures && cli.out.exists() && !cli.out.is_dir() {
        anyhow::bail!("--out {} is a file, not a directory", cli.out.display());
    }
    let talk = !cli.quiet;
    let imp = if cli.mine {
        Implementation::Mine
    } else {
        Implementation::Reference
    };
    if talk {
        println!(
            "circle task: n = {}, radius {}, network {:?} ({}), {} learning, {}, eta = {}, \
             attenuation = {} every {} iterations, loop = {}{}",
            s.n,
            s.radius,
            s.sizes(),
            s.activation,
            s.mode,
            s.optimizer,
            s.eta,
            s.attenuation,
            s.learning_plan,
            s.iterations,
            if cli.mine {
                " — with YOUR homework code"
            } else {
                ""
            }
        );
    }
    let bar = if talk {
        ProgressBar::new(s.iterations as u64)
    } else {
        ProgressBar::hidden()
    };
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} iterations  {msg}") {
        bar.set_style(style);
    }
    let outcome = learn(&s, imp, &mut |p| {
        bar.inc(1);
        if p.iteration % 100 == 0 {
            bar.set_message(format!("batch loss {:.4}", p.batch_loss));
        }
        if let (Some(r), true) = (p.record, talk) {
            let line = format!(
                "iteration {:>6}  eta {:.5}  loss {:.5}  train accuracy {:6.2}%  test accuracy {:6.2}%",
                r.iteration,
                r.eta,
                r.train_loss,
                100.0 * r.train_accuracy,
                100.0 * r.test_accuracy.unwrap_or(0.0)
            );
            // A hidden bar (not a terminal) prints nothing, so print the line ourselves.
            if bar.is_hidden() {
                println!("{line}");
            } else {
                bar.println(line);
            }
        }
    });
    bar.finish_and_clear();
    let outcome = outcome?;
    if talk {
        println!(
            "trained in {:.3} s: train accuracy {:.2}%, test accuracy {:.2}% ({} train / {} test instances)",
            outcome.seconds,
            100.0 * outcome.train_accuracy(),
            100.0 * outcome.test_accuracy(),
            outcome.train.n(),
            outcome.test.n()
        );
    }
    let files = if cli.no_pictures {
        Vec::new()
    } else {
        pictures::write_pictures(&cli.out, &outcome)?
    };
    if talk {
        for f in &files {
            println!("wrote {}", f.display());
        }
    }
    if cli.json {
        let json = serde_json::json!({
            "train_accuracy": outcome.train_accuracy(),
            "test_accuracy": outcome.test_accuracy(),
            "final_loss": outcome.final_loss(),
            "iterations": s.iterations,
            "seconds": outcome.seconds,
            "implementation": if cli.mine { "mine" } else { "reference" },
            "files": files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>(),
        });
        println!("{json}");
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", nn_core::one_sentence(&*e));
            ExitCode::FAILURE
        }
    }
}
