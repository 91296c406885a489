//! Epoch training for MNIST: shuffled mini-batches gathered into reused buffers, optionally split
//! across threads (data parallelism: each thread backpropagates its part of the batch, the
//! gradients are summed, one update is applied). The threads live for a whole epoch and meet at
//! a [`SpinBarrier`] twice per step.

use crate::barrier::SpinBarrier;
use crate::dropout::dropout_step;
use crate::images::{ImageSet, pixel_as};
use crate::kernel::Kernel;
use crate::passes::{Input::Columns, backward, forward};
use anyhow::{Result, bail};
use nalgebra::DMatrix;
use nn_core::regularize::{Dropout, add_weight_decay};
use nn_core::train::apply_gradients;
use nn_core::{Network, Optimizer};
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::{PoisonError, RwLock};

/// A mini-batch being assembled: the inputs, one instance per column, and the one-hot targets.
#[derive(Debug, Clone)]
struct Batch<T: Kernel> {
    /// pixels × n: column r is instance r (`Xᵀ`).
    x: DMatrix<T>,
    /// n × classes one-hot targets.
    t: DMatrix<T>,
}

impl<T: Kernel> Default for Batch<T> {
    fn default() -> Self {
        Batch {
            x: DMatrix::zeros(0, 0),
            t: DMatrix::zeros(0, 0),
        }
    }
}

/// One worker's share of a mini-batch and the network copy it backpropagates with.
struct Worker<T: Kernel> {
    net: Network<T>,
    batch: Batch<T>,
    loss: T,
    dropout: Dropout<T>,
}

/// How a thread's step of a parallel epoch ended.
enum Step {
    /// Parameters updated; the step's loss.
    Done(f64),
    /// The losses so far stopped being a number (their sum): no update was made.
    Diverged(f64),
    /// Another thread panicked.
    Broken,
}

/// One thread's share of every parameter tensor (W¹, b¹, W², b², … in the optimizer's order):
/// the current values of its elements and the optimizer that updates them.
struct Shard<T: Kernel> {
    /// For tensor p: the index of the share's first element in the tensor, and the values.
    params: Vec<(usize, Vec<T>)>,
    /// The summed gradient of one share (as long as the longest).
    grad: Vec<T>,
    /// This share's own copy of the update rule.
    opt: Box<dyn Optimizer<T>>,
}

/// Parameter tensor number `p` of `net` (W^l for p = 2l, b^l for p = 2l + 1, layers from 0).
fn parameter<T: Kernel>(net: &mut Network<T>, p: usize) -> &mut [T] {
    let layer = &mut net.layers[p / 2];
    if p % 2 == 0 {
        layer.w.as_mut_slice()
    } else {
        layer.b.as_mut_slice()
    }
}

/// The gradient of parameter tensor number `p` (see [`parameter`]).
fn gradient<T: Kernel>(net: &Network<T>, p: usize) -> &[T] {
    let layer = &net.layers[p / 2];
    if p % 2 == 0 {
        layer.dw.as_slice()
    } else {
        layer.db.as_slice()
    }
}

impl<T: Kernel> Shard<T> {
    /// An empty share updated by a fresh copy of `opt`'s rule.
    fn new(opt: &dyn Optimizer<T>) -> Self {
        Shard {
            params: Vec::new(),
            grad: Vec::new(),
            opt: opt.fresh(),
        }
    }

    /// Takes share j of k of `net`'s parameters: elements `j·len/k .. (j+1)·len/k` of each.
    fn load(&mut self, net: &mut Network<T>, j: usize, k: usize) {
        self.params.clear();
        for p in 0..2 * net.depth() {
            let tensor = parameter(net, p);
            let range = j * tensor.len() / k..(j + 1) * tensor.len() / k;
            self.params.push((range.start, tensor[range].to_vec()));
        }
        let longest = self.params.iter().map(|(_, v)| v.len()).max();
        self.grad.resize(longest.unwrap_or(0), T::zero());
    }

