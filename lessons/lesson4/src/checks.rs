//! One check per lesson-4 exercise. Each takes the function under test and returns `Err` with a
//! message a learner can act on; `tests/homework.rs` runs them on [`crate::homework`], and the
//! unit tests below show that each check passes the reference and rejects plausible mistakes
//! (1 − tanh instead of 1 − tanh², the lecture's tanh overflowing, AND instead of XOR, a curved
//! "line", classes counted from 1, a sphere of radius 16…).

use crate::fns::{Judge2, Judge3, MatFn};
use nalgebra::DMatrix;
use nn_core::Activation;
use nn_course::check::proptest::prelude::*;
use nn_course::check::{
    call, close, differential, differential_unary, entry, inline, matrix, random_matrix, rng,
};
use rand::RngExt;
use rand::rngs::ChaCha8Rng;

/// How `got` compares to `want` on every entry (both finite, within `tol`).
fn same(got: &DMatrix<f64>, want: &DMatrix<f64>, tol: f64) -> bool {
    got.shape() == want.shape()
        && got
            .iter()
            .zip(want.iter())
            .all(|(g, w)| (g - w).abs() <= tol * w.abs().max(1.0))
}

/// Small inputs first (where mistakes show), then large ones (where overflow shows).
fn tanh_inputs(r: &mut ChaCha8Rng) -> Vec<DMatrix<f64>> {
    let mut cases = vec![DMatrix::from_row_slice(
        2,
        3,
        &[-2.0, -0.5, 0.0, 0.5, 2.0, 3.0],
    )];
    cases.extend((0..8).map(|k| random_matrix(r, 1 + k % 4, 1 + k % 3, 4.0)));
    cases.push(DMatrix::from_row_slice(
        1,
        4,
        &[800.0, -800.0, 1000.0, -30.0],
    ));
    cases
}

// ANCHOR: check_hm_tanh
/// `hm_tanh` against `tanh` on small and very large entries.
pub fn check_hm_tanh(f: MatFn) -> Result<(), String> {
    for a in tanh_inputs(&mut rng(41)) {
        let what = format!("hm_tanh(A = {})", inline(&a));
        let got = call(&what, || f(&a))?;
        let want = a.map(f64::tanh);
        close(&what, &got, &want, 1e-12).map_err(|e| {
            let why = if got.iter().any(|v| !v.is_finite()) && a.amax() > 700.0 {
                "e^a overflows to ∞ once a > 709, and (e^a − e^(−a))/(e^a + e^(−a)) becomes ∞/∞ = NaN. \
                 Use f64::tanh (or divide through by e^|a| first): tanh(1000) is simply 1"
            } else if same(&got, &Activation::Sigmoid.apply(&a), 1e-9) {
                "this is the sigmoid 1/(1 + e^(−a)), whose outputs lie in (0, 1); tanh's lie in (−1, 1): \
                 (e^a − e^(−a))/(e^a + e^(−a))"
            } else if same(&got, &Activation::Relu.apply(&a), 1e-9) {
                "this is still ReLU: replace max(0, a) by tanh(a)"
            } else {
                "tanh a = (e^a − e^(−a))/(e^a + e^(−a)); apply it to every entry"
            };
            format!("{e}\n  {why}")
        })?;
    }
    let tanh = |a: &DMatrix<f64>| a.map(f64::tanh);
    let all = matrix(1..=5, 1..=5, entry());
    differential_unary("hm_tanh", f, tanh, all, 1e-12, "tanh a_ij, entry by entry")
}
// ANCHOR_END: check_hm_tanh

