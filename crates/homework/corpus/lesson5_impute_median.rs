//! Learner answers to lesson 5's `impute_median`.

type Out = (f64, Vec<f64>, Vec<f64>);

fn fill(part: &[Option<f64>], m: f64) -> Vec<f64> {
    part.iter().map(|x| x.unwrap_or(m)).collect()
}

/// Right: sort_by total_cmp, the two middles for an even count.
pub fn right_total_cmp(train: &[Option<f64>], test: &[Option<f64>]) -> Out {
    let mut v: Vec<f64> = train.iter().flatten().copied().collect();
    v.sort_by(f64::total_cmp);
    let m = v.len();
    let median = if m == 0 {
        0.0
    } else if m % 2 == 1 {
        v[m / 2]
    } else {
        (v[m / 2 - 1] + v[m / 2]) / 2.0
    };
    (median, fill(train, median), fill(test, median))
}

/// Right: partial_cmp, a match, filter_map.
pub fn right_partial_cmp(train: &[Option<f64>], test: &[Option<f64>]) -> Out {
    let mut v: Vec<f64> = train.iter().filter_map(|x| *x).collect();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let median = match v.len() {
        0 => 0.0,
        n if n % 2 == 0 => (v[n / 2 - 1] + v[n / 2]) * 0.5,
        n => v[(n - 1) / 2],
    };
    (median, fill(train, median), fill(test, median))
}

/// Right: the lower and upper middles, equal for an odd count.
pub fn right_two_middles(train: &[Option<f64>], test: &[Option<f64>]) -> Out {
    let mut v: Vec<f64> = train.iter().flatten().cloned().collect();
    v.sort_by(f64::total_cmp);
    let median = if v.is_empty() {
        0.0
    } else {
        let (lo, hi) = ((v.len() - 1) / 2, v.len() / 2);
        (v[lo] + v[hi]) / 2.0
    };
    (median, fill(train, median), fill(test, median))
}

/// Wrong: the even-count median off by one (issue 33).
pub fn wrong_off_by_one(train: &[Option<f64>], test: &[Option<f64>]) -> Out {
    let mut v: Vec<f64> = train.iter().flatten().copied().collect();
    v.sort_by(f64::total_cmp);
    let m = v.len();
    let median = match m {
        0 => 0.0,
        _ if m % 2 == 1 => v[m / 2],
        _ => (v[m / 2] + v[(m / 2 + 1).min(m - 1)]) / 2.0,
    };
    (median, fill(train, median), fill(test, median))
}

/// Wrong: the mean.
pub fn wrong_mean(train: &[Option<f64>], test: &[Option<f64>]) -> Out {
    let v: Vec<f64> = train.iter().flatten().copied().collect();
    let median = if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    };
    (median, fill(train, median), fill(test, median))
}

/// Wrong: train and test together.
pub fn wrong_both(train: &[Option<f64>], test: &[Option<f64>]) -> Out {
    let both: Vec<Option<f64>> = train.iter().chain(test).copied().collect();
    let (median, _, _) = right_total_cmp(&both, &[]);
    (median, fill(train, median), fill(test, median))
}

/// Wrong: not sorted.
pub fn wrong_unsorted(train: &[Option<f64>], test: &[Option<f64>]) -> Out {
    let v: Vec<f64> = train.iter().flatten().copied().collect();
    let median = v.get(v.len() / 2).copied().unwrap_or(0.0);
    (median, fill(train, median), fill(test, median))
}

/// Wrong: the holes counted as 0.
pub fn wrong_zeros(train: &[Option<f64>], test: &[Option<f64>]) -> Out {
    let zeros: Vec<Option<f64>> = train.iter().map(|x| Some(x.unwrap_or(0.0))).collect();
    let (median, _, _) = right_total_cmp(&zeros, &[]);
    (median, fill(train, median), fill(test, median))
}
