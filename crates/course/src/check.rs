//! Helpers the homework checks of every lesson share: calling the learner's function without
//! letting an ordinary panic end the check, comparing matrices with a message that says where
//! and by how much they differ, seeded random inputs, and [`differential`]: the learner's
//! function compared with the reference on inputs proptest generates, a failure shrunk to the
//! smallest input that still shows it.

use nalgebra::DMatrix;
use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

/// proptest itself, for the lessons' checks to build their input strategies with.
pub use proptest;

/// The text `todo!` panics with; `cargo homework` reads it as "not started".
pub const NOT_STARTED: &str = "not yet implemented";

/// A seeded random generator (checks are reproducible).
pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// An r×c matrix of values drawn uniformly from `[−scale, scale)`.
pub fn random_matrix(rng: &mut ChaCha8Rng, r: usize, c: usize, scale: f64) -> DMatrix<f64> {
    DMatrix::from_fn(r, c, |_, _| rng.random_range(-scale..scale))
}

/// The text of a panic payload.
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".into()
    }
}

/// Runs the learner's function. A panic becomes an `Err` naming `what` (the call and its input
/// shapes), except the `todo!` panic, which is passed on so the exercise reads as not started.
pub fn call<R>(what: &str, f: impl FnOnce() -> R) -> Result<R, String> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => Ok(r),
        Err(payload) if panic_text(payload.as_ref()).contains(NOT_STARTED) => {
            resume_unwind(payload)
        }
        Err(payload) => {
            let text = panic_text(payload.as_ref());
            Err(format!("{what} panicked: {text}{}", panic_hint(&text)))
        }
    }
}

/// A hint for the kinds of panic a learner's matrix code meets, or nothing when the panic says
/// nothing about matrices.
pub fn panic_hint(text: &str) -> &'static str {
    let lower = text.to_ascii_lowercase();
    if lower.contains("out of bounds") || lower.contains("out of range") {
        " (an index out of range often means rows and columns are swapped, or a loop runs one step too far)"
    } else if lower.contains("dimension") || lower.contains("shape") {
        " (the matrices' shapes do not fit: write down each one's rows×columns)"
    } else {
        ""
    }
}

