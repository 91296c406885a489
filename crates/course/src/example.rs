//! The worked example of lessons 1 and 2: a 2-3-3 network (ReLU, softmax) on a batch of 4, and
//! what its forward pass leaves behind ([`Forward`]). Lecture 2 differentiates lecture 1's
//! network, so both lessons share it from here.

use nalgebra::DMatrix;
use nn_core::{Activation, Dense, Loss, Network, one_hot};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// A mini-batch with its labels and a network's parameters `W^l` (inputs×outputs) and
/// `b^l` (1×outputs). Hidden layers use ReLU, the last softmax, the loss is cross entropy.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The input `X^0`, n×features.
    pub x: DMatrix<f64>,
    /// The class of each instance (row).
    pub labels: Vec<usize>,
    /// `W^1 … W^depth`.
    pub w: Vec<DMatrix<f64>>,
    /// `b^1 … b^depth`, each a 1×outputs matrix.
    pub b: Vec<DMatrix<f64>>,
}

impl Example {
    // ANCHOR: lecture_example
    /// The lecture-sized example with fixed, readable numbers: 4 instances of 2 features,
    /// a hidden layer of 3 ReLU units, 3 classes.
    pub fn lecture() -> Self {
        let x = DMatrix::from_row_slice(4, 2, &[1.0, 2.0, -1.0, 0.5, 0.5, -1.5, 2.0, 1.0]);
        let w1 = DMatrix::from_row_slice(2, 3, &[0.5, -0.3, 0.8, 0.2, 0.7, -0.4]);
        let b1 = DMatrix::from_row_slice(1, 3, &[0.1, -0.2, 0.2]);
        let w2 = DMatrix::from_row_slice(3, 3, &[0.6, -0.2, 0.1, -0.5, 0.4, 0.3, 0.2, 0.1, -0.6]);
        let b2 = DMatrix::from_row_slice(1, 3, &[0.0, 0.1, -0.1]);
        Example {
            x,
            labels: vec![1, 0, 2, 1],
            w: vec![w1, w2],
            b: vec![b1, b2],
        }
    }
    // ANCHOR_END: lecture_example

    /// Same shapes as [`Example::lecture`], weights drawn from `N(0, 1)` and inputs from
    /// `[−2, 2]` with `seed` (for `--random`).
    pub fn random(seed: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut draw = |r, c, s: f64| DMatrix::from_fn(r, c, |_, _| rng.random_range(-s..s));
        let (x, w1, b1, w2, b2) = (
            draw(4, 2, 2.0),
            draw(2, 3, 1.0),
            draw(1, 3, 0.5),
            draw(3, 3, 1.0),
            draw(1, 3, 0.5),
        );
        // seed % 3 first: seed + i would overflow for the largest seeds.
        let labels = (0..4).map(|i| (i + (seed % 3) as usize) % 3).collect();
        Example {
            x,
            labels,
            w: vec![w1, w2],
            b: vec![b1, b2],
        }
    }

    /// Number of layers (the lectures' `depth`).
    pub fn depth(&self) -> usize {
        self.w.len()
    }

    /// Number of classes (width of the last layer).
    pub fn classes(&self) -> usize {
        self.w.last().map_or(0, |w| w.ncols())
    }

    /// One-hot targets `T` (n×classes).
    pub fn t(&self) -> DMatrix<f64> {
        one_hot(&self.labels, self.classes())
    }

    /// The same network as an nn-core [`Network`] (ReLU hidden layers, softmax, cross entropy).
    pub fn network(&self) -> Network<f64> {
        let depth = self.depth();
        let layers = (0..depth)
            .map(|l| {
                let act = if l + 1 == depth {
                    Activation::Softmax
                } else {
                    Activation::Relu
                };
                let b = nalgebra::RowDVector::from_row_slice(self.b[l].as_slice());
                Dense::from_parameters(self.w[l].clone(), b, act)
            })
            .collect();
        Network::from_layers(layers, Loss::CrossEntropy).expect("the example's shapes fit")
    }

    /// Takes weights from an nn-core network (e.g. a model file), which must have ReLU hidden
    /// layers and a softmax output, and checks that its input width and classes fit this batch.
    pub fn with_network(mut self, net: &Network<f64>) -> Result<Self, String> {
        let depth = net.depth();
        for (l, layer) in net.layers.iter().enumerate() {
            let want = if l + 1 == depth {
                Activation::Softmax
            } else {
                Activation::Relu
            };
            if layer.activation != want {
                return Err(format!(
                    "layer {} has activation {}, but lesson 1 computes {want} there",
                    l + 1,
                    layer.activation
                ));
            }
        }
        if net.inputs() != self.x.ncols() {
            return Err(format!(
                "the network takes {} inputs but X has {} columns (give --x with {} values per row)",
                net.inputs(),
                self.x.ncols(),
                net.inputs()
            ));
        }
        if let Some(&bad) = self.labels.iter().find(|&&c| c >= net.outputs()) {
            return Err(format!(
                "label {bad} needs at least {} classes but the network has {} outputs (give --labels)",
                bad + 1,
                net.outputs()
            ));
        }
        self.w = net.layers.iter().map(|l| l.w.clone()).collect();
        self.b = net
            .layers
            .iter()
            .map(|l| DMatrix::from_row_slice(1, l.b.len(), l.b.as_slice()))
            .collect();
        Ok(self)
    }
}

