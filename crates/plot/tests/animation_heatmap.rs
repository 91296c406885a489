//! The boundary GIF, the confusion matrix and the grid-search heatmap.

mod common;
use common::*;
use image::AnimationDecoder;
use image::codecs::gif::GifDecoder;
use nn_plot::style::{HIGHLIGHT, class_tint};
use nn_plot::*;
use std::io::BufReader;

fn frames(path: &std::path::Path) -> Vec<image::Frame> {
    let f = BufReader::new(std::fs::File::open(path).expect("gif written"));
    GifDecoder::new(f)
        .unwrap()
        .into_frames()
        .collect_frames()
        .unwrap()
}

/// Set `NN_PLOT_LOOK=/some/dir` to keep the decoded frames as PNG files to look at.
fn look(frames: &[image::Frame], name: &str) {
    if let Ok(dir) = std::env::var("NN_PLOT_LOOK") {
        for (i, f) in frames.iter().enumerate() {
            f.buffer().save(format!("{dir}/{name}_{i}.png")).unwrap();
        }
    }
}

#[test]
fn gif_has_one_frame_per_call_and_shows_the_boundary_moving() {
    let d = dir();
    let path = file(&d, "b.gif");
    let points = [[-2.0, 1.0], [2.0, -1.0]];
    let o = PlotOptions::titled("training")
        .axes("x", "y")
        .size(240, 200);
    let mut gif = BoundaryAnimation::new(
        &path,
        Grid::square(-6.0, 6.0, 0.5),
        &points,
        &[0, 1],
        &two_classes(),
        &o,
    )
    .unwrap()
    .timing(100, 500);
    for k in 0..4 {
        let threshold = 4.0 - 2.0 * k as f64; // the boundary moves left: 4, 2, 0, -2
        let predict = move |pts: &[[f64; 2]]| -> Vec<usize> {
            pts.iter().map(|p| usize::from(p[0] > threshold)).collect()
        };
        gif.add_frame(&predict, &format!("iteration {k}")).unwrap();
    }
    assert_eq!(gif.frames(), 4);
    assert!(!path.exists(), "written only by finish");
    assert_eq!(gif.finish().unwrap(), 4);
    let fs = frames(&path);
    look(&fs, "gif");
    assert_eq!(fs.len(), 4);
    assert_eq!(fs[0].delay().numer_denom_ms(), (100, 1));
    assert_eq!(fs[3].delay().numer_denom_ms(), (500, 1), "last frame held");
    let orange_share: Vec<usize> = fs
        .iter()
        .map(|f| {
            assert_eq!(f.buffer().dimensions(), (240, 200));
            f.buffer()
                .pixels()
                .filter(|p| {
                    let c = class_tint(1);
                    (p[0] as i32 - c.0 as i32).abs() < 14
                        && (p[1] as i32 - c.1 as i32).abs() < 14
                        && (p[2] as i32 - c.2 as i32).abs() < 14
                })
                .count()
        })
        .collect();
    assert!(
        orange_share.windows(2).all(|w| w[0] < w[1]),
        "class 1 region grows: {orange_share:?}"
    );
    assert!(leftovers(&d).is_empty());
}

#[test]
fn gif_errors_and_abandoned_gifs_leave_nothing() {
    let d = dir();
    let path = file(&d, "b.gif");
    let o = PlotOptions::default().size(160, 120);
    let grid = Grid::square(-1.0, 1.0, 0.5);
    let empty = BoundaryAnimation::new(&path, grid, &[], &[], &[], &o).unwrap();
    assert!(matches!(empty.finish(), Err(PlotError::Empty { .. })));
    let mut abandoned = BoundaryAnimation::new(&path, grid, &[], &[], &[], &o).unwrap();
    abandoned
        .add_frame(&|p: &[[f64; 2]]| vec![0; p.len()], "one")
        .unwrap();
    let wrong = |_: &[[f64; 2]]| vec![0usize];
    assert!(matches!(
        abandoned.add_frame(&wrong, "x"),
        Err(PlotError::LengthMismatch { .. })
    ));
    drop(abandoned);
    assert!(!path.exists());
    assert!(leftovers(&d).is_empty(), "temporary file removed");
    // A file where the directory should be.
    std::fs::write(d.path().join("a-file"), "x").unwrap();
    assert!(matches!(
        BoundaryAnimation::new(d.path().join("a-file/b.gif"), grid, &[], &[], &[], &o),
        Err(PlotError::Io { .. })
    ));
    assert!(
        BoundaryAnimation::new(&path, Grid::square(1.0, -1.0, 0.5), &[], &[], &[], &o).is_err()
    );
    assert!(BoundaryAnimation::new(&path, grid, &[[0.0, 0.0]], &[], &[], &o).is_err());
}

