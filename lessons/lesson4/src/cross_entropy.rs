//! `cross-entropy`: why classifiers learn with softmax and cross entropy rather than sigmoid
//! outputs and the squared error (Nielsen, *Neural Networks and Deep Learning*, ch. 3).
//!
//! One layer, one input `x = 1`, two outputs, target `t = (1, 0)`, and the same confidently
//! wrong start for both: `W = (−2, 2)`, `b = (−2, 2)`, so `A = (−4, 4)`.
//! - sigmoid + squared error: `∂L/∂A = (X − T) ⊙ σ'(A) = (X − T) ⊙ X ⊙ (1 − X)`; at the start
//!   `X ≈ (0.018, 0.982)` and the factor `X(1 − X) ≈ 0.018` makes the gradient tiny exactly
//!   when the answer is most wrong;
//! - softmax + cross entropy: `∂L/∂A = X − T` (lesson 2), as large as the mistake.
//!
//! Both are trained by `nn_core::train_with` with plain SGD, and the output given to the true
//! class, `x₀`, is recorded after every step.

use crate::report::Report;
use anyhow::{Result, bail};
use nn_core::{
    Activation, DMatrix, Data, Dense, Loss, Mode, Network, Reference, RowDVector, Schedule, Sgd,
    TrainConfig,
};
use nn_plot::{PlotOptions, Series, curves};
use std::path::Path;

/// The two output layers compared: (name, output activation, loss).
pub const PAIRS: [(&str, Activation, Loss); 2] = [
    (
        "softmax + cross entropy",
        Activation::Softmax,
        Loss::CrossEntropy,
    ),
    (
        "sigmoid + squared error",
        Activation::Sigmoid,
        Loss::MeanSquaredError,
    ),
];

/// The one-layer network `1 → 2` with output `act`, loss `loss` and the wrong start
/// `W = (−2, 2)`, `b = (−2, 2)`.
pub fn wrong_start(act: Activation, loss: Loss) -> Result<Network<f64>> {
    let layer = Dense::from_parameters(
        DMatrix::from_row_slice(1, 2, &[-2.0, 2.0]),
        RowDVector::from_row_slice(&[-2.0, 2.0]),
        act,
    );
    Ok(Network::from_layers(vec![layer], loss)?)
}

/// The instance `x = 1` and its target `t = (1, 0)`.
pub fn instance() -> (DMatrix<f64>, DMatrix<f64>) {
    (
        DMatrix::from_element(1, 1, 1.0),
        DMatrix::from_row_slice(1, 2, &[1.0, 0.0]),
    )
}

/// `x₀`, the output for the true class, before training and after each of `steps` SGD steps
/// with learning rate `eta`.
pub fn true_class_output(net: &mut Network<f64>, eta: f64, steps: usize) -> Result<Vec<f64>> {
    let (x, t) = instance();
    let mut outputs = vec![net.predict(&x)?[(0, 0)]];
    let cfg = TrainConfig {
        mode: Mode::Batch,
        iterations: steps,
        show_interval: 0,
        schedule: Schedule::Constant { eta },
        seed: 0,
        weight_decay: 0.0,
    };
    nn_core::train_with(
        net,
        &mut Sgd,
        &mut Reference,
        Data { x: &x, t: &t },
        None,
        &cfg,
        &mut |_, n| outputs.push(n.predict(&x).map_or(f64::NAN, |y| y[(0, 0)])),
    )?;
    Ok(outputs)
}

/// `∂L/∂A₀`, the true class's output gradient, at the start (one backward pass).
pub fn first_gradient(act: Activation, loss: Loss) -> Result<f64> {
    let (x, t) = instance();
    let mut net = wrong_start(act, loss)?;
    net.forward(&x)?;
    net.backward(&x, &t)?;
    Ok(net.layers[0].delta[(0, 0)])
}

/// The first step after which `x₀ > 1/2`.
pub fn steps_to_half(outputs: &[f64]) -> Option<usize> {
    outputs.iter().position(|&v| v > 0.5)
}

