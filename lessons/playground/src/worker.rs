//! The training thread: nn-core's one loop, `train_with`, on a std thread — one thread per run
//! for the run's whole life (a reset starts the loop again on the same thread). A `Gate` learner
//! wraps the real one (nn-core's [`Reference`] or the learner's [`Mine`]): before every
//! iteration it asks the buttons whether to go on, wait, take one step, start again or stop
//! (and after the gradients it asks again, so a stopped run does not even apply its update);
//! on a step it captures the matrices. The observer publishes numbers and pictures a few times
//! a second, and every iteration at slow speeds.

use crate::control::{Control, Mode, Turn};
use crate::datasets::Extent;
use crate::mine::Mine;
use crate::settings::{Settings, short};
use crate::state::{Point, Shared, Status, StepMatrices};
use crate::visuals::Visuals;
use nalgebra::DMatrix;
use nn_core::{
    CoreError, Data, Learner, Mode as BatchMode, Network, Reference, Schedule, TrainConfig,
    train_with,
};
use nn_data::Dataset;
use std::cell::{Cell, RefCell};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// Pictures are recomputed at most this often while playing.
const FRAME_EVERY: Duration = Duration::from_millis(120);

/// What a run trains on and starts from (kept for resets).
#[derive(Debug)]
pub struct RunData {
    /// The training set.
    pub train: Dataset<f64>,
    /// The test set (may be empty).
    pub test: Dataset<f64>,
    /// One-hot targets of the training set.
    pub t_train: DMatrix<f64>,
    /// One-hot targets of the test set.
    pub t_test: DMatrix<f64>,
    /// The square drawn.
    pub extent: Extent,
    /// The initial network (the same for the same seed).
    pub initial: Network<f64>,
    /// The settings.
    pub settings: Settings,
    /// Train with the learner's lesson 3 functions.
    pub mine: bool,
}

/// Counts the live training threads (a stopped run's thread counts until its step ends).
#[derive(Debug, Default)]
pub struct Threads {
    live: Mutex<usize>,
    changed: std::sync::Condvar,
}

impl Threads {
    /// Live threads now.
    pub fn live(&self) -> usize {
        *self.live.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits up to `limit` for the count to change; returns the count.
    pub fn wait_change(&self, limit: Duration) -> usize {
        let g = self.live.lock().unwrap_or_else(|e| e.into_inner());
        let (g, _) = self
            .changed
            .wait_timeout(g, limit)
            .unwrap_or_else(|e| e.into_inner());
        *g
    }

    fn add(&self, by: isize) {
        let mut g = self.live.lock().unwrap_or_else(|e| e.into_inner());
        *g = g.saturating_add_signed(by);
        self.changed.notify_all();
    }
}

/// One live thread's place in [`Threads`], given back when the thread ends.
struct Seat(Arc<Threads>);

impl Drop for Seat {
    fn drop(&mut self) {
        self.0.add(-1);
    }
}

/// Where a training thread writes.
#[derive(Debug, Clone)]
pub struct Outlet {
    /// The run's state.
    pub shared: Arc<Mutex<Shared>>,
    /// Tells the event streams something changed.
    pub notify: Arc<watch::Sender<u64>>,
    /// This thread's generation: it writes only while `shared.generation` matches.
    pub generation: u64,
}

impl Outlet {
    /// Changes the shared state (if this thread is still the run's) and tells the streams.
    pub fn publish(&self, f: impl FnOnce(&mut Shared)) {
        let mut s = self.shared.lock().unwrap_or_else(|e| e.into_inner());
        if s.generation != self.generation {
            return;
        }
        f(&mut s);
        drop(s);
        self.notify.send_modify(|v| *v += 1);
    }
}

/// The learner of the run, with the buttons in front of it.
struct Gate<'a> {
    inner: Box<dyn Learner<f64>>,
    control: &'a Control,
    outlet: &'a Outlet,
    iteration: usize,
    stepping: bool,
    /// The step's matrices, waiting for the weights after the update (the observer adds them).
    pending: &'a RefCell<Option<StepMatrices>>,
    /// The learning rate of the current iteration.
    eta: &'a Cell<f64>,
}

impl Learner<f64> for Gate<'_> {
    fn gradients(
        &mut self,
        net: &mut Network<f64>,
        x: &DMatrix<f64>,
        t: &DMatrix<f64>,
    ) -> nn_core::Result<f64> {
        let outlet = self.outlet;
        let turn = self
            .control
            .turn(|| outlet.publish(|s| s.status = Status::Paused));
        self.stepping = turn == Turn::Step;
        match turn {
            Turn::Stop | Turn::Reset => return Err(CoreError::Plugged("stopped".into())),
            Turn::Go => outlet.publish(|s| {
                if s.status != Status::Running {
                    s.status = Status::Running;
                }
            }),
            Turn::Step => {}
        }
        self.iteration += 1;
        let loss = self.inner.gradients(net, x, t)?;
        if self.control.interrupted() {
            return Err(CoreError::Plugged("stopped".into()));
        }
        if self.stepping {
            *self.pending.borrow_mut() =
                Some(StepMatrices::capture(net, x, t, self.iteration, loss));
        }
        Ok(loss)
    }

    fn eta(&mut self, schedule: &Schedule, i: usize, previous: f64) -> nn_core::Result<f64> {
        let eta = self.inner.eta(schedule, i, previous)?;
        self.eta.set(eta);
        if i == 0 || eta != previous {
            self.outlet.publish(|s| s.eta = eta);
        }
        Ok(eta)
    }
}

