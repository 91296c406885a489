//! Grids of small images: MNIST digits (with true and predicted labels) and the first layer's
//! weights of an MNIST network as 28×28 tiles.

use crate::check;
use crate::error::{PlotError, Result};
use crate::layout::{self, Area, draw_text, font, text_width};
use crate::output::render_png;
use crate::style::{HIGHLIGHT, PlotOptions, TEXT, Theme, mix};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use std::path::Path;

/// Colour of negative weights in [`weight_tiles`].
pub const NEGATIVE: RGBColor = RGBColor(33, 102, 172);
/// Colour of positive weights in [`weight_tiles`].
pub const POSITIVE: RGBColor = RGBColor(178, 24, 43);

/// Draws grey-scale images (row-major, `image_width`×`image_height` values in 0..1, 1 = ink,
/// e.g. MNIST digits scaled by 1/255) in a grid, dark ink on white, with `captions` under them
/// (empty: no captions). The grid's columns are chosen so the images are as large as possible.
/// Values outside 0..1 are clamped.
///
/// Errors on no images, an image of the wrong length, a wrong number of captions, a NaN value,
/// a bad size, or an unwritable path.
pub fn image_grid<I: AsRef<[f32]>>(
    path: impl AsRef<Path>,
    images: &[I],
    image_width: usize,
    image_height: usize,
    captions: &[String],
    opts: &PlotOptions,
) -> Result<()> {
    check_images(images, image_width, image_height)?;
    if !captions.is_empty() {
        check::same_len("captions", images.len(), captions.len())?;
    }
    let tiles: Vec<Tile> = images
        .iter()
        .enumerate()
        .map(|(i, img)| Tile {
            pixels: img.as_ref().iter().map(|&v| ink(v)).collect(),
            caption: captions.get(i).cloned().unwrap_or_default(),
            highlight: false,
        })
        .collect();
    render_tiles(path.as_ref(), &tiles, (image_width, image_height), "", opts)
}

/// Like [`image_grid`] for a classifier's answers: each image is captioned with its predicted
/// label; a misclassified one is framed in red and captioned "predicted (true …)" in red.
///
/// Errors as [`image_grid`], and when `truth` or `predicted` has the wrong length.
pub fn prediction_grid<I: AsRef<[f32]>>(
    path: impl AsRef<Path>,
    images: &[I],
    image_width: usize,
    image_height: usize,
    truth: &[usize],
    predicted: &[usize],
    opts: &PlotOptions,
) -> Result<()> {
    check_images(images, image_width, image_height)?;
    check::same_len("true labels", images.len(), truth.len())?;
    check::same_len("predicted labels", images.len(), predicted.len())?;
    let wrong = truth.iter().zip(predicted).filter(|(t, p)| t != p).count();
    let tiles: Vec<Tile> = images
        .iter()
        .enumerate()
        .map(|(i, img)| {
            let (t, p) = (truth[i], predicted[i]);
            Tile {
                pixels: img.as_ref().iter().map(|&v| ink(v)).collect(),
                caption: if t == p {
                    p.to_string()
                } else {
                    format!("{p} (true {t})")
                },
                highlight: t != p,
            }
        })
        .collect();
    let subtitle = format!(
        "caption: predicted label · red: misclassified ({wrong} of {})",
        images.len()
    );
    render_tiles(
        path.as_ref(),
        &tiles,
        (image_width, image_height),
        &subtitle,
        opts,
    )
}

