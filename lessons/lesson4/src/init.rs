//! `init`: initial weights too small, right (He) and too large in a deep ReLU network.
//!
//! A unit sums `n` inputs, `a = Σᵢ xᵢ wᵢ`; with independent weights of mean 0 and variance σ²,
//! `Var(a) = n σ² E[x²]`. Xavier's `σ² = 1/n` keeps `Var(a) = E[x²]` (for tanh and sigmoid,
//! nearly linear around 0); ReLU zeroes the negative half, `E[max(0, a)²] = Var(a)/2`, so He's
//! `σ² = 2/n` keeps the size of `X^l` from layer to layer. A smaller σ shrinks it by
//! `√(n σ²/2)` per layer, a larger one grows it by as much. The experiment measures the root
//! mean square `√(mean((X^l)²))` of every hidden layer's output at the start, then trains each
//! network with `nn_core::train_with`.

use crate::learning_rate::{Run, train_recording};
use crate::report::{Report, bar, pct};
use anyhow::{Result, bail};
use nn_core::{Activation, Architecture, Init, Network};
use nn_course::settings::Settings;
use nn_plot::{PlotOptions, Series, curves};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use std::path::Path;

/// The experiment's settings: five hidden ReLU layers of 50 units, 2000 iterations, a record
/// every 50.
pub fn defaults() -> Settings {
    Settings {
        hidden: vec![50; 5],
        iterations: 2000,
        show_interval: 50,
        ..Settings::default()
    }
}

/// The initial weights compared: `N(0, σ²)` with a fixed σ, or He's `σ = √(2/n)`.
pub fn inits(small: f64, large: f64) -> [(String, Init); 3] {
    [
        (format!("σ = {small}"), Init::Normal(small)),
        ("He, σ = √(2/n)".to_string(), Init::He),
        (format!("σ = {large}"), Init::Normal(large)),
    ]
}

/// A fresh ReLU network of the settings' shape with every weight drawn by `init` (from the seed).
pub fn network(s: &Settings, init: Init) -> Result<Network<f64>> {
    let arch = Architecture::classifier(&s.sizes(2, 2), Activation::Relu);
    let mut rng = ChaCha8Rng::seed_from_u64(s.seed);
    Ok(Network::with_init(&arch, Some(init), &mut rng)?)
}

/// `√(mean((X^l)²))` of the input (l = 0) and of every hidden layer's output on the circle
/// training set, before training.
pub fn rms_per_layer(s: &Settings, net: &mut Network<f64>) -> Result<Vec<f64>> {
    let (train, _) = crate::fit::circle(s)?;
    net.forward(&train.x)?;
    let rms = |m: &nn_core::DMatrix<f64>| (m.norm_squared() / m.len() as f64).sqrt();
    let hidden = net.depth() - 1;
    let mut out = vec![rms(&train.x)];
    out.extend(net.layers[..hidden].iter().map(|l| rms(&l.x)));
    Ok(out)
}

/// Checks the flags: 0 < small < large, and at least two hidden layers.
pub fn check(s: &Settings, small: f64, large: f64) -> Result<()> {
    if !(small.is_finite() && large.is_finite() && 0.0 < small && small < large) {
        bail!(
            "--small and --large must be positive with --small < --large, got {small} and {large}"
        );
    }
    if s.hidden.len() < 2 {
        bail!(
            "--hidden needs at least two hidden layers to show the sizes growing or shrinking, got {}",
            s.hidden.len()
        );
    }
    Ok(())
}

