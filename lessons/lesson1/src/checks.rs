//! One check per lesson-1 exercise. Each takes the function under test and returns `Err` with a
//! message a learner can act on; `tests/homework.rs` runs them on [`crate::homework`], and the
//! unit tests below show that each check passes nn-core's implementation and rejects plausible
//! mistakes.

use crate::fns::{Act, ExpansionBias, ForwardFn, LossFn, MatrixMulti, reference_forward};
use nalgebra::DMatrix;
use nn_core::{Activation, kron, loss, one_hot, softmax};
use nn_course::check::proptest::prelude::*;
use nn_course::check::{
    call, close, close_scalar, differential, differential_unary, entry, exact, inline, matrix,
    moderate, random_matrix, rng, shape,
};
use nn_course::show::sup;
use rand::RngExt;

/// Products of many shapes (including 1×1 and non-square) against nalgebra's `A B`.
pub fn check_matrix_multi(f: MatrixMulti) -> Result<(), String> {
    let mut r = rng(11);
    let mut shapes = vec![(2, 3, 2), (1, 1, 1), (3, 2, 4), (4, 1, 3)];
    shapes.extend((0..20).map(|_| {
        (
            r.random_range(1..6),
            r.random_range(1..6),
            r.random_range(1..6),
        )
    }));
    for (n, k, m) in shapes {
        let (a, b) = (
            random_matrix(&mut r, n, k, 3.0),
            random_matrix(&mut r, k, m, 3.0),
        );
        let what = format!("matrix_multi(A {n}×{k}, B {k}×{m})");
        let got = call(&what, || f(&a, &b))?;
        shape(&what, &got, n, m)?;
        close(
            &format!("{what} with A = {}, B = {}", inline(&a), inline(&b)),
            &got,
            &(&a * &b),
            1e-12,
        )
        .map_err(|e| format!("{e}\n  c_ij must add a_ik b_kj over every k"))?;
    }
    let pairs = (1usize..=5, 1usize..=5, 1usize..=5).prop_flat_map(|(n, k, m)| {
        (
            matrix(n..=n, k..=k, moderate()),
            matrix(k..=k, m..=m, moderate()),
        )
    });
    differential(pairs, |(a, b)| {
        let what = format!("matrix_multi(A = {}, B = {})", exact(a), exact(b));
        let got = call(&what, || f(a, b))?;
        shape(&what, &got, a.nrows(), b.ncols())?;
        close(&what, &got, &(a * b), 1e-12).map_err(|e| {
            let first = e.lines().next().unwrap_or_default();
            format!(
                "{first}\n  yours:    {}\n  expected: {}\n  c_ij must add a_ik b_kj over every k \
                 (the last row and column of A and B too)",
                exact(&got),
                exact(&(a * b))
            )
        })
    })
}

/// `B = (1,…,1)ᵀ ⊗ b` for several n and m, against nn-core's [`kron`].
pub fn check_expansion_bias(f: ExpansionBias) -> Result<(), String> {
    let mut r = rng(12);
    for (n, m) in [(4, 3), (1, 2), (3, 1), (5, 4), (2, 2)] {
        let b = random_matrix(&mut r, 1, m, 2.0);
        let what = format!("expansion_bias(b = {}, n = {n})", inline(&b));
        let got = call(&what, || f(&b, n))?;
        shape(&what, &got, n, m)?;
        close(
            &what,
            &got,
            &kron(&DMatrix::from_element(n, 1, 1.0), &b),
            0.0,
        )
        .map_err(|e| format!("{e}\n  every one of the n rows is a copy of b"))?;
    }
    differential((matrix(1..=1, 1..=5, entry()), 1usize..=6), |(b, n)| {
        let what = format!("expansion_bias(b = {}, n = {n})", exact(b));
        let got = call(&what, || f(b, *n))?;
        shape(&what, &got, *n, b.ncols())?;
        close(
            &what,
            &got,
            &kron(&DMatrix::from_element(*n, 1, 1.0), b),
            0.0,
        )
        .map_err(|e| format!("{e}\n  every one of the n rows is a copy of b"))
    })
}

