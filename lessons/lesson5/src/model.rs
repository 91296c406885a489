//! The network of lecture 5: an MLP `features → hidden… → classes` with softmax and cross
//! entropy, trained with mini-batches: `A^l = X^(l−1) W^l + B^l`, `X^l = h_l(A^l)`.

use crate::error::{LessonError, Result};
use nn_core::{
    Activation, Architecture, Data, History, Mode, Network, OptimizerKind, Schedule, TrainConfig,
    train,
};
use nn_course::settings::MAX_PARAMETERS;
use nn_data::Dataset;

/// The hyperparameters of one training run.
#[derive(Debug, Clone, PartialEq)]
pub struct Hyper {
    /// Widths of the hidden layers.
    pub hidden: Vec<usize>,
    /// Activation of the hidden layers.
    pub activation: Activation,
    /// The optimizer.
    pub optimizer: OptimizerKind,
    /// Learning rate η (constant).
    pub eta: f64,
    /// Training iterations (mini-batches).
    pub iterations: usize,
    /// Instances per mini-batch.
    pub batch: usize,
}

impl Hyper {
    /// Layer widths `[features, hidden…, classes]`.
    pub fn sizes(&self, features: usize, classes: usize) -> Vec<usize> {
        let mut s = vec![features];
        s.extend(&self.hidden);
        s.push(classes);
        s
    }

    /// Errors on a setting no run can use (zero iterations, batch or width; η not positive).
    pub fn validate(&self) -> Result<()> {
        let bad = |flag, why: &str| {
            Err(LessonError::Setting {
                flag,
                why: why.into(),
            })
        };
        use nn_course::settings::{MAX_ITERATIONS, MAX_WIDTH};
        if self.iterations == 0 || self.iterations > MAX_ITERATIONS {
            let why = format!(
                "it must be between 1 and {MAX_ITERATIONS}, found {}",
                self.iterations
            );
            return bad("loop", &why);
        }
        if self.batch == 0 {
            return bad("batch-size", "it must be at least 1");
        }
        if let Some(w) = self.hidden.iter().find(|&&w| w == 0 || w > MAX_WIDTH) {
            let why = format!("every hidden layer needs 1 to {MAX_WIDTH} units, found {w}");
            return bad("hidden", &why);
        }
        if !(self.eta.is_finite() && self.eta > 0.0) {
            return bad("eta", "the learning rate must be a positive number");
        }
        Ok(())
    }
}

/// Builds a network for `train` (weights from `seed`) and trains it, recording loss and accuracy
/// every `record_every` iterations. `step` is called after every iteration.
pub fn fit(
    train_set: &Dataset<f64>,
    test_set: Option<&Dataset<f64>>,
    hyper: &Hyper,
    seed: u64,
    record_every: usize,
    step: &mut dyn FnMut(usize),
) -> Result<(Network<f64>, History)> {
    hyper.validate()?;
    let classes = train_set.class_names.len().max(2);
    let arch = Architecture::classifier(
        &hyper.sizes(train_set.n_features(), classes),
        hyper.activation,
    );
    let sizes = hyper.sizes(train_set.n_features(), classes);
    nn_course::settings::check_parameters(&sizes, MAX_PARAMETERS, "--hidden").map_err(|why| {
        LessonError::Setting {
            flag: "hidden",
            why,
        }
    })?;
    let mut net = Network::<f64>::new(&arch, seed)?;
    let mut opt = hyper.optimizer.build::<f64>();
    let cfg = TrainConfig {
        mode: Mode::MiniBatch(hyper.batch),
        iterations: hyper.iterations,
        show_interval: record_every,
        schedule: Schedule::Constant { eta: hyper.eta },
        seed,
        weight_decay: 0.0,
    };
    let t = one_hot(train_set, classes);
    let test = test_set.map(|d| (d.x.clone(), one_hot(d, classes)));
    let history = train(
        &mut net,
        opt.as_mut(),
        Data {
            x: &train_set.x,
            t: &t,
        },
        test.as_ref().map(|(x, t)| Data { x, t }),
        &cfg,
        &mut |p| step(p.iteration),
    )?;
    // nn-core's cross entropy floors a NaN output to log(1e-…), so a run whose weights blew up
    // can end with a finite loss; check the weights themselves.
    let finite = net
        .layers
        .iter()
        .all(|l| l.w.iter().chain(l.b.iter()).all(|v| v.is_finite()));
    if !finite {
        return Err(LessonError::Setting {
            flag: "eta",
            why: format!(
                "training diverged (the weights became NaN or infinite) with η = {}; try a smaller learning rate",
                hyper.eta
            ),
        });
    }
    Ok((net, history))
}

/// One-hot targets with `classes` columns (the table's class count, even if a part lacks a class).
fn one_hot(d: &Dataset<f64>, classes: usize) -> nn_core::DMatrix<f64> {
    nn_core::one_hot(&d.labels, classes)
}

/// Fraction of rows of `data` that `net` classifies correctly, and the predictions.
pub fn score(net: &Network<f64>, data: &Dataset<f64>) -> Result<(f64, Vec<usize>)> {
    let predicted = net.classify(&data.x)?;
    Ok((nn_core::accuracy(&predicted, &data.labels), predicted))
}
