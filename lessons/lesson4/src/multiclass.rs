//! `multiclass`: why one-hot. Points of [−6, 6]² belong to k classes by angle (k equal sectors
//! around the origin, numbered counter-clockwise, so the last class touches class 0). A network
//! with ONE output node predicting the class number (identity output, squared error, rounded)
//! is compared with one output per class (softmax, one-hot targets, cross entropy). The number
//! invents a "closeness": to go from class 0 to class k−1 across their common border, the
//! predicted number must pass through 1, 2, …, so points there are given classes that do not
//! even touch them. One-hot targets put no order on the classes.

use crate::compose::side_by_side;
use crate::fit::{self, tick};
use crate::report::{Report, bar, pct};
use anyhow::Result;
use nalgebra::DMatrix;
use nn_core::{Activation, Architecture, Data, Loss, Network};
use nn_course::settings::Settings;
use nn_data::Dataset;
use nn_plot::{Grid, PlotOptions, TrueBoundary, confusion_matrix, decision_boundary_with_truth};
use std::f64::consts::PI;
use std::path::Path;

// ANCHOR: sectors
/// The class of (x, y) among `k` equal sectors: `⌊θ / (2π/k)⌋` for the angle θ ∈ [0, 2π).
pub fn sector(x: f64, y: f64, k: usize) -> usize {
    let theta = y.atan2(x).rem_euclid(2.0 * PI);
    ((theta / (2.0 * PI / k as f64)) as usize).min(k - 1)
}
// ANCHOR_END: sectors

/// How the classes are predicted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// One output node: the class number, rounded.
    Number,
    /// One output per class: softmax and one-hot targets.
    OneHot,
}

// ANCHOR: multiclass_setup
// ANCHOR: multiclass_targets
/// The network and targets of each approach for `k` classes.
pub fn setup(
    s: &Settings,
    d: &Dataset<f64>,
    k: usize,
    output: Output,
) -> (Architecture, DMatrix<f64>) {
    match output {
        // t_i = the class number, one column; X^K = A^K (identity); L = squared error.
        Output::Number => (
            Architecture {
                sizes: s.sizes(2, 1),
                hidden: s.activation,
                output: Activation::Identity,
                loss: Loss::MeanSquaredError,
            },
            DMatrix::from_fn(d.n(), 1, |i, _| d.labels[i] as f64),
        ),
        // t_i = (0, …, 1, …, 0); X^K = softmax(A^K); L = cross entropy.
        Output::OneHot => (
            Architecture::classifier(&s.sizes(2, k), s.activation),
            d.one_hot(),
        ),
    }
}

// ANCHOR_END: multiclass_targets
// ANCHOR: multiclass_predict
/// The predicted class of each row: the rounded number (clamped to 0…k−1) or the argmax.
pub fn predict(net: &Network<f64>, x: &DMatrix<f64>, k: usize, output: Output) -> Vec<usize> {
    let Ok(out) = net.predict(x) else {
        return vec![0; x.nrows()];
    };
    match output {
        Output::Number => out
            .column(0)
            .iter()
            .map(|v| v.round().clamp(0.0, (k - 1) as f64) as usize)
            .collect(),
        Output::OneHot => nn_core::argmax_rows(&out),
    }
}
// ANCHOR_END: multiclass_predict
// ANCHOR_END: multiclass_setup

/// Mistakes that give a class whose sector does not touch the point's sector (circular
/// distance of the class numbers above 1): only an invented order explains them.
pub fn invented(pred: &[usize], truth: &[usize], k: usize) -> usize {
    pred.iter()
        .zip(truth)
        .filter(|&(&p, &t)| {
            let d = p.abs_diff(t);
            d.min(k - d) > 1
        })
        .count()
}

/// The result of one approach.
#[derive(Debug, Clone)]
pub struct Approach {
    /// Number or one-hot.
    pub output: Output,
    /// The trained network.
    pub net: Network<f64>,
    /// Predicted classes of the test set.
    pub predicted: Vec<usize>,
    /// Test accuracy.
    pub accuracy: f64,
    /// Test mistakes landing on a class that does not touch the point.
    pub invented: usize,
    /// Share of the square [−6, 6]² (a grid of step 0.05) given a class that does not touch it.
    pub invented_area: f64,
}

/// Share of a step-0.05 grid over [−6, 6]² whose predicted class does not touch its sector.
pub fn invented_area(net: &Network<f64>, k: usize, output: Output) -> f64 {
    let grid = nn_data::toy::grid_2d(-6.0, 6.0, 0.05);
    let truth: Vec<usize> = (0..grid.nrows())
        .map(|i| sector(grid[(i, 0)], grid[(i, 1)], k))
        .collect();
    let pred = predict(net, &grid, k, output);
    invented(&pred, &truth, k) as f64 / grid.nrows() as f64
}

