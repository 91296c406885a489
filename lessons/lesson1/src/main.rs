//! `cargo run -p lesson1`: the worked forward pass of lecture 1, step by step with shapes.

use anyhow::{Context, Result, bail};
use clap::Parser;
use lesson1::example::{parse_labels, parse_matrix};
use lesson1::{Example, Fns, chart, mine, show, steps};
use nn_core::Network;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Lesson 1 — forward propagation: X, W, b, B = 1 ⊗ b, A = XW + B, ReLU, softmax and the cross
/// entropy of a small network, each printed with its shape; writes the activation-function chart.
#[derive(Parser, Debug)]
#[command(name = "lesson1", version)]
struct Args {
    /// Seed for --random (results are reproducible).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Draw the weights and inputs at random (from --seed) instead of the lecture's numbers.
    #[arg(long)]
    random: bool,
    /// The input X: rows separated by ';', values by ',', e.g. "1,2; -1,0.5".
    #[arg(long, value_name = "ROWS")]
    x: Option<String>,
    /// The class of each row of X, e.g. "1,0" (needed when --x changes the number of rows).
    #[arg(long, value_name = "CLASSES")]
    labels: Option<String>,
    /// Take W and b from an nn-core model file (ReLU hidden layers, softmax output), such as the
    /// out/lesson1/model.json this lesson writes.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Directory for the chart, the model and the batch.
    #[arg(long, default_value = "out/lesson1", value_name = "DIR")]
    out: PathBuf,
    /// Print only the written files and the loss.
    #[arg(long)]
    quiet: bool,
    /// End with one JSON object: loss, output matrix, agreement, files.
    #[arg(long)]
    json: bool,
    /// Compute with your functions in lessons/lesson1/src/homework.rs.
    #[arg(long)]
    mine: bool,
}

const HOMEWORK: &str = "lessons/lesson1/src/homework.rs";
const IDS: [&str; 6] = [
    "matrix_multi",
    "expansion_bias",
    "hm_relu",
    "hm_softmax",
    "cross_entropy",
    "forward",
];

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", nn_core::one_sentence(&*e));
            ExitCode::FAILURE
        }
    }
}

fn example(args: &Args) -> Result<Example> {
    let mut ex = if args.random {
        Example::random(args.seed)
    } else {
        Example::lecture()
    };
    if let Some(path) = &args.model {
        let net: Network<f64> = Network::load(path)?;
        ex = ex
            .with_network(&net)
            .map_err(|e| anyhow::anyhow!("--model {}: {e}", path.display()))?;
    }
    if let Some(text) = &args.x {
        let x = parse_matrix(text).map_err(|e| anyhow::anyhow!("--x: {e}"))?;
        if x.ncols() != ex.w[0].nrows() {
            bail!(
                "--x: each row needs {} values (the network's inputs), found {}",
                ex.w[0].nrows(),
                x.ncols()
            );
        }
        if x.nrows() != ex.labels.len() && args.labels.is_none() {
            bail!(
                "--x has {} rows: give --labels with {} class numbers",
                x.nrows(),
                x.nrows()
            );
        }
        ex.x = x;
    }
    if let Some(text) = &args.labels {
        ex.labels = parse_labels(text).map_err(|e| anyhow::anyhow!("--labels: {e}"))?;
    }
    if ex.labels.len() != ex.x.nrows() {
        bail!(
            "--labels: expected {} class numbers (one per row of X), found {}",
            ex.x.nrows(),
            ex.labels.len()
        );
    }
    if let Some(&c) = ex.labels.iter().find(|&&c| c >= ex.classes()) {
        bail!(
            "--labels: class {c} does not exist; the network has {} classes (0 to {})",
            ex.classes(),
            ex.classes() - 1
        );
    }
    Ok(ex)
}

fn write_batch(path: &Path, ex: &Example) -> Result<()> {
    let mut csv: String = (1..=ex.x.ncols()).map(|j| format!("x{j},")).collect();
    csv += "label\n";
    for (i, row) in ex.x.row_iter().enumerate() {
        let cells: Vec<String> = row.iter().map(|v| v.to_string()).collect();
        csv += &format!("{},{}\n", cells.join(","), ex.labels[i]);
    }
    nn_core::write_atomically(path, csv.as_bytes())?;
    Ok(())
}

fn run(args: &Args) -> Result<()> {
    let ex = example(args)?;
    let fns = Fns::choose(args.mine);
    let story = if args.mine {
        match mine::guard(HOMEWORK, &IDS, || steps::forward_steps(&ex, &fns)) {
            Ok(s) => s,
            Err(msg) => bail!("--mine: {msg}"),
        }
    } else {
        steps::forward_steps(&ex, &fns)
    };
    if !args.quiet {
        print!("{}", steps::render(&story, fns.who));
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("could not create --out {}", args.out.display()))?;
    let files = [
        args.out.join("activations.png"),
        args.out.join("model.json"),
        args.out.join("batch.csv"),
    ];
    chart::write_activation_chart(&files[0])?;
    ex.network().save(&files[1])?;
    write_batch(&files[2], &ex)?;
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
    if args.json {
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
