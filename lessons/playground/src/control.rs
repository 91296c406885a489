//! Play, pause, one step, reset, stop and the speed: the page's buttons, as the training thread
//! sees them. The thread asks [`Control::turn`] before every iteration: it blocks while the run
//! is paused, and while playing at a set speed it waits for the iteration's turn (a button
//! pressed meanwhile is seen at once).

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// What the buttons asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Wait (one step at a time when asked).
    Paused,
    /// Train.
    Playing,
    /// End the thread.
    Stopped,
}

/// What the next iteration may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    /// Train on.
    Go,
    /// Do one step and capture its matrices.
    Step,
    /// Start again from the initial weights.
    Reset,
    /// Stop training.
    Stop,
}

/// The fastest speed that still waits between iterations; above it a run goes as fast as it can.
pub const MAX_SPEED: f64 = 100_000.0;

#[derive(Debug)]
struct Inner {
    mode: Mode,
    steps: usize,
    reset: bool,
    /// Iterations per second; `None`: as fast as it goes.
    speed: Option<f64>,
    /// When the last iteration went, while playing at a set speed.
    last_go: Option<Instant>,
}

/// The buttons of one run's training thread.
#[derive(Debug)]
pub struct Control {
    inner: Mutex<Inner>,
    changed: Condvar,
}

impl Default for Control {
    fn default() -> Self {
        Control {
            inner: Mutex::new(Inner {
                mode: Mode::Paused,
                steps: 0,
                reset: false,
                speed: None,
                last_go: None,
            }),
            changed: Condvar::new(),
        }
    }
}

impl Control {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn set(&self, f: impl FnOnce(&mut Inner)) {
        let mut g = self.lock();
        if g.mode != Mode::Stopped {
            f(&mut g);
        }
        self.changed.notify_all();
    }

    /// Play.
    pub fn play(&self) {
        self.set(|g| {
            g.mode = Mode::Playing;
            g.last_go = None;
        });
    }

    /// Pause.
    pub fn pause(&self) {
        self.set(|g| g.mode = Mode::Paused);
    }

    /// Pause, then do one step.
    pub fn step(&self) {
        self.set(|g| {
            g.mode = Mode::Paused;
            g.steps = (g.steps + 1).min(1);
        });
    }

    /// Pause and start again from the initial weights (the thread sees [`Turn::Reset`]).
    pub fn reset(&self) {
        self.set(|g| {
            g.mode = Mode::Paused;
            g.steps = 0;
            g.reset = true;
        });
    }

    /// Stop for good.
    pub fn stop(&self) {
        self.set(|g| g.mode = Mode::Stopped);
    }

    /// Sets the speed: `Some(k)` iterations per second (at least 0.1), `None` as fast as it goes.
    pub fn set_speed(&self, per_second: Option<f64>) {
        let speed = per_second
            .filter(|v| v.is_finite() && *v < MAX_SPEED)
            .map(|v| v.max(0.1));
        self.set(|g| {
            g.speed = speed;
            g.last_go = None;
        });
    }

    /// The speed in iterations per second (`None`: as fast as it goes).
    pub fn speed(&self) -> Option<f64> {
        self.lock().speed
    }

    /// The current mode.
    pub fn mode(&self) -> Mode {
        self.lock().mode
    }

    /// Whether the thread should give up the iteration it is in: stopped, or reset.
    pub fn interrupted(&self) -> bool {
        let g = self.lock();
        g.mode == Mode::Stopped || g.reset
    }

    /// Called by the thread when it starts again after a [`Turn::Reset`].
    pub fn take_reset(&self) -> bool {
        std::mem::take(&mut self.lock().reset)
    }

    /// Blocks until a reset or a stop is asked for (a thread whose training has ended waits
    /// here): `Turn::Reset` or `Turn::Stop`.
    pub fn wait_for_reset(&self) -> Turn {
        let mut g = self.lock();
        loop {
            if g.mode == Mode::Stopped {
                return Turn::Stop;
            }
            if g.reset {
                return Turn::Reset;
            }
            g = self.changed.wait(g).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Blocks while paused with no step asked for, or while playing at a set speed until the
    /// next iteration's time; `waiting` is called once before blocking while paused.
    pub fn turn(&self, mut waiting: impl FnMut()) -> Turn {
        let mut g = self.lock();
        let mut told = false;
        loop {
            if g.mode == Mode::Stopped {
                return Turn::Stop;
            }
            if g.reset {
                return Turn::Reset;
            }
            match g.mode {
                Mode::Stopped => return Turn::Stop,
                Mode::Playing => {
                    let Some(speed) = g.speed else {
                        return Turn::Go;
                    };
                    let now = Instant::now();
                    let gap = Duration::from_secs_f64(1.0 / speed);
                    match g.last_go {
                        Some(last) if now < last + gap => {
                            let wait = last + gap - now;
                            g = self
                                .changed
                                .wait_timeout(g, wait)
                                .unwrap_or_else(|e| e.into_inner())
                                .0;
                        }
                        Some(last) => {
                            // On time: keep the beat; late (a slow step): start a new one.
                            g.last_go = Some(if now < last + 2 * gap {
                                last + gap
                            } else {
                                now
                            });
                            return Turn::Go;
                        }
                        None => {
                            g.last_go = Some(now);
                            return Turn::Go;
                        }
                    }
                }
                Mode::Paused if g.steps > 0 => {
                    g.steps -= 1;
                    return Turn::Step;
                }
                Mode::Paused => {
                    if !told {
                        told = true;
                        drop(g);
                        waiting();
                        g = self.lock();
                        continue;
                    }
                    g = self.changed.wait(g).unwrap_or_else(|e| e.into_inner());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_step_lets_one_iteration_through_and_stop_ends_the_wait() {
        let c = Arc::new(Control::default());
        c.step();
        assert_eq!(c.turn(|| {}), Turn::Step);
        let c2 = Arc::clone(&c);
        let t = std::thread::spawn(move || c2.turn(|| {}));
        std::thread::sleep(Duration::from_millis(20));
        c.stop();
        assert_eq!(t.join().unwrap(), Turn::Stop);
        c.play();
        assert_eq!(c.turn(|| {}), Turn::Stop, "a stopped run stays stopped");
    }

    #[test]
    fn a_set_speed_spaces_the_iterations_and_a_pause_is_seen_while_waiting() {
        let c = Arc::new(Control::default());
        c.set_speed(Some(20.0));
        c.play();
        let start = Instant::now();
        for _ in 0..5 {
            assert_eq!(c.turn(|| {}), Turn::Go);
        }
        // Five turns at 20 per second: the first at once, then four gaps of 50 ms.
        let took = start.elapsed();
        assert!(took >= Duration::from_millis(195), "{took:?}");
        assert!(took < Duration::from_millis(1000), "{took:?}");
        // At one a second, a reset pressed during the wait is seen at once.
        c.set_speed(Some(1.0));
        assert_eq!(c.turn(|| {}), Turn::Go);
        let c2 = Arc::clone(&c);
        let t = std::thread::spawn(move || c2.turn(|| {}));
        std::thread::sleep(Duration::from_millis(50));
        let pressed = Instant::now();
        c.reset();
        assert_eq!(t.join().unwrap(), Turn::Reset);
        assert!(pressed.elapsed() < Duration::from_millis(500));
        assert!(c.take_reset() && !c.take_reset());
        c.set_speed(None);
        assert_eq!(c.speed(), None);
        c.set_speed(Some(f64::INFINITY));
        assert_eq!(c.speed(), None, "infinitely fast is as fast as it goes");
    }
}
