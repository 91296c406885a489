//! Lesson 1's own flags: which X, labels and weights the forward pass runs on.

use anyhow::{Result, bail};
use nn_core::Network;
use nn_course::example::{Example, parse_labels, parse_matrix};
use std::path::{Path, PathBuf};

/// The inputs of the worked example, each replaceable from the command line.
#[derive(Debug, Clone, clap::Args)]
pub struct Inputs {
    /// Draw the weights and inputs at random (from --seed) instead of the lecture's numbers.
    #[arg(long)]
    pub random: bool,
    /// The input X: rows separated by ';', values by ',', e.g. "1,2; -1,0.5".
    #[arg(long, value_name = "ROWS")]
    pub x: Option<String>,
    /// The class of each row of X, e.g. "1,0" (needed when --x changes the number of rows).
    #[arg(long, value_name = "CLASSES")]
    pub labels: Option<String>,
    /// Take W and b from an nn-core model file (ReLU hidden layers, softmax output), such as the
    /// out/lesson1/model.json this lesson writes.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
}

impl Inputs {
    /// The lecture's example (or a random one from `seed`), with the flags' X, labels and model,
    /// every value checked and named by its flag.
    pub fn example(&self, seed: u64) -> Result<Example> {
        let args = self;
        let mut ex = if args.random {
            Example::random(seed)
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
}

/// Writes the mini-batch as a CSV (`x1,…,label`), atomically.
pub fn write_batch(path: &Path, ex: &Example) -> Result<()> {
    let mut csv: String = (1..=ex.x.ncols()).map(|j| format!("x{j},")).collect();
    csv += "label\n";
    for (i, row) in ex.x.row_iter().enumerate() {
        let cells: Vec<String> = row.iter().map(|v| v.to_string()).collect();
        csv += &format!("{},{}\n", cells.join(","), ex.labels[i]);
    }
    nn_core::write_atomically(path, csv.as_bytes())?;
    Ok(())
}
