//! Epoch training for MNIST, as an [`Engine`] of nn-core's one loop ([`nn_core::fit`]): a fresh
//! shuffle (and augmentation) each epoch, mini-batches gathered into reused buffers, each step
//! on this thread or split across threads ([`crate::parallel`]: data parallelism, the same
//! update as one thread up to rounding).

use crate::batch::{Augment, Buffers, StepInput, backprop};
use crate::images::ImageSet;
use crate::kernel::Kernel;
use crate::parallel::{self, Crew};
use anyhow::{Result, bail};
use nn_core::fit::{Body, Engine, Step};
use nn_core::regularize::add_weight_decay;
use nn_core::train::{Data, apply_gradients};
use nn_core::{CoreError, Network, Optimizer};
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};

/// Trains a network epoch by epoch on an [`ImageSet`], with `threads` workers, in `f32` or `f64`.
pub struct EpochTrainer<T: Kernel> {
    /// The threads' buffers, networks and shares of the parameters (kept from epoch to epoch,
    /// as the optimizers' state is).
    crew: Crew<T>,
    order: Vec<usize>,
    rng: ChaCha8Rng,
    pub(crate) batch: usize,
    pub(crate) weight_decay: f32,
    max_shift: i32,
    drop: f32,
    hidden_drop: f32,
    /// This epoch's augmentation of the image at each position of `order`.
    shifts: Vec<Augment>,
    /// This epoch's hidden-dropout seed of the image at each position of `order`.
    seeds: Vec<u64>,
}

impl<T: Kernel> EpochTrainer<T> {
    /// A trainer for `net` with mini-batches of `batch`, shuffled from `seed`, split over `threads`.
    pub fn new(net: &Network<T>, batch: usize, threads: usize, seed: u64) -> Result<Self> {
        if batch == 0 {
            bail!("--batch must be at least 1");
        }
        if threads == 0 {
            bail!("--threads must be at least 1");
        }
        let k = threads.min(batch);
        Ok(EpochTrainer {
            crew: Crew {
                buffers: (0..k).map(|_| Buffers::default()).collect(),
                nets: (1..k).map(|_| net.clone()).collect(),
                shards: Vec::new(),
                parts: Vec::new(),
            },
            order: Vec::new(),
            rng: ChaCha8Rng::seed_from_u64(seed),
            batch,
            weight_decay: 0.0,
            max_shift: 0,
            drop: 0.0,
            hidden_drop: 0.0,
            shifts: Vec::new(),
            seeds: Vec::new(),
        })
    }

    /// Sets the weight decay λ (see [`add_weight_decay`]).
    pub fn with_weight_decay(mut self, lambda: f32) -> Self {
        self.weight_decay = lambda;
        self
    }

    /// Moves each training image by a random `dx, dy ∈ [−max, max]` pixels every time it is used
    /// (data augmentation; 0: off).
    pub fn with_shift(mut self, max: u32) -> Self {
        self.max_shift = max.min(8) as i32;
        self
    }

    /// Input dropout: each pixel of a training image is set to 0 with probability `p` and the
    /// others scaled by `1/(1 − p)`, so the expected input is unchanged (0: off).
    pub fn with_input_dropout(mut self, p: f32) -> Self {
        self.drop = p;
        self
    }

    /// Dropout on the hidden layers with rate `p` (see [`nn_core::regularize::dropout_forward_backward`]; 0: off).
    pub fn with_dropout(mut self, p: f32) -> Self {
        self.hidden_drop = p;
        self
    }

    /// The trainer on the images of `set`, as nn-core's loop runs it: each epoch a fresh shuffle,
    /// then ⌊n/batch⌋ steps (the remainder joins the next shuffle's epoch rather than making a
    /// small last batch). With one thread the loop's optimizer updates the parameters; with
    /// several, each thread updates its share of them with its own fresh copy of the optimizer's
    /// rule ([`Optimizer::fresh`]), made at the first epoch and kept, with its state, for the
    /// trainer's later epochs.
    pub fn on<'a>(&'a mut self, set: &'a ImageSet) -> OnImages<'a, T> {
        OnImages { trainer: self, set }
    }

