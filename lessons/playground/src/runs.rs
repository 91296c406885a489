//! The table of live runs: at most [`Registry::max`] at once (the oldest idle one is evicted to
//! make room; if every run is training, a new one is refused), and runs nobody has looked at for
//! [`Registry::idle`] are dropped.

use crate::control::Control;
use crate::datasets;
use crate::settings::Settings;
use crate::state::Shared;
use crate::worker::{self, Outlet, RunData};
use nn_core::{Architecture, Network};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// One run: its data, its training thread's buttons and what it shows.
#[derive(Debug)]
pub struct Run {
    /// Its id in the table.
    pub id: u64,
    /// Data, settings and initial network.
    pub data: Arc<RunData>,
    /// What the page shows.
    pub shared: Arc<Mutex<Shared>>,
    /// Bumped on every change, for the event streams.
    pub notify: Arc<watch::Sender<u64>>,
    control: Mutex<Arc<Control>>,
    last_seen: Mutex<Instant>,
}

impl Run {
    fn start(id: u64, data: Arc<RunData>) -> Arc<Run> {
        let s = &data.settings;
        let shared = Arc::new(Mutex::new(Shared::new(1, s.iterations, s.eta)));
        let (notify, _) = watch::channel(0);
        let run = Arc::new(Run {
            id,
            data,
            shared,
            notify: Arc::new(notify),
            control: Mutex::new(Arc::new(Control::default())),
            last_seen: Mutex::new(Instant::now()),
        });
        run.spawn(1);
        run
    }

    fn spawn(&self, generation: u64) {
        let outlet = Outlet {
            shared: Arc::clone(&self.shared),
            notify: Arc::clone(&self.notify),
            generation,
        };
        worker::spawn(Arc::clone(&self.data), self.control(), outlet);
    }

    /// The current training thread's buttons.
    pub fn control(&self) -> Arc<Control> {
        Arc::clone(&self.control.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Marks the run as looked at now.
    pub fn touch(&self) {
        *self.last_seen.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
    }

    fn idle_for(&self) -> Duration {
        self.last_seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .elapsed()
    }

    /// Whether its thread is training right now.
    pub fn training(&self) -> bool {
        self.control().mode() == crate::control::Mode::Playing
            && !self.snapshot(|s| s.status.finished())
    }

    /// Reads the shared state.
    pub fn snapshot<R>(&self, f: impl FnOnce(&Shared) -> R) -> R {
        f(&self.shared.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Stops the training thread and starts a fresh one from the same initial weights.
    pub fn reset(&self) {
        let fresh = Arc::new(Control::default());
        let old = std::mem::replace(
            &mut *self.control.lock().unwrap_or_else(|e| e.into_inner()),
            fresh,
        );
        old.stop();
        let generation = {
            let mut s = self.shared.lock().unwrap_or_else(|e| e.into_inner());
            let generation = s.generation + 1;
            *s = Shared::new(
                generation,
                self.data.settings.iterations,
                self.data.settings.eta,
            );
            generation
        };
        self.notify.send_modify(|v| *v += 1);
        self.spawn(generation);
    }

    /// Stops the training thread for good.
    pub fn stop(&self) {
        self.control().stop();
    }
}

/// Why a run could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreateError {
    /// The settings or the data are unusable (HTTP 400).
    Invalid(String),
    /// Every slot holds a training run (HTTP 429).
    Full(String),
}

/// The live runs.
#[derive(Debug)]
pub struct Registry {
    runs: Mutex<HashMap<u64, Arc<Run>>>,
    next: AtomicU64,
    /// The most live runs.
    pub max: usize,
    /// Runs untouched this long are dropped.
    pub idle: Duration,
    /// Train with the learner's lesson 3 functions (`--mine`).
    pub mine: bool,
}

impl Registry {
    /// An empty table.
    pub fn new(max: usize, idle: Duration, mine: bool) -> Self {
        Registry {
            runs: Mutex::new(HashMap::new()),
            next: AtomicU64::new(1),
            max,
            idle,
            mine,
        }
    }

    fn table(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Arc<Run>>> {
        self.runs.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Checks `settings`, builds the data and the initial network, and starts a paused run.
    pub fn create(&self, settings: Settings) -> Result<Arc<Run>, CreateError> {
        settings.validate().map_err(CreateError::Invalid)?;
        let data = Arc::new(prepare(settings, self.mine).map_err(CreateError::Invalid)?);
        let mut runs = self.table();
        self.sweep_locked(&mut runs);
        if runs.len() >= self.max {
            let oldest_idle = runs
                .values()
                .filter(|r| !r.training())
                .max_by_key(|r| r.idle_for())
                .map(|r| r.id);
            match oldest_idle {
                Some(id) => {
                    if let Some(r) = runs.remove(&id) {
                        r.stop();
                    }
                }
                None => {
                    return Err(CreateError::Full(format!(
                        "all {} run slots are training; pause or delete one and try again.",
                        self.max
                    )));
                }
            }
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let run = Run::start(id, data);
        runs.insert(id, Arc::clone(&run));
        Ok(run)
    }

    /// The run `id`, marked as looked at.
    pub fn get(&self, id: u64) -> Option<Arc<Run>> {
        let run = self.table().get(&id).cloned();
        if let Some(r) = &run {
            r.touch();
        }
        run
    }

    /// Stops and removes run `id`; whether it existed.
    pub fn remove(&self, id: u64) -> bool {
        let run = self.table().remove(&id);
        run.map(|r| r.stop()).is_some()
    }

    /// Number of live runs.
    pub fn len(&self) -> usize {
        self.table().len()
    }

    /// Whether no run is live.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The ids of the live runs, in order.
    pub fn ids(&self) -> Vec<u64> {
        let mut ids: Vec<u64> = self.table().keys().copied().collect();
        ids.sort_unstable();
        ids
    }

    /// Drops the runs idle for longer than [`Registry::idle`].
    pub fn sweep(&self) {
        let mut runs = self.table();
        self.sweep_locked(&mut runs);
    }

    fn sweep_locked(&self, runs: &mut HashMap<u64, Arc<Run>>) {
        runs.retain(|_, r| {
            let keep = r.idle_for() < self.idle;
            if !keep {
                r.stop();
            }
            keep
        });
    }
}

/// The data sets, targets and initial network of `settings`.
fn prepare(settings: Settings, mine: bool) -> Result<RunData, String> {
    let (train, test, extent) = datasets::build(&settings)?;
    let classes = train.n_classes().max(test.n_classes()).max(2);
    let mut sizes = vec![2];
    sizes.extend(&settings.hidden);
    sizes.push(classes);
    let arch = Architecture::classifier(&sizes, settings.activation()?);
    let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
    let initial = Network::<f64>::with_init(&arch, Some(settings.init()?), &mut rng)
        .map_err(|e| nn_core::one_sentence(&e))?;
    let one_hot = |d: &nn_data::Dataset<f64>| nn_core::one_hot::<f64>(&d.labels, classes);
    Ok(RunData {
        t_train: one_hot(&train),
        t_test: one_hot(&test),
        train,
        test,
        extent,
        initial,
        settings,
        mine,
    })
}
