//! The forward pass of lecture 1, one named step at a time, computed with a [`Fns`] and again
//! with the lecture's `Vec<Vec<f64>>` routines ([`nn_core::naive`]) to show that they agree.

use crate::{Example, Fns, Forward};
use nalgebra::DMatrix;
use nn_core::naive;
use nn_course::show::matrix;
pub use nn_course::show::sup;

/// One layer's steps: `B = (1,…,1)ᵀ ⊗ b`, `A = X W + B`, `X = h(A)`.
#[derive(Debug, Clone)]
pub struct LayerSteps {
    /// `W^l`.
    pub w: DMatrix<f64>,
    /// `b^l` (1×outputs).
    pub b: DMatrix<f64>,
    /// `B^l = (1,…,1)ᵀ ⊗ b^l` (n×outputs).
    pub bias: DMatrix<f64>,
    /// `A^l = X^(l−1) W^l + B^l`.
    pub a: DMatrix<f64>,
    /// `X^l = h_l(A^l)`.
    pub x: DMatrix<f64>,
    /// The name of `h_l`: "ReLU" or "softmax".
    pub h: &'static str,
}

/// Everything lesson 1 computes and prints.
#[derive(Debug, Clone)]
pub struct ForwardStory {
    /// The input `X^0`.
    pub x0: DMatrix<f64>,
    /// One-hot targets `T`.
    pub t: DMatrix<f64>,
    /// Each layer's steps.
    pub layers: Vec<LayerSteps>,
    /// `CE(X^depth, T)`.
    pub loss: f64,
    /// The same pass by the forward loop `fns.forward`.
    pub looped: Forward,
    /// The output by the lecture's naive routines.
    pub naive_output: DMatrix<f64>,
    /// The loss by the naive routines.
    pub naive_loss: f64,
    /// Largest difference between the step-by-step, the loop and the naive results.
    pub max_difference: f64,
}

impl ForwardStory {
    /// The network's output `X^depth`.
    pub fn output(&self) -> &DMatrix<f64> {
        &self.layers.last().expect("at least one layer").x
    }

    /// Errors, naming the cause, when a printed result is NaN or infinite: weights from `model`
    /// (or the example's) or inputs `X` too large for f64, or else the learner's functions
    /// (`mine`). Checked before anything is printed or written.
    pub fn ensure_finite(
        &self,
        ex: &Example,
        model: Option<&std::path::Path>,
        mine: bool,
    ) -> anyhow::Result<()> {
        use nn_course::finite::{Source, ensure_finite, largest, scalar};
        let (loss, naive_loss) = (scalar(self.loss), scalar(self.naive_loss));
        let mut results: Vec<(String, &DMatrix<f64>)> = Vec::new();
        for (l, layer) in self.layers.iter().enumerate() {
            results.push((format!("A{}", sup(l + 1)), &layer.a));
            results.push((format!("X{}", sup(l + 1)), &layer.x));
        }
        results.push(("the loss".into(), &loss));
        results.push((
            "the output of the forward loop".into(),
            self.looped.output(),
        ));
        results.push(("the naive routines' output".into(), &self.naive_output));
        results.push(("the naive routines' loss".into(), &naive_loss));
        let weights = match model {
            Some(m) => format!("the weights of {}", m.display()),
            None => "the weights".into(),
        };
        let sources = [
            Source {
                largest: largest(ex.w.iter().chain(&ex.b).flat_map(|m| m.iter())),
                what: &weights,
                fix: "use a model with smaller weights (a trained network's stay far below 1e6)",
            },
            Source {
                largest: largest(ex.x.iter()),
                what: "the inputs X",
                fix: "use smaller inputs (--x)",
            },
        ];
        let otherwise = if mine {
            "your functions in lessons/lesson1/src/homework.rs computed it; check them with `cargo homework`"
        } else {
            "the reference functions computed it, which is a bug to report"
        };
        ensure_finite(results, &sources, otherwise)
    }
}

