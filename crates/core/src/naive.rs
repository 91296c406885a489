//! The lectures' routines over `Vec<Vec<f64>>` (the C++ `vvd`), written with the same index loops
//! so they can be read beside the original notes. The rest of nn-core does the same with nalgebra;
//! property tests show the two agree.
//!
//! Like the C++ they assume well-formed rectangular input (these are teaching routines, not an
//! API for user data).

// The index loops are the point of this module: they mirror the C++ of the notes.
#![allow(clippy::needless_range_loop)]

/// A matrix as a vector of rows (the lectures' `vvd`).
pub type Vvd = Vec<Vec<f64>>;
/// A tensor as a vector of matrices (the lectures' `vvvd`).
pub type Vvvd = Vec<Vvd>;

// ANCHOR: naive_matrix_multi
/// `C = A B` by the triple loop `c_ij = Σ_k a_ik b_kj`.
pub fn matrix_multi(a: &Vvd, b: &Vvd) -> Vvd {
    let (n, k, m) = (a.len(), b.len(), b[0].len());
    let mut c = vec![vec![0.0; m]; n];
    for i in 0..n {
        for j in 0..m {
            for l in 0..k {
                c[i][j] += a[i][l] * b[l][j];
            }
        }
    }
    c
}
// ANCHOR_END: naive_matrix_multi

/// `C = A + B` element by element.
pub fn matrix_add(a: &Vvd, b: &Vvd) -> Vvd {
    let mut c = a.clone();
    for i in 0..a.len() {
        for j in 0..a[0].len() {
            c[i][j] += b[i][j];
        }
    }
    c
}

// ANCHOR: naive_expansion_bias
/// `B = (1,…,1)ᵀ ⊗ b`: the 1×m row `b` (as a 1-row `vvd`) repeated n times.
pub fn expansion_bias(b: &Vvd, n: usize) -> Vvd {
    let mut ret = vec![vec![0.0; b[0].len()]; n];
    for row in ret.iter_mut() {
        row.copy_from_slice(&b[0]);
    }
    ret
}
// ANCHOR_END: naive_expansion_bias

/// `ReLU(a) = a` for `a > 0`, else 0, element-wise.
pub fn hm_relu(a: &Vvd) -> Vvd {
    let mut x = a.clone();
    for row in x.iter_mut() {
        for v in row.iter_mut() {
            if *v <= 0.0 {
                *v = 0.0;
            }
        }
    }
    x
}

/// `tanh(a)` element-wise.
pub fn hm_tanh(a: &Vvd) -> Vvd {
    let (n, m) = (a.len(), a[0].len());
    let mut x = vec![vec![0.0; m]; n];
    for i in 0..n {
        for j in 0..m {
            x[i][j] = a[i][j].tanh();
        }
    }
    x
}

/// Row-wise softmax `x_ij = e^(a_ij − max_k a_ik) / Σ_k e^(a_ik − max_k a_ik)`.
pub fn hm_softmax(a: &Vvd) -> Vvd {
    let (n, m) = (a.len(), a[0].len());
    let mut x = vec![vec![0.0; m]; n];
    for i in 0..n {
        let max = a[i].iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let mut sum = 0.0;
        for j in 0..m {
            x[i][j] = (a[i][j] - max).exp();
            sum += x[i][j];
        }
        for j in 0..m {
            x[i][j] /= sum;
        }
    }
    x
}

/// `CE = −(1/n) Σ_i Σ_j t_ij log x_ij` (with `x_ij` floored at 10⁻¹²).
pub fn cross_entropy(x: &Vvd, t: &Vvd) -> f64 {
    let n = x.len();
    let mut sum = 0.0;
    for i in 0..n {
        for j in 0..x[0].len() {
            sum += t[i][j] * x[i][j].max(crate::loss::LOG_FLOOR).ln();
        }
    }
    -sum / n as f64
}

// ANCHOR: naive_calc_r_cross_entropy
/// `∂CE/∂x_sj = −t_sj / (n x_sj)`: the correct derivative (the lectures' version adds
/// `+t_sk/x_sk` for k ≠ j, which doubles Δ^K; see [`crate::loss::calc_r_cross_entropy_lecture`]).
pub fn calc_r_cross_entropy(x: &Vvd, t: &Vvd) -> Vvd {
    let (n, m) = (x.len(), x[0].len());
    let mut tmp = vec![vec![0.0; m]; n];
    for s in 0..n {
        for j in 0..m {
            tmp[s][j] = -t[s][j] / x[s][j].max(crate::loss::LOG_FLOOR) / n as f64;
        }
    }
    tmp
}
// ANCHOR_END: naive_calc_r_cross_entropy

// ANCHOR: naive_calc_r_softmax
/// The softmax Jacobians, one m×m matrix per instance s:
/// `∂x_si/∂a_sj = x_si(1 − x_sj)` for i = j, `x_si(0 − x_sj)` for i ≠ j.
pub fn calc_r_softmax(x: &Vvd) -> Vvvd {
    let (n, m) = (x.len(), x[0].len());
    let mut ret = vec![vec![vec![0.0; m]; m]; n];
    for s in 0..n {
        for i in 0..m {
            for j in 0..m {
                if i == j {
                    ret[s][i][j] = x[s][i] * (1.0 - x[s][j]);
                } else {
                    ret[s][i][j] = x[s][i] * (0.0 - x[s][j]);
                }
            }
        }
    }
    ret
}
// ANCHOR_END: naive_calc_r_softmax

