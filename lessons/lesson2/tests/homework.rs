//! Lesson 2's homework: one test per exercise (named as in exercises.toml). They are ignored on
//! a fresh checkout; `cargo homework` runs them on your code, and `--features solution` runs
//! them on the reference solutions.

use lesson2::{checks, homework};

fn pass(result: Result<(), String>) {
    if let Err(message) = result {
        panic!("{message}");
    }
}

#[test]
#[cfg_attr(not(feature = "solution"), ignore = "homework: run cargo homework")]
fn calc_r_cross_entropy() {
    pass(checks::check_calc_r_cross_entropy(
        homework::calc_r_cross_entropy,
    ));
}

#[test]
#[cfg_attr(not(feature = "solution"), ignore = "homework: run cargo homework")]
fn calc_r_softmax() {
    pass(checks::check_calc_r_softmax(homework::calc_r_softmax));
}

#[test]
#[cfg_attr(not(feature = "solution"), ignore = "homework: run cargo homework")]
fn calc_r_relu() {
    pass(checks::check_calc_r_relu(homework::calc_r_relu));
}

#[test]
#[cfg_attr(not(feature = "solution"), ignore = "homework: run cargo homework")]
fn calc_r_bias() {
    pass(checks::check_calc_r_bias(homework::calc_r_bias));
}

#[test]
#[cfg_attr(not(feature = "solution"), ignore = "homework: run cargo homework")]
fn backward() {
    pass(checks::check_backward(homework::backward));
}
