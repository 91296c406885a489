//! `grid-search`: the lecture's "find good hyperparameters by hand", done like scikit-learn's
//! `GridSearchCV(cv=5)`: every combination of the grid is scored by stratified k-fold
//! cross-validation on the training part (in parallel on all cores), the results are tabled like
//! `cv_results_`, and the best combination is retrained on the whole training part and scored
//! once on the test part.

use crate::fit;
use crate::report::{Report, bar, pct};
use anyhow::{Context, Result};
use nn_core::{Activation, Architecture, CoreError, Network};
use nn_course::settings::{MAX_WIDTH, Settings, check_hidden_activation, positive};
use nn_data::Dataset;
use nn_plot::{PlotOptions, grid_heatmap};
use rayon::prelude::*;
use std::path::Path;

/// The hyperparameters searched, one list each (scikit-learn's `param_grid`).
#[derive(Debug, Clone, PartialEq)]
pub struct ParamGrid {
    /// Hidden activations.
    pub activations: Vec<Activation>,
    /// Mini-batch sizes.
    pub batch_sizes: Vec<usize>,
    /// Learning rates η.
    pub etas: Vec<f64>,
    /// Width of every hidden layer.
    pub widths: Vec<usize>,
}

impl Default for ParamGrid {
    fn default() -> Self {
        ParamGrid {
            activations: vec![Activation::Relu, Activation::Tanh],
            batch_sizes: vec![100],
            etas: vec![0.003, 0.03, 0.3],
            widths: vec![5, 10],
        }
    }
}

/// One combination of the grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Hidden activation.
    pub activation: Activation,
    /// Mini-batch size.
    pub batch_size: usize,
    /// Learning rate η.
    pub eta: f64,
    /// Width of every hidden layer.
    pub width: usize,
}

/// The hyperparameter names, as in the table and `--heatmap`.
pub const NAMES: [&str; 4] = ["activation", "batch_size", "eta", "hidden"];

impl Params {
    /// The value of hyperparameter `name` (one of [`NAMES`]) as text.
    pub fn value(&self, name: &str) -> String {
        match name {
            "activation" => self.activation.name().to_string(),
            "batch_size" => self.batch_size.to_string(),
            "eta" => self.eta.to_string(),
            _ => self.width.to_string(),
        }
    }

    /// The settings `s` with these hyperparameters (every hidden layer `width` wide).
    pub fn apply(&self, s: &Settings) -> Settings {
        Settings {
            activation: self.activation,
            batch_size: self.batch_size,
            eta: self.eta,
            hidden: vec![self.width; s.hidden.len()],
            ..s.clone()
        }
    }
}

impl ParamGrid {
    /// Every combination, the last name varying fastest (scikit-learn's `ParameterGrid` order).
    pub fn combinations(&self) -> Vec<Params> {
        let mut all = Vec::new();
        for &activation in &self.activations {
            for &batch_size in &self.batch_sizes {
                for &eta in &self.etas {
                    for &width in &self.widths {
                        all.push(Params {
                            activation,
                            batch_size,
                            eta,
                            width,
                        });
                    }
                }
            }
        }
        all
    }

    /// The distinct values of hyperparameter `name`, as text.
    pub fn values(&self, name: &str) -> Vec<String> {
        match name {
            "activation" => self.activations.iter().map(|a| a.name().into()).collect(),
            "batch_size" => self.batch_sizes.iter().map(|b| b.to_string()).collect(),
            "eta" => self.etas.iter().map(|e| e.to_string()).collect(),
            _ => self.widths.iter().map(|w| w.to_string()).collect(),
        }
    }

    /// Checks the lists, naming the flag of the first bad one.
    pub fn validate(&self) -> Result<(), String> {
        let empty = [
            ("--activations", self.activations.is_empty()),
            ("--batch-sizes", self.batch_sizes.is_empty()),
            ("--etas", self.etas.is_empty()),
            ("--widths", self.widths.is_empty()),
        ];
        if let Some((flag, _)) = empty.iter().find(|(_, e)| *e) {
            return Err(format!("{flag} needs at least one value"));
        }
        for &eta in &self.etas {
            positive("--etas", eta)?;
        }
        if self.batch_sizes.contains(&0) {
            return Err("--batch-sizes must all be at least 1".into());
        }
        if self.widths.iter().any(|&w| w == 0 || w > MAX_WIDTH) {
            return Err(format!(
                "--widths must all be between 1 and {MAX_WIDTH}, got {:?}",
                self.widths
            ));
        }
        for &a in &self.activations {
            check_hidden_activation("--activations", a)?;
        }
        let n = self.combinations().len();
        if n > 10_000 {
            return Err(format!(
                "the grid has {n} combinations; keep it under 10000 (fewer values in --etas, --widths, --batch-sizes, --activations)"
            ));
        }
        Ok(())
    }
}

