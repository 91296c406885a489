//! The checks of inverted dropout: the forward pass on fixed uniform numbers (some exactly p, the
//! border case) in training and at test time, and the backward pass with the forward pass's
//! mask.

use crate::mine::{DropoutBackwardFn, DropoutForwardFn};
use nalgebra::DMatrix;
use nn_course::check::proptest::prelude::*;
use nn_course::check::{call, differential, exact};

/// The dropout rate of the check.
const P: f32 = 0.25;

/// A hidden layer's output X (3×4, ReLU-like: some zeros) and the uniform numbers u, with
/// u = p exactly at (1, 2) (kept: only u < p drops).
fn inputs() -> (DMatrix<f32>, DMatrix<f32>) {
    let x = DMatrix::from_row_slice(
        3,
        4,
        &[
            0.5, 0.0, 1.5, 2.0, //
            0.1, 0.7, 0.0, 1.2, //
            3.0, 0.4, 0.9, 0.0, //
        ],
    );
    let u = DMatrix::from_row_slice(
        3,
        4,
        &[
            0.10, 0.80, 0.30, 0.20, //
            0.55, 0.05, P, 0.90, //
            0.40, 0.24, 0.60, 0.01, //
        ],
    );
    (x, u)
}

/// The reference forward pass: `m = 0 if u < p else 1/(1 − p)`, `X̃ = X ⊙ M`; `(X, 1)` at test
/// time.
pub fn reference_forward(
    x: &DMatrix<f32>,
    u: &DMatrix<f32>,
    p: f32,
    training: bool,
) -> (DMatrix<f32>, DMatrix<f32>) {
    if !training {
        return (x.clone(), DMatrix::from_element(x.nrows(), x.ncols(), 1.0));
    }
    let mask = u.map(|v| if v < p { 0.0 } else { 1.0 / (1.0 - p) });
    (x.component_mul(&mask), mask)
}

/// The reference backward pass: `Δ ⊙ M`.
pub fn reference_backward(delta: &DMatrix<f32>, mask: &DMatrix<f32>) -> DMatrix<f32> {
    delta.component_mul(mask)
}

/// Whether `g` is within 1e-6 (relative, for large values) of `w`; NaN never is.
fn near(g: f32, w: f32) -> bool {
    (g - w).abs() <= 1e-6 * w.abs().max(1.0)
}

fn same(a: &DMatrix<f32>, b: &DMatrix<f32>) -> bool {
    a.shape() == b.shape() && a.iter().zip(b.iter()).all(|(&x, &y)| near(x, y))
}

/// The first entry where `got` and `want` differ, as "entry (i, j) is g but should be w".
fn first_difference(got: &DMatrix<f32>, want: &DMatrix<f32>) -> String {
    let (i, j) = (0..want.nrows())
        .flat_map(|i| (0..want.ncols()).map(move |j| (i, j)))
        .find(|&(i, j)| !near(got[(i, j)], want[(i, j)]))
        .unwrap_or((0, 0));
    format!(
        "entry ({}, {}) is {} but should be {} (rows and columns counted from 1)",
        i + 1,
        j + 1,
        got[(i, j)],
        want[(i, j)]
    )
}

/// Names the mistake behind a wrong training mask `got`.
fn which_mask(got: &DMatrix<f32>, u: &DMatrix<f32>) -> &'static str {
    let scaled =
        |keep: f32, drop_below: bool| u.map(|v| if (v < P) == drop_below { 0.0 } else { keep });
    let keep = 1.0 / (1.0 - P);
    if same(got, &scaled(keep, false)) || same(got, &scaled(1.0, false)) {
        "you dropped the units with u ≥ p, which drops them with probability 1 − p; drop unit \
         (i, j) when u_ij < p"
    } else if same(got, &scaled(1.0, true)) {
        "the kept units are not scaled: in training m_ij = 1/(1 − p) for a kept unit, so that \
         E[x̃] = x and the test pass needs no change"
    } else if same(got, &scaled(1.0 - P, true)) {
        "the kept units are scaled by 1 − p; inverted dropout scales them by 1/(1 − p)"
    } else if same(got, &u.map(|v| if v <= P { 0.0 } else { keep })) {
        "u_ij = p exactly is dropped in yours; drop only when u_ij < p"
    } else {
        "m_ij = 0 if u_ij < p, else 1/(1 − p)"
    }
}

