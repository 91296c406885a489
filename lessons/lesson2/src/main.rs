//! `cargo run -p lesson2`: every derivative of lecture 2 and a gradient check catching a real
//! mistake; `cargo run -p lesson2 -- grad --model M.json --data D.csv` for any saved model.

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use lesson1::mine;
use lesson1::show::rows;
use lesson2::{Example, Fns, grad, steps};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// Lesson 2 — backpropagation: ∂CE/∂X, the softmax Jacobian, ReLU's derivative, Δ, ∂L/∂W and
/// ∂L/∂B for lesson 1's network, a gradient check against numerical gradients, and the lecture's
/// cross-entropy derivative caught being exactly twice too large.
#[derive(Parser, Debug)]
#[command(name = "lesson2", version)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Seed for --random (results are reproducible).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Draw the weights and inputs at random (from --seed) instead of lesson 1's numbers.
    #[arg(long)]
    random: bool,
    /// Directory for the gradient-check table (CSV).
    #[arg(long, default_value = "out/lesson2", value_name = "DIR")]
    out: PathBuf,
    /// Print only the summary and the written files.
    #[arg(long, global = true)]
    quiet: bool,
    /// End with one JSON object (loss, gradients, check results).
    #[arg(long, global = true)]
    json: bool,
    /// Compute with your functions in lessons/lesson2/src/homework.rs.
    #[arg(long)]
    mine: bool,
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
const IDS: [&str; 5] = [
    "calc_r_cross_entropy",
    "calc_r_softmax",
    "calc_r_relu",
    "calc_r_bias",
    "backward",
];

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match &args.command {
        Some(Command::Grad { model, data, label }) => {
            run_grad(&args, model, data, label.as_deref())
        }
        None => run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", nn_core::one_sentence(&*e));
            ExitCode::FAILURE
        }
    }
}

fn run_grad(
    args: &Args,
    model: &std::path::Path,
    data: &std::path::Path,
    label: Option<&str>,
) -> Result<()> {
    let report = grad::grad(model, data, label)?;
    if !args.quiet || !args.json {
        print!("{}", report.render());
    }
    if args.json {
        println!("{}", report.to_json());
    }
    Ok(())
}

fn run(args: &Args) -> Result<()> {
    let ex = if args.random {
        Example::random(args.seed)
    } else {
        Example::lecture()
    };
    let fns = Fns::choose(args.mine);
    let story = if args.mine {
        match mine::guard(HOMEWORK, &IDS, || steps::backward_steps(&ex, &fns)) {
            Ok(s) => s,
            Err(msg) => bail!("--mine: {msg}"),
        }
    } else {
        steps::backward_steps(&ex, &fns)
    };
    if !args.quiet {
        print!("{}", steps::render(&story, fns.who));
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("could not create --out {}", args.out.display()))?;
    let path = args.out.join("gradcheck.csv");
    let mut csv =
        String::from("layer,param,row,col,backprop,numeric,relative_error,lecture_backprop\n");
    for (r, lec) in story.table.iter().zip(&story.lecture) {
        csv += &format!(
            "{},{},{},{},{},{},{},{}\n",
            r.layer, r.param, r.at.0, r.at.1, r.backprop, r.numeric, r.relative_error, lec.backprop
        );
    }
    nn_core::write_atomically(&path, csv.as_bytes())?;
    println!(
        "\nCE = {:.6}; gradient check: largest relative error {:.1e}; the lecture's derivative: {:.4} × too large",
        story.loss,
        story.max_relative_error(),
        story.lecture_ratio
    );
    println!(
        "wrote {} (every gradient, its numerical estimate, and the lecture's value)",
        path.display()
    );
    if args.json {
        let layers: Vec<_> = (0..story.grads.dw.len())
            .map(|l| json!({"layer": l + 1, "dw": rows(&story.grads.dw[l]), "db": rows(&story.grads.db[l])}))
            .collect();
        let out = json!({
            "lesson": 2,
            "functions": fns.who,
            "loss": story.loss,
            "max_relative_error": story.max_relative_error(),
            "loop_difference": story.loop_difference(),
            "lecture_ratio": story.lecture_ratio,
            "layers": layers,
            "files": [path.display().to_string()],
        });
        println!("{out}");
    }
    Ok(())
}