/// Checks the flags.
pub fn check(eta: f64, steps: usize) -> Result<()> {
    if !(eta.is_finite() && eta > 0.0) {
        bail!("--eta must be a positive number, got {eta}");
    }
    if !(1..=100_000).contains(&steps) {
        bail!("--steps must be between 1 and 100000, got {steps}");
    }
    Ok(())
}

/// Trains both output layers from the wrong start and draws `x₀` against the step.
pub fn run(eta: f64, steps: usize, out: &Path) -> Result<Report> {
    check(eta, steps)?;
    let mut r = Report::default();
    r.say(format!(
        "x = 1, t = (1, 0), start W = (-2, 2), b = (-2, 2); SGD, η = {eta}, {steps} steps\n"
    ));
    r.say(format!(
        "{:<24} {:>10} {:>12} {:>16} {:>12}",
        "output and loss", "x0 at 0", "∂L/∂A0 at 0", "steps to x0>0.5", "x0 at end"
    ));
    let (mut series, mut rows) = (Vec::new(), Vec::new());
    for (name, act, loss) in PAIRS {
        let outputs = true_class_output(&mut wrong_start(act, loss)?, eta, steps)?;
        let g = first_gradient(act, loss)?;
        let half = steps_to_half(&outputs);
        r.say(format!(
            "{name:<24} {:>10.4} {g:>12.4} {:>16} {:>12.4}",
            outputs[0],
            half.map_or("never".to_string(), |h| h.to_string()),
            outputs[outputs.len() - 1]
        ));
        rows.push(serde_json::json!({
            "pair": name, "first_gradient": g, "steps_to_half": half,
            "final_output": outputs[outputs.len() - 1],
        }));
        let points = outputs
            .iter()
            .enumerate()
            .map(|(i, &v)| (i as f64, v))
            .collect();
        series.push(Series::new(name, points));
    }
    let png = out.join("cross_entropy.png");
    curves(
        &png,
        &series,
        &PlotOptions::titled("learning from a confidently wrong start: output for the true class")
            .axes("SGD step", "x₀, the output for the true class")
            .ranges((0.0, steps as f64), (0.0, 1.0))
            .size(900, 480),
    )?;
    r.files.push(png);
    r.set("pairs", rows);
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sigmoid_with_squared_error_starts_ten_times_slower() {
        let [(_, sa, sl), (_, qa, ql)] = PAIRS;
        let ce = true_class_output(&mut wrong_start(sa, sl).unwrap(), 0.15, 400).unwrap();
        let se = true_class_output(&mut wrong_start(qa, ql).unwrap(), 0.15, 400).unwrap();
        let (ce_half, se_half) = (steps_to_half(&ce).unwrap(), steps_to_half(&se).unwrap());
        assert!(10 * ce_half < se_half, "{ce_half} vs {se_half}");
    }

    #[test]
    fn the_gradients_are_x_minus_t_and_x_minus_t_times_sigma_prime() {
        let [(_, sa, sl), (_, qa, ql)] = PAIRS;
        // Softmax of (−4, 4): x₀ = 1/(1 + e⁸); ∂L/∂A₀ = x₀ − 1.
        let x0 = 1.0 / (1.0 + 8f64.exp());
        assert!((first_gradient(sa, sl).unwrap() - (x0 - 1.0)).abs() < 1e-12);
        // Sigmoid of −4: ∂L/∂A₀ = (x₀ − 1) x₀ (1 − x₀), 50 times smaller.
        let s0 = 1.0 / (1.0 + 4f64.exp());
        let g = first_gradient(qa, ql).unwrap();
        assert!((g - (s0 - 1.0) * s0 * (1.0 - s0)).abs() < 1e-12, "{g}");
        assert!(first_gradient(sa, sl).unwrap().abs() > 50.0 * g.abs());
    }

    #[test]
    fn bad_flags_are_refused() {
        assert!(check(0.0, 10).unwrap_err().to_string().contains("--eta"));
        assert!(check(0.1, 0).unwrap_err().to_string().contains("--steps"));
    }
}
