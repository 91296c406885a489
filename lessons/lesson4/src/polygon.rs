//! `polygon`: why a ReLU network's decision boundary is a polygon.
//!
//! First-layer unit j computes `a_j = x w₁ⱼ + y w₂ⱼ + bⱼ` and `h(a_j) = max(0, a_j)`: it is off
//! on one side of the line `a_j = 0` and linear on the other. Between the lines, where no unit
//! switches, every layer is linear, so the whole network — and the difference of its two output
//! scores, whose sign is the class — is an affine function of `(x, y)`. Its zero set, the
//! boundary, is therefore straight inside every region the lines cut out, and can only bend
//! where it crosses a line (with more hidden layers, deeper units add bends of their own). The
//! experiment trains the lecture's network with one hidden layer of 8 ReLU units and draws the
//! boundary with the 8 lines over it.

use crate::fit;
use crate::report::{Report, bar, pct};
use anyhow::{Result, bail};
use nn_core::{Activation, Architecture, DMatrix, Network};
use nn_course::settings::Settings;
use nn_plot::{Grid, PlotOptions, TrueBoundary, UnitLine, boundary_with_unit_lines};
use std::path::Path;

/// The lecture's settings with one hidden layer of 8 units.
pub fn defaults() -> Settings {
    Settings {
        hidden: vec![8],
        ..Settings::default()
    }
}

/// The lines `A_j = 0` of every first-layer unit: `x W¹₁ⱼ + y W¹₂ⱼ + b¹ⱼ = 0`.
pub fn unit_lines(net: &Network<f64>) -> Vec<UnitLine> {
    let first = &net.layers[0];
    (0..first.outputs())
        .map(|j| UnitLine {
            w1: first.w[(0, j)],
            w2: first.w[(1, j)],
            b: first.b[j],
        })
        .collect()
}

/// Which first-layer units are on (`A_j > 0`) at point `p`: the region of `p`.
pub fn region(net: &Network<f64>, p: (f64, f64)) -> Vec<bool> {
    unit_lines(net)
        .iter()
        .map(|l| p.0 * l.w1 + p.1 * l.w2 + l.b > 0.0)
        .collect()
}

/// The class of one point.
fn class(net: &Network<f64>, p: (f64, f64)) -> usize {
    fit::classify(net, &[[p.0, p.1]])[0]
}

