//! One check per lesson-6 exercise. Each takes the function under test and returns `Err` with a
//! message a learner can act on; `tests/homework.rs` runs them on [`crate::homework`], and the
//! unit tests beside each show that it passes the reference and rejects plausible mistakes.
//! The pixels and the accuracy are checked here, [`dropout_forward`] and [`dropout_backward`]
//! in `checks/dropout.rs`, [`weight_decay`] in `checks/decay.rs`.

mod decay;
mod dropout;

pub use decay::weight_decay;
pub use dropout::{dropout_backward, dropout_forward};

use crate::mine::{AccuracyFn, PixelsFn};
use nalgebra::DMatrix;
use nn_course::check::proptest::prelude::*;
use nn_course::check::{call, differential, exact};

/// Three 2×2 "images" whose bytes include 0, 255 and values where /256 and integer division
/// differ from /255.
const BYTES: [u8; 12] = [0, 255, 128, 1, 51, 204, 17, 250, 255, 0, 3, 100];

/// The reference: `x_ij = bytes[i·pixels + j] / 255`.
pub fn reference_pixels(bytes: &[u8], pixels: usize) -> DMatrix<f32> {
    let n = bytes.len() / pixels;
    DMatrix::from_fn(n, pixels, |i, j| f32::from(bytes[i * pixels + j]) / 255.0)
}

fn same(a: &DMatrix<f32>, b: &DMatrix<f32>) -> bool {
    a.shape() == b.shape() && a.iter().zip(b.iter()).all(|(x, y)| (x - y).abs() <= 1e-6)
}

// ANCHOR: check_normalize_pixels
/// Checks a `normalize_pixels(bytes, pixels)` (exercise `normalize_pixels`): n×pixels, one image
/// per row, `x = byte/255`. The message names the mistake it recognizes: a column-by-column
/// fill, a transposed matrix, /256, integer division, no scaling.
pub fn normalize_pixels(f: PixelsFn) -> Result<(), String> {
    let pixels = 4;
    let what = format!("normalize_pixels({BYTES:?}, pixels = {pixels})");
    let got = call(&what, || f(&BYTES, pixels))?;
    let want = reference_pixels(&BYTES, pixels);
    if got.shape() != want.shape() {
        let hint = if got.shape() == (pixels, BYTES.len() / pixels) {
            "; that is transposed: one image per row, one pixel per column"
        } else {
            ""
        };
        return Err(format!(
            "{what} is {}×{} but should be {}×{} (3 images of 4 pixels){hint}",
            got.nrows(),
            got.ncols(),
            want.nrows(),
            want.ncols()
        ));
    }
    if same(&got, &want) {
        return pixels_differential(f);
    }
    let by = |d: f32| DMatrix::from_fn(3, pixels, |i, j| f32::from(BYTES[i * pixels + j]) / d);
    let column_major =
        DMatrix::from_iterator(3, pixels, BYTES.iter().map(|&b| f32::from(b) / 255.0));
    let integer = DMatrix::from_fn(3, pixels, |i, j| f32::from(BYTES[i * pixels + j] / 255));
    let hint = if same(&got, &column_major) {
        "the bytes went in column by column (DMatrix::from_vec / from_iterator fill columns \
         first), which scrambles every image; image i is row i: use DMatrix::from_fn(n, pixels, \
         |i, j| … bytes[i * pixels + j] …) or from_row_slice"
    } else if same(&got, &by(256.0)) {
        "divide by 255, the largest grey level, so that ink (255) becomes exactly 1"
    } else if same(&got, &integer) {
        "that is integer division (a byte / 255 is 0 or 1); convert to f32 first: \
         f32::from(byte) / 255.0"
    } else if same(&got, &by(1.0)) {
        "the grey levels are not scaled: divide them by 255 so they lie in [0, 1]"
    } else {
        "x_ij = bytes[i * pixels + j] / 255"
    };
    let (i, j) = (0..3)
        .flat_map(|i| (0..pixels).map(move |j| (i, j)))
        .find(|&(i, j)| (got[(i, j)] - want[(i, j)]).abs() > 1e-6)
        .unwrap_or((0, 0));
    Err(format!(
        "{what}: entry ({}, {}) is {} but should be {} (rows and columns counted from 1); {hint}",
        i + 1,
        j + 1,
        got[(i, j)],
        want[(i, j)]
    ))
}
// ANCHOR_END: check_normalize_pixels

