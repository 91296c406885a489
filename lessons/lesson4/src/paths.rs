//! `paths`: the optimizers' steps on a long narrow valley, `f(w) = w₁²/20 + w₂²` (the picture of
//! *Deep Learning from Scratch*, §6.1), taken by nn-core's own optimizers through the one
//! training loop.
//!
//! The valley is the loss of a real network: one linear unit `y = x₁w₁ + x₂w₂ + b` (identity
//! output, mean squared error `L = (1/2n) Σ (y − t)²`) on four instances
//! `(±√0.2, 0)` and `(0, ±2)` with targets 0. Then `L = (0.2w₁² + 4w₂²)/4 = w₁²/20 + w₂²`
//! exactly, `b` stays 0 (its gradient is the mean of the outputs, 0 by symmetry), and
//! `nn_core::train_with` in batch mode walks `(w₁, w₂)` downhill.

use anyhow::{Result, bail};
use nn_core::{
    Activation, DMatrix, Data, Dense, Loss, Mode, Network, OptimizerKind, Reference, RowDVector,
    Schedule, TrainConfig,
};
use nn_plot::{PlotOptions, Walk, surface_walks};
use std::path::Path;

use crate::report::Report;

/// The valley `f(w₁, w₂) = w₁²/20 + w₂²`.
pub fn valley(w1: f64, w2: f64) -> f64 {
    w1 * w1 / 20.0 + w2 * w2
}

/// Where every walk starts: `(w₁, w₂) = (−7, 2)`, as in *Deep Learning from Scratch*.
pub const START: (f64, f64) = (-7.0, 2.0);

/// The four instances `X` (rows `(±√0.2, 0)`, `(0, ±2)`) and targets `T = 0` whose mean squared
/// error is [`valley`].
pub fn valley_data() -> (DMatrix<f64>, DMatrix<f64>) {
    let a = 0.2f64.sqrt();
    let x = DMatrix::from_row_slice(4, 2, &[a, 0.0, -a, 0.0, 0.0, 2.0, 0.0, -2.0]);
    (x, DMatrix::zeros(4, 1))
}

/// The linear unit with weights `w = (w₁, w₂)ᵀ` and bias 0.
pub fn unit_at(w: (f64, f64)) -> Result<Network<f64>> {
    let layer = Dense::from_parameters(
        DMatrix::from_column_slice(2, 1, &[w.0, w.1]),
        RowDVector::zeros(1),
        Activation::Identity,
    );
    Ok(Network::from_layers(vec![layer], Loss::MeanSquaredError)?)
}

/// The points `w_0 = START, w_1, …, w_steps` that optimizer `kind` with learning rate `eta`
/// visits, trained by `nn_core::train_with` (batch mode, constant η).
pub fn walk(kind: OptimizerKind, eta: f64, steps: usize) -> Result<Vec<(f64, f64)>> {
    let (x, t) = valley_data();
    let mut net = unit_at(START)?;
    let mut opt = kind.build::<f64>();
    let cfg = TrainConfig {
        mode: Mode::Batch,
        iterations: steps,
        show_interval: 0,
        schedule: Schedule::Constant { eta },
        seed: 0,
        weight_decay: 0.0,
    };
    let mut points = vec![START];
    nn_core::train_with(
        &mut net,
        opt.as_mut(),
        &mut Reference,
        Data { x: &x, t: &t },
        None,
        &cfg,
        &mut |_, n| points.push((n.layers[0].w[0], n.layers[0].w[1])),
    )?;
    Ok(points)
}

/// Length of the path `Σ ‖w_(k+1) − w_k‖`.
pub fn length(points: &[(f64, f64)]) -> f64 {
    points
        .windows(2)
        .map(|p| ((p[1].0 - p[0].0).powi(2) + (p[1].1 - p[0].1).powi(2)).sqrt())
        .sum()
}

/// How many times `w₂` changes sign along the path: the zig-zags across the valley.
pub fn crossings(points: &[(f64, f64)]) -> usize {
    points.windows(2).filter(|p| p[0].1 * p[1].1 < 0.0).count()
}

/// Checks the flags: one positive η per optimizer, 1 to 1000 steps.
pub fn check(kinds: &[OptimizerKind], etas: &[f64], steps: usize) -> Result<()> {
    if kinds.is_empty() || kinds.len() != etas.len() {
        bail!(
            "--optimizers and --etas must name the same number of values (one η per optimizer), got {} and {}",
            kinds.len(),
            etas.len()
        );
    }
    if let Some(e) = etas.iter().find(|e| !(e.is_finite() && **e > 0.0)) {
        bail!("--etas must be positive numbers, got {e}");
    }
    if !(1..=1000).contains(&steps) {
        bail!("--steps must be between 1 and 1000, got {steps}");
    }
    Ok(())
}