/// Starts the training thread of a run, paused at iteration 0, counted in `threads` until it
/// ends. It trains, and after a reset trains again from the initial weights, until stopped.
pub fn spawn(data: Arc<RunData>, control: Arc<Control>, mut outlet: Outlet, threads: Arc<Threads>) {
    threads.add(1);
    let seat = Seat(threads);
    std::thread::spawn(move || {
        let _seat = seat;
        loop {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                train(&data, &control, &outlet)
            }));
            if let Err(panic) = result {
                let text = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "unknown panic".into());
                outlet.publish(|s| {
                    s.status = Status::Error;
                    s.message = Some(format!("training stopped: {text}"));
                });
            }
            match control.wait_for_reset() {
                Turn::Reset => {
                    control.take_reset();
                    outlet.generation = outlet
                        .shared
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .generation;
                }
                _ => return,
            }
        }
    });
}

fn train(data: &RunData, control: &Control, outlet: &Outlet) {
    let s = &data.settings;
    let mut net = data.initial.clone();
    let visuals = Arc::new(Visuals::of(&net, data.extent));
    outlet.publish(|sh| sh.visuals = Some(visuals));
    let Ok(kind) = s.optimizer() else { return };
    let mut opt = kind.build::<f64>();
    let inner: Box<dyn Learner<f64>> = if data.mine {
        Box::new(Mine {
            attenuation: s.attenuation,
            learning_plan: s.learning_plan,
        })
    } else {
        Box::new(Reference)
    };
    let pending = RefCell::new(None);
    let eta_now = Cell::new(s.eta);
    let mut gate = Gate {
        inner,
        control,
        outlet,
        iteration: 0,
        stepping: false,
        pending: &pending,
        eta: &eta_now,
    };
    let cfg = TrainConfig {
        mode: BatchMode::MiniBatch(s.batch_size),
        iterations: s.iterations,
        show_interval: s.show_interval(),
        schedule: Schedule::StepDecay {
            eta: s.eta,
            attenuation: s.attenuation,
            learning_plan: s.learning_plan,
        },
        seed: s.seed,
        weight_decay: 0.0,
    };
    let test = (data.test.n() > 0).then_some(Data {
        x: &data.test.x,
        t: &data.t_test,
    });
    let mut last_frame = Instant::now();
    let optimizer = s.optimizer.to_ascii_lowercase();
    let result = train_with(
        &mut net,
        opt.as_mut(),
        &mut gate,
        Data {
            x: &data.train.x,
            t: &data.t_train,
        },
        test,
        &cfg,
        &mut |p, net| {
            if control.interrupted() {
                return; // no picture for a run that is being stopped
            }
            let step = pending.borrow_mut().take().map(|mut m| {
                m.updated(net, eta_now.get(), &optimizer);
                Arc::new(m)
            });
            let paused = control.mode() != Mode::Playing;
            let picture = paused || p.iteration == p.total || last_frame.elapsed() >= FRAME_EVERY;
            let visuals = picture.then(|| Arc::new(Visuals::of(net, data.extent)));
            if picture {
                last_frame = Instant::now();
            }
            outlet.publish(|sh| {
                if step.is_some() {
                    sh.step = step;
                }
                sh.iteration = p.iteration;
                sh.batch_loss = Some(p.batch_loss);
                if let Some(r) = p.record {
                    sh.history.push(Point {
                        iteration: r.iteration,
                        loss: r.train_loss,
                        test_loss: r.test_loss,
                        train_accuracy: r.train_accuracy,
                        test_accuracy: r.test_accuracy,
                    });
                    sh.loss = Some(r.train_loss);
                    sh.train_accuracy = Some(r.train_accuracy);
                    sh.test_accuracy = r.test_accuracy;
                } else if sh.history.is_empty() {
                    sh.loss = Some(p.batch_loss);
                }
                if let Some(v) = visuals {
                    sh.visuals = Some(v);
                }
            });
        },
    );
    if let Some(mut m) = pending.borrow_mut().take() {
        // The step on which training ended (diverged, say): shown with the weights it left.
        m.updated(&net, eta_now.get(), &optimizer);
        let m = Arc::new(m);
        outlet.publish(|sh| sh.step = Some(m));
    }
    if control.interrupted() {
        // Stopped for good (nothing to show), or reset (the run's state is already fresh).
        if control.mode() == Mode::Stopped {
            outlet.publish(|sh| sh.status = Status::Stopped);
        }
        return;
    }
    let mut reached = None;
    let (status, message) = match result {
        Ok(_) => (Status::Done, None),
        Err(CoreError::Diverged { iteration, eta, .. }) => {
            reached = Some(iteration);
            (
                Status::Diverged,
                Some(format!(
                    "training diverged at iteration {iteration}: the loss and the weights blew up with η = {}; try a smaller learning rate η.",
                    short(eta)
                )),
            )
        }
        Err(e) => (Status::Error, Some(nn_core::one_sentence(&e))),
    };
    let visuals = Some(Arc::new(Visuals::of(&net, data.extent)));
    outlet.publish(|sh| {
        sh.status = status;
        sh.message = message;
        if let Some(i) = reached {
            sh.iteration = i; // the iteration that blew up (the observer never saw it)
        }
        if let Some(v) = visuals {
            sh.visuals = Some(v);
        }
    });
}
