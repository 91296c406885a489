//! Loss functions `L(X, T)` and their derivatives `∂L/∂X` (lectures 1 and 2).

use crate::Float;
use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Smallest value fed to `log` in the cross entropy, so that `log 0` never occurs.
pub const LOG_FLOOR: f64 = 1e-12;

/// The loss `f_L` measured between the network output `X` (n×m) and the targets `T` (n×m).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    /// `CE = −(1/n) Σ_i Σ_j t_ij log x_ij` (one-hot targets; used with softmax).
    CrossEntropy,
    /// `MSE = (1/2n) Σ_i Σ_j (x_ij − t_ij)²`.
    MeanSquaredError,
}

impl Loss {
    /// Name used in model files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Loss::CrossEntropy => "cross_entropy",
            Loss::MeanSquaredError => "mean_squared_error",
        }
    }

    /// The loss value `L(X, T)`.
    pub fn value<T: Float>(self, x: &DMatrix<T>, t: &DMatrix<T>) -> T {
        match self {
            Loss::CrossEntropy => cross_entropy(x, t),
            Loss::MeanSquaredError => mean_squared_error(x, t),
        }
    }

    /// `∂L/∂X` (n×m).
    pub fn gradient<T: Float>(self, x: &DMatrix<T>, t: &DMatrix<T>) -> DMatrix<T> {
        match self {
            Loss::CrossEntropy => calc_r_cross_entropy(x, t),
            Loss::MeanSquaredError => calc_r_mean_squared_error(x, t),
        }
    }
}

impl fmt::Display for Loss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Loss {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "cross_entropy" | "ce" | "cross-entropy" => Ok(Loss::CrossEntropy),
            "mean_squared_error" | "mse" => Ok(Loss::MeanSquaredError),
            _ => Err(format!("unknown loss '{s}': expected cross_entropy or mse")),
        }
    }
}

/// `max(x, floor)` that lets NaN through: a NaN output must make the loss NaN so that training
/// reports divergence instead of seeing a finite `−log(floor)`.
fn floored<T: Float>(x: T, floor: T) -> T {
    // `x <= floor` is false for NaN, so NaN passes through.
    if x <= floor { floor } else { x }
}

// ANCHOR: cross_entropy
/// Cross entropy `CE = −(1/n) Σ_i Σ_j t_ij log max(x_ij, 10⁻¹²)`; the floor keeps `log 0` away.
pub fn cross_entropy<T: Float>(x: &DMatrix<T>, t: &DMatrix<T>) -> T {
    let n = T::of(x.nrows() as f64);
    let floor = T::of(LOG_FLOOR);
    let mut sum = T::zero();
    for (&xi, &ti) in x.iter().zip(t.iter()) {
        if ti != T::zero() {
            sum += ti * floored(xi, floor).ln();
        }
    }
    -sum / n
}
// ANCHOR_END: cross_entropy

/// Mean squared error `(1/2n) Σ_i Σ_j (x_ij − t_ij)²`.
pub fn mean_squared_error<T: Float>(x: &DMatrix<T>, t: &DMatrix<T>) -> T {
    let n = T::of(x.nrows() as f64);
    (x - t).norm_squared() / (T::of(2.0) * n)
}

// ANCHOR: calc_r_cross_entropy
/// The correct `∂CE/∂X`: `∂CE/∂x_ij = −t_ij / (n x_ij)` (with the same floor on `x_ij`).
///
/// The outputs are treated as independent variables; how they depend on each other through the
/// softmax is the softmax Jacobian's job.
pub fn calc_r_cross_entropy<T: Float>(x: &DMatrix<T>, t: &DMatrix<T>) -> DMatrix<T> {
    let n = T::of(x.nrows() as f64);
    let floor = T::of(LOG_FLOOR);
    t.zip_map(x, |ti, xi| -ti / (n * floored(xi, floor)))
}
// ANCHOR_END: calc_r_cross_entropy

// ANCHOR: calc_r_cross_entropy_lecture
/// The lectures' version of `∂CE/∂X`, kept to show what a gradient check catches:
/// `∂CE/∂x_ij = (1/n)(−t_ij/x_ij + Σ_{k≠j} t_ik/x_ik)`.
///
/// It differentiates as if the outputs were tied by `Σ_j x_ij = 1` — and then the softmax Jacobian
/// applies that tie a second time, so `Δ^K` comes out exactly twice the true `(X − T)/n`.
pub fn calc_r_cross_entropy_lecture<T: Float>(x: &DMatrix<T>, t: &DMatrix<T>) -> DMatrix<T> {
    let n = T::of(x.nrows() as f64);
    let floor = T::of(LOG_FLOOR);
    let r = t.zip_map(x, |ti, xi| ti / floored(xi, floor));
    DMatrix::from_fn(x.nrows(), x.ncols(), |i, j| {
        let others: T = (0..x.ncols()).filter(|&k| k != j).map(|k| r[(i, k)]).sum();
        (-r[(i, j)] + others) / n
    })
}
// ANCHOR_END: calc_r_cross_entropy_lecture

