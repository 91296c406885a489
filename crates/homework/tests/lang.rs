//! `cargo homework` in Japanese, end to end: the built binary, run in this repository (or outside
//! any workspace), with `--lang` or a locale. Nothing here builds a lesson: `hint` and unknown ids
//! only read the registry, and the list is answered by a stand-in cargo whose test binary reports
//! every exercise as `todo!` (as on a fresh checkout).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (this crate is crates/homework).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The checker with `args` in `dir`, the locale variables cleared, then `env` set.
fn homework(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_nn-homework"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env_remove("NN_HOMEWORK_TIMEOUT")
        .env_remove("NN_HOMEWORK_TARGET_DIR");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("nn-homework runs")
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn kana(text: &str) -> bool {
    text.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c))
}

#[test]
fn the_hint_is_japanese_with_the_flag_or_a_japanese_locale() {
    let flag = homework(&["--lang", "ja", "hint", "hm_relu"], &root(), &[]);
    let (hint, err) = text(&flag);
    assert!(flag.status.success(), "{err}");
    assert!(kana(&hint), "{hint}");
    assert!(
        hint.starts_with("hm_relu（lesson1、lessons/lesson1/src/homework.rs）"),
        "{hint}"
    );
    assert!(hint.contains("ReLU は各成分に一つずつ働く"), "{hint}");
    // The code in the hint is the English hint's, character for character.
    assert!(hint.contains("a.map(|v| …)"), "{hint}");
    assert!(
        hint.contains("確かめる: cargo homework --lang ja check hm_relu"),
        "{hint}"
    );
    assert!(!hint.contains("works on each entry"), "{hint}");

    // The locale, when no flag is given; the same page, with the plain command.
    let locale = homework(&["hint", "hm_relu"], &root(), &[("LANG", "ja_JP.UTF-8")]);
    let (by_locale, _) = text(&locale);
    assert_eq!(
        by_locale,
        hint.replace("cargo homework --lang ja", "cargo homework")
    );

    // --lang en beats a Japanese locale, and no locale at all is English.
    for out in [
        homework(
            &["--lang", "en", "hint", "hm_relu"],
            &root(),
            &[("LC_ALL", "ja_JP.UTF-8")],
        ),
        homework(&["hint", "hm_relu"], &root(), &[("LANG", "C")]),
        homework(&["hint", "hm_relu"], &root(), &[]),
    ] {
        let (english, _) = text(&out);
        assert!(
            english.contains("ReLU works on each entry on its own") && !kana(&english),
            "{english}"
        );
    }
}

#[test]
fn json_keeps_its_keys_and_adds_the_japanese_hint() {
    let out = homework(&["--lang", "ja", "--json", "hint", "hm_relu"], &root(), &[]);
    let (stdout, err) = text(&out);
    assert!(out.status.success(), "{err}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("stdout is JSON alone");
    let mut keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["book", "file", "hint", "hint_ja", "id", "lesson"]);
    assert!(json["hint"].as_str().unwrap().starts_with("ReLU works"));
    assert!(kana(json["hint_ja"].as_str().unwrap()));
}

#[test]
fn an_unknown_lang_is_refused_before_any_work_in_one_sentence() {
    // Outside any workspace: had it looked for one first, it would say so instead.
    let dir = tempfile::tempdir().unwrap();
    let out = homework(&["--lang", "fr", "hint", "hm_relu"], dir.path(), &[]);
    let (stdout, err) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(stdout.is_empty(), "{stdout}");
    assert_eq!(
        err,
        "cargo homework: --lang must be en (English) or ja (日本語), not \"fr\"\n"
    );
}

