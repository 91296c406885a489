//! The one training loop of the course: lecture 3's loop with epochs first-class, as in *Deep
//! Learning from Scratch*'s `common/trainer.py`. What one step computes is an [`Engine`]'s
//! business — the lectures' [`LearnerStep`] (nn-core's passes or a learner's own functions on
//! one thread), or lesson 6's data-parallel step in `nn-fast` — and everything around it is
//! written here once: the learning plan, the divergence check, the records, weight averaging and
//! the observer.

use crate::error::{CoreError, Result};
use crate::regularize::{add_weight_decay, average_in};
use crate::train::{
    Data, History, Learner, MiniBatches, Mode, Progress, Record, Reference, TrainConfig,
    apply_gradients, diverged, weights_blown_up,
};
use crate::{Float, Network, Optimizer, Schedule};
use std::time::Instant;

/// One iteration of learning, however it is computed: draw the next mini-batch, compute every
/// `∂L/∂W^l` and `∂L/∂b^l`, add weight decay `λW^l`, and update every parameter at the learning
/// rate η.
pub trait Step<T: Float> {
    /// Learns from the next mini-batch at learning rate `eta`; returns its loss before the
    /// update and leaves the updated parameters in `net`.
    fn step(&mut self, net: &mut Network<T>, opt: &mut dyn Optimizer<T>, eta: T) -> Result<f64>;

    /// The learning rate for index `i` of the plan (an iteration, or an epoch when the plan
    /// counts epochs), given the previous one. Default: the schedule's `η(i)`.
    fn eta(&mut self, schedule: &Schedule, i: usize, _previous: f64) -> Result<f64> {
        Ok(schedule.eta(i))
    }
}

/// The body of the loop that an [`Engine`] runs its steps in: it is given the step to take and
/// the network and optimizer to take it with.
pub type Body<'b, T> =
    dyn FnMut(&mut dyn Step<T>, &mut Network<T>, &mut dyn Optimizer<T>) -> Result<()> + 'b;

/// Where the steps run, and how a network is judged.
pub trait Engine<T: Float> {
    /// Mini-batches in one epoch (a pass over the training set).
    fn steps_per_epoch(&self) -> usize;

    /// Runs `body` once, with the step that takes epoch `e`'s steps from step `from` on (counted
    /// from 0; at 0 the epoch starts, with a fresh shuffle where the engine shuffles per epoch).
    /// A data-parallel engine calls `body` inside the scope of its worker threads.
    fn run(
        &mut self,
        e: usize,
        from: usize,
        net: &mut Network<T>,
        opt: &mut dyn Optimizer<T>,
        body: &mut Body<'_, T>,
    ) -> Result<()>;

    /// Loss and accuracy of `net` on a whole data set. Default: [`Network::evaluate`].
    fn evaluate(&self, net: &Network<T>, data: Data<'_, T>) -> Result<(f64, f64)> {
        net.evaluate(data.x, data.t)
    }
}

/// How long the loop runs, and when it records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    /// The lectures' count: `iterations` steps, a record every `show_interval` of them (0:
    /// none) and at the end; the learning plan is indexed by iteration, and the weights are
    /// checked for divergence after every step.
    Iterations {
        /// Steps in all (the lectures' `loop`).
        iterations: usize,
        /// Steps between records.
        show_interval: usize,
    },
    /// Lesson 6's count: `epochs` passes over the training set, a record after each; the
    /// learning plan is indexed by epoch, and the weights are checked after every epoch (a
    /// scan of every weight after every step would cost a few percent of a large network's
    /// step).
    Epochs {
        /// Passes over the training set.
        epochs: usize,
        /// Average the weights of every epoch from this one on (1-based), and judge the average
        /// ([`average_in`]); `None`: no averaging.
        average_from: Option<usize>,
    },
}

/// What the loop does: how long, and the learning plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plan {
    /// How long, and when to record.
    pub length: Length,
    /// The learning rate over the plan's index (iterations or epochs).
    pub schedule: Schedule,
}

/// The loop's running sums between two records.
#[derive(Debug, Default)]
struct Since {
    loss_sum: f64,
    steps: usize,
    seconds: f64,
}

