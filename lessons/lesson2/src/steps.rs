//! The backward pass of lecture 2, one named derivative at a time, then a gradient check: every
//! gradient against its numerical estimate, for the correct cross-entropy derivative and for the
//! lecture's (which the check shows to be exactly twice too large).

use crate::{Example, Fns, Forward, Gradients};
use nalgebra::DMatrix;
use nn_core::gradcheck::{numerical_gradients, relative_error};
use nn_core::loss;
use nn_course::finite::{Source, ensure_finite, largest};
use nn_course::reference_forward;
use nn_course::show::matrix;
use nn_course::show::sup;

/// One gradient entry next to its central-difference estimate.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CheckRow {
    /// Layer l (from 1).
    pub layer: usize,
    /// "W" or "b".
    pub param: &'static str,
    /// Row and column (from 1).
    pub at: (usize, usize),
    /// Backpropagation's value.
    pub backprop: f64,
    /// `(L(θ + h) − L(θ − h)) / 2h` with h = 10⁻⁵.
    pub numeric: f64,
    /// [`relative_error`] of the two.
    pub relative_error: f64,
}

/// Everything lesson 2 computes and prints.
#[derive(Debug, Clone)]
pub struct BackwardStory {
    /// The forward pass (nn-core's).
    pub fwd: Forward,
    /// One-hot targets.
    pub t: DMatrix<f64>,
    /// The loss.
    pub loss: f64,
    /// `∂CE/∂X^K`.
    pub r_ce: DMatrix<f64>,
    /// The softmax Jacobians, one per instance.
    pub jacobians: Vec<DMatrix<f64>>,
    /// `ReLU'(A^l)` of each hidden layer.
    pub relu_d: Vec<DMatrix<f64>>,
    /// `(X^K − T)/n`, the fused output delta.
    pub fused_delta: DMatrix<f64>,
    /// The gradients, step by step.
    pub grads: Gradients,
    /// The gradients by the backward loop `fns.backward`.
    pub looped: Gradients,
    /// Every gradient against its numerical estimate.
    pub table: Vec<CheckRow>,
    /// The same with the lecture's `∂CE/∂X`.
    pub lecture: Vec<CheckRow>,
    /// Median of backprop/numeric over the lecture's gradients (2 when the mistake is there).
    pub lecture_ratio: f64,
}

impl BackwardStory {
    /// Errors, naming the cause, when the loss or a gradient is NaN or infinite (with `--mine`,
    /// the learner's functions computed it). Checked before anything is printed or written.
    pub fn ensure_finite(&self, ex: &Example, mine: bool) -> anyhow::Result<()> {
        let loss = nn_course::finite::scalar(self.loss);
        let mut results = vec![
            ("the loss".to_string(), &loss),
            ("∂CE/∂X".into(), &self.r_ce),
        ];
        for (l, (dw, db)) in self.grads.dw.iter().zip(&self.grads.db).enumerate() {
            results.push((format!("∂L/∂W{}", sup(l + 1)), dw));
            results.push((format!("∂L/∂B{}", sup(l + 1)), db));
        }
        for (l, (dw, db)) in self.looped.dw.iter().zip(&self.looped.db).enumerate() {
            results.push((format!("the backward loop's ∂L/∂W{}", sup(l + 1)), dw));
            results.push((format!("the backward loop's ∂L/∂B{}", sup(l + 1)), db));
        }
        let otherwise = if mine {
            "your functions in lessons/lesson2/src/homework.rs computed it; check them with `cargo homework`"
        } else {
            "the reference functions computed it, which is a bug to report"
        };
        let sources = [
            Source {
                largest: largest(ex.w.iter().chain(&ex.b).flat_map(|m| m.iter())),
                what: "the weights",
                fix: "use smaller weights",
            },
            Source {
                largest: largest(ex.x.iter()),
                what: "the inputs X",
                fix: "use smaller inputs",
            },
        ];
        ensure_finite(results, &sources, otherwise)
    }

