//! The backward pass as a data-flow graph: the forward values of lesson 1's network in the top
//! row, and below them, in red, what backpropagation computes from them — `Δ² = (X² − T)/n`,
//! `Δ¹ = (Δ² W²ᵀ) ⊙ h'(A¹)`, `∂L/∂W^l = X^(l−1)ᵀ Δ^l`, `∂L/∂b^l = 1ᵀ Δ^l` — each box with the
//! shape of its matrix, read from a real forward and backward pass.

use crate::Example;
use nn_plot::{FlowArrow, FlowBox, PlotOptions, flow_diagram};
use std::path::Path;

/// The boxes and arrows of the graph for `ex` (whose network must have two layers): each box
/// is a matrix of the forward or backward pass with its shape.
pub fn graph(ex: &Example) -> Result<(Vec<FlowBox>, Vec<FlowArrow>), String> {
    if ex.depth() != 2 {
        return Err(format!(
            "the backward graph is drawn for a network of two layers, this one has {}",
            ex.depth()
        ));
    }
    let mut net = ex.network();
    let t = ex.t();
    net.forward(&ex.x).map_err(|e| e.to_string())?;
    net.backward(&ex.x, &t).map_err(|e| e.to_string())?;
    let s = |m: &nn_core::DMatrix<f64>| format!("{}×{}", m.nrows(), m.ncols());
    let (l1, l2) = (&net.layers[0], &net.layers[1]);
    let row = |r: usize, c: usize| format!("{r}×{c}");
    let b = |lines: Vec<String>, col: f64, row: f64, backward: bool| FlowBox {
        lines,
        col,
        row,
        backward,
    };
    let boxes = vec![
        b(vec!["X⁰".into(), s(&ex.x)], 0.0, 1.0, false), // 0
        b(
            vec![
                "W¹, b¹".into(),
                format!("{}, {}", s(&l1.w), row(1, l1.b.len())),
            ],
            1.0,
            0.0,
            false,
        ), // 1
        b(vec!["A¹ = X⁰W¹ + B¹".into(), s(&l1.a)], 1.0, 1.0, false), // 2
        b(vec!["X¹ = ReLU(A¹)".into(), s(&l1.x)], 2.0, 1.0, false), // 3
        b(
            vec![
                "W², b²".into(),
                format!("{}, {}", s(&l2.w), row(1, l2.b.len())),
            ],
            3.0,
            0.0,
            false,
        ), // 4
        b(vec!["A² = X¹W² + B²".into(), s(&l2.a)], 3.0, 1.0, false), // 5
        b(vec!["X² = softmax(A²)".into(), s(&l2.x)], 4.0, 1.0, false), // 6
        b(
            vec!["L = CE(X², T)".into(), format!("T: {}", s(&t))],
            5.0,
            1.0,
            false,
        ), // 7
        b(vec!["Δ² = (X² − T)/n".into(), s(&l2.delta)], 4.0, 2.2, true), // 8
        b(
            vec!["Δ¹ = (Δ²W²ᵀ) ⊙ ReLU'(A¹)".into(), s(&l1.delta)],
            2.0,
            2.2,
            true,
        ), // 9
        b(
            vec![
                "∂L/∂W² = X¹ᵀΔ²".into(),
                s(&l2.dw),
                "∂L/∂b² = 1ᵀΔ²".into(),
                row(1, l2.db.len()),
            ],
            3.0,
            3.4,
            true,
        ), // 10
        b(
            vec![
                "∂L/∂W¹ = X⁰ᵀΔ¹".into(),
                s(&l1.dw),
                "∂L/∂b¹ = 1ᵀΔ¹".into(),
                row(1, l1.db.len()),
            ],
            1.0,
            3.4,
            true,
        ), // 11
    ];
    let a = |from, to, backward, uses| FlowArrow {
        from,
        to,
        backward,
        uses,
    };
    let arrows = vec![
        a(0, 2, false, false),
        a(1, 2, false, false),
        a(2, 3, false, false),
        a(3, 5, false, false),
        a(4, 5, false, false),
        a(5, 6, false, false),
        a(6, 7, false, false),
        a(7, 8, true, false),
        a(6, 8, false, true),
        a(8, 9, true, false),
        a(4, 9, false, true),
        a(2, 9, false, true),
        a(8, 10, true, false),
        a(3, 10, false, true),
        a(9, 11, true, false),
        a(0, 11, false, true),
    ];
    Ok((boxes, arrows))
}

/// Writes the graph of `ex`'s backward pass to `path` (PNG).
pub fn write_backward_graph(path: &Path, ex: &Example) -> anyhow::Result<()> {
    let (boxes, arrows) = graph(ex).map_err(anyhow::Error::msg)?;
    let opts = PlotOptions::titled(
        "forward pass (black) and backward pass (red) of lesson 1's network, with every shape",
    )
    .size(1200, 620);
    flow_diagram(path, &boxes, &arrows, &opts)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_gradient_has_the_shape_of_its_parameter_and_delta_of_its_a() {
        for ex in [Example::lecture(), Example::random(3)] {
            let (boxes, arrows) = graph(&ex).unwrap();
            let shape_of = |name: &str| {
                let b = boxes.iter().find(|b| b.lines[0].starts_with(name)).unwrap();
                b.lines[1].clone()
            };
            assert_eq!(shape_of("Δ²"), shape_of("A² "));
            assert_eq!(shape_of("Δ¹"), shape_of("A¹ "));
            assert!(shape_of("W¹").starts_with(&shape_of("∂L/∂W¹")));
            assert!(shape_of("W²").starts_with(&shape_of("∂L/∂W²")));
            // The backward chain runs from the loss to Δ², Δ¹ and the gradients.
            let red: Vec<(usize, usize)> = arrows
                .iter()
                .filter(|a| a.backward)
                .map(|a| (a.from, a.to))
                .collect();
            assert_eq!(red, vec![(7, 8), (8, 9), (8, 10), (9, 11)]);
        }
    }

    #[test]
    fn writes_the_png() {
        let dir = std::env::temp_dir().join(format!("lesson2-graph-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let png = dir.join("backward_graph.png");
        write_backward_graph(&png, &Example::lecture()).unwrap();
        assert_eq!(&std::fs::read(&png).unwrap()[1..4], b"PNG");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
