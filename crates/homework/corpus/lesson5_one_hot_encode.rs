//! Learner answers to lesson 5's `one_hot_encode`.
use nalgebra::DMatrix;
use std::collections::BTreeSet;

type Out = (Vec<String>, DMatrix<f64>, DMatrix<f64>);

fn encode(part: &[Option<&str>], categories: &[String]) -> DMatrix<f64> {
    let mut e = DMatrix::zeros(part.len(), categories.len());
    for (i, v) in part.iter().enumerate() {
        if let Some(v) = v {
            if let Some(k) = categories.iter().position(|c| c == v) {
                e[(i, k)] = 1.0;
            }
        }
    }
    e
}

/// Right: a BTreeSet.
pub fn right_btreeset(train: &[Option<&str>], test: &[Option<&str>]) -> Out {
    let set: BTreeSet<&str> = train.iter().flatten().copied().collect();
    let c: Vec<String> = set.into_iter().map(String::from).collect();
    (c.clone(), encode(train, &c), encode(test, &c))
}

/// Right: sort and dedup a Vec<String>.
pub fn right_sort_dedup(train: &[Option<&str>], test: &[Option<&str>]) -> Out {
    let mut c: Vec<String> = train.iter().flatten().map(|s| s.to_string()).collect();
    c.sort();
    c.dedup();
    (c.clone(), encode(train, &c), encode(test, &c))
}

/// Right: binary_search into sorted categories, from_fn.
pub fn right_binary_search(train: &[Option<&str>], test: &[Option<&str>]) -> Out {
    let mut c: Vec<&str> = Vec::new();
    for v in train.iter().flatten() {
        if let Err(k) = c.binary_search(v) {
            c.insert(k, v);
        }
    }
    let enc = |p: &[Option<&str>]| {
        DMatrix::from_fn(p.len(), c.len(), |i, k| f64::from(p[i] == Some(c[k])))
    };
    let (a, b) = (enc(train), enc(test));
    (c.iter().map(|s| s.to_string()).collect(), a, b)
}

/// Wrong: sorted ignoring case (issue 33).
pub fn wrong_case_insensitive(train: &[Option<&str>], test: &[Option<&str>]) -> Out {
    let mut c: Vec<String> = train.iter().flatten().map(|s| s.to_string()).collect();
    c.sort_by_key(|s| s.to_lowercase());
    c.dedup();
    (c.clone(), encode(train, &c), encode(test, &c))
}

/// Wrong: the order of first appearance.
pub fn wrong_first_seen(train: &[Option<&str>], test: &[Option<&str>]) -> Out {
    let mut c: Vec<String> = Vec::new();
    for v in train.iter().flatten() {
        if !c.iter().any(|x| x == v) {
            c.push(v.to_string());
        }
    }
    (c.clone(), encode(train, &c), encode(test, &c))
}

/// Wrong: categories from both parts.
pub fn wrong_from_both(train: &[Option<&str>], test: &[Option<&str>]) -> Out {
    let set: BTreeSet<&str> = train.iter().chain(test).flatten().copied().collect();
    let c: Vec<String> = set.into_iter().map(String::from).collect();
    (c.clone(), encode(train, &c), encode(test, &c))
}

/// Wrong: sorted, but dedup before sorting (duplicates survive).
pub fn wrong_dedup_first(train: &[Option<&str>], test: &[Option<&str>]) -> Out {
    let mut c: Vec<String> = train.iter().flatten().map(|s| s.to_string()).collect();
    c.dedup();
    c.sort();
    (c.clone(), encode(train, &c), encode(test, &c))
}
