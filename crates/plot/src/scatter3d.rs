//! 3-D scatter of points coloured by class (the 4-class sphere/paraboloid homework), from one
//! or several viewing angles side by side.

use crate::check;
use crate::error::Result;
use crate::layout::{self, Area, Entry, Mark, draw_text, font, tick};
use crate::output::render_png;
use crate::style::{PlotOptions, TEXT, Theme, class_color, mix};
use plotters::coord::ranged3d::Cartesian3d;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use std::path::Path;

/// A viewing angle of a 3-D chart: `yaw` turns around the vertical axis, `pitch` tilts towards
/// the viewer (radians).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// Rotation around the vertical (z) axis.
    pub yaw: f64,
    /// Tilt: 0 looks from the side, larger values look more from above.
    pub pitch: f64,
}

impl View {
    /// A view from `yaw` and `pitch` (radians).
    pub fn new(yaw: f64, pitch: f64) -> Self {
        Self { yaw, pitch }
    }

    /// Two complementary views: one from slightly above, one from the side (used by
    /// [`scatter3d`] when asked for two panels).
    pub fn pair() -> [View; 2] {
        [View::new(0.7, 0.35), View::new(-0.9, 0.12)]
    }
}

impl Default for View {
    fn default() -> Self {
        View::new(0.7, 0.35)
    }
}

/// Draws 3-D `points` (x, y, z with z up) coloured by `labels` from the default [`View`] and
/// writes a PNG to `path`. Axis names come from `opts.x_label`, `y_label`, `z_label` (default
/// "x", "y", "z"). Errors as [`crate::scatter`].
pub fn scatter3d(
    path: impl AsRef<Path>,
    points: &[[f64; 3]],
    labels: &[usize],
    class_names: &[String],
    opts: &PlotOptions,
) -> Result<()> {
    scatter3d_views(path, points, labels, class_names, &[View::default()], opts)
}

/// Like [`scatter3d`], with one panel per view side by side, e.g. `&View::pair()`.
pub fn scatter3d_views(
    path: impl AsRef<Path>,
    points: &[[f64; 3]],
    labels: &[usize],
    class_names: &[String],
    views: &[View],
    opts: &PlotOptions,
) -> Result<()> {
    check::non_empty("points", points)?;
    check::non_empty("views", views)?;
    check::finite("views", views.iter().flat_map(|v| [v.yaw, v.pitch]))?;
    let names = check::classes(points, labels, class_names)?;
    let ranges: Vec<(f64, f64)> = (0..3)
        .map(|k| check::fit(points.iter().map(|p| p[k])))
        .collect();
    let theme = Theme::for_size(opts.width / views.len() as u32, opts.height);
    render_png(path.as_ref(), opts.width, opts.height, |root| {
        let body = layout::title_block(root, &opts.title, "", &theme)?;
        let entries: Vec<Entry> = names
            .iter()
            .enumerate()
            .map(|(c, n)| (n.clone(), Mark::Point(class_color(c))))
            .collect();
        let top = layout::legend_top(&theme) + theme.margin as i32;
        let area = layout::legend_column(&body, &entries, &theme, opts.legend, top)?;
        let panels = area.split_evenly((1, views.len()));
        for (panel, view) in panels.iter().zip(views) {
            panel3d(panel, points, labels, &ranges, *view, opts, &theme)?;
        }
        Ok(())
    })
}

fn or<'a>(s: &'a str, default: &'a str) -> &'a str {
    if s.is_empty() { default } else { s }
}

/// Data (x, y, z) with z up, as plotters' (x, y, z) with y up. Swapping data x and y (not just
/// moving z) keeps the axes right-handed, so the picture is not mirrored.
fn to_plotters(p: [f64; 3]) -> (f64, f64, f64) {
    (p[1], p[2], p[0])
}

