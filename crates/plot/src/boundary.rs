//! Decision boundary: a classifier evaluated on a grid, drawn as a filled class map with the
//! data points on top.

use crate::aspect::equal_aspect;
use crate::check;
use crate::error::{PlotError, Result};
use crate::layout::{self, Area, Entry, Mark};
use crate::output::render_png;
use crate::scatter::draw_class_points;
use crate::style::{PlotOptions, Theme, class_tint};
use crate::truth::{
    Predict, TRUTH, TrueBoundary, draw_truth, misclassified, misclassified_caption,
};
use plotters::prelude::*;
use std::path::Path;

/// Most grid points accepted (a 2000×2000 grid).
const MAX_GRID_POINTS: usize = 4_000_000;

/// The grid on which a classifier is evaluated: `x_range` × `y_range` sampled every `step`
/// (the lectures use [−6, 6]² with step 1, then 0.05).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grid {
    /// Horizontal extent (min, max).
    pub x_range: (f64, f64),
    /// Vertical extent (min, max).
    pub y_range: (f64, f64),
    /// Distance between neighbouring grid points.
    pub step: f64,
}

impl Grid {
    /// A grid over `x_range` × `y_range` with spacing `step`.
    pub fn new(x_range: (f64, f64), y_range: (f64, f64), step: f64) -> Self {
        Self {
            x_range,
            y_range,
            step,
        }
    }

    /// The square grid `[lo, hi]²`, e.g. `Grid::square(-6.0, 6.0, 0.05)`.
    pub fn square(lo: f64, hi: f64, step: f64) -> Self {
        Self::new((lo, hi), (lo, hi), step)
    }

    /// Number of grid points along x and along y, after checking the grid is usable.
    pub fn counts(&self) -> Result<(usize, usize)> {
        check::range("grid x_range", self.x_range)?;
        check::range("grid y_range", self.y_range)?;
        if !(self.step.is_finite() && self.step > 0.0) {
            return Err(PlotError::InvalidArgument(format!(
                "grid step must be positive, got {}",
                self.step
            )));
        }
        let n = |(lo, hi): (f64, f64)| ((hi - lo) / self.step + 1e-9).floor() + 1.0;
        let (nx, ny) = (n(self.x_range), n(self.y_range));
        if nx * ny > MAX_GRID_POINTS as f64 {
            return Err(PlotError::InvalidArgument(format!(
                "grid step {} gives {} points, more than {MAX_GRID_POINTS}",
                self.step,
                nx * ny
            )));
        }
        Ok((nx as usize, ny as usize))
    }

    /// The grid points, row by row from the bottom-left corner: `x` varies fastest.
    pub fn points(&self) -> Result<Vec<[f64; 2]>> {
        let (nx, ny) = self.counts()?;
        let mut pts = Vec::with_capacity(nx * ny);
        for j in 0..ny {
            for i in 0..nx {
                pts.push([
                    self.x_range.0 + i as f64 * self.step,
                    self.y_range.0 + j as f64 * self.step,
                ]);
            }
        }
        Ok(pts)
    }
}

/// Evaluates `predict` on `grid` and draws the class map (a lighter tint of each class colour)
/// with `points` coloured by `labels` on top; writes a PNG to `path`.
///
/// The axes span the grid. `points` may be empty (just the map). Class names as in
/// [`crate::scatter`]. Errors on a bad grid, a predictor returning the wrong number of classes,
/// a predicted class without a name, bad points/labels, a bad size, or an unwritable path.
///
/// The picture has equal units on both axes (a circle looks round), and every point whose label
/// differs from the class `predict` gives it is crossed out, their number under the title
/// ("3 of 200 points misclassified (×)").
pub fn decision_boundary(
    path: impl AsRef<Path>,
    predict: Predict<'_>,
    grid: &Grid,
    points: &[[f64; 2]],
    labels: &[usize],
    class_names: &[String],
    opts: &PlotOptions,
) -> Result<()> {
    boundary_png(
        path.as_ref(),
        predict,
        None,
        grid,
        points,
        labels,
        class_names,
        opts,
    )
}

/// [`decision_boundary`] with the true boundary (`truth`, traced from the rule that labelled the
/// data) drawn over the class map as a dark line, so where the network is wrong shows at a
/// glance.
#[allow(clippy::too_many_arguments)]
pub fn decision_boundary_with_truth(
    path: impl AsRef<Path>,
    predict: Predict<'_>,
    truth: &TrueBoundary,
    grid: &Grid,
    points: &[[f64; 2]],
    labels: &[usize],
    class_names: &[String],
    opts: &PlotOptions,
) -> Result<()> {
    let truth = Some(truth);
    boundary_png(
        path.as_ref(),
        predict,
        truth,
        grid,
        points,
        labels,
        class_names,
        opts,
    )
}

#[allow(clippy::too_many_arguments)]
fn boundary_png(
    path: &Path,
    predict: Predict<'_>,
    truth: Option<&TrueBoundary>,
    grid: &Grid,
    points: &[[f64; 2]],
    labels: &[usize],
    class_names: &[String],
    opts: &PlotOptions,
) -> Result<()> {
    let map = ClassMap::evaluate(predict, grid)?;
    let names = names_for(&map, points, labels, class_names)?;
    let wrong = misclassified(predict, points, labels)?;
    let marks = Marks {
        truth,
        wrong: &wrong,
    };
    let theme = Theme::for_size(opts.width, opts.height);
    render_png(path, opts.width, opts.height, |root| {
        draw_boundary(root, &map, points, labels, &names, &marks, opts, "", &theme)
    })
}