/// `∂MSE/∂X = (X − T)/n`.
pub fn calc_r_mean_squared_error<T: Float>(x: &DMatrix<T>, t: &DMatrix<T>) -> DMatrix<T> {
    let n = T::of(x.nrows() as f64);
    (x - t) / n
}

// ANCHOR: softmax_cross_entropy_delta
/// The fused output delta of softmax + cross entropy, `Δ^K = (X^K − T)/n`.
///
/// Equal to `∂CE/∂X · ∂softmax/∂A` per instance (see [`output_delta_by_jacobian`]), but cheaper
/// and exact even where `x_ij` is tiny.
pub fn softmax_cross_entropy_delta<T: Float>(x: &DMatrix<T>, t: &DMatrix<T>) -> DMatrix<T> {
    (x - t) / T::of(x.nrows() as f64)
}
// ANCHOR_END: softmax_cross_entropy_delta

// ANCHOR: output_delta_by_jacobian
/// The lectures' route to the output delta: per instance i, the row vector `∂f_L/∂x_i` times the
/// softmax Jacobian `∂x_i/∂a_i`: `δ_i = (∂f_L/∂x_i) J_i`.
pub fn output_delta_by_jacobian<T: Float>(
    r_loss: &DMatrix<T>,
    jacobians: &[DMatrix<T>],
) -> DMatrix<T> {
    let mut delta = DMatrix::zeros(r_loss.nrows(), r_loss.ncols());
    for (i, jac) in jacobians.iter().enumerate() {
        let row = r_loss.row(i) * jac;
        delta.row_mut(i).copy_from(&row);
    }
    delta
}
// ANCHOR_END: output_delta_by_jacobian

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activation::{softmax, softmax_jacobian};

    fn sample() -> (DMatrix<f64>, DMatrix<f64>) {
        let a = DMatrix::from_row_slice(3, 3, &[0.3, -1.0, 2.0, 1.5, 0.5, -0.5, 0.0, 0.1, 0.2]);
        let t = DMatrix::from_row_slice(3, 3, &[0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0]);
        (softmax(&a), t)
    }

    #[test]
    fn nan_outputs_give_a_nan_loss_but_zero_still_hits_the_floor() {
        let t = DMatrix::from_row_slice(1, 2, &[1.0, 0.0]);
        let nan = DMatrix::from_row_slice(1, 2, &[f64::NAN, f64::NAN]);
        assert!(cross_entropy(&nan, &t).is_nan());
        assert!(calc_r_cross_entropy(&nan, &t)[(0, 0)].is_nan());
        let zero = DMatrix::from_row_slice(1, 2, &[0.0, 1.0]);
        let ce = cross_entropy(&zero, &t);
        assert!(
            (ce + LOG_FLOOR.ln()).abs() < 1e-9,
            "CE of a zero output is −log(floor), got {ce}"
        );
    }

    #[test]
    fn jacobian_route_equals_fused_delta() {
        let (x, t) = sample();
        let by_jac = output_delta_by_jacobian(&calc_r_cross_entropy(&x, &t), &softmax_jacobian(&x));
        let fused = softmax_cross_entropy_delta(&x, &t);
        assert!((by_jac - fused).abs().max() < 1e-12);
    }

    #[test]
    fn lecture_derivative_doubles_the_output_delta() {
        let (x, t) = sample();
        let jac = softmax_jacobian(&x);
        let lecture = output_delta_by_jacobian(&calc_r_cross_entropy_lecture(&x, &t), &jac);
        let fused = softmax_cross_entropy_delta(&x, &t);
        assert!((lecture - fused * 2.0).abs().max() < 1e-12);
    }

    #[test]
    fn cross_entropy_gradient_matches_finite_differences() {
        let (x, t) = sample();
        let g = calc_r_cross_entropy(&x, &t);
        let g2 = calc_r_mean_squared_error(&x, &t);
        let h = 1e-7;
        for k in 0..x.len() {
            let (mut xp, mut xm) = (x.clone(), x.clone());
            xp[k] += h;
            xm[k] -= h;
            let num = (cross_entropy(&xp, &t) - cross_entropy(&xm, &t)) / (2.0 * h);
            assert!((num - g[k]).abs() < 1e-6, "CE {k}: {num} vs {}", g[k]);
            let num2 = (mean_squared_error(&xp, &t) - mean_squared_error(&xm, &t)) / (2.0 * h);
            assert!((num2 - g2[k]).abs() < 1e-6, "MSE {k}: {num2} vs {}", g2[k]);
        }
    }

    #[test]
    fn cross_entropy_never_takes_log_zero() {
        let x: DMatrix<f64> = DMatrix::from_row_slice(1, 2, &[0.0, 1.0]);
        let t = DMatrix::from_row_slice(1, 2, &[1.0, 0.0]);
        let ce = cross_entropy(&x, &t);
        assert!(ce.is_finite() && (ce - (-(LOG_FLOOR.ln()))).abs() < 1e-9);
        assert!(calc_r_cross_entropy(&x, &t).iter().all(|v| v.is_finite()));
        let perfect = cross_entropy(&t, &t);
        assert!(perfect.abs() < 1e-12);
    }
}
