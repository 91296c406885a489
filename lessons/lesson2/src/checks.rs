//! One check per lesson-2 exercise. Each takes the function under test and returns `Err` with a
//! message a learner can act on; `tests/homework.rs` runs them on [`crate::homework`], and the
//! unit tests below show that each check passes nn-core's implementation and rejects the
//! plausible mistakes (the lecture's doubled cross-entropy derivative among them).

use crate::fns::{BackwardFn, Jacobians, LossDeriv, MatFn};
use nalgebra::DMatrix;
use nn_core::{Activation, loss, one_hot, softmax, softmax_jacobian};
use nn_course::check::proptest::prelude::*;
use nn_course::check::{
    call, close, differential, differential_unary, entry, exact, inline, matrix, moderate,
    random_matrix, rng, shape,
};
use nn_course::reference_forward;
use nn_course::show::sup;
use nn_course::{Example, Forward};
use rand::RngExt;
use rand::rngs::ChaCha8Rng;

/// Softmax outputs and one-hot targets of shape n×m.
fn outputs_and_targets(r: &mut ChaCha8Rng, n: usize, m: usize) -> (DMatrix<f64>, DMatrix<f64>) {
    let x = softmax(&random_matrix(r, n, m, 2.0));
    let labels: Vec<usize> = (0..n).map(|_| r.random_range(0..m)).collect();
    (x, one_hot(&labels, m))
}

/// `∂CE/∂X` against nn-core and against central differences of the cross entropy, each `x_ij`
/// moved on its own.
pub fn check_calc_r_cross_entropy(f: LossDeriv) -> Result<(), String> {
    let mut r = rng(21);
    for k in 0..12 {
        let (n, m) = (1 + k % 4, 2 + k % 3);
        let (x, t) = outputs_and_targets(&mut r, n, m);
        let what = format!(
            "calc_r_cross_entropy(X = {}, T = {})",
            inline(&x),
            inline(&t)
        );
        let got = call(&what, || f(&x, &t))?;
        shape(&what, &got, n, m)?;
        let h = 1e-7;
        let numeric = DMatrix::from_fn(n, m, |i, j| {
            let (mut xp, mut xm) = (x.clone(), x.clone());
            xp[(i, j)] += h;
            xm[(i, j)] -= h;
            (loss::cross_entropy(&xp, &t) - loss::cross_entropy(&xm, &t)) / (2.0 * h)
        });
        close(&what, &got, &loss::calc_r_cross_entropy(&x, &t), 1e-9).map_err(|e| {
            let lecture = loss::calc_r_cross_entropy_lecture(&x, &t);
            let why = if (&got - &lecture).abs().max() < 1e-9 {
                "this is the lecture's version, which adds +t_ik/x_ik for k ≠ j as if the outputs were tied by Σ_j x_ij = 1. \
                 Here each x_ij is its own variable: ∂CE/∂x_ij = −t_ij/(n x_ij). The tie is the softmax Jacobian's job — \
                 counting it here as well doubles every gradient (lesson 2 shows a gradient check catching it)"
                    .to_string()
            } else {
                format!("moving one x_ij at a time, the numerical derivative is {}", inline(&numeric))
            };
            format!("{e}\n  {why}")
        })?;
    }
    calc_r_cross_entropy_differential(f)
}

/// Outputs with exact 0s and 1s (softmax gives 0 when it underflows) beside ordinary and tiny
/// probabilities, 1×1 up to 4×4, and one-hot targets whose 1 can sit on a 0.
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

/// The answer against nn-core's `∂CE/∂X` on [`outputs_with_zeros`].
fn calc_r_cross_entropy_differential(f: LossDeriv) -> Result<(), String> {
    differential(outputs_with_zeros(), |(x, t)| {
        let what = format!("calc_r_cross_entropy(X = {}, T = {})", exact(x), exact(t));
        let got = call(&what, || f(x, t))?;
        shape(&what, &got, x.nrows(), x.ncols())?;
        let want = loss::calc_r_cross_entropy(x, t);
        close(&what, &got, &want, 1e-9).map_err(|e| {
            let why = if got.iter().any(|v| !v.is_finite()) {
                "an output x_ij is exactly 0 (softmax gives 0 when e^(a_ij) underflows), and \
                 −t_ij/(n · 0) is −∞, or NaN where t_ij = 0 too: floor x_ij at 10⁻¹² first, \
                 −t_ij / (n · x_ij.max(1e-12)), as the reference does"
            } else {
                "∂CE/∂x_ij = −t_ij / (n x_ij), with x_ij floored at 10⁻¹²"
            };
            format!(
                "{e}\n  yours:    {}\n  expected: {}\n  {why}",
                exact(&got),
                exact(&want)
            )
        })
    })
}

