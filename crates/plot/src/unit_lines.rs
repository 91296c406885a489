//! A ReLU network's decision regions with the line of every first-layer unit drawn over them:
//! unit j switches on across `x w₁ⱼ + y w₂ⱼ + bⱼ = 0`, and the boundary can only bend there.

use crate::aspect::equal_aspect;
use crate::boundary::{ClassMap, Grid};
use crate::check;
use crate::error::Result;
use crate::layout::{self, Entry, Mark};
use crate::output::render_png;
use crate::style::{PlotOptions, TEXT, Theme, class_color, class_tint, mix};
use crate::truth::Predict;
use crate::truth::TrueBoundary;
use plotters::prelude::*;
use std::path::Path;

/// The straight line `x·w1 + y·w2 + b = 0` (a first-layer unit's `A = 0`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitLine {
    /// Weight of x.
    pub w1: f64,
    /// Weight of y.
    pub w2: f64,
    /// Bias.
    pub b: f64,
}

impl UnitLine {
    /// The part of the line inside the rectangle `x × y`, if it crosses it: the two extreme
    /// points among its intersections with the four sides.
    pub fn clip(&self, x: (f64, f64), y: (f64, f64)) -> Option<[(f64, f64); 2]> {
        let mut pts = Vec::new();
        if self.w2.abs() > 1e-12 {
            for xv in [x.0, x.1] {
                let yv = -(self.b + self.w1 * xv) / self.w2;
                if (y.0..=y.1).contains(&yv) {
                    pts.push((xv, yv));
                }
            }
        }
        if self.w1.abs() > 1e-12 {
            for yv in [y.0, y.1] {
                let xv = -(self.b + self.w2 * yv) / self.w1;
                if (x.0..=x.1).contains(&xv) {
                    pts.push((xv, yv));
                }
            }
        }
        let key = |p: &(f64, f64)| p.0 * self.w2 - p.1 * self.w1; // position along the line
        let lo = pts
            .iter()
            .copied()
            .min_by(|a, b| key(a).total_cmp(&key(b)))?;
        let hi = pts
            .iter()
            .copied()
            .max_by(|a, b| key(a).total_cmp(&key(b)))?;
        (lo != hi).then_some([lo, hi])
    }
}

