//! # Your homework for lesson 4 (experiments)
//!
//! Replace each `todo!(…)` with your code, then run `cargo homework` to check it and
//! `cargo run -p lesson4 -- activations --mine` (or `xor --mine`, `linear --mine`,
//! `homework4 --mine`) to run the experiment on your functions.
//! Matrices are nalgebra `DMatrix<f64>`, one instance per row (`a.map(|v| …)` applies a closure
//! to every entry). Stuck? `cargo homework hint ID`. The explanations: book/src/lesson4.md.
// Unused parameters are expected while a body is still `todo!()`.
#![allow(unused_variables)]

use nalgebra::DMatrix;

/// The hidden activation tanh, element by element:
/// `h(a) = tanh a = (e^a − e^(−a)) / (e^a + e^(−a))`. It must stay finite for every finite `a`
/// (tanh 1000 = 1).
///
/// book: chapter 4, section "Replacing ReLU by tanh"
pub fn hm_tanh(a: &DMatrix<f64>) -> DMatrix<f64> {
    todo!("hm_tanh: x_ij = tanh(a_ij)")
}

/// The derivative of tanh, element by element — the lecture's "long" formula:
/// `∂h/∂a = 1 − tanh² a = 4 / (e^a + e^(−a))²`.
///
/// book: chapter 4, section "Replacing ReLU by tanh"
pub fn calc_r_tanh(a: &DMatrix<f64>) -> DMatrix<f64> {
    todo!("calc_r_tanh: 1 − tanh²(a_ij)")
}

/// The lecture's `judge_term` edited into an XOR-like task: the label (0 or 1) depends on the
/// quadrant of (x, y), opposite quadrants get the same label and neighbouring quadrants get
/// different labels (for example 1 when x and y have opposite signs, `x·y < 0`, else 0).
///
/// book: chapter 4, section "XOR and linearly separable tasks"
pub fn judge_term_xor(x: f64, y: f64) -> usize {
    todo!("judge_term_xor: 0 or 1 by quadrant, like XOR of the signs of x and y")
}

/// The lecture's `judge_term` edited into a linearly separable task: label 1 on one side of a
/// straight line `p·x + q·y + r = 0` that crosses the square [−6, 6]², 0 on the other (for
/// example 1 above the line `y = x/2 + 1`).
///
/// book: chapter 4, section "XOR and linearly separable tasks"
pub fn judge_term_linear(x: f64, y: f64) -> usize {
    todo!("judge_term_linear: 1 on one side of a straight line, 0 on the other")
}

/// The 4-class homework's `judge_term` in the cube |x|, |y|, |z| < 6, with the sphere
/// `x² + y² + z² = 16` and the paraboloid `z = (x² + y²)/10`. The lecture's classes 1–4 are the
/// labels 0–3: 0 inside the sphere and above the paraboloid, 1 inside and below, 2 outside and
/// above, 3 outside and below ("inside" is `x² + y² + z² < 16`, "above" is `z > (x² + y²)/10`).
///
/// book: chapter 4, section "Homework: four classes in 3-D"
pub fn judge_term_4class(x: f64, y: f64, z: f64) -> usize {
    todo!("judge_term_4class: 0–3 from inside/outside the sphere and above/below the paraboloid")
}
