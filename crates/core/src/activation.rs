//! Activation functions `h(A)` and their derivatives `∂h/∂A` (lectures 1 and 2).

use crate::Float;
use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An activation function applied to a layer's pre-activation `A` to give its output `X = h(A)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    /// `h(a) = a`, derivative 1 (a regression output).
    Identity,
    /// `h(a) = 1 / (1 + e^(−a))`, derivative `h(a)(1 − h(a))`.
    Sigmoid,
    /// `h(a) = tanh a`, derivative `1 − tanh² a` (lecture 4).
    Tanh,
    /// `h(a) = max(0, a)`, derivative 1 where `a > 0`, else 0 (lecture 1).
    Relu,
    /// Row-wise `h(a)_j = e^(a_j) / Σ_k e^(a_k)` (output layer); its derivative is the per-instance
    /// Jacobian [`softmax_jacobian`].
    Softmax,
}

impl Activation {
    /// All activations, in a fixed order (for CLI help and tests).
    pub const ALL: [Activation; 5] = [
        Activation::Identity,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::Softmax,
    ];

    /// The lowercase name used in model files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Identity => "identity",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::Softmax => "softmax",
        }
    }

    /// `X = h(A)`, written into `x` (same shape as `a`; no allocation).
    pub fn apply_into<T: Float>(self, a: &DMatrix<T>, x: &mut DMatrix<T>) {
        match self {
            Activation::Softmax => softmax_into(a, x),
            Activation::Relu => {
                for (xi, &ai) in x.as_mut_slice().iter_mut().zip(a.as_slice()) {
                    *xi = if ai > T::zero() { ai } else { T::zero() };
                }
            }
            _ => x.zip_apply(a, |xi, ai| *xi = self.scalar(ai)),
        }
    }

    /// `X = h(A)` as a new matrix.
    pub fn apply<T: Float>(self, a: &DMatrix<T>) -> DMatrix<T> {
        let mut x = a.clone();
        self.apply_into(a, &mut x);
        x
    }

    // ANCHOR: activation_scalar
    /// `h(a)` for one element (not defined for softmax, which needs the whole row: returns `a`).
    pub fn scalar<T: Float>(self, a: T) -> T {
        match self {
            Activation::Identity | Activation::Softmax => a,
            Activation::Sigmoid => T::one() / (T::one() + (-a).exp()),
            Activation::Tanh => a.tanh(),
            Activation::Relu => {
                if a > T::zero() {
                    a
                } else {
                    T::zero()
                }
            }
        }
    }
    // ANCHOR_END: activation_scalar

    // ANCHOR: activation_derivative
    /// Element-wise derivative `h'(a)`, given `a` and `x = h(a)` (whichever is cheaper is used).
    /// For softmax this is only the diagonal `x(1 − x)` of the Jacobian; see [`softmax_jacobian`].
    pub fn derivative_scalar<T: Float>(self, a: T, x: T) -> T {
        match self {
            Activation::Identity => T::one(),
            Activation::Sigmoid | Activation::Softmax => x * (T::one() - x),
            Activation::Tanh => T::one() - x * x,
            Activation::Relu => {
                if a > T::zero() {
                    T::one()
                } else {
                    T::zero()
                }
            }
        }
    }
    // ANCHOR_END: activation_derivative

    /// `∂h/∂A` element-wise as a matrix (`calc_r_ReLU`, `calc_r_tanh`, …).
    pub fn derivative<T: Float>(self, a: &DMatrix<T>) -> DMatrix<T> {
        let x = self.apply(a);
        DMatrix::from_fn(a.nrows(), a.ncols(), |i, j| {
            self.derivative_scalar(a[(i, j)], x[(i, j)])
        })
    }

    /// `h'(A)` element-wise as a matrix, given `A` and `X = h(A)` from the forward pass (for
    /// softmax only the diagonal of its Jacobian; see [`softmax_jacobian`]).
    pub fn derivative_at<T: Float>(self, a: &DMatrix<T>, x: &DMatrix<T>) -> DMatrix<T> {
        a.zip_map(x, |ai, xi| self.derivative_scalar(ai, xi))
    }

    /// `Δ ← Δ ⊙ h'(A)` in place: the hidden-layer step of backpropagation
    /// `Δ^l = (Δ^(l+1) W^(l+1)ᵀ) ⊙ ∂h_l/∂A^l`.
    pub fn backprop_in_place<T: Float>(
        self,
        a: &DMatrix<T>,
        x: &DMatrix<T>,
        delta: &mut DMatrix<T>,
    ) {
        if self == Activation::Relu {
            // The common case, without a per-element match: Δ is kept where a > 0, else 0.
            // Contiguous slices and a select rather than a branch: this vectorizes.
            for (d, &ai) in delta.as_mut_slice().iter_mut().zip(a.as_slice()) {
                *d = if ai > T::zero() { *d } else { T::zero() };
            }
            return;
        }
        let (a, x) = (a.as_slice(), x.as_slice());
        for ((d, &ai), &xi) in delta.as_mut_slice().iter_mut().zip(a).zip(x) {
            *d *= self.derivative_scalar(ai, xi);
        }
    }
}

impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Activation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Activation::ALL
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!(
                    "unknown activation '{s}': expected identity, sigmoid, tanh, relu or softmax"
                )
            })
    }
}