    /// Writes the share's values into `net`'s parameters.
    fn store(&self, net: &mut Network<T>) {
        for (p, (start, values)) in self.params.iter().enumerate() {
            parameter(net, p)[*start..*start + values.len()].copy_from_slice(values);
        }
    }
}

/// Reads a lock that no thread holds for writing at the time (see `parallel_epoch`).
fn read<'a, T>(lock: &'a RwLock<&mut T>) -> std::sync::RwLockReadGuard<'a, &'a mut T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

/// Trains a network epoch by epoch on an [`ImageSet`], with `threads` workers, in `f32` or `f64`.
pub struct EpochTrainer<T: Kernel> {
    workers: Vec<Worker<T>>,
    /// With several threads: each one's share of the parameters and its optimizer (kept from
    /// epoch to epoch, as the optimizer's state is).
    shards: Vec<Shard<T>>,
    order: Vec<usize>,
    rng: ChaCha8Rng,
    batch: usize,
    weight_decay: f32,
    max_shift: i32,
    drop: f32,
    hidden_drop: f32,
    /// This epoch's augmentation of the image at each position of `order`.
    shifts: Vec<Augment>,
    /// This epoch's hidden-dropout seed of the image at each position of `order`.
    seeds: Vec<u64>,
}

/// How one training image is altered this time it is used.
#[derive(Debug, Clone, Copy, Default)]
pub struct Augment {
    /// Move right by `dx` and down by `dy` pixels.
    pub shift: (i32, i32),
    /// Seed of this image's dropout mask (used when the input dropout rate is above 0).
    pub seed: u64,
}

/// How many images ahead of the one being copied [`gather`] prefetches. Measured on an AMD EPYC
/// (Zen 3), one thread, Fashion-MNIST: the gather took 28–38 ms per epoch with only the
/// step-ahead prefetch, 19–21 ms with this one at 4 images, 23–24 at 16.
const GATHER_AHEAD: usize = 4;

/// Copies images `idx` into the columns of `x` — one image per column, so each is one contiguous
/// copy (the network reads it as `Xᵀ`, see [`crate::Input`]) — as [0, 1] pixels, and their
/// one-hot labels into the rows of `t`. With `shifts` (one per image, or empty for none) image r
/// is moved right by dx and down by dy pixels, the uncovered border filled with 0 — the same
/// digit, written a little elsewhere — and with `drop` > 0 each pixel is dropped with that
/// probability (input dropout).
fn gather<T: Kernel>(
    set: &ImageSet,
    idx: &[usize],
    shifts: &[Augment],
    drop: f32,
    b: &mut Batch<T>,
    classes: usize,
) {
    let Batch { x, t } = b;
    // A pixel as T, computed rather than looked up in a table of the 256 values, so the loop
    // below runs on vector instructions.
    let unit = pixel_as::<T>;
    let p = set.pixels();
    if x.shape() != (p, idx.len()) {
        *x = DMatrix::zeros(p, idx.len());
        *t = DMatrix::zeros(idx.len(), classes);
    }
    t.as_mut_slice().fill(T::zero());
    let side = set.side() as i32;
    let columns = x.as_mut_slice().chunks_exact_mut(p);
    for (r, (&i, column)) in idx.iter().zip(columns).enumerate() {
        // The images were prefetched a step ago, but the step's products have since pushed many
        // of them out of the core's caches: fetch again a few images ahead of the copy.
        if let Some(&ahead) = idx.get(r + GATHER_AHEAD) {
            set.prefetch(ahead);
        }
        let image = set.image_bytes(i);
        let aug = shifts.get(r).copied().unwrap_or_default();
        match aug.shift {
            (0, 0) => {
                for (v, &byte) in column.iter_mut().zip(image) {
                    *v = unit(byte);
                }
            }
            (dx, dy) => {
                for py in 0..side {
                    for px in 0..side {
                        let (sx, sy) = (px - dx, py - dy);
                        let inside = (0..side).contains(&sx) && (0..side).contains(&sy);
                        column[(py * side + px) as usize] = if inside {
                            unit(image[(sy * side + sx) as usize])
                        } else {
                            T::zero()
                        };
                    }
                }
            }
        }
        if drop > 0.0 {
            let mut rng = ChaCha8Rng::seed_from_u64(aug.seed);
            let keep = T::of(f64::from(1.0 / (1.0 - drop)));
            for v in column.iter_mut() {
                *v = if rng.random::<f32>() < drop {
                    T::zero()
                } else {
                    *v * keep
                };
            }
        }
        t[(r, set.labels[i])] = T::one();
    }
}

