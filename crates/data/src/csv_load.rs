//! Reading a CSV file into a [`CsvTable`]: a header line, a chosen label (target) column, and
//! feature columns detected as numeric or categorical. Turning the table into numbers (one-hot,
//! imputation) is the job of [`crate::preprocess`], fitted on the training rows only.

use crate::dataset::Dataset;
use crate::error::{DataError, Result};
use nn_core::NamedFile;

/// The largest CSV file read: 100 MB (the course's tables are a few kB; a million rows of a
/// dozen numbers is about 100 MB).
pub const CSV_FILE_LIMIT: u64 = 100_000_000;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Cells that mean "no value": empty, `NA`, `N/A`, `NaN`, `null`, `?` (any case).
pub fn is_missing(cell: &str) -> bool {
    let c = cell.trim();
    c.is_empty() || ["na", "n/a", "nan", "null", "?"].contains(&c.to_ascii_lowercase().as_str())
}

/// Whether a feature column holds numbers or category names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Every present cell is a finite number.
    Numeric,
    /// Text categories (one-hot encoded by the preprocessor).
    Categorical,
}

/// One feature column: its name, kind, and cells (`None` = missing).
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Header name.
    pub name: String,
    /// Detected kind.
    pub kind: ColumnKind,
    /// Parsed numbers, for a numeric column (empty otherwise).
    pub numbers: Vec<Option<f64>>,
    /// Cell text, for a categorical column (empty otherwise).
    pub texts: Vec<Option<String>>,
}

impl Column {
    /// How many cells are missing.
    pub fn missing(&self) -> usize {
        match self.kind {
            ColumnKind::Numeric => self.numbers.iter().filter(|v| v.is_none()).count(),
            ColumnKind::Categorical => self.texts.iter().filter(|v| v.is_none()).count(),
        }
    }
}

/// A CSV file read into memory: feature columns, the label column turned into class indices,
/// and what was detected (see [`CsvTable::report`]).
#[derive(Debug, Clone, PartialEq)]
pub struct CsvTable {
    /// The file it came from (used in messages).
    pub path: PathBuf,
    /// Name of the label column.
    pub target: String,
    /// The feature columns, in file order, without the label column.
    pub columns: Vec<Column>,
    /// Class index of each row.
    pub labels: Vec<usize>,
    /// Class names, indexed by label: the distinct label cells, sorted (numerically when they
    /// are all numbers).
    pub class_names: Vec<String>,
}

/// Reads `path` as CSV with a header line and uses column `target` as the label.
///
/// A column is numeric when at least half of its present cells are numbers; any other cell in
/// it is then an error naming file, line and column. Other columns are categorical.
pub fn load_csv(path: impl AsRef<Path>, target: &str) -> Result<CsvTable> {
    let path = path.as_ref();
    let file = NamedFile::open(path, "CSV file", CSV_FILE_LIMIT)
        .map_err(|e| DataError::io("read", path, e))?;
    CsvTable::from_reader(std::io::BufReader::new(file), path, target)
}

fn csv_error(path: &Path, e: csv::Error) -> DataError {
    let line = e.position().map_or(0, |p| p.line());
    match e.into_kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => DataError::BadRow {
            path: path.to_path_buf(),
            line,
            expected: format!("{expected_len} fields like the header"),
            found: format!("{len}"),
        },
        csv::ErrorKind::Utf8 { err, .. } => DataError::BadRow {
            path: path.to_path_buf(),
            line,
            expected: "UTF-8 text".into(),
            found: format!("invalid bytes in field {}", err.field() + 1),
        },
        csv::ErrorKind::Io(io) => DataError::io("read", path, io),
        other => DataError::BadRow {
            path: path.to_path_buf(),
            line,
            expected: "well-formed CSV".into(),
            found: format!("{other:?}"),
        },
    }
}

