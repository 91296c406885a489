//! Digit grids and weight tiles.

mod common;
use common::*;
use nn_plot::style::HIGHLIGHT;
use nn_plot::*;

/// A 28×28 "digit": a filled square in the middle.
fn square() -> Vec<f32> {
    (0..784)
        .map(|k| {
            let (x, y) = (k % 28, k / 28);
            if (8..20).contains(&x) && (8..20).contains(&y) {
                1.0
            } else {
                0.0
            }
        })
        .collect()
}

#[test]
fn image_grid_draws_ink_dark_on_white() {
    let d = dir();
    let path = file(&d, "g.png");
    let images = vec![square(); 6];
    let captions: Vec<String> = (0..6).map(|i| format!("#{i}")).collect();
    image_grid(
        &path,
        &images,
        28,
        28,
        &captions,
        &PlotOptions::titled("d").size(360, 240),
    )
    .unwrap();
    let img = png(&path, 360, 240);
    assert!(
        count(&img, nn_plot::style::TEXT, 4) > 6 * 100,
        "six dark squares"
    );
    assert_eq!(count(&img, HIGHLIGHT, 30), 0, "nothing highlighted");
}

#[test]
fn misclassified_digits_are_framed_in_red() {
    let d = dir();
    let (ok, bad) = (file(&d, "ok.png"), file(&d, "bad.png"));
    let grey = [0.5f32; 784];
    let images: Vec<&[f32]> = vec![&grey[..]; 4];
    let o = PlotOptions::default().size(320, 200);
    prediction_grid(&ok, &images, 28, 28, &[1, 2, 3, 4], &[1, 2, 3, 4], &o).unwrap();
    prediction_grid(&bad, &images, 28, 28, &[1, 2, 3, 4], &[1, 2, 9, 4], &o).unwrap();
    assert_eq!(count(&png(&ok, 320, 200), HIGHLIGHT, 3), 0);
    let img = png(&bad, 320, 200);
    assert!(count(&img, HIGHLIGHT, 3) > 100, "red frame and caption");
    // The third of four tiles in one row: the red is in the right half.
    let xs: Vec<u32> = img
        .enumerate_pixels()
        .filter(|(_, _, p)| near(p, HIGHLIGHT, 3))
        .map(|(x, _, _)| x)
        .collect();
    assert!(
        xs.iter().all(|&x| x > 140 && x < 260),
        "red only around the third tile"
    );
}

#[test]
fn weight_tiles_use_diverging_colours() {
    let d = dir();
    let path = file(&d, "w.png");
    // Two units: one all positive, one all negative; column-major 784 × 2.
    let mut data = vec![0.3f32; 784];
    data.extend(vec![-2.0f32; 784]);
    let o = PlotOptions::titled("w").size(300, 200);
    weight_tiles_column_major(&path, &data, 784, 28, 28, &o).unwrap();
    let img = png(&path, 300, 200);
    assert!(
        count(&img, POSITIVE, 2) > 1000,
        "positive tile fully red after scaling"
    );
    assert!(count(&img, NEGATIVE, 2) > 1000, "negative tile fully blue");
    let tiles: Vec<Vec<f32>> = data.chunks(784).map(|c| c.to_vec()).collect();
    let path2 = file(&d, "w2.png");
    weight_tiles(&path2, &tiles, 28, 28, &o).unwrap();
    assert_eq!(
        png(&path2, 300, 200),
        img,
        "both layouts give the same picture"
    );
}

#[test]
fn images_reject_bad_input() {
    let d = dir();
    let path = file(&d, "g.png");
    let o = PlotOptions::default().size(200, 200);
    let none: &[Vec<f32>] = &[];
    assert!(matches!(
        image_grid(&path, none, 28, 28, &[], &o),
        Err(PlotError::Empty { .. })
    ));
    assert!(matches!(
        image_grid(&path, &[vec![0.0; 10]], 28, 28, &[], &o),
        Err(PlotError::LengthMismatch { .. })
    ));
    let mut nan = square();
    nan[3] = f32::NAN;
    assert!(matches!(
        image_grid(&path, &[nan], 28, 28, &[], &o),
        Err(PlotError::NotFinite { index: 3, .. })
    ));
    assert!(matches!(
        image_grid(&path, &[square()], 28, 28, &["a".into(), "b".into()], &o),
        Err(PlotError::LengthMismatch { .. })
    ));
    assert!(matches!(
        prediction_grid(&path, &[square()], 28, 28, &[1], &[], &o),
        Err(PlotError::LengthMismatch { .. })
    ));
    assert!(weight_tiles_column_major(&path, &[0.0; 785], 784, 28, 28, &o).is_err());
    assert!(weight_tiles_column_major(&path, &[0.0; 784], 783, 28, 28, &o).is_err());
    let many = vec![square(); 3000];
    assert!(matches!(
        image_grid(&path, &many, 28, 28, &[], &o),
        Err(PlotError::InvalidArgument(_))
    ));
    // A file where the directory should be (a missing directory is made).
    std::fs::write(d.path().join("x"), "x").unwrap();
    assert!(image_grid(d.path().join("x/y.png"), &[square()], 28, 28, &[], &o).is_err());
    assert!(!path.exists());
}
