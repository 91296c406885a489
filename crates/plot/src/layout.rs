//! Shared layout: title block, legend column, 2-D chart with styled axes, text helpers.

use crate::error::Result;
use crate::font::FAMILY;
use crate::style::{PlotOptions, TEXT, Theme, class_tint, mix};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A drawing area on the in-memory bitmap.
pub(crate) type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;
/// A 2-D chart with f64 axes.
pub(crate) type Chart2d<'a, 'b> =
    ChartContext<'a, BitMapBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Regular text of `size` pixels in the bundled font.
pub(crate) fn font(size: f64) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(&TEXT)
}

/// Bold text of `size` pixels.
pub(crate) fn bold(size: f64) -> TextStyle<'static> {
    (FAMILY, size)
        .into_font()
        .style(FontStyle::Bold)
        .color(&TEXT)
}

/// Width in pixels of `text` at `size` (0 if it cannot be measured).
pub(crate) fn text_width(text: &str, size: f64) -> u32 {
    (FAMILY, size)
        .into_font()
        .box_size(text)
        .map_or(0, |(w, _)| w)
}

/// Draws `text` with its anchor at `pos`. The bundled font's glyphs sit higher than plotters'
/// layout box says, so vertically centred text is nudged down to look centred.
pub(crate) fn draw_text(
    area: &Area<'_>,
    text: &str,
    (x, y): (i32, i32),
    style: &TextStyle<'_>,
    h: HPos,
    v: VPos,
) -> Result<()> {
    let size = match style.font.get_size() {
        s if s > 0.0 => s,
        _ => 12.0,
    };
    let nudge = match v {
        VPos::Center => (0.27 * size) as i32,
        VPos::Top => (0.25 * size) as i32,
        VPos::Bottom => 0,
    };
    area.draw(&Text::new(
        text.to_string(),
        (x, y + nudge),
        style.pos(Pos::new(h, v)),
    ))?;
    Ok(())
}

/// Draws the title (and an optional smaller subtitle) centred at the top and returns the area
/// below them.
pub(crate) fn title_block<'a>(
    area: &Area<'a>,
    title: &str,
    subtitle: &str,
    theme: &Theme,
) -> Result<Area<'a>> {
    let (w, _) = area.dim_in_pixel();
    let mut y = theme.margin as f64;
    if !title.is_empty() {
        draw_text(
            area,
            title,
            (w as i32 / 2, y as i32),
            &bold(theme.title),
            HPos::Center,
            VPos::Top,
        )?;
        y += theme.title * 1.35;
    }
    if !subtitle.is_empty() {
        // A long subtitle gets smaller until it fits the width (not below 8 px).
        let room = w.saturating_sub(2 * theme.margin);
        let mut size = theme.legend;
        while size > 8.0 && text_width(subtitle, size) > room {
            size -= 0.5;
        }
        draw_text(
            area,
            subtitle,
            (w as i32 / 2, y as i32),
            &font(size),
            HPos::Center,
            VPos::Top,
        )?;
        y += theme.legend * 1.4;
    }
    if title.is_empty() && subtitle.is_empty() {
        return Ok(area.clone());
    }
    Ok(area.split_vertically(y.round() as u32).1)
}

/// What a legend entry shows next to its name.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Mark {
    /// A filled dot of the class colour.
    Point(RGBColor),
    /// A dot on a square of the class tint (decision-boundary pictures).
    PointOnTint(usize),
    /// A short line, solid or dashed.
    Line(RGBColor, bool),
    /// A cross (a misclassified point).
    Cross(RGBColor),
}

/// One legend entry.
pub(crate) type Entry = (String, Mark);

fn legend_width(entries: &[Entry], theme: &Theme) -> u32 {
    let text = entries
        .iter()
        .map(|(name, _)| text_width(name, theme.legend))
        .max()
        .unwrap_or(0);
    text + (theme.legend * 3.2) as u32 + theme.margin
}

