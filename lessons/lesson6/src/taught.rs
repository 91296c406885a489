//! MNIST in nn-core's one loop (`nn_core::fit`) with lecture 3's step (`LearnerStep`), one thread:
//! with the library's functions (`train --taught`) or with the learner's (`train --mine`). On the
//! same seed both draw the same mini-batches and drop the same units, so a learner whose
//! functions are right sees the same accuracy as the library's, to the last digit.

use crate::data::Loaded;
use crate::mine::{Mine, RowSeeds, guarded};
use crate::run::{Observer, Outcome, epochs};
use crate::settings::Settings;
use anyhow::{Result, bail};
use nalgebra::DMatrix;
use nn_core::fit::LearnerStep;
use nn_core::regularize::{Dropout, dropout_forward_backward};
use nn_core::train::{Data, Learner, MiniBatches, Mode};
use nn_core::{Network, one_hot};
use nn_fast::ImageSet;

/// Whose functions the taught loop runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Implementation {
    /// The library's: `ImageSet::rows`, `nn_core::regularize`'s dropout and weight decay,
    /// `Network::evaluate`.
    Library,
    /// The learner's, from `src/homework.rs` (see [`crate::mine`]).
    Mine,
}

/// The library's dropout (`nn_core::regularize::dropout_forward_backward`) as a [`Learner`],
/// its masks drawn from the same row seeds as [`Mine`]'s.
struct Library {
    p: f32,
    seeds: RowSeeds,
    dropout: Dropout<f32>,
}

impl Learner<f32> for Library {
    fn gradients(
        &mut self,
        net: &mut Network<f32>,
        x: &DMatrix<f32>,
        t: &DMatrix<f32>,
    ) -> nn_core::Result<f32> {
        let seeds = self.seeds.next(x.nrows());
        let (p, d) = (self.p, &mut self.dropout);
        Ok(dropout_forward_backward(net, x, t, &seeds, p, d))
    }
}

/// The images of `set` as an n×784 matrix of [0, 1] pixels: by the library, or by the learner's
/// `normalize_pixels` (checked for its shape).
fn pixels(set: &ImageSet, imp: Implementation) -> Result<DMatrix<f32>> {
    if imp == Implementation::Library {
        return Ok(set.rows());
    }
    let x = guarded("normalize_pixels", || {
        crate::homework::normalize_pixels(&set.bytes, set.pixels)
    })
    .map_err(anyhow::Error::msg)?;
    if x.shape() != (set.n(), set.pixels) {
        bail!(
            "your `normalize_pixels` returned a {}×{} matrix for {} images of {} pixels; it should be {}×{} (lessons/lesson6/src/homework.rs; check it with `cargo homework`)",
            x.nrows(),
            x.ncols(),
            set.n(),
            set.pixels,
            set.n(),
            set.pixels
        );
    }
    Ok(x)
}

/// Refuses what the taught loop does not do (the fast engine's augmentation), naming the flag.
fn check_taught(s: &Settings) -> Result<()> {
    let loop_flags = "--mine and --taught train in nn-core's one loop, which has no";
    if s.shift > 0 {
        bail!("{loop_flags} random shifts: leave out --shift {}", s.shift);
    }
    if s.input_dropout > 0.0 {
        bail!(
            "{loop_flags} input dropout: leave out --input-dropout {}",
            s.input_dropout
        );
    }
    Ok(())
}

