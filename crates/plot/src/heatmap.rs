//! Heatmaps with a number in every cell: the confusion matrix and the grid-search table.

use crate::check;
use crate::error::{PlotError, Result};
use crate::layout::{self, Area, bold, draw_text, font, text_width};
use crate::output::render_png;
use crate::style::{HIGHLIGHT, PlotOptions, TEXT, Theme, mix};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use std::path::Path;

/// The darkest colour of the confusion matrix (the largest count).
pub const CONFUSION_DARK: RGBColor = RGBColor(8, 48, 107);
/// Colour of grid-search cells whose score is NaN or infinite (a diverged run).
pub const MISSING: RGBColor = RGBColor(200, 200, 200);

/// Draws a confusion matrix — `matrix[true_class][predicted_class]` counts — as a heatmap from
/// white (0) to dark blue (the largest count) with the count in every cell, rows = true class,
/// columns = predicted class; writes a PNG to `path`. Axis labels default to "predicted" and
/// "true"; `class_names` may be empty ("0", "1", …).
///
/// Errors on an empty or non-square matrix, a wrong number of class names, a bad size, or an
/// unwritable path.
pub fn confusion_matrix(
    path: impl AsRef<Path>,
    matrix: &[Vec<usize>],
    class_names: &[String],
    opts: &PlotOptions,
) -> Result<()> {
    check::non_empty("confusion matrix", matrix)?;
    let n = matrix.len();
    for row in matrix {
        check::same_len("confusion matrix row", n, row.len())?;
    }
    let names = if class_names.is_empty() {
        (0..n).map(|c| c.to_string()).collect()
    } else {
        check::same_len("class names", n, class_names.len())?;
        class_names.to_vec()
    };
    let max = matrix.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
    let cell = |i: usize, j: usize| {
        let t = matrix[i][j] as f64 / max;
        let fill = mix(RGBColor(255, 255, 255), CONFUSION_DARK, t);
        let ink = if t > 0.5 {
            RGBColor(255, 255, 255)
        } else {
            TEXT
        };
        (fill, matrix[i][j].to_string(), ink)
    };
    let table = Table {
        rows: &names,
        cols: &names,
        x_label: or(&opts.x_label, "predicted"),
        y_label: or(&opts.y_label, "true"),
        square: true,
        best: None,
    };
    let theme = Theme::for_size(opts.width, opts.height);
    render_png(path.as_ref(), opts.width, opts.height, |root| {
        let body = layout::title_block(root, &opts.title, "", &theme)?;
        draw_table(&body, &table, &cell, &theme)
    })
}

/// Draws a grid-search result: `scores[row][col]` for the hyperparameter values `y_values`
/// (rows, top to bottom) × `x_values` (columns), coloured from dark purple (worst) to yellow
/// (best) with the score printed in each cell and the best cell framed in red (the highest,
/// or the lowest with `opts.lower_is_better`). A NaN or infinite score — a run that diverged —
/// is drawn as a grey "n/a" cell. Axis labels name the hyperparameters.
///
/// Errors on empty input, a row of the wrong length, all scores missing, a bad size, or an
/// unwritable path.
pub fn grid_heatmap(
    path: impl AsRef<Path>,
    x_values: &[String],
    y_values: &[String],
    scores: &[Vec<f64>],
    opts: &PlotOptions,
) -> Result<()> {
    check::non_empty("x_values", x_values)?;
    check::non_empty("y_values", y_values)?;
    check::same_len("scores rows", y_values.len(), scores.len())?;
    for row in scores {
        check::same_len("scores row", x_values.len(), row.len())?;
    }
    let better = |a: f64, b: f64| if opts.lower_is_better { a < b } else { a > b };
    let mut best: Option<(usize, usize)> = None;
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for (i, row) in scores.iter().enumerate() {
        for (j, &s) in row.iter().enumerate() {
            if s.is_finite() {
                lo = lo.min(s);
                hi = hi.max(s);
                if best.is_none_or(|(bi, bj)| better(s, scores[bi][bj])) {
                    best = Some((i, j));
                }
            }
        }
    }
    if best.is_none() {
        return Err(PlotError::InvalidArgument(
            "every grid-search score is NaN or infinite".into(),
        ));
    }
    let cell = |i: usize, j: usize| {
        let s = scores[i][j];
        if !s.is_finite() {
            return (MISSING, "n/a".to_string(), TEXT);
        }
        let mut t = if hi > lo { (s - lo) / (hi - lo) } else { 1.0 };
        if opts.lower_is_better {
            t = 1.0 - t;
        }
        let fill = viridis(t);
        let luminance = 0.299 * fill.0 as f64 + 0.587 * fill.1 as f64 + 0.114 * fill.2 as f64;
        let ink = if luminance < 140.0 {
            RGBColor(255, 255, 255)
        } else {
            TEXT
        };
        (fill, score_text(s), ink)
    };
    let table = Table {
        rows: y_values,
        cols: x_values,
        x_label: &opts.x_label,
        y_label: &opts.y_label,
        square: false,
        best,
    };
    let theme = Theme::for_size(opts.width, opts.height);
    render_png(path.as_ref(), opts.width, opts.height, |root| {
        let body = layout::title_block(root, &opts.title, "", &theme)?;
        draw_table(&body, &table, &cell, &theme)
    })
}