#[test]
fn the_checkers_own_errors_are_japanese_too() {
    let (_, err) = text(&homework(&["--lang", "ja", "check", "nope"], &root(), &[]));
    assert!(
        err.starts_with("cargo homework: 課題 \"nope\" はない。課題は次のとおり: matrix_multi, "),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let (_, err) = text(&homework(&[], dir.path(), &[("LANG", "ja_JP.UTF-8")]));
    assert!(err.contains("Cargo ワークスペースが見つからない"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[cfg(unix)]
fn write_script(path: &Path, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, format!("#!/bin/sh\n{body}")).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
#[cfg(unix)]
fn a_fresh_checkout_lists_every_exercise_not_started_in_japanese() {
    // A stand-in cargo: `cargo test --no-run --message-format=json` names a test binary that
    // reports every exercise it is given as a `todo!`.
    let tmp = tempfile::tempdir().unwrap();
    let (cargo, tests) = (tmp.path().join("cargo"), tmp.path().join("tests"));
    write_script(
        &cargo,
        &format!(
            "printf '{{\"reason\":\"compiler-artifact\",\"target\":{{\"kind\":[\"test\"],\"name\":\"homework\"}},\"executable\":\"{tests}\",\"manifest_path\":\"{root}/lessons/%s/Cargo.toml\"}}\\n' \"$3\"\n",
            tests = tests.display(),
            root = root().display()
        ),
    );
    write_script(
        &tests,
        "shift 2\nfor id in \"$@\"; do echo \"test $id ... FAILED\"; done\necho; echo failures:\n\
         for id in \"$@\"; do printf '\\n---- %s stdout ----\\n\\nthread '\"'\"'%s'\"'\"' (1) panicked at src/homework.rs:1:1:\\nnot yet implemented: %s: stub\\n' \"$id\" \"$id\" \"$id\"; done\nexit 101\n",
    );
    let cargo = cargo.to_str().unwrap();
    let out = homework(&["--lang", "ja"], &root(), &[("CARGO", cargo)]);
    let (list, err) = text(&out);
    assert!(out.status.success(), "{err}");
    let registry = std::fs::read_to_string(root().join("exercises.toml")).unwrap();
    let ids: Vec<&str> = registry
        .lines()
        .filter_map(|l| l.strip_prefix("id = \"")?.strip_suffix('"'))
        .collect();
    for id in &ids {
        assert!(
            list.lines()
                .any(|l| l.starts_with(&format!("  ⏳ {id} "))
                    && l.ends_with("未着手（todo! のまま）")),
            "{id} is not listed as not started:\n{list}"
        );
    }
    let n = ids.len();
    assert!(
        list.contains(&format!(
            "課題 {n} 問: ✅ 合格 0、❌ 不合格 0、⏳ 未着手 {n}。\n次: lessons/lesson1/src/homework.rs の matrix_multi — ヒントは `cargo homework --lang ja hint matrix_multi`"
        )),
        "{list}"
    );
    // Progress on stderr, in Japanese too.
    assert!(
        err.lines().next() == Some("cargo homework: lesson1 のテストをビルドしている…"),
        "{err}"
    );
    assert!(
        err.contains("cargo homework: lesson1 のテストを実行している（制限時間 20 秒）…"),
        "{err}"
    );

    // --json: the same keys and statuses in any language.
    let out = homework(&["--lang", "ja", "--json"], &root(), &[("CARGO", cargo)]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), n);
    for entry in list {
        let mut keys: Vec<&str> = entry
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["id", "lesson", "message", "status"]);
        assert_eq!(entry["status"], "not_started");
    }
}

#[test]
fn the_help_is_japanese_with_the_flag_or_a_japanese_locale() {
    use nn_homework::help::{ABOUT, COMMANDS, ID, OPTIONS};
    let out = homework(&["--lang", "ja", "--help"], &root(), &[]);
    let (help, err) = text(&out);
    assert!(out.status.success(), "{err}");
    assert!(help.starts_with(ABOUT), "{help}");
    assert!(
        help.contains("使い方: cargo homework [OPTIONS] [COMMAND]"),
        "{help}"
    );
    for (name, text) in COMMANDS.iter().chain(&OPTIONS) {
        assert!(
            help.contains(text),
            "{name} is not described in Japanese: {help}"
        );
    }
    assert!(
        help.contains("-h, --help") && help.contains("ヘルプを表示する"),
        "{help}"
    );
    for english in [
        "Usage:",
        "Options:",
        "Commands:",
        "Print help",
        "Check every exercise",
    ] {
        assert!(!help.contains(english), "{english:?} left in: {help}");
    }
    // A subcommand's help, chosen by the locale.
    let out = homework(&["check", "--help"], &root(), &[("LANG", "ja_JP.UTF-8")]);
    let (help, _) = text(&out);
    assert!(out.status.success());
    assert!(help.starts_with(COMMANDS[1].1), "{help}");
    assert!(help.contains(ID) && help.contains("引数:"), "{help}");
    // --lang en wins over a Japanese locale, and the English help names the command typed.
    let out = homework(
        &["--lang", "en", "--help"],
        &root(),
        &[("LANG", "ja_JP.UTF-8")],
    );
    let (help, _) = text(&out);
    assert!(
        help.contains("Usage: cargo homework [OPTIONS] [COMMAND]"),
        "{help}"
    );
    assert!(
        help.contains("Check every exercise and list them"),
        "{help}"
    );
    assert!(!kana(&help), "{help}");
}

#[test]
fn a_mistyped_command_line_is_one_japanese_sentence() {
    let cases: [(&[&str], &str); 5] = [
        (
            &["--lang", "ja", "--bogus"],
            "--bogus という引数はない（cargo homework --help を参照）",
        ),
        (
            &["--lang", "ja", "check"],
            "<ID> が必要（例: cargo homework check hm_relu）",
        ),
        (
            &["--lang=ja", "frob"],
            "frob というコマンドはない。コマンドは次のとおり: list、check、hint、watch",
        ),
        (
            &["--lang", "ja", "--timeout", "abc", "list"],
            "--timeout <SECONDS> に \"abc\" は使えない（cargo homework --help を参照）",
        ),
        (
            &["--lang", "ja", "--json", "--json"],
            "--json の指定が多すぎる（cargo homework --help を参照）",
        ),
    ];
    for (args, sentence) in cases {
        let out = homework(args, &root(), &[]);
        let (stdout, err) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(stdout.is_empty(), "{stdout}");
        assert_eq!(err, format!("cargo homework: {sentence}\n"), "{args:?}");
    }
    // A value missing at the end of the line, in a Japanese locale.
    let out = homework(&["--lang"], &root(), &[("LANG", "ja_JP.UTF-8")]);
    let (_, err) = text(&out);
    assert_eq!(
        err,
        "cargo homework: --lang <LANG> の値がない（cargo homework --help を参照）\n"
    );
    // In English, clap's own message.
    let out = homework(&["--bogus"], &root(), &[]);
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("unexpected argument '--bogus'"), "{err}");
    assert!(!kana(&err), "{err}");
}
