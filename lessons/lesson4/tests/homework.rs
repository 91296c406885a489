//! Lesson 4's homework: one test per exercise (named as in exercises.toml). They are ignored on
//! a fresh checkout; `cargo homework` runs them on your code, and `--features solution` runs
//! them on the reference solutions.

use lesson4::{checks, homework};

nn_course::homework_tests! {
    hm_tanh => checks::check_hm_tanh,
    calc_r_tanh => checks::check_calc_r_tanh,
    judge_term_xor => checks::check_judge_term_xor,
    judge_term_linear => checks::check_judge_term_linear,
    judge_term_4class => checks::check_judge_term_4class,
}