// ANCHOR: check_dropout_forward
/// Checks a `dropout_forward(x, u, p, training)` (exercise `dropout_forward`): in training the
/// mask is `0` where `u < p` and `1/(1 − p)` elsewhere and `X̃ = X ⊙ M`; at test time `X̃ = X`
/// and `M = 1`. The message names the mistake it recognizes: dropping where u ≥ p, no scaling,
/// scaling by 1 − p, rescaling or dropping at test time, `X̃` not `X ⊙ M`.
pub fn dropout_forward(f: DropoutForwardFn) -> Result<(), String> {
    let (x, u) = inputs();
    let what = format!("dropout_forward(X 3×4, u 3×4, p = {P}, training = true)");
    let (xt, mask) = call(&what, || f(&x, &u, P, true))?;
    let (want_xt, want_mask) = reference_forward(&x, &u, P, true);
    if mask.shape() != want_mask.shape() || xt.shape() != want_xt.shape() {
        return Err(format!(
            "{what} returned X̃ {}×{} and M {}×{}; both should be 3×4, the shape of X",
            xt.nrows(),
            xt.ncols(),
            mask.nrows(),
            mask.ncols()
        ));
    }
    if !same(&mask, &want_mask) {
        return Err(format!(
            "{what}: the mask's {}; {}",
            first_difference(&mask, &want_mask),
            which_mask(&mask, &u)
        ));
    }
    if !same(&xt, &want_xt) {
        return Err(format!(
            "{what}: X̃'s {}; X̃ = X ⊙ M, each x_ij times its m_ij",
            first_difference(&xt, &want_xt)
        ));
    }
    let what = format!("dropout_forward(X 3×4, u 3×4, p = {P}, training = false)");
    let (xt, mask) = call(&what, || f(&x, &u, P, false))?;
    if !same(&xt, &x) {
        let hint = if same(&xt, &(&x * (1.0 - P))) {
            "you multiplied by 1 − p at test time: that is the old, non-inverted dropout; here \
             training already scaled by 1/(1 − p), so at test time nothing changes"
        } else if same(&xt, &want_xt) || same(&xt, &(&x * (1.0 / (1.0 - P)))) {
            "at test time no unit is dropped and nothing is rescaled: X̃ = X"
        } else {
            "at test time nothing changes: X̃ = X"
        };
        return Err(format!("{what}: X̃'s {}; {hint}", first_difference(&xt, &x)));
    }
    let ones = DMatrix::from_element(3, 4, 1.0);
    if !same(&mask, &ones) {
        return Err(format!(
            "{what}: the mask should be all ones at test time (no unit dropped, none scaled), \
             but its {}",
            first_difference(&mask, &ones)
        ));
    }
    forward_differential(f)
}

/// A matrix on one line with every digit: `[0.5, 0.25; 1.0, 0.0]`.
fn exact32(m: &DMatrix<f32>) -> String {
    exact(&m.map(f64::from))
}

/// Generated `(x, u, p, training)`: 1×1 up to 4×4, p from 0 (nothing dropped) to 0.9, u often
/// exactly p (kept: only u < p drops), x with zeros.
fn dropout_inputs() -> impl Strategy<Value = (DMatrix<f32>, DMatrix<f32>, f32, bool)> {
    (
        1usize..=4,
        1usize..=4,
        prop_oneof![Just(0.0f32), Just(0.5f32), 0.05f32..0.9],
        any::<bool>(),
    )
        .prop_flat_map(|(n, m, p, training)| {
            let x = prop_oneof![Just(0.0f32), -3.0f32..3.0];
            let u = prop_oneof![Just(p), 0.0f32..1.0];
            (
                prop::collection::vec(x, n * m),
                prop::collection::vec(u, n * m),
            )
                .prop_map(move |(x, u)| {
                    (
                        DMatrix::from_row_slice(n, m, &x),
                        DMatrix::from_row_slice(n, m, &u),
                        p,
                        training,
                    )
                })
        })
}

