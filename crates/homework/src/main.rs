//! `cargo homework`: lists the course's exercises with ✅ passing / ❌ failing / ⏳ not started,
//! checks one, shows hints, and re-checks on save. The tests build in the workspace's own target
//! directory, so after `cargo build` only the lessons' test targets are left to compile.
//! It writes in English or Japanese (`--lang`, else the locale; see `nn_homework::lang`).

use anyhow::{Result, bail};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use nn_homework::runner::{Progress, parse_timeout};
use nn_homework::{Exercise, Lang, Runner, Status, find_root, help, load};
use serde_json::json;
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

/// The course's homework: write the functions in lessons/*/src/homework.rs, and this checks them
/// by running their tests (`cargo test -p LESSON --test homework -- --include-ignored --exact ID`).
#[derive(Parser, Debug)]
#[command(name = "cargo homework", bin_name = "cargo homework", version)]
struct Args {
    #[command(subcommand)]
    command: Option<Cmd>,
    /// Print one JSON list of {id, lesson, status, message} (status: passing, failing,
    /// not_started, waiting or does_not_compile; message: what went wrong, absent when passing).
    #[arg(long, global = true)]
    json: bool,
    /// Stop a lesson's tests after this many seconds (default 20, or $NN_HOMEWORK_TIMEOUT);
    /// building them does not count.
    #[arg(long, global = true, value_name = "SECONDS", value_parser = timeout_arg)]
    timeout: Option<Duration>,
    /// Write in this language: en (English) or ja (日本語). Default: ja when the first set of
    /// LC_ALL, LC_MESSAGES and LANG starts with ja (e.g. ja_JP.UTF-8), else en.
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,
}

/// How the checker speaks: its language, and the command a learner types to run it again in
/// that language (`cargo homework`, with `--lang` when the flag chose it).
struct Ui {
    lang: Lang,
    cmd: String,
}

fn timeout_arg(text: &str) -> Result<Duration, String> {
    parse_timeout(text).ok_or_else(|| "the time limit must be a positive number of seconds".into())
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Check every exercise and list them (the default).
    List,
    /// Check one exercise and show its message and hint.
    Check {
        /// The exercise id, e.g. hm_relu.
        id: String,
    },
    /// Show an exercise's hint, where the book explains it, and how to test it.
    Hint {
        /// The exercise id, e.g. hm_relu.
        id: String,
    },
    /// Check everything, then again whenever a homework file is saved (Ctrl-C stops).
    Watch,
}

/// The value of the first `--lang VALUE` or `--lang=VALUE` on the command line (before a `--`),
/// read before clap parses it, so that clap's help and errors can be in that language too.
fn lang_flag(raw: &[OsString]) -> Option<String> {
    let mut words = raw.iter().skip(1).map(|w| w.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if word == "--lang" {
            return words.next().map(|v| v.into_owned());
        }
        if let Some(value) = word.strip_prefix("--lang=") {
            return Some(value.to_string());
        }
    }
    None
}

/// The command line of `lang`: `Args` as written (English), or in Japanese ([`help`]).
fn command(lang: Lang) -> clap::Command {
    match lang {
        Lang::En => Args::command(),
        Lang::Ja => help::in_japanese(Args::command()),
    }
}

