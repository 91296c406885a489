//! The check of `stratified_folds`: labels interleaved irregularly (plain k-fold breaks the
//! proportions), labels sorted by class as in iris.csv (contiguous chunks lose whole classes),
//! class sizes that are not multiples of k (restarting the deal at fold 0 for every class makes
//! the folds unequal), and a class smaller than k.

use crate::mine::FoldsFn;
use nn_course::check::proptest::prelude::*;
use nn_course::check::{call, differential};

/// What the check feeds: `(labels, k)`.
fn cases() -> Vec<(Vec<usize>, usize)> {
    let interleaved = vec![
        1, 0, 1, 2, 1, 1, 0, 2, 1, 0, 1, 1, 2, 0, 1, 1, 0, 2, 1, 0, 1, 2, 1, 0,
    ];
    let sorted: Vec<usize> = (0..18).map(|i| i / 6).collect();
    let rare = vec![0, 0, 0, 0, 1, 0, 0, 2, 0, 0, 2];
    vec![
        (sorted, 3),
        (interleaved, 3),
        (rare, 4),
        (vec![1, 0, 0, 1], 2),
    ]
}

/// The reference: class by class, dealt to the folds in turn with one counter.
#[cfg(test)]
fn reference(labels: &[usize], k: usize) -> Vec<Vec<usize>> {
    let mut folds = vec![Vec::new(); k];
    let classes = labels.iter().max().map_or(0, |&c| c + 1);
    let mut next = 0;
    for class in 0..classes {
        for (i, _) in labels.iter().enumerate().filter(|&(_, &l)| l == class) {
            folds[next % k].push(i);
            next += 1;
        }
    }
    folds
}

// ANCHOR: proportions
/// The first class whose count in a fold is not `⌊n_c/k⌋` or `⌈n_c/k⌉`, as a sentence; a fold
/// that lost a class is named first.
fn proportions(labels: &[usize], k: usize, folds: &[Vec<usize>]) -> Option<String> {
    let classes = labels.iter().max().map_or(0, |&c| c + 1);
    let mut wrong = Vec::new();
    for c in 0..classes {
        let n_c = labels.iter().filter(|&&l| l == c).count();
        let (lo, hi) = (n_c / k, n_c.div_ceil(k));
        for (g, fold) in folds.iter().enumerate() {
            let count = fold.iter().filter(|&&i| labels[i] == c).count();
            if count < lo || count > hi {
                wrong.push((count > 0, g, c, count, n_c, lo, hi));
            }
        }
    }
    wrong.sort_by_key(|w| w.0);
    let &(found, g, c, count, n_c, lo, hi) = wrong.first()?;
    let lost = if found {
        ""
    } else {
        " — a split that loses a class: the model is then never validated on it"
    };
    let or_hi = if hi > lo {
        format!(" or {hi}")
    } else {
        String::new()
    };
    Some(format!(
        "fold {} has {count} instances of class {c}, which has {n_c} in all, so every fold should \
         have {lo}{or_hi}{lost}; deal each class's instances to the folds in turn",
        g + 1
    ))
}
// ANCHOR_END: proportions

// ANCHOR: check_stratified_folds
/// Checks a `stratified_folds(labels, k)` (exercise `stratified_folds`): k folds, every position
/// in exactly one, each class with `⌊n_c/k⌋` or `⌈n_c/k⌉` instances in every fold (so no fold
/// loses a class), fold sizes within one of each other. The message names the fold, the class
/// and the counts.
pub fn stratified_folds(f: FoldsFn) -> Result<(), String> {
    for (labels, k) in cases() {
        folds_of(f, &labels, k)?;
    }
    // Generated labels: 0 to 24 instances of 1 to 4 classes in any order, k from 1 to 6 (more
    // folds than some classes have instances, or than there are instances).
    let inputs = (1usize..=4, 1usize..=6)
        .prop_flat_map(|(classes, k)| (prop::collection::vec(0..classes, 0..=24), Just(k)));
    differential(inputs, |(labels, k)| folds_of(f, labels, *k))
}
// ANCHOR_END: check_stratified_folds

