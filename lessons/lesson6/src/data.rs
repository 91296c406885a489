//! Where the digits come from: full MNIST, the bundled 5,000-digit sample, or Fashion-MNIST.

use anyhow::{Context, Result, bail};
use nn_data::load_raw_dir;
use nn_data::mnist::{DEBIAN_FASHION_DIR, FASHION_CLASSES, MNIST_FILES};
use nn_fast::ImageSet;
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
