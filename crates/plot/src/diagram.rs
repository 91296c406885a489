//! Diagrams drawn from data: a network's layers of units with the matrices' shapes, and a
//! data-flow graph of boxes and arrows (the forward and backward passes).

use crate::check;
use crate::error::{PlotError, Result};
use crate::layout::{self, Area};
use crate::output::render_png;
use crate::style::{HIGHLIGHT, PlotOptions, TEXT, Theme, class_color, class_tint, mix};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use std::path::Path;

/// Units drawn per layer at most; a wider layer shows its first ones and "⋮".
const MAX_UNITS: usize = 8;

/// Draws a network of `sizes[0]` inputs, hidden layers and `sizes[K]` outputs as columns of
/// units joined by their weights; `under[l]` are the text lines below column l (the matrices of
/// layer l, e.g. "X¹ = h(A¹): n×3") and `over[l]` the lines above the links from column l to
/// l + 1 (e.g. "W¹: 2×3"). Writes a PNG.
///
/// Errors on fewer than two layers, a width of 0, `under` not one entry per column or `over`
/// not one per link, a bad size, or an unwritable path.
pub fn network_diagram(
    path: impl AsRef<Path>,
    sizes: &[usize],
    under: &[Vec<String>],
    over: &[Vec<String>],
    opts: &PlotOptions,
) -> Result<()> {
    if sizes.len() < 2 || sizes.contains(&0) {
        return Err(PlotError::InvalidArgument(format!(
            "a network diagram needs at least two layers of at least one unit, got {sizes:?}"
        )));
    }
    check::same_len("text lines under the layers", sizes.len(), under.len())?;
    check::same_len("text lines over the links", sizes.len() - 1, over.len())?;
    let theme = Theme::for_size(opts.width, opts.height);
    render_png(path.as_ref(), opts.width, opts.height, |root| {
        let body = layout::title_block(root, &opts.title, "", &theme)?;
        let (w, h) = body.dim_in_pixel();
        let (w, h) = (w as f64, h as f64);
        let k = sizes.len() - 1;
        let margin = w * 0.12;
        let col_x = |l: usize| margin + (w - 2.0 * margin) * l as f64 / k as f64;
        let top = h * 0.25;
        let bottom = h * 0.6;
        let shown = |n: usize| n.min(MAX_UNITS);
        let unit_y = |n: usize, i: usize| {
            let m = shown(n);
            if m == 1 {
                (top + bottom) / 2.0
            } else {
                top + (bottom - top) * i as f64 / (m - 1) as f64
            }
        };
        let r = ((bottom - top) / (2.5 * MAX_UNITS.min(*sizes.iter().max().unwrap_or(&1)) as f64))
            .clamp(4.0, theme.legend * 1.2) as i32;
        let link = mix(TEXT, RGBColor(255, 255, 255), 0.7).stroke_width(1);
        for l in 0..k {
            for i in 0..shown(sizes[l]) {
                for j in 0..shown(sizes[l + 1]) {
                    let a = (col_x(l) as i32, unit_y(sizes[l], i) as i32);
                    let b = (col_x(l + 1) as i32, unit_y(sizes[l + 1], j) as i32);
                    body.draw(&PathElement::new(vec![a, b], link))?;
                }
            }
            let mid = ((col_x(l) + col_x(l + 1)) / 2.0) as i32;
            text_lines(&body, &over[l], mid, (top * 0.15) as i32, &theme, false)?;
        }
        for (l, &n) in sizes.iter().enumerate() {
            let kind = if l == 0 {
                0
            } else if l == k {
                2
            } else {
                1
            };
            for i in 0..shown(n) {
                let c = (col_x(l) as i32, unit_y(n, i) as i32);
                body.draw(&Circle::new(c, r, class_tint(kind).filled()))?;
                body.draw(&Circle::new(c, r, class_color(kind).stroke_width(2)))?;
            }
            if n > MAX_UNITS {
                let y = (bottom + r as f64 * 2.5) as i32;
                layout::draw_text(
                    &body,
                    "⋮",
                    (col_x(l) as i32, y),
                    &layout::bold(theme.label),
                    HPos::Center,
                    VPos::Center,
                )?;
            }
            let y = (bottom + r as f64 * 2.0 + theme.legend) as i32;
            text_lines(
                &body,
                &under[l],
                col_x(l) as i32,
                y,
                &theme,
                l == 0 || l == k,
            )?;
        }
        Ok(())
    })
}

