//! Optimizers: how a gradient `g = ∂L/∂W` changes a parameter `W` (lecture 3 and 4).
//!
//! Each parameter tensor of the network (W^1, b^1, W^2, b^2, …) has an index; an optimizer keeps
//! its state per index, allocated at the first step and reused afterwards.

use crate::Float;
use crate::error::{CoreError, Result};
use std::fmt;
use std::str::FromStr;

/// One update rule applied to every parameter tensor in turn.
pub trait Optimizer<T: Float>: Send + Sync {
    /// Called once per training step before the parameters are updated (Adam counts steps here).
    fn begin_step(&mut self) {}
    /// Updates parameter tensor number `index` in place from its gradient, with learning rate `eta`.
    fn update(&mut self, index: usize, param: &mut [T], grad: &[T], eta: T);
    /// The rule's name, e.g. `"adam"`.
    fn name(&self) -> &'static str;
    /// The same rule with the same settings and no state yet, as at the first step. Every rule
    /// here is element-wise, so copies that each update their own part of every tensor give the
    /// same result as one rule updating the whole (lesson 6's threads update that way).
    fn fresh(&self) -> Box<dyn Optimizer<T>>;
}

/// Below this magnitude a decaying state value is set to exactly 0.
///
/// A state that decays geometrically (Momentum's `v ← αv`, Adam's `m ← β₁m` for a weight whose
/// gradient is always 0, such as one reading an always-black MNIST border pixel) would otherwise
/// sink into the subnormal range (below ~10⁻³⁸ in f32), where each arithmetic operation costs
/// about a hundred times more: training slows down epoch after epoch. The flush changes no result
/// that matters (10⁻³⁰ is far below any step size).
const FLUSH: f64 = 1e-30;

/// `x`, or exactly 0 when `|x| <` [`FLUSH`] (see there).
#[inline]
fn flush<T: Float>(x: T, tiny: T) -> T {
    if x.abs() < tiny { T::zero() } else { x }
}

fn state<T: Float>(slots: &mut Vec<Vec<T>>, index: usize, len: usize) -> &mut Vec<T> {
    if slots.len() <= index {
        slots.resize_with(index + 1, Vec::new);
    }
    let s = &mut slots[index];
    if s.len() != len {
        *s = vec![T::zero(); len];
    }
    s
}

/// Stochastic gradient descent: `W ← W − η g`.
#[derive(Debug, Clone, Default)]
pub struct Sgd;

impl<T: Float> Optimizer<T> for Sgd {
    // ANCHOR: sgd
    fn update(&mut self, _index: usize, param: &mut [T], grad: &[T], eta: T) {
        for (w, &g) in param.iter_mut().zip(grad) {
            *w -= eta * g;
        }
    }
    // ANCHOR_END: sgd
    fn fresh(&self) -> Box<dyn Optimizer<T>> {
        Box::new(Sgd)
    }
    fn name(&self) -> &'static str {
        "sgd"
    }
}

/// Momentum: `v ← α v − η g`, `W ← W + v` (α ≈ 0.9).
#[derive(Debug, Clone)]
pub struct Momentum<T: Float> {
    /// The momentum coefficient α.
    pub alpha: T,
    v: Vec<Vec<T>>,
}

impl<T: Float> Momentum<T> {
    /// Momentum with coefficient `alpha`.
    pub fn new(alpha: f64) -> Self {
        Momentum {
            alpha: T::of(alpha),
            v: Vec::new(),
        }
    }
}

impl<T: Float> Optimizer<T> for Momentum<T> {
    // ANCHOR: momentum
    fn update(&mut self, index: usize, param: &mut [T], grad: &[T], eta: T) {
        let (alpha, tiny) = (self.alpha, T::of(FLUSH));
        let v = state(&mut self.v, index, param.len());
        for ((w, &g), vi) in param.iter_mut().zip(grad).zip(v.iter_mut()) {
            *vi = flush(alpha * *vi - eta * g, tiny);
            *w += *vi;
        }
    }
    // ANCHOR_END: momentum
    fn fresh(&self) -> Box<dyn Optimizer<T>> {
        Box::new(Momentum {
            v: Vec::new(),
            ..self.clone()
        })
    }
    fn name(&self) -> &'static str {
        "momentum"
    }
}

/// AdaGrad: `h ← h + g ⊙ g`, `W ← W − η g / (√h + ε)`.
#[derive(Debug, Clone)]
pub struct AdaGrad<T: Float> {
    /// ε keeping the division finite.
    pub epsilon: T,
    h: Vec<Vec<T>>,
}