/// What a worker needs to know about this step's images besides their indices.
#[derive(Clone, Copy)]
struct StepInput<'a> {
    set: &'a ImageSet,
    shifts: &'a [Augment],
    seeds: &'a [u64],
    drop: f32,
    hidden_drop: f32,
    classes: usize,
}

/// Gathers the images `idx` into `batch` and backpropagates them through `net` (a worker's own
/// copy, or the master network when there is one worker), leaving `∂L/∂W`, `∂L/∂b` of their mean
/// loss in `net`. Returns that loss.
fn backprop<T: Kernel>(
    net: &mut Network<T>,
    batch: &mut Batch<T>,
    dropout: &mut Dropout<T>,
    idx: &[usize],
    input: StepInput<'_>,
) -> T {
    gather(
        input.set,
        idx,
        input.shifts,
        input.drop,
        batch,
        input.classes,
    );
    let x = Columns(&batch.x);
    if input.hidden_drop > 0.0 {
        dropout_step(net, x, &batch.t, input.seeds, input.hidden_drop, dropout)
    // The shapes were checked before the epoch; forward/backward cannot fail here.
    } else if forward(net, x).is_ok() && backward(net, x, &batch.t).is_ok() {
        net.loss_value(&batch.t)
    } else {
        T::of(f64::NAN)
    }
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
        let workers = (0..threads.min(batch))
            .map(|_| Worker {
                net: net.clone(),
                batch: Batch::default(),
                loss: T::zero(),
                dropout: Dropout::default(),
            })
            .collect();
        Ok(EpochTrainer {
            workers,
            shards: Vec::new(),
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

    /// One epoch over `set` (a fresh shuffle, then ⌊n/batch⌋ steps; the remainder joins the next
    /// shuffle's epoch rather than making a small last batch). `eta` is the learning rate;
    /// `on_step` is told the number of steps done. Returns the mean mini-batch loss.
    ///
    /// `opt` updates the parameters on one thread. With several, each thread updates its share
    /// of the parameters with its own fresh copy of `opt`'s rule ([`Optimizer::fresh`]), made at
    /// the first epoch and kept, with its state, for the trainer's later epochs.
    pub fn epoch(
        &mut self,
        net: &mut Network<T>,
        opt: &mut dyn Optimizer<T>,
        set: &ImageSet,
        eta: T,
        on_step: &mut dyn FnMut(usize),
    ) -> Result<f64> {
        let n = set.n();
        if n < self.batch {
            bail!(
                "the training set has {n} images, fewer than one batch of {}",
                self.batch
            );
        }
        if set.pixels() != net.inputs() {
            bail!(
                "images have {} pixels but the network expects {} inputs",
                set.pixels(),
                net.inputs()
            );
        }
        let mut order = std::mem::take(&mut self.order);
        order.clear();
        order.extend(0..n);
        order.shuffle(&mut self.rng);
        self.draw_augmentation(n / self.batch * self.batch);
        let result = if self.workers.len() == 1 {
            self.run_epoch(net, opt, set, &order, eta, on_step)
        } else {
            self.parallel_epoch(net, opt, set, &order, eta, on_step)
        };
        self.order = order;
        result
    }

    /// What the workers need besides the indices, for positions `range` of the epoch's order.
    fn step_input<'a>(
        &'a self,
        set: &'a ImageSet,
        range: std::ops::Range<usize>,
        classes: usize,
    ) -> StepInput<'a> {
        StepInput {
            set,
            shifts: self.shifts.get(range.clone()).unwrap_or(&[]),
            seeds: self.seeds.get(range).unwrap_or(&[]),
            drop: self.drop,
            hidden_drop: self.hidden_drop,
            classes,
        }
    }

    // ANCHOR: epoch_loop
    fn run_epoch(
        &mut self,
        net: &mut Network<T>,
        opt: &mut dyn Optimizer<T>,
        set: &ImageSet,
        order: &[usize],
        eta: T,
        on_step: &mut dyn FnMut(usize),
    ) -> Result<f64> {
        let steps = set.n() / self.batch;
        let classes = net.outputs();
        let mut loss_sum = 0.0f64;
        let mut worker = self.workers.pop().expect("a trainer has a worker");
        let Worker { batch, dropout, .. } = &mut worker;
        let mut result = Ok(());
        for s in 0..steps {
            let range = s * self.batch..(s + 1) * self.batch;
            // The next batch's images load from memory while this one is computed.
            let next = order.get(range.end..range.end + self.batch).unwrap_or(&[]);
            next.iter().for_each(|&i| set.prefetch(i));
            let input = self.step_input(set, range.clone(), classes);
            loss_sum += backprop(net, batch, dropout, &order[range], input).as_f64();
            if !loss_sum.is_finite() {
                result = Err(diverged(s, loss_sum));
                break;
            }
            add_weight_decay(net, T::of(f64::from(self.weight_decay)));
            apply_gradients(net, opt, eta);
            on_step(s + 1);
        }
        self.workers.push(worker);
        result.map(|()| loss_sum / steps as f64)
    }
    // ANCHOR_END: epoch_loop

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

    // ANCHOR: parallel_step
    /// The epoch on k threads. At each step every thread copies the current parameters into
    /// its own network and backpropagates its part of the batch (first barrier); then each
    /// thread takes its share of every parameter tensor — elements `j·len/k .. (j+1)·len/k` of
    /// W¹, b¹, W², … — sums the parts' gradients there, weighted by their shares, and updates
    /// those elements with its own copy of the optimizer (second barrier). No thread waits
    /// while another updates.
    fn parallel_epoch(
        &mut self,
        net: &mut Network<T>,
        opt: &mut dyn Optimizer<T>,
        set: &ImageSet,
        order: &[usize],
        eta: T,
        on_step: &mut dyn FnMut(usize),
    ) -> Result<f64> {
        let (batch, k) = (self.batch, self.workers.len());
        let steps = set.n() / batch;
        let classes = net.outputs();
        // Part j of a batch is its rows j·n/k .. (j+1)·n/k, weighted by its share n_j/n.
        let part = |j: usize| j * batch / k..(j + 1) * batch / k;
        let share = |j: usize| T::of(part(j).len() as f64 / batch as f64);
        if self.shards.len() != k {
            self.shards = (0..k).map(|_| Shard::new(&*opt)).collect();
        }
        for (j, shard) in self.shards.iter_mut().enumerate() {
            shard.load(net, j, k);
        }
        let mut workers = std::mem::take(&mut self.workers);
        let mut shards = std::mem::take(&mut self.shards);
        // The barriers keep the phases apart, so no lock is ever waited for: a worker is
        // written by its own thread only (backpropagation) and read by all during the update;
        // a shard is written by its own thread only (the update) and read by all as they copy
        // the parameters.
        let workers_l: Vec<RwLock<&mut Worker<T>>> = workers.iter_mut().map(RwLock::new).collect();
        let shards_l: Vec<RwLock<&mut Shard<T>>> = shards.iter_mut().map(RwLock::new).collect();
        let barrier = SpinBarrier::new(k);
        let (this, lambda) = (&*self, T::of(f64::from(self.weight_decay)));
        // Thread j's step s, after steps whose losses summed to `sum`.
        let step = |j: usize, s: usize, sum: f64| -> Step {
            {
                let mut w = workers_l[j].write().unwrap_or_else(PoisonError::into_inner);
                let Worker {
                    net,
                    batch: buffers,
                    dropout,
                    loss,
                } = &mut **w;
                for shard in &shards_l {
                    read(shard).store(net);
                }
                let range = s * batch + part(j).start..s * batch + part(j).end;
                let next = order
                    .get(range.start + batch..range.end + batch)
                    .unwrap_or(&[]);
                next.iter().for_each(|&i| set.prefetch(i));
                let input = this.step_input(set, range.clone(), classes);
                *loss = backprop(net, buffers, dropout, &order[range], input);
            }
            barrier.wait(); // every part's gradients are ready
            if barrier.is_broken() {
                return Step::Broken;
            }
            // Every thread sums the same losses in the same order, so all stop at the same step.
            let loss: f64 = (0..k)
                .map(|i| (share(i) * read(&workers_l[i]).loss).as_f64())
                .sum();
            if !(sum + loss).is_finite() {
                return Step::Diverged(sum + loss);
            }
            {
                let mut own = shards_l[j].write().unwrap_or_else(PoisonError::into_inner);
                let Shard { params, grad, opt } = &mut **own;
                opt.begin_step();
                for (p, (start, values)) in params.iter_mut().enumerate() {
                    let g = &mut grad[..values.len()];
                    let range = *start..*start + values.len();
                    // ∂L/∂W = Σ_i (n_i/n) ∂L_i/∂W on this share
                    for (i, worker) in workers_l.iter().enumerate() {
                        let w = read(worker);
                        let (c, part_grad) = (share(i), &gradient(&w.net, p)[range.clone()]);
                        if i == 0 {
                            g.iter_mut().zip(part_grad).for_each(|(d, &x)| *d = c * x);
                        } else {
                            g.iter_mut().zip(part_grad).for_each(|(d, &x)| *d += c * x);
                        }
                    }
                    // weight decay on the weights (even tensors), as add_weight_decay does
                    if p % 2 == 0 && lambda != T::zero() {
                        g.iter_mut()
                            .zip(values.iter())
                            .for_each(|(d, &w)| *d += lambda * w);
                    }
                    opt.update(p, values, g, eta);
                }
            }
            barrier.wait(); // every share is updated
            Step::Done(loss)
        };
        let mut loss_sum = 0.0f64;
        let mut failed = None;
        std::thread::scope(|scope| {
            for j in 1..k {
                let (step, barrier) = (&step, &barrier);
                scope.spawn(move || {
                    let run = catch_unwind(AssertUnwindSafe(|| {
                        let mut sum = 0.0;
                        for s in 0..steps {
                            match step(j, s, sum) {
                                Step::Done(loss) => sum += loss,
                                Step::Diverged(_) | Step::Broken => break,
                            }
                        }
                    }));
                    // A bug, not bad input: release the other threads rather than leave them
                    // waiting, then let the scope report the panic.
                    if let Err(panic) = run {
                        barrier.break_all();
                        resume_unwind(panic);
                    }
                });
            }
            let run = catch_unwind(AssertUnwindSafe(|| {
                for s in 0..steps {
                    match step(0, s, loss_sum) {
                        Step::Done(loss) => loss_sum += loss,
                        Step::Diverged(sum) => {
                            failed = Some(diverged(s, sum));
                            break;
                        }
                        Step::Broken => break,
                    }
                    on_step(s + 1);
                }
            }));
            if let Err(panic) = run {
                barrier.break_all();
                resume_unwind(panic);
            }
        });
        drop((workers_l, shards_l));
        for shard in &shards {
            shard.store(net);
        }
        self.workers = workers;
        self.shards = shards;
        match failed {
            Some(e) => Err(e),
            None => Ok(loss_sum / steps as f64),
        }
    }
    // ANCHOR_END: parallel_step
}