/// Draws `lines` centred at x, from y down, one line each (the first in bold when `bold`).
fn text_lines(
    area: &Area<'_>,
    lines: &[String],
    x: i32,
    y: i32,
    theme: &Theme,
    bold: bool,
) -> Result<()> {
    for (i, line) in lines.iter().enumerate() {
        let style = if bold && i == 0 {
            layout::bold(theme.legend)
        } else {
            layout::font(theme.legend)
        };
        let yy = y + (i as f64 * theme.legend * 1.45) as i32;
        layout::draw_text(area, line, (x, yy), &style, HPos::Center, VPos::Top)?;
    }
    Ok(())
}

/// One box of a data-flow diagram: its text lines, placed at the centre of grid cell
/// (`col`, `row`) (fractions allowed); `backward` boxes are drawn in the highlight colour.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowBox {
    /// The lines of text inside the box.
    pub lines: Vec<String>,
    /// Column of the grid, from 0 at the left.
    pub col: f64,
    /// Row of the grid, from 0 at the top.
    pub row: f64,
    /// A value of the backward pass (red) rather than of the forward pass.
    pub backward: bool,
}

/// An arrow from box `from` to box `to`: `backward` arrows are red, `uses` arrows (a cached
/// value read again) thin and grey, the others dark.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowArrow {
    /// Index of the box it starts at.
    pub from: usize,
    /// Index of the box it points to.
    pub to: usize,
    /// Part of the backward pass.
    pub backward: bool,
    /// A value computed earlier and read again (drawn thin and grey).
    pub uses: bool,
}

/// Draws the boxes on a grid of `max col + 1` columns and `max row + 1` rows and the arrows
/// between them (from edge to edge, with a head), and writes a PNG.
///
/// Errors on no boxes, an arrow naming a missing box, a non-finite or negative position, a bad
/// size, or an unwritable path.
pub fn flow_diagram(
    path: impl AsRef<Path>,
    boxes: &[FlowBox],
    arrows: &[FlowArrow],
    opts: &PlotOptions,
) -> Result<()> {
    check::non_empty("boxes", boxes)?;
    check::finite("box positions", boxes.iter().flat_map(|b| [b.col, b.row]))?;
    if boxes.iter().any(|b| b.col < 0.0 || b.row < 0.0) {
        return Err(PlotError::InvalidArgument(
            "box positions must be ≥ 0".into(),
        ));
    }
    if let Some(a) = arrows
        .iter()
        .find(|a| a.from >= boxes.len() || a.to >= boxes.len())
    {
        return Err(PlotError::InvalidArgument(format!(
            "an arrow joins box {} to box {}, but there are {} boxes",
            a.from,
            a.to,
            boxes.len()
        )));
    }
    let theme = Theme::for_size(opts.width, opts.height);
    let cols = boxes.iter().map(|b| b.col).fold(0.0, f64::max) + 1.0;
    let rows = boxes.iter().map(|b| b.row).fold(0.0, f64::max) + 1.0;
    render_png(path.as_ref(), opts.width, opts.height, |root| {
        let body = layout::title_block(root, &opts.title, "", &theme)?;
        let (w, h) = body.dim_in_pixel();
        let centre = |b: &FlowBox| {
            (
                (w as f64 * (b.col + 0.5) / cols) as i32,
                (h as f64 * (b.row + 0.5) / rows) as i32,
            )
        };
        let line_h = theme.legend * 1.4;
        let half = |b: &FlowBox| {
            let tw = b
                .lines
                .iter()
                .map(|l| layout::text_width(l, theme.legend))
                .max()
                .unwrap_or(0);
            (
                (tw as f64 / 2.0 + theme.legend * 0.7) as i32,
                (b.lines.len() as f64 * line_h / 2.0 + theme.legend * 0.45) as i32,
            )
        };
        for a in arrows {
            let (fb, tb) = (&boxes[a.from], &boxes[a.to]);
            let (p, q) = (centre(fb), centre(tb));
            let start = box_exit(p, q, half(fb));
            let end = box_exit(q, p, half(tb));
            let color = if a.backward {
                HIGHLIGHT
            } else if a.uses {
                mix(TEXT, RGBColor(255, 255, 255), 0.55)
            } else {
                TEXT
            };
            let width = if a.uses { 1 } else { theme.line };
            arrow(&body, start, end, color, width, theme.legend * 0.6)?;
        }
        for b in boxes {
            let (c, (hw, hh)) = (centre(b), half(b));
            let (fill, edge) = if b.backward {
                (mix(HIGHLIGHT, RGBColor(255, 255, 255), 0.88), HIGHLIGHT)
            } else {
                (RGBColor(255, 255, 255), TEXT)
            };
            let corners = [(c.0 - hw, c.1 - hh), (c.0 + hw, c.1 + hh)];
            body.draw(&Rectangle::new(corners, fill.filled()))?;
            body.draw(&Rectangle::new(corners, edge.stroke_width(2)))?;
            let y0 = c.1 as f64 - (b.lines.len() as f64 - 1.0) * line_h / 2.0;
            for (i, line) in b.lines.iter().enumerate() {
                let y = (y0 + i as f64 * line_h) as i32;
                layout::draw_text(
                    &body,
                    line,
                    (c.0, y),
                    &layout::font(theme.legend),
                    HPos::Center,
                    VPos::Center,
                )?;
            }
        }
        Ok(())
    })
}

