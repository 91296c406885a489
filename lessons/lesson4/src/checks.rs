//! One check per lesson-4 exercise. Each takes the function under test and returns `Err` with a
//! message a learner can act on; `tests/homework.rs` runs them on [`crate::homework`], and the
//! unit tests below show that each check passes the reference and rejects plausible mistakes
//! (1 − tanh instead of 1 − tanh², the lecture's tanh overflowing, AND instead of XOR, a curved
//! "line", classes counted from 1, a sphere of radius 16…).

use crate::fns::{Judge2, Judge3, MatFn};
use nalgebra::DMatrix;
use nn_core::Activation;
use nn_course::check::{call, close, inline, random_matrix, rng};
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
    Ok(())
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
    Ok(())
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
    let Some(i) = bad else { return Ok(()) };
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
        assert!(e.contains("convex"), "{e}");
        let e = err(check_judge_term_linear(nn_data::toy::judge_xor));
        assert!(e.contains("convex"), "{e}");
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
}
