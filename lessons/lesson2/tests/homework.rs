//! Lesson 2's homework: one test per exercise (named as in exercises.toml). They are ignored on
//! a fresh checkout; `cargo homework` runs them on your code, and `--features solution` runs
//! them on the reference solutions.

use lesson2::{checks, homework};

nn_course::homework_tests! {
    calc_r_cross_entropy => checks::check_calc_r_cross_entropy,
    calc_r_softmax => checks::check_calc_r_softmax,
    calc_r_relu => checks::check_calc_r_relu,
    calc_r_bias => checks::check_calc_r_bias,
    backward => checks::check_backward,
}