/// The answer's folds of `labels` checked: k folds, every position once, each class dealt
/// evenly, fold sizes within one of each other.
fn folds_of(f: FoldsFn, labels: &[usize], k: usize) -> Result<(), String> {
    let labels = labels.to_vec();
    {
        let n = labels.len();
        let what = format!("stratified_folds({labels:?}, k = {k})");
        let folds = call(&what, || f(&labels, k))?;
        if folds.len() != k {
            return Err(format!(
                "{what} returned {} folds; return k = {k}",
                folds.len()
            ));
        }
        let mut entries: Vec<usize> = folds.iter().flatten().copied().collect();
        entries.sort_unstable();
        let mut sorted_labels = labels.clone();
        sorted_labels.sort_unstable();
        if entries == sorted_labels && entries != (0..n).collect::<Vec<_>>() {
            return Err(format!(
                "{what}: the folds are {folds:?}, which are the labels themselves; a fold holds \
                 the positions i of the instances (0 to {}), so push i, not labels[i]",
                n.saturating_sub(1)
            ));
        }
        let mut fold_of = vec![None; n];
        for (g, fold) in folds.iter().enumerate() {
            for &i in fold {
                match fold_of.get(i) {
                    None => {
                        return Err(format!(
                            "{what}: fold {} holds {i}, but the positions are 0 to {}; the folds \
                             hold positions i of `labels`, not labels",
                            g + 1,
                            n.saturating_sub(1)
                        ));
                    }
                    Some(Some(h)) if *h == g => {
                        return Err(format!(
                            "{what}: position {i} is twice in fold {}; every instance belongs to \
                             exactly one fold, once",
                            g + 1
                        ));
                    }
                    Some(Some(h)) => {
                        return Err(format!(
                            "{what}: position {i} is in fold {} and in fold {}; every instance \
                             belongs to exactly one fold",
                            h + 1,
                            g + 1
                        ));
                    }
                    Some(None) => fold_of[i] = Some(g),
                }
            }
        }
        if let Some(i) = fold_of.iter().position(Option::is_none) {
            return Err(format!(
                "{what}: position {i} is in no fold; every instance belongs to exactly one fold"
            ));
        }
        if let Some(e) = proportions(&labels, k, &folds) {
            return Err(format!("{what}: {e}"));
        }
        let sizes: Vec<usize> = folds.iter().map(Vec::len).collect();
        let (min, max) = (sizes.iter().min(), sizes.iter().max());
        if let (Some(&min), Some(&max)) = (min, max)
            && max > min + 1
        {
            return Err(format!(
                "{what}: the folds have {sizes:?} instances, more than one apart; keep counting \
                 from one class to the next instead of starting again at fold 1 for every class"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain k-fold: position i goes to fold i mod k, whatever its class.
    fn ignores_labels(labels: &[usize], k: usize) -> Vec<Vec<usize>> {
        let mut folds = vec![Vec::new(); k];
        for i in 0..labels.len() {
            folds[i % k].push(i);
        }
        folds
    }
    /// Contiguous chunks of the rows as given.
    fn chunks(labels: &[usize], k: usize) -> Vec<Vec<usize>> {
        let n = labels.len();
        (0..k)
            .map(|f| (f * n / k..(f + 1) * n / k).collect())
            .collect()
    }
    /// The deal restarted at fold 0 for every class.
    fn restarts(labels: &[usize], k: usize) -> Vec<Vec<usize>> {
        let mut folds = vec![Vec::new(); k];
        let classes = labels.iter().max().map_or(0, |&c| c + 1);
        for class in 0..classes {
            let members = labels.iter().enumerate().filter(|&(_, &l)| l == class);
            for (j, (i, _)) in members.enumerate() {
                folds[j % k].push(i);
            }
        }
        folds
    }
    fn labels_instead_of_positions(labels: &[usize], k: usize) -> Vec<Vec<usize>> {
        reference(labels, k)
            .into_iter()
            .map(|f| f.iter().map(|&i| labels[i]).collect())
            .collect()
    }
    fn one_fold_short(labels: &[usize], k: usize) -> Vec<Vec<usize>> {
        reference(labels, k - 1)
    }
    fn drops_the_last(labels: &[usize], k: usize) -> Vec<Vec<usize>> {
        let mut f = reference(labels, k);
        f[0].pop();
        f
    }

    #[test]
    fn the_reference_and_the_solution_pass() {
        assert_eq!(stratified_folds(reference), Ok(()));
        assert_eq!(
            stratified_folds(crate::solution_for_tests::stratified_folds),
            Ok(())
        );
    }

    #[test]
    fn a_split_that_loses_a_class_is_rejected_and_named() {
        let e = stratified_folds(chunks).unwrap_err();
        assert!(e.contains("a split that loses a class"), "{e}");
    }

    #[test]
    fn other_mistakes_are_rejected_with_their_reason() {
        let cases: [(FoldsFn, &str); 5] = [
            (
                ignores_labels,
                "deal each class's instances to the folds in turn",
            ),
            (restarts, "keep counting from one class to the next"),
            (labels_instead_of_positions, "the labels themselves"),
            (one_fold_short, "return k = 3"),
            (drops_the_last, "is in no fold"),
        ];
        for (f, needle) in cases {
            let e = stratified_folds(f).unwrap_err();
            assert!(e.contains(needle), "expected {needle:?} in {e}");
        }
    }

    /// Issue 33: this answer was told "position 0 is in fold 1 and in fold 1".
    #[test]
    fn labels_pushed_instead_of_positions_are_named() {
        let e = stratified_folds(labels_instead_of_positions).unwrap_err();
        assert!(
            e.contains("the labels themselves") && e.contains("push i"),
            "{e}"
        );
        assert!(!e.contains("in fold 1 and in fold 1"), "{e}");
    }
}