impl<T: Float> AdaGrad<T> {
    /// AdaGrad with ε = 10⁻⁷.
    pub fn new() -> Self {
        AdaGrad {
            epsilon: T::of(1e-7),
            h: Vec::new(),
        }
    }
}

impl<T: Float> Default for AdaGrad<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Float> Optimizer<T> for AdaGrad<T> {
    // ANCHOR: adagrad
    fn update(&mut self, index: usize, param: &mut [T], grad: &[T], eta: T) {
        let eps = self.epsilon;
        let h = state(&mut self.h, index, param.len());
        for ((w, &g), hi) in param.iter_mut().zip(grad).zip(h.iter_mut()) {
            *hi += g * g;
            *w -= eta * g / (hi.sqrt() + eps);
        }
    }
    // ANCHOR_END: adagrad
    fn fresh(&self) -> Box<dyn Optimizer<T>> {
        Box::new(AdaGrad {
            h: Vec::new(),
            ..self.clone()
        })
    }
    fn name(&self) -> &'static str {
        "adagrad"
    }
}

/// RMSProp: `h ← ρ h + (1 − ρ) g ⊙ g`, `W ← W − η g / (√h + ε)` (ρ ≈ 0.99).
#[derive(Debug, Clone)]
pub struct RmsProp<T: Float> {
    /// Decay rate ρ of the running average of squared gradients.
    pub rho: T,
    /// ε keeping the division finite.
    pub epsilon: T,
    h: Vec<Vec<T>>,
}

impl<T: Float> RmsProp<T> {
    /// RMSProp with decay `rho` and ε = 10⁻⁷.
    pub fn new(rho: f64) -> Self {
        RmsProp {
            rho: T::of(rho),
            epsilon: T::of(1e-7),
            h: Vec::new(),
        }
    }
}

impl<T: Float> Optimizer<T> for RmsProp<T> {
    // ANCHOR: rmsprop
    fn update(&mut self, index: usize, param: &mut [T], grad: &[T], eta: T) {
        let (rho, eps, tiny) = (self.rho, self.epsilon, T::of(FLUSH));
        let h = state(&mut self.h, index, param.len());
        for ((w, &g), hi) in param.iter_mut().zip(grad).zip(h.iter_mut()) {
            *hi = flush(rho * *hi + (T::one() - rho) * g * g, tiny);
            *w -= eta * g / (hi.sqrt() + eps);
        }
    }
    // ANCHOR_END: rmsprop
    fn fresh(&self) -> Box<dyn Optimizer<T>> {
        Box::new(RmsProp {
            h: Vec::new(),
            ..self.clone()
        })
    }
    fn name(&self) -> &'static str {
        "rmsprop"
    }
}

/// Adam (Kingma & Ba, 2015), Momentum + RMSProp with bias correction, at step t:
/// `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g⊙g`, `m̂ = m/(1−β₁ᵗ)`, `v̂ = v/(1−β₂ᵗ)`,
/// `W ← W − η m̂ / (√v̂ + ε)`.
#[derive(Debug, Clone)]
pub struct Adam<T: Float> {
    /// β₁ (≈ 0.9).
    pub beta1: T,
    /// β₂ (≈ 0.999).
    pub beta2: T,
    /// ε (10⁻⁸).
    pub epsilon: T,
    t: i32,
    m: Vec<Vec<T>>,
    v: Vec<Vec<T>>,
}

impl<T: Float> Adam<T> {
    /// Adam with β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸.
    pub fn new() -> Self {
        Adam {
            beta1: T::of(0.9),
            beta2: T::of(0.999),
            epsilon: T::of(1e-8),
            t: 0,
            m: Vec::new(),
            v: Vec::new(),
        }
    }
}

