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
use nn_course::check::call;

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
        return Ok(());
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
/// whose largest entry, the first on a tie, is at the label; 0 for no rows. The message names
/// the last-of-a-tie argmax (Rust's `max_by` returns the last), the count, argmin.
pub fn accuracy(f: AccuracyFn) -> Result<(), String> {
    let (x, labels) = outputs();
    let what = format!("accuracy(5×4 outputs, labels {labels:?})");
    let got = call(&what, || f(&x, &labels))?;
    let want = reference_accuracy(&x, &labels);
    if (got - want).abs() > 1e-12 {
        let right = (want * 5.0).round();
        let hint = if (got - 0.4).abs() < 1e-12 {
            "row 3 is (0.1, 0.4, 0.1, 0.4), a tie: the first largest entry (column 2, counted from \
             1) is the prediction — Iterator::max_by returns the LAST of equal elements; compare \
             with > so only a larger entry moves the answer"
                .to_string()
        } else if (got - right).abs() < 1e-12 {
            format!("that is the count of right rows ({right}); divide by the number of rows, 5")
        } else if got == 0.0 {
            "that counts the rows whose SMALLEST entry is at the label; the prediction is the \
             largest"
                .into()
        } else {
            "for each row i, find the column of its largest entry and compare it with labels[i]"
                .into()
        };
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
    Ok(())
}
// ANCHOR_END: check_accuracy

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

    /// `max_by` with `partial_cmp`: the last of equal elements.
    fn last_of_a_tie(x: &DMatrix<f32>, labels: &[usize]) -> f64 {
        let right = (0..x.nrows())
            .filter(|&i| {
                let row = x.row(i);
                let best = (0..x.ncols())
                    .max_by(|&a, &b| row[a].partial_cmp(&row[b]).unwrap())
                    .unwrap();
                best == labels[i]
            })
            .count();
        right as f64 / x.nrows().max(1) as f64
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
}
