//! The lesson's pictures: the test set as the network classifies it, the loss/accuracy curves, and
//! the decision boundary over [−6, 6]².

use crate::learn::Outcome;
use anyhow::Result;
use nalgebra::DMatrix;
use nn_core::{History, Network};
use nn_plot::{
    Grid, PlotOptions, Series, TrueBoundary, decision_boundary_with_truth, loss_accuracy, scatter,
};
use std::path::{Path, PathBuf};

/// The rows of an n×2 matrix as points.
pub fn points(x: &DMatrix<f64>) -> Vec<[f64; 2]> {
    x.row_iter().map(|r| [r[0], r[1]]).collect()
}

/// The network as a classifier of 2-D points (for [`nn_plot::decision_boundary`]); an empty answer if the
/// network does not take 2 inputs, which the plot reports as an error.
pub fn classifier(net: &Network<f64>) -> impl Fn(&[[f64; 2]]) -> Vec<usize> + '_ {
    move |pts: &[[f64; 2]]| {
        let x = DMatrix::from_fn(pts.len(), 2, |i, j| pts[i][j]);
        net.classify(&x).unwrap_or_default()
    }
}

/// Train and test loss and accuracy as (iteration, value) series: `(loss, accuracy)`.
pub fn history_series(history: &History) -> (Vec<Series>, Vec<Series>) {
    let pick = |f: &dyn Fn(&nn_core::Record) -> Option<f64>| -> Vec<(f64, f64)> {
        history
            .records
            .iter()
            .filter_map(|r| f(r).map(|v| (r.iteration as f64, v)))
            .collect()
    };
    let loss = vec![
        Series::new("train", pick(&|r| Some(r.train_loss))),
        Series::new("test", pick(&|r| r.test_loss)),
    ];
    let accuracy = vec![
        Series::new("train", pick(&|r| Some(r.train_accuracy))),
        Series::new("test", pick(&|r| r.test_accuracy)),
    ];
    let keep = |v: Vec<Series>| v.into_iter().filter(|s| !s.points.is_empty()).collect();
    (keep(loss), keep(accuracy))
}

/// Writes `circle_test.png`, `circle_curves.png` and `circle_boundary.png` into `out`; returns
/// their paths.
pub fn write_pictures(out: &Path, o: &Outcome) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out).map_err(|e| {
        anyhow::anyhow!("cannot create the output directory {}: {e}", out.display())
    })?;
    let names = &o.test.class_names;
    let pts = points(&o.test.x);
    let predicted = o.net.classify(&o.test.x)?;
    let wrong = predicted
        .iter()
        .zip(&o.test.labels)
        .filter(|(p, t)| p != t)
        .count();
    let square = ((-6.0, 6.0), (-6.0, 6.0));

    let test_png = out.join("circle_test.png");
    let title = format!(
        "Test set as the network classifies it ({wrong} of {} wrong)",
        pts.len()
    );
    let opts = PlotOptions::titled(title)
        .axes("x", "y")
        .ranges(square.0, square.1)
        .equal_aspect(true);
    scatter(&test_png, &pts, &predicted, names, &opts)?;

    let curves_png = out.join("circle_curves.png");
    let (loss, accuracy) = history_series(&o.history);
    let opts = PlotOptions::titled("Circle task: loss and accuracy from iteration 0")
        .size(1100, 450)
        .axes("iteration", "")
        .panel_labels("cross entropy (log scale)", "accuracy")
        .log_y(true);
    loss_accuracy(&curves_png, &loss, &accuracy, &opts)?;

    let boundary_png = out.join("circle_boundary.png");
    let predict = classifier(&o.net);
    let opts = PlotOptions::titled("Decision boundary (grid step 0.05) and the test set")
        .axes("x", "y")
        .point_size(3);
    let radius = o.radius;
    let rule = |x: f64, y: f64| nn_data::toy::judge_circle(x, y, radius);
    let truth = TrueBoundary::trace(&rule, (-6.0, 6.0), (-6.0, 6.0))?;
    decision_boundary_with_truth(
        &boundary_png,
        &predict,
        &truth,
        &Grid::square(-6.0, 6.0, 0.05),
        &pts,
        &o.test.labels,
        names,
        &opts,
    )?;
    Ok(vec![test_png, curves_png, boundary_png])
}
