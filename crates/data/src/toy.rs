//! The lectures' toy tasks (lectures 3 and 4), generated from a seed.
//!
//! Points are uniform in the lectures' square [−6, 6]² (or cube [−6, 6]³) and labelled by a
//! `judge_term` function, exactly as the lecture's C++ `judge_term` labels its random points.
//! Everything is `f64`; use [`Dataset::cast`] for another float type.

use crate::dataset::Dataset;
use nalgebra::DMatrix;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// Half the side of the lectures' square/cube: coordinates are drawn from `[−LIMIT, LIMIT)`.
pub const LIMIT: f64 = 6.0;

fn names(class_names: &[&str], labels: &[usize]) -> Vec<String> {
    let mut names: Vec<String> = class_names.iter().map(|s| s.to_string()).collect();
    let needed = labels.iter().max().map_or(0, |&m| m + 1);
    for k in names.len()..needed {
        names.push(format!("class {k}"));
    }
    names
}

/// `n` points uniform in [−6, 6]², labelled by `judge_term(x, y)`.
///
/// `class_names[k]` names label `k`; labels beyond the list get names "class k".
pub fn from_fn_2d(
    n: usize,
    seed: u64,
    judge_term: impl Fn(f64, f64) -> usize,
    class_names: &[&str],
) -> Dataset<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut x = DMatrix::zeros(n, 2);
    let mut labels = Vec::with_capacity(n);
    for i in 0..n {
        let (a, b) = (
            rng.random_range(-LIMIT..LIMIT),
            rng.random_range(-LIMIT..LIMIT),
        );
        x[(i, 0)] = a;
        x[(i, 1)] = b;
        labels.push(judge_term(a, b));
    }
    Dataset {
        x,
        class_names: names(class_names, &labels),
        labels,
        feature_names: vec!["x".into(), "y".into()],
    }
}

/// `n` points uniform in the cube [−6, 6]³, labelled by `judge_term(x, y, z)`.
pub fn from_fn_3d(
    n: usize,
    seed: u64,
    judge_term: impl Fn(f64, f64, f64) -> usize,
    class_names: &[&str],
) -> Dataset<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut x = DMatrix::zeros(n, 3);
    let mut labels = Vec::with_capacity(n);
    for i in 0..n {
        let p: [f64; 3] = std::array::from_fn(|_| rng.random_range(-LIMIT..LIMIT));
        for (j, v) in p.iter().enumerate() {
            x[(i, j)] = *v;
        }
        labels.push(judge_term(p[0], p[1], p[2]));
    }
    Dataset {
        x,
        class_names: names(class_names, &labels),
        labels,
        feature_names: vec!["x".into(), "y".into(), "z".into()],
    }
}

// ANCHOR: judge_circle
/// The circle task's `judge_term`: 1 ("inside") when `x² + y² < radius²`, else 0 ("outside").
pub fn judge_circle(x: f64, y: f64, radius: f64) -> usize {
    usize::from(x * x + y * y < radius * radius)
}
// ANCHOR_END: judge_circle

/// The lectures' "circle" task: label 1 = inside the circle of `radius` about the origin
/// (drawn orange), 0 = outside (drawn blue). With radius 4 about 35% of points are inside.
pub fn circle(n: usize, radius: f64, seed: u64) -> Dataset<f64> {
    from_fn_2d(
        n,
        seed,
        |x, y| judge_circle(x, y, radius),
        &["outside", "inside"],
    )
}

// ANCHOR: judge_xor
/// The XOR-like `judge_term`: 1 when x and y have opposite signs (2nd and 4th quadrants), else 0.
pub fn judge_xor(x: f64, y: f64) -> usize {
    usize::from((x > 0.0) != (y > 0.0))
}
// ANCHOR_END: judge_xor

/// The XOR-like task: quadrants I and III are class 0, II and IV class 1; no straight line
/// separates them, so it needs a hidden layer.
pub fn xor(n: usize, seed: u64) -> Dataset<f64> {
    from_fn_2d(n, seed, judge_xor, &["same sign", "opposite sign"])
}

// ANCHOR: judge_linear
/// The linearly separable `judge_term`: 1 above the line `y = x/2 + 1`, else 0.
pub fn judge_linear(x: f64, y: f64) -> usize {
    usize::from(y > 0.5 * x + 1.0)
}
// ANCHOR_END: judge_linear

/// A linearly separable task: class 1 above the line `y = x/2 + 1` (which misses the origin, so
/// the bias matters), class 0 below.
pub fn linear(n: usize, seed: u64) -> Dataset<f64> {
    from_fn_2d(n, seed, judge_linear, &["below", "above"])
}

/// Names of the four classes of [`sphere_paraboloid`], indexed by label.
pub const SPHERE_PARABOLOID_CLASSES: [&str; 4] = [
    "inside sphere, above paraboloid",
    "inside sphere, below paraboloid",
    "outside sphere, above paraboloid",
    "outside sphere, below paraboloid",
];

// ANCHOR: judge_sphere_paraboloid
/// Lecture 4's homework `judge_term`: sphere `x²+y²+z² = 16`, paraboloid `z = (x²+y²)/10`.
/// The lecture's classes 1–4 are labels 0–3 here: 0 inside & above, 1 inside & below,
/// 2 outside & above, 3 outside & below.
pub fn judge_sphere_paraboloid(x: f64, y: f64, z: f64) -> usize {
    let inside = x * x + y * y + z * z < 16.0;
    let above = z > (x * x + y * y) / 10.0;
    match (inside, above) {
        (true, true) => 0,
        (true, false) => 1,
        (false, true) => 2,
        (false, false) => 3,
    }
}
// ANCHOR_END: judge_sphere_paraboloid