    /// The gradient-check table as CSV: one row per parameter entry, with backprop's value, the
    /// numerical estimate, their relative error and the lecture's (doubled) value.
    pub fn csv(&self) -> String {
        let mut csv =
            String::from("layer,param,row,col,backprop,numeric,relative_error,lecture_backprop\n");
        for (r, lec) in self.table.iter().zip(&self.lecture) {
            csv += &format!(
                "{},{},{},{},{},{},{},{}\n",
                r.layer,
                r.param,
                r.at.0,
                r.at.1,
                r.backprop,
                r.numeric,
                r.relative_error,
                lec.backprop
            );
        }
        csv
    }

    /// The closing line: the loss, the check's largest error and the lecture's factor.
    pub fn summary(&self) -> String {
        format!(
            "CE = {:.6}; gradient check: largest relative error {:.1e}; the lecture's derivative: {:.4} × too large",
            self.loss,
            self.max_relative_error(),
            self.lecture_ratio
        )
    }

    /// The `--json` line (`who` computed it; `file` is the table written).
    pub fn json(&self, who: &str, file: &std::path::Path) -> serde_json::Value {
        use nn_course::show::rows;
        let layers: Vec<_> = (0..self.grads.dw.len())
            .map(|l| serde_json::json!({"layer": l + 1, "dw": rows(&self.grads.dw[l]), "db": rows(&self.grads.db[l])}))
            .collect();
        serde_json::json!({
            "lesson": 2,
            "functions": who,
            "loss": self.loss,
            "max_relative_error": self.max_relative_error(),
            "loop_difference": self.loop_difference(),
            "lecture_ratio": self.lecture_ratio,
            "layers": layers,
            "files": [file.display().to_string()],
        })
    }

    /// Largest relative error of the correct gradients.
    pub fn max_relative_error(&self) -> f64 {
        self.table
            .iter()
            .map(|r| r.relative_error)
            .fold(0.0, f64::max)
    }

    /// Largest difference between the step-by-step and the looped gradients.
    pub fn loop_difference(&self) -> f64 {
        let diff = |a: &[DMatrix<f64>], b: &[DMatrix<f64>]| {
            a.iter()
                .zip(b)
                .map(|(x, y)| {
                    if x.shape() == y.shape() {
                        (x - y).abs().max()
                    } else {
                        f64::INFINITY
                    }
                })
                .fold(
                    if a.len() == b.len() {
                        0.0
                    } else {
                        f64::INFINITY
                    },
                    f64::max,
                )
        };
        diff(&self.grads.dw, &self.looped.dw)
            .max(diff(&self.grads.db, &self.looped.db))
            .max(diff(&self.grads.delta, &self.looped.delta))
    }
}

