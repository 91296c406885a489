//! `boundary`: the lecture's `drawing_by_python` — the trained network evaluated on a grid over
//! [−6, 6]² (step 1, then 0.05), the (x, y, label) rows written to `circle_.csv`, and the grid
//! drawn label 0 blue, 1 orange with point size 20, then 1. "This is where you should feel the
//! thrill": the circle appears.

use crate::fit::{self, classify, points};
use crate::report::{Report, bar, pct};
use anyhow::{Result, bail};
use nn_core::{Activation, Architecture, Network};
use nn_course::settings::Settings;
use nn_plot::{Grid, PlotOptions, decision_boundary_with_truth, scatter_with_truth};
use std::path::Path;

/// The grid steps and point sizes the lecture walks through.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryOptions {
    /// The first grid step (the lecture's `x += 1`).
    pub coarse_step: f64,
    /// The finer grid step (the lecture's change to 0.05).
    pub fine_step: f64,
    /// matplotlib's `s` (area in points²): 20, then 1.
    pub point_sizes: (f64, f64),
}

impl Default for BoundaryOptions {
    fn default() -> Self {
        BoundaryOptions {
            coarse_step: 1.0,
            fine_step: 0.05,
            point_sizes: (20.0, 1.0),
        }
    }
}

/// Most grid points accepted (nn-plot's limit).
const MAX_GRID: f64 = 4_000_000.0;

impl BoundaryOptions {
    /// Checks the steps and sizes, naming the flag of the first bad one.
    pub fn validate(&self) -> Result<(), String> {
        for (flag, step) in [
            ("--coarse-step", self.coarse_step),
            ("--fine-step", self.fine_step),
        ] {
            if !(step.is_finite() && step > 0.0 && step <= 12.0) {
                return Err(format!(
                    "{flag} must be a number above 0 and at most 12, got {step}"
                ));
            }
            let points = (12.0 / step + 1.0).floor().powi(2);
            if points > MAX_GRID {
                return Err(format!(
                    "{flag} {step} gives {points} grid points, more than {MAX_GRID}; use 0.006 or more"
                ));
            }
        }
        let (a, b) = self.point_sizes;
        if ![a, b]
            .iter()
            .all(|s| s.is_finite() && *s > 0.0 && *s <= 10_000.0)
        {
            return Err(format!(
                "--point-sizes must be two numbers above 0 and at most 10000, got {a},{b}"
            ));
        }
        Ok(())
    }
}

/// matplotlib's marker size `s` (area in points²) as a dot radius in pixels at 100 dpi.
pub fn radius_px(s: f64) -> u32 {
    ((s / std::f64::consts::PI).sqrt() * 100.0 / 72.0)
        .round()
        .max(1.0) as u32
}

// ANCHOR: drawing_by_python
/// The grid over [−6, 6]² with spacing `step` (x outer, y inner, as the lecture's loops) and
/// the network's label of every point: 1 = inside, 0 = outside.
pub fn label_grid(net: &Network<f64>, step: f64) -> (Vec<[f64; 2]>, Vec<usize>) {
    let grid = nn_data::toy::grid_2d(-6.0, 6.0, step);
    let pts: Vec<[f64; 2]> = (0..grid.nrows())
        .map(|i| [grid[(i, 0)], grid[(i, 1)]])
        .collect();
    let labels = classify(net, &pts);
    (pts, labels)
}

/// The lecture's `outputfile`: one `x, y, label` row per grid point (with a header line).
pub fn grid_csv(pts: &[[f64; 2]], labels: &[usize]) -> String {
    let mut csv = String::from("x,y,label\n");
    for (p, l) in pts.iter().zip(labels) {
        csv += &format!("{},{},{l}\n", round(p[0]), round(p[1]));
    }
    csv
}
// ANCHOR_END: drawing_by_python

/// Grid coordinates without the float noise of repeated additions (−5.95, not −5.9500000001).
fn round(v: f64) -> f64 {
    (v * 1e9).round() / 1e9
}

