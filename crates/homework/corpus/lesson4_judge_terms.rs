//! Learner answers to lesson 4's `judge_term_xor` and `judge_term_linear`.

/// Right: the signs differ.
pub fn right_xor_signs(x: f64, y: f64) -> usize {
    usize::from((x > 0.0) != (y > 0.0))
}

/// Right: the product's sign (the other labelling).
pub fn right_xor_product(x: f64, y: f64) -> usize {
    if x * y > 0.0 { 1 } else { 0 }
}

/// Right: a match on the quadrant.
pub fn right_xor_match(x: f64, y: f64) -> usize {
    match (x >= 0.0, y >= 0.0) {
        (true, true) | (false, false) => 0,
        _ => 1,
    }
}

/// Wrong: centre shifted off the origin (issue 33).
pub fn wrong_xor_shifted(x: f64, y: f64) -> usize {
    usize::from((x - 0.1 > 0.0) != (y > 0.0))
}

/// Wrong: AND.
pub fn wrong_xor_and(x: f64, y: f64) -> usize {
    usize::from(x > 0.0 && y > 0.0)
}

/// Wrong: a circle.
pub fn wrong_xor_circle(x: f64, y: f64) -> usize {
    usize::from(x * x + y * y < 9.0)
}

/// Wrong: 0, 1 or 2 (the count of positive coordinates).
pub fn wrong_xor_count(x: f64, y: f64) -> usize {
    usize::from(x > 0.0) + usize::from(y > 0.0)
}

/// Right: the reference line.
pub fn right_linear_reference(x: f64, y: f64) -> usize {
    usize::from(y > 0.5 * x + 1.0)
}

/// Right: another line, the other way round.
pub fn right_linear_other(x: f64, y: f64) -> usize {
    if 2.0 * x - y < 3.0 { 1 } else { 0 }
}

/// Right: a vertical line.
pub fn right_linear_vertical(x: f64, _y: f64) -> usize {
    usize::from(x >= -1.5)
}

/// Wrong: slightly bent inside the square (issue 33).
pub fn wrong_linear_bent(x: f64, y: f64) -> usize {
    let bend = if x > 1.0 { 0.05 * (x - 1.0) } else { 0.0 };
    usize::from(y > 0.5 * x + 1.0 + bend)
}

/// Wrong: a parabola.
pub fn wrong_linear_parabola(x: f64, y: f64) -> usize {
    usize::from(y > x * x / 6.0 - 2.0)
}

/// Wrong: a line outside the square (one class).
pub fn wrong_linear_outside(x: f64, _y: f64) -> usize {
    usize::from(x > 100.0)
}

/// Wrong: two lines (a wedge).
pub fn wrong_linear_wedge(x: f64, y: f64) -> usize {
    usize::from(y > x.abs() - 1.0)
}
