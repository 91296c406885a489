//! Lecture 5's homework, checked on your `src/homework.rs` by `cargo homework`
//! (or on the reference with `cargo test -p lesson5 --features solution`).

use lesson5::{checks, homework};

nn_course::homework_tests! {
    standardize => checks::standardize,
    impute_median => checks::impute_median,
    one_hot_encode => checks::one_hot_encode,
    stratified_folds => checks::stratified_folds,
}