/// What a forward pass leaves behind: `a[l] = A^(l+1)` for each of the `depth` layers, and
/// `x[0] = X^0` (the input) followed by `x[l] = X^l = h_l(A^l)`, so `x` has `depth + 1` entries
/// and `x[depth]` is the network's output.
#[derive(Debug, Clone, PartialEq)]
pub struct Forward {
    /// Pre-activations `A^1 … A^depth` (each n×width).
    pub a: Vec<DMatrix<f64>>,
    /// Outputs `X^0 … X^depth` (each n×width); `x[0]` is the input.
    pub x: Vec<DMatrix<f64>>,
}

impl Forward {
    /// The network's output `X^depth`.
    pub fn output(&self) -> &DMatrix<f64> {
        self.x.last().expect("x holds at least the input")
    }
}

/// nn-core's forward pass `A^l = X^(l−1) W^l + B^l`, `X^l = h_l(A^l)` (ReLU hidden layers,
/// softmax output) on `X^0 = x0`, as a [`Forward`]. The caller checks the shapes.
pub fn reference_forward(x0: &DMatrix<f64>, w: &[DMatrix<f64>], b: &[DMatrix<f64>]) -> Forward {
    let ex = Example {
        x: x0.clone(),
        labels: vec![],
        w: w.to_vec(),
        b: b.to_vec(),
    };
    let mut net = ex.network();
    net.forward(x0).expect("shapes checked by the caller");
    let mut x = vec![x0.clone()];
    x.extend(net.layers.iter().map(|l| l.x.clone()));
    Forward {
        a: net.layers.iter().map(|l| l.a.clone()).collect(),
        x,
    }
}

/// Parses a matrix written as rows separated by `;` and values by `,`, e.g. `"1,2; -1,0.5"`.
pub fn parse_matrix(text: &str) -> Result<DMatrix<f64>, String> {
    let rows: Vec<Vec<f64>> = text
        .split(';')
        .enumerate()
        .map(|(i, row)| {
            row.split(',')
                .enumerate()
                .map(|(j, v)| {
                    v.trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|v| v.is_finite())
                        .ok_or_else(|| {
                            format!(
                                "row {}, value {}: expected a number, found {:?}",
                                i + 1,
                                j + 1,
                                v.trim()
                            )
                        })
                })
                .collect()
        })
        .collect::<Result<_, _>>()?;
    let m = rows[0].len();
    if let Some((i, r)) = rows.iter().enumerate().find(|(_, r)| r.len() != m) {
        return Err(format!(
            "row {} has {} values but row 1 has {m}",
            i + 1,
            r.len()
        ));
    }
    Ok(DMatrix::from_fn(rows.len(), m, |i, j| rows[i][j]))
}

/// Parses class labels written as `"1,0,2,1"`.
pub fn parse_labels(text: &str) -> Result<Vec<usize>, String> {
    text.split(',')
        .enumerate()
        .map(|(i, v)| {
            v.trim().parse::<usize>().map_err(|_| {
                format!(
                    "label {}: expected a class number 0, 1, 2, …, found {:?}",
                    i + 1,
                    v.trim()
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lecture_example_stays_clear_of_the_relu_kink() {
        // Gradient checks need every hidden pre-activation away from 0, where ReLU has no
        // derivative.
        let ex = Example::lecture();
        let mut net = ex.network();
        net.forward(&ex.x).unwrap();
        let min = net.layers[0]
            .a
            .iter()
            .map(|v| v.abs())
            .fold(f64::MAX, f64::min);
        assert!(min > 0.04, "smallest |A¹| is {min}");
        assert_eq!(ex.t().shape(), (4, 3));
    }

    #[test]
    fn parses_matrices_and_labels_with_clear_errors() {
        let m = parse_matrix("1,2; -1, 0.5").unwrap();
        assert_eq!(m, DMatrix::from_row_slice(2, 2, &[1.0, 2.0, -1.0, 0.5]));
        assert!(
            parse_matrix("1,2;3")
                .unwrap_err()
                .contains("row 2 has 1 values")
        );
        assert!(parse_matrix("1,x").unwrap_err().contains("\"x\""));
        assert_eq!(parse_labels("1, 0,2").unwrap(), vec![1, 0, 2]);
        assert!(parse_labels("1,-1").unwrap_err().contains("label 2"));
    }

    #[test]
    fn every_seed_gives_an_example_even_the_largest() {
        assert_eq!(Example::random(u64::MAX).labels, vec![0, 1, 2, 0]);
        assert_eq!(Example::random(4).labels, vec![1, 2, 0, 1]);
    }

    #[test]
    fn with_network_rejects_mismatches() {
        let ex = Example::lecture();
        let net = Example::random(3).network();
        assert_eq!(ex.clone().with_network(&net).unwrap().w, net_w(&net));
        let mut tanh = net.clone();
        tanh.layers[0].activation = Activation::Tanh;
        assert!(ex.with_network(&tanh).unwrap_err().contains("layer 1"));
    }

    fn net_w(net: &Network<f64>) -> Vec<DMatrix<f64>> {
        net.layers.iter().map(|l| l.w.clone()).collect()
    }
}
