//! `learning-rate`: the lecture's network on the circle task trained with learning rates from
//! far too small to far too large, the same seed and a constant η (`W ← W − η ∂L/∂W`): too
//! small creeps, too large jumps over the valley and the loss stays high or blows up.

use crate::fit;
use crate::report::{Report, bar, pct};
use anyhow::{Result, bail};
use nn_core::{Architecture, CoreError, Data, Network, Reference, Schedule};
use nn_course::settings::Settings;
use nn_plot::{PlotOptions, Series, curves};
use std::path::Path;

/// The lesson's settings for this experiment: 3000 iterations, a record every 50.
pub fn defaults() -> Settings {
    Settings {
        iterations: 3000,
        show_interval: 50,
        ..Settings::default()
    }
}

/// One learning rate's run: the training loss at iteration 0 and every record after it, and
/// the iteration at which it diverged, if it did.
#[derive(Debug, Clone)]
pub struct Run {
    /// The constant learning rate η.
    pub eta: f64,
    /// (iteration, training loss), from iteration 0.
    pub losses: Vec<(f64, f64)>,
    /// Training accuracy at the last record.
    pub accuracy: f64,
    /// `Some(i)` if the loss became NaN, infinite or a thousand times the first at iteration i.
    pub diverged: Option<usize>,
}

impl Run {
    /// The last recorded training loss.
    pub fn final_loss(&self) -> f64 {
        self.losses.last().map_or(f64::NAN, |p| p.1)
    }
}

/// Trains a fresh network (weights from `s.seed`) with constant η = `eta` through
/// `nn_core::train_with`, keeping every record even when training diverges.
pub fn run_one(s: &Settings, eta: f64, bar: &indicatif::ProgressBar) -> Result<Run> {
    let arch = Architecture::classifier(&s.sizes(2, 2), s.activation);
    let mut net = Network::<f64>::new(&arch, s.seed)?;
    train_recording(s, &mut net, eta, bar)
}

/// Trains `net` on the settings' circle training set with constant η = `eta` through
/// `nn_core::train_with` (the settings' optimizer, batch size and iterations), recording the
/// training loss from iteration 0, and keeping the records when training diverges.
pub fn train_recording(
    s: &Settings,
    net: &mut Network<f64>,
    eta: f64,
    bar: &indicatif::ProgressBar,
) -> Result<Run> {
    let (train, _) = fit::circle(s)?;
    let mut opt = s.optimizer.build::<f64>();
    let t = train.one_hot();
    let data = Data { x: &train.x, t: &t };
    let start = net.evaluate(&train.x, &t)?.0;
    let mut losses = vec![(0.0, start)];
    let mut accuracy = 0.0;
    let cfg = nn_core::TrainConfig {
        schedule: Schedule::Constant { eta },
        ..s.train_config()
    };
    let result = nn_core::train_with(
        net,
        opt.as_mut(),
        &mut Reference,
        data,
        None,
        &cfg,
        &mut |p, _| {
            bar.inc(1);
            if let Some(r) = p.record {
                losses.push((r.iteration as f64, r.train_loss));
                accuracy = r.train_accuracy;
            }
        },
    );
    let diverged = match result {
        Ok(_) => None,
        Err(CoreError::Diverged { iteration, .. }) => Some(iteration),
        Err(e) => return Err(e.into()),
    };
    Ok(Run {
        eta,
        losses,
        accuracy,
        diverged,
    })
}

/// Checks the flags: at least one learning rate, each positive.
pub fn check(etas: &[f64]) -> Result<()> {
    if etas.is_empty() {
        bail!("--etas needs at least one learning rate");
    }
    if let Some(e) = etas.iter().find(|e| !(e.is_finite() && **e > 0.0)) {
        bail!("--etas must be positive numbers, got {e}");
    }
    Ok(())
}

/// Trains once per learning rate and draws the training losses on a log scale.
pub fn run(s: &Settings, etas: &[f64], out: &Path, quiet: bool) -> Result<Report> {
    check(etas)?;
    let b = bar(quiet, (etas.len() * s.iterations) as u64, "learning rates");
    let runs = etas
        .iter()
        .map(|&eta| run_one(s, eta, &b))
        .collect::<Result<Vec<_>>>()?;
    b.finish_and_clear();
    let mut r = Report::default();
    r.say(format!(
        "network {:?}, {} with constant η, {} iterations, batch {}, seed {}\n",
        s.sizes(2, 2),
        s.optimizer,
        s.iterations,
        s.batch_size,
        s.seed
    ));
    r.say(format!(
        "{:>8} {:>12} {:>12} {:>18}",
        "η", "loss at 0", "final loss", "training accuracy"
    ));
    let mut series = Vec::new();
    let mut rows = Vec::new();
    for run in &runs {
        let end = match run.diverged {
            Some(i) => format!("diverged at iteration {i}"),
            None => format!("{:>12.4} {:>18}", run.final_loss(), pct(run.accuracy)),
        };
        r.say(format!("{:>8} {:>12.4} {end}", run.eta, run.losses[0].1));
        rows.push(serde_json::json!({
            "eta": run.eta, "final_loss": run.final_loss(), "train_accuracy": run.accuracy,
            "diverged_at": run.diverged,
        }));
        let name = match run.diverged {
            Some(i) => format!("η = {} (diverged at {i})", run.eta),
            None => format!("η = {}", run.eta),
        };
        series.push(Series::new(name, run.losses.clone()));
    }
    let png = out.join("learning_rate.png");
    curves(
        &png,
        &series,
        &PlotOptions::titled("training loss with a constant learning rate η, same initial weights")
            .axes("iteration", "training loss (log scale)")
            .log_y(true)
            .size(900, 520),
    )?;
    r.files.push(png);
    r.set("learning_rates", rows);
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_small_creeps_and_too_large_stays_high() {
        let s = Settings {
            iterations: 1500,
            n: 500,
            ..defaults()
        };
        let b = indicatif::ProgressBar::hidden();
        let small = run_one(&s, 0.001, &b).unwrap();
        let good = run_one(&s, 0.1, &b).unwrap();
        let large = run_one(&s, 5.0, &b).unwrap();
        assert!(good.diverged.is_none());
        assert!(
            good.final_loss() < 0.5 * small.final_loss(),
            "{good:?}\n{small:?}"
        );
        assert!(
            large.diverged.is_some() || large.final_loss() > 2.0 * good.final_loss(),
            "{large:?}"
        );
    }
}