/// Measures the layers' sizes and trains once per initialisation; draws both.
pub fn run(s: &Settings, small: f64, large: f64, out: &Path, quiet: bool) -> Result<Report> {
    check(s, small, large)?;
    let b = bar(quiet, 3 * s.iterations as u64, "initial weights");
    let mut r = Report::default();
    r.say(format!(
        "ReLU network {:?}, {}, η = {}, {} iterations, seed {}\n",
        s.sizes(2, 2),
        s.optimizer,
        s.eta,
        s.iterations,
        s.seed
    ));
    let layers: String = (0..=s.hidden.len())
        .map(|l| format!("{:>7}", format!("X{l}")))
        .collect();
    r.say(format!("{:<14}{layers}   loss / accuracy", "rms of"));
    let (mut sizes, mut losses, mut rows) = (Vec::new(), Vec::new(), Vec::new());
    for (name, init) in inits(small, large) {
        let mut net = network(s, init)?;
        let rms = rms_per_layer(s, &mut net)?;
        let run: Run = train_recording(s, &mut net, s.eta, &b)?;
        let end = match run.diverged {
            Some(i) => format!("diverged, iteration {i}"),
            None => format!("{:.4} / {}", run.final_loss(), pct(run.accuracy)),
        };
        let cells: String = rms.iter().map(|v| format!("{v:>7.1e}")).collect();
        r.say(format!("{name:<14}{cells}   {end}"));
        rows.push(serde_json::json!({
            "init": name, "rms_per_layer": rms, "final_loss": run.final_loss(),
            "train_accuracy": run.accuracy, "diverged_at": run.diverged,
        }));
        let points = rms
            .iter()
            .enumerate()
            .map(|(l, &v)| (l as f64, v))
            .collect();
        sizes.push(Series::new(name.clone(), points));
        let label = match run.diverged {
            Some(i) => format!("{name} (diverged at {i})"),
            None => name,
        };
        losses.push(Series::new(label, run.losses.clone()));
    }
    b.finish_and_clear();
    let png = out.join("init_sizes.png");
    curves(
        &png,
        &sizes,
        &PlotOptions::titled("size of each layer's output Xˡ with three initial weights")
            .axes("layer l (0 = the input)", "rms of Xˡ (log scale)")
            .log_y(true)
            .size(900, 520),
    )?;
    r.files.push(png);
    let png = out.join("init_training.png");
    curves(
        &png,
        &losses,
        &PlotOptions::titled("training loss with three initial weights, same data and η")
            .axes("iteration", "training loss (log scale)")
            .log_y(true)
            .size(900, 520),
    )?;
    r.files.push(png);
    r.set("inits", rows);
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn he_keeps_the_size_small_weights_shrink_it_large_weights_grow_it() {
        for seed in [1, 2] {
            let s = Settings {
                seed,
                n: 400,
                ..defaults()
            };
            let size = |init| {
                let mut net = network(&s, init).unwrap();
                let rms = rms_per_layer(&s, &mut net).unwrap();
                rms[rms.len() - 1] / rms[0]
            };
            let (small, he, large) = (
                size(Init::Normal(0.01)),
                size(Init::He),
                size(Init::Normal(1.0)),
            );
            assert!(small < 1e-4, "σ = 0.01: X5 is {small} of X0");
            assert!((0.2..5.0).contains(&he), "He: X5 is {he} of X0");
            assert!(large > 100.0, "σ = 1: X5 is {large} times X0");
        }
    }

    #[test]
    fn only_he_learns() {
        let s = Settings {
            n: 400,
            iterations: 1000,
            ..defaults()
        };
        let b = indicatif::ProgressBar::hidden();
        let train = |init| {
            let mut net = network(&s, init).unwrap();
            train_recording(&s, &mut net, s.eta, &b).unwrap()
        };
        let (small, he, large) = (
            train(Init::Normal(0.01)),
            train(Init::He),
            train(Init::Normal(1.0)),
        );
        assert!(he.diverged.is_none() && he.accuracy > 0.95, "{he:?}");
        // Too small: the signal reaching the output is ~1e-7 of the input, so only the output
        // bias learns — the class shares — and the network answers "outside" everywhere.
        let counts = crate::fit::circle(&s).unwrap().0.class_counts();
        let outside = counts[0] as f64 / (counts[0] + counts[1]) as f64;
        assert!(small.accuracy <= outside + 0.01, "{small:?} vs {outside}");
        assert!(small.final_loss() > 5.0 * he.final_loss(), "{small:?}");
        assert!(
            large.diverged.is_some() || large.final_loss() > 3.0 * he.final_loss(),
            "{large:?}"
        );
    }
}
