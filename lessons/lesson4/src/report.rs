//! What an experiment hands back to the command line, and the output directory.

use anyhow::Result;
use indicatif::ProgressBar;
use std::path::{Path, PathBuf};

/// An experiment's results: the story (printed unless `--quiet`), the key lines (always printed),
/// the files written, and the key figures as JSON (`--json`).
#[derive(Debug, Default)]
pub struct Report {
    /// Tables and explanations.
    pub story: String,
    /// The key results, one per line.
    pub summary: Vec<String>,
    /// Every file written.
    pub files: Vec<PathBuf>,
    /// The key figures.
    pub json: serde_json::Map<String, serde_json::Value>,
}

impl Report {
    /// Adds a line to the story.
    pub fn say(&mut self, text: impl AsRef<str>) {
        self.story += text.as_ref();
        self.story.push('\n');
    }

    /// Adds a key figure to the JSON.
    pub fn set(&mut self, key: &str, value: impl Into<serde_json::Value>) {
        self.json.insert(key.into(), value.into());
    }

    /// The JSON line: the key figures and the files.
    pub fn json_line(&self, experiment: &str) -> String {
        let mut m = serde_json::Map::new();
        m.insert("lesson".into(), 4.into());
        m.insert("experiment".into(), experiment.into());
        m.extend(self.json.clone());
        let files: Vec<String> = self.files.iter().map(|f| f.display().to_string()).collect();
        m.insert("files".into(), files.into());
        serde_json::Value::Object(m).to_string()
    }
}

/// Creates the output directory and proves it writable (naming `--out` if not), after the
/// experiment's own flags were checked and before any training; returns it.
pub fn out_dir(dir: &Path) -> Result<&Path> {
    nn_course::cli::check_out_dir(dir)?;
    Ok(dir)
}

/// A progress bar on stderr (the course's one bar), or a hidden one when `quiet`.
pub fn bar(quiet: bool, len: u64, what: &str) -> ProgressBar {
    nn_course::progress::bar(!quiet, len, what)
}

/// Percent with one decimal: 0.9712 → "97.1%".
pub fn pct(v: f64) -> String {
    format!("{:.1}%", 100.0 * v)
}
