//! 2-D scatter of points coloured by class.

use crate::aspect::equal_aspect;
use crate::check;
use crate::error::Result;
use crate::layout::{self, Chart2d, Entry, Mark};
use crate::output::render_png;
use crate::style::{PlotOptions, Theme, class_color, mix};
use crate::truth::{TRUTH, TrueBoundary, draw_truth};
use plotters::prelude::*;
use std::path::Path;

/// Draws `points` coloured by `labels` (class 0 blue, 1 orange, then the palette) with a legend
/// of `class_names` (empty: "class 0", "class 1", …) and writes a PNG to `path`.
///
/// Errors on an empty point set, `labels` of another length, a label without a class name,
/// NaN/infinite coordinates, a bad size or range, or an unwritable path. With
/// `opts.equal_aspect` one unit of x is as long as one unit of y.
pub fn scatter(
    path: impl AsRef<Path>,
    points: &[[f64; 2]],
    labels: &[usize],
    class_names: &[String],
    opts: &PlotOptions,
) -> Result<()> {
    scatter_png(path.as_ref(), points, labels, class_names, None, opts)
}

/// [`scatter`] with the true boundary (`truth`, traced from the rule that labelled the data)
/// drawn over the points as a thin black line: the lectures' picture of a network's answers on a
/// grid, next to what they should be.
pub fn scatter_with_truth(
    path: impl AsRef<Path>,
    points: &[[f64; 2]],
    labels: &[usize],
    class_names: &[String],
    truth: &TrueBoundary,
    opts: &PlotOptions,
) -> Result<()> {
    scatter_png(
        path.as_ref(),
        points,
        labels,
        class_names,
        Some(truth),
        opts,
    )
}

fn scatter_png(
    path: &Path,
    points: &[[f64; 2]],
    labels: &[usize],
    class_names: &[String],
    truth: Option<&TrueBoundary>,
    opts: &PlotOptions,
) -> Result<()> {
    check::non_empty("points", points)?;
    let names = check::classes(points, labels, class_names)?;
    let x = match opts.x_range {
        Some(r) => check::range("x_range", r)?,
        None => check::fit(points.iter().map(|p| p[0])),
    };
    let y = match opts.y_range {
        Some(r) => check::range("y_range", r)?,
        None => check::fit(points.iter().map(|p| p[1])),
    };
    let theme = Theme::for_size(opts.width, opts.height);
    render_png(path, opts.width, opts.height, |root| {
        let body = layout::title_block(root, &opts.title, "", &theme)?;
        let mut entries: Vec<Entry> = names
            .iter()
            .enumerate()
            .map(|(c, n)| (n.clone(), Mark::Point(class_color(c))))
            .collect();
        if truth.is_some() {
            entries.push(("true boundary".into(), Mark::Line(TRUTH, false)));
        }
        let top = layout::legend_top(&theme);
        let area = layout::legend_column(&body, &entries, &theme, opts.legend, top)?;
        let area = if opts.equal_aspect {
            equal_aspect(&area, opts, &theme, x, y)
        } else {
            area
        };
        let mut chart = layout::chart2d(&area, opts, &theme, x, y)?;
        layout::draw_mesh(&mut chart, opts, &theme, true)?;
        draw_class_points(&mut chart, points, labels, opts.point_size)?;
        if let Some(t) = truth {
            draw_truth(&mut chart, t)?;
        }
        Ok(())
    })
}

/// Draws points as filled dots of their class colour with a slightly darker rim, class by class
/// (so later classes are on top).
pub(crate) fn draw_class_points(
    chart: &mut Chart2d<'_, '_>,
    points: &[[f64; 2]],
    labels: &[usize],
    radius: u32,
) -> Result<()> {
    let classes = labels.iter().max().map_or(0, |m| m + 1);
    let r = radius.max(1);
    for c in 0..classes {
        let color = class_color(c);
        let rim = mix(color, RGBColor(0, 0, 0), 0.35);
        let mine = points
            .iter()
            .zip(labels)
            .filter(move |(_, l)| **l == c)
            .map(|(p, _)| (p[0], p[1]));
        let mine: Vec<(f64, f64)> = mine.collect();
        chart.draw_series(mine.iter().map(|&p| Circle::new(p, r, color.filled())))?;
        if r >= 3 {
            chart.draw_series(mine.iter().map(|&p| Circle::new(p, r, rim.stroke_width(1))))?;
        }
    }
    Ok(())
}
