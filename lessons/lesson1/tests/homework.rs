//! Lesson 1's homework: one test per exercise (named as in exercises.toml). They are ignored on
//! a fresh checkout; `cargo homework` runs them on your code, and `--features solution` runs
//! them on the reference solutions.

use lesson1::{checks, homework};

fn pass(result: Result<(), String>) {
    if let Err(message) = result {
        panic!("{message}");
    }
}

#[test]
#[cfg_attr(not(feature = "solution"), ignore = "homework: run cargo homework")]
fn matrix_multi() {
    pass(checks::check_matrix_multi(homework::matrix_multi));
}

#[test]
#[cfg_attr(not(feature = "solution"), ignore = "homework: run cargo homework")]
fn expansion_bias() {
    pass(checks::check_expansion_bias(homework::expansion_bias));
}

#[test]
#[cfg_attr(not(feature = "solution"), ignore = "homework: run cargo homework")]
fn hm_relu() {
    pass(checks::check_hm_relu(homework::hm_relu));
}

#[test]
#[cfg_attr(not(feature = "solution"), ignore = "homework: run cargo homework")]
fn hm_softmax() {
    pass(checks::check_hm_softmax(homework::hm_softmax));
}

#[test]
#[cfg_attr(not(feature = "solution"), ignore = "homework: run cargo homework")]
fn cross_entropy() {
    pass(checks::check_cross_entropy(homework::cross_entropy));
}

#[test]
#[cfg_attr(not(feature = "solution"), ignore = "homework: run cargo homework")]
fn forward() {
    pass(checks::check_forward(homework::forward));
}