/// `calc_r_tanh` against `1 − tanh²` and against central differences of tanh.
pub fn check_calc_r_tanh(f: MatFn) -> Result<(), String> {
    for a in tanh_inputs(&mut rng(42)) {
        let what = format!("calc_r_tanh(A = {})", inline(&a));
        let got = call(&what, || f(&a))?;
        let want = a.map(|v| 1.0 - v.tanh() * v.tanh());
        close(&what, &got, &want, 1e-9).map_err(|e| {
            let h = 1e-6;
            let numeric = a.map(|v| ((v + h).tanh() - (v - h).tanh()) / (2.0 * h));
            let why = if same(&got, &a.map(|v| 1.0 - v.tanh()), 1e-9) {
                "this is 1 − tanh a; the derivative is 1 − tanh² a = 1 − (tanh a)·(tanh a) — square it"
                    .to_string()
            } else if same(&got, &a.map(|v| v.tanh() * v.tanh()), 1e-9) {
                "this is tanh² a; the derivative is 1 − tanh² a".to_string()
            } else if same(&got, &a.map(|v| 1.0 - v * v), 1e-9) {
                "this is 1 − a²: square tanh a (the layer's output x), not a".to_string()
            } else if same(&got, &a.map(f64::tanh), 1e-9) {
                "this is tanh itself, not its derivative".to_string()
            } else if got.iter().any(|v| !v.is_finite()) {
                "a NaN or ∞ appeared: for large |a|, e^a overflows; 4/(e^a + e^(−a))² is 0 there, and \
                 1 − tanh² a never overflows"
                    .to_string()
            } else {
                format!(
                    "the slope of tanh, measured numerically, is {}",
                    inline(&numeric)
                )
            };
            format!("{e}\n  {why}")
        })?;
    }
    differential_unary(
        "calc_r_tanh",
        f,
        |a| a.map(|v| 1.0 - v.tanh() * v.tanh()),
        matrix(1..=5, 1..=5, entry()),
        1e-9,
        "tanh' a = 1 − tanh² a, entry by entry (0 for a large |a|, 1 at a = 0)",
    )
}

/// Points of [−6, 6]² at least `margin` away from both axes.
fn points_off_axes(r: &mut ChaCha8Rng, count: usize, margin: f64) -> Vec<(f64, f64)> {
    let mut pts = Vec::with_capacity(count);
    while pts.len() < count {
        let (x, y) = (r.random_range(-6.0..6.0), r.random_range(-6.0..6.0));
        if f64::abs(x) >= margin && f64::abs(y) >= margin {
            pts.push((x, y));
        }
    }
    pts
}

fn label(what: &str, f: Judge2, x: f64, y: f64) -> Result<usize, String> {
    let l = call(&format!("{what}({x:.3}, {y:.3})"), || f(x, y))?;
    if l > 1 {
        return Err(format!(
            "{what}({x:.3}, {y:.3}) is {l}: a two-class task has the labels 0 and 1"
        ));
    }
    Ok(l)
}

/// XOR-like: labels 0/1, opposite quadrants equal, neighbouring quadrants different.
pub fn check_judge_term_xor(f: Judge2) -> Result<(), String> {
    let w = "judge_term_xor";
    let pts = points_off_axes(&mut rng(43), 2000, 0.25);
    for &(x, y) in &pts {
        let v = label(w, f, x, y)?;
        let opposite = label(w, f, -x, -y)?;
        if opposite != v {
            return Err(format!(
                "{w}({x:.3}, {y:.3}) = {v} but {w}({:.3}, {:.3}) = {opposite}: opposite quadrants must share a label \
                 (XOR is true where exactly one of x > 0, y > 0 holds — quadrants II and IV — never in a single quadrant; \
                 `x > 0 && y > 0` is AND, not XOR)",
                -x, -y
            ));
        }
    }
    for &(x, y) in &pts {
        let v = label(w, f, x, y)?;
        for (nx, ny) in [(-x, y), (x, -y)] {
            let n = label(w, f, nx, ny)?;
            if n == v {
                return Err(format!(
                    "{w}({x:.3}, {y:.3}) = {v} and {w}({nx:.3}, {ny:.3}) = {n}: neighbouring quadrants must get \
                     different labels, so that no straight line can separate the classes"
                ));
            }
        }
    }
    quadrants_about_the_origin(f)
}

/// The distances from an axis the quadrant check uses: from 10⁻¹² (a centre moved off the origin
/// by more than that shows) to the edge of the square.
const OFFSETS: [f64; 14] = [
    1e-12, 1e-9, 1e-6, 1e-3, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.5, 5.0, 6.0,
];