/// Trains the lecture's network on the circle task and draws its decision boundary four ways.
pub fn run(s: &Settings, o: &BoundaryOptions, out: &Path, quiet: bool) -> Result<Report> {
    let (train, test) = fit::circle(s)?;
    let arch = Architecture::classifier(&s.sizes(2, 2), s.activation);
    let b = bar(quiet, s.iterations as u64, "training");
    let f = fit::fit(s, &arch, &train, Some(&test), &b)?;
    b.finish_and_clear();
    let mut r = Report::default();
    r.summary.push(format!(
        "circle of radius {}: train accuracy {}, test accuracy {}",
        s.radius,
        pct(f.train_accuracy()),
        pct(f.test_accuracy())
    ));
    let names = vec!["outside (0)".to_string(), "inside (1)".to_string()];
    let side = |step: f64, size: f64| {
        PlotOptions::titled(format!("grid step {step}, point size {size}"))
            .size(640, 560)
            .axes("x", "y")
            .ranges((-6.3, 6.3), (-6.3, 6.3))
            .equal_aspect(true)
            .point_size(radius_px(size))
    };
    let (s_big, s_small) = o.point_sizes;
    let truth = fit::circle_truth(s.radius)?;
    // Both grids are labelled (and checked) before the first file is written.
    let mut grids = Vec::new();
    for (step, sizes, csv_name) in [
        (o.coarse_step, vec![s_big], "circle_.csv"),
        (o.fine_step, vec![s_big, s_small], "circle_fine.csv"),
    ] {
        let (pts, labels) = label_grid(&f.net, step);
        if pts.is_empty() {
            bail!("a grid step of {step} gives no grid points");
        }
        grids.push((step, sizes, csv_name, pts, labels));
    }
    for (step, sizes, csv_name, pts, labels) in grids {
        let inside = labels.iter().filter(|&&l| l == 1).count() as f64 / pts.len() as f64;
        let csv = out.join(csv_name);
        nn_core::write_atomically(&csv, grid_csv(&pts, &labels).as_bytes())?;
        r.files.push(csv);
        for size in sizes {
            let png = out.join(format!("boundary_step{step}_s{size}.png"));
            scatter_with_truth(&png, &pts, &labels, &names, &truth, &side(step, size))?;
            r.files.push(png);
        }
        r.say(format!(
            "grid step {step}: {} points, {} of them labelled inside",
            pts.len(),
            pct(inside)
        ));
        if step == o.fine_step {
            let area = inside * 144.0;
            let circle = std::f64::consts::PI * s.radius * s.radius;
            r.summary.push(format!(
                "area labelled inside: {area:.1} (the circle's is πr² = {circle:.1})"
            ));
            r.set("inside_area", area);
            r.set("circle_area", circle);
        }
        r.set(
            if step == o.coarse_step {
                "coarse_grid_points"
            } else {
                "fine_grid_points"
            },
            pts.len(),
        );
    }
    let png = out.join("decision_boundary.png");
    let opts = PlotOptions::titled(format!(
        "decision boundary ({}), test set on top",
        if s.activation == Activation::Relu {
            "ReLU"
        } else {
            s.activation.name()
        }
    ))
    .size(640, 560)
    .axes("x", "y")
    .point_size(3);
    let predict = |p: &[[f64; 2]]| classify(&f.net, p);
    decision_boundary_with_truth(
        &png,
        &predict,
        &truth,
        &Grid::square(-6.0, 6.0, 0.05),
        &points(&test),
        &test.labels,
        &names,
        &opts,
    )?;
    r.files.push(png);
    r.set("train_accuracy", f.train_accuracy());
    r.set("test_accuracy", f.test_accuracy());
    r.set("final_loss", f.final_loss());
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_csv_follow_the_lecture() {
        assert_eq!(radius_px(20.0), 4);
        assert_eq!(radius_px(1.0), 1);
        assert_eq!(grid_csv(&[[-6.0, -5.0]], &[1]), "x,y,label\n-6,-5,1\n");
        assert_eq!(BoundaryOptions::default().validate(), Ok(()));
        let bad = BoundaryOptions {
            fine_step: 0.0001,
            ..Default::default()
        };
        assert!(bad.validate().unwrap_err().contains("--fine-step"));
    }

    #[test]
    fn the_boundary_is_the_circle() {
        let s = Settings {
            iterations: 3000,
            ..Settings::default()
        };
        let dir = tempfile::tempdir().unwrap();
        let o = BoundaryOptions {
            fine_step: 0.25,
            ..Default::default()
        };
        let r = run(&s, &o, dir.path(), true).unwrap();
        assert!(
            r.json["test_accuracy"].as_f64().unwrap() > 0.93,
            "{:?}",
            r.json
        );
        let area = r.json["inside_area"].as_f64().unwrap();
        assert!((area - 28.3).abs() < 6.0, "{area}");
        let csv = std::fs::read_to_string(dir.path().join("circle_.csv")).unwrap();
        assert_eq!(csv.lines().count(), 1 + 169);
        assert!(csv.contains("\n0,0,1\n"), "the centre is inside");
        assert!(csv.contains("\n-6,-6,0\n"), "the corner is outside");
        assert_eq!(r.files.len(), 6);
    }
}
