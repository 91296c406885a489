//! # nn-data: every dataset of the course
//!
//! - [`toy`]: the lectures' generated tasks (circle, XOR, linear, the 3-D sphere/paraboloid
//!   homework, any `judge_term`);
//! - [`Dataset`]: features (rows = instances), labels, names; one-hot targets, splits, k-fold,
//!   shuffled mini-batches; [`Standardizer`] fitted on training data;
//!
//! Every fallible function returns [`DataError`], whose message names the file, line/column,
//! what was expected and what was found. No input file makes this crate panic.

pub mod dataset;
pub mod error;
pub mod standardize;
pub mod toy;

pub use dataset::{Batch, BatchSampler, Batches, Dataset, k_fold_indices, split_indices};
pub use error::{DataError, Result};
pub use standardize::Standardizer;
pub mod csv_load;
pub mod preprocess;
pub use csv_load::{ColumnKind, CsvTable, load_csv, load_iris, load_titanic};
pub use preprocess::{Prepared, Preprocessor};
pub mod atomic;
pub mod idx;
pub mod mnist;
pub use idx::{IdxArray, IdxReader, read_idx, write_idx};
pub use mnist::{Mnist, RawImages, load_fashion_dir, load_mnist_dir, load_raw_dir};
pub mod download;
pub use download::{Checksum, RemoteDataset, RemoteFile, download};
pub mod stream;
pub use stream::{ChunkedBatches, stream_csv, stream_idx};
