//! The table of live runs: at most [`Registry::max`] at once (the oldest idle one is evicted to
//! make room; if every run is training, a new one is refused), and runs nobody has looked at for
//! [`Registry::idle`] are dropped (a run whose page has its event stream open is being looked
//! at). A stopped run's thread counts against [`Registry::max`] until it has finished its step,
//! so stopping and starting runs never piles up threads.

use crate::control::Control;
use crate::datasets;
use crate::settings::Settings;
use crate::state::Shared;
use crate::worker::{self, Outlet, RunData, Threads};
use nn_core::{Architecture, Network};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
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
    control: Arc<Control>,
    last_seen: Mutex<Instant>,
    /// Open event streams: a run on an open page is being looked at, never idle.
    watchers: Arc<AtomicUsize>,
}

/// An open event stream's mark on its run (see [`Run::watch`]), taken off when it is dropped.
#[derive(Debug)]
pub struct Watching(Arc<AtomicUsize>);

impl Drop for Watching {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Run {
    fn start(id: u64, data: Arc<RunData>, threads: Arc<Threads>) -> Arc<Run> {
        let s = &data.settings;
        let shared = Arc::new(Mutex::new(Shared::new(1, s.iterations, s.eta)));
        let (notify, _) = watch::channel(0);
        let run = Arc::new(Run {
            id,
            data,
            shared,
            notify: Arc::new(notify),
            control: Arc::new(Control::default()),
            last_seen: Mutex::new(Instant::now()),
            watchers: Arc::new(AtomicUsize::new(0)),
        });
        let outlet = Outlet {
            shared: Arc::clone(&run.shared),
            notify: Arc::clone(&run.notify),
            generation: 1,
        };
        worker::spawn(
            Arc::clone(&run.data),
            Arc::clone(&run.control),
            outlet,
            threads,
        );
        run
    }

    /// The training thread's buttons.
    pub fn control(&self) -> &Control {
        &self.control
    }

    /// Marks the run as looked at now.
    pub fn touch(&self) {
        *self.last_seen.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
    }

    /// Marks the run as being watched (an open event stream) until the mark is dropped.
    pub fn watch(&self) -> Watching {
        self.watchers.fetch_add(1, Ordering::Relaxed);
        Watching(Arc::clone(&self.watchers))
    }

    /// Whether a page has its event stream open.
    pub fn watched(&self) -> bool {
        self.watchers.load(Ordering::Relaxed) > 0
    }

    /// How long nobody has looked at it (zero while a page watches it).
    pub fn idle_for(&self) -> Duration {
        if self.watched() {
            return Duration::ZERO;
        }
        self.seen_ago()
    }

    /// Time since its last request (its event stream's frames included).
    fn seen_ago(&self) -> Duration {
        self.last_seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .elapsed()
    }

    /// Whether its thread is training right now.
    pub fn training(&self) -> bool {
        self.control.mode() == crate::control::Mode::Playing
            && !self.snapshot(|s| s.status.finished())
    }