/// Splits off a legend column on the right (when `on` and there are entries), draws the legend
/// in it, and returns the remaining area for the chart. `top` is where the first entry goes.
pub(crate) fn legend_column<'a>(
    area: &Area<'a>,
    entries: &[Entry],
    theme: &Theme,
    on: bool,
    top: i32,
) -> Result<Area<'a>> {
    if !on || entries.is_empty() {
        return Ok(area.clone());
    }
    let (w, _) = area.dim_in_pixel();
    let lw = legend_width(entries, theme).min(w / 2);
    let (chart, legend) = area.split_horizontally(w - lw);
    draw_legend(&legend, entries, theme, top)?;
    Ok(chart)
}

/// Draws legend entries top-down from `top`.
pub(crate) fn draw_legend(
    area: &Area<'_>,
    entries: &[Entry],
    theme: &Theme,
    top: i32,
) -> Result<()> {
    let s = theme.legend;
    let row = (s * 1.6) as i32;
    let x0 = (s * 0.4) as i32;
    let mark_w = (s * 1.8) as i32;
    for (i, (name, mark)) in entries.iter().enumerate() {
        let y = top + row / 2 + i as i32 * row;
        let cx = x0 + mark_w / 2;
        let r = (s * 0.32).max(2.0) as i32;
        match *mark {
            Mark::Point(c) => {
                area.draw(&Circle::new((cx, y), r, c.filled()))?;
            }
            Mark::PointOnTint(class) => {
                let h = (s * 0.6) as i32;
                area.draw(&Rectangle::new(
                    [(cx - h, y - h), (cx + h, y + h)],
                    class_tint(class).filled(),
                ))?;
                let c = crate::style::class_color(class);
                area.draw(&Circle::new((cx, y), r, c.filled()))?;
            }
            Mark::Cross(c) => {
                let a = r + 2;
                let style = c.stroke_width(2);
                area.draw(&PathElement::new(
                    vec![(cx - a, y - a), (cx + a, y + a)],
                    style,
                ))?;
                area.draw(&PathElement::new(
                    vec![(cx - a, y + a), (cx + a, y - a)],
                    style,
                ))?;
            }
            Mark::Line(c, dashed) => {
                let style = c.stroke_width(theme.line + 1);
                if dashed {
                    let d = mark_w / 4;
                    for k in [0, 2] {
                        let a = x0 + k * d + d / 4;
                        area.draw(&PathElement::new(vec![(a, y), (a + d + d / 2, y)], style))?;
                    }
                } else {
                    area.draw(&PathElement::new(vec![(x0, y), (x0 + mark_w, y)], style))?;
                }
            }
        }
        draw_text(
            area,
            name,
            (x0 + mark_w + (s * 0.5) as i32, y),
            &font(s),
            HPos::Left,
            VPos::Center,
        )?;
    }
    Ok(())
}

/// Builds a 2-D chart on `area` with room for tick labels and axis descriptions.
pub(crate) fn chart2d<'a, 'b>(
    area: &'a Area<'b>,
    opts: &PlotOptions,
    theme: &Theme,
    x: (f64, f64),
    y: (f64, f64),
) -> Result<Chart2d<'a, 'b>> {
    let d = Decorations::of(opts, theme);
    let chart = ChartBuilder::on(area)
        .margin(d.margin)
        .margin_top(d.top)
        .margin_right(d.right)
        .x_label_area_size(d.x_area)
        .y_label_area_size(d.y_area)
        .build_cartesian_2d(x.0..x.1, y.0..y.1)?;
    Ok(chart)
}

/// The pixels [`chart2d`] keeps around its plotting area: margins and the label areas.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Decorations {
    /// Left and bottom margin.
    pub margin: u32,
    /// Top margin.
    pub top: u32,
    /// Right margin (room for the last tick label).
    pub right: u32,
    /// Height of the x tick labels and description, below the plot.
    pub x_area: u32,
    /// Width of the y tick labels and description, left of the plot.
    pub y_area: u32,
}

