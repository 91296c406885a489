//! `xor` and `linear`: the lecture's `judge_term` edited to an XOR-like task and to a linearly
//! separable one, each learned by a network with no hidden layer (a straight boundary: softmax
//! of `X W + B`), one hidden layer, and the lecture's two. No hidden layer solves the linear
//! task but not XOR; one hidden layer solves both.

use crate::compose::side_by_side;
use crate::fit::{self, classify};
use crate::fns::{Fns, Judge2};
use crate::report::{Report, bar, pct};
use anyhow::{Result, bail};
use nn_core::Architecture;
use nn_course::settings::Settings;
use nn_data::Dataset;
use nn_plot::{Grid, PlotOptions, TrueBoundary, decision_boundary_with_truth};
use std::path::Path;

/// Which edited `judge_term`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// Quadrants I and III against II and IV.
    Xor,
    /// One side of a straight line against the other.
    Linear,
}

impl Task {
    /// "xor" or "linear".
    pub fn name(self) -> &'static str {
        match self {
            Task::Xor => "xor",
            Task::Linear => "linear",
        }
    }

    fn judge(self, fns: &Fns) -> (Judge2, &'static str, [&'static str; 2]) {
        match self {
            Task::Xor => (fns.judge_term_xor, "judge_term_xor", ["class 0", "class 1"]),
            Task::Linear => (
                fns.judge_term_linear,
                "judge_term_linear",
                ["class 0", "class 1"],
            ),
        }
    }
}

/// The task's data, labelled by `fns`' `judge_term`, after checking it gives two classes.
pub fn data(task: Task, s: &Settings, fns: &Fns) -> Result<Dataset<f64>> {
    let (judge, name, classes) = task.judge(fns);
    let d = nn_data::toy::from_fn_2d(s.n, s.seed, judge, &classes);
    if let Some(i) = d.labels.iter().position(|&l| l > 1) {
        bail!(
            "{name}({:.3}, {:.3}) gave label {}: a two-class task has the labels 0 and 1",
            d.x[(i, 0)],
            d.x[(i, 1)],
            d.labels[i]
        );
    }
    if d.class_counts().iter().any(|&c| c < 2) {
        bail!("{name} gave (almost) every point the same label: both classes need instances");
    }
    Ok(d)
}

/// The three networks compared: name and layer widths.
pub fn architectures(s: &Settings) -> Vec<(&'static str, Vec<usize>)> {
    let w = s.hidden.first().copied().unwrap_or(10);
    vec![
        ("no hidden layer", vec![2, 2]),
        ("one hidden layer", vec![2, w, 2]),
        ("two hidden layers", s.sizes(2, 2)),
    ]
}

/// JSON key of an architecture's test accuracy.
fn key(name: &str) -> String {
    format!("{}_test_accuracy", name.split(' ').next().unwrap_or(name))
}

/// Trains the three networks on the task and draws their boundaries side by side.
pub fn run(task: Task, s: &Settings, fns: &Fns, out: &Path, quiet: bool) -> Result<Report> {
    let all = data(task, s, fns)?;
    let (train, test) = all.split(s.test_fraction, true, s.seed)?;
    let archs = architectures(s);
    let b = bar(quiet, (archs.len() * s.iterations) as u64, task.name());
    let mut r = Report::default();
    r.say(format!(
        "{} task labelled by {} functions; {} iterations, eta {}\n",
        task.name(),
        fns.who,
        s.iterations,
        s.eta
    ));
    r.say(format!(
        "{:<18} {:<14} {:>15} {:>14}",
        "network", "widths", "train accuracy", "test accuracy"
    ));
    // Every network is trained before any picture is written: a run that fails (diverges)
    // leaves no file behind.
    let mut fits = Vec::new();
    for (_, sizes) in &archs {
        let arch = Architecture::classifier(sizes, s.activation);
        fits.push(fit::fit(s, &arch, &train, Some(&test), &b)?);
    }
    b.finish_and_clear();
    // The boundary of the rule that labelled the data (the learner's with --mine).
    let (judge, _, _) = task.judge(fns);
    let truth = TrueBoundary::trace(&|x, y| judge(x, y), (-6.0, 6.0), (-6.0, 6.0))?;
    let mut parts = Vec::new();
    for ((name, sizes), f) in archs.iter().zip(&fits) {
        r.say(format!(
            "{:<18} {:<14} {:>15} {:>14}",
            name,
            format!("{sizes:?}"),
            pct(f.train_accuracy()),
            pct(f.test_accuracy())
        ));
        r.summary.push(format!(
            "{}, {name}: test accuracy {}",
            task.name(),
            pct(f.test_accuracy())
        ));
        r.set(&key(name), f.test_accuracy());
        let png = out.join(format!("{}_{}.png", task.name(), name.replace(' ', "_")));
        let predict = |p: &[[f64; 2]]| classify(&f.net, p);
        decision_boundary_with_truth(
            &png,
            &predict,
            &truth,
            &Grid::square(-6.0, 6.0, 0.05),
            &fit::points(&test),
            &test.labels,
            &all.class_names,
            &PlotOptions::titled(format!("{name}: test accuracy {}", pct(f.test_accuracy())))
                .size(480, 440)
                .axes("x", "y")
                .point_size(3),
        )?;
        parts.push(png);
    }
    let both = out.join(format!("{}_boundaries.png", task.name()));
    let refs: Vec<&Path> = parts.iter().map(|p| p.as_path()).collect();
    side_by_side(&both, &refs)?;
    r.files.extend(parts.iter().cloned());
    r.files.push(both);
    r.set("task", task.name());
    r.set("functions", fns.who);
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accuracies(task: Task) -> (f64, f64) {
        let s = Settings {
            iterations: 2500,
            n: 600,
            ..Settings::default()
        };
        let dir = tempfile::tempdir().unwrap();
        let r = run(task, &s, &Fns::reference(), dir.path(), true).unwrap();
        let get = |k: &str| r.json[k].as_f64().unwrap();
        (get("no_test_accuracy"), get("one_test_accuracy"))
    }

    #[test]
    fn no_hidden_layer_fails_on_xor_and_one_hidden_layer_succeeds() {
        let (none, one) = accuracies(Task::Xor);
        assert!(none < 0.8, "no hidden layer: {none}");
        assert!(one > 0.93, "one hidden layer: {one}");
    }

    #[test]
    fn both_solve_the_linear_task() {
        let (none, one) = accuracies(Task::Linear);
        assert!(none > 0.95, "no hidden layer: {none}");
        assert!(one > 0.95, "one hidden layer: {one}");
    }

    #[test]
    fn a_labelling_with_three_labels_is_one_sentence() {
        let mut fns = Fns::reference();
        fns.judge_term_xor = |x, _| if x > 5.0 { 2 } else { 0 };
        let e = data(Task::Xor, &Settings::default(), &fns).unwrap_err();
        assert!(e.to_string().contains("gave label 2"), "{e}");
    }
}
