//! # nn-data: every dataset of the course
//!
//! Data flows one way: `nn-data` makes matrices (rows = instances, the lectures' `X` is
//! n×features) → `nn-core` trains on them.
//!
//! - [`toy`]: the lectures' generated tasks: circle, XOR, linear, lecture 4's 3-D
//!   sphere/paraboloid homework, and any `judge_term` in 2-D or 3-D ([`toy::from_fn_2d`]);
//! - [`Dataset`]: features, labels and names, with one-hot targets, subsets, (stratified)
//!   train/test splits and k-fold splits (mini-batches are drawn by nn-core's training loop);
//!   [`Standardizer`] is fitted on training data and applied to test data;
//! - [`csv_load`] + [`preprocess`]: any CSV with a label column; numeric/categorical detection,
//!   one-hot encoding and median imputation learned on the training rows; [`load_iris`],
//!   [`load_titanic`] for the files in `datasets/`;
//! - [`idx`] + [`mnist`]: the MNIST file format read safely (raw or gzip), and the raw images of
//!   MNIST, Fashion-MNIST and `datasets/mnist-sample` loaded from a directory;
//!
//! Downloading full MNIST/Fashion-MNIST lives in the crate `nn-download` (lesson 6 only).
//!
//! Every fallible function returns [`DataError`], whose message names the file, line/column,
//! what was expected and what was found. No input file makes this crate panic.
//!
//! ```
//! use nn_data::{Standardizer, toy};
//! let data = toy::circle(1000, 4.0, 1); // label 1 = inside the circle of radius 4
//! let (mut train, mut test) = data.split(0.2, true, 1)?;
//! Standardizer::fit_apply(&mut train, &mut test)?;
//! assert_eq!((train.n(), test.n(), train.one_hot().ncols()), (800, 200, 2));
//! # Ok::<(), nn_data::DataError>(())
//! ```
#![deny(missing_docs)]

pub mod csv_load;
pub mod dataset;
pub mod error;
pub mod idx;
pub mod mnist;
pub mod preprocess;
pub mod standardize;
pub mod toy;

pub use csv_load::{ColumnKind, CsvTable, load_csv, load_iris, load_titanic};
pub use dataset::{Dataset, k_fold_indices, split_indices};
pub use error::{DataError, Result};
pub use idx::{IdxArray, IdxReader, read_idx, write_idx};
pub use mnist::{RawImages, load_raw_dir};
pub use preprocess::{Prepared, Preprocessor};
pub use standardize::Standardizer;
