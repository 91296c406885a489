//! The check of `one_hot_encode`: a training column whose first-appearance order is not sorted,
//! and a test column with a category never seen in training, a missing cell, and one training
//! category absent — so a wrong numbering, categories learned from the test part, or test
//! columns of their own each show.

use crate::mine::OneHotFn;
use nalgebra::DMatrix;
use nn_course::check::proptest::prelude::*;
use nn_course::check::{call, differential, inline};
use std::collections::BTreeSet;

/// A categorical column with holes.
type Column = Vec<Option<&'static str>>;

/// What the check feeds: `[train, test]`.
fn cases() -> Vec<[Column; 2]> {
    vec![
        [
            vec![
                Some("S"),
                Some("C"),
                None,
                Some("Q"),
                Some("S"),
                Some("C"),
                Some("S"),
            ],
            vec![Some("Q"), Some("X"), None, Some("S"), Some("Q")],
        ],
        [
            vec![Some("male"), Some("female"), Some("male"), None],
            vec![Some("female"), Some("female")],
        ],
    ]
}

/// The rows of `part` as 0/1 rows over `categories`.
fn encode(part: &[Option<&str>], categories: &[String]) -> DMatrix<f64> {
    let mut e = DMatrix::zeros(part.len(), categories.len());
    for (i, v) in part.iter().enumerate() {
        if let Some(k) = v.and_then(|v| categories.iter().position(|c| c == v)) {
            e[(i, k)] = 1.0;
        }
    }
    e
}

/// The sorted distinct present values of `part`.
fn sorted(part: &[Option<&str>]) -> Vec<String> {
    let set: BTreeSet<&str> = part.iter().flatten().copied().collect();
    set.into_iter().map(String::from).collect()
}

/// The reference: the sorted training categories, and both parts encoded over them.
pub fn reference(
    train: &[Option<&str>],
    test: &[Option<&str>],
) -> (Vec<String>, DMatrix<f64>, DMatrix<f64>) {
    let categories = sorted(train);
    let (a, b) = (encode(train, &categories), encode(test, &categories));
    (categories, a, b)
}

/// The column as `[S, C, ?]`.
fn show(part: &[Option<&str>]) -> String {
    let cells: Vec<&str> = part.iter().map(|v| v.unwrap_or("?")).collect();
    format!("[{}]", cells.join(", "))
}

/// Names the mistake behind the categories `got` instead of `want`.
fn which_categories(got: &[String], train: &[Option<&str>], test: &[Option<&str>]) -> String {
    let mut first_seen: Vec<String> = Vec::new();
    for v in train.iter().flatten() {
        if !first_seen.iter().any(|c| c == v) {
            first_seen.push(v.to_string());
        }
    }
    let both: Vec<Option<&str>> = train.iter().chain(test).copied().collect();
    if got == first_seen {
        "those are in the order they first appear in the training rows; number the categories \
         in sorted order, so the columns do not depend on which row comes first"
            .into()
    } else if got == sorted(&both) {
        "those include categories of the test part; learn the categories from the training part \
         only (a test value never seen in training gets a row of zeros)"
            .into()
    } else if got.len() == sorted(train).len() + 1 {
        "there is one too many: a missing cell (None) is not a category, it gets a row of zeros"
            .into()
    } else {
        "the categories are the distinct present training values, each once, sorted".into()
    }
}

