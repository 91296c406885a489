//! `optimizers`: SGD, Momentum (`v ← αv − η g, W ← W + v`), AdaGrad (`h ← h + g⊙g,
//! W ← W − η g/√h`), RMSProp and Adam (Momentum + AdaGrad) on the same task, network, seed and
//! learning plan: loss curves in one chart and a summary table.

use crate::fit;
use crate::report::{Report, bar, pct};
use anyhow::{Result, bail};
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
    /// The training accuracy of always answering the most common class: a network that does
    /// no better has not learned.
    pub baseline: f64,
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
    /// Whether the network learned: it did not diverge, and it classifies the training set
    /// better than always answering the most common class. An adaptive optimizer (AdaGrad,
    /// RMSProp, Adam) steps by about η whatever the gradient, so a far too large η can leave the
    /// weights finite but every ReLU dead: the loss stays finite and nothing is learned.
    pub fn learned(&self) -> bool {
        self.diverged.is_none() && self.history.train_accuracy() > self.baseline
    }

    /// What went wrong, for a run that did not learn: "diverged at iteration i", or its accuracy
    /// no better than the most common class's share.
    pub fn failure(&self) -> Option<String> {
        match self.diverged {
            Some(i) => Some(format!("diverged at iteration {i}")),
            None if !self.learned() => Some(format!(
                "did not learn ({} training accuracy, no better than always answering the most common class)",
                pct(self.history.train_accuracy())
            )),
            None => None,
        }
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
    let counts = train.class_counts();
    let baseline = counts
        .iter()
        .max()
        .map_or(0.0, |&m| m as f64 / train.n() as f64);
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
                baseline,
            },
            Err(e) => match e.downcast_ref::<CoreError>() {
                Some(CoreError::Diverged { iteration, .. }) => Outcome {
                    kind,
                    history: History::default(),
                    diverged: Some(*iteration),
                    baseline,
                },
                _ => return Err(e),
            },
        };
        all.push(outcome);
    }
    b.finish_and_clear();
    Ok(all)
}

/// The optimizer with the lowest final training loss among those that learned.
pub fn winner(all: &[Outcome]) -> Option<&Outcome> {
    all.iter()
        .filter(|o| o.learned())
        .min_by(|a, b| a.final_loss().total_cmp(&b.final_loss()))
}

/// Runs the comparison and writes the chart. When no optimizer learned (each diverged or ended
/// with a higher loss than it started with) the run is an error, and nothing is written.
pub fn run(s: &Settings, kinds: &[OptimizerKind], out: &Path, quiet: bool) -> Result<Report> {
    let all = compare(s, kinds, quiet)?;
    if !all.iter().any(Outcome::learned) {
        let each: Vec<String> = all
            .iter()
            .map(|o| format!("{} {}", o.kind.name(), o.failure().unwrap_or_default()))
            .collect();
        let all_diverged = all.iter().all(|o| o.diverged.is_some());
        bail!(
            "{} with --eta {}: {}; try a smaller --eta{}",
            if all_diverged {
                "training diverged for every optimizer"
            } else {
                "no optimizer learned"
            },
            s.eta,
            each.join(", "),
            if all_diverged {
                ""
            } else {
                " or a longer --loop"
            }
        );
    }
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
        let mut line = match o.diverged {
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
        if let (None, Some(why)) = (o.diverged, o.failure()) {
            line += &format!("  ({why})");
        }
        r.say(line);
        rows.push(serde_json::json!({
            "optimizer": o.kind.name(),
            "final_loss": if o.final_loss().is_finite() { serde_json::json!(o.final_loss()) } else { serde_json::Value::Null },
            "test_accuracy": o.test_accuracy(),
            "diverged_at": o.diverged,
            "learned": o.learned(),
        }));
    }
    let ok: Vec<&Outcome> = all
        .iter()
        .filter(|o| !o.history.records.is_empty())
        .collect();
    let series = |value: &dyn Fn(&nn_core::Record) -> f64| -> Vec<Series> {
        fit::history_series(ok.iter().map(|o| (o.kind.name(), &o.history)), value)
    };
    if !ok.is_empty() {
        let png = out.join("optimizers.png");
        loss_accuracy(
            &png,
            &series(&|rec| rec.train_loss),
            &series(&|rec| rec.test_accuracy.unwrap_or(0.0)),
            &PlotOptions::titled("optimizers on the circle task: training loss and test accuracy")
                .axes("iteration", "")
                .panel_labels("training loss (log scale)", "test accuracy")
                .log_y(true)
                .size(1100, 460),
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

    #[test]
    fn no_optimizer_learning_is_an_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        for eta in [1e9, 1e4] {
            let s = Settings {
                iterations: 300,
                n: 200,
                eta,
                ..Settings::default()
            };
            let e = run(&s, &OptimizerKind::ALL, dir.path(), true)
                .unwrap_err()
                .to_string();
            assert!(
                e.contains(&format!("--eta {eta}")) && e.contains("try a smaller --eta"),
                "{e}"
            );
            if eta == 1e9 {
                assert!(e.contains("training diverged for every optimizer"), "{e}");
            } else {
                assert!(e.contains("no better than always answering"), "{e}");
            }
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        }
    }
}
