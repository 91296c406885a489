//! The activation-function picture of lecture 1: ReLU, tanh and sigmoid with their derivatives.

use nn_core::Activation;
use nn_plot::{PlotOptions, Series, activation_chart};
use std::path::Path;

/// The curves drawn: each activation `h` solid and its derivative `h'` dashed in the same colour,
/// sampled on `[−4, 4]`.
pub fn activation_series() -> Vec<Series> {
    let mut series = Vec::new();
    for (c, (name, act)) in [
        ("ReLU", Activation::Relu),
        ("tanh", Activation::Tanh),
        ("sigmoid", Activation::Sigmoid),
    ]
    .into_iter()
    .enumerate()
    {
        series.push(Series::from_fn(name, -4.0, 4.0, 401, |a| act.scalar(a)).color(c));
        let d = move |a: f64| act.derivative_scalar(a, act.scalar(a));
        series.push(
            Series::from_fn(format!("{name}'"), -4.0, 4.0, 401, d)
                .color(c)
                .dashed(),
        );
    }
    series
}

/// Writes the chart to `path` (PNG).
pub fn write_activation_chart(path: &Path) -> Result<(), nn_plot::PlotError> {
    let opts = PlotOptions::titled("Activation functions h(a) and their derivatives h'(a)")
        .axes("a", "h(a) solid, h'(a) dashed");
    activation_chart(path, &activation_series(), &opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_png_with_six_curves() {
        let dir = std::env::temp_dir().join(format!("lesson1-chart-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("activations.png");
        write_activation_chart(&path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(&bytes[1..4], b"PNG");
        assert_eq!(activation_series().len(), 6);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