/// Writes a small matrix on one line, rows separated by `;`: `[1, 2; 3, 4]`.
pub fn inline(m: &DMatrix<f64>) -> String {
    if m.len() > 16 {
        return format!("a {}×{} matrix", m.nrows(), m.ncols());
    }
    let rows: Vec<String> = m
        .row_iter()
        .map(|r| {
            r.iter()
                .map(|v| format!("{}", (v * 1e4).round() / 1e4))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect();
    format!("[{}]", rows.join("; "))
}

/// Writes a small matrix on one line with every digit of every entry (`{:?}`: the shortest text
/// that reads back as the same number, so two different numbers never print alike):
/// `[1.0, 0.30000000000000004; 1e-300, 0.0]`.
pub fn exact(m: &DMatrix<f64>) -> String {
    if m.len() > 36 {
        return format!("a {}×{} matrix", m.nrows(), m.ncols());
    }
    let rows: Vec<String> = m
        .row_iter()
        .map(|r| {
            r.iter()
                .map(|v| format!("{v:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect();
    format!("[{}]", rows.join("; "))
}

/// How many generated inputs [`differential`] tries before it accepts a function.
pub const CASES: u32 = 256;

/// Compares a learner's function with the reference on `CASES` inputs drawn from `strategy`
/// (seeded: every run tries the same inputs). `test` runs the learner's function and the
/// reference on one input and returns `Err` with a message showing the input and both outputs
/// when they differ. On a failure proptest shrinks the input — fewer rows and columns, simpler
/// numbers — to the smallest that still fails, and that input's message is returned, marked as
/// coming from generated inputs.
///
/// Call it after the check's fixed cases: a `todo!` panic reaches it only through `call`, which
/// passes it on before any input is generated.
pub fn differential<S>(
    strategy: S,
    test: impl Fn(&S::Value) -> Result<(), String>,
) -> Result<(), String>
where
    S: Strategy,
    S::Value: std::fmt::Debug,
{
    let config = Config {
        cases: CASES,
        failure_persistence: None,
        max_shrink_iters: 10_000,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    match runner.run(&strategy, |input| test(&input).map_err(TestCaseError::fail)) {
        Ok(()) => Ok(()),
        Err(TestError::Fail(reason, _)) => Err(format!(
            "{}\n  (the smallest input found by comparing with the reference on generated inputs)",
            reason.message()
        )),
        Err(TestError::Abort(reason)) => Err(format!(
            "the comparison with the reference stopped: {}",
            reason.message()
        )),
    }
}

/// [`differential`] for a function of one matrix: the answer `f` and the `reference` on
/// matrices from `inputs`, compared entry by entry with [`close`] (`tol`); a difference shows
/// the smallest input that shows it, both results with every digit, and `hint`.
pub fn differential_unary(
    name: &str,
    f: impl Fn(&DMatrix<f64>) -> DMatrix<f64>,
    reference: impl Fn(&DMatrix<f64>) -> DMatrix<f64>,
    inputs: impl Strategy<Value = DMatrix<f64>>,
    tol: f64,
    hint: &str,
) -> Result<(), String> {
    differential(inputs, |a| {
        let what = format!("{name}(A = {})", exact(a));
        let got = call(&what, || f(a))?;
        let want = reference(a);
        close(&what, &got, &want, tol).map_err(|e| {
            let first = e.lines().next().unwrap_or_default();
            format!(
                "{first}\n  yours:    {}\n  expected: {}\n  {hint}",
                exact(&got),
                exact(&want)
            )
        })
    })
}

/// A matrix strategy: `rows`×`cols` (each a range, so 1×1 can come up) with entries from
/// `value`. proptest shrinks it to fewer rows, fewer columns and simpler entries.
pub fn matrix(
    rows: std::ops::RangeInclusive<usize>,
    cols: std::ops::RangeInclusive<usize>,
    value: impl Strategy<Value = f64> + Clone,
) -> impl Strategy<Value = DMatrix<f64>> {
    (rows, cols).prop_flat_map(move |(r, c)| {
        proptest::collection::vec(value.clone(), r * c)
            .prop_map(move |v| DMatrix::from_row_slice(r, c, &v))
    })
}

/// Entries that find what hand-made fixtures miss: ordinary values in [−3, 3], and often a
/// small integer (ties, and exact 0 and 1), a large magnitude (up to 10⁶) or a tiny one
/// (down to 10⁻³⁰⁰).
pub fn entry() -> impl Strategy<Value = f64> + Clone {
    use proptest::prelude::*;
    prop_oneof![
        4 => -3.0..3.0f64,
        2 => (-2i8..=2).prop_map(f64::from),
        1 => -1e6..1e6f64,
        1 => (-300i32..-1).prop_map(|e| 10f64.powi(e)),
    ]
}

/// Entries for sums and products, where the order of the additions must not matter beyond
/// rounding: small integers (exact, ties, 0 and 1) and values in [−3, 3].
pub fn moderate() -> impl Strategy<Value = f64> + Clone {
    use proptest::prelude::*;
    prop_oneof![
        2 => -3.0..3.0f64,
        1 => (-3i8..=3).prop_map(f64::from),
    ]
}

/// Checks that `got` is `rows×cols`.
pub fn shape(what: &str, got: &DMatrix<f64>, rows: usize, cols: usize) -> Result<(), String> {
    if got.shape() == (rows, cols) {
        Ok(())
    } else {
        Err(format!(
            "{what} should be {rows}×{cols} but yours is {}×{}",
            got.nrows(),
            got.ncols()
        ))
    }
}

/// Checks shape and values: every entry within `tol` (absolute, or relative for large values).
/// The message names the worst entry, its expected value and the input.
pub fn close(what: &str, got: &DMatrix<f64>, want: &DMatrix<f64>, tol: f64) -> Result<(), String> {
    shape(what, got, want.nrows(), want.ncols())?;
    let mut worst: Option<(usize, usize, f64)> = None;
    for i in 0..want.nrows() {
        for j in 0..want.ncols() {
            let (g, w) = (got[(i, j)], want[(i, j)]);
            let err = (g - w).abs() / w.abs().max(1.0);
            // A NaN (or an infinity) counts as the worst error there is.
            let err = if err.is_nan() { f64::INFINITY } else { err };
            if err > tol && worst.is_none_or(|(_, _, e)| err > e) {
                worst = Some((i, j, err));
            }
        }
    }
    match worst {
        None => Ok(()),
        Some((i, j, _)) => Err(format!(
            "{what}: entry ({}, {}) is {} but should be {} (rows and columns counted from 1)\n  yours:    {}\n  expected: {}",
            i + 1,
            j + 1,
            got[(i, j)],
            want[(i, j)],
            inline(got),
            inline(want)
        )),
    }
}

/// `close` for two numbers.
pub fn close_scalar(what: &str, got: f64, want: f64, tol: f64) -> Result<(), String> {
    if (got - want).abs() <= tol * want.abs().max(1.0) {
        Ok(())
    } else {
        Err(format!("{what} is {got} but should be {want}"))
    }
}

/// For the checks' own unit tests: `result`, a check run on a wrong implementation, must be an
/// `Err` whose message mentions `expect`; panics otherwise.
#[track_caller]
pub fn rejects(result: Result<(), String>, expect: &str) {
    let msg = result.expect_err("the check accepted a wrong implementation");
    assert!(
        msg.contains(expect),
        "message {msg:?} should mention {expect:?}"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_turns_panics_into_messages_but_passes_todo_on() {
        let err = call("f(2×3)", || -> u8 { panic!("index out of bounds") }).unwrap_err();
        assert!(
            err.contains("f(2×3) panicked: index out of bounds")
                && err.contains("rows and columns are swapped"),
            "{err}"
        );
        // The index hint is for index panics only.
        let err = call("g", || -> u8 { panic!("attempt to divide by zero") }).unwrap_err();
        assert_eq!(err, "g panicked: attempt to divide by zero");
        let err = call("g", || -> u8 { panic!("Gemv: dimensions mismatch.") }).unwrap_err();
        assert!(
            err.contains("shapes do not fit") && !err.contains("swapped"),
            "{err}"
        );
        let todo =
            catch_unwind(|| call("g", || -> u8 { panic!("not yet implemented: g: write me") }));
        let text = panic_text(todo.unwrap_err().as_ref());
        assert!(text.contains(NOT_STARTED), "{text}");
        assert_eq!(call("h", || 3), Ok(3));
    }

    #[test]
    fn close_names_the_worst_entry_and_nan() {
        let want = DMatrix::from_row_slice(2, 2, &[1.0, 2.0, 3.0, 4.0]);
        let mut got = want.clone();
        got[(1, 0)] = 3.5;
        let err = close("X", &got, &want, 1e-9).unwrap_err();
        assert!(err.contains("entry (2, 1) is 3.5 but should be 3"), "{err}");
        got[(1, 0)] = f64::NAN;
        assert!(close("X", &got, &want, 1e-9).unwrap_err().contains("NaN"));
        let err = close("X", &DMatrix::zeros(1, 2), &want, 1e-9).unwrap_err();
        assert!(err.contains("should be 2×2 but yours is 1×2"), "{err}");
        assert!(close("X", &want, &want, 0.0).is_ok());
    }

    #[test]
    fn differential_shrinks_a_failure_to_its_smallest_input_and_passes_a_right_answer() {
        // "Wrong" whenever some entry exceeds 2: the smallest such input is 1×1.
        let e = differential(matrix(1..=5, 1..=5, entry()), |a| {
            if a.iter().any(|&v| v > 2.0) {
                Err(format!("f(A = {}) differs", exact(a)))
            } else {
                Ok(())
            }
        })
        .unwrap_err();
        assert!(
            e.starts_with("f(A = [") && !e.contains(';') && !e.contains(','),
            "{e}"
        );
        assert!(e.contains("generated inputs"), "{e}");
        // Every generated input is tried, and a right answer passes them all.
        let tried = std::cell::Cell::new(0);
        differential(matrix(1..=5, 1..=5, entry()), |_| {
            tried.set(tried.get() + 1);
            Ok(())
        })
        .unwrap();
        assert_eq!(tried.get(), CASES);
        // The digits that tell two numbers apart are printed.
        assert_eq!(
            exact(&DMatrix::from_row_slice(1, 3, &[0.1 + 0.2, 1e-300, 1.0])),
            "[0.30000000000000004, 1e-300, 1.0]"
        );
    }
}
