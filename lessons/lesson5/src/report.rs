//! What a run found and shows: the outcome (the `--json` line), the misclassified rows, the
//! pictures, and the printed summary.

use crate::cv::CvScores;
use crate::error::{LessonError, Result};
use crate::prepare::{Prepared, short};
use crate::table::raw_cell;
use nn_core::{DMatrix, History};
use nn_data::CsvTable;
use nn_data::preprocess::ColumnPlan;
use nn_plot::{PlotOptions, Series};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What a run found; serialized as the `--json` line.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The data set's short name.
    pub dataset: String,
    /// Rows in the training and test parts.
    pub n_train: usize,
    /// Rows in the test part.
    pub n_test: usize,
    /// Features after preprocessing.
    pub n_features: usize,
    /// Layer widths of the network.
    pub sizes: Vec<usize>,
    /// Accuracy on the training part.
    pub train_accuracy: f64,
    /// Accuracy on the held-out test part.
    pub test_accuracy: f64,
    /// Cross-validation on the training part (`None` with fewer than 2 folds).
    pub cv: Option<CvScores>,
    /// Mean cross-validation accuracy (copied from `cv` for easy reading).
    pub cv_mean: Option<f64>,
    /// Standard deviation of the cross-validation accuracies.
    pub cv_std: Option<f64>,
    /// The class names, in label order.
    pub class_names: Vec<String>,
    /// `confusion[true][predicted]` on the test part.
    pub confusion: Vec<Vec<usize>>,
    /// Number of misclassified test rows.
    pub n_wrong: usize,
    /// The first misclassified test rows.
    #[serde(skip)]
    pub misses: Vec<Miss>,
    /// The feature columns of the table (for printing the misses).
    #[serde(skip)]
    pub columns: Vec<String>,
    /// Every file written.
    pub files: Vec<PathBuf>,
}

/// One test row the network gets wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    /// Line in the CSV file (the header is line 1).
    pub line: usize,
    /// The row's cells as in the file; an imputed number is shown as `?→median`.
    pub cells: Vec<String>,
    /// The true class name.
    pub truth: String,
    /// The predicted class name.
    pub predicted: String,
    /// The network's probability for its (wrong) prediction.
    pub confidence: f64,
}

/// The misclassified test rows, most confident mistakes first.
pub fn misses(
    table: &CsvTable,
    test_rows: &[usize],
    labels: &[usize],
    predicted: &[usize],
    probs: &DMatrix<f64>,
    p: &Prepared,
) -> Vec<Miss> {
    let mut out: Vec<Miss> = (0..test_rows.len())
        .filter(|&r| predicted[r] != labels[r])
        .map(|r| {
            let row = test_rows[r];
            let cells = (0..table.columns.len())
                .map(
                    |j| match (&p.preprocessor.plans[j], raw_cell(table, j, row).as_str()) {
                        (ColumnPlan::Numeric { median, .. }, "?") => {
                            format!("?→{}", short(*median))
                        }
                        (_, cell) => cell.to_string(),
                    },
                )
                .collect();
            Miss {
                line: row + 2,
                cells,
                truth: table.class_names[labels[r]].clone(),
                predicted: table.class_names[predicted[r]].clone(),
                confidence: probs[(r, predicted[r])],
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(a.line.cmp(&b.line))
    });
    out
}

/// Writes `<name>_confusion.png` and `<name>_curves.png` into `out` (created if needed) and
/// returns their paths.
pub fn write_pictures(
    out: &Path,
    name: &str,
    confusion: &[Vec<usize>],
    class_names: &[String],
    history: &History,
    test_accuracy: f64,
) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out).map_err(|source| LessonError::Io {
        path: out.to_path_buf(),
        source,
    })?;
    let cm = out.join(format!("{name}_confusion.png"));
    let title = format!("{name}: test accuracy {:.1}%", 100.0 * test_accuracy);
    nn_plot::confusion_matrix(
        &cm,
        confusion,
        class_names,
        &PlotOptions::titled(title).size(700, 620),
    )?;
    let curves = out.join(format!("{name}_curves.png"));
    let points = |f: &dyn Fn(&nn_core::Record) -> Option<f64>| -> Vec<(f64, f64)> {
        history
            .records
            .iter()
            .filter_map(|r| f(r).map(|v| (r.iteration as f64, v)))
            .collect()
    };
    let loss = [
        Series::new("train", points(&|r| Some(r.train_loss))),
        Series::new("test", points(&|r| r.test_loss)),
    ];
    let acc = [
        Series::new("train", points(&|r| Some(r.train_accuracy))),
        Series::new("test", points(&|r| r.test_accuracy)),
    ];
    let opts = PlotOptions::titled(format!("{name}: learning curves"))
        .axes("iteration", "")
        .size(1000, 420);
    nn_plot::loss_accuracy(&curves, &loss, &acc, &opts)?;
    Ok(vec![cm, curves])
}