// ANCHOR: softmax
/// Row-wise softmax `x_ij = e^(a_ij − max_k a_ik) / Σ_k e^(a_ik − max_k a_ik)`, into `x`.
///
/// Subtracting the row maximum changes nothing mathematically and keeps `exp` from overflowing.
/// Terms with `a_ij − max < −69` (so `e^(a_ij − max) < 10⁻³⁰`) are set to exactly 0: their share
/// of the sum is below rounding, and as subnormal numbers (f32 goes subnormal below 10⁻³⁸) they
/// would make every later operation on them about a hundred times slower — a confident network
/// would train more slowly epoch after epoch.
pub fn softmax_into<T: Float>(a: &DMatrix<T>, x: &mut DMatrix<T>) {
    let cutoff = T::of(-69.0);
    let (n, m) = a.shape();
    for i in 0..n {
        let mut max = a[(i, 0)];
        for j in 1..m {
            if a[(i, j)] > max {
                max = a[(i, j)];
            }
        }
        let mut sum = T::zero();
        for j in 0..m {
            let d = a[(i, j)] - max;
            let e = if d < cutoff { T::zero() } else { d.exp() };
            x[(i, j)] = e;
            sum += e;
        }
        for j in 0..m {
            x[(i, j)] /= sum;
        }
    }
}
// ANCHOR_END: softmax

/// Row-wise softmax as a new matrix (see [`softmax_into`]).
pub fn softmax<T: Float>(a: &DMatrix<T>) -> DMatrix<T> {
    Activation::Softmax.apply(a)
}

// ANCHOR: softmax_jacobian
/// The lectures' `calc_r_softmax`: for each instance i, the m×m Jacobian `∂x_i/∂a_i` of the softmax
/// output `x = softmax(a)`: `x_j(1 − x_j)` on the diagonal, `−x_j x_k` off it.
/// Returns n matrices (the lectures' n×m×m tensor).
pub fn softmax_jacobian<T: Float>(x: &DMatrix<T>) -> Vec<DMatrix<T>> {
    (0..x.nrows())
        .map(|i| {
            let m = x.ncols();
            DMatrix::from_fn(m, m, |j, k| {
                if j == k {
                    x[(i, j)] * (T::one() - x[(i, j)])
                } else {
                    -x[(i, j)] * x[(i, k)]
                }
            })
        })
        .collect()
}
// ANCHOR_END: softmax_jacobian

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softmax_never_returns_subnormal_numbers() {
        // In f32, e^(−80) ≈ 1.8e−35 is normal but e^(−95) ≈ 5.5e−42 is subnormal.
        let a = DMatrix::from_row_slice(1, 4, &[0.0f32, -80.0, -95.0, -200.0]);
        let x = softmax(&a);
        assert!(x.iter().all(|v| *v == 0.0 || v.is_normal()), "{x}");
        assert_eq!((x[(0, 2)], x[(0, 3)]), (0.0, 0.0));
        assert_eq!(x[(0, 0)], 1.0);
        assert!((x.sum() - 1.0).abs() < 1e-6);
    }

    #[test]
    fn softmax_rows_sum_to_one_and_stay_finite_for_huge_logits() {
        let a: DMatrix<f64> =
            DMatrix::from_row_slice(3, 3, &[1e4, -1e4, 0.0, -1e4, -1e4, -1e4, 1.0, 2.0, 3.0]);
        let x = softmax(&a);
        for i in 0..3 {
            let s: f64 = x.row(i).sum();
            assert!((s - 1.0).abs() < 1e-12, "row {i} sums to {s}");
            assert!(x.row(i).iter().all(|v| v.is_finite() && *v >= 0.0));
        }
        assert!((x[(0, 0)] - 1.0).abs() < 1e-12);
        assert!((x[(1, 0)] - 1.0 / 3.0).abs() < 1e-12);
        let x32 = softmax(&a.map(|v| v as f32));
        assert!(x32.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn derivatives_match_finite_differences() {
        let a: DMatrix<f64> = DMatrix::from_row_slice(2, 3, &[-1.3, 0.2, 2.5, 0.7, -0.4, 1.1]);
        let h = 1e-6;
        for act in [
            Activation::Identity,
            Activation::Sigmoid,
            Activation::Tanh,
            Activation::Relu,
        ] {
            let d = act.derivative(&a);
            for (k, &ak) in a.iter().enumerate() {
                let num = (act.scalar(ak + h) - act.scalar(ak - h)) / (2.0 * h);
                assert!((num - d[k]).abs() < 1e-8, "{act}: {num} vs {}", d[k]);
            }
        }
    }

    #[test]
    fn relu_derivative_is_zero_at_and_below_zero() {
        let a = DMatrix::from_row_slice(1, 3, &[-1.0, 0.0, 2.0]);
        assert_eq!(Activation::Relu.derivative(&a).as_slice(), &[0.0, 0.0, 1.0]);
    }

    #[test]
    fn softmax_jacobian_matches_finite_differences() {
        let a: DMatrix<f64> = DMatrix::from_row_slice(2, 3, &[0.1, -0.7, 1.2, 2.0, 0.0, -1.0]);
        let jac = softmax_jacobian(&softmax(&a));
        let h = 1e-6;
        for i in 0..2 {
            for k in 0..3 {
                let mut ap = a.clone();
                ap[(i, k)] += h;
                let mut am = a.clone();
                am[(i, k)] -= h;
                let (xp, xm) = (softmax(&ap), softmax(&am));
                for j in 0..3 {
                    let num = (xp[(i, j)] - xm[(i, j)]) / (2.0 * h);
                    // jac[i][(j,k)] = ∂x_ij/∂a_ik (symmetric)
                    assert!((num - jac[i][(j, k)]).abs() < 1e-8);
                }
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for act in Activation::ALL {
            assert_eq!(act.name().parse::<Activation>().unwrap(), act);
        }
        assert!("swish".parse::<Activation>().unwrap_err().contains("swish"));
    }
}
