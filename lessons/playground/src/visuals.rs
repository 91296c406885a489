//! The pictures of a network over the input square: the output probability as a heat map, each
//! hidden unit's activation as a small map, and the weights for the page's hover formulas.
//! Values are sent as bytes 0–255 to keep each frame small.

use crate::datasets::Extent;
use nalgebra::DMatrix;
use nn_core::Network;
use serde::Serialize;

/// Cells per side of the output heat map.
pub const GRID: usize = 48;
/// Cells per side of a hidden unit's map.
pub const UNIT_GRID: usize = 20;
/// The most unit maps per layer (a 256-wide layer shows its first 32).
pub const MAX_UNIT_MAPS: usize = 32;
/// Weights are sent for hover formulas when the hidden layers have at most this many.
pub const MAX_SENT_WEIGHTS: usize = 20_000;

/// A frame of pictures.
#[derive(Debug, Clone, Serialize)]
pub struct Visuals {
    /// The square drawn.
    pub extent: Extent,
    /// Cells per side of `class` and `prob`, row 0 at the top (largest x₂).
    pub grid: usize,
    /// The predicted class of each cell; [`NOT_A_NUMBER`] where the network's outputs are not
    /// finite numbers (a diverged network).
    pub class: Vec<u8>,
    /// The probability of class 1 (two classes) or of the predicted class, ×255.
    pub prob: Vec<u8>,
    /// Cells whose outputs are not finite numbers.
    pub not_finite: usize,
    /// Cells per side of each unit map.
    pub unit_grid: usize,
    /// Hidden layer by layer: its width and the maps of its first units.
    pub layers: Vec<LayerMaps>,
    /// `W^l` and `b^l` of every layer — all of them when the network has at most
    /// [`MAX_SENT_WEIGHTS`] parameters, else those among the first [`SAMPLED_UNITS`] units of
    /// each layer (`weights_sampled`).
    pub weights: Option<Vec<LayerWeights>>,
    /// Whether `weights` is a sample (the first [`SAMPLED_UNITS`] units of each layer).
    pub weights_sampled: bool,
    /// The widths of the layers, inputs first (2, the hidden widths, the classes).
    pub widths: Vec<usize>,
}

/// The units per layer whose weights are sent for a network too large to send whole.
pub const SAMPLED_UNITS: usize = 12;

/// The maps of one hidden layer.
#[derive(Debug, Clone, Serialize)]
pub struct LayerMaps {
    /// Units in the layer.
    pub width: usize,
    /// Maps of the first [`MAX_UNIT_MAPS`] units.
    pub units: Vec<UnitMap>,
}

/// The class byte of a cell whose outputs are not finite numbers.
pub const NOT_A_NUMBER: u8 = 255;

/// One unit's activation over the square on a scale centred on 0: byte 128 is 0, 255 is
/// `+scale` and 1 is `−scale`, with `scale` the largest |activation| (so the sign shows).
#[derive(Debug, Clone, Serialize)]
pub struct UnitMap {
    /// Smallest activation over the grid.
    pub min: f64,
    /// Largest activation over the grid.
    pub max: f64,
    /// The largest |activation|: the ends of the scale.
    pub scale: f64,
    /// `unit_grid²` bytes, row 0 at the top; 0 where the activation is not a finite number.
    pub values: Vec<u8>,
    /// Cells whose activation is not a finite number.
    pub not_finite: usize,
}

/// One layer's parameters.
#[derive(Debug, Clone, Serialize)]
pub struct LayerWeights {
    /// `W^l`, one row per input.
    pub w: Vec<Vec<f64>>,
    /// `b^l`.
    pub b: Vec<f64>,
}

/// The rows of `m` (at most `max`), as the page receives a matrix (the weights here, the
/// step view's matrices of the state).
pub fn rows(m: &DMatrix<f64>, max: usize) -> Vec<Vec<f64>> {
    (0..m.nrows().min(max))
        .map(|r| m.row(r).iter().copied().collect())
        .collect()
}

/// The points of a `side × side` grid over the square, row by row from the top.
fn grid_points(extent: Extent, side: usize) -> DMatrix<f64> {
    let step = (extent.max - extent.min) / side as f64;
    let mut m = DMatrix::zeros(side * side, 2);
    for r in 0..side {
        for c in 0..side {
            m[(r * side + c, 0)] = extent.min + (c as f64 + 0.5) * step;
            m[(r * side + c, 1)] = extent.max - (r as f64 + 0.5) * step;
        }
    }
    m
}

/// Every layer's output `X^l` on `x` (nn-core's `Dense::predict`, caches untouched).
fn outputs(net: &Network<f64>, x: &DMatrix<f64>) -> Vec<DMatrix<f64>> {
    let mut outs: Vec<DMatrix<f64>> = Vec::with_capacity(net.depth());
    for layer in &net.layers {
        let next = layer.predict(outs.last().unwrap_or(x));
        outs.push(next);
    }
    outs
}

fn byte(v: f64) -> u8 {
    if v.is_finite() {
        (v.clamp(0.0, 1.0) * 255.0).round() as u8
    } else {
        0
    }
}

