//! The errors of lesson 5: each one a sentence a learner can act on.

use std::path::PathBuf;
use thiserror::Error;

/// Everything that can stop a lesson-5 run.
#[derive(Debug, Error)]
pub enum LessonError {
    /// Reading or preprocessing the data failed (missing file, missing target column, bad cell).
    #[error("{0}")]
    Data(#[from] nn_data::DataError),
    /// Building or training the network failed (e.g. the loss diverged).
    #[error("{0}")]
    Core(#[from] nn_core::CoreError),
    /// Drawing a picture failed.
    #[error("{0}")]
    Plot(#[from] nn_plot::PlotError),
    /// A column of the CSV cannot be turned into features.
    #[error("{path}: column {column:?} is unusable: {why}")]
    UnusableColumn {
        /// The CSV file.
        path: PathBuf,
        /// The column.
        column: String,
        /// What is wrong and what to do.
        why: String,
    },
    /// The label column cannot be used for classification.
    #[error("{path}: the target column {column:?} is unusable: {why}")]
    UnusableTarget {
        /// The CSV file.
        path: PathBuf,
        /// The label column.
        column: String,
        /// What is wrong.
        why: String,
    },
    /// A setting (flag) is out of range.
    #[error("invalid --{flag}: {why}")]
    Setting {
        /// The flag, without dashes.
        flag: &'static str,
        /// What was expected and found.
        why: String,
    },
    /// `--mine` was used and the learner's function is still a `todo!` or panicked: the guard's
    /// sentence, which names the function and where to look.
    #[error("{0}")]
    Yours(String),
    /// `--mine` was used and the learner's function panicked or returned something unusable.
    #[error(
        "your `{function}` in lessons/lesson5/src/homework.rs {problem}; check it with `cargo homework`"
    )]
    Mine {
        /// The homework function.
        function: &'static str,
        /// What went wrong.
        problem: String,
    },
    /// Writing an output file or directory failed.
    #[error("could not write {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

/// Lesson 5's result type.
pub type Result<T, E = LessonError> = std::result::Result<T, E>;
