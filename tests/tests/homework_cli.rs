//! `cargo homework` end to end. On a tiny workspace of its own (one passing, one failing, one
//! `todo!` exercise) it must report ✅ ❌ ⏳ exactly as the tests say, with the check's message
//! and the hint, set exit codes, and report a compile error honestly; on this repository it must
//! list every registered exercise.

mod support_l12;

use std::path::Path;
use support_l12::{assert_one_sentence, bin, root, text};

fn homework(args: &[&str], dir: &Path, target: &Path) -> std::process::Output {
    std::process::Command::new(bin("nn-homework", "nn-homework"))
        .args(args)
        .current_dir(dir)
        .env("NN_HOMEWORK_TARGET_DIR", target)
        .output()
        .expect("nn-homework runs")
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

// `later` panics with the message of an unfinished stub ("not yet implemented: …").
const LIB: &str = "pub fn good() -> u8 { 1 }\npub fn bad() -> u8 { 2 }\npub fn later() -> u8 { panic!(\"not yet implemented: later: write me\") }\n";

fn tiny_workspace(dir: &Path) {
    write(
        &dir.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"lessons/lessonx\"]\n",
    );
    write(
        &dir.join("lessons/lessonx/Cargo.toml"),
        "[package]\nname = \"lessonx\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
    );
    write(&dir.join("lessons/lessonx/src/lib.rs"), LIB);
    write(
        &dir.join("lessons/lessonx/tests/homework.rs"),
        "#[test]\nfn good() { assert_eq!(lessonx::good(), 1); }\n\
         #[test]\nfn bad() { assert_eq!(lessonx::bad(), 1, \"bad() should return 1\"); }\n\
         #[test]\nfn later() { lessonx::later(); }\n",
    );
    let mut registry = String::from("# test registry\n");
    for id in ["good", "bad", "later"] {
        registry += &format!(
            "[[exercise]]\nid = \"{id}\"\nlesson = \"lessonx\"\nfile = \"lessons/lessonx/src/lib.rs\"\nbook = \"nowhere\"\nhint = \"the hint of {id}\"\n\n"
        );
    }
    write(&dir.join("exercises.toml"), &registry);
}

#[test]
fn reports_what_the_tests_say_on_a_tiny_workspace() {
    let tmp = tempfile::tempdir().unwrap();
    let (ws, target) = (tmp.path().join("ws"), tmp.path().join("target"));
    tiny_workspace(&ws);
    // Run from a subdirectory: the workspace root is found by walking up.
    let sub = ws.join("lessons/lessonx/src");

    let out = homework(&["--json"], &sub, &target);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    let statuses: Vec<(&str, &str)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap(), e["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("good", "passing"),
            ("bad", "failing"),
            ("later", "not_started")
        ]
    );
    assert_eq!(json[0]["lesson"], "lessonx");

    let (list, _) = text(&homework(&[], &sub, &target));
    for needle in [
        "✅ good",
        "❌ bad",
        "bad() should return 1",
        "hint: the hint of bad",
        "⏳ later",
        "1 ✅ passing, 1 ❌ failing, 1 ⏳ not started",
    ] {
        assert!(list.contains(needle), "list lacks {needle:?}:\n{list}");
    }
    assert!(!list.contains("the hint of good"), "{list}");

    assert_eq!(
        homework(&["check", "good"], &sub, &target).status.code(),
        Some(0)
    );
    let bad = homework(&["check", "bad"], &sub, &target);
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad).0.contains("bad() should return 1"));
    let later = homework(&["check", "later"], &sub, &target);
    assert_eq!(later.status.code(), Some(1));
    assert!(
        text(&later)
            .0
            .contains("not yet implemented: later: write me")
    );
    let (hint, _) = text(&homework(&["hint", "later"], &sub, &target));
    assert!(
        hint.contains("the hint of later") && hint.contains("--include-ignored --exact later"),
        "{hint}"
    );
    assert_one_sentence(
        &homework(&["check", "nope"], &sub, &target),
        &["no exercise \"nope\"", "good, bad, later"],
    );

    // A learner's syntax error: every exercise of the lesson fails, saying so.
    write(
        &ws.join("lessons/lessonx/src/lib.rs"),
        &format!("{LIB}\npub fn broken( {{\n"),
    );
    let (broken, _) = text(&homework(&["check", "good"], &sub, &target));
    assert!(
        broken.contains("❌ good") && broken.contains("could not build the lesson"),
        "{broken}"
    );
}

#[test]
fn refuses_to_run_outside_a_workspace() {
    let tmp = tempfile::tempdir().unwrap();
    assert_one_sentence(
        &homework(&[], tmp.path(), &tmp.path().join("t")),
        &["no Cargo workspace found"],
    );
}

#[test]
fn lists_every_exercise_of_this_repository() {
    let registry = std::fs::read_to_string(root().join("exercises.toml")).unwrap();
    let count = registry
        .lines()
        .filter(|l| l.trim() == "[[exercise]]")
        .count();
    // The same target directory as this test: the lessons are mostly built already.
    let target = support_l12::profile_dir().parent().unwrap().to_path_buf();
    let out = homework(&["--json"], &root(), &target);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), count);
    for e in list {
        // Whatever the learner has done so far, every status is one of the three.
        let s = e["status"].as_str().unwrap();
        assert!(["passing", "failing", "not_started"].contains(&s), "{e}");
        assert!(registry.contains(&format!("id = \"{}\"", e["id"].as_str().unwrap())));
    }
    let (hint, _) = text(&homework(
        &["hint", "calc_r_cross_entropy"],
        &root(),
        &target,
    ));
    assert!(
        hint.contains("−t_ij / (n x_ij)") && hint.contains("book/src/lesson2.md"),
        "{hint}"
    );
}