// ANCHOR: train_taught
/// Trains a fresh network as `settings` say with `imp`'s functions, in nn-core's loop with the
/// lectures' step ([`LearnerStep`]: mini-batches from one shuffled order, `⌊n/batch⌋` per
/// epoch), averaging the weights from `average_from` on and judging the test set after each
/// epoch with `imp`'s evaluation.
pub fn train(
    settings: &Settings,
    data: &Loaded,
    imp: Implementation,
    obs: &mut dyn Observer,
) -> Result<Outcome> {
    settings.validate()?;
    check_taught(settings)?;
    let mut train_set = data.train.clone();
    if let Some(limit) = settings.limit {
        train_set.truncate(limit);
    }
    let (n, batch, classes) = (train_set.n(), settings.batch, data.class_names.len());
    if n < batch {
        bail!("the training set has {n} images, fewer than one batch of {batch}");
    }
    let (x, x_test) = (pixels(&train_set, imp)?, pixels(&data.test, imp)?);
    let (t, t_test) = (
        one_hot(&train_set.labels, classes),
        one_hot(&data.test.labels, classes),
    );
    let m = data.test.n().min(n);
    let (x_seen, t_seen) = (x.rows(0, m).into_owned(), t.rows(0, m).into_owned());
    let seen = Data {
        x: &x_seen,
        t: &t_seen,
    };
    let (train, test) = (
        Data { x: &x, t: &t },
        Data {
            x: &x_test,
            t: &t_test,
        },
    );
    let arch = settings.architecture(train_set.pixels(), classes);
    let mut net: Network<f32> = Network::new(&arch, settings.seed)?;
    let mut opt = settings.optimizer.build::<f32>();
    let (p, lambda) = (settings.dropout as f32, settings.weight_decay as f32);
    let mut learner: Box<dyn Learner<f32>> = match imp {
        Implementation::Library => Box::new(Library {
            p,
            seeds: RowSeeds::new(settings.seed),
            dropout: Dropout::default(),
        }),
        Implementation::Mine => Box::new(Mine::new(p, lambda, settings.seed)),
    };
    let mut step = LearnerStep {
        learner: learner.as_mut(),
        data: train,
        mode: Mode::MiniBatch(batch),
        batches: MiniBatches::new(settings.seed),
        // The library's λW is added by the step; the learner's by their `weight_decay`.
        weight_decay: if imp == Implementation::Library {
            settings.weight_decay
        } else {
            0.0
        },
    };
    let records = epochs(
        settings,
        &mut net,
        opt.as_mut(),
        &mut step,
        (test, seen),
        obs,
    )?;
    let train_accuracy = learner.evaluate(&net, train)?.1;
    let predicted = net.classify(&x_test)?;
    Ok(Outcome {
        net,
        epochs: records,
        predicted,
        train_accuracy: Some(train_accuracy),
    })
}
// ANCHOR_END: train_taught

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{DatasetKind, load, project_root};
    use crate::run::Silent;

    /// The uniform numbers give exactly the library's masks: `0 if u < p else 1/(1 − p)`.
    #[test]
    fn uniforms_reproduce_the_librarys_masks() {
        let arch = nn_core::Architecture::classifier(&[6, 9, 7, 3], nn_core::Activation::Relu);
        let net: Network<f32> = Network::new(&arch, 3).unwrap();
        let seeds = RowSeeds::new(5).next(4);
        let mut d = Dropout::default();
        d.draw(&net, &seeds, 0.3);
        for (k, mask) in d.masks.iter().enumerate() {
            let u = crate::mine::uniforms(&seeds, k, mask.ncols());
            let keep = (1.0 / (1.0 - 0.3f64)) as f32;
            assert_eq!(
                mask,
                &u.map(|v| if v < 0.3 { 0.0 } else { keep }),
                "layer {k}"
            );
        }
        // Another step, other seeds.
        assert_ne!(RowSeeds::new(5).next(4), {
            let mut s = RowSeeds::new(5);
            s.next(4);
            s.next(4)
        });
    }

    #[test]
    fn the_taught_loop_learns_digits_and_refuses_the_fast_engines_flags() {
        let data = load(
            DatasetKind::Mnist,
            Some(&project_root().join("datasets/mnist-sample")),
        )
        .unwrap();
        let s = Settings {
            epochs: 3,
            limit: Some(2000),
            average_from: Some(2),
            ..Settings::default()
        };
        let out = train(&s, &data, Implementation::Library, &mut Silent).unwrap();
        assert_eq!(out.epochs.len(), 3);
        assert!(out.test_accuracy() > 0.8, "{}", out.test_accuracy());
        assert!(
            out.train_accuracy.unwrap() > 0.8,
            "{:?} {:?}",
            out.train_accuracy,
            out.epochs
        );
        let shifted = Settings { shift: 1, ..s };
        let Err(e) = train(&shifted, &data, Implementation::Library, &mut Silent) else {
            panic!("--shift 1 was accepted by the taught loop");
        };
        assert!(e.to_string().contains("leave out --shift 1"), "{e}");
    }
}
