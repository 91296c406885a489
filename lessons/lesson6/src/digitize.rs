//! Turning any picture of a digit into what the network was trained on: 28×28, light ink on a
//! dark background, the digit scaled into a 20×20 box and its centre of mass at the centre —
//! the way the MNIST images were made.

use anyhow::{Context, Result, bail};
use image::imageops::{FilterType, resize};
use image::{ImageBuffer, ImageReader, Limits, Luma};
use nn_core::NamedFile;
use std::io::BufReader;
use std::path::Path;

/// Side of the network's images.
pub const SIDE: usize = 28;
/// Side of the box the digit is scaled into (MNIST: 20, leaving a 4-pixel margin).
pub const BOX: u32 = 20;

/// The largest picture read, 4096 × 4096 pixels: a bigger one is refused from its header, before
/// it is decoded (a small file can declare 16000 × 16000 pixels, gigabytes once decoded).
pub const MAX_SIDE: u64 = 4096;

type Gray = ImageBuffer<Luma<f32>, Vec<f32>>;

/// Opens `path` as an image whose format is guessed from its first bytes (then its extension).
fn reader(path: &Path) -> Result<ImageReader<BufReader<NamedFile>>> {
    let file = NamedFile::open(path, "picture", PICTURE_FILE_LIMIT)
        .with_context(|| format!("{}: not a readable picture", path.display()))?;
    ImageReader::new(BufReader::new(file))
        .with_guessed_format()
        .with_context(|| format!("{}: not a readable image", path.display()))
}

/// The largest picture file read: 64 MB (a 4096 × 4096 PNG in colour with transparency,
/// uncompressed).
pub const PICTURE_FILE_LIMIT: u64 = 64_000_000;

/// Reads `path` (PNG, any size up to [`MAX_SIDE`]², grey or colour, with or without transparency)
/// as ink intensities in [0, 1]: 1 where the digit is, 0 on the background, whichever way round
/// the picture is.
pub fn ink(path: &Path) -> Result<Gray> {
    let not_readable = || format!("{}: not a readable image", path.display());
    // The size from the header only; nothing is decoded yet.
    let (w, h) = reader(path)?.into_dimensions().with_context(not_readable)?;
    let pixels = u64::from(w) * u64::from(h);
    if pixels > MAX_SIDE * MAX_SIDE {
        bail!(
            "{}: the image is {w}×{h} pixels ({:.1} million), more than the {MAX_SIDE}×{MAX_SIDE} ({:.1} million) this reads; scale it down first",
            path.display(),
            pixels as f64 / 1e6,
            (MAX_SIDE * MAX_SIDE) as f64 / 1e6
        );
    }
    let mut decoder = reader(path)?;
    let mut limits = Limits::default();
    (limits.max_image_width, limits.max_image_height) = (Some(w), Some(h));
    decoder.limits(limits);
    let img = decoder.decode().with_context(not_readable)?;
    // Transparent pixels count as white paper.
    let la = img.to_luma_alpha32f();
    let (w, h) = la.dimensions();
    if w == 0 || h == 0 {
        bail!("{}: the image is empty", path.display());
    }
    let mut gray = Gray::from_fn(w, h, |x, y| {
        let p = la.get_pixel(x, y).0;
        Luma([p[0] * p[1] + (1.0 - p[1])])
    });
    // The border is background: if it is light, the ink is dark — flip so ink is bright.
    let border: Vec<f32> = (0..w)
        .flat_map(|x| [(x, 0), (x, h - 1)])
        .chain((0..h).flat_map(|y| [(0, y), (w - 1, y)]))
        .map(|(x, y)| gray.get_pixel(x, y).0[0])
        .collect();
    let mean = border.iter().sum::<f32>() / border.len() as f32;
    if mean > 0.5 {
        gray.pixels_mut().for_each(|p| p.0[0] = 1.0 - p.0[0]);
    }
    let background = if mean > 0.5 { 1.0 - mean } else { mean };
    let top = gray.pixels().fold(0.0f32, |m, p| m.max(p.0[0]));
    if top - background < 0.15 {
        bail!(
            "{}: no digit found (the image is almost uniform)",
            path.display()
        );
    }
    gray.pixels_mut()
        .for_each(|p| p.0[0] = ((p.0[0] - background) / (top - background)).clamp(0.0, 1.0));
    Ok(gray)
}

