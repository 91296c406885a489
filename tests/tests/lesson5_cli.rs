//! `lesson5` end to end: its JSON line, its pictures, and one clear sentence with a non-zero exit
//! for a missing file, a missing target column and an unusable column.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// Builds the `lesson5` binary once (same target directory as this test) and returns its path.
fn lesson5() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let exe = std::env::current_exe().expect("test executable path");
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("target/<profile>");
        let target_dir = profile_dir.parent().expect("target directory");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let status = Command::new(cargo)
            .args([
                "build",
                "-q",
                "-p",
                "lesson5",
                "--bin",
                "lesson5",
                "--target-dir",
            ])
            .arg(target_dir)
            .current_dir(&root)
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building lesson5 failed");
        profile_dir.join(format!("lesson5{}", std::env::consts::EXE_SUFFIX))
    })
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lesson5-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(lesson5())
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("running lesson5 in {dir:?}: {e}"))
}

/// Asserts a failure with exactly one `error:` line containing every `needle`, and no panic.
fn assert_clear_error(out: &Output, needles: &[&str]) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one sentence expected: {err}");
    assert!(lines[0].starts_with("error: "), "{err}");
    for n in needles {
        assert!(lines[0].contains(n), "expected {n:?} in: {err}");
    }
}

#[test]
fn iris_json_is_the_last_line_and_the_pictures_are_written() {
    let dir = scratch("iris");
    let out_dir = dir.join("pics");
    let out = run(
        &[
            "iris",
            "--quiet",
            "--json",
            "--out",
            out_dir.to_str().unwrap(),
        ],
        &dir,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let last = stdout.lines().last().unwrap();
    let json: serde_json::Value = serde_json::from_str(last).expect("last line is JSON");
    assert!(json["test_accuracy"].as_f64().unwrap() >= 0.95, "{json}");
    let (mean, std) = (
        json["cv_mean"].as_f64().unwrap(),
        json["cv_std"].as_f64().unwrap(),
    );
    assert!(mean > 0.9 && (0.0..0.1).contains(&std), "{json}");
    for name in ["iris_confusion.png", "iris_curves.png"] {
        let path = out_dir.join(name);
        assert!(path.is_file(), "{path:?}");
        assert!(
            stdout.contains(&format!("wrote {}", path.display())),
            "{stdout}"
        );
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn titanic_shows_the_preprocessing_steps_and_its_mistakes() {
    let dir = scratch("titanic");
    let out_dir = dir.join("pics");
    let out = run(
        &[
            "titanic",
            "--folds",
            "0",
            "--json",
            "--out",
            out_dir.to_str().unwrap(),
        ],
        &dir,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    for step in [
        "filled with 28",
        "sex → sex=female, sex=male",
        "age: μ =",
        "misclassified",
    ] {
        assert!(stdout.contains(step), "expected {step:?} in:\n{stdout}");
    }
    let json: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert!(json["test_accuracy"].as_f64().unwrap() >= 0.78, "{json}");
    assert!(
        json["cv_mean"].is_null(),
        "--folds 0 skips cross-validation: {json}"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_missing_file_is_one_clear_sentence() {
    let dir = scratch("missing");
    let file = dir.join("nope.csv");
    let out = run(
        &["csv", "--file", file.to_str().unwrap(), "--target", "y"],
        &dir,
    );
    assert_clear_error(&out, &["nope.csv", "No such file"]);
}

#[test]
fn a_missing_target_column_names_the_columns_there_are() {
    let dir = scratch("target");
    let out = run(
        &[
            "csv",
            "--file",
            "datasets/titanic.csv",
            "--target",
            "survive",
        ],
        &dir,
    );
    assert_clear_error(&out, &["\"survive\"", "survived"]);
}

#[test]
fn unusable_columns_are_named_with_what_to_do() {
    let dir = scratch("unusable");
    let ids = dir.join("ids.csv");
    let mut text = String::from("name,age,y\n");
    for i in 0..120 {
        text += &format!("p{i},{},{}\n", i % 50, i % 2);
    }
    std::fs::write(&ids, text).unwrap();
    let out = run(
        &[
            "csv",
            "--file",
            ids.to_str().unwrap(),
            "--target",
            "y",
            "--quiet",
        ],
        &dir,
    );
    assert_clear_error(&out, &["\"name\"", "--drop"]);
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "a,y\n1,x\nfoo,y\n2,x\n3,y\n").unwrap();
    let out = run(
        &["csv", "--file", bad.to_str().unwrap(), "--target", "y"],
        &dir,
    );
    assert_clear_error(&out, &["line 3", "\"foo\""]);
    std::fs::remove_dir_all(dir).ok();
}
