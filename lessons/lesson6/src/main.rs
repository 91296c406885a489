//! `cargo run --release -p lesson6 -- train|predict|download|bench`: lecture 6, MNIST.

mod commands;
mod progress;

use clap::{Args, Parser, Subcommand};
use lesson6::{DatasetKind, Settings};
use nn_core::{Activation, OptimizerKind};
use std::path::PathBuf;
use std::process::ExitCode;

/// Lecture 6: a from-scratch network reads handwritten digits (or Fashion-MNIST's clothes).
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Train 784-100-10 and write the model, the curves and the pictures.
    Train(TrainArgs),
    /// Read your own digit pictures (PNG) with a trained model.
    Predict(PredictArgs),
    /// Download full MNIST or Fashion-MNIST (checksums verified) into datasets/.
    Download(DownloadArgs),
    /// Measure seconds per epoch (plain SGD, f32, batch 100) and report them.
    Bench(BenchArgs),
}

/// Where the data comes from.
#[derive(Debug, Clone, Args)]
struct DataArgs {
    /// mnist (full MNIST from datasets/mnist, else the bundled sample) or fashion.
    #[arg(long, value_enum, default_value_t = DatasetKind::Mnist)]
    dataset: DatasetKind,
    /// A directory with the four IDX files (train-images-idx3-ubyte[.gz] …).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Train on the first N training images only.
    #[arg(long)]
    limit: Option<usize>,
}

/// The library's defaults, shown by --help and used when a flag is absent.
static D: std::sync::LazyLock<Settings> = std::sync::LazyLock::new(Settings::default);

/// The network and how it learns.
#[derive(Debug, Clone, Args)]
struct NetArgs {
    /// Units per hidden layer.
    #[arg(long, default_value_t = D.width)]
    width: usize,
    /// Number of hidden layers.
    #[arg(long, default_value_t = D.depth)]
    depth: usize,
    /// Hidden activation: relu, tanh or sigmoid.
    #[arg(long, default_value_t = D.activation)]
    activation: Activation,
    /// sgd, momentum, adagrad, rmsprop or adam.
    #[arg(long, default_value_t = D.optimizer)]
    optimizer: OptimizerKind,
    /// Initial learning rate η.
    #[arg(long, default_value_t = D.eta)]
    eta: f64,
    /// Multiply η by this every --learning-plan epochs.
    #[arg(long, default_value_t = D.attenuation)]
    attenuation: f64,
    /// Epochs between attenuations (0: never).
    #[arg(long, default_value_t = D.learning_plan)]
    learning_plan: usize,
    /// L2 weight decay λ (the loss gains λ/2 Σ‖W‖²).
    #[arg(long, default_value_t = D.weight_decay)]
    weight_decay: f64,
    /// Move each training image by a random 0..=N pixels each time it is used (augmentation).
    #[arg(long, default_value_t = D.shift)]
    shift: u32,
    /// Input dropout: zero each training pixel with this probability (scaling the rest by 1/(1−p)).
    #[arg(long, default_value_t = D.input_dropout)]
    input_dropout: f64,
    /// Dropout: switch each hidden unit off with this probability during training.
    #[arg(long, default_value_t = D.dropout)]
    dropout: f64,
    /// Average the weights of the epochs from this one on (weight averaging; 0: off).
    #[arg(long, default_value_t = D.average_from.unwrap_or(0))]
    average_from: usize,
    /// Passes over the training set.
    #[arg(long, default_value_t = D.epochs)]
    epochs: usize,
    /// Instances per mini-batch.
    #[arg(long, default_value_t = D.batch)]
    batch: usize,
}

/// Threads, seed and output.
#[derive(Debug, Clone, Args)]
struct RunArgs {
    /// Worker threads (default: all cores). Results are reproducible for a given --seed and --threads.
    #[arg(long)]
    threads: Option<usize>,
    /// Seed of the initial weights and the shuffles.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Print only errors (and the JSON line with --json).
    #[arg(long)]
    quiet: bool,
    /// Print the results as one JSON object on the last line.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct TrainArgs {
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    net: NetArgs,
    #[command(flatten)]
    run: RunArgs,
    /// Directory for the model and the pictures.
    #[arg(long, default_value = "out/lesson6")]
    out: PathBuf,
    /// Do not draw the pictures.
    #[arg(long)]
    no_pictures: bool,
}

#[derive(Debug, Args)]
struct PredictArgs {
    /// A model written by `train` (out/lesson6/model.json).
    #[arg(long, default_value = "out/lesson6/model.json")]
    model: PathBuf,
    /// Class names to print: mnist (digits) or fashion.
    #[arg(long, value_enum, default_value_t = DatasetKind::Mnist)]
    dataset: DatasetKind,
    /// Do not print the 28×28 picture the network sees.
    #[arg(long)]
    no_ascii: bool,
    /// Print the results as one JSON object on the last line.
    #[arg(long)]
    json: bool,
    /// PNG pictures of digits: any size, colour or grey, dark-on-light or light-on-dark.
    #[arg(required = true)]
    images: Vec<PathBuf>,
}

#[derive(Debug, Args)]
struct DownloadArgs {
    /// mnist or fashion.
    #[arg(long, value_enum, default_value_t = DatasetKind::Mnist)]
    dataset: DatasetKind,
    /// Where to put the files (default datasets/mnist or datasets/fashion).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Base URL of a mirror to use instead of the built-in list (repeatable).
    #[arg(long)]
    mirror: Vec<String>,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
}

#[derive(Debug, Args)]
struct BenchArgs {
    /// mnist or fashion (the peers are measured on fashion).
    #[arg(long, value_enum, default_value_t = DatasetKind::Fashion)]
    dataset: DatasetKind,
    /// A directory with the four IDX files.
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Train on the first N training images only.
    #[arg(long)]
    limit: Option<usize>,
    /// Epochs to measure (the median is reported).
    #[arg(long, default_value_t = 5)]
    epochs: usize,
    /// Units of the hidden layer.
    #[arg(long, default_value_t = 100)]
    width: usize,
    /// Instances per mini-batch.
    #[arg(long, default_value_t = 100)]
    batch: usize,
    /// Learning rate of plain SGD.
    #[arg(long, default_value_t = 0.1)]
    eta: f64,
    #[command(flatten)]
    run: RunArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Train(a) => commands::train(a),
        Command::Predict(a) => commands::predict(a),
        Command::Download(a) => commands::download(a),
        Command::Bench(a) => commands::bench(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", nn_core::one_sentence(&*e));
            ExitCode::FAILURE
        }
    }
}
