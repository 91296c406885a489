//! Rendering into memory and writing files atomically (temporary sibling file, then rename), so
//! a failed run never leaves a half-written picture behind.

use crate::error::{PlotError, Result};
use crate::font::ensure_fonts;
use crate::layout::Area;
use image::{ExtendedColorType, ImageEncoder, codecs::png::PngEncoder};
use nn_core::AtomicFile;
use plotters::prelude::*;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Largest side accepted, to keep a typo from allocating gigabytes.
pub const MAX_SIDE: u32 = 8192;
/// Smallest side accepted: below this no chart is readable.
pub const MIN_SIDE: u32 = 64;

/// Checks that a requested picture size is usable.
pub(crate) fn check_size(width: u32, height: u32) -> Result<()> {
    for (name, v) in [("width", width), ("height", height)] {
        if !(MIN_SIDE..=MAX_SIDE).contains(&v) {
            return Err(PlotError::InvalidArgument(format!(
                "{name} must be between {MIN_SIDE} and {MAX_SIDE} pixels, got {v}"
            )));
        }
    }
    Ok(())
}

/// Draws on a white `width`×`height` canvas and returns its RGB bytes.
pub(crate) fn render_rgb(
    width: u32,
    height: u32,
    draw: impl FnOnce(&Area<'_>) -> Result<()>,
) -> Result<Vec<u8>> {
    check_size(width, height)?;
    ensure_fonts();
    let mut buf = vec![255u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (width, height)).into_drawing_area();
        draw(&root)?;
        root.present()?;
    }
    Ok(buf)
}

/// Writes `path` through nn-core's one atomic writer: `write` fills a temporary file in the same
/// directory, which is then renamed over `path`.
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<&mut std::fs::File>) -> Result<()>,
) -> Result<()> {
    let io = |source| PlotError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut tmp = new_temp_sibling(path)?;
    {
        let mut w = BufWriter::new(tmp.file());
        write(&mut w)?;
        w.flush().map_err(io)?;
    }
    tmp.commit().map_err(io)
}

/// The temporary file for `path` (nn-core's [`AtomicFile`]), created now so a bad path fails
/// before any drawing.
pub(crate) fn new_temp_sibling(path: &Path) -> Result<AtomicFile> {
    AtomicFile::create(path).map_err(|source| PlotError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Encodes RGB bytes as PNG into `path`, atomically.
pub(crate) fn write_png(path: &Path, width: u32, height: u32, rgb: &[u8]) -> Result<()> {
    write_atomically(path, |w| {
        PngEncoder::new(w)
            .write_image(rgb, width, height, ExtendedColorType::Rgb8)
            .map_err(|e| PlotError::Encode {
                path: path.to_path_buf(),
                message: e.to_string(),
            })
    })
}

/// Renders with `draw` and writes the PNG: the common tail of every PNG renderer.
pub(crate) fn render_png(
    path: &Path,
    width: u32,
    height: u32,
    draw: impl FnOnce(&Area<'_>) -> Result<()>,
) -> Result<()> {
    let rgb = render_rgb(width, height, draw)?;
    write_png(path, width, height, &rgb)
}
