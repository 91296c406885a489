//! What the integration tests share.

use nn_fast::ImageSet;
use nn_fast::pixels::Pixels;

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