/// Backpropagation step by step with `fns`: `Δ^K = ∂CE/∂X · J` per instance, then
/// `Δ^l = (Δ^(l+1) W^(l+1)ᵀ) ⊙ ReLU'(A^l)`, `∂L/∂W^l = X^(l−1)ᵀ Δ^l`, `∂L/∂B^l = calc_r_bias(Δ^l)`.
pub fn backward_steps(ex: &Example, fns: &Fns) -> BackwardStory {
    let fwd = reference_forward(&ex.x, &ex.w, &ex.b);
    let t = ex.t();
    let depth = ex.depth();
    let x_out = fwd.output().clone();
    let r_ce = (fns.calc_r_cross_entropy)(&x_out, &t);
    let jacobians = (fns.calc_r_softmax)(&x_out);
    let relu_d: Vec<DMatrix<f64>> = fwd.a[..depth - 1]
        .iter()
        .map(|a| (fns.calc_r_relu)(a))
        .collect();
    let mut delta = vec![DMatrix::zeros(0, 0); depth];
    delta[depth - 1] = loss::output_delta_by_jacobian(&r_ce, &jacobians);
    for k in (0..depth - 1).rev() {
        delta[k] = (&delta[k + 1] * ex.w[k + 1].transpose()).component_mul(&relu_d[k]);
    }
    let dw = (0..depth)
        .map(|k| fwd.x[k].transpose() * &delta[k])
        .collect();
    let db = delta.iter().map(|d| (fns.calc_r_bias)(d)).collect();
    let grads = Gradients { delta, dw, db };
    let looped = (fns.backward)(&ex.w, &fwd, &t);
    let net = ex.network();
    let numeric = numerical_gradients(&net, &ex.x, &t, 1e-5).expect("the example's shapes fit");
    let table = compare(&grads, &numeric);
    let lecture = compare(&crate::fns::lecture_backward(&ex.w, &fwd, &t), &numeric);
    let mut ratios: Vec<f64> = lecture
        .iter()
        .filter(|r| r.numeric.abs() > 1e-6)
        .map(|r| r.backprop / r.numeric)
        .collect();
    ratios.sort_by(f64::total_cmp);
    let lecture_ratio = ratios.get(ratios.len() / 2).copied().unwrap_or(f64::NAN);
    BackwardStory {
        loss: loss::cross_entropy(&x_out, &t),
        fused_delta: loss::softmax_cross_entropy_delta(&x_out, &t),
        fwd,
        t,
        r_ce,
        jacobians,
        relu_d,
        grads,
        looped,
        table,
        lecture,
        lecture_ratio,
    }
}

/// Pairs every entry of `dw` and of the first row of `db` with its numerical estimate.
pub fn compare(g: &Gradients, numeric: &[(DMatrix<f64>, DMatrix<f64>)]) -> Vec<CheckRow> {
    let mut rows = Vec::new();
    for (l, (nw, nb)) in numeric.iter().enumerate() {
        for (param, mine, num) in [("W", &g.dw[l], nw), ("b", &g.db[l], nb)] {
            for i in 0..num.nrows() {
                for j in 0..num.ncols() {
                    let backprop = mine.get((i, j)).copied().unwrap_or(f64::NAN);
                    let numeric = num[(i, j)];
                    let err = relative_error(backprop, numeric);
                    rows.push(CheckRow {
                        layer: l + 1,
                        param,
                        at: (i + 1, j + 1),
                        backprop,
                        numeric,
                        relative_error: if err.is_nan() { f64::INFINITY } else { err },
                    });
                }
            }
        }
    }
    rows
}

fn table(rows: &[CheckRow], ratio: bool) -> String {
    let last = if ratio {
        "  backprop/numeric"
    } else {
        "  relative error"
    };
    let mut s = format!(
        "  {:<14}{:>14}{:>14}{last}\n",
        "gradient", "backprop", "numerical"
    );
    for r in rows {
        let name = format!("∂L/∂{}{}[{},{}]", r.param, sup(r.layer), r.at.0, r.at.1);
        // A gradient that is 0 both ways (a ReLU switched off for every instance) has no ratio.
        let tail = if ratio && r.numeric.abs() <= 1e-6 {
            format!("{:>10}", "—")
        } else if ratio {
            format!("{:>10.4}", r.backprop / r.numeric)
        } else {
            format!("{:>12.1e}", r.relative_error)
        };
        s += &format!(
            "  {name:<14}{:>14.8}{:>14.8}  {tail}\n",
            r.backprop, r.numeric
        );
    }
    s
}