/// The error of a loss that stopped being a number at step `s` (0-based).
fn diverged(s: usize, loss: f64) -> anyhow::Error {
    anyhow::anyhow!(
        "training diverged at step {} (loss {loss}): try a smaller --eta",
        s + 1
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::to_unit;
    use nn_core::{Activation, Architecture, OptimizerKind};

    fn tiny_set(n: usize) -> ImageSet {
        let bytes: Vec<u8> = (0..n * 784)
            .map(|k| ((k / 784 * 13 + k % 784 * 7) % 17 * 15) as u8)
            .collect();
        ImageSet {
            bytes: crate::pixels::Pixels::from_slice(&bytes),
            pixels: 784,
            labels: (0..n).map(|i| i % 10).collect(),
        }
    }

    #[test]
    fn two_and_three_threads_give_the_same_updates_as_one() {
        let set = tiny_set(60);
        let arch = Architecture::classifier(&[784, 16, 10], Activation::Relu);
        let start: Network<f32> = Network::new(&arch, 1).unwrap();
        // Adam keeps state per element and counts steps; weight decay touches the weights only.
        for (kind, decay) in [(OptimizerKind::Sgd, 0.0), (OptimizerKind::Adam, 1e-3)] {
            let mut results = Vec::new();
            for threads in [1, 2, 3] {
                let mut net = start.clone();
                let mut opt = kind.build::<f32>();
                let mut tr = EpochTrainer::new(&net, 20, threads, 9)
                    .unwrap()
                    .with_shift(2)
                    .with_input_dropout(0.2)
                    .with_dropout(0.3)
                    .with_weight_decay(decay);
                // two epochs: the threads' optimizers keep their state between epochs
                let mut losses = Vec::new();
                for _ in 0..2 {
                    losses.push(
                        tr.epoch(&mut net, opt.as_mut(), &set, 0.01, &mut |_| {})
                            .unwrap(),
                    );
                }
                results.push((net, losses));
            }
            let (a, _) = &results[0];
            for (b, losses) in &results[1..] {
                for (la, lb) in a.layers.iter().zip(&b.layers) {
                    assert!((&la.w - &lb.w).abs().max() < 1e-5, "{kind}");
                    assert!((&la.b - &lb.b).abs().max() < 1e-5, "{kind}");
                }
                for (x, y) in results[0].1.iter().zip(losses) {
                    assert!((x - y).abs() < 1e-5, "{kind}: losses {x} and {y}");
                }
            }
            assert_ne!(
                a.layers[0].w, start.layers[0].w,
                "training changed the weights"
            );
        }
    }

    #[test]
    fn f64_trains_as_f32_does_up_to_rounding() {
        let set = tiny_set(60);
        let arch = Architecture::classifier(&[784, 16, 10], Activation::Relu);
        let mut n32: Network<f32> = Network::new(&arch, 1).unwrap();
        let mut n64: Network<f64> = Network::new(&arch, 1).unwrap();
        let (mut o32, mut o64) = (
            OptimizerKind::Adam.build::<f32>(),
            OptimizerKind::Adam.build::<f64>(),
        );
        let mut t32 = EpochTrainer::new(&n32, 20, 1, 9).unwrap().with_dropout(0.3);
        let mut t64 = EpochTrainer::new(&n64, 20, 2, 9).unwrap().with_dropout(0.3);
        for _ in 0..2 {
            let l32 = t32.epoch(&mut n32, o32.as_mut(), &set, 0.01, &mut |_| {});
            let l64 = t64.epoch(&mut n64, o64.as_mut(), &set, 0.01, &mut |_| {});
            let (l32, l64) = (l32.unwrap(), l64.unwrap());
            assert!((l32 - l64).abs() < 1e-4 * l64.abs(), "{l32} against {l64}");
        }
        let w32 = n32.layers[0].w.map(f64::from);
        assert!((w32 - &n64.layers[0].w).abs().max() < 1e-4);
    }

    #[test]
    fn a_shifted_image_is_the_same_image_moved() {
        let set = tiny_set(2);
        let mut b = Batch::<f32>::default();
        let aug = |dx, dy| Augment {
            shift: (dx, dy),
            seed: 0,
        };
        gather(&set, &[1, 0], &[aug(2, -1), aug(0, 0)], 0.0, &mut b, 10);
        let x = &b.x;
        let src = set.image(1);
        for py in 0..28usize {
            for px in 0..28usize {
                let got = x[(py * 28 + px, 0)];
                let (sx, sy) = (px as i32 - 2, py as i32 + 1);
                let want = if (0..28).contains(&sx) && (0..28).contains(&sy) {
                    src[sy as usize * 28 + sx as usize]
                } else {
                    0.0
                };
                assert_eq!(got, want, "pixel ({px}, {py})");
            }
        }
        assert_eq!(
            x.column(1).iter().copied().collect::<Vec<_>>(),
            set.image(0),
            "(0, 0) copies"
        );
    }

    #[test]
    fn every_byte_becomes_exactly_the_pixel_value_in_f32_and_f64() {
        // One image holding each of the 256 byte values (three times, then zeros).
        let bytes: Vec<u8> = (0..784)
            .map(|k| if k < 768 { (k % 256) as u8 } else { 0 })
            .collect();
        let set = ImageSet {
            bytes: crate::pixels::Pixels::from_slice(&bytes),
            pixels: 784,
            labels: vec![4],
        };
        let mut b32 = Batch::<f32>::default();
        gather(&set, &[0], &[], 0.0, &mut b32, 10);
        let mut b64 = Batch::<f64>::default();
        gather(&set, &[0], &[], 0.0, &mut b64, 10);
        for (k, &byte) in bytes.iter().enumerate() {
            assert_eq!(b32.x[k], to_unit(byte), "f32, byte {byte}");
            assert_eq!(b64.x[k], f64::from(byte) / 255.0, "f64, byte {byte}");
        }
    }

    #[test]
    fn gather_puts_image_i_in_column_r() {
        let set = tiny_set(5);
        let mut b = Batch::<f32>::default();
        gather(&set, &[3, 1], &[], 0.0, &mut b, 10);
        let (x, t) = (&b.x, &b.t);
        assert_eq!(x.shape(), (784, 2));
        assert_eq!(
            x.column(0).iter().copied().collect::<Vec<_>>(),
            set.image(3)
        );
        assert_eq!(
            x.column(1).iter().copied().collect::<Vec<_>>(),
            set.image(1)
        );
        assert_eq!(t[(0, 3)], 1.0);
        assert_eq!(t.row_sum()[1], 1.0);
    }

    #[test]
    fn divergence_stops_every_thread_with_an_error() {
        let set = tiny_set(40);
        let arch = Architecture::classifier(&[784, 16, 10], Activation::Relu);
        for threads in [1, 2, 3] {
            let mut net: Network<f32> = Network::new(&arch, 1).unwrap();
            let mut opt = OptimizerKind::Sgd.build::<f32>();
            let mut tr = EpochTrainer::new(&net, 10, threads, 9).unwrap();
            let mut steps = 0;
            let err = tr
                .epoch(&mut net, opt.as_mut(), &set, 1e30, &mut |s| steps = s)
                .unwrap_err();
            assert!(err.to_string().contains("diverged at step"), "{err}");
            assert!(steps < 4, "{threads} threads: stopped after {steps} steps");
            // The trainer still works afterwards, with all its workers.
            let mut net: Network<f32> = Network::new(&arch, 1).unwrap();
            let loss = tr
                .epoch(&mut net, opt.as_mut(), &set, 0.01, &mut |_| {})
                .unwrap();
            assert!(loss.is_finite());
        }
    }

    #[test]
    fn bad_settings_are_errors() {
        let net: Network<f32> = Network::new(
            &Architecture::classifier(&[784, 4, 10], Activation::Relu),
            1,
        )
        .unwrap();
        assert!(EpochTrainer::new(&net, 0, 1, 0).is_err());
        assert!(EpochTrainer::new(&net, 10, 0, 0).is_err());
        let mut tr = EpochTrainer::new(&net, 100, 1, 0).unwrap();
        let mut opt = OptimizerKind::Sgd.build::<f32>();
        let err = tr
            .epoch(
                &mut net.clone(),
                opt.as_mut(),
                &tiny_set(10),
                0.1,
                &mut |_| {},
            )
            .unwrap_err();
        assert!(err.to_string().contains("fewer than one batch"));
    }
}
