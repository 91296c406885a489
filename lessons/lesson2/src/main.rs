//! `cargo run -p lesson2`: every derivative of lecture 2 and a gradient check catching a real
//! mistake; `cargo run -p lesson2 -- grad --model M.json --data D.csv` for any saved model.

use anyhow::{Result, bail};
use clap::{Parser, Subcommand};
use lesson2::{Example, Fns, grad, steps};
use nn_course::{Common, mine};
use std::path::PathBuf;
use std::process::ExitCode;

/// Lesson 2 — backpropagation: ∂CE/∂X, the softmax Jacobian, ReLU's derivative, Δ, ∂L/∂W and
/// ∂L/∂B for lesson 1's network, a gradient check against numerical gradients, and the lecture's
/// cross-entropy derivative caught being exactly twice too large.
#[derive(Parser, Debug)]
#[command(name = "lesson2", version, allow_negative_numbers = true)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    common: Common,
    /// Draw the weights and inputs at random (from --seed) instead of lesson 1's numbers.
    #[arg(long)]
    random: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// The loss and every gradient of a saved model (nn-core JSON, e.g. out/lesson1/model.json)
    /// on a CSV of numeric features and a label column.
    Grad {
        /// The model file.
        #[arg(long, value_name = "FILE")]
        model: PathBuf,
        /// The CSV file: a header line, numeric feature columns and a label column.
        #[arg(long, value_name = "FILE")]
        data: PathBuf,
        /// The label column's name (default: the last column).
        #[arg(long, value_name = "COLUMN")]
        label: Option<String>,
    },
}

const HOMEWORK: &str = "lessons/lesson2/src/homework.rs";

fn main() -> ExitCode {
    nn_course::cli::main(|args: Args| match &args.command {
        Some(Command::Grad { model, data, label }) => {
            let (c, report) = (&args.common, grad::grad(model, data, label.as_deref())?);
            if c.talk() || !c.json {
                print!("{}", report.render());
            }
            if c.json {
                println!("{}", report.to_json());
            }
            Ok(())
        }
        None => run(&args),
    })
}

fn run(args: &Args) -> Result<()> {
    let c = &args.common;
    let out = c.out_dir("lesson2");
    nn_course::cli::check_out_dir(&out)?;
    let ex = if args.random {
        Example::random(c.seed)
    } else {
        Example::lecture()
    };
    let fns = Fns::choose(c.mine);
    let story = if c.mine {
        match mine::guard(HOMEWORK, || steps::backward_steps(&ex, &fns)) {
            Ok(s) => s,
            Err(msg) => bail!("--mine: {msg}"),
        }
    } else {
        steps::backward_steps(&ex, &fns)
    };
    story.ensure_finite(&ex, c.mine)?;
    if c.talk() {
        print!("{}", steps::render(&story, fns.who));
    }
    let path = out.join("gradcheck.csv");
    nn_core::write_atomically(&path, story.csv().as_bytes())?;
    let graph = out.join("backward_graph.png");
    lesson2::graph::write_backward_graph(&graph, &ex)?;
    println!("\n{}", story.summary());
    println!(
        "wrote {} (every gradient, its numerical estimate, and the lecture's value)",
        path.display()
    );
    println!(
        "wrote {} (the backward pass as a data-flow graph)",
        graph.display()
    );
    if c.json {
        println!("{}", story.json(fns.who, &path));
    }
    Ok(())
}