/// One row of `cv_results_`.
#[derive(Debug, Clone, PartialEq)]
pub struct CvResult {
    /// The combination.
    pub params: Params,
    /// Validation accuracy of each fold (NaN where training diverged).
    pub split_scores: Vec<f64>,
    /// Mean of the fold scores.
    pub mean_test_score: f64,
    /// Standard deviation of the fold scores (1/k, as numpy's `std`).
    pub std_test_score: f64,
    /// 1 for the best mean; equal means share a rank; NaN means come last.
    pub rank_test_score: usize,
}

/// Validation accuracy of `params` trained on `train` rows and scored on `val` rows; NaN if the
/// training diverges (scikit-learn's `error_score=np.nan`).
fn score(
    s: &Settings,
    p: &Params,
    data: &Dataset<f64>,
    fold: &(Vec<usize>, Vec<usize>),
) -> Result<f64> {
    let (train, val) = (data.subset(&fold.0), data.subset(&fold.1));
    let s = Settings {
        show_interval: s.iterations,
        ..p.apply(s)
    };
    let arch =
        Architecture::classifier(&s.sizes(data.n_features(), data.n_classes()), s.activation);
    match fit::fit(&s, &arch, &train, None, &indicatif::ProgressBar::hidden()) {
        Ok(f) => Ok(accuracy(&f.net, &val)),
        Err(e) if matches!(e.downcast_ref(), Some(CoreError::Diverged { .. })) => Ok(f64::NAN),
        Err(e) => Err(e),
    }
}

fn accuracy(net: &Network<f64>, d: &Dataset<f64>) -> f64 {
    net.classify(&d.x)
        .map_or(0.0, |p| nn_core::accuracy(&p, &d.labels))
}

// ANCHOR: cross_validate
/// Scores every combination of `grid` by stratified `cv`-fold cross-validation on `data`. The
/// (combination, fold) trainings run in parallel; each uses the same folds and seeds whatever
/// the thread, so the result is reproducible. `done` is called after each training.
pub fn cross_validate(
    s: &Settings,
    data: &Dataset<f64>,
    grid: &ParamGrid,
    cv: usize,
    done: &(dyn Fn() + Sync),
) -> Result<Vec<CvResult>> {
    // ANCHOR: cv_runs
    let folds = data.stratified_k_fold(cv, s.seed)?;
    let combos = grid.combinations();
    let jobs: Vec<(usize, usize)> = (0..combos.len())
        .flat_map(|c| (0..cv).map(move |f| (c, f)))
        .collect();
    let scores: Vec<f64> = jobs
        .par_iter()
        .map(|&(c, f)| {
            let fold_seed = Settings {
                seed: s.seed.wrapping_add(f as u64),
                ..s.clone()
            };
            let v = score(&fold_seed, &combos[c], data, &folds[f]);
            done();
            v
        })
        .collect::<Result<_>>()?;
    // ANCHOR_END: cv_runs
    // ANCHOR: cv_scores
    let mut results: Vec<CvResult> = combos
        .iter()
        .zip(scores.chunks(cv))
        .map(|(p, split)| {
            let mean = split.iter().sum::<f64>() / cv as f64;
            let var = split.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / cv as f64;
            CvResult {
                params: *p,
                split_scores: split.to_vec(),
                mean_test_score: mean,
                std_test_score: var.sqrt(),
                rank_test_score: 0,
            }
        })
        .collect();
    // ANCHOR_END: cv_scores
    rank(&mut results);
    Ok(results)
}
// ANCHOR_END: cross_validate

/// Ranks by mean score, best first; equal means share the smaller rank; NaN means are last.
fn rank(results: &mut [CvResult]) {
    let key = |m: f64| if m.is_nan() { f64::NEG_INFINITY } else { m };
    let means: Vec<f64> = results.iter().map(|r| key(r.mean_test_score)).collect();
    for (r, &m) in results.iter_mut().zip(&means) {
        r.rank_test_score = 1 + means.iter().filter(|&&o| o > m).count();
    }
}

/// The best combination: rank 1, the first in grid order among ties.
pub fn best(results: &[CvResult]) -> Option<&CvResult> {
    results.iter().find(|r| r.rank_test_score == 1)
}

