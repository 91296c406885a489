//! `--mine`: the learner's lesson 3 functions (`lesson3::homework::{forward_loop, backward_loop,
//! update_eta}`) plugged into nn-core's one training loop, as lesson 3's own `--mine` does. A
//! function not written yet, or one that panics, becomes a message naming it.

use nalgebra::DMatrix;
use nn_core::{CoreError, Learner, Network, Schedule};

/// The learner's homework file (relative to the repository root).
const FILE: &str = "lessons/lesson3/src/homework.rs";

/// The learner's `forward_loop`, `backward_loop` and `update_eta`.
#[derive(Debug, Clone, Copy)]
pub struct Mine {
    /// Factor applied to η every `learning_plan` iterations.
    pub attenuation: f64,
    /// Iterations between attenuations.
    pub learning_plan: usize,
}

impl Learner<f64> for Mine {
    fn gradients(
        &mut self,
        net: &mut Network<f64>,
        x: &DMatrix<f64>,
        t: &DMatrix<f64>,
    ) -> nn_core::Result<f64> {
        mine("forward_loop", || lesson3::homework::forward_loop(net, x))?;
        if net.output().shape() != t.shape() {
            return Err(CoreError::Plugged(format!(
                "your `forward_loop` left the last layer's x {}×{}, but it should be {}×{}",
                net.output().nrows(),
                net.output().ncols(),
                t.nrows(),
                t.ncols()
            )));
        }
        let loss = net.loss_value(t);
        mine("backward_loop", || {
            lesson3::homework::backward_loop(net, x, t)
        })?;
        for (k, l) in net.layers.iter().enumerate() {
            if l.dw.shape() != l.w.shape() || l.db.len() != l.b.len() {
                return Err(CoreError::Plugged(format!(
                    "after your `backward_loop`, layer {}'s dw is {}×{} but w is {}×{}",
                    k + 1,
                    l.dw.nrows(),
                    l.dw.ncols(),
                    l.w.nrows(),
                    l.w.ncols()
                )));
            }
        }
        Ok(loss)
    }

    fn eta(&mut self, schedule: &Schedule, i: usize, previous: f64) -> nn_core::Result<f64> {
        if i == 0 {
            return Ok(schedule.eta(0));
        }
        let (a, p) = (self.attenuation, self.learning_plan);
        mine("update_eta", || {
            lesson3::homework::update_eta(previous, i - 1, a, p)
        })
    }
}

/// Runs the learner's function `name`, turning a `todo!` or a panic into a sentence naming it.
fn mine<R>(name: &str, f: impl FnOnce() -> R) -> nn_core::Result<R> {
    nn_course::mine::guard(FILE, f).map_err(|e| {
        let named = format!("`{name}`");
        CoreError::Plugged(if e.contains(&named) {
            e
        } else {
            format!("{named}: {e}")
        })
    })
}
