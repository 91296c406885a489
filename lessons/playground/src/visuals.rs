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
    /// The predicted class of each cell.
    pub class: Vec<u8>,
    /// The probability of class 1 (two classes) or of the predicted class, ×255.
    pub prob: Vec<u8>,
    /// Cells per side of each unit map.
    pub unit_grid: usize,
    /// Hidden layer by layer: its width and the maps of its first units.
    pub layers: Vec<LayerMaps>,
    /// `W^l` and `b^l` of every layer, when small enough to send.
    pub weights: Option<Vec<LayerWeights>>,
}

/// The maps of one hidden layer.
#[derive(Debug, Clone, Serialize)]
pub struct LayerMaps {
    /// Units in the layer.
    pub width: usize,
    /// Maps of the first [`MAX_UNIT_MAPS`] units.
    pub units: Vec<UnitMap>,
}

/// One unit's activation over the square, scaled from `[min, max]` to 0–255.
#[derive(Debug, Clone, Serialize)]
pub struct UnitMap {
    /// Smallest activation over the grid.
    pub min: f64,
    /// Largest activation over the grid.
    pub max: f64,
    /// `unit_grid²` bytes, row 0 at the top.
    pub values: Vec<u8>,
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
        let (mut class, mut prob) = (Vec::new(), Vec::new());
        for r in 0..probs.nrows() {
            let row = probs.row(r);
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
        let weights = (params <= MAX_SENT_WEIGHTS).then(|| {
            net.layers
                .iter()
                .map(|l| LayerWeights {
                    w: rows(&l.w, usize::MAX),
                    b: l.b.iter().copied().collect(),
                })
                .collect()
        });
        Visuals {
            extent,
            grid: GRID,
            class,
            prob,
            unit_grid: UNIT_GRID,
            layers,
            weights,
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
    let span = if max > min { max - min } else { 1.0 };
    UnitMap {
        min,
        max,
        values: values.map(|v| byte((v - min) / span)).collect(),
    }
}
