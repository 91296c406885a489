//! What a decision-boundary picture compares the network with: the true boundary, traced from
//! the rule that labelled the data, and the points the network (a [`Predict`]) gets wrong.

use crate::check;
use crate::error::Result;
use crate::layout::Chart2d;
use plotters::prelude::*;

/// Cells along each axis of the grid on which a rule is traced.
const CELLS: usize = 240;
/// Bisection steps locating the change of class on a cell edge (span / 240 / 2¹⁰ precision).
const BISECTIONS: usize = 10;

/// The rule that labelled a 2-D task: the class of the point (x, y), e.g. `x² + y² < r²` → 1.
pub type Rule<'a> = &'a dyn Fn(f64, f64) -> usize;

/// A classifier over 2-D points: takes a batch of points, returns one class per point.
pub type Predict<'a> = &'a dyn Fn(&[[f64; 2]]) -> Vec<usize>;

/// The true boundary of a 2-D task as line segments: where the labelling rule changes class.
#[derive(Debug, Clone, PartialEq)]
pub struct TrueBoundary {
    segments: Vec<[(f64, f64); 2]>,
}

impl TrueBoundary {
    /// Traces where `rule` changes class over `x_range × y_range` (marching squares): the
    /// square is cut into 240 × 240 cells; on every cell edge whose two ends have different
    /// classes the change is located by bisection; a cell with two such edges gets the segment
    /// joining them, a cell with more (where three classes meet) a segment from each to the
    /// cell's centre. Errors on an empty or non-finite range.
    pub fn trace(rule: Rule<'_>, x_range: (f64, f64), y_range: (f64, f64)) -> Result<Self> {
        check::range("true boundary x_range", x_range)?;
        check::range("true boundary y_range", y_range)?;
        let n = CELLS;
        let at = |i: usize, j: usize| {
            (
                x_range.0 + (x_range.1 - x_range.0) * i as f64 / n as f64,
                y_range.0 + (y_range.1 - y_range.0) * j as f64 / n as f64,
            )
        };
        let class: Vec<usize> = (0..=n)
            .flat_map(|j| (0..=n).map(move |i| (i, j)))
            .map(|(i, j)| {
                let (x, y) = at(i, j);
                rule(x, y)
            })
            .collect();
        let c = |i: usize, j: usize| class[j * (n + 1) + i];
        let mut segments = Vec::new();
        for j in 0..n {
            for i in 0..n {
                // The four edges of cell (i, j), each from one corner to the next.
                let edges = [
                    ((i, j), (i + 1, j)),
                    ((i + 1, j), (i + 1, j + 1)),
                    ((i, j + 1), (i + 1, j + 1)),
                    ((i, j), (i, j + 1)),
                ];
                let crossings: Vec<(f64, f64)> = edges
                    .iter()
                    .filter(|(a, b)| c(a.0, a.1) != c(b.0, b.1))
                    .map(|&(a, b)| crossing(rule, at(a.0, a.1), at(b.0, b.1)))
                    .collect();
                match crossings.len() {
                    0 => {}
                    2 => segments.push([crossings[0], crossings[1]]),
                    _ => {
                        let (x0, y0) = at(i, j);
                        let (x1, y1) = at(i + 1, j + 1);
                        let centre = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
                        segments.extend(crossings.iter().map(|&p| [p, centre]));
                    }
                }
            }
        }
        Ok(Self { segments })
    }

    /// The segments, each from one point of the boundary to a neighbouring one.
    pub fn segments(&self) -> &[[(f64, f64); 2]] {
        &self.segments
    }
}

/// A point between `a` and `b` (whose classes differ) where `rule` changes class, found by
/// bisection.
fn crossing(rule: Rule<'_>, mut a: (f64, f64), mut b: (f64, f64)) -> (f64, f64) {
    let class_a = rule(a.0, a.1);
    for _ in 0..BISECTIONS {
        let m = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
        if rule(m.0, m.1) == class_a {
            a = m;
        } else {
            b = m;
        }
    }
    ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0)
}

/// Colour of the true boundary and of the crosses on misclassified points.
pub(crate) const TRUTH: RGBColor = RGBColor(0, 0, 0);