/// Where the segment from `p` (a box centre, half sizes `half`) towards `q` leaves the box.
fn box_exit(p: (i32, i32), q: (i32, i32), half: (i32, i32)) -> (i32, i32) {
    let (dx, dy) = ((q.0 - p.0) as f64, (q.1 - p.1) as f64);
    let tx = if dx.abs() > 1e-9 {
        half.0 as f64 / dx.abs()
    } else {
        f64::INFINITY
    };
    let ty = if dy.abs() > 1e-9 {
        half.1 as f64 / dy.abs()
    } else {
        f64::INFINITY
    };
    let t = tx.min(ty).min(1.0);
    (p.0 + (dx * t) as i32, p.1 + (dy * t) as i32)
}

/// A line from `a` to `b` with a filled head at `b` of length `head`.
fn arrow(
    area: &Area<'_>,
    a: (i32, i32),
    b: (i32, i32),
    color: RGBColor,
    width: u32,
    head: f64,
) -> Result<()> {
    area.draw(&PathElement::new(vec![a, b], color.stroke_width(width)))?;
    let (dx, dy) = ((b.0 - a.0) as f64, (b.1 - a.1) as f64);
    let len = (dx * dx + dy * dy).sqrt().max(1e-9);
    let (ux, uy) = (dx / len, dy / len);
    let base = (b.0 as f64 - ux * head, b.1 as f64 - uy * head);
    let side = (-uy * head * 0.45, ux * head * 0.45);
    let tri = vec![
        b,
        ((base.0 + side.0) as i32, (base.1 + side.1) as i32),
        ((base.0 - side.0) as i32, (base.1 - side.1) as i32),
    ];
    area.draw(&Polygon::new(tri, color.filled()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn network_diagram_draws_units_and_checks_its_text() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("net.png");
        let opts = PlotOptions::titled("net").size(600, 400);
        let under = vec![lines(&["X⁰"]), lines(&["X¹"]), lines(&["X²"])];
        let over = vec![lines(&["W¹"]), lines(&["W²"])];
        network_diagram(&png, &[2, 20, 3], &under, &over, &opts).unwrap();
        let img = image::open(&png).unwrap().to_rgb8();
        let c = class_color(1);
        assert!(
            img.pixels().any(|p| p.0 == [c.0, c.1, c.2]),
            "hidden units drawn"
        );
        assert!(network_diagram(&png, &[2, 3], &under, &over, &opts).is_err());
        assert!(network_diagram(&png, &[2], &under[..1], &[], &opts).is_err());
        assert!(network_diagram(&png, &[2, 0, 3], &under, &over, &opts).is_err());
    }

    #[test]
    fn flow_diagram_draws_boxes_and_refuses_bad_arrows() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("flow.png");
        let opts = PlotOptions::titled("flow").size(600, 300);
        let b = |t: &str, col, row, backward| FlowBox {
            lines: lines(&[t]),
            col,
            row,
            backward,
        };
        let boxes = [
            b("X", 0.0, 0.0, false),
            b("A", 1.0, 0.0, false),
            b("Δ", 1.0, 1.0, true),
        ];
        let arrows = [
            FlowArrow {
                from: 0,
                to: 1,
                backward: false,
                uses: false,
            },
            FlowArrow {
                from: 1,
                to: 2,
                backward: true,
                uses: false,
            },
        ];
        flow_diagram(&png, &boxes, &arrows, &opts).unwrap();
        let img = image::open(&png).unwrap().to_rgb8();
        assert!(
            img.pixels()
                .any(|p| p.0 == [HIGHLIGHT.0, HIGHLIGHT.1, HIGHLIGHT.2])
        );
        let bad = [FlowArrow {
            from: 0,
            to: 3,
            backward: false,
            uses: false,
        }];
        let e = flow_diagram(&png, &boxes, &bad, &opts)
            .unwrap_err()
            .to_string();
        assert!(e.contains("box 3"), "{e}");
        assert!(flow_diagram(&png, &[], &[], &opts).is_err());
    }

    #[test]
    fn arrows_leave_boxes_at_their_edges() {
        assert_eq!(box_exit((0, 0), (100, 0), (10, 5)), (10, 0));
        assert_eq!(box_exit((0, 0), (0, -100), (10, 5)), (0, -5));
    }
}
