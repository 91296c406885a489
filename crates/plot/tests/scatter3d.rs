//! 3-D scatter: one and two views.

mod common;
use common::*;
use nn_plot::style::class_color;
use nn_plot::*;

fn cube() -> (Vec<[f64; 3]>, Vec<usize>) {
    let mut pts = vec![];
    let mut labels = vec![];
    for i in 0..5 {
        for j in 0..5 {
            for k in 0..5 {
                let p = [i as f64 - 2.0, j as f64 - 2.0, k as f64 - 2.0];
                labels.push(usize::from(p[2] > 0.0) + 2 * usize::from(p[0] > 0.0));
                pts.push(p);
            }
        }
    }
    (pts, labels)
}

#[test]
fn scatter3d_draws_every_class() {
    let d = dir();
    let path = file(&d, "s3.png");
    let (pts, labels) = cube();
    let o = PlotOptions::titled("3-D").size(320, 260).point_size(3);
    scatter3d(&path, &pts, &labels, &[], &o).unwrap();
    let img = png(&path, 320, 260);
    for c in 0..4 {
        assert!(count(&img, class_color(c), 6) > 15, "class {c} visible");
    }
}

#[test]
fn two_views_side_by_side() {
    let d = dir();
    let (one, two) = (file(&d, "one.png"), file(&d, "two.png"));
    let (pts, labels) = cube();
    let o = PlotOptions::default().size(480, 240).legend(false);
    scatter3d_views(&one, &pts, &labels, &[], &[View::default()], &o).unwrap();
    scatter3d_views(&two, &pts, &labels, &[], &View::pair(), &o).unwrap();
    let img = png(&two, 480, 240);
    let blue_in = |x0: u32, x1: u32| {
        (x0..x1)
            .flat_map(|x| (0..240).map(move |y| (x, y)))
            .filter(|&(x, y)| near(img.get_pixel(x, y), class_color(0), 6))
            .count()
    };
    assert!(
        blue_in(0, 240) > 15 && blue_in(240, 480) > 15,
        "points in both panels"
    );
    assert_ne!(png(&one, 480, 240), img);
}

#[test]
fn scatter3d_rejects_bad_input() {
    let d = dir();
    let path = file(&d, "s3.png");
    let o = PlotOptions::default().size(200, 200);
    assert!(matches!(
        scatter3d(&path, &[], &[], &[], &o),
        Err(PlotError::Empty { .. })
    ));
    assert!(matches!(
        scatter3d(&path, &[[0.0, 0.0, f64::INFINITY]], &[0], &[], &o),
        Err(PlotError::NotFinite { .. })
    ));
    assert!(matches!(
        scatter3d_views(&path, &[[0.0; 3]], &[0], &[], &[], &o),
        Err(PlotError::Empty { .. })
    ));
    // A file where the directory should be (a missing directory is made).
    std::fs::write(d.path().join("a"), "x").unwrap();
    assert!(scatter3d(d.path().join("a/b.png"), &[[0.0; 3]], &[0], &[], &o).is_err());
}