/// The softmax Jacobians against nn-core and against central differences of softmax.
pub fn check_calc_r_softmax(f: Jacobians) -> Result<(), String> {
    let mut r = rng(22);
    for k in 0..12 {
        let (n, m) = (1 + k % 4, 2 + k % 3);
        let x = softmax(&random_matrix(&mut r, n, m, 2.0));
        let what = format!("calc_r_softmax(X = {})", inline(&x));
        let got = call(&what, || f(&x))?;
        if got.len() != n {
            return Err(format!(
                "{what} returned {} matrices; expected one m×m Jacobian per instance (row), {n}",
                got.len()
            ));
        }
        for (s, (g, want)) in got.iter().zip(softmax_jacobian(&x)).enumerate() {
            close(&format!("{what}, the Jacobian of instance {}", s + 1), g, &want, 1e-12).map_err(|e| {
                let diag_wrong = (0..m).any(|i| (g[(i, i)] - want[(i, i)]).abs() > 1e-12);
                let why = if diag_wrong {
                    "a diagonal entry is wrong: ∂x_i/∂a_i = x_i (1 − x_i) (a_i moves x_i directly and through the sum)"
                } else {
                    "an off-diagonal entry is wrong: ∂x_i/∂a_j = −x_i x_j for i ≠ j"
                };
                format!("{e}\n  {why}")
            })?;
        }
    }
    // Softmax outputs with exact 0s and 1s, and 1×1 up to 5×5.
    let probabilities = matrix(1..=5, 1..=5, entry()).prop_map(|a| softmax(&a));
    differential(probabilities, |x| {
        let what = format!("calc_r_softmax(X = {})", exact(x));
        let got = call(&what, || f(x))?;
        if got.len() != x.nrows() {
            return Err(format!(
                "{what} returned {} matrices; expected one m×m Jacobian per instance (row), {}",
                got.len(),
                x.nrows()
            ));
        }
        for (s, (g, want)) in got.iter().zip(softmax_jacobian(x)).enumerate() {
            close(
                &format!("{what}, the Jacobian of instance {}", s + 1),
                g,
                &want,
                1e-12,
            )
            .map_err(|e| {
                let first = e.lines().next().unwrap_or_default();
                format!(
                    "{first}\n  yours:    {}\n  expected: {}\n  ∂x_i/∂a_j = x_i (δ_ij − x_j): \
                         x_i (1 − x_i) on the diagonal, −x_i x_j off it",
                    exact(g),
                    exact(&want)
                )
            })?;
        }
        Ok(())
    })
}

/// ReLU's derivative on negative, positive and (accepting 0 or 1 there) zero entries.
pub fn check_calc_r_relu(f: MatFn) -> Result<(), String> {
    let mut r = rng(23);
    let mut cases = vec![DMatrix::from_row_slice(
        2,
        3,
        &[-2.0, 0.0, 0.5, 3.0, -0.25, 1.5],
    )];
    cases.extend((0..10).map(|k| random_matrix(&mut r, 1 + k % 4, 1 + k % 3, 5.0)));
    for a in cases {
        let what = format!("calc_r_relu(A = {})", inline(&a));
        let got = call(&what, || f(&a))?;
        shape(&what, &got, a.nrows(), a.ncols())?;
        // At a = 0 ReLU has no derivative; the lecture's 1 (a ≥ 0) and nn-core's 0 are both fine.
        let mut want = Activation::Relu.derivative(&a);
        for (w, (&g, &ai)) in want.iter_mut().zip(got.iter().zip(a.iter())) {
            if ai == 0.0 && (g == 0.0 || g == 1.0) {
                *w = g;
            }
        }
        close(&what, &got, &want, 0.0)
            .map_err(|e| format!("{e}\n  ReLU(a) = a for a > 0 (slope 1) and 0 for a < 0 (slope 0): the derivative is 1 or 0"))?;
    }
    differential(matrix(1..=5, 1..=5, entry()), |a| {
        let what = format!("calc_r_relu(A = {})", exact(a));
        let got = call(&what, || f(a))?;
        shape(&what, &got, a.nrows(), a.ncols())?;
        let mut want = Activation::Relu.derivative(a);
        for (w, (&g, &ai)) in want.iter_mut().zip(got.iter().zip(a.iter())) {
            if ai == 0.0 && (g == 0.0 || g == 1.0) {
                *w = g;
            }
        }
        close(&what, &got, &want, 0.0).map_err(|e| {
            format!(
                "{e}\n  the derivative is 1 where a > 0 (however small or large) and 0 where a < 0"
            )
        })
    })
}