// ANCHOR: check_one_hot_encode
/// Checks a `one_hot_encode(train, test)` (exercise `one_hot_encode`): the categories are the
/// sorted distinct training values, each part's rows are 0/1 rows over them, and an unseen or
/// missing value is a row of zeros. The message names the mistake it recognizes: the order of
/// first appearance, categories learned from the test part, a missing cell taken for a
/// category, the test part encoded over categories of its own, a panic on an unseen value.
pub fn one_hot_encode(f: OneHotFn) -> Result<(), String> {
    for [train, test] in cases() {
        let what = format!(
            "one_hot_encode(train {}, test {})",
            show(&train),
            show(&test)
        );
        let (categories, got_train, got_test) = call(&what, || f(&train, &test)).map_err(|e| {
            format!(
                "{e}; a test value never seen in training (or a missing one) gets a row of zeros"
            )
        })?;
        let (want, want_train, want_test) = reference(&train, &test);
        if categories != want {
            return Err(format!(
                "{what} returned the categories {categories:?}, but they are {want:?}: {}",
                which_categories(&categories, &train, &test)
            ));
        }
        if got_train != want_train {
            return Err(format!(
                "{what}: the training matrix is {} but should be {}; row i has a 1 in column k \
                 where its value is categories[k], and 0 elsewhere",
                inline(&got_train),
                inline(&want_train)
            ));
        }
        if got_test != want_test {
            let own = sorted(&test);
            let hint = if got_test == encode(&test, &own) {
                format!(
                    "you encoded the test part over its own categories {own:?}; use the training \
                     categories {want:?}, in the same order, so column k means the same in both parts"
                )
            } else {
                "the test rows use the training columns: a 1 where the value is categories[k], a \
                 row of zeros for a value never seen in training or a missing one"
                    .to_string()
            };
            return Err(format!(
                "{what}: the test matrix is {} but should be {}; {hint}",
                inline(&got_test),
                inline(&want_test)
            ));
        }
    }
    one_hot_differential(f)
}
// ANCHOR_END: check_one_hot_encode

/// The values the generated columns draw from: upper and lower case of the same letters, and
/// non-ASCII ones, so that only `str`'s own order (byte by byte: "B" < "a" < "Ä" < "ä") sorts
/// them as the reference does.
const POOL: [&str; 10] = ["a", "B", "b", "A", "Zoë", "zoe", "Ä", "ä", "Élan", "e"];

/// A generated column of 0–`len` cells: a value of [`POOL`] or a hole.
fn column(len: usize) -> impl Strategy<Value = Vec<Option<&'static str>>> {
    prop::collection::vec(
        prop::option::weighted(0.85, prop::sample::select(&POOL[..])),
        0..=len,
    )
}

/// The categories sorted ignoring case (`to_lowercase`), the mistake a learner makes by sorting
/// as a dictionary would.
#[cfg(test)]
fn case_insensitive(train: &[Option<&str>]) -> Vec<String> {
    let mut c = sorted(train);
    c.sort_by_key(|s| s.to_lowercase());
    c
}

/// Whether `got` holds the right categories, each once, sorted ignoring case (in whatever order
/// equal-ignoring-case ones came) but not as `str` compares.
fn sorted_ignoring_case(got: &[String], train: &[Option<&str>]) -> bool {
    let mut same = got.to_vec();
    same.sort();
    let want = sorted(train);
    same == want && got != want && got.is_sorted_by_key(|s| s.to_lowercase())
}

/// The answer against [`reference`] on generated columns (mixed case, non-ASCII, holes, empty
/// parts, values seen only in the test part); a difference shows the smallest columns that
/// show it and both results.
fn one_hot_differential(f: OneHotFn) -> Result<(), String> {
    differential((column(6), column(4)), |(train, test)| {
        let what = format!("one_hot_encode(train {}, test {})", show(train), show(test));
        let (categories, got_train, got_test) = call(&what, || f(train, test))?;
        let (want, want_train, want_test) = reference(train, test);
        if categories != want {
            let hint = if sorted_ignoring_case(&categories, train) && ignores_case(f)? {
                "those are sorted ignoring case; sort them as `str` compares (byte by byte, so \
                 every uppercase ASCII letter comes before every lowercase one): a BTreeSet<&str> \
                 or a plain sort() does"
                    .to_string()
            } else {
                which_categories(&categories, train, test)
            };
            return Err(format!(
                "{what} returned the categories {categories:?}, but they are {want:?}: {hint}"
            ));
        }
        for (part, got, want) in [
            ("training", &got_train, &want_train),
            ("test", &got_test, &want_test),
        ] {
            if got != want {
                return Err(format!(
                    "{what}: the {part} matrix is {} but should be {}, over the categories \
                     {want_c:?}: a 1 in column k where the value is categories[k], a row of zeros \
                     for a missing value or one never seen in training",
                    inline(got),
                    inline(want),
                    want_c = categories
                ));
            }
        }
        Ok(())
    })
}