fn panel3d(
    area: &Area<'_>,
    points: &[[f64; 3]],
    labels: &[usize],
    r: &[(f64, f64)],
    view: View,
    opts: &PlotOptions,
    theme: &Theme,
) -> Result<()> {
    let mut chart = ChartBuilder::on(area)
        .margin(theme.margin * 2 + theme.label as u32)
        .build_cartesian_3d(r[1].0..r[1].1, r[2].0..r[2].1, r[0].0..r[0].1)?;
    chart.with_projection(|mut p| {
        p.yaw = view.yaw;
        p.pitch = view.pitch;
        p.scale = 0.8;
        p.into_matrix()
    });
    let fmt = |v: &f64| tick(*v);
    chart
        .configure_axes()
        .label_style(font(theme.tick * 0.85))
        .axis_panel_style(mix(TEXT, RGBColor(255, 255, 255), 0.95).filled())
        .bold_grid_style(mix(TEXT, RGBColor(255, 255, 255), 0.8))
        .light_grid_style(mix(TEXT, RGBColor(255, 255, 255), 0.92))
        .max_light_lines(1)
        .x_labels(5)
        .y_labels(5)
        .z_labels(5)
        .x_formatter(&fmt)
        .y_formatter(&fmt)
        .z_formatter(&fmt)
        .draw()?;
    // Far points first, so nearer ones are drawn over them.
    let depths: Vec<i32> = points
        .iter()
        .map(|&p| {
            let (a, b, c) = to_plotters(p);
            chart.as_coord_spec().projected_depth(&a, &b, &c)
        })
        .collect();
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(depths[i]));
    let radius = opts.point_size.max(1);
    chart.draw_series(order.iter().map(|&i| {
        Circle::new(
            to_plotters(points[i]),
            radius,
            class_color(labels[i]).filled(),
        )
    }))?;
    draw_axis_names(area, &chart, r, opts, theme)
}

/// Writes each axis name beside the middle of the edge that carries its tick labels, found the
/// way plotters finds it: the back panel of each axis is the farther of its two faces, and an
/// axis is drawn on the farthest (then highest) edge lying on a back panel.
fn draw_axis_names<CT>(
    area: &Area<'_>,
    chart: &ChartContext<'_, BitMapBackend<'_>, Cartesian3d<CT, CT, CT>>,
    r: &[(f64, f64)],
    opts: &PlotOptions,
    theme: &Theme,
) -> Result<()>
where
    CT: Ranged<ValueType = f64>,
{
    let coord = chart.as_coord_spec();
    // Work in plotters' axis order: (data y, data z, data x).
    let pr = [r[1], r[2], r[0]];
    let names = [
        or(&opts.y_label, "y"),
        or(&opts.z_label, "z"),
        or(&opts.x_label, "x"),
    ];
    let depth = |p: [f64; 3]| coord.projected_depth(&p[0], &p[1], &p[2]);
    let (ax, ay) = area.get_base_pixel();
    // The 3-D coordinates translate to absolute pixels of the whole picture.
    let screen = |p: [f64; 3]| {
        let (x, y) = coord.translate(&(p[0], p[1], p[2]));
        ((x - ax) as f64, (y - ay) as f64)
    };
    let lo = [pr[0].0, pr[1].0, pr[2].0];
    let back: Vec<f64> = (0..3)
        .map(|i| {
            let mut c = lo;
            c[i] = pr[i].1;
            if depth(lo) >= depth(c) {
                pr[i].0
            } else {
                pr[i].1
            }
        })
        .collect();
    let mid = [0, 1, 2].map(|k| (pr[k].0 + pr[k].1) / 2.0);
    let center = screen(mid);
    let push = theme.tick * 2.4 + theme.label * 0.5;
    for idx in 0..3 {
        let mut best: Option<((i32, f64), [f64; 3])> = None;
        for i in (0..3).filter(|&i| i != idx) {
            let j = 3 - i - idx;
            for v in [pr[j].0, pr[j].1] {
                let (mut s, mut e) = (lo, lo);
                s[idx] = pr[idx].0;
                e[idx] = pr[idx].1;
                s[i] = back[i];
                e[i] = back[i];
                s[j] = v;
                e[j] = v;
                let key = (depth(s) + depth(e), screen(s).1 + screen(e).1);
                let mut m = s;
                m[idx] = mid[idx];
                if best.is_none_or(|(k, _)| key.0 < k.0 || (key.0 == k.0 && key.1 < k.1)) {
                    best = Some((key, m));
                }
            }
        }
        let Some((_, at)) = best else { continue };
        let (px, py) = screen(at);
        let (dx, dy) = (px - center.0, py - center.1);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        let pos = ((px + dx / len * push) as i32, (py + dy / len * push) as i32);
        let style = layout::bold(theme.label);
        draw_text(area, names[idx], pos, &style, HPos::Center, VPos::Center)?;
    }
    Ok(())
}
