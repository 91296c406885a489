//! Printing matrices with their names and shapes, as the lesson's story needs them.

use nalgebra::DMatrix;

/// A matrix under a caption with its shape, one row per line:
/// ```text
/// A¹ = X W¹ + B¹   (4×3)
///   [   1.0000    0.9000    0.2000 ]
/// ```
pub fn matrix(caption: &str, m: &DMatrix<f64>) -> String {
    let mut s = format!("{caption}   ({}×{})\n", m.nrows(), m.ncols());
    for row in m.row_iter() {
        // `+ 0.0` prints −0 (as in −t_ij/x_ij with t_ij = 0) as 0.
        let cells: Vec<String> = row.iter().map(|v| format!("{:9.4}", v + 0.0)).collect();
        s += &format!("  [ {} ]\n", cells.join(" "));
    }
    s
}

/// A superscript layer number, as the lectures write `A¹`: 1 → "¹", 12 → "¹²".
pub fn sup(l: usize) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    l.to_string()
        .chars()
        .map(|c| DIGITS[c as usize - '0' as usize])
        .collect()
}

/// A matrix as JSON rows `[[…], […]]`.
pub fn rows(m: &DMatrix<f64>) -> Vec<Vec<f64>> {
    m.row_iter().map(|r| r.iter().copied().collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_shows_caption_shape_and_rows() {
        let m = DMatrix::from_row_slice(2, 2, &[1.0, -0.5, 0.25, 2.0]);
        let s = matrix("W", &m);
        assert_eq!(s.lines().next(), Some("W   (2×2)"));
        assert_eq!(s.lines().count(), 3);
        assert!(s.contains("-0.5000"));
        assert_eq!(rows(&m), vec![vec![1.0, -0.5], vec![0.25, 2.0]]);
        assert_eq!((sup(1), sup(12)), ("¹".to_string(), "¹²".to_string()));
    }
}
