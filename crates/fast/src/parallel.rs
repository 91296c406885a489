//! The data-parallel step: each mini-batch split between k threads. Every thread backpropagates
//! its part of the batch; then each takes its share of every parameter tensor, sums the parts'
//! gradients there (weighted by the parts' sizes), and updates those elements with its own copy
//! of the optimizer. The threads live for the epoch and meet at a [`SpinBarrier`] three times a
//! step: to start it, when every part's gradients are ready, and when every share is updated.
//!
//! nn-core's loop ([`nn_core::fit`]) drives the steps: this thread (the lead) takes part 0 of
//! each step when the loop asks for it, and the other threads follow.

use crate::barrier::SpinBarrier;
use crate::batch::{Buffers, StepInput, backprop};
use crate::kernel::Kernel;
use nalgebra::{DMatrix, RowDVector};
use nn_core::fit::{Body, Step};
use nn_core::regularize::decay;
use nn_core::{CoreError, Network, Optimizer};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{PoisonError, RwLock, RwLockReadGuard};

/// One thread's share of every parameter tensor (W¹, b¹, W², b², … in the optimizer's order):
/// the current values of its elements and the optimizer that updates them.
pub(crate) struct Shard<T: Kernel> {
    /// For tensor p: the index of the share's first element in the tensor, and the values.
    params: Vec<(usize, Vec<T>)>,
    /// The summed gradient of one share (as long as the longest).
    grad: Vec<T>,
    /// This share's own copy of the update rule.
    opt: Box<dyn Optimizer<T>>,
}