/// Draws `truth` on `chart` as a 1-pixel black line: thin, so a network's own boundary (the
/// edge of a class map's tints) shows beside it.
pub(crate) fn draw_truth(chart: &mut Chart2d<'_, '_>, truth: &TrueBoundary) -> Result<()> {
    let style = TRUTH.stroke_width(1);
    chart.draw_series(
        truth
            .segments()
            .iter()
            .map(|s| PathElement::new(vec![s[0], s[1]], style)),
    )?;
    Ok(())
}

/// The positions of the points whose label differs from the class `predict` gives them.
/// Errors when `predict` answers for another number of points.
pub fn misclassified(
    predict: Predict<'_>,
    points: &[[f64; 2]],
    labels: &[usize],
) -> Result<Vec<usize>> {
    check::same_len("labels", points.len(), labels.len())?;
    if points.is_empty() {
        return Ok(Vec::new());
    }
    let predicted = predict(points);
    check::same_len(
        "predicted classes of the points",
        points.len(),
        predicted.len(),
    )?;
    Ok((0..points.len())
        .filter(|&i| predicted[i] != labels[i])
        .collect())
}

/// The line under a decision boundary's title: "3 of 200 points misclassified (×)", or
/// "no point of 200 misclassified".
pub fn misclassified_caption(wrong: usize, total: usize) -> String {
    match wrong {
        0 => format!("no point of {total} misclassified"),
        _ => format!("{wrong} of {total} points misclassified (×)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_traced_circle_has_radius_three() {
        let rule = |x: f64, y: f64| usize::from(x * x + y * y < 9.0);
        let t = TrueBoundary::trace(&rule, (-6.0, 6.0), (-6.0, 6.0)).unwrap();
        assert!(t.segments().len() > 200, "{}", t.segments().len());
        for s in t.segments() {
            for (x, y) in s {
                let r = (x * x + y * y).sqrt();
                assert!((r - 3.0).abs() < 0.01, "({x}, {y}) is at radius {r}");
            }
        }
    }

    #[test]
    fn where_three_classes_meet_the_segments_reach_the_meeting_point() {
        // Three sectors around the origin.
        let rule = |x: f64, y: f64| {
            let t = y.atan2(x).rem_euclid(std::f64::consts::TAU);
            ((t / (std::f64::consts::TAU / 3.0)) as usize).min(2)
        };
        let t = TrueBoundary::trace(&rule, (-1.0, 1.0), (-1.0, 1.0)).unwrap();
        let near = |p: &(f64, f64)| p.0.abs() < 0.01 && p.1.abs() < 0.01;
        assert!(t.segments().iter().any(|s| near(&s[0]) || near(&s[1])));
    }

    #[test]
    fn one_class_has_no_boundary_and_a_bad_range_is_refused() {
        let t = TrueBoundary::trace(&|_, _| 0, (0.0, 1.0), (0.0, 1.0)).unwrap();
        assert!(t.segments().is_empty());
        assert!(TrueBoundary::trace(&|_, _| 0, (1.0, 0.0), (0.0, 1.0)).is_err());
        assert!(TrueBoundary::trace(&|_, _| 0, (0.0, f64::NAN), (0.0, 1.0)).is_err());
    }

    #[test]
    fn misclassified_points_and_their_caption() {
        let right_is_one = |p: &[[f64; 2]]| p.iter().map(|q| usize::from(q[0] > 0.0)).collect();
        let points = [[-1.0, 0.0], [1.0, 0.0], [2.0, 0.0], [-2.0, 0.0]];
        let wrong = misclassified(&right_is_one, &points, &[0, 0, 1, 1]).unwrap();
        assert_eq!(wrong, vec![1, 3]);
        assert_eq!(
            misclassified_caption(wrong.len(), points.len()),
            "2 of 4 points misclassified (×)"
        );
        assert_eq!(misclassified_caption(0, 4), "no point of 4 misclassified");
        let short = |_: &[[f64; 2]]| vec![0];
        assert!(misclassified(&short, &points, &[0, 0, 1, 1]).is_err());
        assert!(misclassified(&right_is_one, &points, &[0]).is_err());
    }
}
