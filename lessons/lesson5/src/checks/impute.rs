//! The check of `impute_median`: training and test parts whose medians, means and middles all
//! differ, so each plausible mistake gives its own wrong median, which the message names.

use crate::mine::ImputeFn;
use nn_course::check::proptest::prelude::*;
use nn_course::check::{call, differential};

/// A numeric column with holes.
type Column = Vec<Option<f64>>;

/// What the check feeds: `[train, test]`; the first has an odd number of present training
/// values, the second an even one, the third none.
fn cases() -> Vec<[Column; 2]> {
    let some = |v: &[f64]| v.iter().map(|&x| Some(x)).collect::<Vec<_>>();
    let mut odd = some(&[22.0, 38.0, 26.0, 35.0, 54.0, 2.0, 27.0]);
    odd.insert(1, None);
    odd.insert(5, None);
    let mut even = some(&[4.0, 1.0, 10.0, 3.0]);
    even.insert(2, None);
    even.push(None);
    vec![
        [odd, vec![Some(70.0), None, Some(80.0), None, Some(65.0)]],
        [even, vec![None, Some(100.0), Some(200.0)]],
        [vec![None, None], vec![Some(5.0), None]],
    ]
}

/// The median of `v` (the mean of the two middle values for an even count), 0 for none.
fn median_of(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let m = v.len();
    match m {
        0 => 0.0,
        _ if m % 2 == 1 => v[m / 2],
        _ => (v[m / 2 - 1] + v[m / 2]) / 2.0,
    }
}

/// The reference: the median of the present training values fills every hole of both parts.
pub fn reference(train: &[Option<f64>], test: &[Option<f64>]) -> (f64, Vec<f64>, Vec<f64>) {
    let median = median_of(train.iter().flatten().copied().collect());
    let fill = |part: &[Option<f64>]| part.iter().map(|x| x.unwrap_or(median)).collect();
    (median, fill(train), fill(test))
}

