//! Lesson 3's homework: one test per exercise (named as in exercises.toml). They are ignored on
//! a fresh checkout; `cargo homework` runs them on your code, and `--features solution` runs
//! them on the reference solutions.

use lesson3::{checks, homework};

nn_course::homework_tests! {
    forward_loop => checks::check_forward_loop,
    backward_loop => checks::check_backward_loop,
    update_eta => checks::check_update_eta,
}
