//! Epoch training for MNIST: shuffled mini-batches gathered into reused buffers, optionally split
//! across threads (data parallelism: each thread backpropagates its part of the batch, the
//! gradients are summed, one update is applied).

use crate::data::ImageSet;
use anyhow::{Result, bail};
use nalgebra::DMatrix;
use nn_core::train::apply_gradients;
use nn_core::{Network, Optimizer};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

/// One worker's share of a mini-batch and the network copy it backpropagates with.
struct Worker {
    net: Network<f32>,
    x: DMatrix<f32>,
    t: DMatrix<f32>,
    loss: f32,
}

/// Trains a network epoch by epoch on an [`ImageSet`], with `threads` workers.
pub struct EpochTrainer {
    workers: Vec<Worker>,
    order: Vec<usize>,
    rng: ChaCha8Rng,
    pool: Option<rayon::ThreadPool>,
    batch: usize,
}

/// Copies images `idx` into the rows of `x` and their one-hot labels into `t`.
fn gather(
    set: &ImageSet,
    idx: &[usize],
    x: &mut DMatrix<f32>,
    t: &mut DMatrix<f32>,
    classes: usize,
) {
    let p = set.pixels();
    if x.shape() != (idx.len(), p) {
        *x = DMatrix::zeros(idx.len(), p);
        *t = DMatrix::zeros(idx.len(), classes);
    }
    t.fill(0.0);
    let rows = idx.len();
    let xs = x.as_mut_slice();
    for (r, &i) in idx.iter().enumerate() {
        // x is column-major: pixel c of row r lives at r + c·rows.
        for (c, &v) in set.image(i).iter().enumerate() {
            xs[r + c * rows] = v;
        }
        t[(r, set.labels[i])] = 1.0;
    }
}

