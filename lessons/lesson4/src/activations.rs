//! `activations`: the lecture's "replace the hidden activation ReLU by tanh" — the same network,
//! data and seed trained with ReLU and with tanh hidden layers, their decision boundaries side by
//! side and their loss/accuracy curves in one chart. With `--mine` the tanh network runs on the
//! learner's `hm_tanh` and `calc_r_tanh`.

use crate::compose::side_by_side;
use crate::fit;
use crate::fns::Fns;
use crate::hidden::{self, Hidden};
use crate::report::{Report, bar, pct};
use anyhow::Result;
use nn_core::{Architecture, Data, History, Network};
use nn_course::settings::Settings;
use nn_plot::{Grid, PlotOptions, Series, decision_boundary_with_truth, loss_accuracy};
use std::path::Path;

/// One trained network per hidden activation.
#[derive(Debug, Clone)]
pub struct Run {
    /// The hidden activation.
    pub hidden: Hidden,
    /// The trained network.
    pub net: Network<f64>,
    /// Its records.
    pub history: History,
}

impl Run {
    /// Test accuracy at the end.
    pub fn test_accuracy(&self) -> f64 {
        self.history.test_accuracy()
    }
    /// Training accuracy at the end.
    pub fn train_accuracy(&self) -> f64 {
        self.history.train_accuracy()
    }
    /// Training cross entropy at the end.
    pub fn final_loss(&self) -> f64 {
        self.history.final_loss()
    }
}

/// Trains ReLU and tanh networks on the circle task with the same settings and seed.
pub fn train_both(
    s: &Settings,
    fns: &Fns,
    quiet: bool,
) -> Result<(Vec<Run>, nn_data::Dataset<f64>)> {
    let (train, test) = fit::circle(s)?;
    let (t, tt) = (train.one_hot(), test.one_hot());
    let b = bar(quiet, 2 * s.iterations as u64, "relu, tanh");
    let mut runs = Vec::new();
    for h in [Hidden::relu(), Hidden::tanh(fns)] {
        let arch = Architecture::classifier(&s.sizes(2, 2), h.activation);
        let mut net = Network::<f64>::new(&arch, s.seed)?;
        let mut opt = s.optimizer.build::<f64>();
        let mut learner = h.clone();
        let mut tick = fit::tick(&b);
        let train_data = Data { x: &train.x, t: &t };
        let test_data = Some(Data { x: &test.x, t: &tt });
        let start = nn_core::fit::evaluate_record(&net, 0, s.eta, train_data, test_data)?;
        let mut history = nn_core::train_with(
            &mut net,
            opt.as_mut(),
            &mut learner,
            Data { x: &train.x, t: &t },
            Some(Data { x: &test.x, t: &tt }),
            &s.train_config(),
            &mut |p, _| tick(p),
        )?;
        history.records.insert(0, start);
        runs.push(Run {
            hidden: h,
            net,
            history,
        });
    }
    b.finish_and_clear();
    Ok((runs, test))
}

/// The runs' curves of `value`, one series per hidden activation.
fn series(runs: &[Run], value: impl Fn(&nn_core::Record) -> f64) -> Vec<Series> {
    fit::history_series(runs.iter().map(|r| (r.hidden.name, &r.history)), value)
}

/// Trains both networks and writes the boundaries and the curves.
pub fn run(s: &Settings, fns: &Fns, out: &Path, quiet: bool) -> Result<Report> {
    let (runs, test) = train_both(s, fns, quiet)?;
    let mut r = Report::default();
    r.say(format!(
        "network {:?}, {} iterations, eta {}, the same seed ({}); tanh from the {} functions\n",
        s.sizes(2, 2),
        s.iterations,
        s.eta,
        s.seed,
        fns.who
    ));
    r.say(format!(
        "{:<8} {:>10} {:>15} {:>14}",
        "hidden", "final loss", "train accuracy", "test accuracy"
    ));
    let names = vec!["outside (0)".to_string(), "inside (1)".to_string()];
    let truth = fit::circle_truth(s.radius)?;
    let mut parts = Vec::new();
    for run in &runs {
        r.say(format!(
            "{:<8} {:>10.4} {:>15} {:>14}",
            run.hidden.name,
            run.final_loss(),
            pct(run.train_accuracy()),
            pct(run.test_accuracy())
        ));
        r.set(
            &format!("{}_test_accuracy", run.hidden.name),
            run.test_accuracy(),
        );
        r.set(
            &format!("{}_train_accuracy", run.hidden.name),
            run.train_accuracy(),
        );
        r.set(&format!("{}_final_loss", run.hidden.name), run.final_loss());
        let png = out.join(format!("boundary_{}.png", run.hidden.name));
        let predict = |p: &[[f64; 2]]| {
            let x = nalgebra::DMatrix::from_fn(p.len(), 2, |i, j| p[i][j]);
            hidden::predict(&run.net, &run.hidden, &x)
                .map_or_else(|_| vec![0; p.len()], |o| nn_core::argmax_rows(&o))
        };
        let opts = PlotOptions::titled(format!(
            "{} hidden layers: test accuracy {}",
            run.hidden.name,
            pct(run.test_accuracy())
        ))
        .size(560, 500)
        .axes("x", "y")
        .point_size(3);
        decision_boundary_with_truth(
            &png,
            &predict,
            &truth,
            &Grid::square(-6.0, 6.0, 0.05),
            &fit::points(&test),
            &test.labels,
            &names,
            &opts,
        )?;
        parts.push(png);
    }
    let both = out.join("activations_boundaries.png");
    let refs: Vec<&Path> = parts.iter().map(|p| p.as_path()).collect();
    side_by_side(&both, &refs)?;
    r.files.extend(parts.iter().cloned());
    r.files.push(both);
    let curves = out.join("activations_curves.png");
    loss_accuracy(
        &curves,
        &series(&runs, |rec| rec.train_loss),
        &series(&runs, |rec| rec.test_accuracy.unwrap_or(0.0)),
        &PlotOptions::titled("ReLU vs tanh: training loss and test accuracy")
            .axes("iteration", "")
            .panel_labels("training loss (log scale)", "test accuracy")
            .log_y(true)
            .size(1100, 440),
    )?;
    r.files.push(curves);
    for run in &runs {
        r.summary.push(format!(
            "{}: test accuracy {}, final loss {:.4}",
            run.hidden.name,
            pct(run.test_accuracy()),
            run.final_loss()
        ));
    }
    r.set("functions", fns.who);
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relu_and_tanh_both_learn_the_circle() {
        let s = Settings {
            iterations: 2500,
            n: 600,
            ..Settings::default()
        };
        let (runs, _) = train_both(&s, &Fns::reference(), true).unwrap();
        for run in &runs {
            assert!(
                run.test_accuracy() > 0.9,
                "{}: {}",
                run.hidden.name,
                run.test_accuracy()
            );
        }
    }

    /// With the reference solutions as "your" functions, `--mine` trains exactly like nn-core.
    #[cfg(feature = "solution")]
    #[test]
    fn the_solutions_train_exactly_like_the_reference() {
        let s = Settings {
            iterations: 400,
            n: 300,
            ..Settings::default()
        };
        let (reference, _) = train_both(&s, &Fns::reference(), true).unwrap();
        let (mine, _) = train_both(&s, &Fns::mine(), true).unwrap();
        assert!((reference[1].final_loss() - mine[1].final_loss()).abs() < 1e-12);
        assert_eq!(reference[1].test_accuracy(), mine[1].test_accuracy());
    }
}