/// Like [`prediction_grid`] for images that are all misclassified, the first of `total`
/// mistakes: each is framed in red and captioned "predicted (true …)", and the line under the
/// title says how many of the mistakes are shown ("40 of 63 misclassified images shown").
///
/// Errors as [`prediction_grid`], when an image is not misclassified (its true and predicted
/// labels agree), or when `total` is smaller than the number of images.
#[allow(clippy::too_many_arguments)]
pub fn misclassified_grid<I: AsRef<[f32]>>(
    path: impl AsRef<Path>,
    images: &[I],
    image_width: usize,
    image_height: usize,
    truth: &[usize],
    predicted: &[usize],
    total: usize,
    opts: &PlotOptions,
) -> Result<()> {
    check_images(images, image_width, image_height)?;
    check::same_len("true labels", images.len(), truth.len())?;
    check::same_len("predicted labels", images.len(), predicted.len())?;
    if let Some(i) = (0..images.len()).find(|&i| truth[i] == predicted[i]) {
        return Err(PlotError::InvalidArgument(format!(
            "image {i} is not misclassified (true and predicted label {})",
            truth[i]
        )));
    }
    if total < images.len() {
        return Err(PlotError::InvalidArgument(format!(
            "{} misclassified images shown but only {total} mistakes in all",
            images.len()
        )));
    }
    let tiles: Vec<Tile> = images
        .iter()
        .enumerate()
        .map(|(i, img)| Tile {
            pixels: img.as_ref().iter().map(|&v| ink(v)).collect(),
            caption: format!("{} (true {})", predicted[i], truth[i]),
            highlight: true,
        })
        .collect();
    let subtitle = shown_caption(images.len(), total);
    render_tiles(
        path.as_ref(),
        &tiles,
        (image_width, image_height),
        &subtitle,
        opts,
    )
}

/// The line under [`misclassified_grid`]'s title: "caption: predicted (true) · 40 of 63
/// misclassified images shown", or "all 12 …" when every mistake is shown.
pub fn shown_caption(shown: usize, total: usize) -> String {
    if shown == total {
        format!("caption: predicted (true) · all {total} misclassified images")
    } else {
        format!("caption: predicted (true) · {shown} of {total} misclassified images shown")
    }
}

/// Draws each hidden unit's incoming weights (one slice of `tile_width`×`tile_height` values
/// per unit, row-major: 784 for MNIST) as a tile: red for positive, blue for negative, white
/// for zero, each tile scaled to its own 99th percentile of |w| (the few larger weights get the
/// full colour) so every unit's pattern is visible and not washed out by one outlier.
///
/// Errors as [`image_grid`].
pub fn weight_tiles<W: AsRef<[f32]>>(
    path: impl AsRef<Path>,
    weights: &[W],
    tile_width: usize,
    tile_height: usize,
    opts: &PlotOptions,
) -> Result<()> {
    check_images(weights, tile_width, tile_height)?;
    let tiles: Vec<Tile> = weights
        .iter()
        .map(|w| {
            let w = w.as_ref();
            let top = percentile_abs(w, TILE_PERCENTILE);
            let scale = if top > 0.0 { 1.0 / top } else { 0.0 };
            Tile {
                pixels: w.iter().map(|&v| diverging(v * scale)).collect(),
                caption: String::new(),
                highlight: false,
            }
        })
        .collect();
    let subtitle = "red: positive weight · blue: negative · white: 0 · each tile scaled to its 99th percentile of |w|";
    render_tiles(
        path.as_ref(),
        &tiles,
        (tile_width, tile_height),
        subtitle,
        opts,
    )
}

/// [`weight_tiles`] for a weight matrix stored column-major with `rows` = inputs (784) and one
/// column per hidden unit — the layout of `nalgebra::DMatrix::as_slice()` for the lectures'
/// `W` (inputs × units).
pub fn weight_tiles_column_major(
    path: impl AsRef<Path>,
    data: &[f32],
    rows: usize,
    tile_width: usize,
    tile_height: usize,
    opts: &PlotOptions,
) -> Result<()> {
    check::same_len("rows (tile width × height)", tile_width * tile_height, rows)?;
    if data.len().checked_rem(rows) != Some(0) {
        return Err(PlotError::InvalidArgument(format!(
            "{} weights do not split into columns of {rows}",
            data.len()
        )));
    }
    let columns: Vec<&[f32]> = data.chunks(rows).collect();
    weight_tiles(path, &columns, tile_width, tile_height, opts)
}

/// The share of a tile's weights drawn below full colour in [`weight_tiles`].
const TILE_PERCENTILE: f64 = 0.99;