/// Points of the decision boundary: along `rays` rays from `centre`, the first change of class
/// found by bisection (to 10⁻¹⁰), up to distance `reach`; rays without a change are skipped.
pub fn boundary_points(
    net: &Network<f64>,
    centre: (f64, f64),
    reach: f64,
    rays: usize,
) -> Vec<(f64, f64)> {
    let inside = class(net, centre);
    let at = |t: f64, (c, s): (f64, f64)| (centre.0 + t * c, centre.1 + t * s);
    (0..rays)
        .filter_map(|k| {
            let angle = std::f64::consts::TAU * k as f64 / rays as f64;
            let dir = (angle.cos(), angle.sin());
            let steps = 600;
            let outside = (1..=steps)
                .map(|i| reach * i as f64 / steps as f64)
                .find(|&t| class(net, at(t, dir)) != inside)?;
            let (mut lo, mut hi) = (outside - reach / steps as f64, outside);
            while hi - lo > 1e-10 {
                let mid = (lo + hi) / 2.0;
                if class(net, at(mid, dir)) == inside {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            Some(at((lo + hi) / 2.0, dir))
        })
        .collect()
}

/// How many times the closed path `edge` passes from one region of the lines to another
/// (counting the step from its last point back to the first): the number of straight pieces.
pub fn region_changes(net: &Network<f64>, edge: &[(f64, f64)]) -> usize {
    let regions: Vec<Vec<bool>> = edge.iter().map(|&p| region(net, p)).collect();
    (0..regions.len())
        .filter(|&k| regions[k] != regions[(k + 1) % regions.len()])
        .count()
}

/// Twice the area of the triangle (p, q, r): 0 when the three points lie on one line.
pub fn turn(p: (f64, f64), q: (f64, f64), r: (f64, f64)) -> f64 {
    (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0)
}

/// Checks the flags: one hidden layer of ReLU units.
pub fn check(s: &Settings) -> Result<()> {
    if s.hidden.len() != 1 || s.activation != Activation::Relu {
        bail!(
            "polygon needs one hidden layer of ReLU units (e.g. --hidden 8 --activation relu), got --hidden {:?} --activation {}",
            s.hidden,
            s.activation.name()
        );
    }
    Ok(())
}

/// Trains the network, counts the regions the boundary passes through, and draws it with the
/// units' lines and the true circle.
pub fn run(s: &Settings, out: &Path, quiet: bool) -> Result<Report> {
    check(s)?;
    let (train, test) = fit::circle(s)?;
    let arch = Architecture::classifier(&s.sizes(2, 2), Activation::Relu);
    let b = bar(quiet, s.iterations as u64, "polygon");
    let f = fit::fit(s, &arch, &train, Some(&test), &b)?;
    b.finish_and_clear();
    let lines = unit_lines(&f.net);
    let edge = boundary_points(&f.net, (0.0, 0.0), 6.0 * 2f64.sqrt(), 720);
    let changes = region_changes(&f.net, &edge);
    let mut r = Report::default();
    r.say(format!(
        "network {:?} (ReLU), {} iterations, seed {}: test accuracy {}",
        s.sizes(2, 2),
        s.iterations,
        s.seed,
        pct(f.test_accuracy())
    ));
    r.say("first-layer units' lines x·w1 + y·w2 + b = 0:");
    for (j, l) in lines.iter().enumerate() {
        r.say(format!(
            "  unit {}: {:+.3}·x {:+.3}·y {:+.3} = 0",
            j + 1,
            l.w1,
            l.w2,
            l.b
        ));
    }
    r.summary.push(format!(
        "the boundary crosses a unit's line {} times: a polygon of at most as many sides",
        changes
    ));
    let png = out.join("polygon.png");
    let radius = s.radius;
    let truth = TrueBoundary::trace(
        &|x, y| usize::from(x * x + y * y < radius * radius),
        (-6.0, 6.0),
        (-6.0, 6.0),
    )?;
    let predict = |pts: &[[f64; 2]]| fit::classify(&f.net, pts);
    let names = ["outside (0)".to_string(), "inside (1)".to_string()];
    boundary_with_unit_lines(
        &png,
        &predict,
        &Grid::square(-6.0, 6.0, 0.05),
        &lines,
        Some(&truth),
        &names,
        &PlotOptions::titled(format!(
            "{} ReLU units: the boundary is straight between their lines",
            s.hidden[0]
        ))
        .axes("x", "y")
        .size(780, 560),
    )?;
    r.files.push(png);
    r.set("test_accuracy", f.test_accuracy());
    r.set("region_changes", changes);
    Ok(r)
}

/// The two output scores' difference `X²₁ − X²₀` before softmax (the network's logit gap),
/// computed by hand from the layers: `max(0, X W¹ + b¹) W² + b²`.
pub fn logit_gap(net: &Network<f64>, p: (f64, f64)) -> f64 {
    let x = DMatrix::from_row_slice(1, 2, &[p.0, p.1]);
    let (l1, l2) = (&net.layers[0], &net.layers[1]);
    let mut a = &x * &l1.w + &l1.b;
    a.apply(|v| *v = v.max(0.0));
    let out = &a * &l2.w + &l2.b;
    out[(0, 1)] - out[(0, 0)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trained() -> Network<f64> {
        let s = Settings {
            iterations: 3000,
            n: 500,
            ..defaults()
        };
        let (train, test) = fit::circle(&s).unwrap();
        let arch = Architecture::classifier(&s.sizes(2, 2), Activation::Relu);
        let b = indicatif::ProgressBar::hidden();
        fit::fit(&s, &arch, &train, Some(&test), &b).unwrap().net
    }

    #[test]
    fn the_boundary_is_straight_inside_a_region_and_bends_only_between_regions() {
        let net = trained();
        let edge = boundary_points(&net, (0.0, 0.0), 6.0 * 2f64.sqrt(), 720);
        assert!(edge.len() > 600, "the boundary goes around the centre");
        let (mut straight, mut bends) = (0, 0);
        for k in 0..edge.len() {
            let (p, q, r) = (
                edge[k],
                edge[(k + 1) % edge.len()],
                edge[(k + 2) % edge.len()],
            );
            let same = region(&net, p) == region(&net, q) && region(&net, q) == region(&net, r);
            let t = turn(p, q, r).abs();
            if same {
                straight += 1;
                assert!(
                    t < 1e-7,
                    "three boundary points in one region are not on a line: {t}"
                );
            } else if t > 1e-4 {
                bends += 1;
            }
        }
        assert!(straight > 500, "{straight}");
        assert!(
            bends >= 3,
            "a closed boundary around the centre bends: {bends}"
        );
    }

    #[test]
    fn the_network_is_affine_between_the_lines() {
        let net = trained();
        // Two points of one region: the logit gap at their midpoint is the mean of theirs.
        let mut checked = 0;
        for k in 0..200 {
            let a = ((k % 20) as f64 * 0.6 - 6.0, (k / 20) as f64 * 1.2 - 6.0);
            let b = (a.0 + 0.3, a.1 + 0.2);
            let m = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
            if region(&net, a) == region(&net, b) && region(&net, a) == region(&net, m) {
                let mean = (logit_gap(&net, a) + logit_gap(&net, b)) / 2.0;
                assert!((logit_gap(&net, m) - mean).abs() < 1e-9);
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked}");
        // The hand-computed gap has the sign of the network's class.
        for p in [(0.0, 0.0), (5.0, 5.0), (-2.0, 1.0)] {
            assert_eq!(usize::from(logit_gap(&net, p) > 0.0), class(&net, p));
        }
    }

    #[test]
    fn two_hidden_layers_or_tanh_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        for s in [
            Settings {
                hidden: vec![8, 8],
                ..defaults()
            },
            Settings {
                activation: Activation::Tanh,
                ..defaults()
            },
        ] {
            let e = run(&s, dir.path(), true).unwrap_err().to_string();
            assert!(e.contains("one hidden layer of ReLU"), "{e}");
        }
    }
}
