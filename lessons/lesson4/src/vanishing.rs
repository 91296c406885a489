//! `vanishing`: how the error signal `Δ^l` shrinks on its way back through a deep network.
//!
//! Backpropagation computes `Δ^l = (Δ^(l+1) W^(l+1)ᵀ) ⊙ h'(A^l)`: every layer multiplies by a
//! weight matrix and by the derivative of the activation. Sigmoid's derivative is at most 1/4,
//! tanh's at most 1 and below it wherever the unit is not at 0, ReLU's exactly 1 where the unit
//! is on. So with sigmoid `‖Δ^l‖` falls by a factor at every layer, and the first layers barely
//! learn. The experiment builds one deep network per activation (He initial weights for ReLU,
//! Xavier otherwise, from the same seed), runs nn-core's forward and backward passes once on the
//! circle task's training set and reports the Frobenius norm `‖Δ^l‖ = √(Σ_ij (Δ^l_ij)²)` of
//! every layer.

use crate::fit;
use crate::report::Report;
use anyhow::{Result, bail};
use nn_core::{Activation, Architecture, Network};
use nn_course::settings::Settings;
use nn_plot::{PlotOptions, Series, curves};
use std::path::Path;

/// The hidden layers of the experiment unless `--hidden` says otherwise: six of width 10.
pub fn default_hidden() -> Vec<usize> {
    vec![10; 6]
}

/// `‖Δ^l‖` for l = 1 … K after one forward and backward pass of a fresh network with hidden
/// activation `act` (and the settings' widths and seed) on the circle training set.
pub fn delta_norms(s: &Settings, act: Activation) -> Result<Vec<f64>> {
    let (train, _) = fit::circle(s)?;
    let arch = Architecture::classifier(&s.sizes(2, 2), act);
    let mut net = Network::<f64>::new(&arch, s.seed)?;
    let t = train.one_hot();
    net.forward(&train.x)?;
    net.backward(&train.x, &t)?;
    Ok(net.layers.iter().map(|l| l.delta.norm()).collect())
}

/// `‖Δ¹‖ / ‖Δ^(K−1)‖`: how much of the last hidden layer's error signal reaches the first.
pub fn first_to_last_hidden(norms: &[f64]) -> f64 {
    match norms {
        [first, .., last_hidden, _output] => first / last_hidden,
        _ => 1.0,
    }
}

/// Checks the flags: at least two hidden layers (otherwise nothing can shrink) and at least one
/// activation, none of them softmax.
pub fn check(s: &Settings, activations: &[Activation]) -> Result<()> {
    if s.hidden.len() < 2 {
        bail!(
            "--hidden needs at least two hidden layers to show Δ shrinking, got {}",
            s.hidden.len()
        );
    }
    if activations.is_empty() {
        bail!("--activations needs at least one activation");
    }
    for &a in activations {
        nn_course::settings::check_hidden_activation("--activations", a)
            .map_err(anyhow::Error::msg)?;
    }
    Ok(())
}

/// Measures `‖Δ^l‖` for each activation and draws them against l on a log scale.
pub fn run(s: &Settings, activations: &[Activation], out: &Path) -> Result<Report> {
    check(s, activations)?;
    let mut r = Report::default();
    r.say(format!(
        "network {:?}, one pass on {} training instances, seed {}\n",
        s.sizes(2, 2),
        s.train_rows(),
        s.seed
    ));
    let depth = s.hidden.len() + 1;
    let head: String = (1..=depth)
        .map(|l| format!("{:>8}", format!("‖Δ{l}‖")))
        .collect();
    r.say(format!(
        "{:<8}{head}{:>12}",
        "",
        "‖Δ1‖/‖Δ{}‖".replace("{}", &(depth - 1).to_string())
    ));
    let mut series = Vec::new();
    let mut rows = Vec::new();
    for &act in activations {
        let norms = delta_norms(s, act)?;
        let cells: String = norms.iter().map(|v| format!("{v:>8.1e}")).collect();
        let ratio = first_to_last_hidden(&norms);
        r.say(format!("{:<8}{cells}{ratio:>12.1e}", act.name()));
        rows.push(serde_json::json!({
            "activation": act.name(), "delta_norms": norms, "first_to_last_hidden": ratio,
        }));
        let points = norms
            .iter()
            .enumerate()
            .map(|(l, &v)| ((l + 1) as f64, v))
            .collect();
        series.push(Series::new(act.name(), points));
    }
    let png = out.join("vanishing.png");
    curves(
        &png,
        &series,
        &PlotOptions::titled("size of the error signal Δˡ at each layer, before training")
            .axes(
                "layer l (1 = first hidden layer, last = output)",
                "‖Δˡ‖ (log scale)",
            )
            .log_y(true)
            .size(900, 520),
    )?;
    r.files.push(png);
    r.set("vanishing", rows);
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings {
            hidden: default_hidden(),
            n: 300,
            ..Settings::default()
        }
    }

    #[test]
    fn sigmoid_signal_shrinks_tenfold_relu_keeps_it() {
        for seed in [1, 2, 3] {
            let s = Settings { seed, ..settings() };
            let sigmoid = first_to_last_hidden(&delta_norms(&s, Activation::Sigmoid).unwrap());
            let tanh = first_to_last_hidden(&delta_norms(&s, Activation::Tanh).unwrap());
            let relu = first_to_last_hidden(&delta_norms(&s, Activation::Relu).unwrap());
            assert!(sigmoid < 0.1, "seed {seed}: sigmoid ‖Δ1‖/‖Δ6‖ = {sigmoid}");
            assert!(relu > 0.3, "seed {seed}: relu ‖Δ1‖/‖Δ6‖ = {relu}");
            assert!(
                sigmoid < tanh && tanh < relu,
                "seed {seed}: {sigmoid} {tanh} {relu}"
            );
        }
    }

    #[test]
    fn a_shallow_network_or_softmax_is_refused() {
        let s = Settings {
            hidden: vec![10],
            ..settings()
        };
        let e = check(&s, &[Activation::Relu]).unwrap_err().to_string();
        assert!(e.contains("--hidden"), "{e}");
        let e = check(&settings(), &[Activation::Softmax])
            .unwrap_err()
            .to_string();
        assert!(e.contains("--activations"), "{e}");
    }
}
