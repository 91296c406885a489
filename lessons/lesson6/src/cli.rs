//! Lesson 6's command line: the subcommands and their flags (defaults from [`Settings`]).

use clap::{Args, Subcommand};
use lesson6::{DatasetKind, Settings};
use nn_core::{Activation, OptimizerKind};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Train 784-100-10 and write the model, the curves and the pictures.
    Train(TrainArgs),
    /// Read your own digit pictures (PNG) with a trained model.
    Predict(PredictArgs),
    /// Download full MNIST or Fashion-MNIST (checksums verified) into datasets/.
    Download(DownloadArgs),
    /// Measure seconds per epoch (plain SGD, f32 or --f64, batch 100) and the products' floor.
    Bench(BenchArgs),
}

/// Where the data comes from.
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    /// mnist (full MNIST from datasets/mnist, else the bundled sample) or fashion.
    #[arg(long, value_enum, default_value_t = DatasetKind::Mnist)]
    pub dataset: DatasetKind,
    /// A directory with the four IDX files (train-images-idx3-ubyte[.gz] …).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Train on the first N training images only.
    #[arg(long)]
    pub limit: Option<usize>,
}

/// The library's defaults, shown by --help and used when a flag is absent.
static D: std::sync::LazyLock<Settings> = std::sync::LazyLock::new(Settings::default);

/// The network and how it learns.
#[derive(Debug, Clone, Args)]
pub struct NetArgs {
    /// Units per hidden layer.
    #[arg(long, default_value_t = D.width)]
    pub width: usize,
    /// Number of hidden layers.
    #[arg(long, default_value_t = D.depth)]
    pub depth: usize,
    /// Hidden activation: relu, tanh or sigmoid.
    #[arg(long, default_value_t = D.activation)]
    pub activation: Activation,
    /// sgd, momentum, adagrad, rmsprop or adam.
    #[arg(long, default_value_t = D.optimizer)]
    pub optimizer: OptimizerKind,
    /// Initial learning rate η.
    #[arg(long, default_value_t = D.eta)]
    pub eta: f64,
    /// Multiply η by this every --learning-plan epochs.
    #[arg(long, default_value_t = D.attenuation)]
    pub attenuation: f64,
    /// Epochs between attenuations (0: never).
    #[arg(long, default_value_t = D.learning_plan)]
    pub learning_plan: usize,
    /// L2 weight decay λ (the loss gains λ/2 Σ‖W‖²).
    #[arg(long, default_value_t = D.weight_decay)]
    pub weight_decay: f64,
    /// Move each training image by a random 0..=N pixels each time it is used (augmentation).
    #[arg(long, default_value_t = D.shift)]
    pub shift: u32,
    /// Input dropout: zero each training pixel with this probability (scaling the rest by 1/(1−p)).
    #[arg(long, default_value_t = D.input_dropout)]
    pub input_dropout: f64,
    /// Dropout: switch each hidden unit off with this probability during training.
    #[arg(long, default_value_t = D.dropout)]
    pub dropout: f64,
    /// Average the weights of the epochs from this one on (weight averaging; 0: off).
    #[arg(long, default_value_t = D.average_from.unwrap_or(0))]
    pub average_from: usize,
    /// Passes over the training set.
    #[arg(long, default_value_t = D.epochs)]
    pub epochs: usize,
    /// Instances per mini-batch (the lecture's batch_size).
    #[arg(long = "batch-size", alias = "batch", default_value_t = D.batch)]
    pub batch: usize,
}

/// Threads, seed and output.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// Worker threads (default: all cores). Results are reproducible for a given --seed and --threads.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Seed of the initial weights and the shuffles.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Print only errors (and the JSON line with --json).
    #[arg(long)]
    pub quiet: bool,
    /// Print the results as one JSON object on the last line.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TrainArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub net: NetArgs,
    #[command(flatten)]
    pub run: RunArgs,
    /// Directory for the model and the pictures.
    #[arg(long, default_value = "out/lesson6")]
    pub out: PathBuf,
    /// Do not draw the pictures.
    #[arg(long)]
    pub no_pictures: bool,
    /// Train with your own functions from lessons/lesson6/src/homework.rs (pixels, dropout,
    /// accuracy, and weight decay with --weight-decay), in nn-core's one training loop on one
    /// thread.
    #[arg(long, conflicts_with = "taught")]
    pub mine: bool,
    /// Train in nn-core's one training loop with the library's functions, on one thread: what
    /// --mine is compared with (on the same seed both give the same numbers).
    #[arg(long)]
    pub taught: bool,
}

#[derive(Debug, Args)]
pub struct PredictArgs {
    /// A model written by `train` (out/lesson6/model.json).
    #[arg(long, default_value = "out/lesson6/model.json")]
    pub model: PathBuf,
    /// Class names to print: mnist (digits) or fashion.
    #[arg(long, value_enum, default_value_t = DatasetKind::Mnist)]
    pub dataset: DatasetKind,
    /// Do not print the 28×28 picture the network sees.
    #[arg(long)]
    pub no_ascii: bool,
    /// Print the results as one JSON object on the last line.
    #[arg(long)]
    pub json: bool,
    /// PNG pictures of digits: any size, colour or grey, dark-on-light or light-on-dark.
    #[arg(required = true)]
    pub images: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DownloadArgs {
    /// mnist or fashion.
    #[arg(long, value_enum, default_value_t = DatasetKind::Mnist)]
    pub dataset: DatasetKind,
    /// Where to put the files (default datasets/mnist or datasets/fashion).
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Base URL of a mirror to use instead of the built-in list (repeatable).
    #[arg(long)]
    pub mirror: Vec<String>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// mnist or fashion (the peers are measured on fashion).
    #[arg(long, value_enum, default_value_t = DatasetKind::Fashion)]
    pub dataset: DatasetKind,
    /// A directory with the four IDX files.
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Train on the first N training images only.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Epochs to measure (the median is reported).
    #[arg(long, default_value_t = 5)]
    pub epochs: usize,
    /// Units of the hidden layer.
    #[arg(long, default_value_t = 100)]
    pub width: usize,
    /// Instances per mini-batch (the lecture's batch_size).
    #[arg(long = "batch-size", alias = "batch", default_value_t = 100)]
    pub batch: usize,
    /// Learning rate of plain SGD.
    #[arg(long, default_value_t = 0.1)]
    pub eta: f64,
    /// Train in f64 (the float of lessons 1–5) instead of f32.
    #[arg(long)]
    pub f64: bool,
    #[command(flatten)]
    pub run: RunArgs,
}