/// Centroid of the pixels near colour `c`, as fractions of the picture size.
fn centroid(img: &image::RgbImage, c: plotters::style::RGBColor, tol: i32) -> (f64, f64) {
    let (mut sx, mut sy, mut n) = (0.0, 0.0, 0.0);
    for (x, y, p) in img.enumerate_pixels() {
        if near(p, c, tol) {
            sx += x as f64;
            sy += y as f64;
            n += 1.0;
        }
    }
    assert!(n > 0.0, "colour present");
    (sx / n / img.width() as f64, sy / n / img.height() as f64)
}

#[test]
fn confusion_matrix_darkest_cell_is_the_largest_count() {
    let d = dir();
    let names = vec!["a".to_string(), "b".into(), "c".into()];
    let o = PlotOptions::titled("cm").size(300, 300);
    // Largest count bottom-left (true c, predicted a), then top-right.
    for (m, expect_left, expect_top) in [
        (
            vec![vec![1, 0, 2], vec![0, 3, 0], vec![9, 0, 1]],
            true,
            false,
        ),
        (
            vec![vec![0, 0, 9], vec![0, 3, 0], vec![2, 0, 1]],
            false,
            true,
        ),
    ] {
        let path = file(&d, "cm.png");
        confusion_matrix(&path, &m, &names, &o).unwrap();
        let img = png(&path, 300, 300);
        let (x, y) = centroid(&img, CONFUSION_DARK, 3);
        assert_eq!(x < 0.5, expect_left, "darkest cell x {x}");
        assert_eq!(y < 0.5, expect_top, "darkest cell y {y}");
    }
}

#[test]
fn confusion_matrix_rejects_bad_input() {
    let d = dir();
    let path = file(&d, "cm.png");
    let o = PlotOptions::default().size(200, 200);
    assert!(matches!(
        confusion_matrix(&path, &[], &[], &o),
        Err(PlotError::Empty { .. })
    ));
    assert!(matches!(
        confusion_matrix(&path, &[vec![1, 2], vec![3]], &[], &o),
        Err(PlotError::LengthMismatch { .. })
    ));
    assert!(matches!(
        confusion_matrix(&path, &[vec![1]], &two_classes(), &o),
        Err(PlotError::LengthMismatch { .. })
    ));
    confusion_matrix(&path, &[vec![0]], &[], &o).unwrap();
    png(&path, 200, 200);
}

#[test]
fn grid_heatmap_marks_the_best_cell() {
    let d = dir();
    let path = file(&d, "g.png");
    let xs: Vec<String> = ["0.01", "0.1", "1"].iter().map(|s| s.to_string()).collect();
    let ys: Vec<String> = ["8", "16"].iter().map(|s| s.to_string()).collect();
    let scores = vec![vec![0.5, 0.6, f64::NAN], vec![0.7, 0.9, 0.8]];
    let o = PlotOptions::titled("grid")
        .axes("eta", "hidden")
        .size(360, 260);
    grid_heatmap(&path, &xs, &ys, &scores, &o).unwrap();
    let img = png(&path, 360, 260);
    let (x, y) = centroid(&img, HIGHLIGHT, 3);
    assert!(
        x > 0.4 && x < 0.75 && y > 0.5,
        "best (16, 0.1) is bottom-middle: {x} {y}"
    );
    assert!(count(&img, MISSING, 2) > 100, "the NaN cell is grey");
    // With lower_is_better the best is the 0.5 at the top-left.
    grid_heatmap(&path, &xs, &ys, &scores, &o.clone().lower_is_better(true)).unwrap();
    let (x, y) = centroid(&png(&path, 360, 260), HIGHLIGHT, 3);
    assert!(x < 0.5 && y < 0.5, "best is top-left: {x} {y}");
}

#[test]
fn grid_heatmap_rejects_bad_input() {
    let d = dir();
    let path = file(&d, "g.png");
    let o = PlotOptions::default().size(200, 200);
    let one = vec!["1".to_string()];
    assert!(grid_heatmap(&path, &[], &one, &[vec![]], &o).is_err());
    assert!(matches!(
        grid_heatmap(&path, &one, &one, &[vec![1.0, 2.0]], &o),
        Err(PlotError::LengthMismatch { .. })
    ));
    assert!(matches!(
        grid_heatmap(&path, &one, &one, &[vec![f64::NAN]], &o),
        Err(PlotError::InvalidArgument(_))
    ));
    assert!(!path.exists());
}
