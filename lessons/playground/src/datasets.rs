//! The data sets of the playground: nn-data's circle, XOR and linear tasks, two spirals and
//! Gaussian blobs (written here), and a 2-D CSV upload (`x1,x2,label`), each with optional
//! Gaussian jitter.

use crate::settings::{MAX_N, Settings};
use nalgebra::DMatrix;
use nn_data::{Dataset, toy};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

/// The most classes an uploaded CSV may have.
pub const MAX_CLASSES: usize = 4;

/// The input square the page draws: `[min, max]²` for both inputs.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Extent {
    /// Smallest value of both axes.
    pub min: f64,
    /// Largest value of both axes.
    pub max: f64,
}

/// The training and test sets of `s`, and the square to draw them in.
pub fn build(s: &Settings) -> Result<(Dataset<f64>, Dataset<f64>, Extent), String> {
    let all = match s.dataset.as_str() {
        "circle" => toy::circle(s.n, 3.0, s.seed),
        "xor" => toy::xor(s.n, s.seed),
        "linear" => toy::linear(s.n, s.seed),
        "spirals" => spirals(s.n, s.seed),
        "blobs" => blobs(s.n, s.seed),
        "upload" => parse_csv(s.csv.as_deref().unwrap_or(""))?,
        other => return Err(format!("unknown dataset '{other}'.")),
    };
    let mut all = all;
    if s.noise > 0.0 {
        jitter(&mut all.x, s.noise, s.seed);
    }
    let extent = extent(&all.x);
    let (train, test) = all
        .split(s.test_fraction, true, s.seed)
        .map_err(|e| format!("could not split the data: {e}."))?;
    if train.n() == 0 {
        return Err("the training set is empty: use more rows or a smaller test_fraction.".into());
    }
    Ok((train, test, extent))
}

/// Two interleaved spirals in [−6, 6]²: class 0 and class 1 half a turn apart.
pub fn spirals(n: usize, seed: u64) -> Dataset<f64> {
    let mut x = DMatrix::zeros(n, 2);
    let mut labels = Vec::with_capacity(n);
    let half = n.div_ceil(2);
    for i in 0..n {
        let class = usize::from(i >= half);
        let k = if class == 0 { i } else { i - half };
        let count = if class == 0 { half } else { n - half };
        let t = k as f64 / count.max(1) as f64; // 0 … 1 along the arm
        let r = 0.3 + 5.2 * t;
        let angle = 1.75 * std::f64::consts::TAU * t + class as f64 * std::f64::consts::PI;
        x[(i, 0)] = r * angle.cos();
        x[(i, 1)] = r * angle.sin();
        labels.push(class);
    }
    let mut d = named(x, labels, &["arm 0", "arm 1"]);
    jitter(&mut d.x, 0.15, seed); // a little spread along the arms
    d
}

/// Two Gaussian blobs, σ = 1.3, centred at (−2, −2) (class 0) and (2, 2) (class 1).
pub fn blobs(n: usize, seed: u64) -> Dataset<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let normal = Normal::new(0.0, 1.3).expect("σ is valid");
    let mut x = DMatrix::zeros(n, 2);
    let mut labels = Vec::with_capacity(n);
    for i in 0..n {
        let class = i % 2;
        let c = if class == 0 { -2.0 } else { 2.0 };
        x[(i, 0)] = c + normal.sample(&mut rng);
        x[(i, 1)] = c + normal.sample(&mut rng);
        labels.push(class);
    }
    named(x, labels, &["blob 0", "blob 1"])
}

fn named(x: DMatrix<f64>, labels: Vec<usize>, classes: &[&str]) -> Dataset<f64> {
    Dataset {
        x,
        labels,
        class_names: classes.iter().map(|s| s.to_string()).collect(),
        feature_names: vec!["x1".into(), "x2".into()],
    }
}

/// Adds N(0, σ²) to every coordinate (the labels stay: points near the boundary cross it).
fn jitter(x: &mut DMatrix<f64>, sigma: f64, seed: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x006e_6f69_7365);
    let normal = Normal::new(0.0, sigma).expect("σ is valid");
    x.iter_mut().for_each(|v| *v += normal.sample(&mut rng));
}

