//! Colours, font sizes and the options shared by every renderer.

use plotters::style::RGBColor;

/// The class palette (matplotlib's "tab10"): class 0 blue and class 1 orange, as in the lectures.
pub const PALETTE: [RGBColor; 10] = [
    RGBColor(0x1f, 0x77, 0xb4),
    RGBColor(0xff, 0x7f, 0x0e),
    RGBColor(0x2c, 0xa0, 0x2c),
    RGBColor(0xd6, 0x27, 0x28),
    RGBColor(0x94, 0x67, 0xbd),
    RGBColor(0x8c, 0x56, 0x4b),
    RGBColor(0xe3, 0x77, 0xc2),
    RGBColor(0x7f, 0x7f, 0x7f),
    RGBColor(0xbc, 0xbd, 0x22),
    RGBColor(0x17, 0xbe, 0xcf),
];

/// Dark grey used for text and axes (softer than pure black).
pub const TEXT: RGBColor = RGBColor(0x22, 0x22, 0x22);

/// Red used to mark what went wrong (misclassified digits) or what is best (grid search).
pub const HIGHLIGHT: RGBColor = RGBColor(0xd6, 0x27, 0x28);

/// The colour of class `class` (the palette repeats after ten classes).
pub fn class_color(class: usize) -> RGBColor {
    PALETTE[class % PALETTE.len()]
}

/// A lighter tint of the class colour, used to fill decision regions under the points.
pub fn class_tint(class: usize) -> RGBColor {
    mix(class_color(class), RGBColor(255, 255, 255), 0.62)
}

/// Linear mix of two colours: `t = 0` gives `a`, `t = 1` gives `b`.
pub fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let m = |x: u8, y: u8| (x as f64 * (1.0 - t) + y as f64 * t).round() as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// Options shared by the renderers. Build one with struct-update syntax or the builder methods:
/// `PlotOptions::titled("Decision boundary").size(640, 480).axes("x", "y")`.
#[derive(Debug, Clone, PartialEq)]
pub struct PlotOptions {
    /// Title drawn above the chart (nothing when empty).
    pub title: String,
    /// Label of the horizontal axis.
    pub x_label: String,
    /// Label of the vertical axis.
    pub y_label: String,
    /// Label of the third axis (3-D scatter only).
    pub z_label: String,
    /// Width of the picture in pixels.
    pub width: u32,
    /// Height of the picture in pixels.
    pub height: u32,
    /// Radius of scatter points in pixels (the lectures use a large size on coarse grids and a
    /// small one on fine ones).
    pub point_size: u32,
    /// Fixed horizontal range; `None` fits the data.
    pub x_range: Option<(f64, f64)>,
    /// Fixed vertical range; `None` fits the data.
    pub y_range: Option<(f64, f64)>,
    /// Draw a legend (class names or series names).
    pub legend: bool,
    /// Grid-search heatmap only: the best score is the smallest one (e.g. a loss).
    pub lower_is_better: bool,
    /// Scatter: equal units on both axes (decision boundaries always have them).
    pub equal_aspect: bool,
    /// Line charts: a logarithmic vertical axis (in [`crate::loss_accuracy`], the loss panel's);
    /// every value must then be positive.
    pub log_y: bool,
    /// [`crate::loss_accuracy`]: the accuracy panel's vertical label (empty: "accuracy"); the
    /// loss panel's is `y_label` (empty: "loss").
    pub y2_label: String,
}

impl Default for PlotOptions {
    fn default() -> Self {
        Self {
            title: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            z_label: String::new(),
            width: 800,
            height: 600,
            point_size: 4,
            x_range: None,
            y_range: None,
            legend: true,
            lower_is_better: false,
            equal_aspect: false,
            log_y: false,
            y2_label: String::new(),
        }
    }
}

impl PlotOptions {
    /// Default options with a title.
    pub fn titled(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
        }
    }

    /// Sets the picture size in pixels.
    pub fn size(mut self, width: u32, height: u32) -> Self {
        self.width = width;
        self.height = height;
        self
    }

    /// Sets both axis labels.
    pub fn axes(mut self, x_label: impl Into<String>, y_label: impl Into<String>) -> Self {
        self.x_label = x_label.into();
        self.y_label = y_label.into();
        self
    }

    /// Sets the radius of scatter points in pixels.
    pub fn point_size(mut self, radius: u32) -> Self {
        self.point_size = radius;
        self
    }

    /// Fixes the axis ranges instead of fitting the data.
    pub fn ranges(mut self, x_range: (f64, f64), y_range: (f64, f64)) -> Self {
        self.x_range = Some(x_range);
        self.y_range = Some(y_range);
        self
    }

    /// Turns the legend on or off.
    pub fn legend(mut self, on: bool) -> Self {
        self.legend = on;
        self
    }

    /// Grid search: mark the smallest score as the best.
    pub fn lower_is_better(mut self, on: bool) -> Self {
        self.lower_is_better = on;
        self
    }

    /// Scatter: equal units on both axes, so a circle looks round.
    pub fn equal_aspect(mut self, on: bool) -> Self {
        self.equal_aspect = on;
        self
    }

    /// A logarithmic vertical axis (the loss panel's in [`crate::loss_accuracy`]): curves that
    /// differ by factors, like the optimizers' losses, stay apart.
    pub fn log_y(mut self, on: bool) -> Self {
        self.log_y = on;
        self
    }

    /// [`crate::loss_accuracy`]: the vertical labels of the loss and the accuracy panels, e.g.
    /// `("training loss (log scale)", "test accuracy")`.
    pub fn panel_labels(mut self, loss: impl Into<String>, accuracy: impl Into<String>) -> Self {
        self.y_label = loss.into();
        self.y2_label = accuracy.into();
        self
    }
}

