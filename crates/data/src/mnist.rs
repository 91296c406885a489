//! MNIST and Fashion-MNIST from a directory of IDX files named as the originals
//! (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`,
//! `t10k-labels-idx1-ubyte`, each optionally `.gz`). `datasets/mnist-sample` uses the same names.

use crate::dataset::Dataset;
use crate::error::{DataError, Result};
use crate::idx::read_idx;
use nalgebra::DMatrix;
use nn_core::Float;
use std::path::{Path, PathBuf};

/// The four file names of an MNIST-format directory (without `.gz`).
pub const MNIST_FILES: [&str; 4] = [
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
];

/// Fashion-MNIST's ten class names, indexed by label.
pub const FASHION_CLASSES: [&str; 10] = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
];

/// Where Debian's package `dataset-fashion-mnist` installs Fashion-MNIST.
pub const DEBIAN_FASHION_DIR: &str = "/usr/share/datasets/fashion-mnist";

/// Images and labels as stored: one byte per pixel (0 = background, 255 = ink).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawImages {
    /// Image height in pixels.
    pub rows: usize,
    /// Image width in pixels.
    pub cols: usize,
    /// `n × rows × cols` bytes, image after image, row-major.
    pub pixels: Vec<u8>,
    /// One label per image.
    pub labels: Vec<u8>,
}

impl RawImages {
    /// Number of images.
    pub fn n(&self) -> usize {
        self.labels.len()
    }

    /// The pixels of image `i` (`rows × cols` bytes), or `None` past the end.
    pub fn image(&self, i: usize) -> Option<&[u8]> {
        let len = self.rows * self.cols;
        self.pixels.get(i * len..(i + 1) * len)
    }

    // ANCHOR: mnist_to_dataset
    /// As a dataset: one row per image, pixels scaled to [0, 1], features named `pRR_CC`.
    pub fn to_dataset<T: Float>(&self, class_names: &[&str]) -> Dataset<T> {
        let len = self.rows * self.cols;
        let scale = T::of(1.0 / 255.0);
        let x = DMatrix::from_fn(self.n(), len, |i, j| {
            T::of(f64::from(self.pixels[i * len + j])) * scale
        });
        let mut names: Vec<String> = class_names.iter().map(|s| s.to_string()).collect();
        let needed = self.labels.iter().max().map_or(0, |&m| m as usize + 1);
        for k in names.len()..needed {
            names.push(k.to_string());
        }
        Dataset {
            x,
            labels: self.labels.iter().map(|&l| l as usize).collect(),
            class_names: names,
            feature_names: (0..len)
                .map(|j| format!("p{:02}_{:02}", j / self.cols.max(1), j % self.cols.max(1)))
                .collect(),
        }
    }
    // ANCHOR_END: mnist_to_dataset
}

/// `dir/name`, or `dir/name.gz` if only that exists.
pub fn find_file(dir: &Path, name: &str) -> Result<PathBuf> {
    let plain = dir.join(name);
    let gz = dir.join(format!("{name}.gz"));
    if plain.is_file() {
        Ok(plain)
    } else if gz.is_file() {
        Ok(gz)
    } else {
        Err(DataError::MissingFile {
            dir: dir.to_path_buf(),
            expected: name.to_string(),
        })
    }
}

/// Reads an image file (3 dimensions) and its label file (1 dimension), checking that they have
/// the same count and that every label is below `n_classes`.
pub fn load_image_pair(images: &Path, labels: &Path, n_classes: usize) -> Result<RawImages> {
    let im = read_idx(images)?;
    if im.dims.len() != 3 {
        return Err(DataError::BadIdx {
            path: images.to_path_buf(),
            what: "dimensions",
            expected: "3 (images × rows × columns)".into(),
            found: format!("{} ({:?})", im.dims.len(), im.dims),
        });
    }
    let lb = read_idx(labels)?;
    if lb.dims.len() != 1 {
        return Err(DataError::BadIdx {
            path: labels.to_path_buf(),
            what: "dimensions",
            expected: "1 (one label per image)".into(),
            found: format!("{} ({:?})", lb.dims.len(), lb.dims),
        });
    }
    if im.dims[0] != lb.dims[0] {
        return Err(DataError::CountMismatch {
            left: images.to_path_buf(),
            left_count: im.dims[0],
            right: labels.to_path_buf(),
            right_count: lb.dims[0],
        });
    }
    if let Some(i) = lb.data.iter().position(|&l| l as usize >= n_classes) {
        return Err(DataError::BadIdx {
            path: labels.to_path_buf(),
            what: "label",
            expected: format!("labels 0 to {} (item {i})", n_classes.saturating_sub(1)),
            found: lb.data[i].to_string(),
        });
    }
    Ok(RawImages {
        rows: im.dims[1],
        cols: im.dims[2],
        pixels: im.data,
        labels: lb.data,
    })
}

/// Raw train and test images of an MNIST-format directory. The test images must have the
/// training images' size (rows and columns each): a network reads one size only.
pub fn load_raw_dir(dir: impl AsRef<Path>) -> Result<(RawImages, RawImages)> {
    let dir = dir.as_ref();
    let [tri, trl, tei, tel] = MNIST_FILES.map(|f| find_file(dir, f));
    let (tri, tei) = (tri?, tei?);
    let train = load_image_pair(&tri, &trl?, 10)?;
    let test = load_image_pair(&tei, &tel?, 10)?;
    if (test.rows, test.cols) != (train.rows, train.cols) {
        return Err(DataError::BadIdx {
            path: tei,
            what: "image size",
            expected: format!(
                "{}×{} (rows × columns) like the training images in {}",
                train.rows,
                train.cols,
                tri.display()
            ),
            found: format!("{}×{}", test.rows, test.cols),
        });
    }
    Ok((train, test))
}