impl CsvTable {
    /// Like [`load_csv`] but from any reader; `path` only names the source in messages.
    pub fn from_reader(reader: impl Read, path: &Path, target: &str) -> Result<CsvTable> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .trim(csv::Trim::All)
            .from_reader(reader);
        let header: Vec<String> = rdr
            .headers()
            .map_err(|e| csv_error(path, e))?
            .iter()
            .enumerate()
            .map(|(j, h)| {
                if h.is_empty() {
                    format!("column {}", j + 1)
                } else {
                    h.to_string()
                }
            })
            .collect();
        if header.is_empty() || (header.len() == 1 && header[0] == "column 1") {
            return Err(DataError::EmptyCsv {
                path: path.to_path_buf(),
            });
        }
        if let Some((second, first, name)) = header.iter().enumerate().find_map(|(k, h)| {
            header[..k]
                .iter()
                .position(|g| g == h)
                .map(|j| (k + 1, j + 1, h))
        }) {
            return Err(DataError::DuplicateColumn {
                path: path.to_path_buf(),
                name: name.clone(),
                first,
                second,
            });
        }
        let Some(t) = header.iter().position(|h| h == target) else {
            return Err(DataError::MissingColumn {
                path: path.to_path_buf(),
                column: target.to_string(),
                available: header.join(", "),
            });
        };
        let mut cells: Vec<Vec<String>> = vec![Vec::new(); header.len()];
        let mut lines = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| csv_error(path, e))?;
            lines.push(rec.position().map_or(0, |p| p.line()));
            for (j, c) in rec.iter().enumerate() {
                cells[j].push(c.to_string());
            }
        }
        if lines.is_empty() {
            return Err(DataError::NoDataRows {
                path: path.to_path_buf(),
            });
        }
        let bad = |j: usize, i: usize, expected: &str, found: &str| DataError::BadCell {
            path: path.to_path_buf(),
            line: lines[i],
            column: j + 1,
            name: header[j].clone(),
            expected: expected.into(),
            found: found.into(),
        };
        // Label column.
        if let Some(i) = cells[t].iter().position(|c| is_missing(c)) {
            return Err(bad(t, i, "a class label", &cells[t][i]));
        }
        let all_numbers = cells[t]
            .iter()
            .all(|c| c.parse::<f64>().is_ok_and(f64::is_finite));
        let mut class_names: Vec<String> = cells[t]
            .iter()
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if all_numbers {
            class_names.sort_by(|a, b| {
                a.parse::<f64>()
                    .unwrap_or(0.0)
                    .total_cmp(&b.parse::<f64>().unwrap_or(0.0))
            });
        }
        let index: std::collections::HashMap<&String, usize> = class_names
            .iter()
            .enumerate()
            .map(|(k, n)| (n, k))
            .collect();
        let labels = cells[t]
            .iter()
            .map(|c| index.get(c).copied().unwrap_or(0))
            .collect();
        // Feature columns.
        let mut columns = Vec::new();
        for (j, col) in cells.iter().enumerate().filter(|&(j, _)| j != t) {
            let present: Vec<&String> = col.iter().filter(|c| !is_missing(c)).collect();
            let numeric = present.iter().filter(|c| c.parse::<f64>().is_ok()).count();
            if !present.is_empty() && 2 * numeric >= present.len() {
                let mut numbers = Vec::with_capacity(col.len());
                for (i, c) in col.iter().enumerate() {
                    if is_missing(c) {
                        numbers.push(None);
                    } else {
                        match c.parse::<f64>() {
                            Ok(v) if v.is_finite() => numbers.push(Some(v)),
                            _ => {
                                return Err(bad(
                                    j,
                                    i,
                                    "a finite number (the column is numeric)",
                                    c,
                                ));
                            }
                        }
                    }
                }
                columns.push(Column {
                    name: header[j].clone(),
                    kind: ColumnKind::Numeric,
                    numbers,
                    texts: vec![],
                });
            } else {
                let texts = col
                    .iter()
                    .map(|c| (!is_missing(c)).then(|| c.clone()))
                    .collect();
                columns.push(Column {
                    name: header[j].clone(),
                    kind: ColumnKind::Categorical,
                    numbers: vec![],
                    texts,
                });
            }
        }
        Ok(CsvTable {
            path: path.to_path_buf(),
            target: header[t].clone(),
            columns,
            labels,
            class_names,
        })
    }

    /// Number of data rows.
    pub fn n(&self) -> usize {
        self.labels.len()
    }

    /// What was read: rows, classes, and each column's kind and missing count.
    pub fn report(&self) -> String {
        let mut s = format!(
            "{}: {} rows; label column {:?} with {} classes ({})\n",
            self.path.display(),
            self.n(),
            self.target,
            self.class_names.len(),
            self.class_names.join(", ")
        );
        for c in &self.columns {
            let kind = match c.kind {
                ColumnKind::Numeric => "numeric".to_string(),
                ColumnKind::Categorical => {
                    let distinct: BTreeSet<&String> = c.texts.iter().flatten().collect();
                    format!("categorical, {} categories", distinct.len())
                }
            };
            s += &format!("  column {:?}: {kind}, {} missing\n", c.name, c.missing());
        }
        s
    }
}

/// The iris file's label column.
pub const IRIS_TARGET: &str = "species";

/// Loads `datasets/iris.csv`: 4 numeric features (sepal/petal length/width in cm) and the label
/// column `species` (setosa, versicolor, virginica). Any CSV with a `species` column works.
pub fn load_iris(path: impl AsRef<Path>) -> Result<Dataset<f64>> {
    Ok(load_csv(path, IRIS_TARGET)?.to_dataset())
}

/// The titanic file's label column.
pub const TITANIC_TARGET: &str = "survived";

/// Loads `datasets/titanic.csv` (columns pclass, survived, sex, age, sibsp, parch; 263 ages
/// missing) with label `survived` (died = 0, survived = 1). Because the missing ages are filled
/// with the training median, call [`CsvTable::prepare`] to split and encode:
///
/// ```no_run
/// let p = nn_data::load_titanic("datasets/titanic.csv")?.prepare::<f64>(0.2, true, 1)?;
/// println!("{}", p.report);
/// # Ok::<(), nn_data::DataError>(())
/// ```
pub fn load_titanic(path: impl AsRef<Path>) -> Result<CsvTable> {
    load_csv(path, TITANIC_TARGET)
}
