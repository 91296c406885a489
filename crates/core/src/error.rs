//! The errors nn-core reports: each one sentence naming what was wrong and where.

use std::path::PathBuf;
use thiserror::Error;

/// Everything that can go wrong in nn-core.
#[derive(Debug, Error)]
pub enum CoreError {
    /// Data of the wrong width or height was given to a network or function.
    #[error("{what} has {found} but {expected}")]
    Shape {
        /// What was being checked, e.g. "the input X".
        what: String,
        /// What it should have been, e.g. "the network's first layer expects 2 columns".
        expected: String,
        /// What it was, e.g. "3 columns".
        found: String,
    },
    /// The loss became NaN or infinite during training.
    #[error(
        "training diverged at iteration {iteration}: the loss became {loss} and the weights blew up; try a smaller learning rate (--eta), it was {eta}"
    )]
    Diverged {
        /// The iteration (1-based) at which the loss stopped being finite (or grew a
        /// thousandfold).
        iteration: usize,
        /// The loss value: non-finite, or a thousand times the first one.
        loss: f64,
        /// The learning rate at that iteration.
        eta: f64,
    },
    /// A configuration value is unusable (e.g. zero layers, batch size 0).
    #[error("invalid {what}: {why}")]
    Config {
        /// The setting, e.g. "batch size".
        what: String,
        /// Why it is unusable.
        why: String,
    },
    /// A function plugged into the training loop (a learner's own code, with `--mine`) failed;
    /// the message says which function and why.
    #[error("{0}")]
    Plugged(String),
    /// A model file could not be read or is not a valid model.
    #[error("model file {path}: {reason}")]
    Model {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// Reading or writing a file failed.
    #[error("could not {action} {path}: {source}")]
    Io {
        /// "read", "write", …
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

impl CoreError {
    /// Shorthand for a [`CoreError::Config`].
    pub fn config(what: impl Into<String>, why: impl Into<String>) -> Self {
        CoreError::Config {
            what: what.into(),
            why: why.into(),
        }
    }
}

/// nn-core's result type.
pub type Result<T, E = CoreError> = std::result::Result<T, E>;

/// An error and its causes as one line, `error: cause: cause…`-style without the prefix: each
/// cause is appended after `": "` unless the line already holds its text (library errors often
/// repeat their source). Every lesson prints its errors this way.
pub fn one_sentence(e: &(dyn std::error::Error + 'static)) -> String {
    let mut line = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !line.contains(&text) {
            line += ": ";
            line += &text;
        }
        cause = c.source();
    }
    line
}

#[cfg(test)]
mod one_sentence_tests {
    use super::one_sentence;
    use std::fmt;

    #[derive(Debug)]
    struct Layer(&'static str, Option<Box<Layer>>);
    impl fmt::Display for Layer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }
    impl std::error::Error for Layer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|l| l as _)
        }
    }

    #[test]
    fn causes_are_joined_and_repeats_left_out() {
        let e = Layer(
            "cannot read m.json",
            Some(Box::new(Layer(
                "bad header",
                Some(Box::new(Layer("bad header", None))),
            ))),
        );
        assert_eq!(one_sentence(&e), "cannot read m.json: bad header");
        let e = Layer(
            "x.png: Invalid PNG signature.",
            Some(Box::new(Layer("Invalid PNG signature.", None))),
        );
        assert_eq!(one_sentence(&e), "x.png: Invalid PNG signature.");
    }
}
