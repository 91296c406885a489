//! `cargo run --release -p lesson6 -- train|predict|download|bench`: lecture 6, MNIST.

mod cli;
mod commands;
mod progress;

use clap::Parser;
use cli::Command;
use std::process::ExitCode;

/// Lecture 6: a from-scratch network reads handwritten digits (or Fashion-MNIST's clothes).
#[derive(Debug, Parser)]
#[command(version, about, allow_negative_numbers = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

fn main() -> ExitCode {
    nn_course::cli::main(|cli: Cli| match cli.command {
        Command::Train(a) => commands::train(a),
        Command::Predict(a) => commands::predict(a),
        Command::Download(a) => commands::download(a),
        Command::Bench(a) => commands::bench(a),
    })
}