fn or<'a>(s: &'a str, default: &'a str) -> &'a str {
    if s.is_empty() { default } else { s }
}

/// Three significant digits: 0.953, 0.0123, 12.5, 1234.
pub(crate) fn score_text(v: f64) -> String {
    let a = v.abs();
    if a != 0.0 && !(1e-4..1e6).contains(&a) {
        return format!("{v:.2e}");
    }
    let magnitude = if a == 0.0 {
        0
    } else {
        a.log10().floor() as i32
    };
    let decimals = (2 - magnitude).clamp(0, 5) as usize;
    format!("{v:.decimals$}")
}

/// The viridis colour map, `t` in [0, 1] (dark purple → yellow).
pub(crate) fn viridis(t: f64) -> RGBColor {
    const STOPS: [RGBColor; 5] = [
        RGBColor(68, 1, 84),
        RGBColor(59, 82, 139),
        RGBColor(33, 145, 140),
        RGBColor(94, 201, 98),
        RGBColor(253, 231, 37),
    ];
    let x = t.clamp(0.0, 1.0) * (STOPS.len() - 1) as f64;
    let k = (x.floor() as usize).min(STOPS.len() - 2);
    mix(STOPS[k], STOPS[k + 1], x - k as f64)
}

struct Table<'a> {
    rows: &'a [String],
    cols: &'a [String],
    x_label: &'a str,
    y_label: &'a str,
    square: bool,
    best: Option<(usize, usize)>,
}

/// Largest font size ≤ `size` at which every text fits in `width` pixels (not below 7 px).
fn fitting(texts: &[String], size: f64, width: f64) -> f64 {
    let mut s = size;
    while s > 7.0 && texts.iter().any(|t| text_width(t, s) as f64 > width) {
        s -= 0.5;
    }
    s
}

type Cell<'a> = dyn Fn(usize, usize) -> (RGBColor, String, RGBColor) + 'a;