/// The `q`-quantile of |w| (nearest rank): the value below which a share `q` of the |w| lie.
fn percentile_abs(w: &[f32], q: f64) -> f32 {
    let mut a: Vec<f32> = w.iter().map(|v| v.abs()).collect();
    if a.is_empty() {
        return 0.0;
    }
    a.sort_by(f32::total_cmp);
    let rank = ((q * a.len() as f64).ceil() as usize).clamp(1, a.len());
    a[rank - 1]
}

struct Tile {
    pixels: Vec<RGBColor>,
    caption: String,
    highlight: bool,
}

fn check_images<I: AsRef<[f32]>>(images: &[I], w: usize, h: usize) -> Result<()> {
    check::non_empty("images", images)?;
    if w == 0 || h == 0 {
        return Err(PlotError::InvalidArgument(format!("image size {w}×{h}")));
    }
    for img in images {
        check::same_len("image pixels", w * h, img.as_ref().len())?;
        check::finite("image pixels", img.as_ref().iter().map(|&v| v as f64))?;
    }
    Ok(())
}

/// Dark ink on white: 0 → white, 1 → near black.
fn ink(v: f32) -> RGBColor {
    mix(RGBColor(255, 255, 255), TEXT, v.clamp(0.0, 1.0) as f64)
}

/// −1 → blue, 0 → white, +1 → red.
fn diverging(v: f32) -> RGBColor {
    let v = v.clamp(-1.0, 1.0) as f64;
    if v < 0.0 {
        mix(RGBColor(255, 255, 255), NEGATIVE, -v)
    } else {
        mix(RGBColor(255, 255, 255), POSITIVE, v)
    }
}

fn render_tiles(
    path: &Path,
    tiles: &[Tile],
    size: (usize, usize),
    subtitle: &str,
    opts: &PlotOptions,
) -> Result<()> {
    let theme = Theme::for_size(opts.width, opts.height);
    render_png(path, opts.width, opts.height, |root| {
        let body = layout::title_block(root, &opts.title, subtitle, &theme)?;
        draw_tiles(&body, tiles, size, &theme)
    })
}

/// Grid geometry: columns, rows and the scale (screen pixels per image pixel).
fn best_grid(
    n: usize,
    (tw, th): (f64, f64),
    (w, h): (f64, f64),
    gap: f64,
    cap: f64,
) -> (usize, usize, f64) {
    (1..=n)
        .map(|cols| {
            let rows = n.div_ceil(cols);
            let sx = ((w - gap * (cols as f64 + 1.0)) / cols as f64) / tw;
            let sy = ((h - gap * (rows as f64 + 1.0)) / rows as f64 - cap) / th;
            (cols, rows, sx.min(sy))
        })
        .max_by(|a, b| a.2.total_cmp(&b.2))
        .unwrap_or((1, 1, 1.0))
}