/// Lecture 4's homework: four classes in the cube |x|, |y|, |z| < 6 (see
/// [`judge_sphere_paraboloid`] and [`SPHERE_PARABOLOID_CLASSES`]).
pub fn sphere_paraboloid(n: usize, seed: u64) -> Dataset<f64> {
    from_fn_3d(n, seed, judge_sphere_paraboloid, &SPHERE_PARABOLOID_CLASSES)
}

// ANCHOR: grid_2d
/// The points of a square grid over `[min, max]²` with spacing `step`, one (x, y) per row,
/// x-major as the lecture's `drawing_by_python` loops (`for x … for y …`). Both ends are included
/// when `step` divides the range. An empty matrix if `step ≤ 0` or `max < min`.
pub fn grid_2d(min: f64, max: f64, step: f64) -> DMatrix<f64> {
    let ok = step > 0.0 && max >= min && min.is_finite() && max.is_finite();
    if !ok {
        return DMatrix::zeros(0, 2);
    }
    let k = ((max - min) / step + 1e-9).floor() as usize + 1;
    let coord = |i: usize| min + i as f64 * step;
    DMatrix::from_fn(
        k * k,
        2,
        |r, c| if c == 0 { coord(r / k) } else { coord(r % k) },
    )
}
// ANCHOR_END: grid_2d

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn circle_labels_match_the_rule_and_are_reproducible() {
        let d = circle(2000, 4.0, 1);
        assert_eq!(d.x.shape(), (2000, 2));
        assert!(d.x.iter().all(|v| (-6.0..6.0).contains(v)));
        for i in 0..d.n() {
            let (x, y) = (d.x[(i, 0)], d.x[(i, 1)]);
            assert_eq!(d.labels[i], usize::from(x * x + y * y < 16.0));
        }
        // area ratio π·16/144 ≈ 0.349
        let inside = d.class_counts()[1] as f64 / 2000.0;
        assert!((inside - 0.349).abs() < 0.04, "{inside}");
        assert_eq!(d, circle(2000, 4.0, 1));
        assert_ne!(d.x, circle(2000, 4.0, 2).x);
        assert_eq!(d.class_names, vec!["outside", "inside"]);
    }

    #[test]
    fn xor_and_linear_follow_their_rules() {
        let d = xor(500, 3);
        for i in 0..d.n() {
            assert_eq!(d.labels[i], usize::from(d.x[(i, 0)] * d.x[(i, 1)] < 0.0));
        }
        let c = d.class_counts();
        assert!(c[0] > 180 && c[1] > 180, "{c:?}");
        let l = linear(500, 3);
        for i in 0..l.n() {
            assert_eq!(
                l.labels[i],
                usize::from(l.x[(i, 1)] > l.x[(i, 0)] / 2.0 + 1.0)
            );
        }
    }

    #[test]
    fn sphere_paraboloid_has_four_populated_classes() {
        assert_eq!(judge_sphere_paraboloid(0.0, 0.0, 1.0), 0);
        assert_eq!(judge_sphere_paraboloid(0.0, 3.0, 0.0), 1);
        assert_eq!(judge_sphere_paraboloid(0.0, 0.0, 5.0), 2);
        assert_eq!(judge_sphere_paraboloid(5.0, 5.0, 0.0), 3);
        let d = sphere_paraboloid(4000, 11);
        assert_eq!(d.x.ncols(), 3);
        assert_eq!(d.n_classes(), 4);
        assert!(
            d.class_counts().iter().all(|&c| c > 50),
            "{:?}",
            d.class_counts()
        );
        for i in 0..d.n() {
            assert_eq!(
                d.labels[i],
                judge_sphere_paraboloid(d.x[(i, 0)], d.x[(i, 1)], d.x[(i, 2)])
            );
        }
    }

    #[test]
    fn from_fn_names_extra_classes() {
        let d = from_fn_2d(200, 0, |x, _| if x < -2.0 { 2 } else { 0 }, &["a"]);
        assert_eq!(d.class_names, vec!["a", "class 1", "class 2"]);
        assert_eq!(d.one_hot().ncols(), 3);
        let e = from_fn_3d(10, 0, |_, _, z| usize::from(z > 0.0), &["low", "high"]);
        assert_eq!(e.feature_names, vec!["x", "y", "z"]);
    }

    #[test]
    fn grid_matches_the_lecture_loops() {
        let g = grid_2d(-6.0, 6.0, 1.0);
        assert_eq!(g.nrows(), 169);
        assert_eq!((g[(0, 0)], g[(0, 1)]), (-6.0, -6.0));
        assert_eq!((g[(1, 0)], g[(1, 1)]), (-6.0, -5.0));
        assert_eq!((g[(168, 0)], g[(168, 1)]), (6.0, 6.0));
        assert_eq!(grid_2d(-6.0, 6.0, 0.05).nrows(), 241 * 241);
        assert_eq!(grid_2d(0.0, 1.0, 0.0).nrows(), 0);
    }
}