fn draw_table(area: &Area<'_>, t: &Table<'_>, cell: &Cell<'_>, theme: &Theme) -> Result<()> {
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as f64, h as f64);
    let m = theme.margin as f64;
    let row_label_w = t
        .rows
        .iter()
        .map(|r| text_width(r, theme.tick * 1.1))
        .max()
        .unwrap_or(0) as f64
        + m * 0.8;
    let y_label_w = if t.y_label.is_empty() {
        0.0
    } else {
        theme.label * 1.6
    };
    let x_label_h = if t.x_label.is_empty() {
        0.0
    } else {
        theme.label * 1.6
    };
    let col_label_h = theme.tick * 1.7;
    let left = m + y_label_w + row_label_w;
    let (avail_w, avail_h) = (
        w - left - m * 2.0,
        h - m * 0.5 - col_label_h - x_label_h - m,
    );
    let (nr, nc) = (t.rows.len() as f64, t.cols.len() as f64);
    let (mut cw, mut ch) = (avail_w / nc, avail_h / nr);
    if t.square {
        cw = cw.min(ch);
        ch = cw;
    }
    if cw < 2.0 || ch < 2.0 {
        return Err(PlotError::InvalidArgument(
            "picture too small for this many cells".into(),
        ));
    }
    let x0 = left + (avail_w - cw * nc) / 2.0;
    let y0 = m * 0.5 + (avail_h - ch * nr) / 2.0;
    let px = |x: f64| x.round() as i32;
    let cells_all: Vec<Vec<(RGBColor, String, RGBColor)>> = (0..t.rows.len())
        .map(|i| (0..t.cols.len()).map(|j| cell(i, j)).collect())
        .collect();
    let all_text: Vec<String> = cells_all.iter().flatten().map(|c| c.1.clone()).collect();
    let cell_font = fitting(&all_text, (ch * 0.38).min(theme.label * 1.1), cw * 0.86);
    for (i, row) in cells_all.iter().enumerate() {
        for (j, (fill, text, ink)) in row.iter().enumerate() {
            let (a, b) = (x0 + j as f64 * cw, y0 + i as f64 * ch);
            area.draw(&Rectangle::new(
                [(px(a), px(b)), (px(a + cw), px(b + ch))],
                fill.filled(),
            ))?;
            draw_text(
                area,
                text,
                (px(a + cw / 2.0), px(b + ch / 2.0)),
                &font(cell_font).color(ink),
                HPos::Center,
                VPos::Center,
            )?;
        }
    }
    // Thin white separators between cells.
    let sep = RGBColor(255, 255, 255).stroke_width(1);
    for j in 1..t.cols.len() {
        let x = px(x0 + j as f64 * cw);
        area.draw(&PathElement::new(
            vec![(x, px(y0)), (x, px(y0 + ch * nr))],
            sep,
        ))?;
    }
    for i in 1..t.rows.len() {
        let y = px(y0 + i as f64 * ch);
        area.draw(&PathElement::new(
            vec![(px(x0), y), (px(x0 + cw * nc), y)],
            sep,
        ))?;
    }
    if let Some((i, j)) = t.best {
        let (a, b) = (x0 + j as f64 * cw, y0 + i as f64 * ch);
        let width = (theme.line + 2).max(3);
        let inset = width as f64 / 2.0;
        area.draw(&Rectangle::new(
            [
                (px(a + inset), px(b + inset)),
                (px(a + cw - inset), px(b + ch - inset)),
            ],
            HIGHLIGHT.stroke_width(width),
        ))?;
    }
    let tick = fitting(t.cols, theme.tick * 1.1, cw * 0.95);
    for (j, name) in t.cols.iter().enumerate() {
        let x = px(x0 + (j as f64 + 0.5) * cw);
        draw_text(
            area,
            name,
            (x, px(y0 + ch * nr + m * 0.4)),
            &font(tick),
            HPos::Center,
            VPos::Top,
        )?;
    }
    for (i, name) in t.rows.iter().enumerate() {
        let y = px(y0 + (i as f64 + 0.5) * ch);
        let x = px(x0 - m * 0.5);
        draw_text(
            area,
            name,
            (x, y),
            &font(theme.tick * 1.1),
            HPos::Right,
            VPos::Center,
        )?;
    }
    if !t.x_label.is_empty() {
        let y = px(y0 + ch * nr + m * 0.4 + col_label_h);
        let x = px(x0 + cw * nc / 2.0);
        draw_text(
            area,
            t.x_label,
            (x, y),
            &bold(theme.label),
            HPos::Center,
            VPos::Top,
        )?;
    }
    if !t.y_label.is_empty() {
        let style = bold(theme.label).transform(FontTransform::Rotate270);
        let (x, y) = (px(m + theme.label * 0.2), px(y0 + ch * nr / 2.0));
        area.draw(&Text::new(
            t.y_label.to_string(),
            (x, y),
            style.pos(plotters::style::text_anchor::Pos::new(
                HPos::Center,
                VPos::Top,
            )),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_have_three_significant_digits() {
        assert_eq!(score_text(0.95333), "0.953");
        assert_eq!(score_text(0.012345), "0.0123");
        assert_eq!(score_text(12.54), "12.5");
        assert_eq!(score_text(1234.4), "1234");
        assert_eq!(score_text(0.0), "0.00");
        assert_eq!(score_text(1e-7), "1.00e-7");
    }

    #[test]
    fn viridis_ends() {
        assert_eq!(viridis(0.0), RGBColor(68, 1, 84));
        assert_eq!(viridis(1.0), RGBColor(253, 231, 37));
        assert_eq!(viridis(2.0), viridis(1.0));
    }
}
