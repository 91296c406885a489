//! Lecture 5's homework, checked on your `src/homework.rs` by `cargo homework`
//! (or on the reference with `cargo test -p lesson5 --features solution`).

use lesson5::{checks, homework};

nn_course::homework_tests! {
    standardize => checks::standardize,
}
