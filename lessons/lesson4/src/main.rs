//! `cargo run -p lesson4 -- <experiment>`: the experiments of lecture 4 on the network of
//! lesson 3. Every hyperparameter is a flag whose default is the lecture's value.

use clap::Parser;
use lesson4::experiment::{Experiment, execute};
use nn_course::{Common, Training};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "lesson4",
    version,
    allow_negative_numbers = true,
    about = "Lecture 4: experiments — grid search, decision boundaries, ReLU vs tanh, XOR vs linear, optimizers, one-hot, the 4-class homework, a training GIF; and the book's explanatory experiments — optimizer paths, vanishing gradients, the learning rate, the ReLU polygon, initial weights, cross entropy"
)]
struct Cli {
    #[command(subcommand)]
    experiment: Experiment,
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    training: Training,
}

fn main() -> ExitCode {
    nn_course::cli::main(|cli: Cli| {
        let report = execute(&cli.experiment, &cli.common, &cli.training)?;
        if cli.common.talk() && !report.story.is_empty() {
            println!("{}", report.story);
        }
        for line in &report.summary {
            println!("{line}");
        }
        for f in &report.files {
            println!("wrote {}", f.display());
        }
        if cli.common.json {
            println!("{}", report.json_line(cli.experiment.name()));
        }
        Ok(())
    })
}
