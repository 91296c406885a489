//! Lesson 5's command line: which data, the hyperparameter flags, and the terminal that shows
//! the story and the progress bars.

use crate::mine::Homework;
use crate::prepare::Implementation;
use crate::{Reporter, Settings};
use clap::{Args, Subcommand};
use indicatif::ProgressBar;
use nn_core::{Activation, OptimizerKind};
use nn_course::Common;
use std::path::PathBuf;

/// Which data lesson 5 learns.
#[derive(Debug, Subcommand)]
pub enum Command {
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

/// The hyperparameter flags of lesson 5; each left out keeps the data set's default.
#[derive(Debug, Args)]
pub struct Hyper {
    /// Hidden layer widths, comma separated [default: 16].
    #[arg(long, global = true, value_delimiter = ',')]
    pub hidden: Option<Vec<usize>>,
    /// Hidden activation: relu, tanh, sigmoid [default: relu].
    #[arg(long, global = true)]
    pub activation: Option<Activation>,
    /// Optimizer: sgd, momentum, adagrad, rmsprop, adam [default: adam].
    #[arg(long, global = true)]
    pub optimizer: Option<OptimizerKind>,
    /// Learning rate η [default: iris 0.01, titanic/csv 0.005].
    #[arg(long, global = true)]
    pub eta: Option<f64>,
    /// Training iterations (the lecture's loop) [default: 600].
    #[arg(
        long = "loop",
        alias = "iterations",
        global = true,
        value_name = "ITERATIONS"
    )]
    pub iterations: Option<usize>,
    /// Instances per mini-batch [default: iris 16, titanic/csv 32].
    #[arg(long, global = true, alias = "batch")]
    pub batch_size: Option<usize>,
    /// Cross-validation folds on the training part; 0 skips it.
    #[arg(long, global = true, default_value_t = 5)]
    pub folds: usize,
    /// Fraction of rows held out as the test set.
    #[arg(long, global = true, default_value_t = 0.2)]
    pub test_fraction: f64,
}

impl Hyper {
    /// `s` with the flags given on the command line and the common `--seed`, `--out`, `--mine`.
    pub fn settings(&self, c: &Common, mut s: Settings) -> Settings {
        let h = &mut s.hyper;
        h.hidden = self.hidden.clone().unwrap_or(h.hidden.clone());
        h.activation = self.activation.unwrap_or(h.activation);
        h.optimizer = self.optimizer.unwrap_or(h.optimizer);
        h.eta = self.eta.unwrap_or(h.eta);
        h.iterations = self.iterations.unwrap_or(h.iterations);
        h.batch = self.batch_size.unwrap_or(h.batch);
        s.default_batch = self.batch_size.is_none();
        s.folds = self.folds;
        s.test_fraction = self.test_fraction;
        s.seed = c.seed;
        s.out = c.out_dir("lesson5");
        if c.mine {
            s.implementation = Implementation::Mine(Homework::yours());
        }
        s
    }
}

/// Prints the story and shows indicatif progress bars (on stderr), unless quiet.
pub struct Terminal {
    /// `--quiet`: no story, no bars.
    pub quiet: bool,
    /// The bar of the long work under way.
    pub bar: Option<ProgressBar>,
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
        self.bar = Some(nn_course::progress::bar(true, total, what));
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