fn draw_tiles(
    area: &Area<'_>,
    tiles: &[Tile],
    (iw, ih): (usize, usize),
    theme: &Theme,
) -> Result<()> {
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as f64, h as f64 - theme.margin as f64 / 2.0);
    let has_captions = tiles.iter().any(|t| !t.caption.is_empty());
    let gap = (theme.margin as f64 * 0.8).max(4.0);
    let mut cap_font = theme.tick;
    let cap_h = |f: f64| if has_captions { f * 1.4 } else { 0.0 };
    let (mut cols, mut rows, mut scale) = best_grid(
        tiles.len(),
        (iw as f64, ih as f64),
        (w, h),
        gap,
        cap_h(cap_font),
    );
    // Small tiles get smaller captions (down to 8 px), then the grid is laid out again.
    if has_captions && scale * (ih as f64) < cap_font * 3.0 {
        cap_font = (scale * ih as f64 / 3.0).max(8.0);
        (cols, rows, scale) = best_grid(
            tiles.len(),
            (iw as f64, ih as f64),
            (w, h),
            gap,
            cap_h(cap_font),
        );
    }
    if scale < 0.5 {
        return Err(PlotError::InvalidArgument(format!(
            "{} images do not fit in the picture; make it larger",
            tiles.len()
        )));
    }
    let (tw, th) = (iw as f64 * scale, ih as f64 * scale);
    let (cell_w, cell_h) = (tw + gap, th + gap + cap_h(cap_font));
    let x_start = (w - cell_w * cols as f64 + gap) / 2.0;
    let y_start = (h - cell_h * rows as f64 + gap) / 2.0;
    let px = |v: f64| v.round() as i32;
    let frame = mix(TEXT, RGBColor(255, 255, 255), 0.75);
    for (n, tile) in tiles.iter().enumerate() {
        let (c, r) = (n % cols, n / cols);
        let (x0, y0) = (x_start + c as f64 * cell_w, y_start + r as f64 * cell_h);
        area.draw(&Rectangle::new(
            [(px(x0) - 1, px(y0) - 1), (px(x0 + tw), px(y0 + th))],
            frame.stroke_width(1),
        ))?;
        for (k, color) in tile.pixels.iter().enumerate() {
            let (i, j) = ((k % iw) as f64, (k / iw) as f64);
            let (a, b) = (px(x0 + i * scale), px(y0 + j * scale));
            let (a2, b2) = (px(x0 + (i + 1.0) * scale), px(y0 + (j + 1.0) * scale));
            if (a2, b2) != (a, b) {
                area.draw(&Rectangle::new([(a, b), (a2, b2)], color.filled()))?;
            }
        }
        if tile.highlight {
            let wd = (theme.line + 1).max(2) as i32;
            area.draw(&Rectangle::new(
                [
                    (px(x0) - wd, px(y0) - wd),
                    (px(x0 + tw) + wd - 1, px(y0 + th) + wd - 1),
                ],
                HIGHLIGHT.stroke_width(wd as u32),
            ))?;
        }
        if !tile.caption.is_empty() {
            let mut f = cap_font;
            while f > 7.0 && text_width(&tile.caption, f) as f64 > cell_w {
                f -= 0.5;
            }
            let color = if tile.highlight { HIGHLIGHT } else { TEXT };
            draw_text(
                area,
                &tile.caption,
                (px(x0 + tw / 2.0), px(y0 + th + cap_font * 0.3)),
                &font(f).color(&color),
                HPos::Center,
                VPos::Top,
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_maps() {
        assert_eq!(ink(0.0), RGBColor(255, 255, 255));
        assert_eq!(ink(1.0), TEXT);
        assert_eq!(ink(7.0), TEXT);
        assert_eq!(diverging(-1.0), NEGATIVE);
        assert_eq!(diverging(1.0), POSITIVE);
        assert_eq!(diverging(0.0), RGBColor(255, 255, 255));
    }

    #[test]
    fn the_caption_counts_every_mistake_not_only_the_shown_ones() {
        assert_eq!(
            shown_caption(40, 63),
            "caption: predicted (true) · 40 of 63 misclassified images shown"
        );
        assert_eq!(
            shown_caption(12, 12),
            "caption: predicted (true) · all 12 misclassified images"
        );
    }

    #[test]
    fn one_outlier_does_not_wash_out_a_tile() {
        // 200 weights of ±0.1 and one of 5: the 99th percentile is 0.1, not 5.
        let mut w: Vec<f32> = (0..200)
            .map(|i| if i % 2 == 0 { 0.1 } else { -0.1 })
            .collect();
        w.push(5.0);
        assert_eq!(percentile_abs(&w, 0.99), 0.1);
        assert_eq!(percentile_abs(&w, 1.0), 5.0);
        assert_eq!(percentile_abs(&[], 0.99), 0.0);
        assert_eq!(percentile_abs(&[-3.0], 0.99), 3.0);
    }

    #[test]
    fn grid_fills_the_picture() {
        let (cols, rows, scale) = best_grid(100, (28.0, 28.0), (800.0, 800.0), 4.0, 0.0);
        assert_eq!((cols, rows), (10, 10));
        assert!(scale > 2.5);
        let (cols, rows, _) = best_grid(8, (28.0, 28.0), (800.0, 200.0), 4.0, 0.0);
        assert_eq!((cols, rows), (8, 1));
    }
}
