//! The one error type every renderer returns.

use std::path::PathBuf;

/// Why a picture could not be drawn or written.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    /// The output file (or its temporary sibling) could not be created, written or renamed.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The file the picture was meant for.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// There is nothing to draw.
    #[error("nothing to draw: {what} is empty")]
    Empty {
        /// Which input was empty (e.g. "points").
        what: &'static str,
    },
    /// Two inputs that must have the same length do not.
    #[error("{what}: expected {expected} values, found {found}")]
    LengthMismatch {
        /// Which input has the wrong length.
        what: &'static str,
        /// The length it should have.
        expected: usize,
        /// The length it has.
        found: usize,
    },
    /// A value is NaN or infinite.
    #[error("{what}[{index}] is not a finite number")]
    NotFinite {
        /// Which input holds the value.
        what: &'static str,
        /// Its position.
        index: usize,
    },
    /// A class label has no class name.
    #[error("label {label} at position {index} has no class name (there are {classes} classes)")]
    UnknownLabel {
        /// Position of the label.
        index: usize,
        /// The label found.
        label: usize,
        /// How many class names were given.
        classes: usize,
    },
    /// An option or argument is out of its range (size, step, range, …).
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// plotters failed while drawing.
    #[error("drawing failed: {0}")]
    Drawing(String),
    /// The PNG or GIF encoder failed.
    #[error("encoding {} failed: {message}", path.display())]
    Encode {
        /// The file being encoded.
        path: PathBuf,
        /// The encoder's message.
        message: String,
    },
}

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>>
    for PlotError
{
    fn from(e: plotters::drawing::DrawingAreaErrorKind<E>) -> Self {
        PlotError::Drawing(e.to_string())
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = PlotError> = std::result::Result<T, E>;
