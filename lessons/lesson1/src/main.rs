//! `cargo run -p lesson1`: the worked forward pass of lecture 1, step by step with shapes.

use anyhow::{Result, bail};
use clap::Parser;
use lesson1::inputs::Inputs;
use lesson1::{Fns, chart, steps};
use nn_course::{Common, mine, show};
use serde_json::json;
use std::process::ExitCode;

/// Lesson 1 — forward propagation: X, W, b, B = 1 ⊗ b, A = XW + B, ReLU, softmax and the cross
/// entropy of a small network, each printed with its shape; writes the activation-function chart.
#[derive(Parser, Debug)]
#[command(name = "lesson1", version, allow_negative_numbers = true)]
struct Args {
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    inputs: Inputs,
}

const HOMEWORK: &str = "lessons/lesson1/src/homework.rs";
fn main() -> ExitCode {
    nn_course::cli::main(run)
}

fn run(args: Args) -> Result<()> {
    let c = &args.common;
    let ex = args.inputs.example(c.seed)?;
    let out = c.out_dir("lesson1");
    nn_course::cli::check_out_dir(&out)?;
    let fns = Fns::choose(c.mine);
    let story = if c.mine {
        match mine::guard(HOMEWORK, || steps::forward_steps(&ex, &fns)) {
            Ok(s) => s,
            Err(msg) => bail!("--mine: {msg}"),
        }
    } else {
        steps::forward_steps(&ex, &fns)
    };
    story.ensure_finite(&ex, args.inputs.model.as_deref(), c.mine)?;
    if !c.quiet {
        print!("{}", steps::render(&story, fns.who));
    }
    let files = [
        out.join("activations.png"),
        out.join("model.json"),
        out.join("batch.csv"),
        out.join("network.png"),
    ];
    chart::write_activation_chart(&files[0])?;
    lesson1::diagram::write_network_diagram(&files[3], &ex)?;
    ex.network().save(&files[1])?;
    lesson1::inputs::write_batch(&files[2], &ex)?;
    println!("\nCE = {:.6}", story.loss);
    println!(
        "wrote {} (activation functions and their derivatives)",
        files[0].display()
    );
    println!(
        "wrote {} (this network; try `cargo run -p lesson2 -- grad --model {} --data {}`)",
        files[1].display(),
        files[1].display(),
        files[2].display()
    );
    println!("wrote {} (this mini-batch)", files[2].display());
    println!(
        "wrote {} (the network with every matrix's shape)",
        files[3].display()
    );
    if c.json {
        let out = json!({
            "lesson": 1,
            "functions": fns.who,
            "loss": story.loss,
            "output": show::rows(story.output()),
            "naive_loss": story.naive_loss,
            "max_difference": story.max_difference,
            "agree": story.max_difference < 1e-9,
            "files": files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>(),
        });
        println!("{out}");
    }
    Ok(())
}