/// ReLU on negative, zero and positive entries.
pub fn check_hm_relu(f: Act) -> Result<(), String> {
    let mut r = rng(13);
    let mut cases = vec![DMatrix::from_row_slice(
        2,
        3,
        &[-2.0, 0.0, 0.5, 3.0, -0.25, 1.5],
    )];
    cases.extend((0..10).map(|k| random_matrix(&mut r, 1 + k % 4, 1 + k % 3, 5.0)));
    for a in cases {
        let what = format!("hm_relu(A = {})", inline(&a));
        let got = call(&what, || f(&a))?;
        close(&what, &got, &Activation::Relu.apply(&a), 0.0).map_err(|e| {
            format!("{e}\n  ReLU keeps a positive a_ij as it is and turns the rest into 0")
        })?;
    }
    differential_unary(
        "hm_relu",
        f,
        |a| Activation::Relu.apply(a),
        matrix(1..=5, 1..=5, entry()),
        0.0,
        "ReLU keeps a positive a_ij as it is and turns the rest (0 included) into 0",
    )
}

/// Softmax row by row: ties, a single entry, a single row, non-square shapes, and huge logits
/// that overflow `exp` unless each row's own maximum is subtracted — rows spread over 1500, so
/// that subtracting the row's minimum, mean or first entry overflows too (`e^709` is the
/// largest `f64` power of e), and rows of very different sizes, so that the whole matrix's
/// maximum underflows a row to 0/0.
pub fn check_hm_softmax(f: Act) -> Result<(), String> {
    let mut r = rng(14);
    let mut cases = vec![
        DMatrix::from_row_slice(2, 3, &[1.0, 2.0, 3.0, 0.0, 0.0, 0.0]),
        DMatrix::from_row_slice(3, 2, &[0.5, -1.0, 2.0, 2.0, -3.0, 1.0]),
        DMatrix::from_row_slice(1, 1, &[-4.0]),
        DMatrix::from_row_slice(1, 4, &[2.0, -2.0, 2.0, 0.0]),
    ];
    cases.extend((0..10).map(|k| random_matrix(&mut r, 1 + k % 4, 2 + k % 3, 4.0)));
    cases.push(DMatrix::from_row_slice(
        2,
        3,
        &[1000.0, 1001.0, 999.0, -1000.0, -1002.0, -999.0],
    ));
    cases.push(DMatrix::from_row_slice(
        3,
        3,
        &[0.0, 1500.0, -3.0, -1500.0, 0.0, 2.0, 1.0, 1.5, 0.5],
    ));
    for a in cases {
        let what = format!("hm_softmax(A = {})", inline(&a));
        let got = call(&what, || f(&a))?;
        shape(&what, &got, a.nrows(), a.ncols())?;
        if let Some(i) = (0..got.nrows()).find(|&i| got.row(i).iter().any(|v| !v.is_finite())) {
            let row = a.row(i);
            return Err(format!(
                "{what} gives {}: row {} of A runs from {} to {}, and e^x overflows to ∞ for x > 709 \
                 (or every e^x underflows to 0, and 0/0 is NaN). Subtract each row's own maximum from \
                 that row before exp — not its minimum, its mean, its first entry or the whole \
                 matrix's maximum: only then is every exponent ≤ 0 with one of them exactly 0. The \
                 result does not change",
                inline(&got),
                i + 1,
                row.min(),
                row.max()
            ));
        }
        close(&what, &got, &softmax(&a), 1e-12).map_err(|e| {
            format!("{e}\n  each row is normalised on its own: x_ij = e^(a_ij) / Σ_k e^(a_ik), so every row sums to 1")
        })?;
    }
    differential_unary(
        "hm_softmax",
        f,
        softmax,
        matrix(1..=5, 1..=5, entry()),
        1e-12,
        "each row is normalised on its own, its own maximum subtracted first: x_ij = \
         e^(a_ij − max_k a_ik) / Σ_k e^(a_ik − max_k a_ik)",
    )
}