fn main() -> ExitCode {
    let raw: Vec<OsString> = std::env::args_os().collect();
    // An unknown --lang is refused below, once the command line is parsed; until then, English.
    let early = Lang::choose(lang_flag(&raw).as_deref(), |name| std::env::var(name).ok())
        .unwrap_or_default();
    let parsed = command(early)
        .try_get_matches_from(&raw)
        .and_then(|m| Args::from_arg_matches(&m));
    let args = match parsed {
        Ok(args) => args,
        Err(e) => {
            // --help and --version are "errors" too: printed by clap, exit 0.
            if let (Lang::Ja, Some(sentence)) = (early, help::error_in_japanese(&e)) {
                eprintln!("cargo homework: {sentence}");
            } else {
                let _ = e.print();
            }
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    // Before any work: an unknown --lang is refused in one sentence.
    let lang = match Lang::choose(args.lang.as_deref(), |name| std::env::var(name).ok()) {
        Ok(lang) => lang,
        Err(e) => {
            eprintln!("cargo homework: {e}");
            return ExitCode::FAILURE;
        }
    };
    let cmd = match args.lang {
        Some(_) => format!("cargo homework --lang {}", lang.code()),
        None => "cargo homework".to_string(),
    };
    match run(&args, &Ui { lang, cmd }) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("cargo homework: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn find<'a>(exercises: &'a [Exercise], id: &str, lang: Lang) -> Result<&'a Exercise> {
    match exercises.iter().find(|e| e.id == id) {
        Some(e) => Ok(e),
        None => {
            let ids: Vec<&str> = exercises.iter().map(|e| e.id.as_str()).collect();
            bail!(lang.no_exercise(id, &ids.join(", ")))
        }
    }
}

fn run(args: &Args, ui: &Ui) -> Result<ExitCode> {
    let root = find_root(&std::env::current_dir()?, ui.lang)?;
    let exercises = load(&root)?;
    let mut runner = Runner::from_env(&root, ui.lang)?;
    if let Some(limit) = args.timeout {
        runner.timeout = limit;
    }
    match &args.command {
        None | Some(Cmd::List) => {
            let all: Vec<&Exercise> = exercises.iter().collect();
            let statuses = check(&runner, &all)?;
            report(&all, &statuses, args.json, true, ui);
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Check { id }) => {
            let e = find(&exercises, id, ui.lang)?;
            let statuses = check(&runner, &[e])?;
            report(&[e], &statuses, args.json, false, ui);
            Ok(if statuses[0] == Status::Passing {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Some(Cmd::Hint { id }) => {
            let e = find(&exercises, id, ui.lang)?;
            if args.json {
                // Both hints, whatever the language: "hint" stays the English one.
                println!(
                    "{}",
                    json!({"id": e.id, "lesson": e.lesson, "file": e.file, "book": e.book,
                           "hint": e.hint(Lang::En), "hint_ja": e.hint(Lang::Ja)})
                );
            } else {
                let fields = [&*e.id, &e.lesson, &e.file, &e.book];
                let page = ui
                    .lang
                    .hint_page(fields, e.hint(ui.lang), &ui.cmd, &Runner::display(e));
                println!("{page}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Watch) => watch(&root, &runner, &exercises, args.json, ui),
    }
}

/// Checks `exercises`, saying on stderr what it is doing: building a lesson's tests can take a
/// while, and a silent tool looks stuck. On a terminal the line is rewritten in place and wiped
/// at the end; elsewhere (a log, an editor's task) each step gets a line of its own. Never on
/// stdout, which `--json` keeps for the JSON alone.
fn check(runner: &Runner, exercises: &[&Exercise]) -> Result<Vec<Status>> {
    let terminal = std::io::stderr().is_terminal();
    let mut width = 0;
    runner
        .check(exercises, |step: Progress<'_>| {
            let line = format!("cargo homework: {}", step.text(runner.lang));
            if terminal {
                width = width.max(line.chars().count());
                eprint!("\r{line:width$}");
                let _ = std::io::stderr().flush();
            } else {
                eprintln!("{line}");
            }
        })
        .inspect(|_| {
            if terminal {
                eprint!("\r{:width$}\r", "");
            }
        })
}

fn indent(text: &str, by: &str) -> String {
    text.trim()
        .lines()
        .map(|l| format!("{by}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn report(exercises: &[&Exercise], statuses: &[Status], json: bool, summary: bool, ui: &Ui) {
    let lang = ui.lang;
    if json {
        let list: Vec<_> = exercises
            .iter()
            .zip(statuses)
            .map(|(e, s)| {
                let mut entry = json!({"id": e.id, "lesson": e.lesson, "status": s.name()});
                if let Some(message) = s.message(lang) {
                    entry["message"] = message.into();
                }
                entry
            })
            .collect();
        println!("{}", serde_json::Value::Array(list));
        return;
    }
    let mut lesson = "";
    // A lesson that does not compile: its error is shown once, under its first exercise.
    let mut shown_error = None;
    for (e, s) in exercises.iter().zip(statuses) {
        if e.lesson != lesson {
            lesson = &e.lesson;
            println!("{lesson}  ({})", e.file);
        }
        let what = match s {
            Status::Passing => lang.passing().to_string(),
            Status::NotStarted(_) => lang.not_started().to_string(),
            Status::Waiting { on, .. } => lang.waiting_for(on),
            Status::Failing(_) => lang.failing().to_string(),
            Status::DoesNotCompile(_) => lang.does_not_compile().to_string(),
        };
        let hint_label = lang.hint_label();
        println!("  {} {:<22} {what}", s.icon(), e.id);
        match s {
            Status::Passing => {}
            Status::Failing(msg) => {
                let lines: Vec<&str> = msg.lines().take(12).collect();
                println!("{}", indent(&lines.join("\n"), "       "));
                // The hint's later lines line up under its first.
                let under = " ".repeat(7 + nn_homework::lang::width(hint_label));
                println!(
                    "       {hint_label}{}",
                    indent(e.hint(lang), &under).trim_start()
                );
            }
            Status::DoesNotCompile(msg) => {
                if shown_error != Some(msg) {
                    let lines: Vec<&str> = msg.lines().take(16).collect();
                    println!("{}", indent(&lines.join("\n"), "       "));
                    shown_error = Some(msg);
                }
            }
            Status::Waiting { on, .. } => {
                println!("       {}", lang.waiting_line(on));
            }
            Status::NotStarted(msg) => {
                if !summary {
                    println!("       {msg}\n       {hint_label}{} hint {}", ui.cmd, e.id);
                }
            }
        }
    }
    if summary {
        let count = |icon| statuses.iter().filter(|s| s.icon() == icon).count();
        println!(
            "\n{}",
            lang.summary(statuses.len(), count("✅"), count("❌"), count("⏳"))
        );
        if let Some((e, _)) = exercises
            .iter()
            .zip(statuses)
            .find(|(_, s)| **s != Status::Passing)
        {
            println!("{}", lang.next(&e.id, &e.file, &ui.cmd));
        } else {
            println!("{}", lang.all_done());
        }
    }
}

fn mtimes(root: &std::path::Path, exercises: &[Exercise]) -> Vec<Option<SystemTime>> {
    let mut files: Vec<&str> = exercises.iter().map(|e| e.file.as_str()).collect();
    files.dedup();
    files
        .iter()
        .map(|f| {
            std::fs::metadata(root.join(f))
                .and_then(|m| m.modified())
                .ok()
        })
        .collect()
}

fn watch(
    root: &std::path::Path,
    runner: &Runner,
    exercises: &[Exercise],
    json: bool,
    ui: &Ui,
) -> Result<ExitCode> {
    let all: Vec<&Exercise> = exercises.iter().collect();
    loop {
        let before = mtimes(root, exercises);
        let statuses = check(runner, &all)?;
        report(&all, &statuses, json, true, ui);
        if !json {
            println!("\n{}", ui.lang.watching());
        }
        while mtimes(root, exercises) == before {
            std::thread::sleep(Duration::from_secs(1));
        }
        if !json {
            println!("\n{}\n", ui.lang.changed());
        }
    }
}
