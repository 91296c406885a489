//! Scatter and decision-boundary pictures: size, colours where they belong, errors.

mod common;
use common::*;
use nn_plot::style::{class_color, class_tint};
use nn_plot::*;

fn opts() -> PlotOptions {
    PlotOptions::titled("test").axes("x", "y").size(320, 240)
}

#[test]
fn scatter_writes_png_with_class_colours() {
    let d = dir();
    let path = file(&d, "s.png");
    let points = [[0.0, 0.0], [1.0, 1.0], [2.0, 0.5], [0.5, 2.0]];
    let labels = [0, 1, 2, 1];
    let names = vec!["a".into(), "b".into(), "c".into()];
    scatter(&path, &points, &labels, &names, &opts().point_size(6)).unwrap();
    let img = png(&path, 320, 240);
    for c in 0..3 {
        assert!(
            count(&img, class_color(c), 8) > 20,
            "class {c} colour drawn"
        );
    }
    assert!(
        count(&img, class_color(3), 8) == 0,
        "no fourth class colour"
    );
    assert!(leftovers(&d).is_empty());
}

#[test]
fn scatter_without_names_and_without_legend() {
    let d = dir();
    let path = file(&d, "s.png");
    let points = [[0.0, 0.0], [1.0, 1.0]];
    scatter(&path, &points, &[0, 1], &[], &opts().legend(false)).unwrap();
    png(&path, 320, 240);
}

#[test]
fn point_size_changes_the_picture() {
    let d = dir();
    let (small, big) = (file(&d, "small.png"), file(&d, "big.png"));
    let points = [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]];
    scatter(
        &small,
        &points,
        &[0, 0, 0],
        &[],
        &opts().point_size(1).legend(false),
    )
    .unwrap();
    scatter(
        &big,
        &points,
        &[0, 0, 0],
        &[],
        &opts().point_size(8).legend(false),
    )
    .unwrap();
    let blue = |p: &std::path::Path| count(&png(p, 320, 240), class_color(0), 8);
    assert!(
        blue(&big) > 4 * blue(&small),
        "bigger points cover more pixels"
    );
}

#[test]
fn scatter_rejects_bad_input() {
    let d = dir();
    let path = file(&d, "s.png");
    let o = opts();
    assert!(matches!(
        scatter(&path, &[], &[], &[], &o),
        Err(PlotError::Empty { .. })
    ));
    assert!(matches!(
        scatter(&path, &[[0.0, 0.0]], &[0, 1], &[], &o),
        Err(PlotError::LengthMismatch { .. })
    ));
    assert!(matches!(
        scatter(&path, &[[f64::NAN, 0.0]], &[0], &[], &o),
        Err(PlotError::NotFinite { .. })
    ));
    assert!(matches!(
        scatter(&path, &[[0.0, 0.0]], &[5], &two_classes(), &o),
        Err(PlotError::UnknownLabel { label: 5, .. })
    ));
    assert!(matches!(
        scatter(&path, &[[0.0, 0.0]], &[0], &[], &o.clone().size(10, 10)),
        Err(PlotError::InvalidArgument(_))
    ));
    assert!(matches!(
        scatter(
            &path,
            &[[0.0, 0.0]],
            &[0],
            &[],
            &o.clone().ranges((1.0, 0.0), (0.0, 1.0))
        ),
        Err(PlotError::InvalidArgument(_))
    ));
    // A file where a directory should be.
    std::fs::write(d.path().join("a-file"), "x").unwrap();
    let missing = d.path().join("a-file/dir/s.png");
    let err = scatter(&missing, &[[0.0, 0.0]], &[0], &[], &o).unwrap_err();
    assert!(matches!(err, PlotError::Io { .. }));
    assert!(err.to_string().contains("a-file/dir/s.png"), "{err}");
    assert!(!path.exists(), "nothing written on error");
}

#[test]
fn existing_file_is_replaced() {
    let d = dir();
    let path = file(&d, "s.png");
    std::fs::write(&path, b"old").unwrap();
    scatter(&path, &[[0.0, 0.0]], &[0], &[], &opts()).unwrap();
    png(&path, 320, 240);
}

