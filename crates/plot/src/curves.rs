//! Line charts: loss/accuracy curves of one or several training runs.

use crate::check;
use crate::error::Result;
use crate::layout::{self, Area, Chart2d, Entry, Mark};
use crate::output::render_png;
use crate::style::{PlotOptions, Series, Theme, class_color};
use plotters::prelude::*;
use std::path::Path;

/// Draws every series as a line in one chart (one colour per series, legend of their names) and
/// writes a PNG to `path`: loss curves of several optimizers, accuracies of several activations…
///
/// Errors on no series, a series without points, NaN/infinite values (a diverged run: cut it
/// before the first NaN), a bad size or range, or an unwritable path.
pub fn curves(path: impl AsRef<Path>, series: &[Series], opts: &PlotOptions) -> Result<()> {
    check_series(series)?;
    let theme = Theme::for_size(opts.width, opts.height);
    render_png(path.as_ref(), opts.width, opts.height, |root| {
        let body = layout::title_block(root, &opts.title, "", &theme)?;
        let top = layout::legend_top(&theme);
        let area = layout::legend_column(&body, &entries(series), &theme, opts.legend, top)?;
        line_panel(&area, series, opts, &theme, false)
    })
}

/// Two panels side by side, loss on the left and accuracy on the right, each with its own
/// legend: the usual summary of a training run or a comparison of runs. The vertical labels are
/// `opts.y_label` (empty: "loss") and `opts.y2_label` (empty: "accuracy"); `opts.log_y` makes
/// the loss axis logarithmic (the accuracy axis stays linear).
pub fn loss_accuracy(
    path: impl AsRef<Path>,
    loss: &[Series],
    accuracy: &[Series],
    opts: &PlotOptions,
) -> Result<()> {
    check_series(loss)?;
    check_series(accuracy)?;
    if opts.log_y {
        check_positive(loss)?;
    }
    let theme = Theme::for_size(opts.width / 2, opts.height);
    render_png(path.as_ref(), opts.width, opts.height, |root| {
        let body = layout::title_block(root, &opts.title, "", &theme)?;
        let (w, _) = body.dim_in_pixel();
        let (left, right) = body.split_horizontally(w / 2);
        let top = layout::legend_top(&theme);
        let mut o = opts.clone();
        o.y_label = or(&opts.y_label, "loss");
        o.y_range = None;
        let area = layout::legend_column(&left, &entries(loss), &theme, opts.legend, top)?;
        line_panel(&area, loss, &o, &theme, false)?;
        o.y_label = or(&opts.y2_label, "accuracy");
        o.log_y = false;
        let area = layout::legend_column(&right, &entries(accuracy), &theme, opts.legend, top)?;
        line_panel(&area, accuracy, &o, &theme, false)
    })
}

fn or(label: &str, default: &str) -> String {
    if label.is_empty() { default } else { label }.to_string()
}

/// Fails on a value that is zero or negative (it has no place on a logarithmic axis).
fn check_positive(series: &[Series]) -> Result<()> {
    for s in series {
        if let Some(p) = s.points.iter().find(|p| p.1 <= 0.0) {
            return Err(crate::error::PlotError::InvalidArgument(format!(
                "series \"{}\" has the value {} at x = {}, which a logarithmic axis cannot show",
                s.name, p.1, p.0
            )));
        }
    }
    Ok(())
}

/// `series` as drawn: y replaced by log₁₀ y on a logarithmic axis.
pub(crate) fn as_drawn(series: &[Series], opts: &PlotOptions) -> Vec<Series> {
    if !opts.log_y {
        return series.to_vec();
    }
    series
        .iter()
        .map(|s| Series {
            points: s.points.iter().map(|&(x, y)| (x, y.log10())).collect(),
            ..s.clone()
        })
        .collect()
}

/// Fails on no series, an empty series, or a non-finite value.
pub(crate) fn check_series(series: &[Series]) -> Result<()> {
    check::non_empty("series", series)?;
    for s in series {
        check::non_empty("series points", &s.points)?;
        check::finite("series points", s.points.iter().flat_map(|p| [p.0, p.1]))?;
    }
    Ok(())
}

/// Legend entries for `series`.
pub(crate) fn entries(series: &[Series]) -> Vec<Entry> {
    series
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.clone(), Mark::Line(line_color(s, i), s.dashed)))
        .collect()
}

fn line_color(s: &Series, i: usize) -> RGBColor {
    class_color(s.color.unwrap_or(i))
}

/// The ranges covering all series (or the fixed ones in `opts`).
pub(crate) fn ranges(series: &[Series], opts: &PlotOptions) -> Result<((f64, f64), (f64, f64))> {
    let all = || series.iter().flat_map(|s| s.points.iter());
    let x = match opts.x_range {
        Some(r) => check::range("x_range", r)?,
        None => {
            let (lo, hi) = check::fit(all().map(|p| p.0));
            let (a, b) = (
                all().map(|p| p.0).fold(f64::INFINITY, f64::min),
                all().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max),
            );
            // Curves start and end at the chart's edges unless there is a single x.
            if b > a { (a, b) } else { (lo, hi) }
        }
    };
    let y = match opts.y_range {
        Some(r) => check::range("y_range", r)?,
        None => check::fit(all().map(|p| p.1)),
    };
    Ok((x, y))
}

/// Draws the lines of `series` into a chart filling `area`.
pub(crate) fn line_panel(
    area: &Area<'_>,
    series: &[Series],
    opts: &PlotOptions,
    theme: &Theme,
    zero_axes: bool,
) -> Result<()> {
    let drawn = as_drawn(series, opts);
    let mut o = opts.clone();
    if opts.log_y {
        check_positive(series)?;
        o.y_range = opts.y_range.map(|(lo, hi)| (lo.log10(), hi.log10()));
    }
    let (x, y) = ranges(&drawn, &o)?;
    let mut chart = layout::chart2d(area, opts, theme, x, y)?;
    layout::draw_mesh(&mut chart, opts, theme, true)?;
    if zero_axes {
        draw_zero_axes(&mut chart, x, y)?;
    }
    draw_lines(&mut chart, &drawn, theme)
}

fn draw_zero_axes(chart: &mut Chart2d<'_, '_>, x: (f64, f64), y: (f64, f64)) -> Result<()> {
    let style = crate::style::TEXT.mix(0.55).stroke_width(1);
    if x.0 < 0.0 && x.1 > 0.0 {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, y.0), (0.0, y.1)],
            style,
        )))?;
    }
    if y.0 < 0.0 && y.1 > 0.0 {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x.0, 0.0), (x.1, 0.0)],
            style,
        )))?;
    }
    Ok(())
}

fn draw_lines(chart: &mut Chart2d<'_, '_>, series: &[Series], theme: &Theme) -> Result<()> {
    let width = theme.line + 1;
    for (i, s) in series.iter().enumerate() {
        let style = line_color(s, i).stroke_width(width);
        if s.dashed {
            let dash = (theme.tick * 0.6).max(4.0) as i32;
            chart.draw_series(DashedLineSeries::new(
                s.points.iter().copied(),
                dash,
                dash * 2 / 3,
                style,
            ))?;
        } else if s.points.len() == 1 {
            chart.draw_series(std::iter::once(Circle::new(
                s.points[0],
                width + 2,
                style.filled(),
            )))?;
        } else {
            chart.draw_series(LineSeries::new(s.points.iter().copied(), style))?;
        }
    }
    Ok(())
}