/// The answer against [`reference_pixels`] on generated images: 1 to 6 pixels, 0 to 4 images,
/// every grey level (0 and 255 often); a difference shows the smallest bytes that show it.
fn pixels_differential(f: PixelsFn) -> Result<(), String> {
    let images = (1usize..=6, 0usize..=4).prop_flat_map(|(pixels, n)| {
        let level = prop_oneof![Just(0u8), Just(255u8), any::<u8>()];
        prop::collection::vec(level, n * pixels).prop_map(move |bytes| (bytes, pixels))
    });
    differential(images, |(bytes, pixels)| {
        let what = format!("normalize_pixels({bytes:?}, pixels = {pixels})");
        let got = call(&what, || f(bytes, *pixels))?;
        let want = reference_pixels(bytes, *pixels);
        if same(&got, &want) {
            return Ok(());
        }
        Err(format!(
            "{what} is {} ({}×{}) but should be {} ({}×{}): x_ij = bytes[i * pixels + j] / 255, \
             one image per row",
            exact(&got.map(f64::from)),
            got.nrows(),
            got.ncols(),
            exact(&want.map(f64::from)),
            want.nrows(),
            want.ncols()
        ))
    })
}

/// The reference: the fraction of rows whose first largest entry is at the label.
pub fn reference_accuracy(x: &DMatrix<f32>, labels: &[usize]) -> f64 {
    if x.nrows() == 0 {
        return 0.0;
    }
    let predicted = nn_core::argmax_rows(x);
    let right = predicted.iter().zip(labels).filter(|(p, l)| p == l).count();
    right as f64 / x.nrows() as f64
}

/// Outputs of 5 instances over 4 classes: row 3 is a tie between columns 1 and 3 (the first
/// wins), and the labels make argmin, the last of a tie and per-column maxima all score
/// differently.
fn outputs() -> (DMatrix<f32>, Vec<usize>) {
    let x = DMatrix::from_row_slice(
        5,
        4,
        &[
            0.7, 0.1, 0.1, 0.1, //
            0.05, 0.05, 0.6, 0.3, //
            0.1, 0.4, 0.1, 0.4, //
            0.2, 0.3, 0.25, 0.25, //
            0.9, 0.02, 0.03, 0.05, //
        ],
    );
    (x, vec![0, 3, 1, 1, 2])
}

// ANCHOR: check_accuracy
/// Checks an `accuracy(x, labels)` (exercise `accuracy`): the fraction (not the count) of rows
/// whose largest entry, the first on a tie, is at the label; 0 for no rows. A named mistake —
/// the last-of-a-tie argmax (Rust's `max_by` returns the last), the count, argmin — is named
/// only when the answer matches it on a second, independent input too; then the answer is
/// compared with the reference on generated outputs (ties, zeros, 1×1, the label in the last
/// column, no rows).
pub fn accuracy(f: AccuracyFn) -> Result<(), String> {
    let (x, labels) = outputs();
    let what = format!("accuracy(5×4 outputs, labels {labels:?})");
    let got = call(&what, || f(&x, &labels))?;
    let want = reference_accuracy(&x, &labels);
    if (got - want).abs() > 1e-12 {
        let hint = accuracy_mistake(f, got, &x, &labels)?.unwrap_or_else(|| {
            format!(
                "for each row i, find the column of its largest entry (the first one on a tie) and \
                 compare it with labels[i]; the right rows here are {} (counted from 1)",
                right_rows(&x, &labels)
            )
        });
        return Err(format!("{what} is {got} but should be {want}; {hint}"));
    }
    let empty = DMatrix::<f32>::zeros(0, 4);
    let got = call("accuracy(0×4 outputs, no labels)", || f(&empty, &[]))?;
    if got != 0.0 {
        return Err(format!(
            "accuracy(0×4 outputs, no labels) is {got} but should be 0: with no rows, return 0 \
             rather than dividing 0 by 0"
        ));
    }
    accuracy_differential(f)
}
// ANCHOR_END: check_accuracy

/// The rows (counted from 1) whose first largest entry is at the label, e.g. "1, 3 and 4".
fn right_rows(x: &DMatrix<f32>, labels: &[usize]) -> String {
    let right: Vec<String> = nn_core::argmax_rows(x)
        .iter()
        .zip(labels)
        .enumerate()
        .filter(|(_, (p, l))| p == l)
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    if right.is_empty() {
        "none".into()
    } else {
        right.join(", ")
    }
}

