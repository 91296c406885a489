//! Running exercises' tests through cargo, one `cargo test` per lesson.

use crate::parse::{Status, status_of};
use crate::registry::Exercise;
use anyhow::{Context, Result};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `cargo test` for exercises from the workspace root.
#[derive(Debug, Clone)]
pub struct Runner {
    /// The workspace root (cargo runs there).
    pub root: PathBuf,
    /// The cargo to run: `$CARGO` (set by `cargo run`), else `cargo`.
    pub cargo: OsString,
    /// The child's own target directory. `cargo homework` is itself run by cargo, so the tests
    /// build in a separate directory — `$NN_HOMEWORK_TARGET_DIR`, else `$CARGO_TARGET_DIR/homework`,
    /// else `target/homework` — and never wait for the build lock of the cargo that started us.
    pub target_dir: PathBuf,
}

impl Runner {
    /// A runner for the workspace at `root`, configured from the environment.
    pub fn new(root: &Path) -> Self {
        let target_dir = match (
            std::env::var_os("NN_HOMEWORK_TARGET_DIR"),
            std::env::var_os("CARGO_TARGET_DIR"),
        ) {
            (Some(dir), _) => PathBuf::from(dir),
            (None, Some(dir)) => PathBuf::from(dir).join("homework"),
            (None, None) => root.join("target").join("homework"),
        };
        Runner {
            root: root.to_path_buf(),
            cargo: std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()),
            target_dir,
        }
    }

    /// The arguments of the cargo command that runs `ids` of one lesson's test target:
    /// `test -p LESSON --test TEST -- --include-ignored --exact ID…`.
    pub fn args(lesson: &str, test: &str, ids: &[&str]) -> Vec<String> {
        let mut args: Vec<String> = [
            "test",
            "-p",
            lesson,
            "--test",
            test,
            "--",
            "--include-ignored",
            "--exact",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.extend(ids.iter().map(|s| s.to_string()));
        args
    }

    /// The command line a learner can paste to run one exercise's test themselves.
    pub fn display(e: &Exercise) -> String {
        format!(
            "cargo {}",
            Self::args(&e.lesson, &e.test, &[&e.id]).join(" ")
        )
    }

    /// Runs the tests of `exercises` (one cargo call per lesson and test target, in order of
    /// first appearance) and returns each exercise's status, in the given order.
    /// `progress` is called with each lesson before its tests run.
    pub fn check(
        &self,
        exercises: &[&Exercise],
        mut progress: impl FnMut(&str),
    ) -> Result<Vec<Status>> {
        let mut groups: Vec<(&str, &str)> = Vec::new();
        for e in exercises {
            if !groups.contains(&(e.lesson.as_str(), e.test.as_str())) {
                groups.push((&e.lesson, &e.test));
            }
        }
        let mut outputs = Vec::new();
        for (lesson, test) in groups {
            progress(lesson);
            let ids: Vec<&str> = exercises
                .iter()
                .filter(|e| e.lesson == lesson && e.test == test)
                .map(|e| e.id.as_str())
                .collect();
            let out = Command::new(&self.cargo)
                .args(Self::args(lesson, test, &ids))
                .current_dir(&self.root)
                .env("CARGO_TARGET_DIR", &self.target_dir)
                .env("RUST_BACKTRACE", "0")
                .env("CARGO_TERM_COLOR", "never")
                .output()
                .with_context(|| format!("could not run {:?}", self.cargo))?;
            let text = format!(
                "{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            outputs.push(((lesson, test), text));
        }
        Ok(exercises
            .iter()
            .map(|e| {
                let text = outputs
                    .iter()
                    .find(|(k, _)| *k == (e.lesson.as_str(), e.test.as_str()))
                    .map_or("", |(_, t)| t.as_str());
                status_of(text, &e.id)
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_runs_exactly_the_exercise_including_ignored() {
        let e = Exercise {
            id: "hm_relu".into(),
            lesson: "lesson1".into(),
            file: "f".into(),
            test: "homework".into(),
            book: "b".into(),
            hint: "h".into(),
        };
        assert_eq!(
            Runner::display(&e),
            "cargo test -p lesson1 --test homework -- --include-ignored --exact hm_relu"
        );
    }
}