/// The ink's bounding box `(x, y, width, height)`: pixels brighter than `threshold`.
fn bounding_box(g: &Gray, threshold: f32) -> Option<(u32, u32, u32, u32)> {
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
    for (x, y, p) in g.enumerate_pixels() {
        if p.0[0] > threshold {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
    }
    (x0 != u32::MAX).then(|| (x0, y0, x1 - x0 + 1, y1 - y0 + 1))
}

// ANCHOR: to_mnist
/// MNIST's recipe on an ink image: crop to the digit, scale its longer side to [`BOX`] pixels
/// (keeping the aspect ratio), and paste it into 28×28 so that its centre of mass
/// `(Σ x·v / Σ v, Σ y·v / Σ v)` lands on the centre (14, 14). Returns 784 values, row by row.
pub fn to_mnist(g: &Gray) -> Result<Vec<f32>> {
    let Some((x, y, w, h)) = bounding_box(g, 0.2) else {
        bail!("no digit found in the image");
    };
    let crop = image::imageops::crop_imm(g, x, y, w, h).to_image();
    let scale = BOX as f32 / w.max(h) as f32;
    let (sw, sh) = (
        ((w as f32 * scale).round() as u32).max(1),
        ((h as f32 * scale).round() as u32).max(1),
    );
    let small = resize(&crop, sw, sh, FilterType::Triangle);
    let (mut mass, mut cx, mut cy) = (0.0f32, 0.0f32, 0.0f32);
    for (x, y, p) in small.enumerate_pixels() {
        let v = p.0[0];
        mass += v;
        cx += v * (x as f32 + 0.5);
        cy += v * (y as f32 + 0.5);
    }
    if mass <= 0.0 {
        bail!("no digit found in the image");
    }
    let half = SIDE as f32 / 2.0;
    let place = |c: f32, size: u32| -> i64 {
        let off = (half - c / mass).round() as i64;
        off.clamp(0, (SIDE as i64 - size as i64).max(0))
    };
    let (ox, oy) = (place(cx, sw), place(cy, sh));
    let mut out = vec![0.0f32; SIDE * SIDE];
    for (x, y, p) in small.enumerate_pixels() {
        let (tx, ty) = (x as i64 + ox, y as i64 + oy);
        if (0..SIDE as i64).contains(&tx) && (0..SIDE as i64).contains(&ty) {
            out[ty as usize * SIDE + tx as usize] = p.0[0].clamp(0.0, 1.0);
        }
    }
    Ok(out)
}
// ANCHOR_END: to_mnist

/// The 28×28 image as text, one character per pixel, darkest to brightest ` .:-=+*#%@`.
pub fn ascii(pixels: &[f32]) -> String {
    const RAMP: &[u8] = b" .:-=+*#%@";
    pixels
        .chunks(SIDE)
        .map(|row| {
            row.iter()
                .map(|&v| RAMP[((v.clamp(0.0, 1.0) * 9.0).round() as usize).min(9)] as char)
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage};

    /// A "1"-like bar drawn dark on white, off-centre, on a large colour canvas.
    fn draw(path: &Path) {
        let mut img = RgbImage::from_pixel(300, 200, Rgb([250, 250, 245]));
        for y in 20..120 {
            for x in 30..45 {
                img.put_pixel(x, y, Rgb([10, 10, 40]));
            }
        }
        img.save(path).unwrap();
    }

    #[test]
    fn a_drawn_bar_becomes_a_centred_20_pixel_bright_digit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bar.png");
        draw(&path);
        let px = to_mnist(&ink(&path).unwrap()).unwrap();
        assert_eq!(px.len(), 784);
        let rows: Vec<usize> = (0..28)
            .filter(|r| px[r * 28..(r + 1) * 28].iter().any(|&v| v > 0.5))
            .collect();
        assert_eq!(
            rows.len(),
            20,
            "the long side is scaled to 20 pixels: rows {rows:?}"
        );
        assert_eq!((rows[0], rows[19]), (4, 23), "vertically centred");
        let mass: f32 = px.iter().sum();
        let cx: f32 = px
            .iter()
            .enumerate()
            .map(|(i, v)| v * ((i % 28) as f32 + 0.5))
            .sum::<f32>()
            / mass;
        assert!((cx - 14.0).abs() <= 1.0, "centre of mass at x = {cx}");
        assert!(px[0] == 0.0 && px[783] == 0.0, "background is dark");
    }

    #[test]
    fn light_on_dark_gives_the_same_pixels_and_blank_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.png");
        draw(&a);
        let mut inverted = image::open(&a).unwrap();
        inverted.invert();
        let b = dir.path().join("b.png");
        inverted.save(&b).unwrap();
        let (pa, pb) = (
            to_mnist(&ink(&a).unwrap()).unwrap(),
            to_mnist(&ink(&b).unwrap()).unwrap(),
        );
        let diff = pa
            .iter()
            .zip(&pb)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0f32, f32::max);
        assert!(
            diff < 0.05,
            "polarity should not matter, max difference {diff}"
        );
        let blank = dir.path().join("blank.png");
        RgbImage::from_pixel(50, 50, Rgb([255, 255, 255]))
            .save(&blank)
            .unwrap();
        assert!(ink(&blank).unwrap_err().to_string().contains("no digit"));
        let text = dir.path().join("x.png");
        std::fs::write(&text, "not a png").unwrap();
        assert!(
            ink(&text)
                .unwrap_err()
                .to_string()
                .contains("not a readable image")
        );
    }

    /// A PNG declaring `w`×`h` grey pixels whose data holds a few bytes only.
    fn png_header(w: u32, h: u32) -> Vec<u8> {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut chunk = |kind: &[u8], data: &[u8]| {
            let body: Vec<u8> = kind.iter().chain(data).copied().collect();
            let crc = crc32fast::hash(&body);
            png.extend((data.len() as u32).to_be_bytes());
            png.extend(&body);
            png.extend(crc.to_be_bytes());
        };
        let mut ihdr = w.to_be_bytes().to_vec();
        ihdr.extend(h.to_be_bytes());
        ihdr.extend([8, 0, 0, 0, 0]);
        chunk(b"IHDR", &ihdr);
        chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0x00, 0x00]);
        chunk(b"IEND", &[]);
        png
    }

    #[test]
    fn a_huge_declared_size_is_refused_from_the_header() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.png");
        std::fs::write(&path, png_header(16000, 16000)).unwrap();
        let start = std::time::Instant::now();
        let msg = format!("{:#}", ink(&path).unwrap_err());
        assert!(
            msg.contains("huge.png") && msg.contains("16000×16000") && msg.contains("4096×4096"),
            "{msg}"
        );
        assert!(
            start.elapsed().as_secs_f64() < 1.0,
            "refused without decoding"
        );
        // At the limit, the header passes and the (missing) pixel data is what fails.
        std::fs::write(&path, png_header(4096, 4096)).unwrap();
        let msg = format!("{:#}", ink(&path).unwrap_err());
        assert!(msg.contains("not a readable image"), "{msg}");
    }
}
