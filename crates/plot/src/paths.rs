//! Paths over a 2-D surface: where an optimizer's steps `w_0, w_1, …` go on the level sets of a
//! function `f(w₁, w₂)`, one panel per optimizer.

use crate::check;
use crate::error::{PlotError, Result};
use crate::layout::{self, Area};
use crate::output::render_png;
use crate::style::{HIGHLIGHT, PALETTE, PlotOptions, TEXT, Theme, mix};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use std::path::Path;

/// Level bands drawn between the minimum and the largest value of `f` in the panel.
const BANDS: f64 = 14.0;
/// Cells of the shaded surface along each axis.
const CELLS: usize = 240;

/// One named path: the points an optimizer visited, start first.
#[derive(Debug, Clone, PartialEq)]
pub struct Walk {
    /// Shown above the panel, e.g. "SGD (η = 0.95)".
    pub name: String,
    /// `w_0, w_1, …` in order.
    pub points: Vec<(f64, f64)>,
}

/// Draws `f` over `opts.x_range × opts.y_range` as shaded level bands (darker is lower; the
/// band edges are the contour lines `f = f_min + (f_max − f_min)(k/14)²`, evenly spaced for a
/// quadratic), marks `minimum` with a cross, and draws each walk in its own panel (two panels
/// per row, equal units on both axes): the path as a line through its points, the start as a ring. Writes a PNG.
///
/// Errors on no walk, an empty or non-finite walk, missing or bad ranges, a bad size, or an
/// unwritable path.
pub fn surface_walks(
    path: impl AsRef<Path>,
    f: &dyn Fn(f64, f64) -> f64,
    minimum: (f64, f64),
    walks: &[Walk],
    opts: &PlotOptions,
) -> Result<()> {
    check::non_empty("walks", walks)?;
    for w in walks {
        check::non_empty("walk points", &w.points)?;
        check::finite("walk points", w.points.iter().flat_map(|p| [p.0, p.1]))?;
    }
    let (Some(x), Some(y)) = (opts.x_range, opts.y_range) else {
        return Err(PlotError::InvalidArgument(
            "surface_walks needs x_range and y_range".into(),
        ));
    };
    let (x, y) = (check::range("x_range", x)?, check::range("y_range", y)?);
    let shades = Shades::evaluate(f, x, y)?;
    let cols = if walks.len() > 1 { 2 } else { 1 };
    let rows = walks.len().div_ceil(cols);
    let side = opts.width / cols as u32;
    let theme = Theme::for_size(side, side);
    render_png(path.as_ref(), opts.width, opts.height, |root| {
        let body = layout::title_block(root, &opts.title, "", &theme)?;
        let panels = body.split_evenly((rows, cols));
        for (walk, area) in walks.iter().zip(&panels) {
            panel(area, walk, &shades, minimum, opts, &theme)?;
        }
        Ok(())
    })
}

/// The band index of every cell of the surface.
struct Shades {
    x: (f64, f64),
    y: (f64, f64),
    bands: Vec<usize>,
}

impl Shades {
    fn evaluate(f: &dyn Fn(f64, f64) -> f64, x: (f64, f64), y: (f64, f64)) -> Result<Self> {
        let centre =
            |(lo, hi): (f64, f64), i: usize| lo + (hi - lo) * (i as f64 + 0.5) / CELLS as f64;
        let values: Vec<f64> = (0..CELLS * CELLS)
            .map(|k| f(centre(x, k % CELLS), centre(y, k / CELLS)))
            .collect();
        check::finite("surface values", values.iter().copied())?;
        let (lo, hi) = values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        let span = (hi - lo).max(f64::MIN_POSITIVE);
        let bands = values
            .iter()
            .map(|v| (((v - lo) / span).sqrt() * BANDS).floor() as usize)
            .collect();
        Ok(Shades { x, y, bands })
    }

    fn color(band: usize) -> RGBColor {
        let t = (band as f64 / BANDS).min(1.0);
        mix(
            mix(PALETTE[0], RGBColor(255, 255, 255), 0.45),
            RGBColor(255, 255, 255),
            0.15 + 0.85 * t,
        )
    }
}