impl EpochTrainer {
    /// A trainer for `net` with mini-batches of `batch`, shuffled from `seed`, split over `threads`.
    pub fn new(net: &Network<f32>, batch: usize, threads: usize, seed: u64) -> Result<Self> {
        if batch == 0 {
            bail!("--batch must be at least 1");
        }
        if threads == 0 {
            bail!("--threads must be at least 1");
        }
        let workers = (0..threads.min(batch))
            .map(|_| Worker {
                net: net.clone(),
                x: DMatrix::zeros(0, 0),
                t: DMatrix::zeros(0, 0),
                loss: 0.0,
            })
            .collect();
        let pool = if threads > 1 {
            Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()?,
            )
        } else {
            None
        };
        Ok(EpochTrainer {
            workers,
            order: Vec::new(),
            rng: ChaCha8Rng::seed_from_u64(seed),
            pool,
            batch,
        })
    }

    /// One epoch over `set` (a fresh shuffle, then ⌊n/batch⌋ steps; the remainder joins the next
    /// shuffle's epoch rather than making a small last batch). `eta` is the learning rate;
    /// `on_step` is told the number of steps done. Returns the mean mini-batch loss.
    pub fn epoch(
        &mut self,
        net: &mut Network<f32>,
        opt: &mut dyn Optimizer<f32>,
        set: &ImageSet,
        eta: f32,
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
        let result = self.run_epoch(net, opt, set, &order, eta, on_step);
        self.order = order;
        result
    }

    fn run_epoch(
        &mut self,
        net: &mut Network<f32>,
        opt: &mut dyn Optimizer<f32>,
        set: &ImageSet,
        order: &[usize],
        eta: f32,
        on_step: &mut dyn FnMut(usize),
    ) -> Result<f64> {
        let n = set.n();
        let classes = net.outputs();
        let steps = n / self.batch;
        let mut loss_sum = 0.0f64;
        let k = self.workers.len();
        for s in 0..steps {
            let idx = &order[s * self.batch..(s + 1) * self.batch];
            if k == 1 {
                let w = &mut self.workers[0];
                gather(set, idx, &mut w.x, &mut w.t, classes);
                let loss = nn_core::train_step(net, opt, &w.x, &w.t, eta)?;
                loss_sum += f64::from(loss);
            } else {
                loss_sum += self.parallel_step(net, opt, set, idx, classes, eta)?;
            }
            if !loss_sum.is_finite() {
                bail!(
                    "training diverged at step {} (loss {loss_sum}): try a smaller --eta",
                    s + 1
                );
            }
            on_step(s + 1);
        }
        Ok(loss_sum / steps as f64)
    }

    fn parallel_step(
        &mut self,
        net: &mut Network<f32>,
        opt: &mut dyn Optimizer<f32>,
        set: &ImageSet,
        idx: &[usize],
        classes: usize,
        eta: f32,
    ) -> Result<f64> {
        let k = self.workers.len();
        let n = idx.len();
        let pool = self.pool.as_ref().expect("a pool exists when threads > 1");
        // Each worker copies the current parameters, gathers its rows, and backpropagates them.
        let master: &Network<f32> = net;
        pool.install(|| {
            self.workers.par_iter_mut().enumerate().for_each(|(j, w)| {
                let part = &idx[j * n / k..(j + 1) * n / k];
                for (dst, src) in w.net.layers.iter_mut().zip(&master.layers) {
                    dst.w.copy_from(&src.w);
                    dst.b.copy_from(&src.b);
                }
                gather(set, part, &mut w.x, &mut w.t, classes);
                // Shapes were checked when the trainer was built; forward/backward cannot fail here.
                if w.net.forward(&w.x).is_ok() && w.net.backward(&w.x, &w.t).is_ok() {
                    w.loss = w.net.loss_value(&w.t);
                } else {
                    w.loss = f32::NAN;
                }
            })
        });
        // Each worker's gradient is the mean over its n_j rows; the batch mean weights them n_j/n.
        let mut loss = 0.0f64;
        for (l, layer) in net.layers.iter_mut().enumerate() {
            layer.dw.fill(0.0);
            layer.db.fill(0.0);
            for (j, w) in self.workers.iter().enumerate() {
                let share = ((j + 1) * n / k - j * n / k) as f32 / n as f32;
                for (d, g) in layer.dw.iter_mut().zip(w.net.layers[l].dw.iter()) {
                    *d += share * g;
                }
                for (d, g) in layer.db.iter_mut().zip(w.net.layers[l].db.iter()) {
                    *d += share * g;
                }
                if l == 0 {
                    loss += f64::from(share * w.loss);
                }
            }
        }
        apply_gradients(net, opt, eta);
        Ok(loss)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nn_core::{Activation, Architecture, OptimizerKind};

    fn tiny_set(n: usize) -> ImageSet {
        let images = DMatrix::from_fn(784, n, |p, i| ((p * 7 + i * 13) % 17) as f32 / 17.0);
        ImageSet {
            images,
            labels: (0..n).map(|i| i % 10).collect(),
        }
    }

    #[test]
    fn two_threads_give_the_same_update_as_one() {
        let set = tiny_set(40);
        let arch = Architecture::classifier(&[784, 16, 10], Activation::Relu);
        let start: Network<f32> = Network::new(&arch, 1).unwrap();
        let mut results = Vec::new();
        for threads in [1, 2] {
            let mut net = start.clone();
            let mut opt = OptimizerKind::Sgd.build::<f32>();
            let mut tr = EpochTrainer::new(&net, 20, threads, 9).unwrap();
            let loss = tr
                .epoch(&mut net, opt.as_mut(), &set, 0.1, &mut |_| {})
                .unwrap();
            results.push((net, loss));
        }
        let (a, b) = (&results[0].0, &results[1].0);
        for (la, lb) in a.layers.iter().zip(&b.layers) {
            assert!((&la.w - &lb.w).abs().max() < 1e-5);
            assert!((&la.b - &lb.b).abs().max() < 1e-5);
        }
        assert!((results[0].1 - results[1].1).abs() < 1e-5);
        assert_ne!(
            a.layers[0].w, start.layers[0].w,
            "training changed the weights"
        );
    }

    #[test]
    fn gather_puts_image_i_in_row_r() {
        let set = tiny_set(5);
        let (mut x, mut t) = (DMatrix::zeros(0, 0), DMatrix::zeros(0, 0));
        gather(&set, &[3, 1], &mut x, &mut t, 10);
        assert_eq!(x.row(0).iter().copied().collect::<Vec<_>>(), set.image(3));
        assert_eq!(x.row(1).iter().copied().collect::<Vec<_>>(), set.image(1));
        assert_eq!(t[(0, 3)], 1.0);
        assert_eq!(t.row_sum()[1], 1.0);
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