/// `max_by` with `partial_cmp`: the last of equal elements is the prediction.
pub fn last_of_a_tie(x: &DMatrix<f32>, labels: &[usize]) -> f64 {
    let right = (0..x.nrows())
        .filter(|&i| {
            let row = x.row(i);
            (0..x.ncols()).max_by(|&a, &b| row[a].total_cmp(&row[b])) == Some(labels[i])
        })
        .count();
    right as f64 / x.nrows().max(1) as f64
}

/// The second, independent input a named mistake must match too: 3 rows over 3 classes where
/// the reference (2/3), the last of a tie (1), the count (2) and argmin (0) all differ.
fn second_outputs() -> (DMatrix<f32>, Vec<usize>) {
    let x = DMatrix::from_row_slice(
        3,
        3,
        &[
            0.2, 0.2, 0.1, //
            0.1, 0.3, 0.6, //
            0.5, 0.2, 0.3, //
        ],
    );
    (x, vec![1, 2, 0])
}

/// The mistake an answer that gave `got` on the first outputs makes, if it gives that
/// mistake's value on both `x` and the second outputs.
fn accuracy_mistake(
    f: AccuracyFn,
    got: f64,
    x: &DMatrix<f32>,
    labels: &[usize],
) -> Result<Option<String>, String> {
    let (x2, labels2) = second_outputs();
    let got2 = call("accuracy(3×3 outputs, labels [1, 2, 0])", || {
        f(&x2, &labels2)
    })?;
    let count = |x: &DMatrix<f32>, l: &[usize]| reference_accuracy(x, l) * x.nrows() as f64;
    let argmin = |x: &DMatrix<f32>, l: &[usize]| reference_accuracy(&x.map(|v| -v), l);
    let same = |a: f64, b: f64| (a - b).abs() < 1e-12;
    let matches = |model: &dyn Fn(&DMatrix<f32>, &[usize]) -> f64| {
        same(got, model(x, labels)) && same(got2, model(&x2, &labels2))
    };
    Ok(if matches(&last_of_a_tie) {
        Some(
            "row 3 is (0.1, 0.4, 0.1, 0.4), a tie: the first largest entry (column 2, counted \
             from 1) is the prediction — Iterator::max_by returns the LAST of equal elements; \
             compare with > so only a larger entry moves the answer"
                .into(),
        )
    } else if matches(&count) {
        let right = count(x, labels);
        Some(format!(
            "that is the count of right rows ({right}); divide by the number of rows, {}",
            x.nrows()
        ))
    } else if matches(&argmin) {
        Some(
            "that counts the rows whose SMALLEST entry is at the label; the prediction is the \
             largest"
                .into(),
        )
    } else {
        None
    })
}

/// Outputs of 0–6 rows over 1–5 classes, entries from a few levels (ties are common, and the
/// largest entry lands in the last column as often as in any other), and a label per row.
fn accuracy_inputs() -> impl Strategy<Value = (DMatrix<f32>, Vec<usize>)> {
    (0usize..=6, 1usize..=5).prop_flat_map(|(n, m)| {
        let levels = prop_oneof![(0u8..=4).prop_map(|k| f32::from(k) / 4.0), 0.0f32..1.0,];
        (
            prop::collection::vec(levels, n * m),
            prop::collection::vec(0..m, n),
        )
            .prop_map(move |(v, labels)| (DMatrix::from_row_slice(n, m, &v), labels))
    })
}