/// Cross entropy of softmax outputs against one-hot targets, against nn-core.
pub fn check_cross_entropy(f: LossFn) -> Result<(), String> {
    let mut r = rng(15);
    for k in 0..12 {
        let (n, m) = (1 + k % 4, 2 + k % 3);
        let x = softmax(&random_matrix(&mut r, n, m, 3.0));
        let labels: Vec<usize> = (0..n).map(|_| r.random_range(0..m)).collect();
        let t = one_hot(&labels, m);
        let what = format!("cross_entropy(X = {}, T = {})", inline(&x), inline(&t));
        let got = call(&what, || f(&x, &t))?;
        let want = loss::cross_entropy(&x, &t);
        close_scalar(&what, got, want, 1e-10).map_err(|e| {
            let (nf, mf) = (n as f64, m as f64);
            let why = if n > 1 && (got - want * nf).abs() < 1e-9 {
                "it is n times too large: divide the sum by n, the number of rows"
            } else if n > 1 && (got - want * nf / mf).abs() < 1e-9 {
                "you divided by the number of columns m; divide by n, the number of rows (instances)"
            } else if (got - want / mf).abs() < 1e-9 {
                "you divided by n × m, the number of entries; divide by n, the number of rows \
                 (only one entry per row has t_ij = 1)"
            } else if (got + want).abs() < 1e-9 {
                "it has the wrong sign: CE = −(1/n) Σ t log x is never negative"
            } else {
                "CE = −(1/n) Σ_i Σ_j t_ij log x_ij, with the natural logarithm"
            };
            format!("{e}\n  {why}")
        })?;
    }
    cross_entropy_differential(f)
}

/// Outputs with exact 0s and 1s (softmax gives 0 when it underflows, 1 when one entry
/// dominates) beside ordinary and tiny probabilities, 1×1 up to 4×4, and one-hot targets whose
/// 1 can sit on a 0.
fn outputs_with_zeros() -> impl Strategy<Value = (DMatrix<f64>, DMatrix<f64>)> {
    let p = prop_oneof![
        2 => Just(0.0),
        1 => Just(1.0),
        3 => 0.0..1.0f64,
        1 => (-300i32..-1).prop_map(|e| 10f64.powi(e)),
    ];
    matrix(1..=4, 1..=4, p).prop_flat_map(|x| {
        let (n, m) = x.shape();
        prop::collection::vec(0..m, n).prop_map(move |labels| (x.clone(), one_hot(&labels, m)))
    })
}

/// The answer against nn-core's cross entropy on [`outputs_with_zeros`].
fn cross_entropy_differential(f: LossFn) -> Result<(), String> {
    differential(outputs_with_zeros(), |(x, t)| {
        let what = format!("cross_entropy(X = {}, T = {})", exact(x), exact(t));
        let got = call(&what, || f(x, t))?;
        let want = loss::cross_entropy(x, t);
        if (got - want).abs() <= 1e-10 * want.abs().max(1.0) {
            return Ok(());
        }
        let zero = x.iter().zip(t.iter()).any(|(&x, &t)| x == 0.0 && t == 1.0);
        let why = if !got.is_finite() && zero {
            "an output x_ij is exactly 0 where t_ij = 1 (softmax gives 0 when e^(a_ij) \
             underflows), and log 0 = −∞: floor x_ij before the log, x_ij.max(1e-12).ln(), as the \
             reference does"
        } else if !got.is_finite() {
            "0 · log 0 is NaN in floating point: floor x_ij before the log, x_ij.max(1e-12).ln() \
             (or skip the terms where t_ij = 0)"
        } else {
            "CE = −(1/n) Σ_i Σ_j t_ij log x_ij, with x_ij floored at 10⁻¹²"
        };
        Err(format!("{what} is {got:?} but should be {want:?}\n  {why}"))
    })
}