impl<T: Float> Default for Adam<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Float> Optimizer<T> for Adam<T> {
    fn begin_step(&mut self) {
        self.t += 1;
    }
    // ANCHOR: adam
    fn update(&mut self, index: usize, param: &mut [T], grad: &[T], eta: T) {
        let (b1, b2, eps) = (self.beta1, self.beta2, self.epsilon);
        let t = self.t.max(1);
        let c1 = T::one() - b1.powi(t);
        let c2 = T::one() - b2.powi(t);
        // m̂/(√v̂ + ε) = (√c₂/c₁) · m/(√v + ε√c₂): the same step without two divisions per weight.
        let step = eta * c2.sqrt() / c1;
        let eps_hat = eps * c2.sqrt();
        let len = param.len();
        state(&mut self.m, index, len);
        state(&mut self.v, index, len);
        let (m, v) = (&mut self.m[index][..len], &mut self.v[index][..len]);
        let (one_b1, one_b2, tiny) = (T::one() - b1, T::one() - b2, T::of(FLUSH));
        for k in 0..len {
            let g = grad[k];
            let mk = flush(b1 * m[k] + one_b1 * g, tiny);
            let vk = flush(b2 * v[k] + one_b2 * g * g, tiny);
            m[k] = mk;
            v[k] = vk;
            param[k] -= step * mk / (vk.sqrt() + eps_hat);
        }
    }
    // ANCHOR_END: adam
    fn fresh(&self) -> Box<dyn Optimizer<T>> {
        Box::new(Adam {
            t: 0,
            m: Vec::new(),
            v: Vec::new(),
            ..self.clone()
        })
    }
    fn name(&self) -> &'static str {
        "adam"
    }
}

/// The optimizers by name, for command lines and configurations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OptimizerKind {
    /// [`Sgd`]
    Sgd,
    /// [`Momentum`] with α = 0.9
    Momentum,
    /// [`AdaGrad`]
    AdaGrad,
    /// [`RmsProp`] with ρ = 0.99
    RmsProp,
    /// [`Adam`]
    Adam,
}

impl OptimizerKind {
    /// All optimizers in the order the lectures introduce them.
    pub const ALL: [OptimizerKind; 5] = [
        OptimizerKind::Sgd,
        OptimizerKind::Momentum,
        OptimizerKind::AdaGrad,
        OptimizerKind::RmsProp,
        OptimizerKind::Adam,
    ];

    /// The lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::AdaGrad => "adagrad",
            OptimizerKind::RmsProp => "rmsprop",
            OptimizerKind::Adam => "adam",
        }
    }

    /// A fresh optimizer of this kind with the usual coefficients.
    pub fn build<T: Float>(self) -> Box<dyn Optimizer<T>> {
        match self {
            OptimizerKind::Sgd => Box::new(Sgd),
            OptimizerKind::Momentum => Box::new(Momentum::<T>::new(0.9)),
            OptimizerKind::AdaGrad => Box::new(AdaGrad::<T>::new()),
            OptimizerKind::RmsProp => Box::new(RmsProp::<T>::new(0.99)),
            OptimizerKind::Adam => Box::new(Adam::<T>::new()),
        }
    }
}

