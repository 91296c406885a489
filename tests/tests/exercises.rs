//! Each exercise is declared in one place per kind of thing, and the places agree: its entry in
//! exercises.toml (id, lesson, file, hint, book section), its stub in the learner's
//! `src/homework.rs`, its reference solution in `solutions/homework.rs`, and its line in the
//! lesson's `homework_tests!` (the test `cargo homework` runs). This test fails, naming the
//! exercise, when one of them is missing or left over.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

#[derive(Debug, serde::Deserialize)]
struct Registry {
    exercise: Vec<Exercise>,
}

#[derive(Debug, serde::Deserialize)]
struct Exercise {
    id: String,
    lesson: String,
    file: String,
    hint: String,
    book: String,
    test: Option<String>,
}

fn registry() -> Registry {
    let text = std::fs::read_to_string(root().join("exercises.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

/// The names of the `pub fn`s of a Rust file.
fn pub_fns(path: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix("pub fn "))
        .map(|rest| {
            rest.split(['(', '<'])
                .next()
                .unwrap_or("")
                .trim()
                .to_string()
        })
        .collect()
}

/// The ids listed in a lesson's `homework_tests! { id => check, … }`.
fn test_ids(path: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let body = text
        .split("homework_tests!")
        .nth(1)
        .unwrap_or_else(|| panic!("{} has no homework_tests! block", path.display()));
    body.lines()
        .filter_map(|l| l.split_once("=>").map(|(id, _)| id.trim().to_string()))
        .collect()
}

#[test]
fn registry_stubs_solutions_and_tests_agree() {
    let reg = registry();
    let root = root();
    let lessons: BTreeSet<&str> = reg.exercise.iter().map(|e| e.lesson.as_str()).collect();
    let mut problems = Vec::new();
    let mut ids = BTreeSet::new();
    for e in &reg.exercise {
        if !ids.insert(&e.id) {
            problems.push(format!("{} is registered twice", e.id));
        }
        let dir = root.join("lessons").join(&e.lesson);
        if e.file != format!("lessons/{}/src/homework.rs", e.lesson) {
            problems.push(format!(
                "{}: file = {:?} is not its lesson's homework.rs",
                e.id, e.file
            ));
        }
        if e.hint.trim().len() < 40 {
            problems.push(format!("{}: the hint is too short to help", e.id));
        }
        if !e.book.starts_with(&format!("book/src/{}.md", e.lesson)) {
            problems.push(format!(
                "{}: book = {:?} is not its lesson's chapter",
                e.id, e.book
            ));
        }
        if e.test.as_deref().is_some_and(|t| t != "homework") {
            problems.push(format!(
                "{}: test = {:?}; every exercise's test is in tests/homework.rs",
                e.id, e.test
            ));
        }
        for (what, path) in [
            ("stub", dir.join("src/homework.rs")),
            ("solution", dir.join("solutions/homework.rs")),
        ] {
            if !pub_fns(&path).contains(&e.id) {
                problems.push(format!(
                    "{}: no `pub fn {}` {what} in {}",
                    e.id,
                    e.id,
                    path.display()
                ));
            }
        }
        if !test_ids(&dir.join("tests/homework.rs")).contains(&e.id) {
            problems.push(format!("{}: not in {}'s homework_tests!", e.id, e.lesson));
        }
    }
    // Nothing left over: every stub and every test is registered.
    for lesson in lessons {
        let dir = root.join("lessons").join(lesson);
        let registered: BTreeSet<String> = reg
            .exercise
            .iter()
            .filter(|e| e.lesson == lesson)
            .map(|e| e.id.clone())
            .collect();
        for (what, found) in [
            ("stub", pub_fns(&dir.join("src/homework.rs"))),
            ("solution", pub_fns(&dir.join("solutions/homework.rs"))),
            ("test", test_ids(&dir.join("tests/homework.rs"))),
        ] {
            for extra in found.difference(&registered) {
                problems.push(format!(
                    "{lesson}: {what} `{extra}` is not in exercises.toml"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "the exercises disagree:\n  {}",
        problems.join("\n  ")
    );
    assert!(reg.exercise.len() >= 20, "{} exercises", reg.exercise.len());
}

#[test]
fn the_agreement_check_finds_a_missing_stub() {
    // The parsers see what they should: a stub file without one of its functions is caught.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("homework.rs");
    std::fs::write(
        &path,
        "pub fn a(x: f64) -> f64 {\n    todo!()\n}\nfn helper() {}\npub fn b<T>() {}\n",
    )
    .unwrap();
    let found = pub_fns(&path);
    assert_eq!(found, BTreeSet::from(["a".to_string(), "b".to_string()]));
    std::fs::write(
        &path,
        "nn_course::homework_tests! {\n    a => checks::check_a,\n}\n",
    )
    .unwrap();
    assert_eq!(test_ids(&path), BTreeSet::from(["a".to_string()]));
}
