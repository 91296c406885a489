//! What the integration tests share.

use nn_core::fit::{Length, Plan, fit};
use nn_core::train::Data;
use nn_core::{Network, Optimizer, Schedule, one_hot};
use nn_fast::pixels::Pixels;
use nn_fast::{EpochTrainer, ImageSet, Kernel};

/// `n` made-up 28×28 images with labels 0–9.
pub fn images(n: usize) -> ImageSet {
    let bytes: Vec<u8> = (0..n * 784)
        .map(|k| ((k / 784 * 13 + k % 784 * 7) % 17 * 15) as u8)
        .collect();
    ImageSet {
        bytes: Pixels::from_slice(&bytes),
        pixels: 784,
        labels: (0..n).map(|i| i % 10).collect(),
    }
}

/// One epoch of `trainer` on `set` through nn-core's loop at learning rate `eta` (judged on the
/// first image only, to keep it cheap); returns the epoch's mean mini-batch loss.
pub fn epoch<T: Kernel>(
    trainer: &mut EpochTrainer<T>,
    net: &mut Network<T>,
    opt: &mut dyn Optimizer<T>,
    set: &ImageSet,
    eta: f64,
) -> nn_core::Result<f64> {
    let mut first = set.clone();
    first.truncate(1);
    let (x, t) = (
        first.rows_as::<T>(),
        one_hot::<T>(&first.labels, net.outputs()),
    );
    let plan = Plan {
        length: Length::Epochs {
            epochs: 1,
            average_from: None,
        },
        schedule: Schedule::Constant { eta },
    };
    let judged = (Data { x: &x, t: &t }, None);
    let history = fit(
        net,
        opt,
        &mut trainer.on(set),
        &plan,
        judged,
        &mut |_, _| {},
    )?;
    Ok(history.records[0].mean_batch_loss)
}
