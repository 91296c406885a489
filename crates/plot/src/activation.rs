//! Activation functions and their derivatives on one chart (the picture of lectures 1 and 2).

use crate::curves::{check_series, entries, line_panel};
use crate::error::Result;
use crate::layout;
use crate::output::render_png;
use crate::style::{PlotOptions, Series, Theme};
use std::path::Path;

/// Draws `functions` on one chart with the axes x = 0 and y = 0 marked, and writes a PNG to
/// `path`. Give a derivative the colour of its function and make it dashed:
/// `Series::from_fn("ReLU'", -3.0, 3.0, 301, |x| if x > 0.0 { 1.0 } else { 0.0 }).color(0).dashed()`.
///
/// Errors as [`crate::curves`].
pub fn activation_chart(
    path: impl AsRef<Path>,
    functions: &[Series],
    opts: &PlotOptions,
) -> Result<()> {
    check_series(functions)?;
    let theme = Theme::for_size(opts.width, opts.height);
    render_png(path.as_ref(), opts.width, opts.height, |root| {
        let body = layout::title_block(root, &opts.title, "", &theme)?;
        let top = layout::legend_top(&theme);
        let area = layout::legend_column(&body, &entries(functions), &theme, opts.legend, top)?;
        line_panel(&area, functions, opts, &theme, true)
    })
}