// ANCHOR: fit
/// The training loop: step after step, epoch after epoch, as `plan` says, each step taken by
/// `engine` at the learning plan's η. Every loss is checked for divergence (not finite, or
/// [`crate::train::DIVERGENCE_FACTOR`] times the first), and so are the weights
/// ([`weights_blown_up`]; see [`Length`] for when). Loss and accuracy on `train` and `test` are
/// recorded as [`Length`] says, by the engine's evaluation, of the averaged weights when
/// averaging. `observe` sees every step's [`Progress`] and the network after it.
///
/// Leaves the trained network in `net` (the average, when averaging).
pub fn fit<T: Float>(
    net: &mut Network<T>,
    opt: &mut dyn Optimizer<T>,
    engine: &mut dyn Engine<T>,
    plan: &Plan,
    (train, test): (Data<'_, T>, Option<Data<'_, T>>),
    observe: &mut dyn FnMut(&Progress<'_>, &Network<T>),
) -> Result<History> {
    let per_epoch = engine.steps_per_epoch().max(1);
    let (total, show, average_from, by_epoch) = match plan.length {
        Length::Iterations {
            iterations,
            show_interval,
        } => (iterations, show_interval, None, false),
        Length::Epochs {
            epochs,
            average_from,
        } => {
            let total = epochs.checked_mul(per_epoch).ok_or_else(|| {
                CoreError::config("epochs", format!("{epochs} epochs are too many steps"))
            })?;
            (total, per_epoch, average_from, true)
        }
    };
    let mut history = History::default();
    let (mut eta, mut first_loss) = (plan.schedule.eta(0), None);
    let (mut done, mut since) = (0, Since::default());
    let mut average: Option<(Network<T>, usize)> = None;
    // ANCHOR: the_loop
    while done < total {
        let (e, from) = (done / per_epoch, done % per_epoch);
        // Up to the epoch's end, the next record or the end of the plan, whichever comes first.
        let record_at = done.checked_div(show).map_or(total, |q| (q + 1) * show);
        let end = ((e + 1) * per_epoch).min(record_at).min(total);
        let start = Instant::now();
        let mut last_loss = f64::NAN;
        engine.run(e, from, net, opt, &mut |step, net, opt| {
            for i in done..end {
                if !by_epoch || i % per_epoch == 0 {
                    eta = step.eta(&plan.schedule, if by_epoch { e } else { i }, eta)?;
                }
                let loss = step.step(net, opt, T::of(eta))?; // next mini-batch, ∂L/∂W, W ← W − η ∂L/∂W
                let first = *first_loss.get_or_insert(loss.abs().max(1.0));
                if diverged(loss, first) || (!by_epoch && weights_blown_up(net)) {
                    return Err(CoreError::Diverged {
                        iteration: i + 1,
                        loss,
                        eta,
                    });
                }
                (since.loss_sum, since.steps, last_loss) =
                    (since.loss_sum + loss, since.steps + 1, loss);
                if i + 1 < end {
                    observe(&progress(i + 1, total, per_epoch, loss, None), net);
                }
            }
            Ok(())
        })?;
        since.seconds += start.elapsed().as_secs_f64();
        let record = if end == record_at || end == total {
            if by_epoch && weights_blown_up(net) {
                return Err(CoreError::Diverged {
                    iteration: end,
                    loss: last_loss,
                    eta,
                });
            }
            if average_from.is_some_and(|from| e + 1 >= from) {
                average_in(&mut average, net);
            }
            let judged = average.as_ref().map_or(&*net, |(avg, _)| avg);
            let judge = |data: Data<'_, T>| engine.evaluate(judged, data);
            let mut record = record_by(&judge, end, eta, train, test)?;
            record.epoch = end.div_ceil(per_epoch);
            record.mean_batch_loss = since.loss_sum / since.steps as f64;
            record.seconds = since.seconds;
            since = Since::default();
            history.records.push(record);
            history.records.last()
        } else {
            None
        };
        observe(&progress(end, total, per_epoch, last_loss, record), net);
        done = end;
    }
    // ANCHOR_END: the_loop
    if let Some((avg, _)) = average {
        *net = avg;
    }
    Ok(history)
}
// ANCHOR_END: fit

/// The [`Progress`] after `done` of `total` steps.
fn progress(
    done: usize,
    total: usize,
    per_epoch: usize,
    batch_loss: f64,
    record: Option<&Record>,
) -> Progress<'_> {
    Progress {
        iteration: done,
        total,
        epoch: (done - 1) / per_epoch + 1,
        step: (done - 1) % per_epoch + 1,
        steps: per_epoch,
        batch_loss,
        record,
    }
}

/// Loss and accuracy on a data set, by an engine's evaluation.
type Judge<'j, T> = dyn Fn(Data<'_, T>) -> Result<(f64, f64)> + 'j;