/// The value of a lock whose threads are done.
fn into_inner<V>(lock: RwLock<V>) -> V {
    lock.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// What one thread leaves for the others after backpropagating its part of a step.
#[derive(Default)]
pub(crate) struct Part<T: Kernel> {
    /// `∂L_j/∂W^l` of the part's mean loss `L_j`, for each layer l.
    dw: Vec<DMatrix<T>>,
    /// `∂L_j/∂b^l`.
    db: Vec<RowDVector<T>>,
    /// `L_j`.
    loss: T,
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

impl<T: Kernel> Shard<T> {
    /// An empty share updated by a fresh copy of `opt`'s rule.
    pub(crate) fn new(opt: &dyn Optimizer<T>) -> Self {
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

impl<T: Kernel> Part<T> {
    /// Swaps `net`'s gradients in (they are overwritten by the next backpropagation, so the
    /// matrices only change hands) and keeps the loss.
    fn take(&mut self, net: &mut Network<T>, loss: T) {
        self.dw.resize_with(net.depth(), || DMatrix::zeros(0, 0));
        self.db.resize_with(net.depth(), || RowDVector::zeros(0));
        for (l, layer) in net.layers.iter_mut().enumerate() {
            std::mem::swap(&mut self.dw[l], &mut layer.dw);
            std::mem::swap(&mut self.db[l], &mut layer.db);
        }
        self.loss = loss;
    }

    /// The gradient of parameter tensor number `p` (W^l for p = 2l, b^l for p = 2l + 1).
    fn gradient(&self, p: usize) -> &[T] {
        if p % 2 == 0 {
            self.dw[p / 2].as_slice()
        } else {
            self.db[p / 2].as_slice()
        }
    }
}

/// Reads a lock that no thread holds for writing at the time (the barriers keep the phases
/// apart: a part is written by its own thread during backpropagation and read by all during the
/// update; a shard is written by its own thread during the update and read by all after it).
fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

/// What the threads of one run share.
struct Shared<'a, T: Kernel> {
    barrier: SpinBarrier,
    /// Set by the lead before the start barrier: no more steps.
    stop: AtomicBool,
    /// The step's η (its bits), set by the lead before the start barrier.
    eta: AtomicU64,
    parts: Vec<RwLock<Part<T>>>,
    shards: Vec<RwLock<Shard<T>>>,
    /// The epoch's shuffled order of the images, and what to do to each.
    order: &'a [usize],
    input: StepInput<'a>,
    /// Mini-batch size.
    batch: usize,
    /// Weight decay λ.
    lambda: T,
}

impl<T: Kernel> Shared<'_, T> {
    /// Rows `j·n/k .. (j+1)·n/k` of a batch: part j.
    fn part(&self, j: usize) -> std::ops::Range<usize> {
        let (n, k) = (self.batch, self.parts.len());
        j * n / k..(j + 1) * n / k
    }

    /// Part j's weight in the batch's mean loss, `n_j / n`.
    fn share(&self, j: usize) -> T {
        T::of(self.part(j).len() as f64 / self.batch as f64)
    }

    /// Thread j's part of step `s`: gathers and backpropagates its images through `net`, and
    /// leaves their gradients and mean loss in its [`Part`].
    fn backprop(&self, j: usize, s: usize, net: &mut Network<T>, buffers: &mut Buffers<T>) {
        let batch = self.batch;
        let range = s * batch + self.part(j).start..s * batch + self.part(j).end;
        let next = self
            .order
            .get(range.start + batch..range.end + batch)
            .unwrap_or(&[]);
        next.iter().for_each(|&i| self.input.set.prefetch(i));
        let input = self.input.at(range.clone());
        let loss = backprop(net, buffers, &self.order[range], input);
        self.parts[j]
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .take(net, loss);
    }

    /// Thread j's update of its share: `∂L/∂W = Σ_i (n_i/n) ∂L_i/∂W` on the share's elements,
    /// plus weight decay on the weights, then the share's optimizer at η.
    fn update(&self, j: usize) {
        let eta = T::of(f64::from_bits(self.eta.load(Ordering::Acquire)));
        let lambda = self.lambda;
        let mut own = self.shards[j]
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        let Shard { params, grad, opt } = &mut *own;
        opt.begin_step();
        for (p, (start, values)) in params.iter_mut().enumerate() {
            let g = &mut grad[..values.len()];
            let range = *start..*start + values.len();
            for (i, part) in self.parts.iter().enumerate() {
                let part = read(part);
                let (c, part_grad) = (self.share(i), &part.gradient(p)[range.clone()]);
                if i == 0 {
                    g.iter_mut().zip(part_grad).for_each(|(d, &x)| *d = c * x);
                } else {
                    g.iter_mut().zip(part_grad).for_each(|(d, &x)| *d += c * x);
                }
            }
            if p % 2 == 0 {
                decay(g, values, lambda); // ∂L/∂W += λW on the weights
            }
            opt.update(p, values, g, eta);
        }
    }

    /// Writes every share into `net`: the parameters after the last update.
    fn store_all(&self, net: &mut Network<T>) {
        for shard in &self.shards {
            read(shard).store(net);
        }
    }

    /// The error of a step that another thread could not finish.
    fn broken(&self) -> nn_core::Result<()> {
        if self.barrier.is_broken() {
            Err(CoreError::Plugged(
                "a worker thread of the data-parallel step failed".into(),
            ))
        } else {
            Ok(())
        }
    }

    /// Thread j (≥ 1): the steps from `s` on, until the lead says stop.
    fn follow(&self, j: usize, mut s: usize, net: &mut Network<T>, buffers: &mut Buffers<T>) {
        loop {
            self.store_all(net); // the parameters after the last update
            self.barrier.wait(); // start
            if self.barrier.is_broken() || self.stop.load(Ordering::Acquire) {
                break;
            }
            self.backprop(j, s, net, buffers);
            self.barrier.wait(); // every part's gradients are ready
            if self.barrier.is_broken() {
                break;
            }
            self.update(j);
            self.barrier.wait(); // every share is updated
            s += 1;
        }
    }
}

// ANCHOR: parallel_step
/// The lead thread's side of a step: part 0 of the batch, share 0 of the update.
struct Lead<'s, 'a, T: Kernel> {
    shared: &'s Shared<'a, T>,
    buffers: &'s mut Buffers<T>,
    s: usize,
}

impl<T: Kernel> Step<T> for Lead<'_, '_, T> {
    fn step(
        &mut self,
        net: &mut Network<T>,
        _: &mut dyn Optimizer<T>,
        eta: T,
    ) -> nn_core::Result<f64> {
        let sh = self.shared;
        sh.eta.store(eta.as_f64().to_bits(), Ordering::Release);
        sh.barrier.wait(); // start
        sh.broken()?;
        sh.backprop(0, self.s, net, self.buffers);
        sh.barrier.wait(); // every part's gradients are ready
        sh.broken()?;
        let loss: f64 = (0..sh.parts.len())
            .map(|i| (sh.share(i) * read(&sh.parts[i]).loss).as_f64())
            .sum();
        sh.update(0);
        sh.barrier.wait(); // every share is updated
        sh.broken()?;
        sh.store_all(net);
        self.s += 1;
        Ok(loss)
    }
}
// ANCHOR_END: parallel_step

/// The state the threads keep from run to run: each thread's buffers, a network for each thread
/// but the lead, one share of the parameters per thread (with its optimizer and its state), and
/// the parts' gradients.
pub(crate) struct Crew<T: Kernel> {
    pub(crate) buffers: Vec<Buffers<T>>,
    pub(crate) nets: Vec<Network<T>>,
    pub(crate) shards: Vec<Shard<T>>,
    pub(crate) parts: Vec<Part<T>>,
}

/// Runs `body` with the lead's step while `crew.buffers.len()` − 1 more threads follow it, from
/// step `from` of the epoch whose shuffled `order` and augmentation (`input`) are given, with
/// mini-batches of `batch` and weight decay `lambda`.
pub(crate) fn run<T: Kernel>(
    crew: &mut Crew<T>,
    (order, input, from): (&[usize], StepInput<'_>, usize),
    (batch, lambda): (usize, T),
    net: &mut Network<T>,
    opt: &mut dyn Optimizer<T>,
    body: &mut Body<'_, T>,
) -> nn_core::Result<()> {
    let Crew {
        buffers,
        nets,
        shards,
        parts,
    } = crew;
    let k = buffers.len();
    if shards.len() != k {
        *shards = (0..k).map(|_| Shard::new(&*opt)).collect();
    }
    for (j, shard) in shards.iter_mut().enumerate() {
        shard.load(net, j, k);
    }
    parts.resize_with(k, Part::default);
    let shared = Shared {
        barrier: SpinBarrier::new(k),
        stop: AtomicBool::new(false),
        eta: AtomicU64::new(0),
        parts: std::mem::take(parts).into_iter().map(RwLock::new).collect(),
        shards: std::mem::take(shards)
            .into_iter()
            .map(RwLock::new)
            .collect(),
        order,
        input,
        batch,
        lambda,
    };
    let (lead, followers) = buffers.split_first_mut().expect("a trainer has buffers");
    let result = std::thread::scope(|scope| {
        for (j, (buffers, net)) in followers.iter_mut().zip(nets.iter_mut()).enumerate() {
            let shared = &shared;
            scope.spawn(move || {
                let run = catch_unwind(AssertUnwindSafe(|| {
                    shared.follow(j + 1, from, net, buffers)
                }));
                // A bug, not bad input: release the other threads rather than leave them
                // waiting, then let the scope report the panic.
                if let Err(panic) = run {
                    shared.barrier.break_all();
                    resume_unwind(panic);
                }
            });
        }
        let mut step = Lead {
            shared: &shared,
            buffers: lead,
            s: from,
        };
        // The body returns between steps (or after a thread failed): the followers wait at the
        // start, where the stop ends them.
        match catch_unwind(AssertUnwindSafe(|| body(&mut step, net, opt))) {
            Ok(result) => {
                shared.stop.store(true, Ordering::Release);
                shared.barrier.wait();
                result
            }
            Err(panic) => {
                shared.barrier.break_all();
                resume_unwind(panic);
            }
        }
    });
    *parts = shared.parts.into_iter().map(into_inner).collect();
    *shards = shared.shards.into_iter().map(into_inner).collect();
    result
}