/// The bias gradient against nn-core's `calc_r_bias`, on batches of 2 to 5 and (last) of 1.
pub fn check_calc_r_bias(f: MatFn) -> Result<(), String> {
    let mut r = rng(24);
    for k in 0..11 {
        let (n, m) = if k < 10 {
            (2 + k % 4, 1 + k % 3)
        } else {
            (1, 3)
        };
        let delta = random_matrix(&mut r, n, m, 1.0);
        let what = format!("calc_r_bias(Δ = {})", inline(&delta));
        let got = call(&what, || f(&delta))?;
        if got.shape() == (1, m) && n > 1 {
            return Err(format!(
                "{what} is 1×{m}: ∂L/∂B has the shape of B, n×m — repeat the row of column sums n = {n} times ((1,…,1)ᵀ ⊗ …)"
            ));
        }
        close(&what, &got, &nn_core::calc_r_bias(&delta), 1e-12).map_err(|e| {
            format!("{e}\n  b is added to every instance, so its gradient sums Δ over the batch: every row is (Σ_i δ_i1, Σ_i δ_i2, …)")
        })?;
    }
    differential_unary(
        "calc_r_bias",
        f,
        nn_core::calc_r_bias,
        matrix(1..=5, 1..=5, moderate()),
        1e-12,
        "every row of ∂L/∂B is the column sums of Δ, (Σ_i δ_i1, Σ_i δ_i2, …), over every row i \
         (the last one too)",
    )
}

/// A random network (ReLU hidden layers, softmax output) of `depth` layers on n instances.
fn random_case(r: &mut ChaCha8Rng, depth: usize) -> Example {
    let mut sizes: Vec<usize> = (0..=depth).map(|_| r.random_range(1..5)).collect();
    sizes[depth] = sizes[depth].max(2);
    let n = r.random_range(1..5);
    let x = random_matrix(r, n, sizes[0], 2.0);
    let w = (0..depth)
        .map(|l| random_matrix(r, sizes[l], sizes[l + 1], 1.0))
        .collect();
    let b = (0..depth)
        .map(|l| random_matrix(r, 1, sizes[l + 1], 0.5))
        .collect();
    let labels = (0..n).map(|_| r.random_range(0..sizes[depth])).collect();
    Example { x, labels, w, b }
}

/// The backward loop on the lecture's example and random networks of depth 1–3, against
/// nn-core's [`nn_core::Network::backward`] (itself checked against numerical gradients).
pub fn check_backward(f: BackwardFn) -> Result<(), String> {
    let mut r = rng(25);
    let mut cases = vec![Example::lecture()];
    cases.extend((0..12).map(|k| random_case(&mut r, 1 + k % 3)));
    for ex in cases {
        backward_case(f, ex)?;
    }
    // More random networks, drawn by proptest: a failure shrinks to the shallowest one.
    differential((1usize..=3, 0u64..10_000), |&(depth, seed)| {
        backward_case(f, random_case(&mut rng(seed), depth))
    })
}