/// The forward loop on random networks of depth 1–3, against nn-core's network.
pub fn check_forward(f: ForwardFn) -> Result<(), String> {
    let mut r = rng(16);
    let ex = crate::Example::lecture();
    let mut cases = vec![(ex.x, ex.w, ex.b)];
    for k in 0..12 {
        let depth = 1 + k % 3;
        let mut sizes: Vec<usize> = (0..=depth).map(|_| r.random_range(1..5)).collect();
        sizes[depth] = sizes[depth].max(2);
        let n = r.random_range(1..5);
        let x0 = random_matrix(&mut r, n, sizes[0], 2.0);
        let w = (0..depth)
            .map(|l| random_matrix(&mut r, sizes[l], sizes[l + 1], 1.0))
            .collect();
        let b = (0..depth)
            .map(|l| random_matrix(&mut r, 1, sizes[l + 1], 0.5))
            .collect();
        cases.push((x0, w, b));
    }
    for (x0, w, b) in cases {
        forward_case(f, x0, w, b)?;
    }
    // More random networks, drawn by proptest: a failure shrinks to the shallowest one.
    differential((1usize..=3, 0u64..10_000), |&(depth, seed)| {
        let r = &mut rng(seed);
        let mut sizes: Vec<usize> = (0..=depth).map(|_| r.random_range(1..5)).collect();
        sizes[depth] = sizes[depth].max(2);
        let n = r.random_range(1..5);
        let x0 = random_matrix(r, n, sizes[0], 2.0);
        let w = (0..depth)
            .map(|l| random_matrix(r, sizes[l], sizes[l + 1], 1.0))
            .collect();
        let b = (0..depth)
            .map(|l| random_matrix(r, 1, sizes[l + 1], 0.5))
            .collect();
        forward_case(f, x0, w, b)
    })
}