impl Decorations {
    /// The decorations of a chart drawn with `opts` and `theme`.
    pub fn of(opts: &PlotOptions, theme: &Theme) -> Self {
        let described = |label: &str| {
            if label.is_empty() {
                0.0
            } else {
                theme.label * 1.5
            }
        };
        Self {
            margin: theme.margin,
            top: theme.margin / 2,
            right: theme.margin + (theme.tick * 1.2) as u32,
            x_area: (theme.tick * 1.8 + described(&opts.x_label)) as u32,
            y_area: (theme.tick * 3.6 + described(&opts.y_label)) as u32,
        }
    }

    /// Pixels taken horizontally and vertically: the plotting area is the chart's area minus
    /// these.
    pub fn total(&self) -> (u32, u32) {
        (
            self.margin + self.y_area + self.right,
            self.top + self.x_area + self.margin,
        )
    }
}

/// Draws axes, tick labels, axis descriptions and (when `grid`) light grid lines.
pub(crate) fn draw_mesh(
    chart: &mut Chart2d<'_, '_>,
    opts: &PlotOptions,
    theme: &Theme,
    grid: bool,
) -> Result<()> {
    let y = chart.as_coord_spec().get_y_range();
    let spans_a_decade = (y.end + 1e-9).floor() - (y.start - 1e-9).ceil() >= 1.0;
    // On a log axis (values log₁₀ y) only the powers of ten are labelled when the axis holds two
    // of them or more; a shorter axis labels every tick.
    let log_label = move |v: &f64| log_tick(*v, spans_a_decade);
    let light = mix(TEXT, RGBColor(255, 255, 255), 0.93);
    let bold_line = mix(TEXT, RGBColor(255, 255, 255), 0.85);
    let mut mesh = chart.configure_mesh();
    mesh.x_desc(opts.x_label.as_str())
        .y_desc(opts.y_label.as_str())
        .label_style(font(theme.tick))
        .axis_desc_style(font(theme.label))
        .axis_style(TEXT.stroke_width(1))
        .x_labels(8)
        .y_labels(8)
        .x_label_formatter(&|v| tick(*v))
        .y_label_formatter(if opts.log_y {
            &log_label
        } else {
            &|v| tick(*v)
        })
        .light_line_style(light)
        .bold_line_style(bold_line);
    if !grid {
        mesh.disable_mesh();
    }
    mesh.draw()?;
    Ok(())
}

/// Top of the chart's plotting area relative to `area` (to line the legend up with it).
pub(crate) fn legend_top(theme: &Theme) -> i32 {
    (theme.margin / 2) as i32
}

/// The label of the tick at `v` = log₁₀ y on a logarithmic axis: y itself (`0.01`, `1`, `10`) at
/// a power of ten, and nothing between powers of ten when `only_powers`.
pub(crate) fn log_tick(v: f64, only_powers: bool) -> String {
    if (v - v.round()).abs() < 1e-9 {
        tick(10f64.powi(v.round() as i32))
    } else if only_powers {
        String::new()
    } else {
        let y = 10f64.powf(v);
        let digits = (1 - y.log10().floor() as i32).max(0) as usize;
        format!("{y:.digits$}")
    }
}

/// A short tick label: `2000` not `2000.0`, `0.25` not `0.250000`, `1e-5` for tiny values.
pub(crate) fn tick(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    if !(1e-3..1e6).contains(&a) {
        return format!("{v:.0e}");
    }
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

#[cfg(test)]
mod tests {
    use super::tick;

    #[test]
    fn log_ticks_label_powers_of_ten() {
        use super::log_tick;
        assert_eq!(log_tick(-2.0, true), "0.01");
        assert_eq!(log_tick(1.0, true), "10");
        assert_eq!(log_tick(0.0, true), "1");
        assert_eq!(log_tick(-1.5, true), "");
        assert_eq!(log_tick(-1.5, false), "0.032");
        assert_eq!(log_tick(0.5, false), "3.2");
    }

    #[test]
    fn tick_labels_are_short() {
        assert_eq!(tick(2000.0), "2000");
        assert_eq!(tick(0.25), "0.25");
        assert_eq!(tick(-6.0), "-6");
        assert_eq!(tick(0.0), "0");
        assert_eq!(tick(1e-5), "1e-5");
        assert_eq!(tick(0.30000000000000004), "0.3");
    }
}
