//! What a decision-boundary picture must not hide: equal units on both axes, the true boundary,
//! the misclassified points; and the loss chart's logarithmic axis.

mod common;
use common::*;
use nn_plot::style::class_tint;
use nn_plot::*;

/// Width and height of the box holding every pixel near `c`.
fn extent(img: &image::RgbImage, c: plotters::style::RGBColor) -> (u32, u32) {
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
    for (x, y, p) in img.enumerate_pixels() {
        if near(p, c, 3) {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
    }
    assert!(x1 >= x0, "colour {c:?} not found");
    (x1 - x0 + 1, y1 - y0 + 1)
}

#[test]
fn the_class_map_of_a_square_grid_is_square_in_any_picture() {
    let d = dir();
    let everything_zero = |p: &[[f64; 2]]| vec![0; p.len()];
    for (w, h) in [(640, 360), (360, 640), (800, 600)] {
        let path = file(&d, "b.png");
        let o = PlotOptions::titled("t")
            .axes("x", "y")
            .size(w, h)
            .legend(false);
        let grid = Grid::square(-6.0, 6.0, 0.1);
        decision_boundary(&path, &everything_zero, &grid, &[], &[], &[], &o).unwrap();
        let img = png(&path, w, h);
        let (mw, mh) = extent(&img, class_tint(0));
        assert!(mw.abs_diff(mh) <= 3, "{w}×{h}: the map is {mw}×{mh} pixels");
    }
}

#[test]
fn a_scatter_with_equal_aspect_keeps_units_equal() {
    let d = dir();
    let path = file(&d, "s.png");
    // A 2:1 data box (x over 4 units, y over 2) in a 3:4 picture.
    let o = PlotOptions::titled("t")
        .size(600, 800)
        .ranges((0.0, 4.0), (0.0, 2.0))
        .equal_aspect(true)
        .legend(false)
        .point_size(4);
    let corners = [[0.0, 0.0], [4.0, 0.0], [0.0, 2.0], [4.0, 2.0]];
    scatter(&path, &corners, &[0, 0, 0, 0], &[], &o).unwrap();
    let img = png(&path, 600, 800);
    let (w, h) = extent(&img, nn_plot::style::class_color(0));
    let ratio = (w as f64 - 8.0) / (h as f64 - 8.0);
    assert!((ratio - 2.0).abs() < 0.05, "{w}×{h}: ratio {ratio}");
}

#[test]
fn the_true_boundary_and_the_crosses_are_drawn_in_black() {
    let d = dir();
    let o = PlotOptions::titled("t")
        .axes("x", "y")
        .size(400, 400)
        .point_size(4);
    let grid = Grid::square(-6.0, 6.0, 0.1);
    let everything_zero = |p: &[[f64; 2]]| vec![0; p.len()];
    let rule = |x: f64, y: f64| usize::from(x * x + y * y < 9.0);
    let truth = TrueBoundary::trace(&rule, (-6.0, 6.0), (-6.0, 6.0)).unwrap();
    let black = plotters::style::RGBColor(0, 0, 0);

    let plain = file(&d, "plain.png");
    decision_boundary(&plain, &everything_zero, &grid, &[], &[], &[], &o).unwrap();
    let with = file(&d, "truth.png");
    decision_boundary_with_truth(&with, &everything_zero, &truth, &grid, &[], &[], &[], &o)
        .unwrap();
    let (a, b) = (
        count(&png(&plain, 400, 400), black, 10),
        count(&png(&with, 400, 400), black, 10),
    );
    // The circle of radius 3 on a map of at least 240 pixels for 12 units is 2π·3·20 ≈ 377
    // pixels long; a 1-pixel line covers at least 1/√2 pixel per pixel of length (diagonals).
    assert!(
        b > a + 250,
        "black pixels without the truth {a}, with it {b}"
    );

    // One point on the right side, one on the wrong: one cross more than none.
    let right = file(&d, "right.png");
    decision_boundary(
        &right,
        &everything_zero,
        &grid,
        &[[1.0, 1.0]],
        &[0],
        &[],
        &o,
    )
    .unwrap();
    let wrong = file(&d, "wrong.png");
    let names = two_classes();
    decision_boundary(
        &wrong,
        &everything_zero,
        &grid,
        &[[1.0, 1.0]],
        &[1],
        &names,
        &o,
    )
    .unwrap();
    let (r, w) = (
        count(&png(&right, 400, 400), black, 10),
        count(&png(&wrong, 400, 400), black, 10),
    );
    assert!(
        w > r + 20,
        "black pixels with a correct point {r}, with a misclassified one {w}"
    );
}

#[test]
fn the_loss_axis_can_be_logarithmic_but_not_below_zero() {
    let d = dir();
    let path = file(&d, "l.png");
    let loss = [Series::from_values("a", &[1.0, 0.1, 0.01, 0.001])];
    let acc = [Series::from_values("a", &[0.5, 0.9, 0.99, 1.0])];
    let o = PlotOptions::titled("t")
        .size(800, 400)
        .panel_labels("training loss (log scale)", "test accuracy")
        .log_y(true);
    loss_accuracy(&path, &loss, &acc, &o).unwrap();
    png(&path, 800, 400);
    let zero = [Series::from_values("a", &[1.0, 0.0])];
    let e = loss_accuracy(&path, &zero, &acc, &o)
        .unwrap_err()
        .to_string();
    assert!(e.contains("logarithmic") && e.contains("\"a\""), "{e}");
    // The accuracy panel may hold zeros: only the loss axis is logarithmic.
    let acc0 = [Series::from_values("a", &[0.0, 1.0])];
    loss_accuracy(&path, &loss, &acc0, &o).unwrap();
}

#[test]
fn a_scatter_can_show_the_true_boundary() {
    let d = dir();
    let o = PlotOptions::titled("t")
        .size(400, 400)
        .ranges((-6.0, 6.0), (-6.0, 6.0))
        .equal_aspect(true);
    let points = [[-5.0, -5.0], [0.0, 0.0]];
    let rule = |x: f64, y: f64| usize::from(x * x + y * y < 9.0);
    let truth = TrueBoundary::trace(&rule, (-6.0, 6.0), (-6.0, 6.0)).unwrap();
    let black = plotters::style::RGBColor(0, 0, 0);
    let plain = file(&d, "plain.png");
    scatter(&plain, &points, &[0, 1], &[], &o).unwrap();
    let with = file(&d, "truth.png");
    scatter_with_truth(&with, &points, &[0, 1], &[], &truth, &o).unwrap();
    let (a, b) = (
        count(&png(&plain, 400, 400), black, 10),
        count(&png(&with, 400, 400), black, 10),
    );
    assert!(
        b > a + 250,
        "black pixels without the truth {a}, with it {b}"
    );
}
