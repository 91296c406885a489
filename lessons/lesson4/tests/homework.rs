//! Lesson 4's homework: one test per exercise (named as in exercises.toml). They are ignored on
//! a fresh checkout; `cargo homework` runs them on your code, and `--features solution` runs
//! them on the reference solutions.

use lesson4::{checks, homework};

fn pass(result: Result<(), String>) {
    if let Err(message) = result {
        panic!("{message}");
    }
}

#[test]
#[cfg_attr(not(feature = "solution"), ignore = "homework: run cargo homework")]
fn hm_tanh() {
    pass(checks::check_hm_tanh(homework::hm_tanh));
}

#[test]
#[cfg_attr(not(feature = "solution"), ignore = "homework: run cargo homework")]
fn calc_r_tanh() {
    pass(checks::check_calc_r_tanh(homework::calc_r_tanh));
}

#[test]
#[cfg_attr(not(feature = "solution"), ignore = "homework: run cargo homework")]
fn judge_term_xor() {
    pass(checks::check_judge_term_xor(homework::judge_term_xor));
}

#[test]
#[cfg_attr(not(feature = "solution"), ignore = "homework: run cargo homework")]
fn judge_term_linear() {
    pass(checks::check_judge_term_linear(homework::judge_term_linear));
}

#[test]
#[cfg_attr(not(feature = "solution"), ignore = "homework: run cargo homework")]
fn judge_term_4class() {
    pass(checks::check_judge_term_4class(homework::judge_term_4class));
}
