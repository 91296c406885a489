//! The corpus of learner answers (`crates/homework/corpus/`): answers written as learners write
//! them, right ones in other ways than the reference and plausible wrong ones, each run through
//! its exercise's check — the function `cargo homework` runs on the learner's file. Every right
//! answer must pass (✅) and every wrong one must fail (❌) with a message naming its mistake.
//!
//! The answers are compiled as modules of this one test crate and the checks called in-process:
//! the same verdicts as `cargo homework` (whose test is `check(homework::ID)`), without a cargo
//! build per answer.

#[path = "../corpus/lesson6_accuracy.rs"]
mod accuracy;
#[path = "../corpus/lesson3_backward_loop.rs"]
mod backward_loop;
#[path = "../corpus/lesson2_calc_r_cross_entropy.rs"]
mod calc_r_cross_entropy;
#[path = "../corpus/lesson1_cross_entropy.rs"]
mod cross_entropy;
#[path = "../corpus/lesson1_hm_softmax.rs"]
mod hm_softmax;
#[path = "../corpus/lesson5_impute_median.rs"]
mod impute_median;
#[path = "../corpus/lesson4_judge_terms.rs"]
mod judge_terms;
#[path = "../corpus/lesson5_one_hot_encode.rs"]
mod one_hot_encode;
#[path = "../corpus/lesson5_standardize.rs"]
mod standardize;
#[path = "../corpus/lesson5_stratified_folds.rs"]
mod stratified_folds;

/// Runs every answer through `check`: `right` must pass, each `(wrong, needle)` must fail with
/// `needle` in its message. Returns the problems, one line each.
fn verdicts<F: Copy>(
    exercise: &str,
    check: impl Fn(F) -> Result<(), String>,
    right: &[(&str, F)],
    wrong: &[(&str, F, &str)],
) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, f) in right {
        if let Err(e) = check(*f) {
            problems.push(format!("{exercise}: {name} is right but was rejected: {e}"));
        }
    }
    for (name, f, needle) in wrong {
        match check(*f) {
            Ok(()) => problems.push(format!("{exercise}: {name} is wrong but passed")),
            Err(e) if !e.contains(needle) => problems.push(format!(
                "{exercise}: {name} was rejected, but the message does not say {needle:?}: {e}"
            )),
            Err(_) => {}
        }
    }
    assert!(
        right.len() >= 3 && wrong.len() >= 4,
        "{exercise}: corpus too small"
    );
    problems
}

