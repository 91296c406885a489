//! `bench`: the speed of an epoch, measured the way the peers (NumPy, PyTorch) are measured —
//! 784-100-10, plain SGD, mini-batches of 100, f32 — as the median over several epochs.

use crate::data::Loaded;
use crate::run::{Observer, train};
use crate::settings::Settings;
use anyhow::Result;
use nn_core::OptimizerKind;
use serde::Serialize;

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

/// Trains as [`bench_settings`] says and measures every epoch.
pub fn bench(base: &Settings, data: &Loaded, obs: &mut dyn Observer) -> Result<BenchReport> {
    let settings = bench_settings(base);
    let outcome = train(&settings, data, obs)?;
    let epoch_seconds: Vec<f64> = outcome.epochs.iter().map(|r| r.seconds).collect();
    let seconds_per_epoch = median(&epoch_seconds);
    let train_images = settings
        .limit
        .map_or(data.train.n(), |l| l.min(data.train.n()));
    Ok(BenchReport {
        seconds_per_epoch,
        min_seconds_per_epoch: epoch_seconds.iter().copied().fold(f64::INFINITY, f64::min),
        samples_per_second: (train_images / settings.batch * settings.batch) as f64
            / seconds_per_epoch,
        test_accuracy: outcome.test_accuracy(),
        epoch_seconds,
        threads: settings.threads,
        train_images,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
