//! Helpers shared by the integration tests: a temp dir, PNG decoding, colour comparison.
#![allow(dead_code)]

use image::RgbImage;
use plotters::style::RGBColor;
use std::path::{Path, PathBuf};

/// A fresh temporary directory (deleted when dropped).
pub fn dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// `dir/name` as a path.
pub fn file(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}

/// Decodes a PNG and checks it has the requested size.
pub fn png(path: &Path, width: u32, height: u32) -> RgbImage {
    let bytes = std::fs::read(path).expect("file written");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    let img = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png)
        .expect("valid PNG")
        .to_rgb8();
    assert_eq!(img.dimensions(), (width, height), "picture size");
    img
}

/// Whether pixel `p` is within `tol` of colour `c` in every channel.
pub fn near(p: &image::Rgb<u8>, c: RGBColor, tol: i32) -> bool {
    (p[0] as i32 - c.0 as i32).abs() <= tol
        && (p[1] as i32 - c.1 as i32).abs() <= tol
        && (p[2] as i32 - c.2 as i32).abs() <= tol
}

/// How many pixels of `img` are within `tol` of `c`.
pub fn count(img: &RgbImage, c: RGBColor, tol: i32) -> usize {
    img.pixels().filter(|p| near(p, c, tol)).count()
}

/// The temporary siblings left in `dir` (there must be none after a renderer returns).
pub fn leftovers(dir: &tempfile::TempDir) -> Vec<String> {
    std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".nn-plot-"))
        .collect()
}

/// Two class names.
pub fn two_classes() -> Vec<String> {
    vec!["zero".to_string(), "one".to_string()]
}
