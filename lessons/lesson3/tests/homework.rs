//! Lesson 3's homework: one test per exercise (named as in exercises.toml). They are ignored on
//! a fresh checkout; `cargo homework` runs them on your code, and `--features solution` runs
//! them on the reference solutions.

use lesson3::{checks, homework};

fn pass(result: Result<(), String>) {
    if let Err(message) = result {
        panic!("{message}");
    }
}

#[test]
#[cfg_attr(not(feature = "solution"), ignore = "homework: run cargo homework")]
fn forward_loop() {
    pass(checks::check_forward_loop(homework::forward_loop));
}

#[test]
#[cfg_attr(not(feature = "solution"), ignore = "homework: run cargo homework")]
fn backward_loop() {
    pass(checks::check_backward_loop(homework::backward_loop));
}

#[test]
#[cfg_attr(not(feature = "solution"), ignore = "homework: run cargo homework")]
fn update_eta() {
    pass(checks::check_update_eta(homework::update_eta));
}
