//! Renders every picture of nn-plot with synthetic data, to look at them:
//! `cargo run -p nn-plot --example gallery -- /tmp/plots`

use nn_plot::*;
use std::path::{Path, PathBuf};

/// A tiny deterministic generator (no dependency needed for synthetic data).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.next()
    }
}

fn circle_data(n: usize, rng: &mut Lcg) -> (Vec<[f64; 2]>, Vec<usize>) {
    let points: Vec<[f64; 2]> = (0..n)
        .map(|_| [rng.uniform(-6.0, 6.0), rng.uniform(-6.0, 6.0)])
        .collect();
    let labels = points
        .iter()
        .map(|p| usize::from(p[0] * p[0] + p[1] * p[1] > 16.0))
        .collect();
    (points, labels)
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "out/gallery".into()),
    );
    std::fs::create_dir_all(&dir)?;
    let out = |name: &str| -> PathBuf { Path::new(&dir).join(name) };
    let mut rng = Lcg(42);
    let (points, labels) = circle_data(300, &mut rng);
    let classes = names(&["inside (0)", "outside (1)"]);

    let opts = PlotOptions::titled("Circle data")
        .axes("x1", "x2")
        .point_size(4);
    scatter(out("scatter.png"), &points, &labels, &classes, &opts)?;

    let blob = |pts: &[[f64; 2]]| -> Vec<usize> {
        pts.iter()
            .map(|p| usize::from((p[0] - 0.3).powi(2) + (p[1] + 0.2).powi(2) * 1.2 > 15.0))
            .collect()
    };
    for (step, file) in [(1.0, "boundary_step1.png"), (0.05, "boundary_step005.png")] {
        let opts = PlotOptions::titled(format!("Decision boundary (grid step {step})"))
            .axes("x1", "x2")
            .point_size(3);
        decision_boundary(
            out(file),
            &blob,
            &Grid::square(-6.0, 6.0, step),
            &points,
            &labels,
            &classes,
            &opts,
        )?;
    }

    let run = |name: &str, rate: f64, floor: f64| {
        Series::new(
            name,
            (0..=100)
                .map(|i| {
                    let t = i as f64 * 100.0;
                    (t, floor + 0.7 * (-rate * t).exp())
                })
                .collect(),
        )
    };
    let loss = vec![
        run("SGD", 0.0004, 0.08),
        run("Momentum", 0.001, 0.05),
        run("AdaGrad", 0.0015, 0.04),
        run("Adam", 0.003, 0.02),
    ];
    let acc: Vec<Series> = loss
        .iter()
        .map(|s| {
            Series::new(
                s.name.clone(),
                s.points.iter().map(|&(x, y)| (x, 1.0 - y)).collect(),
            )
        })
        .collect();
    let opts = PlotOptions::titled("Loss by optimizer").axes("iteration", "cross entropy");
    curves(out("curves.png"), &loss, &opts)?;
    let opts = PlotOptions::titled("Training run")
        .axes("iteration", "")
        .size(1000, 450);
    loss_accuracy(out("loss_accuracy.png"), &loss, &acc, &opts)?;

    let relu = |x: f64| x.max(0.0);
    let funcs = vec![
        Series::from_fn("ReLU", -3.0, 3.0, 301, relu).color(0),
        Series::from_fn("ReLU'", -3.0, 3.0, 301, |x| f64::from(u8::from(x > 0.0)))
            .color(0)
            .dashed(),
        Series::from_fn("tanh", -3.0, 3.0, 301, f64::tanh).color(1),
        Series::from_fn("tanh'", -3.0, 3.0, 301, |x| 1.0 - x.tanh().powi(2))
            .color(1)
            .dashed(),
        Series::from_fn("sigmoid", -3.0, 3.0, 301, |x| 1.0 / (1.0 + (-x).exp())).color(2),
    ];
    let opts = PlotOptions::titled("Activation functions and derivatives").axes("a", "h(a)");
    activation_chart(out("activations.png"), &funcs, &opts)?;

    // The boundary forming over "training": a circle whose radius grows to the right one.
    let opts = PlotOptions::titled("Learning the circle")
        .axes("x1", "x2")
        .size(480, 400)
        .point_size(2);
    let mut gif = BoundaryAnimation::new(
        out("boundary.gif"),
        Grid::square(-6.0, 6.0, 0.1),
        &points,
        &labels,
        &classes,
        &opts,
    )?;
    for k in 0..=10 {
        let r2 = (0.5 + 0.35 * k as f64).powi(2);
        let predict = move |pts: &[[f64; 2]]| -> Vec<usize> {
            pts.iter()
                .map(|p| usize::from(p[0] * p[0] + p[1] * p[1] > r2))
                .collect()
        };
        gif.add_frame(&predict, &format!("iteration {}", k * 1000))?;
    }
    gif.finish()?;

    let digits: Vec<String> = (0..10).map(|d| d.to_string()).collect();
    let matrix: Vec<Vec<usize>> = (0..10)
        .map(|t| {
            (0..10)
                .map(|p| {
                    if t == p {
                        90 + 3 * t
                    } else {
                        (t * 7 + p * 3) % 6
                    }
                })
                .collect()
        })
        .collect();
    let opts = PlotOptions::titled("Confusion matrix (MNIST test set)").size(640, 600);
    confusion_matrix(out("confusion.png"), &matrix, &digits, &opts)?;
    let iris = names(&["setosa", "versicolor", "virginica"]);
    let m3 = vec![vec![50, 0, 0], vec![0, 47, 3], vec![0, 2, 48]];
    confusion_matrix(
        out("confusion_iris.png"),
        &m3,
        &iris,
        &PlotOptions::titled("Iris").size(500, 450),
    )?;

    let etas = names(&["0.001", "0.003", "0.01", "0.03", "0.1"]);
    let hidden = names(&["2", "4", "8", "16"]);
    let scores: Vec<Vec<f64>> = (0..4)
        .map(|i| {
            (0..5)
                .map(|j| {
                    if i == 0 && j == 4 {
                        f64::NAN
                    } else {
                        0.6 + 0.08 * i as f64 - 0.02 * (j as f64 - 3.0).powi(2)
                    }
                })
                .collect()
        })
        .collect();
    let opts = PlotOptions::titled("Grid search: test accuracy")
        .axes("learning rate η", "hidden units")
        .size(640, 480);
    grid_heatmap(out("grid_search.png"), &etas, &hidden, &scores, &opts)?;

    // The 4-class homework: inside/outside the sphere r = 4, above/below z = (x² + y²)/10.
    let pts3: Vec<[f64; 3]> = (0..1500)
        .map(|_| {
            [
                rng.uniform(-6.0, 6.0),
                rng.uniform(-6.0, 6.0),
                rng.uniform(-6.0, 6.0),
            ]
        })
        .collect();
    let lab3: Vec<usize> = pts3
        .iter()
        .map(|p| {
            let inside = p[0] * p[0] + p[1] * p[1] + p[2] * p[2] < 16.0;
            let above = p[2] > (p[0] * p[0] + p[1] * p[1]) / 10.0;
            match (inside, above) {
                (true, true) => 0,
                (true, false) => 1,
                (false, true) => 2,
                (false, false) => 3,
            }
        })
        .collect();
    let four = names(&[
        "inside, above",
        "inside, below",
        "outside, above",
        "outside, below",
    ]);
    let opts = PlotOptions::titled("Homework: 4 classes in 3-D")
        .point_size(2)
        .size(700, 560);
    scatter3d(out("scatter3d.png"), &pts3, &lab3, &four, &opts)?;
    let opts = PlotOptions::titled("Homework: two views")
        .point_size(2)
        .size(1100, 520);
    scatter3d_views(
        out("scatter3d_views.png"),
        &pts3,
        &lab3,
        &four,
        &View::pair(),
        &opts,
    )?;

    // Digit-like 28×28 images: a ring ("0"), a bar ("1") or a slanted stroke ("7").
    let digit = |kind: usize, rng: &mut Lcg| -> Vec<f32> {
        let (dx, dy) = (rng.uniform(-2.0, 2.0), rng.uniform(-2.0, 2.0));
        (0..784)
            .map(|k| {
                let (x, y) = ((k % 28) as f64 - 13.5 - dx, (k / 28) as f64 - 13.5 - dy);
                let d = match kind {
                    0 => ((x / 6.0).powi(2) + (y / 9.0).powi(2)).sqrt() * 7.0 - 7.0,
                    1 => x.abs() - 0.5 + if y.abs() > 10.0 { 9.0 } else { 0.0 },
                    _ => {
                        if y < -8.0 {
                            (y + 9.0).abs() + if x.abs() > 7.0 { 9.0 } else { 0.0 }
                        } else {
                            (x - (y + 9.0) * -0.35 - 6.0).abs() * 0.9
                        }
                    }
                };
                (1.0 - (d.abs() - 1.0).max(0.0) / 1.5).clamp(0.0, 1.0) as f32
            })
            .collect()
    };
    let kinds = [0, 1, 7];
    let images: Vec<Vec<f32>> = (0..40).map(|i| digit(i % 3, &mut rng)).collect();
    let truth: Vec<usize> = (0..40).map(|i| kinds[i % 3]).collect();
    let predicted: Vec<usize> = truth
        .iter()
        .enumerate()
        .map(|(i, &t)| if i % 11 == 5 { (t + 1) % 10 } else { t })
        .collect();
    let opts = PlotOptions::titled("Test digits").size(800, 560);
    prediction_grid(
        out("digits.png"),
        &images,
        28,
        28,
        &truth,
        &predicted,
        &opts,
    )?;
    let captions: Vec<String> = truth
        .iter()
        .take(12)
        .map(|t| format!("label {t}"))
        .collect();
    let opts = PlotOptions::titled("Training samples").size(640, 300);
    image_grid(out("samples.png"), &images[..12], 28, 28, &captions, &opts)?;

    // First-layer weights: 784 × 32, column-major as nalgebra stores them.
    let mut w = Vec::with_capacity(784 * 32);
    for _unit in 0..32 {
        let (cx, cy, s) = (
            rng.uniform(6.0, 22.0),
            rng.uniform(6.0, 22.0),
            rng.uniform(-1.0, 1.0),
        );
        for k in 0..784 {
            let (x, y) = ((k % 28) as f64, (k / 28) as f64);
            let r2 = (x - cx).powi(2) + (y - cy).powi(2);
            let v =
                s * (-r2 / 18.0).exp() - 0.5 * s * (-r2 / 60.0).exp() + rng.uniform(-0.05, 0.05);
            w.push(v as f32);
        }
    }
    let opts = PlotOptions::titled("First-layer weights (32 hidden units)").size(800, 520);
    weight_tiles_column_major(out("weights.png"), &w, 784, 28, 28, &opts)?;

    for entry in std::fs::read_dir(&dir)? {
        println!("{}", entry?.path().display());
    }
    Ok(())
}
