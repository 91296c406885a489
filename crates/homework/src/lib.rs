//! # nn-homework: the `cargo homework` checker
//!
//! Reads the registry `exercises.toml` at the workspace root ([`registry`]), runs each exercise's
//! test through cargo — `cargo test -p LESSON --test homework -- --include-ignored --exact ID` —
//! and reads the verdict from the test output ([`parse`]): the test passed (✅), it panicked
//! with `todo!`'s "not yet implemented" (⏳ not started), or it failed (❌, with the check's
//! message). Nothing is decided anywhere else: the report is what the tests say.

pub mod parse;
pub mod registry;
pub mod runner;

pub use parse::Status;
pub use registry::{Exercise, find_root, load};
pub use runner::Runner;