/// `cv_results_` as CSV: params, one column per split, mean, std and rank.
pub fn results_csv(results: &[CvResult]) -> String {
    let k = results.first().map_or(0, |r| r.split_scores.len());
    let mut csv = String::from("param_activation,param_batch_size,param_eta,param_hidden");
    for i in 0..k {
        csv += &format!(",split{i}_test_score");
    }
    csv += ",mean_test_score,std_test_score,rank_test_score\n";
    for r in results {
        let p = &r.params;
        csv += &format!("{},{},{},{}", p.activation, p.batch_size, p.eta, p.width);
        for v in &r.split_scores {
            csv += &format!(",{v}");
        }
        csv += &format!(
            ",{},{},{}\n",
            r.mean_test_score, r.std_test_score, r.rank_test_score
        );
    }
    csv
}

/// The table printed on the terminal, in grid order.
pub fn results_table(results: &[CvResult]) -> String {
    let mut t = format!(
        "{:<11} {:>10} {:>7} {:>6}  {:>15} {:>14} {:>15}\n",
        "activation",
        "batch_size",
        "eta",
        "hidden",
        "mean_test_score",
        "std_test_score",
        "rank_test_score"
    );
    for r in results {
        let p = &r.params;
        t += &format!(
            "{:<11} {:>10} {:>7} {:>6}  {:>15.4} {:>14.4} {:>15}\n",
            p.activation.name(),
            p.batch_size,
            p.eta,
            p.width,
            r.mean_test_score,
            r.std_test_score,
            r.rank_test_score
        );
    }
    t
}

/// Scores of the heatmap: for each (row value, column value), the best mean score over the
/// other hyperparameters.
pub fn heatmap_scores(
    results: &[CvResult],
    grid: &ParamGrid,
    rows: &str,
    cols: &str,
) -> Vec<Vec<f64>> {
    let (ys, xs) = (grid.values(rows), grid.values(cols));
    ys.iter()
        .map(|y| {
            xs.iter()
                .map(|x| {
                    results
                        .iter()
                        .filter(|r| &r.params.value(rows) == y && &r.params.value(cols) == x)
                        .map(|r| r.mean_test_score)
                        .filter(|m| m.is_finite())
                        .fold(f64::NAN, f64::max)
                })
                .collect()
        })
        .collect()
}

/// Options of the `grid-search` experiment.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchOptions {
    /// The grid.
    pub grid: ParamGrid,
    /// Number of folds (scikit-learn's `cv`).
    pub cv: usize,
    /// The two hyperparameters of the heatmap: (columns, rows).
    pub heatmap: (String, String),
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            grid: ParamGrid::default(),
            cv: 5,
            heatmap: ("eta".into(), "hidden".into()),
        }
    }
}

impl SearchOptions {
    /// Checks the options for a training part of `n_train` rows, naming the flag at fault.
    pub fn validate(&self, n_train: usize) -> Result<(), String> {
        self.grid.validate()?;
        if let Some(b) = self.grid.batch_sizes.iter().find(|&&b| b > n_train) {
            return Err(format!(
                "--batch-sizes {b} is larger than the training set ({n_train} instances); use at most {n_train}"
            ));
        }
        if self.cv < 2 || self.cv > n_train {
            return Err(format!(
                "--cv must be between 2 and the number of training instances ({n_train}), got {}",
                self.cv
            ));
        }
        let (x, y) = &self.heatmap;
        for h in [x, y] {
            if !NAMES.contains(&h.as_str()) {
                return Err(format!(
                    "--heatmap '{h}' is not one of {}",
                    NAMES.join(", ")
                ));
            }
        }
        if x == y {
            return Err(format!(
                "--heatmap needs two different hyperparameters, got {x} twice"
            ));
        }
        Ok(())
    }
}