// ANCHOR: naive_calc_r_relu
/// ReLU's derivative: 1 where `a > 0`, else 0 (the notes write `a ≥ 0`; at exactly 0 no
/// derivative exists and 0 matches the nalgebra path).
pub fn calc_r_relu(a: &Vvd) -> Vvd {
    let (n, m) = (a.len(), a[0].len());
    let mut tmp = vec![vec![0.0; m]; n];
    for s in 0..n {
        for j in 0..m {
            if a[s][j] > 0.0 {
                tmp[s][j] = 1.0;
            }
        }
    }
    tmp
}
// ANCHOR_END: naive_calc_r_relu

// ANCHOR: naive_calc_r_tanh
/// tanh's derivative `1 − tanh²(a)`.
pub fn calc_r_tanh(a: &Vvd) -> Vvd {
    let (n, m) = (a.len(), a[0].len());
    let mut tmp = vec![vec![0.0; m]; n];
    for s in 0..n {
        for j in 0..m {
            let th = a[s][j].tanh();
            tmp[s][j] = 1.0 - th * th;
        }
    }
    tmp
}
// ANCHOR_END: naive_calc_r_tanh

// ANCHOR: naive_calc_r_bias
/// `∂L/∂B = (1,…,1)ᵀ ⊗ (Σ_i δ_i1, Σ_i δ_i2, …)`: column sums of Δ expanded back to n rows.
pub fn calc_r_bias(delta: &Vvd) -> Vvd {
    let (n, m) = (delta.len(), delta[0].len());
    let mut rb = vec![vec![0.0; m]; 1];
    for j in 0..m {
        for row in delta.iter() {
            rb[0][j] += row[j];
        }
    }
    expansion_bias(&rb, n)
}
// ANCHOR_END: naive_calc_r_bias

/// Converts a nalgebra matrix into rows.
pub fn to_vvd(m: &nalgebra::DMatrix<f64>) -> Vvd {
    m.row_iter().map(|r| r.iter().cloned().collect()).collect()
}

/// Converts rows into a nalgebra matrix (rows must all have the same length).
pub fn from_vvd(v: &Vvd) -> nalgebra::DMatrix<f64> {
    let m = v.first().map_or(0, |r| r.len());
    nalgebra::DMatrix::from_fn(v.len(), m, |i, j| v[i][j])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Activation, activation, loss, matrix};
    use nalgebra::{DMatrix, RowDVector};
    use proptest::prelude::*;

    /// Equal up to rounding: 1e-12 relative to the entry's size (at least 1). ∂CE/∂X reaches
    /// 1/x ≈ 10⁴ for a small softmax output, where the two routes' orders of operations differ
    /// by more than 1e-12 absolute.
    fn close(a: &Vvd, b: &DMatrix<f64>) -> bool {
        let a = from_vvd(a);
        a.shape() == b.shape()
            && a.iter()
                .zip(b.iter())
                .all(|(x, y)| (x - y).abs() <= 1e-12 * y.abs().max(1.0))
    }

    fn matrix_strategy() -> impl Strategy<Value = DMatrix<f64>> {
        (1usize..6, 1usize..6).prop_flat_map(|(r, c)| {
            prop::collection::vec(-5.0f64..5.0, r * c).prop_map(move |v| DMatrix::from_vec(r, c, v))
        })
    }

    proptest! {
        #[test]
        fn naive_routines_equal_the_nalgebra_path(a in matrix_strategy(), k in 1usize..5, seed in 0u64..100) {
            let (n, m) = a.shape();
            let b = DMatrix::from_fn(m, k, |i, j| ((i * 7 + j * 3) as f64 + seed as f64).cos());
            let av = to_vvd(&a);
            prop_assert!(close(&matrix_multi(&av, &to_vvd(&b)), &(&a * &b)));
            prop_assert!(close(&matrix_add(&av, &av), &(&a + &a)));
            let brow = RowDVector::from_iterator(m, a.row(0).iter().cloned());
            prop_assert!(close(&expansion_bias(&vec![brow.iter().cloned().collect()], n), &matrix::expansion_bias(&brow, n)));
            prop_assert!(close(&hm_relu(&av), &Activation::Relu.apply(&a)));
            prop_assert!(close(&hm_tanh(&av), &Activation::Tanh.apply(&a)));
            let x = activation::softmax(&a);
            prop_assert!(close(&hm_softmax(&av), &x));
            let labels: Vec<usize> = (0..n).map(|i| (i + seed as usize) % m).collect();
            let t: DMatrix<f64> = crate::one_hot(&labels, m);
            let (xv, tv) = (to_vvd(&x), to_vvd(&t));
            prop_assert!((cross_entropy(&xv, &tv) - loss::cross_entropy(&x, &t)).abs() < 1e-12);
            prop_assert!(close(&calc_r_cross_entropy(&xv, &tv), &loss::calc_r_cross_entropy(&x, &t)));
            for (s, jac) in calc_r_softmax(&xv).iter().zip(activation::softmax_jacobian(&x)) {
                prop_assert!(close(s, &jac));
            }
            prop_assert!(close(&calc_r_relu(&av), &Activation::Relu.derivative(&a)));
            prop_assert!(close(&calc_r_tanh(&av), &Activation::Tanh.derivative(&a)));
            prop_assert!(close(&calc_r_bias(&av), &matrix::calc_r_bias(&a)));
        }
    }
}