/// The story as text.
pub fn render(s: &BackwardStory, who: &str) -> String {
    let depth = s.grads.dw.len();
    let k = sup(depth);
    let mut out = format!(
        "Lesson 2 — backpropagation through lesson 1's network, computed with {who} functions.\n\
         The forward pass gives X{k} (softmax) and CE = {:.6}.\n\n",
        s.loss
    );
    out += &matrix(&format!("∂CE/∂X{k} = −t_ij / (n x_ij)"), &s.r_ce);
    out += &matrix(
        &format!("∂softmax/∂A{k} of instance 1: x_i(1 − x_i) on the diagonal, −x_i x_j off it"),
        &s.jacobians[0],
    );
    out += &format!(
        "(one such m×m Jacobian per instance: {} of them)\n",
        s.jacobians.len()
    );
    out += &matrix(
        &format!("Δ{k} = ∂CE/∂X{k} · ∂softmax/∂A{k}, row by row"),
        &s.grads.delta[depth - 1],
    );
    out += &format!(
        "  equals (X{k} − T)/n: largest difference {:.1e}\n",
        (&s.grads.delta[depth - 1] - &s.fused_delta).abs().max()
    );
    for l in (0..depth).rev() {
        let (n, p) = (sup(l + 1), sup(l));
        out += &format!("\n— layer {} —\n", l + 1);
        if l + 1 < depth {
            out += &matrix(&format!("ReLU'(A{n}) (1 where A{n} > 0)"), &s.relu_d[l]);
            out += &matrix(
                &format!("Δ{n} = (Δ{} W{}ᵀ) ⊙ ReLU'(A{n})", sup(l + 2), sup(l + 2)),
                &s.grads.delta[l],
            );
        }
        out += &matrix(&format!("∂L/∂W{n} = X{p}ᵀ Δ{n}"), &s.grads.dw[l]);
        out += &matrix(
            &format!("∂L/∂B{n} = (1,…,1)ᵀ ⊗ (column sums of Δ{n})"),
            &s.grads.db[l],
        );
    }
    out += &format!(
        "\nThe backward loop gives the same gradients (largest difference {:.1e}).\n",
        s.loop_difference()
    );
    out += &format!(
        "\nGradient check: every gradient against (L(θ + h) − L(θ − h)) / 2h, h = 1e-5\n{}",
        table(&s.table, false)
    );
    let ok = s.max_relative_error() < 1e-6;
    out += &format!(
        "  largest relative error {:.1e}: {}\n",
        s.max_relative_error(),
        if ok {
            "backpropagation is right"
        } else {
            "SOMETHING IS WRONG (run `cargo homework`)"
        }
    );
    out += &format!(
        "\nThe lecture's ∂CE/∂X adds +t_ik/x_ik for k ≠ j: ∂CE/∂x_ij = (1/n)(−t_ij/x_ij + Σ_{{k≠j}} t_ik/x_ik).\n\
         With it, the gradient check reads:\n{}\
         Every gradient is {:.4} × the numerical one. Why exactly 2: the lecture's row equals\n\
         2·(−t_ij/(n x_ij)) + (1/n)Σ_k t_ik/x_ik, twice the true derivative plus the same constant c in\n\
         every column. Each column of the softmax Jacobian sums to 0 (Σ_i ∂x_i/∂a_j = ∂(Σ_i x_i)/∂a_j = 0),\n\
         so the constant vanishes and Δ comes out 2(X − T)/n. The tie Σ_j x_ij = 1 was counted twice:\n\
         once in ∂CE/∂X and again in the Jacobian. Treat each x_ij as its own variable in ∂CE/∂X.\n",
        table(&s.lecture, true),
        s.lecture_ratio
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_passes_and_the_lecture_is_off_by_two() {
        let s = backward_steps(&Example::lecture(), &Fns::reference());
        assert!(s.max_relative_error() < 1e-6, "{}", s.max_relative_error());
        assert_eq!(s.table.len(), 6 + 3 + 9 + 3);
        assert!((s.lecture_ratio - 2.0).abs() < 1e-6, "{}", s.lecture_ratio);
        assert!(s.loop_difference() < 1e-12);
        assert!((&s.grads.delta[1] - &s.fused_delta).abs().max() < 1e-12);
        let text = render(&s, "nn-core");
        for needle in [
            "Δ² = ∂CE/∂X²",
            "∂L/∂B¹ = (1,…,1)ᵀ ⊗",
            "backpropagation is right",
            "2.0000 × the numerical",
        ] {
            assert!(text.contains(needle), "missing {needle:?}");
        }
    }
}
