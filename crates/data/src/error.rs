//! The one error type of `nn-data`.
//!
//! Every message is one sentence that names the file (and line/column where there is one), what was
//! expected, and what was found, so a binary can print it as is and exit non-zero.

use std::path::{Path, PathBuf};

/// Everything that can go wrong while making, loading or downloading a dataset.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// An error from nn-core, such as writing a file through its one atomic writer.
    #[error(transparent)]
    Core(#[from] nn_core::CoreError),

    /// The operating system refused to read or write a file.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done: "read", "create", "write", "rename to" ...
        action: &'static str,
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },

    /// A CSV file has no header line.
    #[error("{}: the file is empty; expected a header line followed by data rows", path.display())]
    EmptyCsv {
        /// The file concerned.
        path: PathBuf,
    },

    /// A CSV file has a header line but no data rows after it.
    #[error("{}: the file has a header line but no data rows; expected at least one row of data after the header", path.display())]
    NoDataRows {
        /// The file concerned.
        path: PathBuf,
    },

    /// Two columns of a CSV header have the same name.
    #[error("{}: line 1: the column name {name:?} appears twice, in columns {first} and {second}; expected every column name once", path.display())]
    DuplicateColumn {
        /// The file concerned.
        path: PathBuf,
        /// The repeated name.
        name: String,
        /// 1-based number of its first column.
        first: usize,
        /// 1-based number of the column repeating it.
        second: usize,
    },

    /// The requested label (target) column is not in the header.
    #[error("{}: line 1: expected a column named {column:?} in the header, found only {available}", path.display())]
    MissingColumn {
        /// The file concerned.
        path: PathBuf,
        /// The column asked for.
        column: String,
        /// The columns that exist, comma separated.
        available: String,
    },

    /// A cell could not be understood.
    #[error("{}: line {line}, column {column} ({name}): expected {expected}, found {found:?}", path.display())]
    BadCell {
        /// The file concerned.
        path: PathBuf,
        /// 1-based line number in the file.
        line: u64,
        /// 1-based column number.
        column: usize,
        /// The column's header name.
        name: String,
        /// What the loader wanted.
        expected: String,
        /// The cell's text.
        found: String,
    },

    /// A CSV row has the wrong number of fields, or the CSV syntax is broken.
    #[error("{}: line {line}: expected {expected}, found {found}", path.display())]
    BadRow {
        /// The file concerned.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// What the loader wanted.
        expected: String,
        /// What it found.
        found: String,
    },

    /// An IDX file (the MNIST format) is malformed.
    #[error("{}: {what}: expected {expected}, found {found}", path.display())]
    BadIdx {
        /// The file concerned.
        path: PathBuf,
        /// Which part of the file: "magic number", "dimensions", "length" ...
        what: &'static str,
        /// What the reader wanted.
        expected: String,
        /// What it found.
        found: String,
    },

    /// Two files that belong together disagree (e.g. 60000 images but 59999 labels).
    #[error("{} and {}: expected the same number of items, found {left_count} and {right_count}", left.display(), right.display())]
    CountMismatch {
        /// The first file (images).
        left: PathBuf,
        /// Its item count.
        left_count: usize,
        /// The second file (labels).
        right: PathBuf,
        /// Its item count.
        right_count: usize,
    },

    /// A directory lacks a file that a dataset needs.
    #[error("{}: expected a file named {expected} (or {expected}.gz), found none", dir.display())]
    MissingFile {
        /// The directory searched.
        dir: PathBuf,
        /// The file name wanted.
        expected: String,
    },

    /// A downloaded file's checksum differs from the published one.
    #[error("{url}: expected checksum {expected}, found {found}")]
    Checksum {
        /// Where the file came from.
        url: String,
        /// The published checksum (hex).
        expected: String,
        /// The checksum of what arrived (hex).
        found: String,
    },

    /// Fetching a URL failed (connection, HTTP status, dropped transfer).
    #[error("{url}: expected a complete HTTP 200 response, found {found}")]
    Http {
        /// The URL.
        url: String,
        /// What happened instead.
        found: String,
    },

    /// Every mirror failed for one file; each attempt's error is listed.
    #[error("{file}: every mirror failed: {}", attempts.join("; "))]
    AllMirrorsFailed {
        /// The file wanted.
        file: String,
        /// One message per mirror tried.
        attempts: Vec<String>,
    },

    /// A parameter given by the caller is out of range (a split fraction, a k, a batch size...).
    #[error("{name}: expected {expected}, found {found}")]
    InvalidArgument {
        /// The parameter's name.
        name: &'static str,
        /// The valid range.
        expected: String,
        /// The value given.
        found: String,
    },
}

/// Shorthand for `Result<T, DataError>`.
pub type Result<T, E = DataError> = std::result::Result<T, E>;

impl DataError {
    /// An [`DataError::Io`] for `path`.
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        DataError::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    /// An [`DataError::InvalidArgument`].
    pub fn invalid(name: &'static str, expected: impl Into<String>, found: impl ToString) -> Self {
        DataError::InvalidArgument {
            name,
            expected: expected.into(),
            found: found.to_string(),
        }
    }
}