/// The answer against [`reference_forward`] on [`dropout_inputs`].
fn forward_differential(f: DropoutForwardFn) -> Result<(), String> {
    differential(dropout_inputs(), |(x, u, p, training)| {
        let what = format!(
            "dropout_forward(X = {}, u = {}, p = {p:?}, training = {training})",
            exact32(x),
            exact32(u)
        );
        let (xt, mask) = call(&what, || f(x, u, *p, *training))?;
        let (want_xt, want_mask) = reference_forward(x, u, *p, *training);
        for (name, got, want) in [("M", &mask, &want_mask), ("X̃", &xt, &want_xt)] {
            if !same(got, want) {
                return Err(format!(
                    "{what}: {name} is {} but should be {}; in training m_ij = 0 if u_ij < p, \
                     else 1/(1 − p), and X̃ = X ⊙ M; at test time M = 1 and X̃ = X",
                    exact32(got),
                    exact32(want)
                ));
            }
        }
        Ok(())
    })
}
// ANCHOR_END: check_dropout_forward

// ANCHOR: check_dropout_backward
/// Checks a `dropout_backward(delta, mask)` (exercise `dropout_backward`) against `Δ ⊙ M`, with
/// the mask of the reference forward pass. The message names the mistake it recognizes: the
/// 0/1 pattern without the 1/(1 − p) scale, the scale applied twice, Δ passed through.
pub fn dropout_backward(f: DropoutBackwardFn) -> Result<(), String> {
    let (x, u) = inputs();
    let (_, mask) = reference_forward(&x, &u, P, true);
    let delta = DMatrix::from_fn(3, 4, |i, j| ((i * 4 + j) as f32 * 0.7).sin());
    let what = format!("dropout_backward(Δ 3×4, M 3×4 with p = {P})");
    let got = call(&what, || f(&delta, &mask))?;
    let want = reference_backward(&delta, &mask);
    if got.shape() != want.shape() {
        return Err(format!(
            "{what} is {}×{} but should be 3×4, the shape of Δ",
            got.nrows(),
            got.ncols()
        ));
    }
    if same(&got, &want) {
        return backward_differential(f);
    }
    let pattern = mask.map(|m| if m == 0.0 { 0.0 } else { 1.0 });
    let hint = if same(&got, &delta.component_mul(&pattern)) {
        "the mask already holds 1/(1 − p) for the kept units: multiply Δ by M itself, so the \
         gradient is scaled as the forward pass scaled the output"
    } else if same(&got, &(&want * (1.0 / (1.0 - P)))) {
        "the 1/(1 − p) is applied twice: M already contains it, Δ ⊙ M is all"
    } else if same(&got, &delta) {
        "Δ passed through unchanged: a dropped unit passes no gradient back (its m_ij is 0)"
    } else {
        "∂L/∂x_ij = m_ij · ∂L/∂x̃_ij: Δ ⊙ M, entry by entry"
    };
    Err(format!("{what}: {}; {hint}", first_difference(&got, &want)))
}
// ANCHOR_END: check_dropout_backward