impl fmt::Display for OptimizerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for OptimizerKind {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self> {
        OptimizerKind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                CoreError::config(
                    "optimizer",
                    format!("'{s}' is not one of sgd, momentum, adagrad, rmsprop, adam"),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// f(w) = Σ (w_i − c_i)², gradient 2(w − c).
    fn minimize(opt: &mut dyn Optimizer<f64>, eta: f64, steps: usize) -> (f64, f64) {
        let c = [3.0, -2.0, 0.5];
        let f = |w: &[f64]| {
            w.iter()
                .zip(&c)
                .map(|(a, b)| (a - b) * (a - b))
                .sum::<f64>()
        };
        let mut w = vec![0.0; 3];
        let start = f(&w);
        for _ in 0..steps {
            let g: Vec<f64> = w.iter().zip(&c).map(|(a, b)| 2.0 * (a - b)).collect();
            opt.begin_step();
            opt.update(0, &mut w, &g, eta);
        }
        (start, f(&w))
    }

    #[test]
    fn decaying_state_is_flushed_to_zero_not_left_subnormal() {
        // One real gradient, then thousands of zero gradients (a weight on a dead pixel).
        let mut m = Momentum::<f32>::new(0.9);
        let mut r = RmsProp::<f32>::new(0.99);
        let mut a = Adam::<f32>::new();
        let mut w = [1.0f32];
        for step in 0..20_000 {
            let g = [if step == 0 { 0.5f32 } else { 0.0 }];
            for opt in [&mut m as &mut dyn Optimizer<f32>, &mut r, &mut a] {
                opt.begin_step();
                opt.update(0, &mut w, &g, 1e-3);
            }
            for s in [&m.v[0], &r.h[0], &a.m[0], &a.v[0]] {
                let ok = s.iter().all(|x| *x == 0.0 || x.is_normal());
                assert!(ok, "subnormal state {s:?} after step {step}");
            }
        }
        assert_eq!(
            m.v[0][0], 0.0,
            "0.9^20000 underflows: the flush must have set 0"
        );
    }

    #[test]
    fn every_optimizer_lowers_a_convex_loss() {
        for kind in OptimizerKind::ALL {
            let mut opt = kind.build::<f64>();
            // Adaptive rules move each weight by about η per step, so they get a larger η.
            let eta = match kind {
                OptimizerKind::Sgd | OptimizerKind::Momentum => 0.05,
                _ => 0.3,
            };
            let (start, end) = minimize(opt.as_mut(), eta, 300);
            assert!(end < 0.01 * start, "{kind}: {start} -> {end}");
        }
    }

    #[test]
    fn sgd_and_adam_first_steps_match_hand_computation() {
        let mut w = vec![1.0, -1.0];
        let g = [0.5, -2.0];
        let mut sgd = Sgd;
        Optimizer::<f64>::update(&mut sgd, 0, &mut w, &g, 0.1);
        assert_eq!(w, vec![1.0 - 0.05, -1.0 + 0.2]);

        // Adam's first step: m̂ = g, v̂ = g², so W moves by η g/(|g| + ε) ≈ η·sign(g).
        let mut adam = Adam::<f64>::new();
        let mut w = vec![1.0, -1.0];
        adam.begin_step();
        adam.update(0, &mut w, &g, 0.1);
        assert!((w[0] - (1.0 - 0.1 * 0.5 / (0.5 + 1e-8))).abs() < 1e-15);
        assert!((w[1] - (-1.0 + 0.1 * 2.0 / (2.0 + 1e-8))).abs() < 1e-15);
        // Second step with the same gradient: m = g(1−β₁²)... m̂ = g again, so the same move.
        adam.begin_step();
        adam.update(0, &mut w, &g, 0.1);
        assert!((w[0] - (1.0 - 2.0 * 0.1 * 0.5 / (0.5 + 1e-8))).abs() < 1e-12);
    }

    #[test]
    fn momentum_accumulates_velocity() {
        let mut m = Momentum::<f64>::new(0.9);
        let mut w = vec![0.0];
        m.update(0, &mut w, &[1.0], 0.1); // v = −0.1
        m.update(0, &mut w, &[1.0], 0.1); // v = −0.09 − 0.1 = −0.19
        assert!((w[0] - (-0.29)).abs() < 1e-12);
    }

    #[test]
    fn names_parse() {
        for k in OptimizerKind::ALL {
            assert_eq!(k.name().parse::<OptimizerKind>().unwrap(), k);
        }
        assert!(
            "lbfgs"
                .parse::<OptimizerKind>()
                .unwrap_err()
                .to_string()
                .contains("lbfgs")
        );
    }

    #[test]
    fn fresh_copies_updating_parts_equal_one_rule_updating_the_whole() {
        for kind in OptimizerKind::ALL {
            // A used rule (state for tensor 1, a step count): its fresh copies start anew.
            let mut used = kind.build::<f64>();
            used.begin_step();
            used.update(1, &mut [1.0; 7], &[0.5; 7], 0.1);
            let mut whole = used.fresh();
            let mut parts = [used.fresh(), used.fresh()];
            let mut new = kind.build::<f64>();
            let mut w = [0.3, -1.2, 2.0, 0.0, 0.7, -0.4, 1.1];
            let (mut split, mut w_new) = (w, w);
            for step in 0..5 {
                let g: Vec<f64> = w.iter().map(|v| 2.0 * v - step as f64 * 0.1).collect();
                let gs: Vec<f64> = split.iter().map(|v| 2.0 * v - step as f64 * 0.1).collect();
                let gn: Vec<f64> = w_new.iter().map(|v| 2.0 * v - step as f64 * 0.1).collect();
                new.begin_step();
                new.update(1, &mut w_new, &gn, 0.05);
                whole.begin_step();
                whole.update(1, &mut w, &g, 0.05);
                let (a, b) = split.split_at_mut(3);
                for (opt, (p, g)) in parts.iter_mut().zip([(a, &gs[..3]), (b, &gs[3..])]) {
                    opt.begin_step();
                    opt.update(1, p, g, 0.05);
                }
            }
            assert_eq!(w, split, "{kind}: the parts differ from the whole");
            assert_eq!(w, w_new, "{kind}: a fresh copy kept the used rule's state");
            assert_eq!(whole.name(), kind.name());
        }
    }
}