/// The confusion matrix as text, rows = true class, columns = predicted class.
pub fn confusion_text(o: &Outcome) -> String {
    let w = o
        .class_names
        .iter()
        .map(|n| n.len())
        .max()
        .unwrap_or(1)
        .max(5);
    let mut s = format!("{:>w$}  predicted →\n{:>w$}", "true ↓", "");
    for n in &o.class_names {
        s += &format!(" {n:>w$}");
    }
    s += "\n";
    for (i, row) in o.confusion.iter().enumerate() {
        s += &format!("{:>w$}", o.class_names[i]);
        for c in row {
            s += &format!(" {c:>w$}");
        }
        s += "\n";
    }
    s
}

/// The misclassified rows as an aligned table.
pub fn misses_text(o: &Outcome) -> String {
    let mut header = vec!["line".to_string()];
    header.extend(o.columns.iter().cloned());
    header.extend(["true".into(), "predicted".into(), "p".into()]);
    let rows: Vec<Vec<String>> = o
        .misses
        .iter()
        .map(|m| {
            let mut r = vec![m.line.to_string()];
            r.extend(m.cells.iter().cloned());
            r.extend([
                m.truth.clone(),
                m.predicted.clone(),
                format!("{:.2}", m.confidence),
            ]);
            r
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|j| {
            rows.iter()
                .map(|r| r[j].chars().count())
                .chain([header[j].chars().count()])
                .max()
                .unwrap_or(1)
        })
        .collect();
    let line = |cells: &[String]| {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, &w)| format!("{c:>w$}"))
            .collect();
        format!("  {}\n", parts.join("  "))
    };
    let mut s = line(&header);
    for r in &rows {
        s += &line(r);
    }
    s
}

/// The printed summary: accuracies, cross-validation, confusion matrix, mistakes.
pub fn summary(o: &Outcome) -> String {
    let mut s = format!(
        "Test accuracy: {:.1}% ({} of {} test rows right; training accuracy {:.1}%)\n",
        100.0 * o.test_accuracy,
        o.n_test - o.n_wrong,
        o.n_test,
        100.0 * o.train_accuracy
    );
    if let Some(cv) = &o.cv {
        let folds: Vec<String> = cv
            .scores
            .iter()
            .map(|a| format!("{:.1}", 100.0 * a))
            .collect();
        s += &format!(
            "{}-fold cross-validation on the training part: {:.1}% ± {:.1}% (folds: {})\n",
            cv.scores.len(),
            100.0 * cv.mean,
            100.0 * cv.std,
            folds.join(", ")
        );
    }
    s += &format!("Confusion matrix on the test set:\n{}", confusion_text(o));
    let worst = (0..o.confusion.len())
        .flat_map(|i| (0..o.confusion.len()).map(move |j| (i, j)))
        .filter(|&(i, j)| i != j && o.confusion[i][j] > 0)
        .max_by_key(|&(i, j)| (o.confusion[i][j], std::cmp::Reverse((i, j))));
    if let Some((i, j)) = worst {
        s += &format!(
            "Most frequent mistake: {} taken for {} ({} times).\n",
            o.class_names[i], o.class_names[j], o.confusion[i][j]
        );
    }
    if o.n_wrong == 0 {
        s += "Every test row is classified correctly.\n";
    } else {
        s += &format!(
            "The {} of {} misclassified test rows it was surest about (?→v: missing, filled with the training median v):\n{}",
            o.misses.len(),
            o.n_wrong,
            misses_text(o)
        );
    }
    s
}

/// The `--json` line: one JSON object with the accuracies, the cross-validation and the files.
pub fn json_line(o: &Outcome) -> String {
    serde_json::to_string(o).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}