/// `forward` on one network against nn-core's forward pass.
fn forward_case(
    f: ForwardFn,
    x0: DMatrix<f64>,
    w: Vec<DMatrix<f64>>,
    b: Vec<DMatrix<f64>>,
) -> Result<(), String> {
    {
        let depth = w.len();
        let sizes: Vec<String> = std::iter::once(x0.ncols())
            .chain(w.iter().map(|w| w.ncols()))
            .map(|s| s.to_string())
            .collect();
        let what = format!(
            "forward on a {}-layer network {} with n = {}",
            depth,
            sizes.join("-"),
            x0.nrows()
        );
        let got = call(&what, || f(&x0, &w, &b))?;
        let want = reference_forward(&x0, &w, &b);
        if got.a.len() != depth || got.x.len() != depth + 1 {
            return Err(format!(
                "{what}: a has {} and x has {} matrices; expected depth = {depth} in a and depth + 1 = {} in x (x[0] is the input X^0)",
                got.a.len(),
                got.x.len(),
                depth + 1
            ));
        }
        close(&format!("{what}: x[0] = X⁰"), &got.x[0], &x0, 0.0)
            .map_err(|e| format!("{e}\n  x[0] is the input X⁰ itself"))?;
        // Layers are counted as in the lecture, l = 1…depth: layer l computes A^l (your a[l − 1])
        // and X^l (your x[l]) from X^(l−1), W^l and b^l (your x[l − 1], w[l − 1], b[l − 1]).
        for k in 0..depth {
            let l = k + 1;
            let h = if l == depth { "softmax" } else { "ReLU" };
            close(
                &format!("{what}: layer {l} of {depth}, A{} (your a[{k}])", sup(l)),
                &got.a[k],
                &want.a[k],
                1e-10,
            )
            .map_err(|e| {
                format!(
                    "{e}\n  A{l_} = X{k_} W{l_} + (1,…,1)ᵀ ⊗ b{l_}, which is \
                     matrix_multi(&x[{k}], &w[{k}]) + expansion_bias(&b[{k}], n)",
                    l_ = sup(l),
                    k_ = sup(k)
                )
            })?;
            close(
                &format!("{what}: layer {l} of {depth}, X{} (your x[{l}])", sup(l)),
                &got.x[l],
                &want.x[l],
                1e-10,
            )
            .map_err(|e| {
                let which = if l == depth {
                    "the last layer"
                } else {
                    "a hidden layer"
                };
                format!(
                    "{e}\n  layer {l} of {depth} is {which}: X{l_} = {h}(A{l_})",
                    l_ = sup(l)
                )
            })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Forward;
    use crate::fns::{Fns, reference_expansion_bias};
    use nn_course::check::rejects;

    #[test]
    fn nn_core_passes_every_check() {
        let f = Fns::reference();
        check_matrix_multi(f.matrix_multi).unwrap();
        check_expansion_bias(f.expansion_bias).unwrap();
        check_hm_relu(f.hm_relu).unwrap();
        check_hm_softmax(f.hm_softmax).unwrap();
        check_cross_entropy(f.cross_entropy).unwrap();
        check_forward(f.forward).unwrap();
    }

    #[test]
    fn matrix_multi_rejects_a_missing_sum_and_swapped_shapes() {
        // Overwrites instead of accumulating: only the last k survives.
        rejects(
            check_matrix_multi(|a, b| {
                DMatrix::from_fn(a.nrows(), b.ncols(), |i, j| {
                    a[(i, a.ncols() - 1)] * b[(b.nrows() - 1, j)]
                })
            }),
            "over every k",
        );
        rejects(
            check_matrix_multi(|a, b| b.transpose() * a.transpose()),
            "entry (2, 1)",
        );
        rejects(check_matrix_multi(|a, b| a.component_mul(b)), "panicked");
    }

    #[test]
    fn expansion_bias_rejects_one_row_and_a_transpose() {
        rejects(
            check_expansion_bias(|b, n| {
                let mut m = DMatrix::zeros(n, b.ncols());
                m.row_mut(0).copy_from(&b.row(0));
                m
            }),
            "copy of b",
        );
        rejects(
            check_expansion_bias(|b, n| kron(&b.transpose(), &DMatrix::from_element(1, n, 1.0))),
            "should be 4×3",
        );
    }

    #[test]
    fn hm_relu_rejects_identity_abs_and_the_derivative() {
        rejects(check_hm_relu(|a| a.clone()), "turns the rest into 0");
        rejects(
            check_hm_relu(|a| a.abs()),
            "entry (1, 1) is 2 but should be 0",
        );
        rejects(
            check_hm_relu(|a| Activation::Relu.derivative(a)),
            "is 1 but should be 3",
        );
    }

    #[test]
    fn hm_softmax_rejects_overflow_columns_and_whole_matrix() {
        rejects(
            check_hm_softmax(|a| {
                let e = a.map(f64::exp);
                let mut x = e.clone();
                for (i, mut row) in x.row_iter_mut().enumerate() {
                    row /= e.row(i).sum();
                }
                x
            }),
            "Subtract each row's own maximum",
        );
        rejects(
            check_hm_softmax(|a| softmax(&a.transpose()).transpose()),
            "every row sums to 1",
        );
        rejects(
            check_hm_softmax(|a| a.map(f64::exp) / a.map(f64::exp).sum()),
            "every row sums to 1",
        );
    }

    /// Softmax with `c(row)` subtracted from each row before exp.
    fn softmax_shifted(a: &DMatrix<f64>, c: fn(&[f64]) -> f64) -> DMatrix<f64> {
        let mut x = a.clone();
        for i in 0..a.nrows() {
            let row: Vec<f64> = a.row(i).iter().copied().collect();
            let shift = c(&row);
            let e: Vec<f64> = row.iter().map(|v| (v - shift).exp()).collect();
            let sum: f64 = e.iter().sum();
            for (j, v) in e.iter().enumerate() {
                x[(i, j)] = v / sum;
            }
        }
        x
    }

    fn row_min(r: &[f64]) -> f64 {
        r.iter().copied().fold(f64::INFINITY, f64::min)
    }
    fn row_max(r: &[f64]) -> f64 {
        r.iter().copied().fold(f64::NEG_INFINITY, f64::max)
    }
    fn row_mean(r: &[f64]) -> f64 {
        r.iter().sum::<f64>() / r.len() as f64
    }
    fn row_first(r: &[f64]) -> f64 {
        r[0]
    }

    #[test]
    fn hm_softmax_rejects_subtracting_anything_but_each_rows_maximum() {
        for wrong in [
            check_hm_softmax(|a| softmax_shifted(a, row_min)),
            check_hm_softmax(|a| softmax_shifted(a, row_mean)),
            check_hm_softmax(|a| softmax_shifted(a, row_first)),
            // The whole matrix's maximum: the rows far below it underflow to 0/0.
            check_hm_softmax(|a| {
                let max = a.max();
                let e = a.map(|v| (v - max).exp());
                let mut x = e.clone();
                for (i, mut row) in x.row_iter_mut().enumerate() {
                    row /= e.row(i).sum();
                }
                x
            }),
        ] {
            rejects(wrong, "not its minimum, its mean, its first entry");
        }
        // The reference's own way passes.
        check_hm_softmax(|a| softmax_shifted(a, row_max)).unwrap();
    }

    #[test]
    fn cross_entropy_rejects_missing_mean_and_sign() {
        rejects(
            check_cross_entropy(|x, t| loss::cross_entropy(x, t) * x.nrows() as f64),
            "divide the sum by n",
        );
        rejects(
            check_cross_entropy(|x, t| -loss::cross_entropy(x, t)),
            "wrong sign",
        );
        rejects(
            check_cross_entropy(|x, t| loss::cross_entropy(x, t) / std::f64::consts::LN_10),
            "natural logarithm",
        );
        rejects(
            check_cross_entropy(|x, t| {
                loss::cross_entropy(x, t) * x.nrows() as f64 / x.ncols() as f64
            }),
            // With n = 1 (the first case) dividing by m and by n × m are the same mistake.
            "divide by n, the number of rows",
        );
        rejects(
            check_cross_entropy(|x, t| loss::cross_entropy(x, t) / x.ncols() as f64),
            "divided by n × m",
        );
    }

    /// Issue 33: without the floor, an output of exactly 0 makes log 0 = −∞ (or 0 · −∞ = NaN).
    #[test]
    fn cross_entropy_rejects_a_missing_log_floor() {
        let e = check_cross_entropy(|x, t| {
            let mut sum = 0.0;
            for i in 0..x.nrows() {
                for j in 0..x.ncols() {
                    sum += t[(i, j)] * x[(i, j)].ln();
                }
            }
            -sum / x.nrows() as f64
        })
        .unwrap_err();
        assert!(e.contains("floor x_ij before the log"), "{e}");
        assert!(e.contains("generated inputs"), "{e}");
    }

    #[test]
    fn forward_rejects_relu_at_the_output_missing_bias_and_wrong_lengths() {
        rejects(
            check_forward(|x0, w, b| {
                let mut f = reference_forward(x0, w, b);
                let last = f.a.len() - 1;
                f.x[last + 1] = Activation::Relu.apply(&f.a[last]);
                f
            }),
            "is the last layer: X² = softmax(A²)",
        );
        // Softmax in every layer: the first case (the lecture's 2-layer network) names layer 1.
        rejects(
            check_forward(|x0, w, b| {
                let mut f = reference_forward(x0, w, b);
                for k in 0..f.a.len() {
                    f.x[k + 1] = softmax(&f.a[k]);
                }
                f
            }),
            "layer 1 of 2 is a hidden layer: X¹ = ReLU(A¹)",
        );
        // Each layer's output from the previous layer's A instead of its X (ReLU skipped).
        rejects(
            check_forward(|x0, w, b| {
                let mut x = x0.clone();
                let mut f = Forward {
                    a: Vec::new(),
                    x: vec![x0.clone()],
                };
                for k in 0..w.len() {
                    let a = &x * &w[k] + reference_expansion_bias(&b[k], x0.nrows());
                    x = a.clone();
                    f.x.push(if k + 1 == w.len() {
                        softmax(&a)
                    } else {
                        a.clone()
                    });
                    f.a.push(a);
                }
                f
            }),
            "X¹ = ReLU(A¹)",
        );
        rejects(
            check_forward(|x0, w, _b| {
                let zeros: Vec<_> = w.iter().map(|w| DMatrix::zeros(1, w.ncols())).collect();
                reference_forward(x0, w, &zeros)
            }),
            "A¹ = X⁰ W¹ + (1,…,1)ᵀ ⊗ b¹, which is matrix_multi(&x[0], &w[0]) + expansion_bias(&b[0], n)",
        );
        rejects(
            check_forward(|x0, w, b| {
                let f = reference_forward(x0, w, b);
                Forward {
                    a: f.a,
                    x: f.x[1..].to_vec(),
                }
            }),
            "x[0] is the input",
        );
    }
}
