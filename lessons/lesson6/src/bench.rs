//! `bench`: the speed of an epoch, measured the way the peers (NumPy, PyTorch) are measured —
//! 784-100-10, plain SGD, mini-batches of 100, f32 — as the median over several epochs; and,
//! in the same run, the floor under it: the epoch's matrix products alone.

use crate::data::Loaded;
use crate::run::{EpochRecord, Observer, train};
use crate::settings::Settings;
use anyhow::Result;
use nn_core::{Architecture, Network, OptimizerKind};
use nn_fast::{Input, Kernel, Product, step_products, time_products};
use serde::Serialize;
use std::sync::Barrier;

/// What `bench` reports.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    /// Median seconds of one epoch's training (evaluation excluded).
    pub seconds_per_epoch: f64,
    /// Fastest epoch.
    pub min_seconds_per_epoch: f64,
    /// Training images per second at the median epoch.
    pub samples_per_second: f64,
    /// Test accuracy after the last epoch.
    pub test_accuracy: f64,
    /// Every epoch's seconds.
    pub epoch_seconds: Vec<f64>,
    /// Threads used.
    pub threads: usize,
    /// Training images per epoch.
    pub train_images: usize,
    /// The floating-point type trained in: `"f32"` (the default) or `"f64"` (`--f64`).
    pub precision: &'static str,
    /// Seconds the epoch's matrix products alone take on the same kernel and threads (median over
    /// the epochs, each timed right after its epoch): no epoch can be faster.
    pub floor_seconds_per_epoch: f64,
    /// The products alone, timed right after each epoch (one per epoch).
    pub floor_epoch_seconds: Vec<f64>,
    /// `floor / epoch`, the median over the epochs of each epoch's pair: the share of the epoch
    /// spent at the kernel's speed (1 = nothing else costs). Pairs, because the processor's speed
    /// drifts: a floor timed a minute apart from its epoch can come out slower than the epoch.
    pub efficiency: f64,
    /// The products' rate in the floor runs, in GFLOP/s (all threads together).
    pub floor_gflops: f64,
}

/// The median of `v` (mean of the two middle values for an even count).
pub fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    match s.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => s[n / 2],
        n => (s[n / 2 - 1] + s[n / 2]) / 2.0,
    }
}

/// The benchmark's fixed recipe — plain SGD at a constant η, no regularisers, no averaging — with
/// the caller's data, width, epochs, threads, batch, η and seed.
pub fn bench_settings(base: &Settings) -> Settings {
    Settings {
        optimizer: OptimizerKind::Sgd,
        learning_plan: 0,
        weight_decay: 0.0,
        shift: 0,
        input_dropout: 0.0,
        dropout: 0.0,
        average_from: None,
        ..base.clone()
    }
}

/// Trains as [`bench_settings`] says, in `T` (`f32` or `f64`), and measures every epoch.
pub fn bench<T: Kernel>(
    base: &Settings,
    data: &Loaded,
    obs: &mut dyn Observer,
) -> Result<BenchReport> {
    let settings = bench_settings(base);
    let train_images = settings
        .limit
        .map_or(data.train.n(), |l| l.min(data.train.n()));
    let arch = settings.architecture(data.train.pixels(), data.class_names.len());
    let steps = train_images / settings.batch;
    let mut paired = FloorAfterEachEpoch {
        inner: obs,
        time: &mut || product_floor::<T>(&arch, settings.batch, settings.threads, steps),
        floors: Vec::new(),
    };
    let outcome = train::<T>(&settings, data, &mut paired)?;
    let floor_epoch_seconds = paired.floors;
    let epoch_seconds: Vec<f64> = outcome.epochs.iter().map(|r| r.seconds).collect();
    let seconds_per_epoch = median(&epoch_seconds);
    let floor = median(&floor_epoch_seconds);
    let ratios: Vec<f64> = floor_epoch_seconds
        .iter()
        .zip(&epoch_seconds)
        .map(|(f, e)| f / e)
        .collect();
    let flops = epoch_flops::<T>(&arch, settings.batch, steps);
    Ok(BenchReport {
        floor_seconds_per_epoch: floor,
        floor_epoch_seconds,
        efficiency: median(&ratios),
        floor_gflops: flops / floor / 1e9,
        seconds_per_epoch,
        min_seconds_per_epoch: epoch_seconds.iter().copied().fold(f64::INFINITY, f64::min),
        samples_per_second: (train_images / settings.batch * settings.batch) as f64
            / seconds_per_epoch,
        test_accuracy: outcome.test_accuracy(),
        epoch_seconds,
        threads: settings.threads,
        train_images,
        precision: T::NAME,
    })
}