/// Runs the grid search on the circle task and writes the table and the heatmap.
pub fn run(s: &Settings, o: &SearchOptions, out: &Path, quiet: bool) -> Result<Report> {
    let (train, test) = fit::circle(s)?;
    o.validate(train.n()).map_err(anyhow::Error::msg)?;
    let combos = o.grid.combinations().len();
    let b = bar(quiet, (combos * o.cv) as u64, "cross-validating");
    let results = cross_validate(s, &train, &o.grid, o.cv, &|| b.inc(1))?;
    b.finish_and_clear();
    let best = best(&results).context("no combination could be scored")?;
    let mut r = Report::default();
    r.say(format!(
        "{combos} combinations × {} folds = {} trainings of {} iterations on {} training instances\n",
        o.cv,
        combos * o.cv,
        s.iterations,
        train.n()
    ));
    r.say(results_table(&results));
    let p = best.params;
    let bs = p.apply(s);
    let arch = Architecture::classifier(&bs.sizes(2, 2), bs.activation);
    let b = bar(quiet, s.iterations as u64, "best, retrained");
    let refit = fit::fit(&bs, &arch, &train, Some(&test), &b)?;
    b.finish_and_clear();
    r.summary.push(format!(
        "best parameters: activation={}, batch_size={}, eta={}, hidden={} (cv accuracy {} ± {})",
        p.activation,
        p.batch_size,
        p.eta,
        p.width,
        pct(best.mean_test_score),
        pct(best.std_test_score)
    ));
    r.summary.push(format!(
        "best model retrained on all {} training instances: test accuracy {}",
        train.n(),
        pct(refit.test_accuracy())
    ));
    let csv = out.join("cv_results.csv");
    nn_core::write_atomically(&csv, results_csv(&results).as_bytes())?;
    r.files.push(csv);
    let (cols, rows) = &o.heatmap;
    let scores = heatmap_scores(&results, &o.grid, rows, cols);
    let png = out.join("grid_search.png");
    let opts = PlotOptions::titled(format!(
        "mean {}-fold CV accuracy (best over the rest)",
        o.cv
    ))
    .axes(cols.as_str(), rows.as_str())
    .size(720, 520);
    grid_heatmap(
        &png,
        &o.grid.values(cols),
        &o.grid.values(rows),
        &scores,
        &opts,
    )?;
    r.files.push(png);
    r.set(
        "best_params",
        serde_json::json!({
            "activation": p.activation.name(), "batch_size": p.batch_size, "eta": p.eta, "hidden": p.width
        }),
    );
    r.set("best_cv_score", best.mean_test_score);
    r.set("best_cv_std", best.std_test_score);
    r.set("test_accuracy", refit.test_accuracy());
    r.set("combinations", combos);
    r.set("cv", o.cv);
    let rows_json: Vec<_> = results
        .iter()
        .map(|c| {
            serde_json::json!({
                "activation": c.params.activation.name(), "batch_size": c.params.batch_size,
                "eta": c.params.eta, "hidden": c.params.width,
                "mean_test_score": c.mean_test_score, "std_test_score": c.std_test_score,
                "rank_test_score": c.rank_test_score
            })
        })
        .collect();
    r.set("cv_results", rows_json);
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> (Settings, SearchOptions) {
        let s = Settings {
            n: 400,
            iterations: 1500,
            ..Settings::default()
        };
        let o = SearchOptions {
            grid: ParamGrid {
                activations: vec![Activation::Relu],
                batch_sizes: vec![50],
                etas: vec![0.0003, 0.03],
                widths: vec![10],
            },
            cv: 3,
            ..SearchOptions::default()
        };
        (s, o)
    }

    #[test]
    fn ranks_follow_scikit_learn() {
        let p = ParamGrid::default().combinations()[0];
        let mk = |m: f64| CvResult {
            params: p,
            split_scores: vec![m],
            mean_test_score: m,
            std_test_score: 0.0,
            rank_test_score: 0,
        };
        let mut rs = vec![mk(0.9), mk(f64::NAN), mk(0.95), mk(0.9)];
        rank(&mut rs);
        let ranks: Vec<usize> = rs.iter().map(|r| r.rank_test_score).collect();
        assert_eq!(ranks, vec![2, 4, 1, 2]);
        assert_eq!(ParamGrid::default().combinations().len(), 12);
        assert!(
            SearchOptions {
                cv: 1,
                ..Default::default()
            }
            .validate(100)
            .unwrap_err()
            .contains("--cv")
        );
        let bad = SearchOptions {
            heatmap: ("eta".into(), "depth".into()),
            ..Default::default()
        };
        assert!(bad.validate(100).unwrap_err().contains("--heatmap"));
    }

    #[test]
    fn a_sensible_eta_beats_a_tiny_one_and_runs_are_reproducible() {
        let (s, o) = small();
        let (train, _) = fit::circle(&s).unwrap();
        let a = cross_validate(&s, &train, &o.grid, o.cv, &|| {}).unwrap();
        let b = cross_validate(&s, &train, &o.grid, o.cv, &|| {}).unwrap();
        assert_eq!(a, b, "same seed, same numbers, whatever the threads did");
        assert_eq!(best(&a).unwrap().params.eta, 0.03);
        assert!(a[1].mean_test_score > 0.9, "{a:?}");
        assert!(a[0].mean_test_score < a[1].mean_test_score);
        assert_eq!(a[0].split_scores.len(), 3);
    }

    #[test]
    fn run_writes_the_table_and_the_heatmap() {
        let (s, o) = small();
        let dir = tempfile::tempdir().unwrap();
        let r = run(&s, &o, dir.path(), true).unwrap();
        assert!(r.json["test_accuracy"].as_f64().unwrap() > 0.9);
        let csv = std::fs::read_to_string(dir.path().join("cv_results.csv")).unwrap();
        assert!(csv.starts_with(
            "param_activation,param_batch_size,param_eta,param_hidden,split0_test_score"
        ));
        assert_eq!(csv.lines().count(), 3);
        assert!(dir.path().join("grid_search.png").exists());
    }
}