/// Runs the forward pass of `ex` step by step with `fns`, then by `fns.forward`, then by the naive
/// routines.
pub fn forward_steps(ex: &Example, fns: &Fns) -> ForwardStory {
    let n = ex.x.nrows();
    let depth = ex.depth();
    let mut layers = Vec::with_capacity(depth);
    let mut x_prev = ex.x.clone();
    for l in 0..depth {
        let bias = (fns.expansion_bias)(&ex.b[l], n);
        let a = (fns.matrix_multi)(&x_prev, &ex.w[l]) + &bias;
        let (x, h) = if l + 1 == depth {
            ((fns.hm_softmax)(&a), "softmax")
        } else {
            ((fns.hm_relu)(&a), "ReLU")
        };
        x_prev = x.clone();
        layers.push(LayerSteps {
            w: ex.w[l].clone(),
            b: ex.b[l].clone(),
            bias,
            a,
            x,
            h,
        });
    }
    let t = ex.t();
    let loss = (fns.cross_entropy)(&x_prev, &t);
    let looped = (fns.forward)(&ex.x, &ex.w, &ex.b);
    let (naive_output, naive_loss) = naive_forward(ex);
    let diff = |m: &DMatrix<f64>| {
        if m.shape() == naive_output.shape() {
            (m - &naive_output).abs().max()
        } else {
            f64::INFINITY
        }
    };
    let max_difference = diff(&x_prev)
        .max(diff(looped.output()))
        .max((loss - naive_loss).abs());
    ForwardStory {
        x0: ex.x.clone(),
        t,
        layers,
        loss,
        looped,
        naive_output,
        naive_loss,
        max_difference,
    }
}

/// The lecture's C++ forward pass over `Vec<Vec<f64>>`: output and cross entropy.
pub fn naive_forward(ex: &Example) -> (DMatrix<f64>, f64) {
    let n = ex.x.nrows();
    let mut x = naive::to_vvd(&ex.x);
    for k in 0..ex.depth() {
        let bias = naive::expansion_bias(&naive::to_vvd(&ex.b[k]), n);
        let a = naive::matrix_add(&naive::matrix_multi(&x, &naive::to_vvd(&ex.w[k])), &bias);
        x = if k + 1 == ex.depth() {
            naive::hm_softmax(&a)
        } else {
            naive::hm_relu(&a)
        };
    }
    let loss = naive::cross_entropy(&x, &naive::to_vvd(&ex.t()));
    (naive::from_vvd(&x), loss)
}

/// The story as text: every matrix with its name and shape.
pub fn render(s: &ForwardStory, who: &str) -> String {
    let n = s.x0.nrows();
    let mut out = format!(
        "Lesson 1 — forward propagation, computed with {who} functions.\n\
         A mini-batch of n = {n} instances, one per row; each layer computes A = X W + B, X = h(A).\n\n"
    );
    out += &matrix("X⁰ = X (the input)", &s.x0);
    for (l, step) in s.layers.iter().enumerate() {
        let (k, p) = (sup(l + 1), sup(l));
        out += &format!(
            "\n— layer {} ({} units, {}) —\n",
            l + 1,
            step.w.ncols(),
            step.h
        );
        out += &matrix(&format!("W{k}"), &step.w);
        out += &matrix(&format!("b{k}"), &step.b);
        out += &matrix(
            &format!("B{k} = (1,…,1)ᵀ ⊗ b{k}  (b{k} repeated n = {n} times)"),
            &step.bias,
        );
        out += &matrix(&format!("A{k} = X{p} W{k} + B{k}"), &step.a);
        out += &matrix(&format!("X{k} = {}(A{k})", step.h), &step.x);
    }
    out += &format!("\n{}", matrix("T (one-hot targets)", &s.t));
    out += &format!("CE = −(1/n) Σ_i Σ_j t_ij log x_ij = {:.6}\n\n", s.loss);
    out += &format!(
        "The forward loop gives the same output; the lecture's Vec<Vec<f64>> routines give CE = {:.6}.\n\
         Largest difference between the three: {:.1e} {}\n",
        s.naive_loss,
        s.max_difference,
        if s.max_difference < 1e-9 {
            "(they agree)"
        } else {
            "(they DISAGREE: check your functions with `cargo homework`)"
        }
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_routes_agree_on_the_lecture_example() {
        let s = forward_steps(&Example::lecture(), &Fns::reference());
        assert!(s.max_difference < 1e-12, "{}", s.max_difference);
        assert_eq!(s.layers.len(), 2);
        assert_eq!(s.layers[0].bias.shape(), (4, 3));
        // Softmax rows sum to 1 and the loss is the mean of −log x_i,label.
        let x = s.output();
        assert!((x.row_sum().sum() - 4.0).abs() < 1e-12);
        let mean = (0..4).map(|i| -x[(i, [1, 0, 2, 1][i])].ln()).sum::<f64>() / 4.0;
        assert!((s.loss - mean).abs() < 1e-12);
        let text = render(&s, "nn-core");
        for needle in [
            "B¹ = (1,…,1)ᵀ ⊗ b¹",
            "A² = X¹ W² + B²",
            "(4×3)",
            "(they agree)",
        ] {
            assert!(text.contains(needle), "missing {needle:?}");
        }
    }

    #[test]
    fn superscripts() {
        assert_eq!(sup(1), "¹");
        assert_eq!(sup(12), "¹²");
    }
}