/// The answer against [`reference_backward`] on generated Δ and the masks of generated forward
/// passes.
fn backward_differential(f: DropoutBackwardFn) -> Result<(), String> {
    let cases = dropout_inputs().prop_map(|(x, u, p, training)| {
        let (_, mask) = reference_forward(&x, &u, p, training);
        (x, mask)
    });
    differential(cases, |(delta, mask)| {
        let what = format!(
            "dropout_backward(Δ = {}, M = {})",
            exact32(delta),
            exact32(mask)
        );
        let got = call(&what, || f(delta, mask))?;
        let want = reference_backward(delta, mask);
        if same(&got, &want) {
            return Ok(());
        }
        Err(format!(
            "{what} is {} but should be {}: Δ ⊙ M, entry by entry",
            exact32(&got),
            exact32(&want)
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    type Pair = (DMatrix<f32>, DMatrix<f32>);

    /// Rescales at test time, as the old (non-inverted) dropout does.
    fn rescales_at_test_time(x: &DMatrix<f32>, u: &DMatrix<f32>, p: f32, train: bool) -> Pair {
        if train {
            reference_forward(x, u, p, true)
        } else {
            (
                x * (1.0 - p),
                DMatrix::from_element(x.nrows(), x.ncols(), 1.0),
            )
        }
    }
    fn drops_at_test_time(x: &DMatrix<f32>, u: &DMatrix<f32>, p: f32, _: bool) -> Pair {
        reference_forward(x, u, p, true)
    }
    fn keeps_below_p(x: &DMatrix<f32>, u: &DMatrix<f32>, p: f32, train: bool) -> Pair {
        let m = u.map(|v| if v < p { 1.0 / (1.0 - p) } else { 0.0 });
        if train {
            (x.component_mul(&m), m)
        } else {
            reference_forward(x, u, p, false)
        }
    }
    fn unscaled(x: &DMatrix<f32>, u: &DMatrix<f32>, p: f32, train: bool) -> Pair {
        let m = u.map(|v| if v < p { 0.0 } else { 1.0 });
        if train {
            (x.component_mul(&m), m)
        } else {
            reference_forward(x, u, p, false)
        }
    }
    fn scaled_by_one_minus_p(x: &DMatrix<f32>, u: &DMatrix<f32>, p: f32, t: bool) -> Pair {
        let m = u.map(|v| if v < p { 0.0 } else { 1.0 - p });
        if t {
            (x.component_mul(&m), m)
        } else {
            reference_forward(x, u, p, false)
        }
    }
    fn drops_at_p(x: &DMatrix<f32>, u: &DMatrix<f32>, p: f32, train: bool) -> Pair {
        let m = u.map(|v| if v <= p { 0.0 } else { 1.0 / (1.0 - p) });
        if train {
            (x.component_mul(&m), m)
        } else {
            reference_forward(x, u, p, false)
        }
    }
    fn mask_not_applied(x: &DMatrix<f32>, u: &DMatrix<f32>, p: f32, train: bool) -> Pair {
        let (_, m) = reference_forward(x, u, p, train);
        (x.clone(), m)
    }

    #[test]
    fn forward_passes_the_reference_and_the_solution() {
        assert_eq!(dropout_forward(reference_forward), Ok(()));
        assert_eq!(
            dropout_forward(crate::solution_for_tests::dropout_forward),
            Ok(())
        );
    }

    #[test]
    fn dropout_that_rescales_at_test_time_is_rejected_and_named() {
        let e = dropout_forward(rescales_at_test_time).unwrap_err();
        assert!(e.contains("at test time nothing changes"), "{e}");
        assert!(e.contains("non-inverted"), "{e}");
    }

    #[test]
    fn other_forward_mistakes_are_rejected_with_their_reason() {
        let cases: [(DropoutForwardFn, &str); 6] = [
            (
                drops_at_test_time,
                "no unit is dropped and nothing is rescaled",
            ),
            (keeps_below_p, "drops them with probability 1 − p"),
            (unscaled, "the kept units are not scaled"),
            (scaled_by_one_minus_p, "scaled by 1 − p"),
            (drops_at_p, "u_ij = p exactly"),
            (mask_not_applied, "X̃ = X ⊙ M"),
        ];
        for (f, needle) in cases {
            let e = dropout_forward(f).unwrap_err();
            assert!(e.contains(needle), "expected {needle:?} in {e}");
        }
    }

    fn zero_one_pattern(d: &DMatrix<f32>, m: &DMatrix<f32>) -> DMatrix<f32> {
        d.component_mul(&m.map(|v| if v == 0.0 { 0.0 } else { 1.0 }))
    }
    fn scaled_twice(d: &DMatrix<f32>, m: &DMatrix<f32>) -> DMatrix<f32> {
        d.component_mul(m) * (1.0 / (1.0 - P))
    }
    fn passes_through(d: &DMatrix<f32>, _: &DMatrix<f32>) -> DMatrix<f32> {
        d.clone()
    }

    #[test]
    fn backward_passes_the_reference_and_rejects_mistakes() {
        assert_eq!(dropout_backward(reference_backward), Ok(()));
        assert_eq!(
            dropout_backward(crate::solution_for_tests::dropout_backward),
            Ok(())
        );
        let cases: [(DropoutBackwardFn, &str); 3] = [
            (zero_one_pattern, "multiply Δ by M itself"),
            (scaled_twice, "applied twice"),
            (passes_through, "passes no gradient back"),
        ];
        for (f, needle) in cases {
            let e = dropout_backward(f).unwrap_err();
            assert!(e.contains(needle), "expected {needle:?} in {e}");
        }
    }
}
