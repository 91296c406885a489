//! Lesson 6's homework: one test per exercise (named as in exercises.toml). They are ignored on
//! a fresh checkout; `cargo homework` runs them on your code, and `--features solution` runs
//! them on the reference solutions.

use lesson6::{checks, homework};

nn_course::homework_tests! {
    normalize_pixels => checks::normalize_pixels,
    accuracy => checks::accuracy,
    dropout_forward => checks::dropout_forward,
    dropout_backward => checks::dropout_backward,
    weight_decay => checks::weight_decay,
}
