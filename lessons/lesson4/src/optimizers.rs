//! `optimizers`: SGD, Momentum (`v ← αv − η g, W ← W + v`), AdaGrad (`h ← h + g⊙g,
//! W ← W − η g/√h`), RMSProp and Adam (Momentum + AdaGrad) on the same task, network, seed and
//! learning plan: loss curves in one chart and a summary table.

use crate::fit;
use crate::report::{Report, bar, pct};
use anyhow::Result;
use nn_core::{Architecture, CoreError, History, OptimizerKind};
use nn_course::settings::Settings;
use nn_plot::{PlotOptions, Series, loss_accuracy};
use std::path::Path;

/// One optimizer's run: its records, or the iteration at which it diverged.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The optimizer.
    pub kind: OptimizerKind,
    /// The records (empty if it diverged before the first).
    pub history: History,
    /// `Some(iteration)` if the loss became NaN or infinite.
    pub diverged: Option<usize>,
}

impl Outcome {
    /// Training loss at the end (NaN if diverged).
    pub fn final_loss(&self) -> f64 {
        if self.diverged.is_some() {
            return f64::NAN;
        }
        self.history.final_loss()
    }
    /// Test accuracy at the end (0 if diverged).
    pub fn test_accuracy(&self) -> f64 {
        if self.diverged.is_some() {
            return 0.0;
        }
        self.history.test_accuracy()
    }
    /// The first recorded iteration with a training loss below `level`.
    pub fn reaches(&self, level: f64) -> Option<usize> {
        self.history
            .records
            .iter()
            .find(|r| r.train_loss < level)
            .map(|r| r.iteration)
    }
}

/// Trains the lecture's network on the circle task once per optimizer.
pub fn compare(s: &Settings, kinds: &[OptimizerKind], quiet: bool) -> Result<Vec<Outcome>> {
    let (train, test) = fit::circle(s)?;
    let arch = Architecture::classifier(&s.sizes(2, 2), s.activation);
    let b = bar(quiet, (kinds.len() * s.iterations) as u64, "optimizers");
    let mut all = Vec::new();
    for &kind in kinds {
        let so = Settings {
            optimizer: kind,
            ..s.clone()
        };
        let outcome = match fit::fit(&so, &arch, &train, Some(&test), &b) {
            Ok(f) => Outcome {
                kind,
                history: f.history,
                diverged: None,
            },
            Err(e) => match e.downcast_ref::<CoreError>() {
                Some(CoreError::Diverged { iteration, .. }) => Outcome {
                    kind,
                    history: History::default(),
                    diverged: Some(*iteration),
                },
                _ => return Err(e),
            },
        };
        all.push(outcome);
    }
    b.finish_and_clear();
    Ok(all)
}

/// The optimizer with the lowest final training loss.
pub fn winner(all: &[Outcome]) -> Option<&Outcome> {
    all.iter()
        .filter(|o| o.final_loss().is_finite())
        .min_by(|a, b| a.final_loss().total_cmp(&b.final_loss()))
}

/// Runs the comparison and writes the chart.
pub fn run(s: &Settings, kinds: &[OptimizerKind], out: &Path, quiet: bool) -> Result<Report> {
    let all = compare(s, kinds, quiet)?;
    let mut r = Report::default();
    r.say(format!(
        "network {:?}, eta {} (×{} every {}), {} iterations, batch {}, seed {}\n",
        s.sizes(2, 2),
        s.eta,
        s.attenuation,
        s.learning_plan,
        s.iterations,
        s.batch_size,
        s.seed
    ));
    r.say(format!(
        "{:<9} {:>10} {:>14} {:>18}",
        "optimizer", "final loss", "test accuracy", "loss < 0.1 from"
    ));
    let mut rows = Vec::new();
    for o in &all {
        let reach = o
            .reaches(0.1)
            .map_or("never".to_string(), |i| format!("iteration {i}"));
        let line = match o.diverged {
            Some(i) => format!(
                "{:<9} diverged at iteration {i} (try a smaller --eta)",
                o.kind.name()
            ),
            None => format!(
                "{:<9} {:>10.4} {:>14} {:>18}",
                o.kind.name(),
                o.final_loss(),
                pct(o.test_accuracy()),
                reach
            ),
        };
        r.say(line);
        rows.push(serde_json::json!({
            "optimizer": o.kind.name(),
            "final_loss": if o.final_loss().is_finite() { serde_json::json!(o.final_loss()) } else { serde_json::Value::Null },
            "test_accuracy": o.test_accuracy(),
            "diverged_at": o.diverged,
        }));
    }
    let ok: Vec<&Outcome> = all
        .iter()
        .filter(|o| !o.history.records.is_empty())
        .collect();
    let series = |f: &dyn Fn(&nn_core::Record) -> f64| -> Vec<Series> {
        ok.iter()
            .map(|o| Series {
                name: o.kind.name().into(),
                points: o
                    .history
                    .records
                    .iter()
                    .map(|rec| (rec.iteration as f64, f(rec)))
                    .collect(),
                color: None,
                dashed: false,
            })
            .collect()
    };
    if !ok.is_empty() {
        let png = out.join("optimizers.png");
        loss_accuracy(
            &png,
            &series(&|rec| rec.train_loss),
            &series(&|rec| rec.test_accuracy.unwrap_or(0.0)),
            &PlotOptions::titled("optimizers on the circle task: training loss and test accuracy")
                .axes("iteration", "")
                .size(1000, 460),
        )?;
        r.files.push(png);
    }
    if let Some(w) = winner(&all) {
        r.summary.push(format!(
            "lowest final loss: {} ({:.4}, test accuracy {})",
            w.kind.name(),
            w.final_loss(),
            pct(w.test_accuracy())
        ));
        r.set("winner", w.kind.name());
    }
    r.set("optimizers", rows);
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adaptive_optimizers_beat_plain_sgd_in_loss() {
        let s = Settings {
            iterations: 1500,
            n: 500,
            ..Settings::default()
        };
        let all = compare(&s, &OptimizerKind::ALL, true).unwrap();
        let loss = |k: OptimizerKind| all.iter().find(|o| o.kind == k).unwrap().final_loss();
        let w = winner(&all).unwrap().kind;
        assert_ne!(w, OptimizerKind::Sgd);
        assert!(loss(OptimizerKind::Adam) < loss(OptimizerKind::Sgd));
        assert!(loss(OptimizerKind::Momentum) < loss(OptimizerKind::Sgd));
    }

    #[test]
    fn a_diverging_optimizer_is_reported_not_fatal() {
        let s = Settings {
            iterations: 200,
            n: 200,
            eta: 1e200,
            ..Settings::default()
        };
        let all = compare(&s, &[OptimizerKind::Sgd], true).unwrap();
        assert!(all[0].diverged.is_some(), "{:?}", all[0]);
    }
}
