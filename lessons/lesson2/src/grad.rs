//! `lesson2 grad --model M.json --data D.csv`: the loss and every gradient of a saved model on a
//! CSV file, so a learner can check a hand calculation.

use anyhow::{Context, Result, bail};
use nalgebra::DMatrix;
use nn_core::{Network, one_hot};
use nn_course::show::rows;
use nn_data::ColumnKind;
use serde_json::{Value, json};
use std::path::Path;

/// The loss and each layer's `∂L/∂W^l` and `∂L/∂b^l` on a data set.
#[derive(Debug, Clone)]
pub struct GradReport {
    /// Number of instances.
    pub n: usize,
    /// `L(X^K, T)`.
    pub loss: f64,
    /// `(∂L/∂W^l, ∂L/∂b^l)` per layer; `∂L/∂b^l` is 1×width (one row of `∂L/∂B^l`).
    pub layers: Vec<(DMatrix<f64>, DMatrix<f64>)>,
}

/// The name of the last column of a CSV file's header.
fn last_column(data: &Path) -> Result<String> {
    let mut rdr = csv::Reader::from_path(data)
        .with_context(|| format!("could not read {}", data.display()))?;
    let header = rdr
        .headers()
        .with_context(|| format!("{}: could not read the header line", data.display()))?;
    match header.iter().next_back() {
        Some(name) if !name.trim().is_empty() => Ok(name.trim().to_string()),
        _ => bail!("{}: the header line names no columns", data.display()),
    }
}

/// Reads the features (every numeric column but the label) and class numbers of `data`.
/// Labels must be class numbers 0, 1, 2, …: anything else (`-1`, `1.5`, `cat`) is refused with
/// its data row named, since a gradient for renumbered classes would be a wrong answer.
pub fn load_data(data: &Path, label: Option<&str>) -> Result<(DMatrix<f64>, Vec<usize>)> {
    let (x, texts, label) = load_table(data, label)?;
    Ok((x, class_numbers(data, &label, &texts)?))
}

/// The features, each row's label text and the label column's name.
fn load_table(data: &Path, label: Option<&str>) -> Result<(DMatrix<f64>, Vec<String>, String)> {
    let label = match label {
        Some(l) => l.to_string(),
        None => last_column(data)?,
    };
    let table = nn_data::load_csv(data, &label)?;
    for c in &table.columns {
        if c.kind != ColumnKind::Numeric {
            bail!(
                "{}: column {:?} is not numeric; grad needs numeric features and a label column (--label)",
                data.display(),
                c.name
            );
        }
        if let Some(i) = c.numbers.iter().position(Option::is_none) {
            bail!(
                "{}: column {:?} has no value in data row {}",
                data.display(),
                c.name,
                i + 1
            );
        }
    }
    if table.n() == 0 {
        bail!("{}: no data rows", data.display());
    }
    let x = DMatrix::from_fn(table.n(), table.columns.len(), |i, j| {
        table.columns[j].numbers[i].unwrap_or(0.0)
    });
    let texts = table
        .labels
        .iter()
        .map(|&l| table.class_names[l].trim().to_string())
        .collect();
    Ok((x, texts, label))
}

/// The class number of each label text; anything but 0, 1, 2, … is refused, naming its row.
fn class_numbers(data: &Path, label: &str, texts: &[String]) -> Result<Vec<usize>> {
    let mut labels = Vec::with_capacity(texts.len());
    for (i, text) in texts.iter().enumerate() {
        match text.parse::<usize>() {
            Ok(c) => labels.push(c),
            Err(_) => bail!(
                "{}: data row {} has label {text:?} in column {label:?}, but labels must be class numbers 0, 1, 2, …",
                data.display(),
                i + 1
            ),
        }
    }
    Ok(labels)
}

/// Loads the model and the data and runs one forward and backward pass.
pub fn grad(model: &Path, data: &Path, label: Option<&str>) -> Result<GradReport> {
    let mut net: Network<f64> = Network::load(model)?;
    let (x, texts, label_column) = load_table(data, label)?;
    if x.ncols() != net.inputs() {
        bail!(
            "{} has {} feature columns but the model {} takes {} inputs",
            data.display(),
            x.ncols(),
            model.display(),
            net.inputs()
        );
    }
    let labels = class_numbers(data, &label_column, &texts)?;
    if let Some((i, &c)) = labels
        .iter()
        .enumerate()
        .find(|(_, c)| **c >= net.outputs())
    {
        bail!(
            "{}: data row {} has class {c}, but the model has {} outputs (classes 0 to {})",
            data.display(),
            i + 1,
            net.outputs(),
            net.outputs() - 1
        );
    }
    let t = one_hot(&labels, net.outputs());
    net.forward(&x)?;
    net.backward(&x, &t)?;
    let report = GradReport {
        n: x.nrows(),
        loss: net.loss_value(&t),
        layers: net
            .layers
            .iter()
            .map(|l| {
                (
                    l.dw.clone(),
                    DMatrix::from_row_slice(1, l.db.len(), l.db.as_slice()),
                )
            })
            .collect(),
    };
    report.ensure_finite(&net, model, &x, data)?;
    Ok(report)
}

