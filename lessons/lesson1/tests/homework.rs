//! Lesson 1's homework: one test per exercise (named as in exercises.toml). They are ignored on
//! a fresh checkout; `cargo homework` runs them on your code, and `--features solution` runs
//! them on the reference solutions.

use lesson1::{checks, homework};

nn_course::homework_tests! {
    matrix_multi => checks::check_matrix_multi,
    expansion_bias => checks::check_expansion_bias,
    hm_relu => checks::check_hm_relu,
    hm_softmax => checks::check_hm_softmax,
    cross_entropy => checks::check_cross_entropy,
    forward => checks::check_forward,
}
