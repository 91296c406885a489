//! `cargo homework`: lists the course's exercises with ✅ passing / ❌ failing / ⏳ not started,
//! checks one, shows hints, and re-checks on save.

use anyhow::{Result, bail};
use clap::{Parser, Subcommand};
use nn_homework::{Exercise, Runner, Status, find_root, load};
use serde_json::json;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

/// The course's homework: write the functions in lessons/*/src/homework.rs, and this checks them
/// by running their tests (`cargo test -p LESSON --test homework -- --include-ignored --exact ID`).
#[derive(Parser, Debug)]
#[command(name = "cargo homework", version)]
struct Args {
    #[command(subcommand)]
    command: Option<Cmd>,
    /// Print one JSON list of {id, lesson, status} (status: passing, failing, not_started).
    #[arg(long, global = true)]
    json: bool,
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

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("cargo homework: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn find<'a>(exercises: &'a [Exercise], id: &str) -> Result<&'a Exercise> {
    match exercises.iter().find(|e| e.id == id) {
        Some(e) => Ok(e),
        None => {
            let ids: Vec<&str> = exercises.iter().map(|e| e.id.as_str()).collect();
            bail!("no exercise {id:?}; the exercises are: {}", ids.join(", "))
        }
    }
}

fn run(args: &Args) -> Result<ExitCode> {
    let root = find_root(&std::env::current_dir()?)?;
    let exercises = load(&root)?;
    let runner = Runner::new(&root);
    match &args.command {
        None | Some(Cmd::List) => {
            let all: Vec<&Exercise> = exercises.iter().collect();
            let statuses = check(&runner, &all, args.json)?;
            report(&all, &statuses, args.json, true);
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Check { id }) => {
            let e = find(&exercises, id)?;
            let statuses = check(&runner, &[e], args.json)?;
            report(&[e], &statuses, args.json, false);
            Ok(if statuses[0] == Status::Passing {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Some(Cmd::Hint { id }) => {
            let e = find(&exercises, id)?;
            if args.json {
                println!(
                    "{}",
                    json!({"id": e.id, "lesson": e.lesson, "file": e.file, "book": e.book, "hint": e.hint.trim()})
                );
            } else {
                println!(
                    "{} ({}, in {})\n\n{}\n\nbook: {}\ntest it: cargo homework check {}  (or {})",
                    e.id,
                    e.lesson,
                    e.file,
                    e.hint.trim(),
                    e.book,
                    e.id,
                    Runner::display(e)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Watch) => watch(&root, &runner, &exercises, args.json),
    }
}

fn check(runner: &Runner, exercises: &[&Exercise], json: bool) -> Result<Vec<Status>> {
    // A progress line only where someone watches it.
    let quiet = json || !std::io::stderr().is_terminal();
    runner
        .check(exercises, |lesson| {
            if !quiet {
                eprint!(
                    "\rchecking {lesson}… (the first run builds the lessons: a minute or two) "
                );
                let _ = std::io::stderr().flush();
            }
        })
        .inspect(|_| {
            if !quiet {
                eprint!("\r{:70}\r", "");
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

fn report(exercises: &[&Exercise], statuses: &[Status], json: bool, summary: bool) {
    if json {
        let list: Vec<_> = exercises
            .iter()
            .zip(statuses)
            .map(|(e, s)| json!({"id": e.id, "lesson": e.lesson, "status": s.name()}))
            .collect();
        println!("{}", serde_json::Value::Array(list));
        return;
    }
    let mut lesson = "";
    for (e, s) in exercises.iter().zip(statuses) {
        if e.lesson != lesson {
            lesson = &e.lesson;
            println!("{lesson}  ({})", e.file);
        }
        let what = match s {
            Status::Passing => "passing".to_string(),
            Status::NotStarted(_) => "not started (still todo!)".to_string(),
            Status::Failing(_) => "failing".to_string(),
        };
        println!("  {} {:<22} {what}", s.icon(), e.id);
        if let Status::Failing(msg) = s {
            let lines: Vec<&str> = msg.lines().take(12).collect();
            println!("{}", indent(&lines.join("\n"), "       "));
            println!(
                "       hint: {}",
                indent(&e.hint, "             ").trim_start()
            );
        }
        if !summary && let Status::NotStarted(msg) = s {
            println!("       {msg}\n       hint: cargo homework hint {}", e.id);
        }
    }
    if summary {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for s in statuses {
            *counts.entry(s.name()).or_default() += 1;
        }
        let c = |k| counts.get(k).copied().unwrap_or(0);
        println!(
            "\n{} exercises: {} ✅ passing, {} ❌ failing, {} ⏳ not started.",
            statuses.len(),
            c("passing"),
            c("failing"),
            c("not_started")
        );
        if let Some((e, _)) = exercises
            .iter()
            .zip(statuses)
            .find(|(_, s)| **s != Status::Passing)
        {
            println!(
                "Next: {} in {} — `cargo homework hint {}` for a hint, `cargo homework watch` to re-check on save.",
                e.id, e.file, e.id
            );
        } else {
            println!("All done — well done!");
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
) -> Result<ExitCode> {
    let all: Vec<&Exercise> = exercises.iter().collect();
    loop {
        let before = mtimes(root, exercises);
        let statuses = check(runner, &all, json)?;
        report(&all, &statuses, json, true);
        if !json {
            println!("\nwatching the homework files; save one to re-check (Ctrl-C to stop)");
        }
        while mtimes(root, exercises) == before {
            std::thread::sleep(Duration::from_secs(1));
        }
        if !json {
            println!("\n— a file changed, checking again —\n");
        }
    }
}