/// The quadrant structure about the stated centre, the origin, checked exactly on a grid that
/// reaches within 10⁻¹² of both axes: every point of a quadrant has that quadrant's label
/// (the label at (±1, ±1)), which is what a centre moved off the origin, or a curved quadrant
/// edge, breaks.
fn quadrants_about_the_origin(f: Judge2) -> Result<(), String> {
    let w = "judge_term_xor";
    for (sx, sy, name) in [
        (1.0, 1.0, "I"),
        (-1.0, 1.0, "II"),
        (-1.0, -1.0, "III"),
        (1.0, -1.0, "IV"),
    ] {
        let own = label(w, f, sx, sy)?;
        for &dx in &OFFSETS {
            for &dy in &OFFSETS {
                let (x, y) = (sx * dx, sy * dy);
                let l = label(w, f, x, y)?;
                if l != own {
                    return Err(format!(
                        "{w}({x:e}, {y:e}) = {l} but {w}({sx}, {sy}) = {own}: both points are in \
                         quadrant {name}, and the label depends only on the quadrant about the \
                         origin (0, 0) — the sign of x and the sign of y. Points this close to an \
                         axis show a centre moved off the origin (x − c or y − c) or a curved edge"
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Linearly separable: labels 0/1, both classes cover at least 5% of the square, and each class
/// is convex (every point between two points of a class belongs to it) — which for two classes
/// filling the square means a straight boundary.
pub fn check_judge_term_linear(f: Judge2) -> Result<(), String> {
    let w = "judge_term_linear";
    let mut r = rng(44);
    let pts: Vec<(f64, f64)> = (0..3000)
        .map(|_| (r.random_range(-6.0..6.0), r.random_range(-6.0..6.0)))
        .collect();
    let mut labels = Vec::with_capacity(pts.len());
    for &(x, y) in &pts {
        labels.push(label(w, f, x, y)?);
    }
    let ones = labels.iter().filter(|&&l| l == 1).count();
    let share = ones as f64 / labels.len() as f64;
    if !(0.05..=0.95).contains(&share) {
        return Err(format!(
            "{w} gives label 1 to {:.1}% of the square [−6, 6]²: move the line so that both classes have at \
             least 5% of the points (a line that misses the square leaves a one-class task)",
            100.0 * share
        ));
    }
    straight_boundary(f)?;
    for _ in 0..6000 {
        let (i, j) = (r.random_range(0..pts.len()), r.random_range(0..pts.len()));
        if labels[i] != labels[j] {
            continue;
        }
        let s: f64 = r.random_range(0.0..1.0);
        let (p, q) = (pts[i], pts[j]);
        let m = (p.0 + s * (q.0 - p.0), p.1 + s * (q.1 - p.1));
        let lm = label(w, f, m.0, m.1)?;
        if lm != labels[i] {
            return Err(format!(
                "({:.3}, {:.3}) and ({:.3}, {:.3}) both have label {}, but ({:.3}, {:.3}), on the segment between \
                 them, has label {lm}: with a straight boundary each side is convex, so your boundary is curved \
                 (a circle? a parabola?) or made of several pieces",
                p.0, p.1, q.0, q.1, labels[i], m.0, m.1
            ));
        }
    }
    Ok(())
}

/// The point where the label changes on the segment from `p` to `q` (whose labels differ),
/// found by bisection to within 10⁻¹³ of the boundary.
fn bisect(f: Judge2, p: (f64, f64), q: (f64, f64)) -> Result<(f64, f64), String> {
    let w = "judge_term_linear";
    let lp = label(w, f, p.0, p.1)?;
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    let at = |s: f64| (p.0 + s * (q.0 - p.0), p.1 + s * (q.1 - p.1));
    while hi - lo > 1e-14 {
        let mid = 0.5 * (lo + hi);
        let (x, y) = at(mid);
        if label(w, f, x, y)? == lp {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(at(0.5 * (lo + hi)))
}

/// The boundary checked exactly: along 25 vertical and 25 horizontal lines through the square
/// the label changes at most once, the points where it changes (found by bisection) all lie on
/// one straight line — a bend anywhere between them shows as a point off that line.
fn straight_boundary(f: Judge2) -> Result<(), String> {
    let w = "judge_term_linear";
    let mut boundary: Vec<(f64, f64)> = Vec::new();
    for k in 0..25 {
        let c = -6.0 + 0.5 * k as f64;
        for (p, q, line) in [
            ((c, -6.0), (c, 6.0), format!("x = {c}")),
            ((-6.0, c), (6.0, c), format!("y = {c}")),
        ] {
            // The labels along the line, 400 steps: a straight boundary changes it at most once.
            let mut changes = Vec::new();
            let mut last = label(w, f, p.0, p.1)?;
            for s in 1..=400 {
                let t = f64::from(s) / 400.0;
                let (x, y) = (p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1));
                let l = label(w, f, x, y)?;
                if l != last {
                    changes.push((x, y));
                    last = l;
                }
            }
            if changes.len() > 1 {
                let at: Vec<String> = changes
                    .iter()
                    .map(|(x, y)| format!("({x:.3}, {y:.3})"))
                    .collect();
                return Err(format!(
                    "along the line {line} your label changes {} times (near {}); a straight \
                     boundary crosses a line at most once, so yours is curved (a circle? a \
                     parabola?) or made of several pieces",
                    changes.len(),
                    at.join(", ")
                ));
            }
            if label(w, f, p.0, p.1)? != label(w, f, q.0, q.1)? {
                boundary.push(bisect(f, p, q)?);
            }
        }
    }
    // The two boundary points farthest apart define the line; every other must lie on it.
    let mut far = (0, 0, 0.0);
    for i in 0..boundary.len() {
        for j in i + 1..boundary.len() {
            let d = (boundary[i].0 - boundary[j].0).hypot(boundary[i].1 - boundary[j].1);
            if d > far.2 {
                far = (i, j, d);
            }
        }
    }
    let (a, b, length) = far;
    if length < 1.0 {
        return Ok(());
    }
    let (p, q) = (boundary[a], boundary[b]);
    for &r in &boundary {
        let off = ((q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0)).abs() / length;
        if off > 1e-7 {
            return Err(format!(
                "your boundary passes through ({:.6}, {:.6}), ({:.6}, {:.6}) and ({:.6}, {:.6}) \
                 (found by bisection, where the label changes), but these are not on one straight \
                 line: the third is {off:.2e} off the line through the other two. A linearly \
                 separable task needs a straight boundary p·x + q·y + r = 0; yours bends",
                p.0, p.1, q.0, q.1, r.0, r.1
            ));
        }
    }
    Ok(())
}

/// Ways to get the 4-class labelling wrong, with what to tell the learner.
const FOUR_CLASS_MISTAKES: [(&str, Judge3); 6] = [
    (
        "your labels are the lecture's class numbers 1–4; here classes are counted from 0 (label = class − 1)",
        |x, y, z| reference_4class(x, y, z) + 1,
    ),
    (
        "inside and outside the sphere are swapped: inside is x² + y² + z² < 16",
        |x, y, z| reference_4class(x, y, z) ^ 2,
    ),
    (
        "above and below the paraboloid are swapped: above is z > (x² + y²)/10",
        |x, y, z| reference_4class(x, y, z) ^ 1,
    ),
    (
        "the sphere x² + y² + z² = 16 has radius 4: compare x² + y² + z² with 16 (not with 4)",
        |x, y, z| {
            let inside = x * x + y * y + z * z < 4.0;
            let above = z > (x * x + y * y) / 10.0;
            2 * usize::from(!inside) + usize::from(!above)
        },
    ),
    (
        "x * x + y * y / 10.0 divides only y² by 10: write (x * x + y * y) / 10.0, with the parentheses",
        |x, y, z| {
            let inside = x * x + y * y + z * z < 16.0;
            let above = z > x * x + y * y / 10.0;
            2 * usize::from(!inside) + usize::from(!above)
        },
    ),
    (
        "the paraboloid is z = (x² + y²)/10: divide by 10",
        |x, y, z| {
            let inside = x * x + y * y + z * z < 16.0;
            let above = z > x * x + y * y;
            2 * usize::from(!inside) + usize::from(!above)
        },
    ),
];

fn reference_4class(x: f64, y: f64, z: f64) -> usize {
    nn_data::toy::judge_sphere_paraboloid(x, y, z)
}

/// Points just inside and just outside the sphere and just above and below the paraboloid
/// (10⁻⁹ to 0.05 away, in every direction), where a radius or a divisor that is almost right
/// shows; compared with the reference.
fn near_the_surfaces(f: Judge3) -> Result<(), String> {
    let w = "judge_term_4class";
    let direction = (-1.0..1.0f64, -1.0..1.0f64, -1.0..1.0f64);
    let gap = prop_oneof![Just(1e-9f64), 1e-6..0.05f64];
    let points = (direction, gap, any::<bool>(), any::<bool>()).prop_map(
        |((a, b, c), gap, sphere, outside)| {
            let sign = if outside { 1.0 } else { -1.0 };
            if sphere {
                let norm = (a * a + b * b + c * c).sqrt().max(1e-3);
                let r = 4.0 + sign * gap;
                (r * a / norm, r * b / norm, r * c / norm)
            } else {
                let (x, y) = (6.0 * a, 6.0 * b);
                (x, y, (x * x + y * y) / 10.0 + sign * gap)
            }
        },
    );
    differential(points, |&(x, y, z)| {
        let what = format!("{w}({x:?}, {y:?}, {z:?})");
        let got = call(&what, || f(x, y, z))?;
        let want = reference_4class(x, y, z);
        if got == want {
            return Ok(());
        }
        Err(format!(
            "{what} is {got} but should be {want}: the point is close to a surface, x² + y² + z² = \
             {:?} (the sphere: 16), z − (x² + y²)/10 = {:?} (the paraboloid: 0); inside is \
             x² + y² + z² < 16, above is z > (x² + y²)/10",
            x * x + y * y + z * z,
            z - (x * x + y * y) / 10.0
        ))
    })
}

/// The 4-class labelling against the reference on hand-picked and random points of the cube.
pub fn check_judge_term_4class(f: Judge3) -> Result<(), String> {
    let w = "judge_term_4class";
    let mut r = rng(45);
    let mut pts = vec![
        (0.0, 0.0, 1.0),
        (0.0, 3.0, 0.0),
        (0.0, 0.0, 5.0),
        (5.0, 5.0, 0.0),
        (1.0, 1.0, -3.0),
    ];
    pts.extend((0..4000).map(|_| {
        (
            r.random_range(-6.0..6.0),
            r.random_range(-6.0..6.0),
            r.random_range(-6.0..6.0),
        )
    }));
    let mut got = Vec::with_capacity(pts.len());
    for &(x, y, z) in &pts {
        got.push(call(&format!("{w}({x:.3}, {y:.3}, {z:.3})"), || {
            f(x, y, z)
        })?);
    }
    let bad = pts
        .iter()
        .zip(&got)
        .position(|(&(x, y, z), &g)| g != reference_4class(x, y, z));
    let Some(i) = bad else {
        return near_the_surfaces(f);
    };
    let (x, y, z) = pts[i];
    let want = reference_4class(x, y, z);
    let why = FOUR_CLASS_MISTAKES
        .iter()
        .find(|(_, m)| pts.iter().zip(&got).all(|(&(x, y, z), &g)| g == m(x, y, z)))
        .map_or(
            "label = 0 inside & above, 1 inside & below, 2 outside & above, 3 outside & below",
            |(why, _)| why,
        );
    Err(format!(
        "{w}({x:.3}, {y:.3}, {z:.3}) is {} but should be {want} (x² + y² + z² = {:.2}, (x² + y²)/10 = {:.2})\n  {why}",
        got[i],
        x * x + y * y + z * z,
        (x * x + y * y) / 10.0
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(r: Result<(), String>) -> String {
        r.expect_err("the check should reject this")
    }

    #[test]
    fn tanh_checks_pass_the_reference_and_reject_mistakes() {
        assert_eq!(check_hm_tanh(|a| a.map(f64::tanh)), Ok(()));
        let lecture = |a: &DMatrix<f64>| a.map(|v| (v.exp() - (-v).exp()) / (v.exp() + (-v).exp()));
        assert!(err(check_hm_tanh(lecture)).contains("∞/∞ = NaN"));
        assert!(err(check_hm_tanh(|a| Activation::Sigmoid.apply(a))).contains("sigmoid"));
        assert!(err(check_hm_tanh(|a| Activation::Relu.apply(a))).contains("still ReLU"));

        let right = |a: &DMatrix<f64>| a.map(|v| 1.0 - v.tanh().powi(2));
        assert_eq!(check_calc_r_tanh(right), Ok(()));
        let long = |a: &DMatrix<f64>| a.map(|v| 4.0 / (v.exp() + (-v).exp()).powi(2));
        assert_eq!(check_calc_r_tanh(long), Ok(()));
        let e = err(check_calc_r_tanh(|a| a.map(|v| 1.0 - v.tanh())));
        assert!(e.contains("square it"), "{e}");
        let e = err(check_calc_r_tanh(|a| a.map(|v| 1.0 - v * v)));
        assert!(e.contains("not a"), "{e}");
        let e = err(check_calc_r_tanh(|a| a.map(f64::tanh)));
        assert!(e.contains("tanh itself"), "{e}");
        let e = err(check_calc_r_tanh(|a| a.map(|v| v.tanh().powi(2))));
        assert!(e.contains("this is tanh²"), "{e}");
    }

    #[test]
    fn xor_check_accepts_both_conventions_and_rejects_and_or_circle() {
        assert_eq!(check_judge_term_xor(nn_data::toy::judge_xor), Ok(()));
        assert_eq!(
            check_judge_term_xor(|x, y| usize::from(x * y > 0.0)),
            Ok(())
        );
        let e = err(check_judge_term_xor(|x, y| usize::from(x > 0.0 && y > 0.0)));
        assert!(e.contains("AND"), "{e}");
        let e = err(check_judge_term_xor(|x, y| {
            nn_data::toy::judge_circle(x, y, 3.0)
        }));
        assert!(e.contains("neighbouring"), "{e}");
        let e = err(check_judge_term_xor(|x, y| {
            usize::from(x > 0.0) + usize::from(y > 0.0)
        }));
        assert!(e.contains("labels 0 and 1"), "{e}");
    }

    #[test]
    fn linear_check_accepts_lines_and_rejects_curves_and_one_class() {
        assert_eq!(check_judge_term_linear(nn_data::toy::judge_linear), Ok(()));
        assert_eq!(
            check_judge_term_linear(|x, y| usize::from(2.0 * x - y < 3.0)),
            Ok(())
        );
        let e = err(check_judge_term_linear(|x, y| {
            nn_data::toy::judge_circle(x, y, 3.0)
        }));
        assert!(e.contains("curved"), "{e}");
        let e = err(check_judge_term_linear(nn_data::toy::judge_xor));
        assert!(e.contains("straight"), "{e}");
        let e = err(check_judge_term_linear(|x, y| {
            usize::from(y > x * x / 6.0 - 2.0)
        }));
        assert!(e.contains("curved"), "{e}");
        let e = err(check_judge_term_linear(|x, _| usize::from(x > 100.0)));
        assert!(e.contains("both classes"), "{e}");
    }

    #[test]
    fn four_class_check_names_each_mistake() {
        assert_eq!(check_judge_term_4class(reference_4class), Ok(()));
        for (why, wrong) in FOUR_CLASS_MISTAKES {
            let e = err(check_judge_term_4class(wrong));
            assert!(e.contains(why), "{e}");
        }
        let e = err(check_judge_term_4class(|_, _, _| 0));
        assert!(e.contains("outside & above"), "{e}");
    }

    /// Issue 33: a bend well inside the square fell between the random segments.
    #[test]
    fn linear_check_rejects_a_slight_bend_and_accepts_steep_and_flat_lines() {
        let e = err(check_judge_term_linear(|x, y| {
            let bend = if x > 1.0 { 0.05 * (x - 1.0) } else { 0.0 };
            usize::from(y > 0.5 * x + 1.0 + bend)
        }));
        assert!(e.contains("not on one straight line"), "{e}");
        let e = err(check_judge_term_linear(|x, y| {
            usize::from(y > 0.5 * x + 1.0 + 0.02 * (x * 0.3).sin())
        }));
        assert!(e.contains("bends") || e.contains("curved"), "{e}");
        for line in [
            (|x, _| usize::from(x > 0.3)) as Judge2,
            |_, y| usize::from(y < -1.7),
            |x, y| usize::from(y > 40.0 * x),
            |x, y| usize::from(0.001 * x + y > 0.5),
            |x, y| usize::from(x + y >= 0.0),
        ] {
            assert_eq!(check_judge_term_linear(line), Ok(()));
        }
    }

    /// Issue 33: a centre moved off the origin passed, no sampled point being near the axes.
    #[test]
    fn xor_check_rejects_a_centre_off_the_origin() {
        for shifted in [
            (|x, y| usize::from((x - 0.1 > 0.0) != (y > 0.0))) as Judge2,
            |x, y| usize::from((x > 0.0) != (y + 0.001 > 0.0)),
            |x, y| usize::from((x - 0.2) * (y - 0.2) < 0.0),
        ] {
            let e = err(check_judge_term_xor(shifted));
            assert!(e.contains("origin"), "{e}");
        }
    }

    /// A radius almost 4, and a paraboloid divided by almost 10: random points of the cube
    /// rarely fall between the two surfaces.
    #[test]
    fn four_class_check_rejects_surfaces_that_are_almost_right() {
        let e = err(check_judge_term_4class(|x, y, z| {
            let inside = x * x + y * y + z * z < 4.0001 * 4.0001;
            let above = z > (x * x + y * y) / 10.0;
            2 * usize::from(!inside) + usize::from(!above)
        }));
        assert!(e.contains("close to a surface"), "{e}");
        let e = err(check_judge_term_4class(|x, y, z| {
            let inside = x * x + y * y + z * z < 16.0;
            let above = z > (x * x + y * y) / 10.001;
            2 * usize::from(!inside) + usize::from(!above)
        }));
        assert!(e.contains("close to a surface"), "{e}");
    }
}