impl GradReport {
    /// Errors, naming the cause, when the loss or a gradient is NaN or infinite: the weights of
    /// `model` or the features of `data` too large for f64.
    pub fn ensure_finite(
        &self,
        net: &Network<f64>,
        model: &Path,
        x: &DMatrix<f64>,
        data: &Path,
    ) -> Result<()> {
        use nn_course::finite::{Source, ensure_finite, largest, scalar};
        use nn_course::show::sup;
        let loss = scalar(self.loss);
        let mut results = vec![("the loss".to_string(), &loss)];
        for (l, (dw, db)) in self.layers.iter().enumerate() {
            results.push((format!("∂L/∂W{}", sup(l + 1)), dw));
            results.push((format!("∂L/∂b{}", sup(l + 1)), db));
        }
        let (weights, features) = (
            format!("the weights of {}", model.display()),
            format!("the features in {}", data.display()),
        );
        let sources = [
            Source {
                largest: largest(net.layers.iter().flat_map(|l| l.w.iter().chain(l.b.iter()))),
                what: &weights,
                fix: "use a model with smaller weights (a trained network's stay far below 1e6)",
            },
            Source {
                largest: largest(x.iter()),
                what: &features,
                fix: "rescale the features (other units, or standardized)",
            },
        ];
        ensure_finite(
            results,
            &sources,
            "nn-core's forward and backward passes computed it, which is a bug to report",
        )
    }

    /// `{"loss": …, "n": …, "layers": [{"layer": 1, "dw": [[…]], "db": […]}]}`.
    pub fn to_json(&self) -> Value {
        let layers: Vec<Value> = self
            .layers
            .iter()
            .enumerate()
            .map(|(l, (dw, db))| json!({"layer": l + 1, "dw": rows(dw), "db": db.iter().collect::<Vec<_>>()}))
            .collect();
        json!({"loss": self.loss, "n": self.n, "layers": layers})
    }

    /// The loss and every gradient as text.
    pub fn render(&self) -> String {
        use nn_course::show::matrix;
        use nn_course::show::sup;
        let mut s = format!("n = {} instances, loss L = {:.8}\n", self.n, self.loss);
        for (l, (dw, db)) in self.layers.iter().enumerate() {
            s += &matrix(&format!("∂L/∂W{}", sup(l + 1)), dw);
            s += &matrix(
                &format!("∂L/∂b{} (every row of ∂L/∂B{})", sup(l + 1), sup(l + 1)),
                db,
            );
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Example, Fns};

    #[test]
    fn grad_on_the_lecture_batch_equals_lesson_two() {
        let dir = std::env::temp_dir().join(format!("lesson2-grad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let ex = Example::lecture();
        let (model, data) = (dir.join("m.json"), dir.join("d.csv"));
        ex.network().save(&model).unwrap();
        let mut csv = String::from("x1,x2,label\n");
        for (i, r) in ex.x.row_iter().enumerate() {
            csv += &format!("{},{},{}\n", r[0], r[1], ex.labels[i]);
        }
        std::fs::write(&data, csv).unwrap();
        let report = grad(&model, &data, None).unwrap();
        let story = crate::steps::backward_steps(&ex, &Fns::reference());
        assert!((report.loss - story.loss).abs() < 1e-12);
        for (l, (dw, db)) in report.layers.iter().enumerate() {
            assert!((dw - &story.grads.dw[l]).abs().max() < 1e-12);
            assert!((db - story.grads.db[l].rows(0, 1)).abs().max() < 1e-12);
        }
        assert_eq!(
            report.to_json()["layers"][1]["dw"]
                .as_array()
                .unwrap()
                .len(),
            3
        );
        // Classes are the label numbers themselves, even when some are absent.
        std::fs::write(&data, "a,b,y\n1,2,2\n0,1,2\n").unwrap();
        assert_eq!(load_data(&data, None).unwrap().1, vec![2, 2]);
        std::fs::write(&data, "a,b,y\n1,x,2\n0,y,1\n").unwrap();
        assert!(
            grad(&model, &data, None)
                .unwrap_err()
                .to_string()
                .contains("\"b\" is not numeric")
        );
        std::fs::write(&data, "a,y\n1,2\n").unwrap();
        assert!(
            grad(&model, &data, None)
                .unwrap_err()
                .to_string()
                .contains("1 feature columns")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