/// The smallest square holding every point, with a margin, and at least [−6, 6]-like size.
fn extent(x: &DMatrix<f64>) -> Extent {
    let (lo, hi) = x
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
            (l.min(v), h.max(v))
        });
    if !(lo.is_finite() && hi.is_finite()) {
        return Extent {
            min: -6.0,
            max: 6.0,
        };
    }
    let (lo, hi) = (lo.min(-6.0), hi.max(6.0));
    let margin = 0.02 * (hi - lo);
    Extent {
        min: lo - margin,
        max: hi + margin,
    }
}

/// Parses `x1,x2,label` rows (an optional header line is skipped): finite numbers, integer labels
/// 0 … 3 with at least two classes, at most [`MAX_N`] rows.
pub fn parse_csv(text: &str) -> Result<Dataset<f64>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let (mut xs, mut labels) = (Vec::new(), Vec::new());
    for (i, record) in reader.records().enumerate() {
        let line = i + 1;
        let record = record.map_err(|e| format!("CSV line {line}: {e}."))?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != 3 {
            return Err(format!(
                "CSV line {line} has {} fields, expected 3 (x1,x2,label).",
                record.len()
            ));
        }
        let numbers: Vec<Option<f64>> = record.iter().map(|f| f.parse::<f64>().ok()).collect();
        if numbers.iter().any(Option::is_none) {
            if i == 0 {
                continue; // a header
            }
            return Err(format!(
                "CSV line {line}: every field must be a number, found '{}'.",
                record.iter().collect::<Vec<_>>().join(",")
            ));
        }
        let [a, b, l] = [numbers[0], numbers[1], numbers[2]].map(|v| v.unwrap_or(0.0));
        if !(a.is_finite() && b.is_finite()) || a.abs() > 1e6 || b.abs() > 1e6 {
            return Err(format!(
                "CSV line {line}: x1 and x2 must be finite numbers within ±1e6."
            ));
        }
        if l.fract() != 0.0 || !(0.0..MAX_CLASSES as f64).contains(&l) {
            return Err(format!(
                "CSV line {line}: the label must be an integer from 0 to {}, found {l}.",
                MAX_CLASSES - 1
            ));
        }
        if labels.len() == MAX_N {
            return Err(format!("the CSV has more than {MAX_N} rows."));
        }
        xs.extend([a, b]);
        labels.push(l as usize);
    }
    let classes = labels.iter().max().map_or(0, |&m| m + 1);
    if labels.len() < 4 || classes < 2 {
        return Err("the CSV needs at least 4 rows and the labels 0 and 1.".into());
    }
    let x = DMatrix::from_row_slice(labels.len(), 2, &xs);
    let names: Vec<String> = (0..classes).map(|k| format!("class {k}")).collect();
    Ok(Dataset {
        x,
        labels,
        class_names: names,
        feature_names: vec!["x1".into(), "x2".into()],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_are_checked() {
        let d = parse_csv("x1,x2,label\n1,2,0\n3,4,1\n-1,0.5,1\n2,2,0\n").unwrap();
        assert_eq!((d.n(), d.n_classes()), (4, 2));
        assert!(parse_csv("1,2,0\n1,x,1\n").unwrap_err().contains("line 2"));
        assert!(parse_csv("1,2,0\n1,2,7\n").unwrap_err().contains("label"));
        assert!(parse_csv("1,2\n").unwrap_err().contains("3"));
        assert!(
            parse_csv("1,2,0\n1,2,0\n1,1,0\n3,3,0\n").is_err(),
            "one class"
        );
    }

    #[test]
    fn spirals_and_blobs_have_both_classes_in_the_square() {
        for d in [spirals(200, 1), blobs(200, 1)] {
            assert_eq!(d.class_counts(), vec![100, 100]);
            assert!(d.x.iter().all(|v| v.abs() < 12.0));
        }
    }
}
