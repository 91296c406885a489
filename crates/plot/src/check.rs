//! Input validation shared by the renderers: lengths, finiteness, labels.

use crate::error::{PlotError, Result};

/// Fails on an empty slice.
pub(crate) fn non_empty<T>(what: &'static str, items: &[T]) -> Result<()> {
    if items.is_empty() {
        Err(PlotError::Empty { what })
    } else {
        Ok(())
    }
}

/// Fails unless `found == expected`.
pub(crate) fn same_len(what: &'static str, expected: usize, found: usize) -> Result<()> {
    if expected == found {
        Ok(())
    } else {
        Err(PlotError::LengthMismatch {
            what,
            expected,
            found,
        })
    }
}

/// Fails on the first NaN or infinite value.
pub(crate) fn finite(what: &'static str, values: impl IntoIterator<Item = f64>) -> Result<()> {
    match values.into_iter().position(|v| !v.is_finite()) {
        Some(index) => Err(PlotError::NotFinite { what, index }),
        None => Ok(()),
    }
}

/// Checks points and labels, and returns the class names to show: `class_names` itself, or
/// "class 0", "class 1", … when it is empty.
pub(crate) fn classes<const D: usize>(
    points: &[[f64; D]],
    labels: &[usize],
    class_names: &[String],
) -> Result<Vec<String>> {
    same_len("labels", points.len(), labels.len())?;
    finite("points", points.iter().flatten().copied())?;
    if class_names.is_empty() {
        let n = labels.iter().max().map_or(0, |m| m + 1);
        return Ok((0..n).map(|c| format!("class {c}")).collect());
    }
    check_labels(labels, class_names.len())?;
    Ok(class_names.to_vec())
}

/// Fails on a label with no class name.
pub(crate) fn check_labels(labels: &[usize], classes: usize) -> Result<()> {
    match labels.iter().position(|&l| l >= classes) {
        Some(index) => Err(PlotError::UnknownLabel {
            index,
            label: labels[index],
            classes,
        }),
        None => Ok(()),
    }
}

/// Checks that a user-given range is finite and increasing.
pub(crate) fn range(what: &str, r: (f64, f64)) -> Result<(f64, f64)> {
    if r.0.is_finite() && r.1.is_finite() && r.0 < r.1 {
        Ok(r)
    } else {
        Err(PlotError::InvalidArgument(format!(
            "{what} must be finite with min < max, got {:?}",
            r
        )))
    }
}

/// The range of `values` padded by 5 % on each side (±1 around a single value).
pub(crate) fn fit(values: impl IntoIterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .into_iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    if hi - lo < 1e-12 {
        return (lo - 1.0, hi + 1.0);
    }
    let pad = (hi - lo) * 0.05;
    (lo - pad, hi + pad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_catches_bad_input() {
        assert!(matches!(
            non_empty::<u8>("points", &[]),
            Err(PlotError::Empty { .. })
        ));
        assert!(matches!(
            classes(&[[0.0, 1.0]], &[0, 1], &[]),
            Err(PlotError::LengthMismatch {
                expected: 1,
                found: 2,
                ..
            })
        ));
        assert!(matches!(
            classes(&[[0.0, f64::NAN]], &[0], &[]),
            Err(PlotError::NotFinite { index: 1, .. })
        ));
        assert!(matches!(
            classes(&[[0.0, 1.0]], &[2], &["a".into()]),
            Err(PlotError::UnknownLabel { label: 2, .. })
        ));
        assert_eq!(
            classes(&[[0.0, 1.0]], &[1], &[]).unwrap(),
            ["class 0", "class 1"]
        );
        assert!(range("x", (1.0, 1.0)).is_err());
    }

    #[test]
    fn fit_pads_and_handles_constants() {
        assert_eq!(fit([0.0, 10.0]), (-0.5, 10.5));
        assert_eq!(fit([3.0]), (2.0, 4.0));
        assert_eq!(fit([]), (0.0, 1.0));
    }
}