impl Visuals {
    /// The pictures of `net` over `extent`.
    pub fn of(net: &Network<f64>, extent: Extent) -> Self {
        let out = outputs(net, &grid_points(extent, GRID));
        let probs = out.last().expect("a network has layers");
        let two = probs.ncols() == 2;
        let (mut class, mut prob, mut not_finite) = (Vec::new(), Vec::new(), 0);
        for r in 0..probs.nrows() {
            let row = probs.row(r);
            if row.iter().any(|v| !v.is_finite()) {
                not_finite += 1;
                class.push(NOT_A_NUMBER);
                prob.push(0);
                continue;
            }
            let k = (0..row.len()).fold(0, |best, j| if row[j] > row[best] { j } else { best });
            class.push(k as u8);
            prob.push(byte(if two { row[1] } else { row[k] }));
        }
        let hidden = outputs(net, &grid_points(extent, UNIT_GRID));
        let layers = hidden[..hidden.len() - 1]
            .iter()
            .map(|m| LayerMaps {
                width: m.ncols(),
                units: (0..m.ncols().min(MAX_UNIT_MAPS))
                    .map(|j| unit_map(m.column(j).iter().copied()))
                    .collect(),
            })
            .collect();
        let params: usize = net.layers.iter().map(|l| l.w.len() + l.b.len()).sum();
        let sampled = params > MAX_SENT_WEIGHTS;
        let keep = if sampled { SAMPLED_UNITS } else { usize::MAX };
        let weights = Some(
            net.layers
                .iter()
                .map(|l| LayerWeights {
                    w: rows(&l.w, keep)
                        .into_iter()
                        .map(|r| r.into_iter().take(keep).collect())
                        .collect(),
                    b: l.b.iter().copied().take(keep).collect(),
                })
                .collect(),
        );
        let mut widths = vec![net.layers[0].w.nrows()];
        widths.extend(net.layers.iter().map(|l| l.w.ncols()));
        Visuals {
            extent,
            grid: GRID,
            class,
            prob,
            not_finite,
            unit_grid: UNIT_GRID,
            layers,
            weights,
            weights_sampled: sampled,
            widths,
        }
    }
}

fn unit_map(values: impl Iterator<Item = f64> + Clone) -> UnitMap {
    let finite = values.clone().filter(|v| v.is_finite());
    let min = finite.clone().fold(f64::INFINITY, f64::min);
    let max = finite.fold(f64::NEG_INFINITY, f64::max);
    let (min, max) = if min.is_finite() {
        (min, max)
    } else {
        (0.0, 0.0)
    };
    let scale = min.abs().max(max.abs());
    let span = if scale > 0.0 { scale } else { 1.0 };
    let not_finite = values.clone().filter(|v| !v.is_finite()).count();
    UnitMap {
        min,
        max,
        scale,
        values: values
            .map(|v| {
                if v.is_finite() {
                    (128.0 + 127.0 * (v / span).clamp(-1.0, 1.0)).round() as u8
                } else {
                    0
                }
            })
            .collect(),
        not_finite,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nn_core::{Activation, Architecture};
    use rand::SeedableRng;

    #[test]
    fn unit_maps_are_centred_on_zero_and_a_diverged_network_is_marked() {
        let m = unit_map([-2.0, 0.0, 1.0, f64::NAN].into_iter());
        assert_eq!(m.values, vec![1, 128, 192, 0]);
        assert_eq!((m.min, m.max, m.scale, m.not_finite), (-2.0, 1.0, 2.0, 1));
        let arch = Architecture::classifier(&[2, 3, 2], Activation::Tanh);
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(1);
        let mut net = Network::<f64>::with_init(&arch, None, &mut rng).unwrap();
        let square = Extent {
            min: -1.0,
            max: 1.0,
        };
        let fine = Visuals::of(&net, square);
        assert_eq!(fine.not_finite, 0);
        assert!(fine.class.iter().all(|&c| c < 2));
        net.layers[1].w[(0, 0)] = f64::NAN;
        let blown = Visuals::of(&net, square);
        assert_eq!(blown.not_finite, GRID * GRID);
        assert!(blown.class.iter().all(|&c| c == NOT_A_NUMBER));
    }

    #[test]
    fn a_large_network_sends_a_sample_of_its_weights_and_says_so() {
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(1);
        let square = Extent {
            min: -1.0,
            max: 1.0,
        };
        let arch = Architecture::classifier(&[2, 256, 256, 2], Activation::Relu);
        let net = Network::<f64>::with_init(&arch, None, &mut rng).unwrap();
        let v = Visuals::of(&net, square);
        assert!(v.weights_sampled);
        assert_eq!(v.widths, vec![2, 256, 256, 2]);
        let w = v.weights.as_ref().unwrap();
        assert_eq!((w[1].w.len(), w[1].w[0].len(), w[1].b.len()), (12, 12, 12));
        assert_eq!(w[1].w[3][5], net.layers[1].w[(3, 5)]);
        assert_eq!((w[0].w.len(), w[2].w[0].len()), (2, 2));
        let small = Architecture::classifier(&[2, 10, 10, 2], Activation::Relu);
        let net = Network::<f64>::with_init(&small, None, &mut rng).unwrap();
        let v = Visuals::of(&net, square);
        assert!(!v.weights_sampled);
        assert_eq!(v.weights.unwrap()[1].w.len(), 10);
    }
}
