//! `cargo homework` end to end, quickly. On tiny workspaces of its own (no dependencies, so a
//! build takes a second or two) it must report ✅ ❌ ⏳ exactly as the tests say — with the
//! check's message, the original panic and the learner's line, the helper a test is waiting on,
//! the compiler's first error, and a test that never ends stopped at the time limit — set exit
//! codes, and keep stdout of `--json` for the JSON. On this repository it must list every
//! registered exercise, one build and one run per lesson; there a stand-in cargo answers, since
//! building every lesson's tests takes minutes (CI runs the real `cargo homework --json`).

mod support_l12;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use support_l12::{assert_one_sentence, bin, root, text};

fn homework_command(args: &[&str], dir: &Path) -> Command {
    let mut command = Command::new(bin("nn-homework", "nn-homework"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("NN_HOMEWORK_TARGET_DIR")
        .env_remove("NN_HOMEWORK_TIMEOUT")
        .env_remove("CARGO_TARGET_DIR")
        // English, whatever the machine's locale (a ja_JP one would switch to Japanese).
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    command
}

fn homework(args: &[&str], dir: &Path, target: &Path) -> Output {
    homework_command(args, dir)
        .env("NN_HOMEWORK_TARGET_DIR", target)
        .output()
        .expect("nn-homework runs")
}

/// Runs `command`, failing (instead of hanging) if it has not finished after `seconds`.
fn output_within(mut command: Command, seconds: u64) -> Output {
    let child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("nn-homework runs");
    let id = child.id();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || send.send(child.wait_with_output()));
    match receive.recv_timeout(std::time::Duration::from_secs(seconds)) {
        Ok(out) => out.expect("nn-homework runs"),
        Err(_) => {
            let _ = Command::new("kill").arg(id.to_string()).status();
            panic!("cargo homework did not finish in {seconds} s");
        }
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The JSON list on stdout (all of stdout) as (id, status, message).
fn statuses(out: &Output) -> Vec<(String, String, String)> {
    let (stdout, stderr) = text(out);
    assert!(out.status.success(), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("stdout is not just JSON ({e}): {stdout}"));
    json.as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or_default().to_string();
            (s("id"), s("status"), s("message"))
        })
        .collect()
}

// The learner's file of the tiny lesson. Line numbers matter: `helper`'s todo is on line 4,
// `product` calls the dependency on line 8.
const HOMEWORK: &str = "\
pub fn good() -> u8 { 1 }
pub fn bad() -> u8 { 2 }
pub fn later() -> u8 { todo!(\"later: write me\") }
pub fn helper() -> u8 { todo!() }
pub fn waits() -> u8 { helper() + 1 }
pub fn product() -> f64 {
    let a = [1.0, 2.0];
    dep::dot(&a, &[1.0])
}
pub fn slow() -> u8 {
    loop {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
";

// Like the course's check helpers: a panic in the learner's code becomes an error with the
// check's own words, except todo!'s, which is passed on.
const LIB: &str = "\
pub mod homework;
pub fn call<R>(what: &str, f: impl FnOnce() -> R) -> R {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(p) if p.downcast_ref::<&str>().is_some_and(|s| s.contains(\"not yet implemented\")) => {
            std::panic::resume_unwind(p)
        }
        Err(p) if p.downcast_ref::<String>().is_some_and(|s| s.contains(\"not yet implemented\")) => {
            std::panic::resume_unwind(p)
        }
        Err(_) => panic!(\"{what} panicked (with a = [1, 2])\"),
    }
}
";

/// A tiny workspace: a dependency that panics like nalgebra (no caller location), and one
/// lesson per entry of `lessons` with the exercises `ids` (each a test in tests/homework.rs).
fn tiny_workspace(dir: &Path, lessons: &[(&str, &[&str])]) {
    let members: Vec<String> = lessons
        .iter()
        .map(|(l, _)| format!("\"lessons/{l}\""))
        .collect();
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"3\"\nmembers = [\"dep\", {}]\n",
            members.join(", ")
        ),
    );
    write(
        &dir.join("dep/Cargo.toml"),
        "[package]\nname = \"dep\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
    );
    write(
        &dir.join("dep/src/lib.rs"),
        "pub fn dot(a: &[f64], b: &[f64]) -> f64 {\n    assert!(a.len() == b.len(), \"dot: dimensions mismatch.\");\n    a.iter().zip(b).map(|(x, y)| x * y).sum()\n}\n",
    );
    let mut registry = String::from("# test registry\n");
    for (lesson, ids) in lessons {
        let dir = dir.join("lessons").join(lesson);
        write(
            &dir.join("Cargo.toml"),
            &format!(
                "[package]\nname = \"{lesson}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\ndep = {{ path = \"../../dep\" }}\n"
            ),
        );
        write(&dir.join("src/lib.rs"), LIB);
        write(&dir.join("src/homework.rs"), HOMEWORK);
        let tests: String = ids
            .iter()
            .map(|id| {
                // `good_y` is checked like `good` (exercise ids are unique across lessons).
                let check = match id.trim_end_matches("_y") {
                    "good" => "assert_eq!(call(\"good\", homework::good), 1);",
                    "bad" => {
                        "assert_eq!(call(\"bad\", homework::bad), 1, \"bad() should return 1\");"
                    }
                    "waits" => "assert_eq!(call(\"waits\", homework::waits), 2);",
                    "product" => "call(\"`product`\", homework::product);",
                    "later" => "call(\"later\", homework::later);",
                    "slow" => "call(\"slow\", homework::slow);",
                    other => panic!("no test for {other}"),
                };
                format!("#[test]\nfn {id}() {{ {check} }}\n")
            })
            .collect();
        write(
            &dir.join("tests/homework.rs"),
            &format!("use {lesson}::{{call, homework}};\n{tests}"),
        );
        for id in *ids {
            registry += &format!(
                "[[exercise]]\nid = \"{id}\"\nlesson = \"{lesson}\"\nfile = \"lessons/{lesson}/src/homework.rs\"\nbook = \"nowhere\"\nhint = \"the hint of {id}\"\nhint_ja = \"{id} のヒント\"\n\n"
            );
        }
    }
    write(&dir.join("exercises.toml"), &registry);
}

#[test]
fn reports_what_the_tests_say_on_a_tiny_workspace() {
    let tmp = tempfile::tempdir().unwrap();
    let (ws, target) = (tmp.path().join("ws"), tmp.path().join("target"));
    let ids: &[&str] = &["good", "bad", "later", "waits", "product"];
    tiny_workspace(&ws, &[("lessonx", ids)]);
    // Run from a subdirectory: the workspace root is found by walking up.
    let sub = ws.join("lessons/lessonx/src");

    let out = homework(&["--json"], &sub, &target);
    let list = statuses(&out);
    let got: Vec<(&str, &str)> = list
        .iter()
        .map(|(id, s, _)| (id.as_str(), s.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("good", "passing"),
            ("bad", "failing"),
            ("later", "not_started"),
            ("waits", "waiting"),
            ("product", "failing"),
        ]
    );
    assert!(list[1].2.contains("bad() should return 1"), "{list:?}");
    assert!(
        list[3]
            .2
            .contains("calls `helper`, which is not written yet"),
        "{list:?}"
    );
    // The check's words, the original panic (inside the dependency), and the learner's line,
    // found in the backtrace; never the dependency's own location.
    assert_eq!(
        list[4].2,
        "`product` panicked (with a = [1, 2])\n  the first panic: dot: dimensions mismatch.\n  at lessons/lessonx/src/homework.rs:8:5"
    );
    // Progress goes to stderr, one line per step when stderr is not a terminal.
    let (_, stderr) = text(&out);
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            "cargo homework: building lessonx's tests…",
            "cargo homework: running lessonx's tests (time limit 20 s)…"
        ]
    );

    let (list, _) = text(&homework(&[], &sub, &target));
    for needle in [
        "✅ good",
        "❌ bad",
        "bad() should return 1",
        "hint: the hint of bad",
        "⏳ later",
        "⏳ waits",
        "waiting for `helper` (still todo!)",
        "1 ✅ passing, 2 ❌ failing, 2 ⏳ not started",
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

    // A learner's syntax error: every exercise of the lesson fails, with the compiler's words.
    write(
        &ws.join("lessons/lessonx/src/homework.rs"),
        &format!("{HOMEWORK}\npub fn broken( {{\n"),
    );
    let (broken, _) = text(&homework(&["check", "good"], &sub, &target));
    assert!(
        broken.contains("❌ good") && broken.contains("does not compile"),
        "{broken}"
    );
    assert!(
        broken.contains("lessons/lessonx/src/homework.rs:1"),
        "no location: {broken}"
    );
}

/// Processes whose executable lies under `dir` (Linux).
fn running_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| std::fs::read_link(e.path().join("exe")).ok())
        .filter(|exe| exe.starts_with(dir))
        .collect()
}

#[test]
fn a_lesson_that_does_not_compile_or_never_ends_stops_no_other() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    tiny_workspace(
        &ws,
        &[
            ("lessonx", &["good", "bad"]),
            ("lessony", &["good_y", "slow"]),
        ],
    );
    // A type error in lessonx.
    write(
        &ws.join("lessons/lessonx/src/homework.rs"),
        &HOMEWORK.replace("pub fn bad() -> u8 { 2 }", "pub fn bad() -> u8 { \"2\" }"),
    );

    // The default build directory is the workspace's own target/ (no target/homework); the
    // flag's time limit wins over the environment's.
    let mut command = homework_command(&["--json", "--timeout", "1"], &ws);
    command.env("NN_HOMEWORK_TIMEOUT", "30");
    let start = std::time::Instant::now();
    let out = output_within(command, 60);
    let took = start.elapsed();
    let list = statuses(&out);
    let got: Vec<(&str, &str)> = list
        .iter()
        .map(|(id, s, _)| (id.as_str(), s.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("good", "does_not_compile"),
            ("bad", "does_not_compile"),
            ("good_y", "passing"),
            ("slow", "failing"),
        ]
    );
    assert!(
        list[0]
            .2
            .starts_with("lessons/lessonx/src/homework.rs:2:22: error[E0308]: mismatched types"),
        "{list:?}"
    );
    assert_eq!(
        list[3].2,
        "`slow` did not finish in 1 s — is there a loop in `slow` (or in a function it calls) \
         that never ends?"
    );
    assert!(ws.join("target/debug").is_dir() && !ws.join("target/homework").exists());
    assert!(took < std::time::Duration::from_secs(25), "took {took:?}");
    // The stopped test binary is gone with its process group.
    assert_eq!(running_under(tmp.path()), Vec::<PathBuf>::new());

    // The list shows the compiler's error once, under the lesson's first exercise.
    let (listed, _) = text(&output_within(
        homework_command(&["--timeout", "1"], &ws),
        60,
    ));
    assert_eq!(listed.matches("error[E0308]").count(), 1, "{listed}");
    assert!(
        listed.contains("❌ slow") && listed.contains("did not finish in 1 s"),
        "{listed}"
    );

    assert_one_sentence(
        &homework_command(&[], &ws)
            .env("NN_HOMEWORK_TIMEOUT", "soon")
            .output()
            .unwrap(),
        &[
            "NN_HOMEWORK_TIMEOUT",
            "positive number of seconds",
            "\"soon\"",
        ],
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

#[cfg(unix)]
fn write_script(path: &Path, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    write(path, &format!("#!/bin/sh\n{body}"));
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
#[cfg(unix)]
fn lists_every_exercise_of_this_repository() {
    let registry = std::fs::read_to_string(root().join("exercises.toml")).unwrap();
    let ids: Vec<&str> = registry
        .lines()
        .filter_map(|l| l.strip_prefix("id = \"")?.strip_suffix('"'))
        .collect();
    let lessons: Vec<&str> = registry
        .lines()
        .filter_map(|l| l.strip_prefix("lesson = \"")?.strip_suffix('"'))
        .collect();
    assert_eq!(ids.len(), lessons.len());
    assert_eq!(
        ids.len(),
        registry
            .lines()
            .filter(|l| l.trim() == "[[exercise]]")
            .count()
    );

    // A stand-in cargo: `cargo test --no-run --message-format=json` names a test binary that
    // reports every exercise it is given as a `todo!` (as on a fresh checkout).
    let tmp = tempfile::tempdir().unwrap();
    let (cargo, tests, log) = (
        tmp.path().join("cargo"),
        tmp.path().join("tests"),
        tmp.path().join("log"),
    );
    write_script(
        &cargo,
        &format!(
            "echo \"$*\" >> '{log}'\nprintf '{{\"reason\":\"compiler-artifact\",\"target\":{{\"kind\":[\"test\"],\"name\":\"homework\"}},\"executable\":\"{tests}\",\"manifest_path\":\"{root}/lessons/%s/Cargo.toml\"}}\\n' \"$3\"\n",
            log = log.display(),
            tests = tests.display(),
            root = root().display()
        ),
    );
    write_script(
        &tests,
        "shift 2\nfor id in \"$@\"; do echo \"test $id ... FAILED\"; done\necho; echo failures:\n\
         for id in \"$@\"; do printf '\\n---- %s stdout ----\\n\\nthread '\"'\"'%s'\"'\"' (1) panicked at src/homework.rs:1:1:\\nnot yet implemented: %s: stub\\n' \"$id\" \"$id\" \"$id\"; done\nexit 101\n",
    );
    let out = homework_command(&["--json"], &root())
        .env("CARGO", &cargo)
        .output()
        .unwrap();
    let list = statuses(&out);
    let listed: Vec<&str> = list.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(listed, ids, "every exercise, in the registry's order");
    for (id, status, message) in &list {
        assert_eq!(status, "not_started", "{id}: {message}");
        assert_eq!(message, &format!("not yet implemented: {id}: stub"));
    }
    // One build per lesson, in course order, each naming that lesson.
    let mut course: Vec<&str> = lessons.clone();
    course.dedup();
    let builds: Vec<String> = course
        .iter()
        .map(|l| format!("test -p {l} --test homework --no-run --message-format=json"))
        .collect();
    assert_eq!(
        std::fs::read_to_string(&log)
            .unwrap()
            .lines()
            .collect::<Vec<_>>(),
        builds
    );

    let (hint, _) = text(
        &homework_command(&["hint", "calc_r_cross_entropy"], &root())
            .output()
            .unwrap(),
    );
    assert!(
        hint.contains("−t_ij / (n x_ij)") && hint.contains("book/src/lesson2.md"),
        "{hint}"
    );
}
