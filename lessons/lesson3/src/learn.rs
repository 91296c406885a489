//! The lecture's `main` loop on the circle task — nn-core's one training loop
//! ([`nn_core::train_with`]), fed either nn-core's passes or the learner's own functions.

use anyhow::Result;
use nalgebra::DMatrix;
use nn_core::{
    Architecture, CoreError, Data, History, Learner, Network, Progress, Reference, Schedule,
    train_with,
};
use nn_course::Settings;
use nn_data::{Dataset, toy};
use std::time::Instant;

/// Whose code does the forward pass, the backward pass and the learning plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Implementation {
    /// nn-core's `Network::forward`, `Network::backward` and `Schedule`.
    Reference,
    /// The learner's `homework::forward_loop`, `homework::backward_loop` and `homework::update_eta`.
    Mine,
}

/// What a run produced.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The trained network.
    pub net: Network<f64>,
    /// Loss and accuracy every `show_interval` iterations (and at the end).
    pub history: History,
    /// The training set.
    pub train: Dataset<f64>,
    /// The test set.
    pub test: Dataset<f64>,
    /// Wall-clock seconds spent training (including the evaluations of the records).
    pub seconds: f64,
    /// Radius of the circle that labelled the data (the true boundary).
    pub radius: f64,
}

impl Outcome {
    /// Accuracy on the training set at the end.
    pub fn train_accuracy(&self) -> f64 {
        self.history.train_accuracy()
    }
    /// Accuracy on the test set at the end.
    pub fn test_accuracy(&self) -> f64 {
        self.history.test_accuracy()
    }
    /// Loss (cross entropy) on the training set at the end.
    pub fn final_loss(&self) -> f64 {
        self.history.final_loss()
    }
}

/// The circle task: `n` points in [−6, 6]², class 1 inside the circle of `radius`; a stratified
/// train/test split.
pub fn circle_data(s: &Settings) -> Result<(Dataset<f64>, Dataset<f64>)> {
    let all = toy::circle(s.n, s.radius, s.seed);
    Ok(all.split(s.test_fraction, true, s.seed)?)
}

/// Trains a fresh 2-hidden…-2 network on the circle task with `s`, with `imp`'s forward pass,
/// backward pass and learning plan, in nn-core's one training loop; `progress` is told about
/// every iteration. The history starts with the untrained network's record (iteration 0).
pub fn learn(
    s: &Settings,
    imp: Implementation,
    progress: &mut dyn FnMut(&Progress<'_>),
) -> Result<Outcome> {
    s.validate().map_err(anyhow::Error::msg)?;
    // ANCHOR: main_loop
    let (train, test) = circle_data(s)?;
    let (t, t_test) = (train.one_hot(), test.one_hot());
    let arch = Architecture::classifier(&s.sizes(2, 2), s.activation);
    let mut net = Network::<f64>::new(&arch, s.seed)?;
    let mut opt = s.optimizer.build::<f64>();
    let mut learner: Box<dyn Learner<f64>> = match imp {
        Implementation::Reference => Box::new(Reference),
        Implementation::Mine => Box::new(Mine {
            attenuation: s.attenuation,
            learning_plan: s.learning_plan,
        }),
    };
    let start = Instant::now();
    let history = train_with(
        &mut net,
        opt.as_mut(),
        learner.as_mut(),
        Data { x: &train.x, t: &t },
        Some(Data {
            x: &test.x,
            t: &t_test,
        }),
        &s.train_config(),
        &mut |p, _| progress(p),
    )?;
    // ANCHOR_END: main_loop
    let seconds = start.elapsed().as_secs_f64();
    // The same seed builds the same untrained network: its record is iteration 0 of the curves.
    let untrained = Network::<f64>::new(&arch, s.seed)?;
    let start = nn_core::fit::evaluate_record(
        &untrained,
        0,
        s.eta,
        Data { x: &train.x, t: &t },
        Some(Data {
            x: &test.x,
            t: &t_test,
        }),
    )?;
    let mut history = history;
    history.records.insert(0, start);
    Ok(Outcome {
        net,
        history,
        train,
        test,
        seconds,
        radius: s.radius,
    })
}

const FILE: &str = "lessons/lesson3/src/homework.rs";

/// The learner's `forward_loop`, `backward_loop` and `update_eta` plugged into nn-core's loop
/// (lesson 3's `--mine`, and the playground's).
#[derive(Debug, Clone, Copy)]
pub struct Mine {
    /// Factor applied to η every `learning_plan` iterations.
    pub attenuation: f64,
    /// Iterations between attenuations (0: never).
    pub learning_plan: usize,
}

// ANCHOR: mine
impl Learner<f64> for Mine {
    fn gradients(
        &mut self,
        net: &mut Network<f64>,
        x: &DMatrix<f64>,
        t: &DMatrix<f64>,
    ) -> nn_core::Result<f64> {
        mine("forward_loop", || crate::homework::forward_loop(net, x))?;
        check_output_shape(net, t)?;
        let loss = net.loss_value(t);
        mine("backward_loop", || {
            crate::homework::backward_loop(net, x, t)
        })?;
        check_gradient_shapes(net)?;
        Ok(loss)
    }

    /// η₀ is the lecture's `eta`; after that, `update_eta(η, i − 1, attenuation, learning_plan)`.
    fn eta(&mut self, schedule: &Schedule, i: usize, previous: f64) -> nn_core::Result<f64> {
        if i == 0 {
            return Ok(schedule.eta(0));
        }
        let (a, p) = (self.attenuation, self.learning_plan);
        mine("update_eta", || {
            crate::homework::update_eta(previous, i - 1, a, p)
        })
    }
}
// ANCHOR_END: mine

/// Runs the learner's homework function `exercise` (an id in `exercises.toml`, also the
/// function's name), turning an unfinished `todo!` or a panic into one friendly sentence that
/// names it.
fn mine<R>(exercise: &str, f: impl FnOnce() -> R) -> nn_core::Result<R> {
    nn_course::mine::guard(FILE, f).map_err(|e| {
        let named = format!("`{exercise}`");
        CoreError::Plugged(if e.contains(&named) {
            e
        } else {
            format!("{named}: {e}")
        })
    })
}

/// The loss needs the last layer's `x` shaped like the targets `t`.
fn check_output_shape(net: &Network<f64>, t: &DMatrix<f64>) -> nn_core::Result<()> {
    if net.output().shape() != t.shape() {
        return Err(CoreError::Plugged(format!(
            "your `forward_loop` left the last layer's x {}×{}, but it should be {}×{}",
            net.output().nrows(),
            net.output().ncols(),
            t.nrows(),
            t.ncols()
        )));
    }
    Ok(())
}

/// The optimizer needs `dw` shaped like `w` and `db` like `b`.
fn check_gradient_shapes(net: &Network<f64>) -> nn_core::Result<()> {
    for (k, layer) in net.layers.iter().enumerate() {
        if layer.dw.shape() != layer.w.shape() || layer.db.len() != layer.b.len() {
            return Err(CoreError::Plugged(format!(
                "after your `backward_loop`, W^{}'s gradient dw is {}×{} and db has {} entries, but w is {}×{} and b has {}",
                k + 1,
                layer.dw.nrows(),
                layer.dw.ncols(),
                layer.db.len(),
                layer.w.nrows(),
                layer.w.ncols(),
                layer.b.len()
            )));
        }
    }
    Ok(())
}
