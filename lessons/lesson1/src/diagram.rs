//! The network of the example as a diagram: a column of units per layer, and below and above
//! them every matrix of the forward pass with its shape — `X^(l−1)` (n×d), `W^l` (d×m),
//! `b^l` (1×m), `B^l = 1 ⊗ b^l`, `A^l = X^(l−1) W^l + B^l` and `X^l = h_l(A^l)` (n×m) — read from
//! the example's own matrices.

use crate::Example;
use nn_plot::{PlotOptions, network_diagram};
use std::path::Path;

/// `l` in superscript digits: 12 → "¹²".
pub fn sup(l: usize) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    l.to_string()
        .chars()
        .map(|c| DIGITS[c.to_digit(10).unwrap_or(0) as usize])
        .collect()
}

fn shape(rows: usize, cols: usize) -> String {
    format!("{rows}×{cols}")
}

/// The layer widths, the text under each column (the matrices of that layer) and over each
/// link (the layer's weights and bias), with the shapes of `ex`'s matrices.
pub fn labels(ex: &Example) -> (Vec<usize>, Vec<Vec<String>>, Vec<Vec<String>>) {
    let n = ex.x.nrows();
    let depth = ex.depth();
    let mut sizes = vec![ex.x.ncols()];
    let mut under = vec![vec![
        "input".into(),
        format!("X⁰: {}", shape(n, ex.x.ncols())),
    ]];
    let mut over = Vec::new();
    for l in 1..=depth {
        let (w, b) = (&ex.w[l - 1], &ex.b[l - 1]);
        let (p, s) = (sup(l - 1), sup(l));
        sizes.push(w.ncols());
        over.push(vec![
            format!("W{s}: {}", shape(w.nrows(), w.ncols())),
            format!("b{s}: {}", shape(b.nrows(), b.ncols())),
            format!("B{s} = 1 ⊗ b{s}: {}", shape(n, b.ncols())),
        ]);
        let h = if l == depth { "softmax" } else { "ReLU" };
        let m = shape(n, w.ncols());
        let mut lines = vec![
            if l == depth {
                "output".into()
            } else {
                format!("hidden layer {l}")
            },
            format!("A{s} = X{p}W{s} + B{s}: {m}"),
            format!("X{s} = {h}(A{s}): {m}"),
        ];
        if l == depth {
            lines.push(format!("L = CE(X{s}, T), T: {m}"));
        }
        under.push(lines);
    }
    (sizes, under, over)
}

/// Writes the diagram of `ex`'s network to `path` (PNG).
pub fn write_network_diagram(path: &Path, ex: &Example) -> Result<(), nn_plot::PlotError> {
    let (sizes, under, over) = labels(ex);
    let opts = PlotOptions::titled(format!(
        "the network of lesson 1 and the shape of every matrix (a mini-batch of n = {})",
        ex.x.nrows()
    ))
    .size(1000, 560);
    network_diagram(path, &sizes, &under, &over, &opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_in_the_diagram_is_the_forward_pass_shape() {
        for ex in [Example::lecture(), Example::random(7)] {
            let (sizes, under, over) = labels(&ex);
            let mut net = ex.network();
            net.forward(&ex.x).unwrap();
            assert_eq!(sizes, net.sizes());
            for (l, layer) in net.layers.iter().enumerate() {
                let s = sup(l + 1);
                let a = format!("A{s} = ");
                let line = under[l + 1].iter().find(|t| t.starts_with(&a)).unwrap();
                assert!(
                    line.ends_with(&shape(layer.a.nrows(), layer.a.ncols())),
                    "{line}"
                );
                let x = under[l + 1]
                    .iter()
                    .find(|t| t.starts_with(&format!("X{s} = ")))
                    .unwrap();
                assert!(x.ends_with(&shape(layer.x.nrows(), layer.x.ncols())), "{x}");
                assert_eq!(
                    over[l][0],
                    format!("W{s}: {}", shape(layer.w.nrows(), layer.w.ncols()))
                );
                assert_eq!(over[l][1], format!("b{s}: 1×{}", layer.b.len()));
            }
        }
        assert_eq!(sup(12), "¹²");
    }

    #[test]
    fn writes_the_png() {
        let dir = std::env::temp_dir().join(format!("lesson1-diagram-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let png = dir.join("network.png");
        write_network_diagram(&png, &Example::lecture()).unwrap();
        assert_eq!(&std::fs::read(&png).unwrap()[1..4], b"PNG");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