/// A [`Record`] after `done` steps, judged by `judge`; a training or test loss that is not
/// finite is divergence.
pub(crate) fn record_by<T: Float>(
    judge: &Judge<'_, T>,
    done: usize,
    eta: f64,
    train: Data<'_, T>,
    test: Option<Data<'_, T>>,
) -> Result<Record> {
    let (train_loss, train_accuracy) = judge(train)?;
    let (test_loss, test_accuracy) = match test {
        Some(d) => {
            let (l, a) = judge(d)?;
            (Some(l), Some(a))
        }
        None => (None, None),
    };
    if let Some(loss) = std::iter::once(train_loss)
        .chain(test_loss)
        .find(|l| !l.is_finite())
    {
        return Err(CoreError::Diverged {
            iteration: done,
            loss,
            eta,
        });
    }
    Ok(Record {
        iteration: done,
        eta,
        train_loss,
        train_accuracy,
        test_loss,
        test_accuracy,
        ..Record::default()
    })
}

// ANCHOR: learner_step
/// The lectures' step on one thread: the next mini-batch from the shuffled order (batch,
/// mini-batch or online learning, [`MiniBatches`]), the `learner`'s forward and backward passes,
/// weight decay, and the optimizer's update.
pub struct LearnerStep<'a, T: Float> {
    /// Computes the gradients of a mini-batch: nn-core's passes, or a learner's.
    pub learner: &'a mut dyn Learner<T>,
    /// The training set.
    pub data: Data<'a, T>,
    /// Batch, mini-batch or online.
    pub mode: Mode,
    /// The shuffled order the mini-batches are drawn from.
    pub batches: MiniBatches<T>,
    /// Weight decay λ (0: none).
    pub weight_decay: f64,
}

impl<T: Float> Step<T> for LearnerStep<'_, T> {
    fn step(&mut self, net: &mut Network<T>, opt: &mut dyn Optimizer<T>, eta: T) -> Result<f64> {
        let batch = self.mode.batch_size(self.data.x.nrows());
        // ANCHOR: loop_steps
        let (x, t) = match self.mode {
            Mode::Batch => (self.data.x, self.data.t),
            _ => self.batches.next_batch(self.data, batch),
        };
        let loss = self.learner.gradients(net, x, t)?; // forward, loss, backward
        add_weight_decay(net, T::of(self.weight_decay)); // ∂L/∂W += λW
        apply_gradients(net, opt, eta); // W ← W − η ∂L/∂W, or another optimizer
        // ANCHOR_END: loop_steps
        Ok(loss.as_f64())
    }

    fn eta(&mut self, schedule: &Schedule, i: usize, previous: f64) -> Result<f64> {
        self.learner.eta(schedule, i, previous)
    }
}
// ANCHOR_END: learner_step

impl<T: Float> Engine<T> for LearnerStep<'_, T> {
    /// `⌊n / batch⌋` (at least 1): the order runs on into the next shuffle, so an epoch's
    /// leftover instances start the next epoch.
    fn steps_per_epoch(&self) -> usize {
        let n = self.data.x.nrows();
        (n / self.mode.batch_size(n).max(1)).max(1)
    }

    fn run(
        &mut self,
        _e: usize,
        _from: usize,
        net: &mut Network<T>,
        opt: &mut dyn Optimizer<T>,
        body: &mut Body<'_, T>,
    ) -> Result<()> {
        body(self, net, opt)
    }

    fn evaluate(&self, net: &Network<T>, data: Data<'_, T>) -> Result<(f64, f64)> {
        self.learner.evaluate(net, data)
    }
}