/// `backward` on one network against nn-core's backward pass.
fn backward_case(f: BackwardFn, ex: Example) -> Result<(), String> {
    {
        let depth = ex.depth();
        let (t, fwd): (DMatrix<f64>, Forward) = (ex.t(), reference_forward(&ex.x, &ex.w, &ex.b));
        let sizes: Vec<String> = std::iter::once(ex.x.ncols())
            .chain(ex.w.iter().map(|w| w.ncols()))
            .map(|s| s.to_string())
            .collect();
        let what = format!(
            "backward on a {depth}-layer network {} with n = {}",
            sizes.join("-"),
            ex.x.nrows()
        );
        let got = call(&what, || f(&ex.w, &fwd, &t))?;
        if got.delta.len() != depth || got.dw.len() != depth || got.db.len() != depth {
            return Err(format!(
                "{what}: delta, dw and db hold {}, {} and {} matrices; expected one per layer, {depth}",
                got.delta.len(),
                got.dw.len(),
                got.db.len()
            ));
        }
        let mut net = ex.network();
        net.forward(&ex.x).map_err(|e| e.to_string())?;
        net.backward(&ex.x, &t).map_err(|e| e.to_string())?;
        // Layers are counted as in the lecture, l = 1…depth: layer l's Δ^l, ∂L/∂W^l and ∂L/∂B^l
        // are your delta[l − 1], dw[l − 1] and db[l − 1].
        for k in (0..depth).rev() {
            let layer = &net.layers[k];
            let l = k + 1;
            let hint = if l == depth {
                format!(
                    "the last layer's Δ{l_} = ∂CE/∂X{l_} · ∂softmax/∂A{l_} per instance (row s of \
                     calc_r_cross_entropy(&fwd.x[{l}], t) times calc_r_softmax(&fwd.x[{l}])[s]), \
                     which equals (X{l_} − T)/n",
                    l_ = sup(l)
                )
            } else {
                format!(
                    "Δ{l_} = (Δ{n_} W{n_}ᵀ) ⊙ ReLU'(A{l_}): (&delta[{l}] * w[{l}].transpose())\
                     .component_mul(&calc_r_relu(&fwd.a[{k}]))",
                    l_ = sup(l),
                    n_ = sup(l + 1)
                )
            };
            let name = |m: &str| format!("{what}: layer {l} of {depth}, {m}");
            close(&name(&format!("Δ{} (your delta[{k}])", sup(l))), &got.delta[k], &layer.delta, 1e-9).map_err(|e| {
                let doubled = got.delta[k].shape() == layer.delta.shape()
                    && (&got.delta[k] - &layer.delta * 2.0).abs().max() < 1e-9;
                if doubled {
                    format!("{e}\n  it is exactly twice the true Δ: that is what the lecture's ∂CE/∂X does (see `cargo homework hint calc_r_cross_entropy`)")
                } else {
                    format!("{e}\n  {hint}")
                }
            })?;
            close(
                &name(&format!("∂L/∂W{} (your dw[{k}])", sup(l))),
                &got.dw[k],
                &layer.dw,
                1e-9,
            )
            .map_err(|e| {
                format!(
                    "{e}\n  ∂L/∂W{l_} = X{k_}ᵀ Δ{l_}: fwd.x[{k}].transpose() * &delta[{k}]",
                    l_ = sup(l),
                    k_ = sup(k)
                )
            })?;
            let want_db = nn_core::expansion_bias(&layer.db, ex.x.nrows());
            close(
                &name(&format!("∂L/∂B{} (your db[{k}])", sup(l))),
                &got.db[k],
                &want_db,
                1e-9,
            )
            .map_err(|e| {
                format!(
                    "{e}\n  ∂L/∂B{l_} = calc_r_bias(&delta[{k}]): the column sums of Δ{l_} repeated n times",
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
    use crate::fns::{Fns, backward_with, lecture_backward, reference_backward};
    use nn_course::check::rejects;

    /// Issue 33: `−t/(n·x)` without the floor is −∞ or NaN at an output of exactly 0.
    #[test]
    fn calc_r_cross_entropy_rejects_a_missing_floor() {
        let e = check_calc_r_cross_entropy(|x, t| {
            let n = x.nrows() as f64;
            DMatrix::from_fn(x.nrows(), x.ncols(), |i, j| -t[(i, j)] / (n * x[(i, j)]))
        })
        .unwrap_err();
        assert!(e.contains("floor x_ij at 10⁻¹² first"), "{e}");
        assert!(e.contains("generated inputs"), "{e}");
    }

    #[test]
    fn nn_core_passes_every_check() {
        let f = Fns::reference();
        check_calc_r_cross_entropy(f.calc_r_cross_entropy).unwrap();
        check_calc_r_softmax(f.calc_r_softmax).unwrap();
        check_calc_r_relu(f.calc_r_relu).unwrap();
        check_calc_r_bias(f.calc_r_bias).unwrap();
        check_backward(f.backward).unwrap();
    }

    #[test]
    fn calc_r_relu_accepts_the_lectures_choice_at_zero() {
        check_calc_r_relu(|a| a.map(|v| if v >= 0.0 { 1.0 } else { 0.0 })).unwrap();
    }

    #[test]
    fn cross_entropy_derivative_rejects_the_lectures_version_and_a_missing_n() {
        rejects(
            check_calc_r_cross_entropy(loss::calc_r_cross_entropy_lecture),
            "lecture's version",
        );
        rejects(
            check_calc_r_cross_entropy(|x, t| loss::calc_r_cross_entropy(x, t) * x.nrows() as f64),
            "numerical derivative",
        );
    }

    #[test]
    fn softmax_jacobian_rejects_a_wrong_diagonal_and_a_wrong_off_diagonal() {
        // Diagonal x_i instead of x_i (1 − x_i).
        rejects(
            check_calc_r_softmax(|x| {
                let mut j = softmax_jacobian(x);
                for (s, m) in j.iter_mut().enumerate() {
                    for i in 0..x.ncols() {
                        m[(i, i)] = x[(s, i)];
                    }
                }
                j
            }),
            "diagonal entry is wrong",
        );
        // Off-diagonal +x_i x_j.
        rejects(
            check_calc_r_softmax(|x| {
                softmax_jacobian(x)
                    .into_iter()
                    .map(|m| {
                        DMatrix::from_fn(m.nrows(), m.ncols(), |i, j| {
                            if i == j { m[(i, j)] } else { -m[(i, j)] }
                        })
                    })
                    .collect()
            }),
            "off-diagonal entry is wrong",
        );
        rejects(
            check_calc_r_softmax(|x| softmax_jacobian(&x.rows(0, 1).into_owned())),
            "one m×m Jacobian per instance",
        );
    }

    #[test]
    fn calc_r_relu_rejects_all_ones_and_relu_itself() {
        rejects(
            check_calc_r_relu(|a| DMatrix::from_element(a.nrows(), a.ncols(), 1.0)),
            "the derivative is 1 or 0",
        );
        rejects(
            check_calc_r_relu(|a| Activation::Relu.apply(a)),
            "the derivative is 1 or 0",
        );
    }

    #[test]
    fn calc_r_bias_rejects_no_sum_a_mean_and_a_single_row() {
        rejects(check_calc_r_bias(|d| d.clone()), "sums Δ over the batch");
        rejects(
            check_calc_r_bias(|d| nn_core::calc_r_bias(d) / d.nrows() as f64),
            "sums Δ over the batch",
        );
        rejects(
            check_calc_r_bias(|d| DMatrix::from_row_slice(1, d.ncols(), d.row_sum().as_slice())),
            "repeat the row of column sums",
        );
    }

    #[test]
    fn backward_names_layers_from_1_and_the_wrong_x_in_dw() {
        // ∂L/∂W from the layer's own output X^l instead of its input X^(l−1).
        let e = check_backward(|w, fwd, t| {
            let mut g = reference_backward(w, fwd, t);
            for (k, dw) in g.dw.iter_mut().enumerate() {
                *dw = fwd.x[k + 1].transpose() * &g.delta[k];
            }
            g
        })
        .unwrap_err();
        assert!(
            e.contains("layer 2 of 2, ∂L/∂W² (your dw[1])")
                && e.contains("∂L/∂W² = X¹ᵀ Δ²: fwd.x[1].transpose() * &delta[1]"),
            "{e}"
        );
        // Row sums instead of column sums.
        rejects(
            check_calc_r_bias(|d| {
                let s = d.column_sum();
                DMatrix::from_fn(d.nrows(), d.ncols(), |i, _| s[i])
            }),
            "sums Δ over the batch",
        );
    }

    #[test]
    fn backward_rejects_the_lectures_doubling_an_unsummed_bias_and_a_missing_relu() {
        rejects(check_backward(lecture_backward), "exactly twice the true Δ");
        rejects(
            check_backward(|w, fwd, t| {
                let mut g = reference_backward(w, fwd, t);
                g.db = g.delta.clone();
                g
            }),
            "= calc_r_bias(&delta[",
        );
        rejects(
            check_backward(|w, fwd, t| {
                // Forgets ⊙ ReLU'(A^l) in the hidden layers.
                let mut no_relu = fwd.clone();
                no_relu.a.iter_mut().for_each(|a| *a = a.map(|_| 1.0));
                let mut g = backward_with(loss::calc_r_cross_entropy, w, &no_relu, t);
                g.dw.iter_mut()
                    .zip(&fwd.x)
                    .zip(&g.delta)
                    .for_each(|((dw, x), d)| *dw = x.transpose() * d);
                g
            }),
            "⊙ ReLU'(A¹)",
        );
    }
}
