//! Metrics: accuracy and the confusion matrix.

/// Fraction of predictions equal to the truth, `(1/n) Σ_i [p_i = y_i]` (0 for no instances).
pub fn accuracy(predicted: &[usize], truth: &[usize]) -> f64 {
    if truth.is_empty() {
        return 0.0;
    }
    let correct = predicted.iter().zip(truth).filter(|(p, t)| p == t).count();
    correct as f64 / truth.len() as f64
}

/// Confusion matrix `C[true][predicted]` counts over `classes` classes (labels ≥ classes are
/// ignored).
pub fn confusion_matrix(predicted: &[usize], truth: &[usize], classes: usize) -> Vec<Vec<usize>> {
    let mut c = vec![vec![0; classes]; classes];
    for (&p, &t) in predicted.iter().zip(truth) {
        if p < classes && t < classes {
            c[t][p] += 1;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accuracy_and_confusion() {
        let truth = [0, 1, 2, 2, 1];
        let pred = [0, 2, 2, 2, 1];
        assert!((accuracy(&pred, &truth) - 0.8).abs() < 1e-12);
        let c = confusion_matrix(&pred, &truth, 3);
        assert_eq!(c, vec![vec![1, 0, 0], vec![0, 1, 1], vec![0, 0, 2]]);
        assert_eq!(accuracy(&[], &[]), 0.0);
    }
}
