//! Curves, loss/accuracy panels and activation charts.

mod common;
use common::*;
use nn_plot::style::class_color;
use nn_plot::*;

fn runs() -> Vec<Series> {
    vec![
        Series::new(
            "sgd",
            (0..50)
                .map(|i| (i as f64, 1.0 / (1.0 + i as f64)))
                .collect(),
        ),
        Series::from_values("adam", &[0.9, 0.5, 0.3, 0.2, 0.1]),
    ]
}

#[test]
fn curves_draws_each_series_in_its_colour() {
    let d = dir();
    let path = file(&d, "c.png");
    let o = PlotOptions::titled("loss")
        .axes("iteration", "loss")
        .size(360, 260);
    curves(&path, &runs(), &o).unwrap();
    let img = png(&path, 360, 260);
    assert!(count(&img, class_color(0), 10) > 100, "first run blue");
    assert!(count(&img, class_color(1), 10) > 100, "second run orange");
    assert_eq!(count(&img, class_color(2), 10), 0, "no third colour");
}

#[test]
fn a_single_point_series_is_drawn() {
    let d = dir();
    let path = file(&d, "c.png");
    curves(
        &path,
        &[Series::from_values("one", &[0.5])],
        &PlotOptions::default().size(200, 150),
    )
    .unwrap();
    assert!(count(&png(&path, 200, 150), class_color(0), 10) > 10);
}

#[test]
fn loss_accuracy_has_two_panels() {
    let d = dir();
    let path = file(&d, "la.png");
    let loss = runs();
    let acc: Vec<Series> = runs()
        .into_iter()
        .map(|s| {
            Series::new(
                s.name,
                s.points.iter().map(|&(x, y)| (x, 1.0 - y)).collect(),
            )
        })
        .collect();
    loss_accuracy(
        &path,
        &loss,
        &acc,
        &PlotOptions::titled("run").size(500, 240),
    )
    .unwrap();
    let img = png(&path, 500, 240);
    // Blue appears in both halves.
    let blue_in = |x0: u32, x1: u32| {
        (x0..x1)
            .flat_map(|x| (0..240).map(move |y| (x, y)))
            .filter(|&(x, y)| near(img.get_pixel(x, y), class_color(0), 10))
            .count()
    };
    assert!(blue_in(0, 200) > 50 && blue_in(200, 400) > 50);
}

#[test]
fn activation_chart_draws_dashed_derivatives() {
    let d = dir();
    let path = file(&d, "a.png");
    let f = vec![
        Series::from_fn("tanh", -3.0, 3.0, 121, f64::tanh).color(1),
        Series::from_fn("tanh'", -3.0, 3.0, 121, |x| 1.0 - x.tanh().powi(2))
            .color(1)
            .dashed(),
    ];
    activation_chart(&path, &f, &PlotOptions::titled("h").size(300, 220)).unwrap();
    let img = png(&path, 300, 220);
    assert!(count(&img, class_color(1), 10) > 100);
    assert_eq!(
        count(&img, class_color(0), 10),
        0,
        "both lines share the orange"
    );
}

#[test]
fn lines_reject_bad_input() {
    let d = dir();
    let path = file(&d, "c.png");
    let o = PlotOptions::default().size(200, 150);
    assert!(matches!(
        curves(&path, &[], &o),
        Err(PlotError::Empty { .. })
    ));
    assert!(matches!(
        curves(&path, &[Series::new("e", vec![])], &o),
        Err(PlotError::Empty { .. })
    ));
    assert!(matches!(
        curves(&path, &[Series::from_values("nan", &[1.0, f64::NAN])], &o),
        Err(PlotError::NotFinite { index: 3, .. })
    ));
    assert!(matches!(
        loss_accuracy(&path, &runs(), &[], &o),
        Err(PlotError::Empty { .. })
    ));
    // A file where the directory should be (a missing directory is made).
    std::fs::write(d.path().join("x"), "x").unwrap();
    assert!(activation_chart(d.path().join("x/y.png"), &runs(), &o).is_err());
    assert!(!path.exists());
}
