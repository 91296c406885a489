//! The three data sources of the lesson: `datasets/iris.csv`, `datasets/titanic.csv`, and any CSV
//! a learner brings, each read and checked ([`crate::table::checked`]).

use crate::error::Result;
use crate::table::checked;
use nn_data::CsvTable;
use std::path::{Path, PathBuf};

/// The workspace's `datasets/` directory: `datasets` when run from the workspace root, otherwise
/// found from this crate's location, so it works from any current directory.
pub fn datasets_dir() -> PathBuf {
    if Path::new("datasets/iris.csv").is_file() {
        return PathBuf::from("datasets");
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../datasets");
    dir.canonicalize().unwrap_or(dir)
}

/// Iris: 150 flowers, 4 numeric features, label `species` (3 classes).
pub fn iris(path: Option<&Path>) -> Result<CsvTable> {
    let path = path.map_or_else(|| datasets_dir().join("iris.csv"), Path::to_path_buf);
    checked(
        nn_data::load_csv(path, nn_data::csv_load::IRIS_TARGET)?,
        &[],
    )
}

/// Titanic: 1309 passengers, pclass, sex, age (263 missing), sibsp, parch; label `survived`.
pub fn titanic(path: Option<&Path>) -> Result<CsvTable> {
    let path = path.map_or_else(|| datasets_dir().join("titanic.csv"), Path::to_path_buf);
    checked(nn_data::load_titanic(path)?, &[])
}

/// Any CSV with a header line, `target` naming the label column; `drop` lists columns to leave
/// out (e.g. an identifier).
pub fn any_csv(path: &Path, target: &str, drop: &[String]) -> Result<CsvTable> {
    checked(nn_data::load_csv(path, target)?, drop)
}
