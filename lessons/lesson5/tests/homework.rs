//! Lecture 5's homework, checked on your `src/homework.rs` by `cargo homework`
//! (or on the reference with `cargo test -p lesson5 --features solution`).

use lesson5::{checks, homework};

#[test]
#[cfg_attr(not(feature = "solution"), ignore = "homework: run cargo homework")]
fn standardize() {
    if let Err(message) = checks::standardize(homework::standardize) {
        panic!("{message}");
    }
}