    /// Draws the epoch's shifts and dropout seeds, one per position of the order, from the
    /// trainer's seeded generator (on this thread, so the numbers do not depend on the number of
    /// threads).
    fn draw_augmentation(&mut self, n: usize) {
        self.shifts.clear();
        self.seeds.clear();
        if self.max_shift > 0 || self.drop > 0.0 || self.hidden_drop > 0.0 {
            let m = self.max_shift;
            for _ in 0..n {
                let dx = self.rng.random_range(-m..=m);
                let dy = self.rng.random_range(-m..=m);
                let seed = self.rng.random();
                self.shifts.push(Augment {
                    shift: (dx, dy),
                    seed,
                });
                self.seeds.push(seed.rotate_left(17));
            }
        }
    }
}

/// An [`EpochTrainer`] on a set of images: nn-fast's [`Engine`] for nn-core's loop.
pub struct OnImages<'a, T: Kernel> {
    trainer: &'a mut EpochTrainer<T>,
    set: &'a ImageSet,
}

impl<T: Kernel> Engine<T> for OnImages<'_, T> {
    fn steps_per_epoch(&self) -> usize {
        self.set.n() / self.trainer.batch
    }

    fn run(
        &mut self,
        _e: usize,
        from: usize,
        net: &mut Network<T>,
        opt: &mut dyn Optimizer<T>,
        body: &mut Body<'_, T>,
    ) -> nn_core::Result<()> {
        let (set, tr) = (self.set, &mut *self.trainer);
        let n = set.n();
        if n < tr.batch {
            return Err(CoreError::config(
                "training set",
                format!("it has {n} images, fewer than one batch of {}", tr.batch),
            ));
        }
        if set.pixels() != net.inputs() {
            return Err(CoreError::config(
                "training set",
                format!(
                    "its images have {} pixels but the network expects {} inputs",
                    set.pixels(),
                    net.inputs()
                ),
            ));
        }
        if from == 0 {
            tr.order.clear();
            tr.order.extend(0..n);
            tr.order.shuffle(&mut tr.rng);
            tr.draw_augmentation(n / tr.batch * tr.batch);
        }
        let input = StepInput {
            set,
            shifts: &tr.shifts,
            seeds: &tr.seeds,
            drop: tr.drop,
            hidden_drop: tr.hidden_drop,
            classes: net.outputs(),
        };
        let lambda = T::of(f64::from(tr.weight_decay));
        if tr.crew.buffers.len() > 1 {
            let (order, batch) = (&tr.order, tr.batch);
            return parallel::run(
                &mut tr.crew,
                (order, input, from),
                (batch, lambda),
                net,
                opt,
                body,
            );
        }
        let mut step = OneThread {
            buffers: &mut tr.crew.buffers[0],
            order: &tr.order,
            input,
            batch: tr.batch,
            lambda,
            s: from,
        };
        body(&mut step, net, opt)
    }

    fn evaluate(&self, net: &Network<T>, data: Data<'_, T>) -> nn_core::Result<(f64, f64)> {
        crate::evaluate(net, data.x, data.t)
    }
}

// ANCHOR: one_thread
/// A step on this thread: the next mini-batch of the epoch's order, gathered and
/// backpropagated, then weight decay and the optimizer's update.
struct OneThread<'a, T: Kernel> {
    buffers: &'a mut Buffers<T>,
    order: &'a [usize],
    input: StepInput<'a>,
    batch: usize,
    lambda: T,
    /// The step's place in the epoch.
    s: usize,
}

impl<T: Kernel> Step<T> for OneThread<'_, T> {
    fn step(
        &mut self,
        net: &mut Network<T>,
        opt: &mut dyn Optimizer<T>,
        eta: T,
    ) -> nn_core::Result<f64> {
        let range = self.s * self.batch..(self.s + 1) * self.batch;
        // The next batch's images load from memory while this one is computed.
        let next = self
            .order
            .get(range.end..range.end + self.batch)
            .unwrap_or(&[]);
        next.iter().for_each(|&i| self.input.set.prefetch(i));
        let input = self.input.at(range.clone());
        let loss = backprop(net, self.buffers, &self.order[range], input);
        add_weight_decay(net, self.lambda); // ∂L/∂W += λW
        apply_gradients(net, opt, eta); // W ← W − η ∂L/∂W, or another optimizer
        self.s += 1;
        Ok(loss.as_f64())
    }
}
// ANCHOR_END: one_thread
