//! Learner answers to lesson 5's `stratified_folds`.

/// Right: class by class, one counter.
pub fn right_one_counter(labels: &[usize], k: usize) -> Vec<Vec<usize>> {
    let mut folds = vec![Vec::new(); k];
    let classes = labels.iter().max().map_or(0, |&c| c + 1);
    let mut next = 0;
    for class in 0..classes {
        for (i, &l) in labels.iter().enumerate() {
            if l == class {
                folds[next % k].push(i);
                next += 1;
            }
        }
    }
    folds
}

/// Right: positions sorted by label (a stable sort), then dealt.
pub fn right_sorted_positions(labels: &[usize], k: usize) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..labels.len()).collect();
    order.sort_by_key(|&i| labels[i]);
    let mut folds = vec![Vec::new(); k];
    for (turn, i) in order.into_iter().enumerate() {
        folds[turn % k].push(i);
    }
    folds
}

/// Right: a BTreeMap of classes, each fold's positions sorted at the end.
pub fn right_btreemap(labels: &[usize], k: usize) -> Vec<Vec<usize>> {
    let mut by_class: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (i, &l) in labels.iter().enumerate() {
        by_class.entry(l).or_default().push(i);
    }
    let mut folds = vec![Vec::new(); k];
    let mut g = 0;
    for positions in by_class.values() {
        for &i in positions {
            folds[g].push(i);
            g = (g + 1) % k;
        }
    }
    for f in &mut folds {
        f.sort();
    }
    folds
}

/// Wrong: pushes the labels, not the positions (issue 33).
pub fn wrong_labels(labels: &[usize], k: usize) -> Vec<Vec<usize>> {
    let mut folds = vec![Vec::new(); k];
    let classes = labels.iter().max().map_or(0, |&c| c + 1);
    let mut next = 0;
    for class in 0..classes {
        for &l in labels.iter().filter(|&&l| l == class) {
            folds[next % k].push(l);
            next += 1;
        }
    }
    folds
}

/// Wrong: plain k-fold, positions dealt in order.
pub fn wrong_plain(labels: &[usize], k: usize) -> Vec<Vec<usize>> {
    let mut folds = vec![Vec::new(); k];
    for i in 0..labels.len() {
        folds[i % k].push(i);
    }
    folds
}

/// Wrong: the counter restarts at fold 1 for every class.
pub fn wrong_restarts(labels: &[usize], k: usize) -> Vec<Vec<usize>> {
    let mut folds = vec![Vec::new(); k];
    let classes = labels.iter().max().map_or(0, |&c| c + 1);
    for class in 0..classes {
        let mut next = 0;
        for (i, &l) in labels.iter().enumerate() {
            if l == class {
                folds[next % k].push(i);
                next += 1;
            }
        }
    }
    folds
}

/// Wrong: contiguous chunks.
pub fn wrong_chunks(labels: &[usize], k: usize) -> Vec<Vec<usize>> {
    let n = labels.len();
    let size = n.div_ceil(k).max(1);
    let mut folds = vec![Vec::new(); k];
    for i in 0..n {
        folds[(i / size).min(k - 1)].push(i);
    }
    folds
}
