//! A mini-batch of images, gathered into reused buffers (moved and dropped out as the epoch's
//! augmentation says) and backpropagated: the work of one thread in one step.

use crate::dropout::dropout_step;
use crate::images::{ImageSet, pixel_as};
use crate::kernel::Kernel;
use crate::passes::{Input::Columns, backward, forward};
use nalgebra::DMatrix;
use nn_core::Network;
use nn_core::regularize::Dropout;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// A mini-batch being assembled: the inputs, one instance per column, and the one-hot targets.
#[derive(Debug, Clone)]
pub(crate) struct Batch<T: Kernel> {
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

/// One thread's buffers: the mini-batch it gathers and its dropout masks.
#[derive(Default)]
pub(crate) struct Buffers<T: Kernel> {
    batch: Batch<T>,
    dropout: Dropout<T>,
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

/// What a thread needs to know about this step's images besides their indices.
#[derive(Clone, Copy)]
pub(crate) struct StepInput<'a> {
    pub(crate) set: &'a ImageSet,
    pub(crate) shifts: &'a [Augment],
    pub(crate) seeds: &'a [u64],
    pub(crate) drop: f32,
    pub(crate) hidden_drop: f32,
    pub(crate) classes: usize,
}

impl<'a> StepInput<'a> {
    /// The same for positions `range` of the epoch's order: their shifts and dropout seeds.
    pub(crate) fn at(self, range: std::ops::Range<usize>) -> StepInput<'a> {
        StepInput {
            shifts: self.shifts.get(range.clone()).unwrap_or(&[]),
            seeds: self.seeds.get(range).unwrap_or(&[]),
            ..self
        }
    }
}

/// Gathers the images `idx` into `batch` and backpropagates them through `net` (a worker's own
/// copy, or the master network when there is one worker), leaving `∂L/∂W`, `∂L/∂b` of their mean
/// loss in `net`. Returns that loss.
pub(crate) fn backprop<T: Kernel>(
    net: &mut Network<T>,
    buffers: &mut Buffers<T>,
    idx: &[usize],
    input: StepInput<'_>,
) -> T {
    let Buffers { batch, dropout } = buffers;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::to_unit;

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
}
