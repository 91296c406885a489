//! The training and test images as the fast engine reads them: one byte per pixel, image after
//! image, turned into [0, 1] floats (`x = byte / 255`) only when a mini-batch is gathered.

use crate::pixels::Pixels;
use nalgebra::DMatrix;
use nn_core::Float;
use nn_data::RawImages;

/// A pixel as the network reads it: `x = byte / 255`, in [0, 1].
#[inline]
pub fn to_unit(byte: u8) -> f32 {
    pixel_as(byte)
}

/// [`to_unit`] in `f32` or `f64`: `x = byte / 255`, divided in `T` (a plain conversion and a
/// division, so a loop of them runs on vector instructions).
#[inline]
pub fn pixel_as<T: Float>(byte: u8) -> T {
    T::of_u8(byte) / T::of(255.0)
}

/// Images kept as the IDX files hold them — one byte per pixel, image after image — and turned
/// into [0, 1] floats ([`to_unit`]) only when a mini-batch is gathered. One byte instead of four
/// keeps the 60,000 training images at 47 MB, so each random mini-batch reads a quarter of the
/// memory it would read as floats.
#[derive(Debug, Clone)]
pub struct ImageSet {
    /// n × pixels bytes: image i is `bytes[i·pixels .. (i+1)·pixels]`, row by row (in huge pages
    /// where the system grants them, see [`crate::pixels`]).
    pub bytes: Pixels,
    /// Pixels per image (784).
    pub pixels: usize,
    /// Label of each image.
    pub labels: Vec<usize>,
}

impl ImageSet {
    /// The images and labels of an IDX pair.
    pub fn from_raw(raw: &RawImages) -> Self {
        ImageSet {
            bytes: Pixels::from_slice(&raw.pixels),
            pixels: raw.rows * raw.cols,
            labels: raw.labels.iter().map(|&l| usize::from(l)).collect(),
        }
    }

    /// Number of images.
    #[inline]
    pub fn n(&self) -> usize {
        self.labels.len()
    }

    /// Pixels per image (784).
    #[inline]
    pub fn pixels(&self) -> usize {
        self.pixels
    }

    /// Side of the square images (28).
    #[inline]
    pub fn side(&self) -> usize {
        (self.pixels() as f64).sqrt().round() as usize
    }

    /// Image i's bytes.
    #[inline]
    pub fn image_bytes(&self, i: usize) -> &[u8] {
        &self.bytes[i * self.pixels..(i + 1) * self.pixels]
    }

    /// Asks the processor to start loading image i and its label into the cache, so that a later
    /// [`ImageSet::image_bytes`] finds them there instead of waiting for memory (images are read
    /// in a random order, which the hardware cannot guess). Only a hint: it changes no result.
    #[inline]
    pub fn prefetch(&self, i: usize) {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            let image = self.image_bytes(i);
            // SAFETY: SSE is part of every x86_64 processor, and a prefetch of any address is
            // only a hint that never faults; these addresses are in live slices anyway.
            unsafe {
                for line in image.chunks(64) {
                    _mm_prefetch::<_MM_HINT_T0>(line.as_ptr().cast());
                }
                if let Some(label) = self.labels.get(i) {
                    _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(label).cast());
                }
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = i;
    }

    /// Image i as [0, 1] pixels.
    pub fn image(&self, i: usize) -> Vec<f32> {
        self.image_bytes(i).iter().map(|&b| to_unit(b)).collect()
    }

    /// All images as an n×784 matrix (rows = instances), for evaluation.
    pub fn rows(&self) -> DMatrix<f32> {
        self.rows_as()
    }

    /// [`ImageSet::rows`] in `f32` or `f64` ([`pixel_as`]).
    pub fn rows_as<T: Float>(&self) -> DMatrix<T> {
        DMatrix::from_fn(self.n(), self.pixels, |i, c| {
            pixel_as(self.bytes[i * self.pixels + c])
        })
    }

    /// The first `n` images only.
    pub fn truncate(&mut self, n: usize) {
        if n < self.n() {
            self.bytes.truncate(n * self.pixels);
            self.labels.truncate(n);
        }
    }
}