/// x > 0 → class 1, else class 0.
fn right_is_one(pts: &[[f64; 2]]) -> Vec<usize> {
    pts.iter().map(|p| usize::from(p[0] > 0.0)).collect()
}

#[test]
fn boundary_of_a_known_function_has_the_right_colours_on_each_side() {
    let d = dir();
    let path = file(&d, "b.png");
    let grid = Grid::square(-6.0, 6.0, 0.25);
    let o = opts().size(400, 300);
    decision_boundary(&path, &right_is_one, &grid, &[], &[], &two_classes(), &o).unwrap();
    let img = png(&path, 400, 300);
    let row = 150;
    let xs = |c: usize| -> Vec<u32> {
        (0..400)
            .filter(|&x| near(img.get_pixel(x, row), class_tint(c), 2))
            .collect()
    };
    let (left, right) = (xs(0), xs(1));
    assert!(
        left.len() > 80 && right.len() > 80,
        "{} {}",
        left.len(),
        right.len()
    );
    assert!(
        left.iter().max() < right.iter().min(),
        "class 0 left of class 1"
    );
    // The boundary x = 0 is in the middle of the plotting area.
    let (l0, r1) = (
        *left.iter().min().unwrap() as i32,
        *right.iter().max().unwrap() as i32,
    );
    let edge = *left.iter().max().unwrap() as i32;
    assert!(
        (edge - (l0 + r1) / 2).abs() <= 3,
        "boundary at the centre: {l0} {edge} {r1}"
    );
}

#[test]
fn boundary_draws_points_on_top_and_step_matters() {
    let d = dir();
    let (fine, coarse) = (file(&d, "fine.png"), file(&d, "coarse.png"));
    let points = [[-3.0, 0.0], [3.0, 0.0]];
    let circle = |pts: &[[f64; 2]]| -> Vec<usize> {
        pts.iter()
            .map(|p| usize::from(p[0] * p[0] + p[1] * p[1] > 16.0))
            .collect()
    };
    let o = opts().point_size(6);
    let names = two_classes();
    decision_boundary(
        &fine,
        &circle,
        &Grid::square(-6.0, 6.0, 0.05),
        &points,
        &[1, 0],
        &names,
        &o,
    )
    .unwrap();
    decision_boundary(
        &coarse,
        &circle,
        &Grid::square(-6.0, 6.0, 1.0),
        &points,
        &[1, 0],
        &names,
        &o,
    )
    .unwrap();
    let (f, c) = (png(&fine, 320, 240), png(&coarse, 320, 240));
    assert!(count(&f, class_color(0), 6) > 30 && count(&f, class_color(1), 6) > 30);
    assert_ne!(f, c, "the grid step changes the class map");
    assert!(count(&f, class_tint(0), 2) > 1000 && count(&f, class_tint(1), 2) > 1000);
}

#[test]
fn boundary_rejects_bad_input() {
    let d = dir();
    let path = file(&d, "b.png");
    let o = opts();
    let names = two_classes();
    let wrong_len = |_: &[[f64; 2]]| vec![0usize; 3];
    let grid = Grid::square(-1.0, 1.0, 0.5);
    assert!(matches!(
        decision_boundary(&path, &wrong_len, &grid, &[], &[], &names, &o),
        Err(PlotError::LengthMismatch { .. })
    ));
    let too_many = |p: &[[f64; 2]]| vec![7usize; p.len()];
    assert!(matches!(
        decision_boundary(&path, &too_many, &grid, &[], &[], &names, &o),
        Err(PlotError::UnknownLabel { label: 7, .. })
    ));
    let bad_grid = Grid::square(-1.0, 1.0, f64::NAN);
    assert!(matches!(
        decision_boundary(&path, &right_is_one, &bad_grid, &[], &[], &names, &o),
        Err(PlotError::InvalidArgument(_))
    ));
    let dir_path = d.path().to_path_buf();
    assert!(matches!(
        decision_boundary(&dir_path, &right_is_one, &grid, &[], &[], &names, &o),
        Err(PlotError::Io { .. })
    ));
    assert!(!path.exists());
}
