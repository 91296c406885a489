//! # nn-course: what every lesson shares
//!
//! Each lesson crate tells its lecture's story by calling the library crates; what the lessons
//! have in common as *programs* lives here, so no lesson needs another lesson's crate:
//!
//! - [`cli`]: the common flags (`--seed --out --quiet --json --mine`) and the `main` wrapper that
//!   prints one-sentence errors;
//! - [`mine`]: running a lesson on the learner's own functions, where an unfinished `todo!` or a
//!   panic becomes one friendly sentence;
//! - [`progress`]: the one progress bar;
//! - [`check`]: helpers for the homework checks (calling the learner's function, comparing
//!   matrices with a message that says where and by how much they differ);
//! - [`show`]: printing matrices with their names and shapes;
//! - [`settings`]: the lecture's `main` settings and their flags (lessons 3 and 4 train the same
//!   circle-task network);
//! - [`example`]: the worked example of lectures 1 and 2 (lecture 2 differentiates lecture 1's
//!   network);
//! - [`finite`]: a NaN or infinite result as one sentence naming its cause, never a printed
//!   number.
#![deny(missing_docs)]

pub mod check;
pub mod cli;
pub mod example;
pub mod finite;
pub mod mine;
pub mod progress;
pub mod settings;
pub mod show;

pub use cli::Common;
pub use example::{Example, Forward, reference_forward};
pub use settings::{Settings, Training};

/// One `#[test]` per exercise of a lesson's homework, named by the exercise's id (so
/// `cargo test -p lessonN --test homework -- --exact ID` runs exactly one), calling its check on
/// the learner's function `homework::ID`. The tests are ignored unless the `solution` feature is
/// on, so a fresh checkout's `cargo test` stays green; `cargo homework` runs them with
/// `--include-ignored`. Use it in `lessons/lessonN/tests/homework.rs`:
///
/// ```ignore
/// use lesson3::{checks, homework};
/// nn_course::homework_tests! {
///     forward_loop => checks::check_forward_loop,
///     update_eta => checks::check_update_eta,
/// }
/// ```
#[macro_export]
macro_rules! homework_tests {
    ($($id:ident => $check:path),* $(,)?) => {
        $(
            #[test]
            #[cfg_attr(not(feature = "solution"), ignore = "homework: run cargo homework")]
            fn $id() {
                if let Err(message) = $check(homework::$id) {
                    panic!("{message}");
                }
            }
        )*
    };
}