/// Whether the answer sorts ignoring case on a second, independent column too.
fn ignores_case(f: OneHotFn) -> Result<bool, String> {
    let train = [Some("b"), Some("C"), Some("a"), Some("B")];
    let what = format!("one_hot_encode(train {}, test [])", show(&train));
    let (categories, _, _) = call(&what, || f(&train, &[]))?;
    Ok(sorted_ignoring_case(&categories, &train))
}

#[cfg(test)]
mod tests {
    use super::*;
    type Out = (Vec<String>, DMatrix<f64>, DMatrix<f64>);

    fn first_seen(a: &[Option<&str>], b: &[Option<&str>]) -> Out {
        let mut c: Vec<String> = Vec::new();
        for v in a.iter().flatten() {
            if !c.iter().any(|x| x == v) {
                c.push(v.to_string());
            }
        }
        (c.clone(), encode(a, &c), encode(b, &c))
    }
    fn from_both(a: &[Option<&str>], b: &[Option<&str>]) -> Out {
        let both: Vec<Option<&str>> = a.iter().chain(b).copied().collect();
        let c = sorted(&both);
        (c.clone(), encode(a, &c), encode(b, &c))
    }
    fn test_columns_of_its_own(a: &[Option<&str>], b: &[Option<&str>]) -> Out {
        let (c, x, _) = reference(a, b);
        (c, x, encode(b, &sorted(b)))
    }
    /// Every cell as a category, a missing one as "?".
    fn with_question_marks<'a>(p: &[Option<&'a str>]) -> Vec<Option<&'a str>> {
        p.iter().map(|v| Some(v.unwrap_or("?"))).collect()
    }
    fn missing_is_a_category(a: &[Option<&str>], b: &[Option<&str>]) -> Out {
        reference(&with_question_marks(a), &with_question_marks(b))
    }
    fn unseen_panics(a: &[Option<&str>], b: &[Option<&str>]) -> Out {
        let c = sorted(a);
        let mut e = DMatrix::zeros(b.len(), c.len());
        for (i, v) in b.iter().enumerate() {
            if let Some(v) = v {
                e[(i, c.iter().position(|x| x == v).unwrap())] = 1.0;
            }
        }
        (c.clone(), encode(a, &c), e)
    }
    fn labels_not_columns(a: &[Option<&str>], b: &[Option<&str>]) -> Out {
        let (c, x, y) = reference(a, b);
        (c, x.transpose(), y)
    }

    #[test]
    fn the_reference_and_the_solution_pass() {
        assert_eq!(one_hot_encode(reference), Ok(()));
        assert_eq!(
            one_hot_encode(crate::solution_for_tests::one_hot_encode),
            Ok(())
        );
    }

    #[test]
    fn a_test_set_with_its_own_numbering_is_rejected_and_named() {
        let e = one_hot_encode(test_columns_of_its_own).unwrap_err();
        assert!(e.contains("over its own categories"), "{e}");
    }

    #[test]
    fn other_mistakes_are_rejected_with_their_reason() {
        let cases: [(OneHotFn, &str); 5] = [
            (first_seen, "order they first appear"),
            (from_both, "include categories of the test part"),
            (
                missing_is_a_category,
                "a missing cell (None) is not a category",
            ),
            (unseen_panics, "panicked"),
            (labels_not_columns, "the training matrix is"),
        ];
        for (f, needle) in cases {
            let e = one_hot_encode(f).unwrap_err();
            assert!(e.contains(needle), "expected {needle:?} in {e}");
        }
    }

    /// Categories sorted as a dictionary would (issue 33: no fixture mixed the cases).
    fn dictionary_order(a: &[Option<&str>], b: &[Option<&str>]) -> Out {
        let c = case_insensitive(a);
        (c.clone(), encode(a, &c), encode(b, &c))
    }

    #[test]
    fn a_case_insensitive_sort_is_rejected_and_named() {
        let e = one_hot_encode(dictionary_order).unwrap_err();
        assert!(
            e.contains("sorted ignoring case") && e.contains("generated inputs"),
            "{e}"
        );
    }
}