/// Draws the class map of `predict` on `grid` (class tints, named in the legend), every unit's
/// line (thin, grey), the `truth` (green, if given) and the network's decision boundary traced
/// from `predict` (thick, dark), with equal units on both axes; writes a PNG.
///
/// Errors on a bad grid, a predictor answering for the wrong number of points, a class without
/// a name, a non-finite line, a bad size, or an unwritable path.
pub fn boundary_with_unit_lines(
    path: impl AsRef<Path>,
    predict: Predict<'_>,
    grid: &Grid,
    lines: &[UnitLine],
    truth: Option<&TrueBoundary>,
    class_names: &[String],
    opts: &PlotOptions,
) -> Result<()> {
    check::finite("unit lines", lines.iter().flat_map(|l| [l.w1, l.w2, l.b]))?;
    let map = ClassMap::evaluate(predict, grid)?;
    check::check_labels(&map.classes, class_names.len())?;
    let (x, y) = (grid.x_range, grid.y_range);
    let rule = |px: f64, py: f64| predict(&[[px, py]])[0];
    let edge = TrueBoundary::trace(&rule, x, y)?;
    let theme = Theme::for_size(opts.width, opts.height);
    let line_color = mix(TEXT, RGBColor(255, 255, 255), 0.45);
    let truth_color = class_color(2);
    render_png(path.as_ref(), opts.width, opts.height, |root| {
        let body = layout::title_block(root, &opts.title, "", &theme)?;
        let mut entries: Vec<Entry> = class_names
            .iter()
            .enumerate()
            .map(|(c, n)| (n.clone(), Mark::PointOnTint(c)))
            .collect();
        entries.push(("network's boundary".into(), Mark::Line(TEXT, false)));
        if truth.is_some() {
            entries.push(("true boundary".into(), Mark::Line(truth_color, false)));
        }
        entries.push(("a unit's line".into(), Mark::Line(line_color, false)));
        let top = layout::legend_top(&theme);
        let area = layout::legend_column(&body, &entries, &theme, opts.legend, top)?;
        let area = equal_aspect(&area, opts, &theme, x, y);
        let mut chart = layout::chart2d(&area, opts, &theme, x, y)?;
        let half = grid.step / 2.0;
        let clamp = |v: f64, (lo, hi): (f64, f64)| v.clamp(lo, hi);
        chart.draw_series((0..map.ny).flat_map(|j| {
            let classes = &map.classes;
            (0..map.nx).map(move |i| {
                let (cx, cy) = (x.0 + i as f64 * grid.step, y.0 + j as f64 * grid.step);
                Rectangle::new(
                    [
                        (clamp(cx - half, x), clamp(cy - half, y)),
                        (clamp(cx + half, x), clamp(cy + half, y)),
                    ],
                    class_tint(classes[j * map.nx + i]).filled(),
                )
            })
        }))?;
        let thin = line_color.stroke_width(1);
        chart.draw_series(
            lines
                .iter()
                .filter_map(|l| l.clip(x, y))
                .map(|s| PathElement::new(vec![s[0], s[1]], thin)),
        )?;
        if let Some(t) = truth {
            let style = truth_color.stroke_width(theme.line);
            chart.draw_series(
                t.segments()
                    .iter()
                    .map(|s| PathElement::new(vec![s[0], s[1]], style)),
            )?;
        }
        let bold = TEXT.stroke_width(theme.line + 1);
        chart.draw_series(
            edge.segments()
                .iter()
                .map(|s| PathElement::new(vec![s[0], s[1]], bold)),
        )?;
        layout::draw_mesh(&mut chart, opts, &theme, false)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_clipped_to_the_rectangle() {
        let r = (-6.0, 6.0);
        let diagonal = UnitLine {
            w1: 1.0,
            w2: -1.0,
            b: 0.0,
        }
        .clip(r, r)
        .unwrap();
        let mut ends = [diagonal[0], diagonal[1]];
        ends.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert_eq!(ends, [(-6.0, -6.0), (6.0, 6.0)]);
        let vertical = UnitLine {
            w1: 2.0,
            w2: 0.0,
            b: -2.0,
        }
        .clip(r, r)
        .unwrap();
        assert!(vertical.iter().all(|p| p.0 == 1.0));
        assert_eq!(
            UnitLine {
                w1: 1.0,
                w2: 0.0,
                b: -10.0
            }
            .clip(r, r),
            None
        );
    }

    #[test]
    fn draws_the_map_the_lines_and_refuses_bad_lines() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("lines.png");
        let predict = |pts: &[[f64; 2]]| -> Vec<usize> {
            pts.iter()
                .map(|p| usize::from(p[0].abs() + p[1].abs() < 3.0))
                .collect()
        };
        let lines = [
            UnitLine {
                w1: 1.0,
                w2: 1.0,
                b: -3.0,
            },
            UnitLine {
                w1: -1.0,
                w2: 1.0,
                b: -3.0,
            },
        ];
        let names = ["outside".to_string(), "inside".to_string()];
        let opts = PlotOptions::titled("lines").size(500, 400);
        let grid = Grid::square(-6.0, 6.0, 0.1);
        boundary_with_unit_lines(&png, &predict, &grid, &lines, None, &names, &opts).unwrap();
        let img = image::open(&png).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (500, 400));
        let tint = class_tint(1);
        assert!(img.pixels().any(|p| p.0 == [tint.0, tint.1, tint.2]));
        let bad = [UnitLine {
            w1: f64::NAN,
            w2: 1.0,
            b: 0.0,
        }];
        assert!(
            boundary_with_unit_lines(&png, &predict, &grid, &bad, None, &names, &opts).is_err()
        );
        let one_name = ["outside".to_string()];
        assert!(
            boundary_with_unit_lines(&png, &predict, &grid, &lines, None, &one_name, &opts)
                .is_err()
        );
    }
}
