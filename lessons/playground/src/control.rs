//! Play, pause, one step and stop: the page's buttons, as the training thread sees them. The
//! thread asks [`Control::turn`] before every iteration and blocks while the run is paused.

use std::sync::{Condvar, Mutex};

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
    /// Stop training.
    Stop,
}

#[derive(Debug)]
struct Inner {
    mode: Mode,
    steps: usize,
}

/// The buttons of one training thread.
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
            }),
            changed: Condvar::new(),
        }
    }
}

impl Control {
    fn set(&self, f: impl FnOnce(&mut Inner)) {
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if g.mode != Mode::Stopped {
            f(&mut g);
        }
        self.changed.notify_all();
    }

    /// Play.
    pub fn play(&self) {
        self.set(|g| g.mode = Mode::Playing);
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

    /// Stop for good.
    pub fn stop(&self) {
        self.set(|g| g.mode = Mode::Stopped);
    }

    /// The current mode.
    pub fn mode(&self) -> Mode {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).mode
    }

    /// Blocks while paused with no step asked for; `waiting` is called once before blocking.
    pub fn turn(&self, mut waiting: impl FnMut()) -> Turn {
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut told = false;
        loop {
            match g.mode {
                Mode::Stopped => return Turn::Stop,
                Mode::Playing => return Turn::Go,
                Mode::Paused if g.steps > 0 => {
                    g.steps -= 1;
                    return Turn::Step;
                }
                Mode::Paused => {
                    if !told {
                        told = true;
                        drop(g);
                        waiting();
                        g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
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
        std::thread::sleep(std::time::Duration::from_millis(20));
        c.stop();
        assert_eq!(t.join().unwrap(), Turn::Stop);
        c.play();
        assert_eq!(c.turn(|| {}), Turn::Stop, "a stopped run stays stopped");
    }
}
