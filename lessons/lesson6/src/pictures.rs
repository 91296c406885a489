//! The pictures of a run: curves, digits with predictions, the mistakes, the first layer's
//! weights, the confusion matrix.

use crate::data::Loaded;
use crate::run::Outcome;
use anyhow::{Context, Result};
use nn_plot::{PlotOptions, Series};
use std::path::{Path, PathBuf};

/// How many digits each grid shows.
pub const GRID: usize = 40;

fn opts(title: &str, width: u32, height: u32) -> PlotOptions {
    PlotOptions {
        title: title.into(),
        width,
        height,
        ..PlotOptions::default()
    }
}

/// Writes every picture of `outcome` into `dir` and returns their paths.
pub fn draw_all(dir: &Path, data: &Loaded, outcome: &Outcome) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut written = Vec::new();
    let test = &data.test;

    let path = dir.join("curves.png");
    let per_epoch = |f: &dyn Fn(&crate::run::EpochRecord) -> f64| -> Vec<(f64, f64)> {
        outcome
            .epochs
            .iter()
            .map(|r| (r.epoch as f64, f(r)))
            .collect()
    };
    let loss = [
        Series::new("train loss", per_epoch(&|r| r.train_loss)),
        Series::new("test loss", per_epoch(&|r| r.test_loss)),
    ];
    let accuracy = [
        Series::new("train accuracy", per_epoch(&|r| r.train_accuracy)),
        Series::new("test accuracy", per_epoch(&|r| r.test_accuracy)),
    ];
    let mut o = opts("Loss and accuracy per epoch", 1100, 420);
    o.x_label = "epoch".into();
    let o = o.panel_labels("cross entropy", "accuracy");
    nn_plot::loss_accuracy(&path, &loss, &accuracy, &o)?;
    written.push(path);

    let n = GRID.min(test.n());
    let images: Vec<Vec<f32>> = (0..n).map(|i| test.image(i)).collect();
    let path = dir.join("predictions.png");
    nn_plot::prediction_grid(
        &path,
        &images,
        28,
        28,
        &test.labels[..n],
        &outcome.predicted[..n],
        &opts("The first test images and the network's answers", 900, 560),
    )?;
    written.push(path);

    let wrong: Vec<usize> = (0..test.n())
        .filter(|&i| test.labels[i] != outcome.predicted[i])
        .collect();
    if !wrong.is_empty() {
        let shown = &wrong[..GRID.min(wrong.len())];
        let images: Vec<Vec<f32>> = shown.iter().map(|&i| test.image(i)).collect();
        let truth: Vec<usize> = shown.iter().map(|&i| test.labels[i]).collect();
        let predicted: Vec<usize> = shown.iter().map(|&i| outcome.predicted[i]).collect();
        let path = dir.join("misclassified.png");
        nn_plot::misclassified_grid(
            &path,
            &images,
            28,
            28,
            &truth,
            &predicted,
            wrong.len(),
            &opts("Misclassified test images", 900, 560),
        )?;
        written.push(path);
    }

    // W¹ is 784×width, column-major: column j (the weights into hidden unit j) is one 28×28 tile.
    let w1 = &outcome.net.layers[0].w;
    let units = w1.ncols().min(100);
    let path = dir.join("weights.png");
    nn_plot::weight_tiles_column_major(
        &path,
        &w1.as_slice()[..784 * units],
        784,
        28,
        28,
        &opts("First layer: the weights into each hidden unit", 900, 960),
    )?;
    written.push(path);

    let matrix =
        nn_core::confusion_matrix(&outcome.predicted, &test.labels, data.class_names.len());
    let path = dir.join("confusion.png");
    nn_plot::confusion_matrix(
        &path,
        &matrix,
        &data.class_names,
        &opts(
            "Confusion matrix (rows: true, columns: predicted)",
            820,
            760,
        ),
    )?;
    written.push(path);
    Ok(written)
}
