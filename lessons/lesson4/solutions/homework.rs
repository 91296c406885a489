//! Reference solutions of lesson 4's homework (swapped in by the `solution` feature).

use nalgebra::DMatrix;

// ANCHOR: hm_tanh
/// `h(a) = tanh a`, element by element. Rust's `tanh` never overflows; the lecture's
/// `(e^a − e^(−a)) / (e^a + e^(−a))` becomes ∞/∞ = NaN once |a| > 709.
pub fn hm_tanh(a: &DMatrix<f64>) -> DMatrix<f64> {
    a.map(f64::tanh)
}
// ANCHOR_END: hm_tanh

// ANCHOR: calc_r_tanh
/// `∂h/∂a = 1 − tanh² a = 4 / (e^a + e^(−a))²`, element by element (the lecture's "long"
/// formula, written with tanh itself).
pub fn calc_r_tanh(a: &DMatrix<f64>) -> DMatrix<f64> {
    a.map(|v| {
        let x = v.tanh();
        1.0 - x * x
    })
}
// ANCHOR_END: calc_r_tanh

// ANCHOR: judge_term_xor
/// XOR-like: 1 when x and y have opposite signs (quadrants II and IV), else 0.
pub fn judge_term_xor(x: f64, y: f64) -> usize {
    usize::from((x > 0.0) != (y > 0.0))
}
// ANCHOR_END: judge_term_xor

// ANCHOR: judge_term_linear
/// Linearly separable: 1 above the line `y = x/2 + 1`, else 0.
pub fn judge_term_linear(x: f64, y: f64) -> usize {
    usize::from(y > 0.5 * x + 1.0)
}
// ANCHOR_END: judge_term_linear

// ANCHOR: judge_term_4class
/// 0 inside the sphere and above the paraboloid, 1 inside and below, 2 outside and above,
/// 3 outside and below.
pub fn judge_term_4class(x: f64, y: f64, z: f64) -> usize {
    let inside = x * x + y * y + z * z < 16.0;
    let above = z > (x * x + y * y) / 10.0;
    match (inside, above) {
        (true, true) => 0,
        (true, false) => 1,
        (false, true) => 2,
        (false, false) => 3,
    }
}
// ANCHOR_END: judge_term_4class
