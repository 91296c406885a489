//! Learning-rate schedules: the lectures' "learning plan" (学習計画) and friends.

use serde::{Deserialize, Serialize};

/// How the learning rate η changes with the iteration number (0-based).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Schedule {
    /// `η_t = η` for every t.
    Constant {
        /// η
        eta: f64,
    },
    /// The lectures' learning plan: multiply η by `attenuation` every `learning_plan` iterations,
    /// `η_t = η · attenuation^⌊t / learning_plan⌋`.
    StepDecay {
        /// Initial η.
        eta: f64,
        /// Factor applied at each step (the lectures use 0.6).
        attenuation: f64,
        /// Iterations between steps (the lectures use 2000).
        learning_plan: usize,
    },
    /// Inverse-time decay `η_t = η / (1 + decay · t)`.
    InverseTime {
        /// Initial η.
        eta: f64,
        /// Decay per iteration.
        decay: f64,
    },
}

impl Schedule {
    /// The learning rate at iteration `t` (0-based).
    // ANCHOR: schedule_eta
    pub fn eta(&self, t: usize) -> f64 {
        match *self {
            Schedule::Constant { eta } => eta,
            Schedule::StepDecay {
                eta,
                attenuation,
                learning_plan,
            } => {
                let steps = t.checked_div(learning_plan).unwrap_or(0);
                eta * attenuation.powi(steps.min(i32::MAX as usize) as i32)
            }
            Schedule::InverseTime { eta, decay } => eta / (1.0 + decay * t as f64),
        }
    }
    // ANCHOR_END: schedule_eta

    /// The initial learning rate.
    pub fn initial(&self) -> f64 {
        self.eta(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_decay_follows_the_learning_plan() {
        let s = Schedule::StepDecay {
            eta: 0.03,
            attenuation: 0.6,
            learning_plan: 2000,
        };
        assert_eq!(s.eta(0), 0.03);
        assert_eq!(s.eta(1999), 0.03);
        assert!((s.eta(2000) - 0.018).abs() < 1e-15);
        assert!((s.eta(9499) - 0.03 * 0.6f64.powi(4)).abs() < 1e-15);
        let never = Schedule::StepDecay {
            eta: 0.1,
            attenuation: 0.5,
            learning_plan: 0,
        };
        assert_eq!(never.eta(10_000), 0.1);
        assert_eq!(Schedule::Constant { eta: 0.2 }.eta(123), 0.2);
        assert!(
            (Schedule::InverseTime {
                eta: 1.0,
                decay: 0.5
            }
            .eta(2)
                - 0.5)
                .abs()
                < 1e-15
        );
    }
}
