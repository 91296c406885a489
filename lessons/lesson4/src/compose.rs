//! Several PNGs side by side in one picture (nn-plot draws one chart per file).

use anyhow::{Context, Result};
use image::{RgbImage, imageops};
use std::path::Path;

/// Reads the PNGs `parts` and writes them side by side, left to right, to `path` (atomically:
/// a temporary file beside it, then a rename).
pub fn side_by_side(path: &Path, parts: &[&Path]) -> Result<()> {
    let images = parts
        .iter()
        .map(|p| {
            image::open(p)
                .with_context(|| format!("could not read {}", p.display()))
                .map(|i| i.to_rgb8())
        })
        .collect::<Result<Vec<_>>>()?;
    let width: u32 = images.iter().map(|i| i.width()).sum();
    let height = images.iter().map(|i| i.height()).max().unwrap_or(1);
    let mut canvas = RgbImage::from_pixel(width.max(1), height, image::Rgb([255, 255, 255]));
    let mut x = 0;
    for img in &images {
        imageops::replace(&mut canvas, img, x, 0);
        x += i64::from(img.width());
    }
    let mut file = nn_core::AtomicFile::create(path)
        .with_context(|| format!("could not write {}", path.display()))?;
    canvas
        .write_to(
            &mut std::io::BufWriter::new(file.file()),
            image::ImageFormat::Png,
        )
        .with_context(|| format!("could not write {}", path.display()))?;
    file.commit()
        .with_context(|| format!("could not write {}", path.display()))?;
    Ok(())
}