/// One named line of a chart: a training run's loss, an activation function, …
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Name shown in the legend.
    pub name: String,
    /// The (x, y) points, in drawing order.
    pub points: Vec<(f64, f64)>,
    /// Palette index of the line colour; `None` uses the series' position.
    pub color: Option<usize>,
    /// Draw the line dashed (e.g. a derivative next to its function).
    pub dashed: bool,
}

impl Series {
    /// A solid line in the colour of its position.
    pub fn new(name: impl Into<String>, points: Vec<(f64, f64)>) -> Self {
        Self {
            name: name.into(),
            points,
            color: None,
            dashed: false,
        }
    }

    /// Samples `f` at `samples` evenly spaced x in `[from, to]` (at least two).
    pub fn from_fn(
        name: impl Into<String>,
        from: f64,
        to: f64,
        samples: usize,
        f: impl Fn(f64) -> f64,
    ) -> Self {
        let n = samples.max(2);
        let points = (0..n)
            .map(|i| {
                let x = from + (to - from) * i as f64 / (n - 1) as f64;
                (x, f(x))
            })
            .collect();
        Self::new(name, points)
    }

    /// A series from y values at x = 1, 2, 3, … (an iteration or epoch counter).
    pub fn from_values(name: impl Into<String>, values: &[f64]) -> Self {
        let points = values
            .iter()
            .enumerate()
            .map(|(i, &y)| ((i + 1) as f64, y))
            .collect();
        Self::new(name, points)
    }

    /// Uses palette colour `index` for this line.
    pub fn color(mut self, index: usize) -> Self {
        self.color = Some(index);
        self
    }

    /// Draws this line dashed.
    pub fn dashed(mut self) -> Self {
        self.dashed = true;
        self
    }
}

/// Font sizes and margins that grow with the picture, so small test pictures and large book
/// pictures both look balanced.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Theme {
    pub title: f64,
    pub label: f64,
    pub tick: f64,
    pub legend: f64,
    pub margin: u32,
    pub line: u32,
}

impl Theme {
    pub fn for_size(width: u32, height: u32) -> Self {
        let s = (width.min(height) as f64 / 500.0).clamp(0.7, 3.0);
        Self {
            title: 24.0 * s,
            label: 19.0 * s,
            tick: 16.0 * s,
            legend: 16.0 * s,
            margin: (12.0 * s).round() as u32,
            line: (2.0 * s).round().max(1.0) as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lecture_colours_and_tints() {
        assert_eq!(class_color(0), RGBColor(0x1f, 0x77, 0xb4));
        assert_eq!(class_color(1), RGBColor(0xff, 0x7f, 0x0e));
        assert_eq!(class_color(10), class_color(0));
        let t = class_tint(0);
        assert!(
            t.0 > class_color(0).0 && t.2 > class_color(0).2,
            "tint is lighter"
        );
        assert_eq!(
            mix(TEXT, RGBColor(255, 255, 255), 1.0),
            RGBColor(255, 255, 255)
        );
    }

    #[test]
    fn series_helpers() {
        let s = Series::from_fn("x2", -1.0, 1.0, 3, |x| x * x);
        assert_eq!(s.points, vec![(-1.0, 1.0), (0.0, 0.0), (1.0, 1.0)]);
        let v = Series::from_values("loss", &[0.5, 0.25]).color(3).dashed();
        assert_eq!(v.points, vec![(1.0, 0.5), (2.0, 0.25)]);
        assert_eq!((v.color, v.dashed), (Some(3), true));
        let o = PlotOptions::titled("t")
            .size(300, 200)
            .axes("a", "b")
            .point_size(2);
        assert_eq!((o.width, o.height, o.point_size), (300, 200, 2));
        assert_eq!((o.x_label.as_str(), o.y_label.as_str()), ("a", "b"));
    }
}