/// What is drawn over the class map besides the points: the true boundary and the mistakes.
pub(crate) struct Marks<'a> {
    /// The true boundary, if known.
    pub truth: Option<&'a TrueBoundary>,
    /// Positions of the misclassified points.
    pub wrong: &'a [usize],
}

/// A classifier's answers on a grid.
pub(crate) struct ClassMap {
    pub grid: Grid,
    pub nx: usize,
    pub ny: usize,
    pub classes: Vec<usize>,
}

impl ClassMap {
    pub fn evaluate(predict: Predict<'_>, grid: &Grid) -> Result<Self> {
        let (nx, ny) = grid.counts()?;
        let pts = grid.points()?;
        let classes = predict(&pts);
        check::same_len("predicted classes", pts.len(), classes.len())?;
        Ok(Self {
            grid: *grid,
            nx,
            ny,
            classes,
        })
    }
}

/// Checks points and labels against the predicted classes and returns the class names.
pub(crate) fn names_for(
    map: &ClassMap,
    points: &[[f64; 2]],
    labels: &[usize],
    class_names: &[String],
) -> Result<Vec<String>> {
    let mut names = check::classes(points, labels, class_names)?;
    if class_names.is_empty() {
        let n = map.classes.iter().max().map_or(0, |m| m + 1);
        names.extend((names.len()..n).map(|c| format!("class {c}")));
    } else {
        check::check_labels(&map.classes, class_names.len())?;
    }
    Ok(names)
}

/// Draws the whole picture (title, legend, class map, true boundary, points, crosses on the
/// misclassified points) on `root`, with equal units on both axes.
#[allow(clippy::too_many_arguments)]
pub(crate) fn draw_boundary(
    root: &Area<'_>,
    map: &ClassMap,
    points: &[[f64; 2]],
    labels: &[usize],
    names: &[String],
    marks: &Marks<'_>,
    opts: &PlotOptions,
    subtitle: &str,
    theme: &Theme,
) -> Result<()> {
    let caption = if points.is_empty() {
        subtitle.to_string()
    } else {
        let wrong = misclassified_caption(marks.wrong.len(), points.len());
        [subtitle, &wrong]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let body = layout::title_block(root, &opts.title, &caption, theme)?;
    let mut entries: Vec<Entry> = names
        .iter()
        .enumerate()
        .map(|(c, n)| (n.clone(), Mark::PointOnTint(c)))
        .collect();
    if marks.truth.is_some() {
        entries.push(("true boundary".into(), Mark::Line(TRUTH, false)));
    }
    if !marks.wrong.is_empty() {
        entries.push(("misclassified".into(), Mark::Cross(TRUTH)));
    }
    let top = layout::legend_top(theme);
    let area = layout::legend_column(&body, &entries, theme, opts.legend, top)?;
    let g = &map.grid;
    let area = equal_aspect(&area, opts, theme, g.x_range, g.y_range);
    let mut chart = layout::chart2d(&area, opts, theme, g.x_range, g.y_range)?;
    let half = g.step / 2.0;
    let clamp = |v: f64, (lo, hi): (f64, f64)| v.clamp(lo, hi);
    chart.draw_series((0..map.ny).flat_map(|j| {
        (0..map.nx).map(move |i| {
            let cx = g.x_range.0 + i as f64 * g.step;
            let cy = g.y_range.0 + j as f64 * g.step;
            let class = map.classes[j * map.nx + i];
            Rectangle::new(
                [
                    (clamp(cx - half, g.x_range), clamp(cy - half, g.y_range)),
                    (clamp(cx + half, g.x_range), clamp(cy + half, g.y_range)),
                ],
                class_tint(class).filled(),
            )
        })
    }))?;
    if let Some(truth) = marks.truth {
        draw_truth(&mut chart, truth)?;
    }
    layout::draw_mesh(&mut chart, opts, theme, false)?;
    draw_class_points(&mut chart, points, labels, opts.point_size)?;
    draw_crosses(&mut chart, points, marks.wrong, opts.point_size)?;
    Ok(())
}

/// A cross over each point at the positions `wrong`, a little larger than the point.
fn draw_crosses(
    chart: &mut layout::Chart2d<'_, '_>,
    points: &[[f64; 2]],
    wrong: &[usize],
    radius: u32,
) -> Result<()> {
    let a = radius.max(1) as i32 + 3;
    let style = TRUTH.stroke_width(2);
    for &i in wrong {
        let p = (points[i][0], points[i][1]);
        for (dx, dy) in [(a, a), (a, -a)] {
            chart.draw_series(std::iter::once(
                EmptyElement::at(p) + PathElement::new(vec![(-dx, -dy), (dx, dy)], style),
            ))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_counts_match_the_lectures() {
        assert_eq!(Grid::square(-6.0, 6.0, 1.0).counts().unwrap(), (13, 13));
        assert_eq!(Grid::square(-6.0, 6.0, 0.05).counts().unwrap(), (241, 241));
        let pts = Grid::new((0.0, 1.0), (0.0, 2.0), 1.0).points().unwrap();
        assert_eq!(
            pts,
            vec![
                [0.0, 0.0],
                [1.0, 0.0],
                [0.0, 1.0],
                [1.0, 1.0],
                [0.0, 2.0],
                [1.0, 2.0]
            ]
        );
        assert!(Grid::square(-6.0, 6.0, 0.0).counts().is_err());
        assert!(Grid::square(-6.0, 6.0, 1e-6).counts().is_err());
        assert!(Grid::square(6.0, -6.0, 1.0).counts().is_err());
    }
}