fn present(part: &[Option<f64>]) -> Vec<f64> {
    part.iter().flatten().copied().collect()
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// The list as `[22, ?, 38]`.
fn show(part: &[Option<f64>]) -> String {
    let cells: Vec<String> = part
        .iter()
        .map(|x| x.map_or("?".into(), |v| v.to_string()))
        .collect();
    format!("[{}]", cells.join(", "))
}

/// A plausible wrong median: what it gives for `(train, test)`, if it applies there.
type Model = fn(&[Option<f64>], &[Option<f64>]) -> Option<f64>;

/// The mistakes the check names, each with its model and its hint.
const MISTAKES: [(Model, &str); 8] = [
    (
        |train, _| {
            let v = present(train);
            (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
        },
        "that is the mean of the present training values; the median is the middle of the \
         sorted values (one extreme value cannot drag it)",
    ),
    (
        |train, test| {
            let both: Vec<f64> = present(train).into_iter().chain(present(test)).collect();
            Some(median_of(both))
        },
        "that is the median of train and test together, the whole data set; learn it from the \
         training part only — the test part stands for data that arrives after training",
    ),
    (
        |_, test| Some(median_of(present(test))),
        "that is the test part's median; learn it from the training part only",
    ),
    (
        |train, _| Some(median_of(train.iter().map(|x| x.unwrap_or(0.0)).collect())),
        "you counted the missing cells as 0; the median is taken over the present values only",
    ),
    (
        |train, _| {
            let mut v = present(train);
            v.sort_by(f64::total_cmp);
            let m = v.len();
            (m > 0 && m % 2 == 0).then(|| v[m / 2])
        },
        "that is one of the two middle values (the upper one); with an even number of values the \
         median is the mean of the two middle ones",
    ),
    (
        |train, _| {
            let mut v = present(train);
            v.sort_by(f64::total_cmp);
            let m = v.len();
            (m > 0 && m % 2 == 0).then(|| v[m / 2 - 1])
        },
        "that is one of the two middle values (the lower one); with an even number of values the \
         median is the mean of the two middle ones",
    ),
    (
        |train, _| {
            let v = present(train);
            let m = v.len();
            (m > 0).then(|| {
                if m % 2 == 1 {
                    v[m / 2]
                } else {
                    (v[m / 2 - 1] + v[m / 2]) / 2.0
                }
            })
        },
        "that is the middle of the values in the order given; sort them first",
    ),
    (
        |train, _| {
            let v = present(train);
            v.get(v.len() / 2).copied()
        },
        "that is the middle of the values in the order given; sort them first",
    ),
];

/// The second, independent inputs a named mistake must match too: an even and an odd count of
/// present training values, where every mistake above gives another value than on the check's
/// own cases.
fn second_cases() -> Vec<[Column; 2]> {
    vec![
        [
            vec![
                Some(9.0),
                None,
                Some(1.0),
                Some(4.0),
                Some(20.0),
                Some(2.0),
                Some(6.0),
            ],
            vec![Some(0.5), None, Some(-3.0)],
        ],
        [
            vec![Some(5.0), Some(30.0), None, Some(1.0), Some(8.0), Some(2.0)],
            vec![Some(40.0), Some(50.0), None],
        ],
    ]
}

/// Names the mistake that gives `got` instead of the median of `train`'s present values — only
/// a mistake that the answer `f` also makes on a second, independent input (where the mistake
/// gives another value than the median). Otherwise says what the median is.
fn which_median(
    f: ImputeFn,
    got: f64,
    train: &[Option<f64>],
    test: &[Option<f64>],
) -> Result<String, String> {
    let mut second = Vec::new();
    for [a, b] in second_cases() {
        let what = format!("impute_median(train {}, test {})", show(&a), show(&b));
        let (median, _, _) = call(&what, || f(&a, &b))?;
        second.push((a, b, median));
    }
    let confirmed = |model: Model| {
        let mut told_apart = false;
        for (a, b, median) in &second {
            if let Some(m) = model(a, b)
                && !same(m, reference(a, b).0)
            {
                if !same(*median, m) {
                    return false;
                }
                told_apart = true;
            }
        }
        told_apart
    };
    for (model, hint) in MISTAKES {
        if model(train, test).is_some_and(|m| same(m, got)) && confirmed(model) {
            return Ok(hint.to_string());
        }
    }
    let mut sorted = present(train);
    sorted.sort_by(f64::total_cmp);
    Ok(format!(
        "the present training values, sorted, are {sorted:?}: the median is the middle one (the \
         mean of the two middle ones for an even count; 0 when none is present)"
    ))
}

// ANCHOR: check_impute_median
/// Checks an `impute_median(train, test)` (exercise `impute_median`): the median of the present
/// training values (odd and even counts, and none present), every hole of both parts filled
/// with it, present values unchanged. The message names the mistake it recognizes: the mean,
/// the median of the whole data set or of the test part, missing cells counted as 0, one middle
/// value of an even count, the values not sorted, the test holes filled with the test median.
pub fn impute_median(f: ImputeFn) -> Result<(), String> {
    for [train, test] in cases() {
        let what = format!(
            "impute_median(train {}, test {})",
            show(&train),
            show(&test)
        );
        let (median, got_train, got_test) = call(&what, || f(&train, &test)).map_err(|e| {
            if present(&train).is_empty() {
                format!("{e}; with no present training value the median is 0")
            } else {
                e
            }
        })?;
        let (want, want_train, want_test) = reference(&train, &test);
        let median_want = want;
        if !same(median, want) {
            return Err(format!(
                "{what} returned the median {median}, but it is {want}: {}",
                which_median(f, median, &train, &test)?
            ));
        }
        for (name, got, want, part) in [
            ("train", &got_train, &want_train, &train),
            ("test", &got_test, &want_test, &test),
        ] {
            if got.len() != want.len() {
                return Err(format!(
                    "{what}: the filled {name} part has {} values but the input had {}; return \
                     one value per row",
                    got.len(),
                    want.len()
                ));
            }
            let Some(i) = (0..want.len()).find(|&i| !same(got[i], want[i])) else {
                continue;
            };
            let hint = match part[i] {
                Some(_) => "a present value must stay as it is; fill only the holes".to_string(),
                None if name == "test" && same(got[i], median_of(present(&test))) => {
                    "you filled the test holes with the test part's own median; fill them with \
                     the training median"
                        .into()
                }
                None => format!("every hole of both parts gets the training median {median_want}"),
            };
            return Err(format!(
                "{what}: {name} value {} is {} but should be {}; {hint}",
                i + 1,
                got[i],
                want[i]
            ));
        }
    }
    impute_differential(f)
}

/// The answer against [`reference`] on generated columns: 0 to 7 training cells and 0 to 4 test
/// cells, holes anywhere, ties (small integers), negative values; a difference shows the
/// smallest columns that show it.
fn impute_differential(f: ImputeFn) -> Result<(), String> {
    let cell = prop::option::weighted(
        0.75,
        prop_oneof![(-3i8..=3).prop_map(f64::from), -50.0..50.0f64],
    );
    let columns = (
        prop::collection::vec(cell.clone(), 0..=7),
        prop::collection::vec(cell, 0..=4),
    );
    differential(columns, |(train, test)| {
        let what = format!("impute_median(train {}, test {})", show(train), show(test));
        let (median, got_train, got_test) = call(&what, || f(train, test))?;
        let (want, want_train, want_test) = reference(train, test);
        let same_list =
            |a: &[f64], b: &[f64]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(*x, *y));
        if !same(median, want) {
            let mut sorted = present(train);
            sorted.sort_by(f64::total_cmp);
            return Err(format!(
                "{what} returned the median {median:?}, but it is {want:?}: the present training \
                 values, sorted, are {sorted:?}; the median is the middle one (the mean of the two \
                 middle ones for an even count, 0 when none is present)"
            ));
        }
        if !same_list(&got_train, &want_train) || !same_list(&got_test, &want_test) {
            return Err(format!(
                "{what} filled the parts as {got_train:?} and {got_test:?}, but they are \
                 {want_train:?} and {want_test:?}: every hole of both parts gets the training \
                 median, present values stay"
            ));
        }
        Ok(())
    })
}
// ANCHOR_END: check_impute_median

#[cfg(test)]
mod tests {
    use super::*;
    type Out = (f64, Vec<f64>, Vec<f64>);

    /// Fills both parts with `m`.
    fn filled(m: f64, a: &[Option<f64>], b: &[Option<f64>]) -> Out {
        let fill = |p: &[Option<f64>]| p.iter().map(|x| x.unwrap_or(m)).collect();
        (m, fill(a), fill(b))
    }
    fn mean(a: &[Option<f64>], b: &[Option<f64>]) -> Out {
        let v = present(a);
        filled(v.iter().sum::<f64>() / v.len().max(1) as f64, a, b)
    }
    /// The imputation learned from the whole data set.
    fn whole_data_set(a: &[Option<f64>], b: &[Option<f64>]) -> Out {
        let both: Vec<f64> = present(a).into_iter().chain(present(b)).collect();
        filled(median_of(both), a, b)
    }
    fn zeros_counted(a: &[Option<f64>], b: &[Option<f64>]) -> Out {
        filled(
            median_of(a.iter().map(|x| x.unwrap_or(0.0)).collect()),
            a,
            b,
        )
    }
    fn upper_middle(a: &[Option<f64>], b: &[Option<f64>]) -> Out {
        let mut v = present(a);
        v.sort_by(f64::total_cmp);
        filled(v.get(v.len() / 2).copied().unwrap_or(0.0), a, b)
    }
    fn unsorted(a: &[Option<f64>], b: &[Option<f64>]) -> Out {
        let v = present(a);
        filled(v.get(v.len() / 2).copied().unwrap_or(0.0), a, b)
    }
    fn test_filled_with_its_own(a: &[Option<f64>], b: &[Option<f64>]) -> Out {
        let (m, x, _) = reference(a, a);
        (m, x, reference(b, b).1)
    }
    /// Right, except that no present value indexes an empty list.
    fn empty_panics(a: &[Option<f64>], b: &[Option<f64>]) -> Out {
        let mut v = present(a);
        v.sort_by(f64::total_cmp);
        let m = v.len();
        let median = if m % 2 == 1 {
            v[m / 2]
        } else {
            (v[m / 2 - 1] + v[m / 2]) / 2.0
        };
        filled(median, a, b)
    }
    fn replaces_everything(a: &[Option<f64>], b: &[Option<f64>]) -> Out {
        let (m, x, y) = reference(a, b);
        (m, x.iter().map(|_| m).collect(), y)
    }

    #[test]
    fn the_reference_and_the_solution_pass() {
        assert_eq!(impute_median(reference), Ok(()));
        assert_eq!(
            impute_median(crate::solution_for_tests::impute_median),
            Ok(())
        );
    }

    #[test]
    fn imputation_from_the_whole_data_set_is_rejected_and_named() {
        let e = impute_median(whole_data_set).unwrap_err();
        assert!(
            e.contains("train and test together, the whole data set"),
            "{e}"
        );
    }

    #[test]
    fn other_mistakes_are_rejected_with_their_reason() {
        let cases: [(ImputeFn, &str); 7] = [
            (mean, "the mean of the present training values"),
            (zeros_counted, "counted the missing cells as 0"),
            (upper_middle, "mean of the two middle ones"),
            (unsorted, "sort them first"),
            (test_filled_with_its_own, "test part's own median"),
            (
                empty_panics,
                "with no present training value the median is 0",
            ),
            (replaces_everything, "a present value must stay"),
        ];
        for (f, needle) in cases {
            let e = impute_median(f).unwrap_err();
            assert!(e.contains(needle), "expected {needle:?} in {e}");
        }
    }

    /// The even-count median off by one: `(v[m/2] + v[m/2 + 1]) / 2` (issue 33: on the check's
    /// even case it equals the median of train and test together, and was blamed on that).
    fn middle_off_by_one(a: &[Option<f64>], b: &[Option<f64>]) -> Out {
        let mut v = present(a);
        v.sort_by(f64::total_cmp);
        let m = v.len();
        let median = match m {
            0 => 0.0,
            _ if m % 2 == 1 => v[m / 2],
            _ => (v[m / 2] + v.get(m / 2 + 1).copied().unwrap_or(v[m / 2])) / 2.0,
        };
        filled(median, a, b)
    }

    #[test]
    fn a_mistake_is_named_only_when_a_second_input_confirms_it() {
        let e = impute_median(middle_off_by_one).unwrap_err();
        assert!(!e.contains("together"), "{e}");
        assert!(e.contains("sorted, are [1.0, 3.0, 4.0, 10.0]"), "{e}");
    }
}