fn panel(
    area: &Area<'_>,
    walk: &Walk,
    shades: &Shades,
    minimum: (f64, f64),
    opts: &PlotOptions,
    theme: &Theme,
) -> Result<()> {
    let (w, _) = area.dim_in_pixel();
    layout::draw_text(
        area,
        &walk.name,
        (w as i32 / 2, (theme.margin / 2) as i32),
        &layout::bold(theme.label),
        HPos::Center,
        VPos::Top,
    )?;
    let below = area
        .split_vertically((theme.label * 1.5) as u32 + theme.margin / 2)
        .1;
    let (x, y) = (shades.x, shades.y);
    let square = crate::aspect::equal_aspect(&below, opts, theme, x, y);
    let mut chart = layout::chart2d(&square, opts, theme, x, y)?;
    let (dx, dy) = ((x.1 - x.0) / CELLS as f64, (y.1 - y.0) / CELLS as f64);
    chart.draw_series(shades.bands.iter().enumerate().map(|(k, &band)| {
        let (i, j) = ((k % CELLS) as f64, (k / CELLS) as f64);
        let (x0, y0) = (x.0 + i * dx, y.0 + j * dy);
        Rectangle::new([(x0, y0), (x0 + dx, y0 + dy)], Shades::color(band).filled())
    }))?;
    layout::draw_mesh(&mut chart, opts, theme, false)?;
    let arm = (theme.tick * 0.5) as i32;
    let cross = TEXT.stroke_width(theme.line);
    chart.draw_series(std::iter::once(Cross::new(minimum, arm, cross)))?;
    let line = HIGHLIGHT.stroke_width(theme.line);
    chart.draw_series(std::iter::once(PathElement::new(walk.points.clone(), line)))?;
    let dot = (theme.line + 1) as i32;
    chart.draw_series(
        walk.points
            .iter()
            .map(|&p| Circle::new(p, dot, HIGHLIGHT.filled())),
    )?;
    let start = walk.points[0];
    chart.draw_series(std::iter::once(Circle::new(
        start,
        dot * 3,
        TEXT.stroke_width(theme.line),
    )))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valley(x: f64, y: f64) -> f64 {
        x * x / 20.0 + y * y
    }

    #[test]
    fn draws_panels_and_refuses_bad_input() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("walks.png");
        let walk = |name: &str| Walk {
            name: name.into(),
            points: vec![(-7.0, 2.0), (-6.0, -1.0), (0.0, 0.0)],
        };
        let opts = PlotOptions::titled("paths")
            .size(400, 300)
            .ranges((-10.0, 10.0), (-5.0, 5.0));
        surface_walks(
            &png,
            &valley,
            (0.0, 0.0),
            &[walk("a"), walk("b"), walk("c")],
            &opts,
        )
        .unwrap();
        let img = image::open(&png).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (400, 300));
        let red = img
            .pixels()
            .filter(|p| p.0 == [HIGHLIGHT.0, HIGHLIGHT.1, HIGHLIGHT.2])
            .count();
        assert!(red > 50, "the paths are drawn in red: {red} pixels");

        assert!(surface_walks(&png, &valley, (0.0, 0.0), &[], &opts).is_err());
        let bad = Walk {
            name: "nan".into(),
            points: vec![(f64::NAN, 0.0)],
        };
        assert!(surface_walks(&png, &valley, (0.0, 0.0), &[bad], &opts).is_err());
        let no_range = PlotOptions::titled("paths").size(400, 300);
        let e = surface_walks(&png, &valley, (0.0, 0.0), &[walk("a")], &no_range).unwrap_err();
        assert!(e.to_string().contains("x_range"), "{e}");
    }

    #[test]
    fn lower_values_get_darker_bands() {
        let s = Shades::evaluate(&valley, (-10.0, 10.0), (-5.0, 5.0)).unwrap();
        let centre = s.bands[(CELLS / 2) * CELLS + CELLS / 2];
        let corner = s.bands[0];
        assert!(centre < corner, "{centre} {corner}");
        let (a, b) = (Shades::color(centre), Shades::color(corner));
        assert!(a.0 < b.0, "the valley floor is darker: {a:?} vs {b:?}");
    }
}