/// Passes everything on to `inner`, and after each epoch (once it is timed and evaluated) times
/// the products alone with `time`: the floor of that epoch, measured at the processor's speed of
/// the moment.
struct FloorAfterEachEpoch<'a> {
    inner: &'a mut dyn Observer,
    time: &'a mut dyn FnMut() -> f64,
    floors: Vec<f64>,
}

impl Observer for FloorAfterEachEpoch<'_> {
    fn epoch_start(&mut self, epoch: usize, epochs: usize, steps: usize) {
        self.inner.epoch_start(epoch, epochs, steps);
    }
    fn step(&mut self, done: usize) {
        self.inner.step(done);
    }
    fn epoch_end(&mut self, record: &EpochRecord) {
        self.inner.epoch_end(record);
        self.floors.push((self.time)());
    }
}

/// The products of one step on `n` instances stored one per column, as the trainer stores them.
fn products<T: Kernel>(arch: &Architecture, n: usize) -> Vec<Product> {
    let net: Network<T> = Network::new(arch, 0).expect("the architecture was validated");
    let x = nalgebra::DMatrix::<T>::zeros(net.inputs(), n);
    step_products(&net, n, Input::Columns(&x))
}

/// Floating-point operations of an epoch's products: `steps` steps on batches of `batch`.
fn epoch_flops<T: Kernel>(arch: &Architecture, batch: usize, steps: usize) -> f64 {
    products::<T>(arch, batch)
        .iter()
        .map(|p| p.flops())
        .sum::<f64>()
        * steps as f64
}

/// Seconds an epoch's matrix products alone take: `threads` threads, as in training, each make
/// the products of its part of every batch (part j: rows `j·n/k .. (j+1)·n/k`) for `steps` steps,
/// all starting together; the slowest thread's time is the floor.
pub fn product_floor<T: Kernel>(
    arch: &Architecture,
    batch: usize,
    threads: usize,
    steps: usize,
) -> f64 {
    let k = threads.clamp(1, batch.max(1));
    let lists: Vec<_> = (0..k)
        .map(|j| products::<T>(arch, (j + 1) * batch / k - j * batch / k))
        .collect();
    let start = Barrier::new(k);
    std::thread::scope(|s| {
        let handles: Vec<_> = lists
            .iter()
            .map(|list| {
                let start = &start;
                s.spawn(move || {
                    start.wait();
                    time_products::<T>(list, steps)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a timing thread does not panic"))
            .fold(0.0, f64::max)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use nn_core::Activation;

    #[test]
    fn the_benchmark_is_plain_sgd_whatever_the_defaults() {
        let s = bench_settings(&Settings::default());
        assert_eq!(s.optimizer, OptimizerKind::Sgd);
        assert_eq!(
            (s.dropout, s.input_dropout, s.weight_decay, s.shift),
            (0.0, 0.0, 0.0, 0)
        );
        assert_eq!((s.learning_plan, s.average_from), (0, None));
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(median(&[]).is_nan());
    }

    #[test]
    fn the_floor_counts_every_product_of_the_epoch() {
        let arch = Architecture::classifier(&[784, 100, 10], Activation::Relu);
        // forward 784·100 + 100·10, backward 784·100 + 100·10 + 10·100, per instance, ×2 flops
        let per_instance = 2.0 * (2.0 * 78_400.0 + 3.0 * 1_000.0);
        assert_eq!(
            epoch_flops::<f32>(&arch, 100, 600),
            per_instance * 100.0 * 600.0
        );
        let one = product_floor::<f32>(&arch, 100, 1, 2);
        let two = product_floor::<f64>(&arch, 100, 2, 2);
        assert!(one > 0.0 && two > 0.0);
    }
}