    /// Reads the shared state (under its lock: keep `f` short, and serialize outside).
    pub fn snapshot<R>(&self, f: impl FnOnce(&Shared) -> R) -> R {
        f(&self.shared.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// The short form of its state (numbers only), with its speed.
    pub fn summary(&self) -> serde_json::Value {
        let shared = self.snapshot(Shared::clone);
        let mut v = shared.summary(self.id);
        v["speed"] = self.control.speed().into();
        v
    }

    /// Everything the page shows. The state is copied under the lock (the pictures are shared,
    /// not copied) and serialized after it is let go: the training thread never waits for a
    /// slow client.
    pub fn frame(&self) -> serde_json::Value {
        let shared = self.snapshot(Shared::clone);
        let mut v = shared.frame(self.id);
        v["speed"] = self.control.speed().into();
        v
    }

    /// Starts again from the same initial weights (on the same training thread).
    pub fn reset(&self) {
        {
            let mut s = self.shared.lock().unwrap_or_else(|e| e.into_inner());
            let generation = s.generation + 1;
            *s = Shared::new(
                generation,
                self.data.settings.iterations,
                self.data.settings.eta,
            );
        }
        self.control.reset();
        self.notify.send_modify(|v| *v += 1);
    }

    /// Stops the training thread for good (within the step it is in).
    pub fn stop(&self) {
        self.control.stop();
        self.notify.send_modify(|v| *v += 1);
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

/// How long a new run waits for a stopped run's thread to finish its step.
pub const WAIT_FOR_SLOT: Duration = Duration::from_secs(10);

/// The live runs.
#[derive(Debug)]
pub struct Registry {
    runs: Mutex<HashMap<u64, Arc<Run>>>,
    next: AtomicU64,
    /// The training threads alive, a stopped run's included until its step ends.
    pub threads: Arc<Threads>,
    /// The most live runs, and the most training threads.
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
            threads: Arc::new(Threads::default()),
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
        self.create_replacing(settings, None)
    }

    /// As [`Registry::create`], and once the new run is accepted, run `old` (the page's
    /// previous run) is stopped and dropped, its slot taken by the new one: a page whose new
    /// settings are refused keeps its run.
    pub fn create_replacing(
        &self,
        settings: Settings,
        old: Option<u64>,
    ) -> Result<Arc<Run>, CreateError> {
        settings.validate().map_err(CreateError::Invalid)?;
        let data = Arc::new(prepare(settings, self.mine).map_err(CreateError::Invalid)?);
        let deadline = Instant::now() + WAIT_FOR_SLOT;
        loop {
            {
                let mut runs = self.table();
                self.sweep_locked(&mut runs);
                let replaced = old.is_some_and(|id| runs.contains_key(&id));
                if runs.len() - usize::from(replaced) >= self.max {
                    // The run no page watches that was looked at longest ago; else, of the
                    // paused runs on open pages, the one looked at longest ago (its page says
                    // so and offers a new run).
                    let evict = |watched: bool| {
                        runs.values()
                            .filter(|r| !r.training() && (watched || !r.watched()))
                            .max_by_key(|r| r.seen_ago())
                            .map(|r| r.id)
                    };
                    match evict(false).or_else(|| evict(true)) {
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
                // A slot is free: the page's previous run goes now (never before).
                if let Some(r) = old.and_then(|id| runs.remove(&id)) {
                    r.stop();
                }
                if self.threads.live() < self.max {
                    let id = self.next.fetch_add(1, Ordering::Relaxed);
                    let run = Run::start(id, data, Arc::clone(&self.threads));
                    runs.insert(id, Arc::clone(&run));
                    return Ok(run);
                }
            }
            // A stopped run's thread is still finishing its step: wait for it, outside the
            // table's lock.
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(CreateError::Full(
                    "a stopped run is still finishing its last step; try again in a moment.".into(),
                ));
            }
            self.threads
                .wait_change(left.min(Duration::from_millis(200)));
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Settings {
        Settings {
            n: 40,
            hidden: vec![2],
            ..Settings::default()
        }
    }

    #[test]
    fn a_watched_run_is_never_idle_and_an_unwatched_one_is_swept() {
        let registry = Registry::new(4, Duration::from_millis(100), false);
        let watched = registry.create(small()).unwrap();
        let left = registry.create(small()).unwrap();
        let mark = watched.watch();
        std::thread::sleep(Duration::from_millis(200));
        registry.sweep();
        assert_eq!(
            registry.ids(),
            vec![watched.id],
            "the unwatched run is dropped"
        );
        drop(mark);
        std::thread::sleep(Duration::from_millis(200));
        registry.sweep();
        assert!(registry.is_empty(), "once its page is gone, it is idle too");
        // Both threads end (stopped while paused, they never started a step).
        let deadline = Instant::now() + Duration::from_secs(10);
        while registry.threads.live() > 0 {
            assert!(
                Instant::now() < deadline,
                "{} threads",
                registry.threads.live()
            );
            registry.threads.wait_change(Duration::from_millis(50));
        }
        drop(left);
    }

    #[test]
    fn refused_settings_keep_the_run_they_would_replace() {
        let registry = Registry::new(1, Duration::from_secs(60), false);
        let old = registry.create(small()).unwrap();
        let bad = Settings {
            eta: -1.0,
            ..small()
        };
        assert!(matches!(
            registry.create_replacing(bad, Some(old.id)),
            Err(CreateError::Invalid(_))
        ));
        assert_eq!(registry.ids(), vec![old.id]);
        let new = registry.create_replacing(small(), Some(old.id)).unwrap();
        assert_eq!(
            registry.ids(),
            vec![new.id],
            "one slot: the new run took the old one's"
        );
    }
}
