//! Equal units on both axes (a 1:1 aspect): a circle in the data is a circle in the picture.

use crate::layout::{Area, Decorations};
use crate::style::{PlotOptions, Theme};

/// How many pixels to take off the plotting area, horizontally and vertically, so one unit of x
/// is as long as one unit of y: with a plotting area of `plot` pixels (width, height) showing
/// `x` × `y`, the longer side per unit is shortened until `w / (x₁ − x₀) = h / (y₁ − y₀)`.
/// Returns (0, 0) for an empty area.
pub(crate) fn equal_aspect_cut(plot: (f64, f64), x: (f64, f64), y: (f64, f64)) -> (f64, f64) {
    let (w, h) = plot;
    let (dx, dy) = (x.1 - x.0, y.1 - y.0);
    if w <= 0.0 || h <= 0.0 || dx <= 0.0 || dy <= 0.0 {
        return (0.0, 0.0);
    }
    // Pixels per unit along each axis; the smaller one wins.
    let per_unit = (w / dx).min(h / dy);
    (w - per_unit * dx, h - per_unit * dy)
}

/// The part of `area`, centred, in which a chart of `x` × `y` drawn with [`crate::layout::chart2d`]
/// has equal units on both axes.
pub(crate) fn equal_aspect<'a>(
    area: &Area<'a>,
    opts: &PlotOptions,
    theme: &Theme,
    x: (f64, f64),
    y: (f64, f64),
) -> Area<'a> {
    let (w, h) = area.dim_in_pixel();
    let (dw, dh) = Decorations::of(opts, theme).total();
    let plot = (w as f64 - dw as f64, h as f64 - dh as f64);
    let (cut_w, cut_h) = equal_aspect_cut(plot, x, y);
    let (cut_w, cut_h) = (cut_w.floor() as i32, cut_h.floor() as i32);
    area.margin(cut_h / 2, cut_h - cut_h / 2, cut_w / 2, cut_w - cut_w / 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_square_range_in_a_wide_area_is_cut_to_a_square() {
        assert_eq!(
            equal_aspect_cut((500.0, 400.0), (-6.0, 6.0), (-6.0, 6.0)),
            (100.0, 0.0)
        );
        assert_eq!(
            equal_aspect_cut((400.0, 500.0), (-6.0, 6.0), (-6.0, 6.0)),
            (0.0, 100.0)
        );
    }

    #[test]
    fn units_become_equal_for_any_ranges() {
        for (plot, x, y) in [
            ((640.0, 480.0), (0.0, 1.0), (0.0, 3.0)),
            ((300.0, 900.0), (-10.0, 10.0), (0.0, 2.0)),
            ((777.0, 555.0), (-6.3, 6.3), (-6.0, 6.0)),
        ] {
            let (cw, ch) = equal_aspect_cut(plot, x, y);
            assert!(cw >= 0.0 && ch >= 0.0 && (cw == 0.0 || ch == 0.0));
            let (w, h) = (plot.0 - cw, plot.1 - ch);
            let ratio = (w / (x.1 - x.0)) / (h / (y.1 - y.0));
            assert!((ratio - 1.0).abs() < 1e-9, "{plot:?} {x:?} {y:?}: {ratio}");
        }
        assert_eq!(
            equal_aspect_cut((0.0, 10.0), (0.0, 1.0), (0.0, 1.0)),
            (0.0, 0.0)
        );
    }
}