/// The answer against [`reference_accuracy`] on generated outputs; a difference shows the
/// smallest outputs and labels that show it, both values and the rows the reference counts.
fn accuracy_differential(f: AccuracyFn) -> Result<(), String> {
    differential(accuracy_inputs(), |(x, labels)| {
        let what = format!(
            "accuracy({}×{} outputs {}, labels {labels:?})",
            x.nrows(),
            x.ncols(),
            exact(&x.map(f64::from))
        );
        let got = call(&what, || f(x, labels))?;
        let want = reference_accuracy(x, labels);
        if got == want || (got - want).abs() <= 1e-12 {
            return Ok(());
        }
        Err(format!(
            "{what} is {got:?} but should be {want:?}: the rows whose largest entry (the first \
             on a tie) is at the label are {} (counted from 1), out of {}",
            right_rows(x, labels),
            x.nrows()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column_major(b: &[u8], p: usize) -> DMatrix<f32> {
        DMatrix::from_vec(
            b.len() / p,
            p,
            b.iter().map(|&v| f32::from(v) / 255.0).collect(),
        )
    }
    fn by_256(b: &[u8], p: usize) -> DMatrix<f32> {
        reference_pixels(b, p) * (255.0 / 256.0)
    }
    fn integer(b: &[u8], p: usize) -> DMatrix<f32> {
        DMatrix::from_fn(b.len() / p, p, |i, j| f32::from(b[i * p + j] / 255))
    }
    fn unscaled(b: &[u8], p: usize) -> DMatrix<f32> {
        reference_pixels(b, p) * 255.0
    }
    fn transposed(b: &[u8], p: usize) -> DMatrix<f32> {
        reference_pixels(b, p).transpose()
    }

    #[test]
    fn pixels_pass_the_reference_and_reject_mistakes() {
        assert_eq!(normalize_pixels(reference_pixels), Ok(()));
        assert_eq!(
            normalize_pixels(crate::solution_for_tests::normalize_pixels),
            Ok(())
        );
        let cases: [(PixelsFn, &str); 5] = [
            (column_major, "column by column"),
            (by_256, "divide by 255"),
            (integer, "integer division"),
            (unscaled, "not scaled"),
            (transposed, "transposed"),
        ];
        for (f, needle) in cases {
            let e = normalize_pixels(f).unwrap_err();
            assert!(e.contains(needle), "expected {needle:?} in {e}");
        }
    }

    fn count(x: &DMatrix<f32>, labels: &[usize]) -> f64 {
        reference_accuracy(x, labels) * x.nrows() as f64
    }
    fn argmin(x: &DMatrix<f32>, labels: &[usize]) -> f64 {
        reference_accuracy(&x.map(|v| -v), labels)
    }
    fn nan_for_none(x: &DMatrix<f32>, labels: &[usize]) -> f64 {
        let right = nn_core::argmax_rows(x)
            .iter()
            .zip(labels)
            .filter(|(p, l)| p == l)
            .count();
        right as f64 / x.nrows() as f64
    }

    #[test]
    fn accuracy_passes_the_reference_and_rejects_mistakes() {
        assert_eq!(accuracy(reference_accuracy), Ok(()));
        assert_eq!(accuracy(crate::solution_for_tests::accuracy), Ok(()));
        let cases: [(AccuracyFn, &str); 4] = [
            (last_of_a_tie, "returns the LAST of equal elements"),
            (count, "divide by the number of rows"),
            (argmin, "SMALLEST"),
            (nan_for_none, "with no rows, return 0"),
        ];
        for (f, needle) in cases {
            let e = accuracy(f).unwrap_err();
            assert!(e.contains(needle), "expected {needle:?} in {e}");
        }
    }

    /// `for j in 1..x.ncols() - 1`: the last column is never the prediction (issue 33: the
    /// fixture alone let it pass).
    fn skips_the_last_column(x: &DMatrix<f32>, labels: &[usize]) -> f64 {
        if x.nrows() == 0 {
            return 0.0;
        }
        let mut right = 0;
        for i in 0..x.nrows() {
            let mut best = 0;
            for j in 1..x.ncols().saturating_sub(1) {
                if x[(i, j)] > x[(i, best)] {
                    best = j;
                }
            }
            if best == labels[i] {
                right += 1;
            }
        }
        right as f64 / x.nrows() as f64
    }

    /// `for i in 1..n`: the first row is never counted.
    fn skips_a_row(x: &DMatrix<f32>, labels: &[usize]) -> f64 {
        if x.nrows() == 0 {
            return 0.0;
        }
        let p = nn_core::argmax_rows(x);
        let right = (1..x.nrows()).filter(|&i| p[i] == labels[i]).count();
        right as f64 / x.nrows() as f64
    }

    #[test]
    fn accuracy_rejects_the_last_column_skipped_and_a_row_skipped_without_blaming_ties() {
        let e = accuracy(skips_the_last_column).unwrap_err();
        assert!(
            e.contains("generated inputs") && e.contains("should be"),
            "{e}"
        );
        let e = accuracy(skips_a_row).unwrap_err();
        assert!(!e.contains("max_by"), "{e}");
        assert!(e.contains("the right rows here are 1, 3, 4"), "{e}");
    }
}
