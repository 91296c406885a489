//! # nn-homework: the `cargo homework` checker
//!
//! Reads the registry `exercises.toml` at the workspace root ([`registry`]) and runs each
//! exercise's test ([`runner`]) — what `cargo test -p LESSON --test homework -- --include-ignored
//! --exact ID` does, in two steps per lesson: `cargo test --no-run` builds the lesson's tests in
//! the workspace's own target directory, then the test binary runs under a time limit (20 s by
//! default). The verdict comes from the compiler's and the tests' output ([`parse`]): the test
//! passed (✅); it panicked with `todo!`'s "not yet implemented" (⏳ not started, or waiting for
//! the helper that is still `todo!`); it failed, did not finish in time, or the lesson does not
//! compile (❌, with the check's message, the original panic and the learner's line, or the
//! compiler's first error). Nothing is decided anywhere else: the report is what the tests say.
//!
//! It writes in English or Japanese ([`lang`]: `--lang en|ja`, else a `ja…` locale in `LC_ALL`,
//! `LC_MESSAGES` or `LANG`); every sentence of its own is in that module, and each exercise's
//! hint is in the registry in both languages (`hint`, `hint_ja`).

#![warn(missing_docs)]

pub mod help;
pub mod lang;
pub mod parse;
pub mod registry;
pub mod runner;

pub use lang::Lang;
pub use parse::Status;
pub use registry::{Exercise, find_root, load};
pub use runner::Runner;
