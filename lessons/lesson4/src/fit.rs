//! Training one network with the settings: the shared step of every experiment.

use anyhow::Result;
use indicatif::ProgressBar;
use nn_core::{Architecture, Data, History, Network, Progress, Record};
use nn_course::settings::Settings;
use nn_data::Dataset;
use nn_plot::{Series, TrueBoundary};

/// A trained network and its records.
#[derive(Debug, Clone)]
pub struct Fit {
    /// The network after training.
    pub net: Network<f64>,
    /// Loss and accuracy every `record_every` iterations.
    pub history: History,
}

impl Fit {
    /// Training-set accuracy at the end.
    pub fn train_accuracy(&self) -> f64 {
        self.history.train_accuracy()
    }
    /// Test-set accuracy at the end (0 without a test set).
    pub fn test_accuracy(&self) -> f64 {
        self.history.test_accuracy()
    }
    /// Training-set cross entropy at the end.
    pub fn final_loss(&self) -> f64 {
        self.history.final_loss()
    }
}

/// The lecture's `main` for lesson 4, the settings every experiment starts from: the circle
/// task with a record every 100 iterations (for the curves).
pub fn defaults() -> Settings {
    Settings {
        show_interval: 100,
        ..Settings::default()
    }
}

/// The circle task of the settings: `n` points in [−6, 6]², label 1 inside the circle of
/// `radius`, split (stratified) into training and test sets.
pub fn circle(s: &Settings) -> Result<(Dataset<f64>, Dataset<f64>)> {
    let all = nn_data::toy::circle(s.n, s.radius, s.seed);
    Ok(all.split(s.test_fraction, true, s.seed)?)
}

/// Trains a fresh network of `arch` (weights from `s.seed`) on `train` with the settings'
/// optimizer, learning plan, batch size and iterations, advancing `bar`. The history starts
/// with the untrained network's record (iteration 0).
pub fn fit(
    s: &Settings,
    arch: &Architecture,
    train: &Dataset<f64>,
    test: Option<&Dataset<f64>>,
    bar: &ProgressBar,
) -> Result<Fit> {
    let mut net = Network::<f64>::new(arch, s.seed)?;
    let mut opt = s.optimizer.build::<f64>();
    let (x, t) = (&train.x, &train.one_hot());
    let test_t = test.map(|d| d.one_hot());
    let test_data = test.zip(test_t.as_ref()).map(|(d, t)| Data { x: &d.x, t });
    let start = nn_core::fit::evaluate_record(&net, 0, s.eta, Data { x, t }, test_data)?;
    let mut history = nn_core::train(
        &mut net,
        opt.as_mut(),
        Data { x, t },
        test_data,
        &s.train_config(),
        &mut tick(bar),
    )?;
    history.records.insert(0, start);
    Ok(Fit { net, history })
}

/// The curves of several runs, one series per run named by it: `(iteration, value(record))` for
/// every record of the run's history.
pub fn history_series<'a>(
    runs: impl IntoIterator<Item = (&'a str, &'a History)>,
    value: impl Fn(&Record) -> f64,
) -> Vec<Series> {
    runs.into_iter()
        .map(|(name, history)| {
            let points = history
                .records
                .iter()
                .map(|rec| (rec.iteration as f64, value(rec)))
                .collect();
            Series::new(name, points)
        })
        .collect()
}

/// A progress callback advancing `bar` by one per iteration.
pub fn tick(bar: &ProgressBar) -> impl FnMut(&Progress<'_>) + '_ {
    move |_| bar.inc(1)
}

/// The class of every 2-D point (argmax of the network's output).
pub fn classify(net: &Network<f64>, pts: &[[f64; 2]]) -> Vec<usize> {
    let x = nalgebra::DMatrix::from_fn(pts.len(), 2, |i, j| pts[i][j]);
    net.classify(&x).unwrap_or_else(|_| vec![0; pts.len()])
}

/// The boundary of the circle of `radius` that labels the circle task, over [−6, 6]².
pub fn circle_truth(radius: f64) -> Result<TrueBoundary> {
    let rule = |x: f64, y: f64| nn_data::toy::judge_circle(x, y, radius);
    Ok(TrueBoundary::trace(&rule, (-6.0, 6.0), (-6.0, 6.0))?)
}

/// The rows of a 2-column dataset as points.
pub fn points(d: &Dataset<f64>) -> Vec<[f64; 2]> {
    (0..d.n()).map(|i| [d.x[(i, 0)], d.x[(i, 1)]]).collect()
}
