//! Lecture 5's homework, checked on your `src/homework.rs` by `cargo homework`
//! (or on the reference with `cargo test -p lesson5 --features solution`).

use lesson5::{checks, homework};

#[test]
#[cfg_attr(not(feature = "solution"), ignore = "homework: run cargo homework")]
fn standardize_fit_on_train() {
    if let Err(message) = checks::standardize_fit_on_train(homework::standardize) {
        panic!("{message}");
    }
}