/// Runs every optimizer `kinds[i]` with `etas[i]` for `steps` steps and draws the paths.
pub fn run(kinds: &[OptimizerKind], etas: &[f64], steps: usize, out: &Path) -> Result<Report> {
    check(kinds, etas, steps)?;
    let mut r = Report::default();
    r.say(format!(
        "f(w) = w1²/20 + w2², from w = ({}, {}), {steps} steps of nn_core::train_with (batch)\n",
        START.0, START.1
    ));
    r.say(format!(
        "{:<9} {:>6} {:>14} {:>12} {:>16}",
        "optimizer", "η", "path length", "final f(w)", "w2 sign changes"
    ));
    let mut walks = Vec::new();
    let mut rows = Vec::new();
    for (&kind, &eta) in kinds.iter().zip(etas) {
        let points = walk(kind, eta, steps)?;
        let end = *points.last().expect("the start is always there");
        let (len, f, zig) = (length(&points), valley(end.0, end.1), crossings(&points));
        r.say(format!(
            "{:<9} {:>6} {:>14.2} {:>12.4} {:>16}",
            kind.name(),
            eta,
            len,
            f,
            zig
        ));
        rows.push(serde_json::json!({
            "optimizer": kind.name(), "eta": eta, "path_length": len,
            "final_value": f, "sign_changes": zig,
        }));
        walks.push(Walk {
            name: format!("{} (η = {eta})", kind.name()),
            points,
        });
    }
    let png = out.join("paths.png");
    surface_walks(
        &png,
        &valley,
        (0.0, 0.0),
        &walks,
        &PlotOptions::titled(format!(
            "{steps} steps on f(w) = w₁²/20 + w₂² from ({}, {}); × marks the minimum",
            START.0, START.1
        ))
        .axes("w₁", "w₂")
        .ranges((-10.0, 10.0), (-5.0, 5.0))
        .size(1000, 320 * kinds.len().div_ceil(2) as u32 + 50),
    )?;
    r.files.push(png);
    r.set("paths", rows);
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use OptimizerKind::*;

    #[test]
    fn the_network_loss_is_the_valley() {
        let (x, t) = valley_data();
        for w in [(-7.0, 2.0), (3.0, -0.5), (0.0, 0.0)] {
            let mut net = unit_at(w).unwrap();
            net.forward(&x).unwrap();
            let l = net.loss_value(&t);
            assert!((l - valley(w.0, w.1)).abs() < 1e-12, "{w:?}: {l}");
        }
    }

    #[test]
    fn sgd_zig_zags_momentum_overshoots_and_both_arrive() {
        let sgd = walk(Sgd, 0.95, 30).unwrap();
        let momentum = walk(Momentum, 0.1, 30).unwrap();
        let adam = walk(Adam, 0.3, 30).unwrap();
        // SGD: w₂ ← (1 − 2η) w₂ = −0.9 w₂ flips sign at every step.
        assert_eq!(crossings(&sgd), 30);
        // Momentum rolls past the minimum along the valley floor: w₁ goes beyond 0.
        assert!(momentum.iter().any(|p| p.0 > 0.5), "{momentum:?}");
        // SGD's zig-zag path is the longest way down.
        assert!(
            length(&sgd) > length(&momentum),
            "{} {}",
            length(&sgd),
            length(&momentum)
        );
        assert!(length(&sgd) > length(&adam));
        // AdaGrad damps the steep direction at once: the shortest path, the lowest end.
        let adagrad = walk(AdaGrad, 1.5, 30).unwrap();
        let end = |p: &[(f64, f64)]| {
            let e = p[p.len() - 1];
            valley(e.0, e.1)
        };
        for other in [&sgd, &momentum, &adam] {
            assert!(length(&adagrad) < length(other) && end(&adagrad) < end(other));
        }
        for p in [&sgd, &momentum, &adam] {
            let end = p.last().unwrap();
            assert!(
                valley(end.0, end.1) < 0.1 * valley(START.0, START.1),
                "{end:?}"
            );
        }
    }

    #[test]
    fn flags_are_checked_before_any_work() {
        let dir = tempfile::tempdir().unwrap();
        let e = run(&[Sgd, Adam], &[0.1], 30, dir.path()).unwrap_err();
        assert!(e.to_string().contains("--etas"), "{e}");
        let e = run(&[Sgd], &[-1.0], 30, dir.path()).unwrap_err();
        assert!(e.to_string().contains("positive"), "{e}");
        let e = run(&[Sgd], &[0.1], 0, dir.path()).unwrap_err();
        assert!(e.to_string().contains("--steps"), "{e}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
