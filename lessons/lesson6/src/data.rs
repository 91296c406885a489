//! Where the digits come from: full MNIST, the bundled 5,000-digit sample, or Fashion-MNIST.

use crate::pixels::Pixels;
use anyhow::{Context, Result, bail};
use nalgebra::DMatrix;
use nn_data::mnist::{DEBIAN_FASHION_DIR, FASHION_CLASSES, MNIST_FILES};
use nn_data::{RawImages, load_raw_dir};
use std::path::{Path, PathBuf};

/// Which dataset to train on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DatasetKind {
    /// Handwritten digits (full MNIST if downloaded, else the bundled sample).
    Mnist,
    /// Zalando's Fashion-MNIST: ten kinds of clothing in the same format.
    Fashion,
}

/// A pixel as the network reads it: `x = byte / 255`, in [0, 1].
#[inline]
pub fn to_unit(byte: u8) -> f32 {
    pixel_as(byte)
}

/// [`to_unit`] in `f32` or `f64`: `x = byte / 255`, divided in `T` (a plain conversion and a
/// division, so a loop of them runs on vector instructions).
#[inline]
pub fn pixel_as<T: nn_core::Float>(byte: u8) -> T {
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
    pub fn n(&self) -> usize {
        self.labels.len()
    }

    /// Pixels per image (784).
    pub fn pixels(&self) -> usize {
        self.pixels
    }

    /// Side of the square images (28).
    pub fn side(&self) -> usize {
        (self.pixels() as f64).sqrt().round() as usize
    }

    /// Image i's bytes.
    pub fn image_bytes(&self, i: usize) -> &[u8] {
        &self.bytes[i * self.pixels..(i + 1) * self.pixels]
    }

    /// Asks the processor to start loading image i and its label into the cache, so that a later
    /// [`ImageSet::image_bytes`] finds them there instead of waiting for memory (images are read
    /// in a random order, which the hardware cannot guess). Only a hint: it changes no result.
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
    pub fn rows_as<T: nn_core::Float>(&self) -> DMatrix<T> {
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

/// A loaded train/test pair with its provenance.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Training images.
    pub train: ImageSet,
    /// Test images.
    pub test: ImageSet,
    /// Class names by label.
    pub class_names: Vec<String>,
    /// Directory the files came from.
    pub dir: PathBuf,
    /// True when this is the bundled 5,000-digit sample rather than a full dataset.
    pub is_sample: bool,
}

/// The project root (two levels above this crate), where `datasets/` lives.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn has_idx_files(dir: &Path) -> bool {
    MNIST_FILES
        .iter()
        .all(|f| dir.join(f).is_file() || dir.join(format!("{f}.gz")).is_file())
}

/// Where to look for a dataset: `--data-dir` if given, else `datasets/mnist` (full MNIST, from
/// `download`) falling back to `datasets/mnist-sample`; for Fashion-MNIST `datasets/fashion`, then
/// Debian's `/usr/share/datasets/fashion-mnist`.
pub fn locate(kind: DatasetKind, data_dir: Option<&Path>) -> Result<(PathBuf, bool)> {
    if let Some(dir) = data_dir {
        if !has_idx_files(dir) {
            bail!(
                "--data-dir {}: expected the four files {} (optionally .gz) there",
                dir.display(),
                MNIST_FILES.join(", ")
            );
        }
        return Ok((dir.to_path_buf(), false));
    }
    let root = project_root();
    match kind {
        DatasetKind::Mnist => {
            let full = root.join("datasets/mnist");
            if has_idx_files(&full) {
                Ok((full, false))
            } else {
                Ok((root.join("datasets/mnist-sample"), true))
            }
        }
        DatasetKind::Fashion => {
            for dir in [
                root.join("datasets/fashion"),
                PathBuf::from(DEBIAN_FASHION_DIR),
            ] {
                if has_idx_files(&dir) {
                    return Ok((dir, false));
                }
            }
            bail!(
                "Fashion-MNIST not found: run `cargo run --release -p lesson6 -- download --dataset fashion`, \
                 install Debian's package dataset-fashion-mnist, or pass --data-dir"
            )
        }
    }
}

/// Loads the dataset `kind` (see [`locate`]).
pub fn load(kind: DatasetKind, data_dir: Option<&Path>) -> Result<Loaded> {
    let (dir, is_sample) = locate(kind, data_dir)?;
    let (train, test) = load_raw_dir(&dir).with_context(|| format!("loading {}", dir.display()))?;
    let class_names = match kind {
        DatasetKind::Mnist => (0..10).map(|d| d.to_string()).collect(),
        DatasetKind::Fashion => FASHION_CLASSES.iter().map(|s| s.to_string()).collect(),
    };
    // nn-data made sure the test images have the training images' size.
    if (train.rows, train.cols) != (28, 28) {
        let file = nn_data::mnist::find_file(&dir, MNIST_FILES[0])?;
        bail!(
            "{}: images are {}×{} (rows × columns), expected 28×28",
            file.display(),
            train.rows,
            train.cols
        );
    }
    Ok(Loaded {
        train: ImageSet::from_raw(&train),
        test: ImageSet::from_raw(&test),
        class_names,
        dir,
        is_sample,
    })
}
