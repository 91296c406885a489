//! `cargo run -p lesson5 -- iris|titanic|csv`: lecture 5's real data, preprocessed step by step,
//! learned by an MLP, measured on a test set and by cross-validation.

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use lesson5::prepare::Standardize;
use lesson5::report::{json_line, summary};
use lesson5::{Reporter, Settings, load, run};
use nn_core::{Activation, OptimizerKind};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "lesson5",
    about = "Lecture 5: iris, titanic and any CSV — preprocessing, an MLP, test accuracy and cross-validation"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    common: Common,
}

#[derive(Subcommand)]
enum Command {
    /// Iris flowers: 4 measurements → 3 species (the default).
    Iris,
    /// Titanic passengers: class, sex, age, family → survived or died.
    Titanic,
    /// Any CSV with a header line: numeric and categorical columns detected, missing values filled.
    Csv {
        /// The CSV file.
        #[arg(long)]
        file: PathBuf,
        /// The label column to predict.
        #[arg(long)]
        target: String,
        /// Leave out a column (repeatable), e.g. an identifier or a name.
        #[arg(long)]
        drop: Vec<String>,
    },
}

#[derive(Args)]
struct Common {
    /// Seed of the split, the folds, the weights and the shuffling.
    #[arg(long, global = true, default_value_t = 1)]
    seed: u64,
    /// Directory for the pictures.
    #[arg(long, global = true, default_value = "out/lesson5")]
    out: PathBuf,
    /// No progress bars and no step-by-step story; only the results and the files.
    #[arg(long, global = true)]
    quiet: bool,
    /// Print the final metrics as one JSON object on the last line.
    #[arg(long, global = true)]
    json: bool,
    /// Standardize with your own `standardize` from lessons/lesson5/src/homework.rs.
    #[arg(long, global = true)]
    mine: bool,
    /// Hidden layer widths, comma separated [default: 16].
    #[arg(long, global = true, value_delimiter = ',')]
    hidden: Option<Vec<usize>>,
    /// Hidden activation: relu, tanh, sigmoid [default: relu].
    #[arg(long, global = true)]
    activation: Option<Activation>,
    /// Optimizer: sgd, momentum, adagrad, rmsprop, adam [default: adam].
    #[arg(long, global = true)]
    optimizer: Option<OptimizerKind>,
    /// Learning rate η [default: iris 0.01, titanic/csv 0.005].
    #[arg(long, global = true)]
    eta: Option<f64>,
    /// Training iterations [default: 600].
    #[arg(long, global = true)]
    iterations: Option<usize>,
    /// Mini-batch size [default: iris 16, titanic/csv 32].
    #[arg(long, global = true)]
    batch: Option<usize>,
    /// Cross-validation folds on the training part; 0 skips it.
    #[arg(long, global = true, default_value_t = 5)]
    folds: usize,
    /// Fraction of rows held out as the test set.
    #[arg(long, global = true, default_value_t = 0.2)]
    test_fraction: f64,
}

impl Common {
    fn settings(&self, mut s: Settings) -> Settings {
        let h = &mut s.hyper;
        h.hidden = self.hidden.clone().unwrap_or(h.hidden.clone());
        h.activation = self.activation.unwrap_or(h.activation);
        h.optimizer = self.optimizer.unwrap_or(h.optimizer);
        h.eta = self.eta.unwrap_or(h.eta);
        h.iterations = self.iterations.unwrap_or(h.iterations);
        h.batch = self.batch.unwrap_or(h.batch);
        s.folds = self.folds;
        s.test_fraction = self.test_fraction;
        s.seed = self.seed;
        s.out = self.out.clone();
        if self.mine {
            s.standardize = Standardize::Mine(lesson5::homework::standardize);
        }
        s
    }
}

/// Prints the story and shows indicatif progress bars (on stderr), unless quiet.
struct Terminal {
    quiet: bool,
    bar: Option<ProgressBar>,
}

impl Reporter for Terminal {
    fn say(&mut self, text: &str) {
        if !self.quiet {
            println!("{text}\n");
        }
    }
    fn start(&mut self, what: &str, total: u64) {
        if self.quiet {
            return;
        }
        let bar = ProgressBar::new(total);
        if let Ok(style) =
            ProgressStyle::with_template("{msg:>12} [{bar:40}] {pos}/{len} {elapsed}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(what.to_string());
        self.bar = Some(bar);
    }
    fn tick(&mut self) {
        if let Some(b) = &self.bar {
            b.inc(1);
        }
    }
    fn finish(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish();
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match execute(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", nn_core::one_sentence(&e));
            ExitCode::FAILURE
        }
    }
}

fn execute(cli: &Cli) -> lesson5::Result<()> {
    let c = &cli.common;
    let (table, settings) = match &cli.command {
        None | Some(Command::Iris) => (load::iris(None)?, c.settings(Settings::iris())),
        Some(Command::Titanic) => (load::titanic(None)?, c.settings(Settings::titanic())),
        Some(Command::Csv { file, target, drop }) => {
            let table = load::any_csv(file, target, drop)?;
            let mut s = c.settings(Settings::titanic());
            s.name = file
                .file_stem()
                .map_or("csv".into(), |n| n.to_string_lossy().into_owned());
            (table, s)
        }
    };
    let mut ui = Terminal {
        quiet: c.quiet,
        bar: None,
    };
    let outcome = run(&table, &settings, &mut ui)?;
    print!("{}", summary(&outcome));
    for f in &outcome.files {
        println!("wrote {}", f.display());
    }
    if c.json {
        println!("{}", json_line(&outcome));
    }
    Ok(())
}