/// Trains both approaches on the same k-sector data.
pub fn compare(s: &Settings, k: usize, quiet: bool) -> Result<(Vec<Approach>, Dataset<f64>)> {
    let names: Vec<String> = (0..k).map(|c| format!("class {c}")).collect();
    let refs: Vec<&str> = names.iter().map(|n| n.as_str()).collect();
    let all = nn_data::toy::from_fn_2d(s.n, s.seed, |x, y| sector(x, y, k), &refs);
    let (train, test) = all.split(s.test_fraction, true, s.seed)?;
    let b = bar(quiet, 2 * s.iterations as u64, "number, one-hot");
    let mut out = Vec::new();
    for output in [Output::Number, Output::OneHot] {
        let (arch, t) = setup(s, &train, k, output);
        let mut net = Network::<f64>::new(&arch, s.seed)?;
        let mut opt = s.optimizer.build::<f64>();
        let cfg = nn_core::TrainConfig {
            show_interval: s.iterations,
            ..s.train_config()
        };
        nn_core::train(
            &mut net,
            opt.as_mut(),
            Data { x: &train.x, t: &t },
            None,
            &cfg,
            &mut tick(&b),
        )?;
        let predicted = predict(&net, &test.x, k, output);
        out.push(Approach {
            output,
            accuracy: nn_core::accuracy(&predicted, &test.labels),
            invented: invented(&predicted, &test.labels, k),
            invented_area: invented_area(&net, k, output),
            predicted,
            net,
        });
    }
    b.finish_and_clear();
    Ok((out, test))
}

/// Runs the comparison and writes confusion matrices and boundaries side by side.
pub fn run(s: &Settings, k: usize, out: &Path, quiet: bool) -> Result<Report> {
    let (both, test) = compare(s, k, quiet)?;
    let mut r = Report::default();
    r.say(format!(
        "{k} classes by angle (sectors numbered counter-clockwise: class {} touches class 0)",
        k - 1
    ));
    r.say(format!(
        "with one output node, mistaking class {} for class 0 costs ({})² = {} times the squared error of a \
         mistake by one class: an order the task does not have\n",
        k - 1,
        k - 1,
        (k - 1) * (k - 1)
    ));
    if k == 4 {
        r.say(
            "(with 4 classes the damage is a thin band; --classes 5 or 6 makes it plain to see)\n",
        );
    }
    let mut matrices = Vec::new();
    let mut maps = Vec::new();
    let truth = TrueBoundary::trace(&|x, y| sector(x, y, k), (-6.0, 6.0), (-6.0, 6.0))?;
    for a in &both {
        let (label, key) = match a.output {
            Output::Number => ("one output node (class number, rounded)", "number"),
            Output::OneHot => ("one-hot (softmax, cross entropy)", "one_hot"),
        };
        let errors = test.n() - (a.accuracy * test.n() as f64).round() as usize;
        r.say(format!(
            "{label}: test accuracy {}, {errors} mistakes, {} of them on a class that does not touch the point; \
             {} of the plane is given such a class",
            pct(a.accuracy),
            a.invented,
            pct(a.invented_area)
        ));
        r.summary.push(format!(
            "{key}: test accuracy {}, share of the plane given a class that does not touch it {}",
            pct(a.accuracy),
            pct(a.invented_area)
        ));
        r.set(&format!("{key}_test_accuracy"), a.accuracy);
        r.set(&format!("{key}_invented_errors"), a.invented);
        r.set(&format!("{key}_invented_area"), a.invented_area);
        let cm = nn_core::confusion_matrix(&a.predicted, &test.labels, k);
        let png = out.join(format!("confusion_{key}.png"));
        confusion_matrix(
            &png,
            &cm,
            &test.class_names,
            &PlotOptions::titled(label).size(520, 500),
        )?;
        matrices.push(png);
        let map = out.join(format!("boundary_{key}.png"));
        let predict = |p: &[[f64; 2]]| {
            let x = DMatrix::from_fn(p.len(), 2, |i, j| p[i][j]);
            predict(&a.net, &x, k, a.output)
        };
        decision_boundary_with_truth(
            &map,
            &predict,
            &truth,
            &Grid::square(-6.0, 6.0, 0.05),
            &fit::points(&test),
            &test.labels,
            &test.class_names,
            &PlotOptions::titled(format!("{label}: {}", pct(a.accuracy)))
                .size(560, 500)
                .axes("x", "y")
                .point_size(3),
        )?;
        maps.push(map);
    }
    for (name, parts) in [
        ("multiclass_confusion.png", &matrices),
        ("multiclass_boundaries.png", &maps),
    ] {
        let path = out.join(name);
        let refs: Vec<&Path> = parts.iter().map(|p| p.as_path()).collect();
        side_by_side(&path, &refs)?;
        r.files.extend(parts.iter().cloned());
        r.files.push(path);
    }
    r.set("classes", k);
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sectors_are_numbered_counter_clockwise() {
        assert_eq!(sector(1.0, 0.1, 4), 0);
        assert_eq!(sector(-1.0, 0.1, 4), 1);
        assert_eq!(sector(-1.0, -0.1, 4), 2);
        assert_eq!(sector(1.0, -0.1, 4), 3);
        assert_eq!(sector(1.0, -0.1, 3), 2);
        assert_eq!(invented(&[2, 1, 3, 0], &[0, 0, 0, 0], 4), 1);
    }

    #[test]
    fn one_hot_wins_and_the_number_invents_neighbours() {
        let s = Settings {
            iterations: 3000,
            ..Settings::default()
        };
        let (both, _) = compare(&s, 5, true).unwrap();
        let (number, one_hot) = (&both[0], &both[1]);
        assert!(one_hot.accuracy > 0.93, "{}", one_hot.accuracy);
        assert!(
            one_hot.accuracy > number.accuracy + 0.05,
            "{} vs {}",
            one_hot.accuracy,
            number.accuracy
        );
        assert!(number.invented >= one_hot.invented);
        assert!(
            number.invented_area > 0.004 && one_hot.invented_area < number.invented_area / 3.0,
            "{} vs {}",
            number.invented_area,
            one_hot.invented_area
        );
    }
}