/// Trains `net` on `train` with nn-core's own passes: [`train_with`] and [`Reference`].
pub fn train<T: Float>(
    net: &mut Network<T>,
    opt: &mut dyn Optimizer<T>,
    train: Data<'_, T>,
    test: Option<Data<'_, T>>,
    cfg: &TrainConfig,
    progress: &mut dyn FnMut(&Progress<'_>),
) -> Result<History> {
    train_with(net, opt, &mut Reference, train, test, cfg, &mut |p, _| {
        progress(p)
    })
}

/// The lectures' training loop, the one lessons 3–5 and the playground use: [`fit`] with a
/// [`LearnerStep`] — for `cfg.iterations` iterations, take the next mini-batch (batch, mini-batch
/// or online learning), let `learner` compute the gradients, add weight decay `λW` if
/// `cfg.weight_decay > 0`, and update every `W^l`, `b^l` with the optimizer at the learning rate
/// of the plan. Loss and accuracy on the training and (optional) test sets are recorded every
/// `cfg.show_interval` iterations and at the end.
///
/// `observe` sees every iteration's [`Progress`] and the network (for progress bars, animation
/// frames and boundary snapshots). A loss that is not finite, or a thousand times the first one,
/// stops training with [`CoreError::Diverged`].
pub fn train_with<T: Float>(
    net: &mut Network<T>,
    opt: &mut dyn Optimizer<T>,
    learner: &mut dyn Learner<T>,
    train: Data<'_, T>,
    test: Option<Data<'_, T>>,
    cfg: &TrainConfig,
    observe: &mut dyn FnMut(&Progress<'_>, &Network<T>),
) -> Result<History> {
    check_run(net, train, test, cfg)?;
    let mut step = LearnerStep {
        learner,
        data: train,
        mode: cfg.mode,
        batches: MiniBatches::new(cfg.seed),
        weight_decay: cfg.weight_decay,
    };
    let plan = Plan {
        length: Length::Iterations {
            iterations: cfg.iterations,
            show_interval: cfg.show_interval,
        },
        schedule: cfg.schedule,
    };
    fit(net, opt, &mut step, &plan, (train, test), observe)
}

/// The checks before any work: shapes, a non-empty training set, a batch size of at least 1.
fn check_run<T: Float>(
    net: &Network<T>,
    train: Data<'_, T>,
    test: Option<Data<'_, T>>,
    cfg: &TrainConfig,
) -> Result<()> {
    net.check_data(train.x, Some(train.t))?;
    if let Some(test) = test {
        net.check_data(test.x, Some(test.t))?;
    }
    if train.x.nrows() == 0 {
        return Err(CoreError::config("training set", "it has no instances"));
    }
    if cfg.mode == Mode::MiniBatch(0) {
        return Err(CoreError::config("batch size", "it must be at least 1"));
    }
    if !(cfg.weight_decay >= 0.0 && cfg.weight_decay.is_finite()) {
        return Err(CoreError::config(
            "weight decay",
            format!("λ must be a finite number ≥ 0, found {}", cfg.weight_decay),
        ));
    }
    Ok(())
}

/// Loss and accuracy on the training and test sets, as a [`Record`] (nn-core's evaluation).
pub fn evaluate_record<T: Float>(
    net: &Network<T>,
    iteration: usize,
    eta: f64,
    train: Data<'_, T>,
    test: Option<Data<'_, T>>,
) -> Result<Record> {
    record_by(
        &|d: Data<'_, T>| net.evaluate(d.x, d.t),
        iteration,
        eta,
        train,
        test,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Activation, Architecture, OptimizerKind, one_hot, train_step};
    use nalgebra::DMatrix;

    /// 23 points in the plane, labelled by the side of a line they are on.
    fn points() -> (DMatrix<f64>, DMatrix<f64>) {
        let x = DMatrix::from_fn(23, 2, |i, j| ((i * 7 + j * 5) % 11) as f64 / 5.0 - 1.0);
        let labels: Vec<usize> = (0..23)
            .map(|i| usize::from(x[(i, 0)] > x[(i, 1)]))
            .collect();
        (x, one_hot(&labels, 2))
    }

    /// nn-core's passes on mini-batches of 5, with weight decay `lambda`.
    fn batches_of_5<'a>(
        learner: &'a mut Reference,
        data: Data<'a, f64>,
        lambda: f64,
    ) -> LearnerStep<'a, f64> {
        LearnerStep {
            learner,
            data,
            mode: Mode::MiniBatch(5),
            batches: MiniBatches::new(2),
            weight_decay: lambda,
        }
    }

    fn net() -> Network<f64> {
        Network::new(&Architecture::classifier(&[2, 5, 2], Activation::Tanh), 3).unwrap()
    }

    #[test]
    fn train_with_is_lecture_3s_loop_written_out() {
        // The loop with nn-core's passes must do exactly what the lecture's loop does by hand:
        // the same mini-batches, the same steps, the same weights.
        let (x, t) = points();
        let data = Data { x: &x, t: &t };
        let cfg = TrainConfig {
            mode: Mode::MiniBatch(4),
            iterations: 17,
            show_interval: 5,
            ..TrainConfig::default()
        };
        let (mut a, mut b) = (net(), net());
        let (mut opt_a, mut opt_b) = (
            OptimizerKind::Momentum.build(),
            OptimizerKind::Momentum.build(),
        );
        let h = train(&mut a, opt_a.as_mut(), data, None, &cfg, &mut |_| {}).unwrap();
        let mut batches = MiniBatches::new(cfg.seed);
        for i in 0..cfg.iterations {
            let (xb, tb) = batches.next_batch(data, 4);
            train_step(&mut b, opt_b.as_mut(), xb, tb, cfg.schedule.eta(i)).unwrap();
        }
        for (la, lb) in a.layers.iter().zip(&b.layers) {
            assert_eq!(la.w, lb.w);
            assert_eq!(la.b, lb.b);
        }
        let at: Vec<usize> = h.records.iter().map(|r| r.iteration).collect();
        assert_eq!(at, [5, 10, 15, 17], "every show_interval and at the end");
    }

    #[test]
    fn epochs_record_once_each_with_the_epochs_eta_and_mean_batch_loss() {
        let (x, t) = points();
        let data = Data { x: &x, t: &t };
        let mut learner = Reference;
        let mut step = batches_of_5(&mut learner, data, 0.0);
        assert_eq!(step.steps_per_epoch(), 4, "⌊23/5⌋");
        let plan = Plan {
            length: Length::Epochs {
                epochs: 3,
                average_from: None,
            },
            schedule: Schedule::StepDecay {
                eta: 0.4,
                attenuation: 0.5,
                learning_plan: 1,
            },
        };
        let mut net = net();
        let mut opt = OptimizerKind::Sgd.build();
        let mut losses = Vec::new();
        let mut places = Vec::new();
        let h = fit(
            &mut net,
            opt.as_mut(),
            &mut step,
            &plan,
            (data, Some(data)),
            &mut |p, _| {
                losses.push(p.batch_loss);
                places.push((p.epoch, p.step, p.record.is_some()));
            },
        )
        .unwrap();
        assert_eq!(h.records.len(), 3);
        for (e, r) in h.records.iter().enumerate() {
            assert_eq!((r.epoch, r.iteration), (e + 1, 4 * (e + 1)));
            assert_eq!(r.eta, 0.4 * 0.5f64.powi(e as i32), "η of epoch {e}");
            let mean = losses[4 * e..4 * (e + 1)].iter().sum::<f64>() / 4.0;
            assert!((r.mean_batch_loss - mean).abs() < 1e-15);
            assert_eq!(
                r.test_loss,
                Some(r.train_loss),
                "the same data judged twice"
            );
        }
        assert_eq!(
            places[..5],
            [
                (1, 1, false),
                (1, 2, false),
                (1, 3, false),
                (1, 4, true),
                (2, 1, false)
            ]
        );
    }

    #[test]
    fn averaging_leaves_the_mean_of_the_averaged_epochs_weights() {
        let (x, t) = points();
        let data = Data { x: &x, t: &t };
        let mut learner = Reference;
        let mut step = batches_of_5(&mut learner, data, 1e-3);
        let plan = Plan {
            length: Length::Epochs {
                epochs: 4,
                average_from: Some(2),
            },
            schedule: Schedule::Constant { eta: 0.3 },
        };
        let mut net = net();
        let mut opt = OptimizerKind::Adam.build();
        let mut ends = Vec::new();
        let h = fit(
            &mut net,
            opt.as_mut(),
            &mut step,
            &plan,
            (data, None),
            &mut |p, n| {
                if p.record.is_some() {
                    ends.push(n.layers[0].w.clone());
                }
            },
        )
        .unwrap();
        let mean = (&ends[1] + &ends[2] + &ends[3]) / 3.0;
        assert!((&net.layers[0].w - &mean).abs().max() < 1e-12);
        assert_ne!(net.layers[0].w, ends[3], "not the last epoch's weights");
        let judged = net.evaluate(&x, &t).unwrap();
        assert!(
            (h.records[3].train_loss - judged.0).abs() < 1e-12,
            "the average was judged"
        );
    }

    #[test]
    fn a_diverging_run_stops_at_the_step_that_diverged() {
        let (x, t) = points();
        let data = Data { x: &x, t: &t };
        let cfg = TrainConfig {
            mode: Mode::Batch,
            iterations: 50,
            schedule: Schedule::Constant { eta: 1e12 },
            ..TrainConfig::default()
        };
        let mut seen = 0;
        let err = train(
            &mut net(),
            OptimizerKind::Sgd.build().as_mut(),
            data,
            None,
            &cfg,
            &mut |p| seen = p.iteration,
        )
        .unwrap_err();
        let CoreError::Diverged { iteration, .. } = err else {
            panic!("{err}");
        };
        assert!(iteration <= 2, "diverged at {iteration}");
        assert_eq!(
            seen,
            iteration - 1,
            "no step was observed after the divergence"
        );
    }
}