#[test]
fn every_answer_in_the_corpus_gets_the_right_verdict() {
    use lesson6::mine::AccuracyFn;
    let mut problems = Vec::new();
    problems.extend(verdicts::<lesson1::fns::LossFn>(
        "cross_entropy",
        lesson1::checks::check_cross_entropy,
        &[
            ("right_loops", cross_entropy::right_loops),
            ("right_zip", cross_entropy::right_zip),
            ("right_label_only", cross_entropy::right_label_only),
        ],
        &[
            (
                "wrong_no_floor",
                cross_entropy::wrong_no_floor,
                "floor x_ij before the log",
            ),
            ("wrong_sum", cross_entropy::wrong_sum, "divide the sum by n"),
            (
                "wrong_log10",
                cross_entropy::wrong_log10,
                "natural logarithm",
            ),
            ("wrong_sign", cross_entropy::wrong_sign, "wrong sign"),
            (
                "wrong_mean_of_entries",
                cross_entropy::wrong_mean_of_entries,
                "divide by n",
            ),
        ],
    ));
    problems.extend(verdicts::<lesson2::fns::LossDeriv>(
        "calc_r_cross_entropy",
        lesson2::checks::check_calc_r_cross_entropy,
        &[
            ("right_from_fn", calc_r_cross_entropy::right_from_fn),
            ("right_zip", calc_r_cross_entropy::right_zip),
            ("right_loops", calc_r_cross_entropy::right_loops),
        ],
        &[
            (
                "wrong_no_floor",
                calc_r_cross_entropy::wrong_no_floor,
                "floor x_ij at 10⁻¹² first",
            ),
            (
                "wrong_lecture",
                calc_r_cross_entropy::wrong_lecture,
                "lecture's version",
            ),
            ("wrong_no_n", calc_r_cross_entropy::wrong_no_n, "should be"),
            ("wrong_sign", calc_r_cross_entropy::wrong_sign, "should be"),
        ],
    ));
    problems.extend(verdicts::<lesson4::fns::Judge2>(
        "judge_term_xor",
        lesson4::checks::check_judge_term_xor,
        &[
            ("right_xor_signs", judge_terms::right_xor_signs),
            ("right_xor_product", judge_terms::right_xor_product),
            ("right_xor_match", judge_terms::right_xor_match),
        ],
        &[
            (
                "wrong_xor_shifted",
                judge_terms::wrong_xor_shifted,
                "origin (0, 0)",
            ),
            ("wrong_xor_and", judge_terms::wrong_xor_and, "AND"),
            (
                "wrong_xor_circle",
                judge_terms::wrong_xor_circle,
                "neighbouring",
            ),
            (
                "wrong_xor_count",
                judge_terms::wrong_xor_count,
                "labels 0 and 1",
            ),
        ],
    ));
    problems.extend(verdicts::<lesson4::fns::Judge2>(
        "judge_term_linear",
        lesson4::checks::check_judge_term_linear,
        &[
            (
                "right_linear_reference",
                judge_terms::right_linear_reference,
            ),
            ("right_linear_other", judge_terms::right_linear_other),
            ("right_linear_vertical", judge_terms::right_linear_vertical),
        ],
        &[
            (
                "wrong_linear_bent",
                judge_terms::wrong_linear_bent,
                "not on one straight line",
            ),
            (
                "wrong_linear_parabola",
                judge_terms::wrong_linear_parabola,
                "curved",
            ),
            (
                "wrong_linear_outside",
                judge_terms::wrong_linear_outside,
                "both classes",
            ),
            (
                "wrong_linear_wedge",
                judge_terms::wrong_linear_wedge,
                "straight",
            ),
        ],
    ));
    problems.extend(verdicts::<AccuracyFn>(
        "accuracy",
        lesson6::checks::accuracy,
        &[
            ("right_loops", accuracy::right_loops),
            ("right_iterators", accuracy::right_iterators),
            ("right_max_then_position", accuracy::right_max_then_position),
        ],
        &[
            (
                "wrong_skips_last_column",
                accuracy::wrong_skips_last_column,
                "generated inputs",
            ),
            (
                "wrong_last_of_tie",
                accuracy::wrong_last_of_tie,
                "LAST of equal elements",
            ),
            ("wrong_count", accuracy::wrong_count, "count of right rows"),
            (
                "wrong_skips_a_row",
                accuracy::wrong_skips_a_row,
                "the right rows here are 1, 3, 4",
            ),
            (
                "wrong_nan_for_none",
                accuracy::wrong_nan_for_none,
                "with no rows, return 0",
            ),
        ],
    ));
    problems.extend(verdicts::<lesson5::mine::OneHotFn>(
        "one_hot_encode",
        lesson5::checks::one_hot_encode,
        &[
            ("right_btreeset", one_hot_encode::right_btreeset),
            ("right_sort_dedup", one_hot_encode::right_sort_dedup),
            ("right_binary_search", one_hot_encode::right_binary_search),
        ],
        &[
            (
                "wrong_case_insensitive",
                one_hot_encode::wrong_case_insensitive,
                "sorted ignoring case",
            ),
            (
                "wrong_first_seen",
                one_hot_encode::wrong_first_seen,
                "first appear",
            ),
            (
                "wrong_from_both",
                one_hot_encode::wrong_from_both,
                "categories of the test part",
            ),
            (
                "wrong_dedup_first",
                one_hot_encode::wrong_dedup_first,
                "each once, sorted",
            ),
        ],
    ));
    problems.extend(verdicts::<lesson5::mine::ImputeFn>(
        "impute_median",
        lesson5::checks::impute_median,
        &[
            ("right_total_cmp", impute_median::right_total_cmp),
            ("right_partial_cmp", impute_median::right_partial_cmp),
            ("right_two_middles", impute_median::right_two_middles),
        ],
        &[
            // Issue 33: was told "the median of train and test together".
            (
                "wrong_off_by_one",
                impute_median::wrong_off_by_one,
                "sorted, are [1.0, 3.0, 4.0, 10.0]",
            ),
            (
                "wrong_mean",
                impute_median::wrong_mean,
                "the mean of the present training values",
            ),
            (
                "wrong_both",
                impute_median::wrong_both,
                "train and test together",
            ),
            (
                "wrong_unsorted",
                impute_median::wrong_unsorted,
                "sort them first",
            ),
            (
                "wrong_zeros",
                impute_median::wrong_zeros,
                "counted the missing cells as 0",
            ),
        ],
    ));
    problems.extend(verdicts::<lesson5::mine::FoldsFn>(
        "stratified_folds",
        lesson5::checks::stratified_folds,
        &[
            ("right_one_counter", stratified_folds::right_one_counter),
            (
                "right_sorted_positions",
                stratified_folds::right_sorted_positions,
            ),
            ("right_btreemap", stratified_folds::right_btreemap),
        ],
        &[
            // Issue 33: was told "position 0 is in fold 1 and in fold 1".
            (
                "wrong_labels",
                stratified_folds::wrong_labels,
                "the labels themselves",
            ),
            (
                "wrong_plain",
                stratified_folds::wrong_plain,
                "deal each class's instances",
            ),
            (
                "wrong_restarts",
                stratified_folds::wrong_restarts,
                "keep counting from one class",
            ),
            (
                "wrong_chunks",
                stratified_folds::wrong_chunks,
                "loses a class",
            ),
        ],
    ));
    problems.extend(verdicts::<lesson3::checks::BackwardFn>(
        "backward_loop",
        lesson3::checks::check_backward_loop,
        &[
            ("right_rev", backward_loop::right_rev),
            ("right_while", backward_loop::right_while),
            ("right_iter_rev", backward_loop::right_iter_rev),
        ],
        &[
            // Issue 33: was told the Δ formula, not that the loop runs the wrong way.
            (
                "wrong_forwards",
                backward_loop::wrong_forwards,
                "the loop runs the wrong way",
            ),
            (
                "wrong_no_derivative",
                backward_loop::wrong_no_derivative,
                "you left out",
            ),
            (
                "wrong_derivative_at_x",
                backward_loop::wrong_derivative_at_x,
                "not at its x",
            ),
            (
                "wrong_mean_bias",
                backward_loop::wrong_mean_bias,
                "you averaged Δ over the batch",
            ),
        ],
    ));
    problems.extend(verdicts::<lesson1::fns::Act>(
        "hm_softmax",
        lesson1::checks::check_hm_softmax,
        &[
            ("right_loops", hm_softmax::right_loops),
            ("right_rows", hm_softmax::right_rows),
            ("right_from_fn", hm_softmax::right_from_fn),
        ],
        &[
            (
                "wrong_no_max",
                hm_softmax::wrong_no_max,
                "Subtract each row's own maximum",
            ),
            (
                "wrong_global_max",
                hm_softmax::wrong_global_max,
                "whole matrix's maximum",
            ),
            (
                "wrong_columns",
                hm_softmax::wrong_columns,
                "every row sums to 1",
            ),
            (
                "wrong_sum_skips_last",
                hm_softmax::wrong_sum_skips_last,
                "every row sums to 1",
            ),
        ],
    ));
    problems.extend(verdicts::<lesson5::mine::StandardizeFn>(
        "standardize",
        lesson5::checks::standardize,
        &[
            ("right_two_pass", standardize::right_two_pass),
            ("right_nalgebra", standardize::right_nalgebra),
            ("right_welford", standardize::right_welford),
        ],
        &[
            (
                "wrong_one_pass",
                standardize::wrong_one_pass,
                "(1/n) Σ x² − μ²",
            ),
            ("wrong_sample", standardize::wrong_sample, "n − 1"),
            (
                "wrong_own_test_stats",
                standardize::wrong_own_test_stats,
                "its own mean",
            ),
            (
                "wrong_positions",
                standardize::wrong_positions,
                "not in `columns`",
            ),
        ],
    ));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
