//! Bad input by class, with the cases generated from each lesson's own command tree (read from
//! its `--help`, subcommand after subcommand), not listed by hand:
//!
//! - **a negative number after any subcommand** is a value: for every flag that takes a value,
//!   `-1` and `-0.5` parse (or are refused in one sentence naming the flag), and are never taken
//!   for an unknown flag. These runs stop after parsing (`NN_COURSE_PARSE_ONLY`).
//! - **a standard output closed before the first line**: every command's `--help`, and the
//!   default runs of lessons 1 and 2, end quietly (exit 0 or SIGPIPE), never with a panic.

#[path = "support_l12/mod.rs"]
mod support;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The lessons' binaries, as (package, binary).
const LESSONS: [&str; 6] = [
    "lesson1", "lesson2", "lesson3", "lesson4", "lesson5", "lesson6",
];

fn binary(lesson: &str) -> PathBuf {
    support::bin(lesson, lesson)
}

fn command(lesson: &str, args: &[String]) -> Command {
    let mut cmd = Command::new(binary(lesson));
    cmd.args(args)
        .current_dir(support::root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    cmd
}

/// Runs `cmd` to its end, or kills it after [`DEADLINE`] and fails: a hang is a failure, not a
/// test that never ends. (Its output is small: an error line, a help text.)
fn output(mut cmd: Command) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the lesson runs");
    let start = Instant::now();
    while child.try_wait().expect("waiting").is_none() {
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("{cmd:?} did not end within {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.wait_with_output().expect("its output")
}

/// The most a run may take.
const DEADLINE: Duration = Duration::from_secs(20);

/// One command of a lesson: the subcommand path, its flags that take a value, what it requires
/// (its usage line's flags and positional arguments outside brackets, each given a placeholder
/// value), and whether it needs a subcommand.
#[derive(Debug)]
struct Node {
    path: Vec<String>,
    valued: Vec<String>,
    required: Vec<String>,
    needs_subcommand: bool,
}

/// The arguments a usage line requires, each with the placeholder `x`: `--model <FILE>` gives
/// `--model x`, `<IMAGES>...` gives `x`.
fn required(usage: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut tokens = usage.split_whitespace().skip(2).peekable();
    let mut depth = 0i32;
    while let Some(t) = tokens.next() {
        let opens = t.matches('[').count() as i32;
        let closes = t.matches(']').count() as i32;
        if depth == 0 && opens == 0 {
            if t.starts_with("--") && tokens.peek().is_some_and(|v| v.starts_with('<')) {
                tokens.next();
                out.extend([t.to_string(), "x".into()]);
            } else if t.starts_with('<') && t != "<COMMAND>" {
                out.push("x".into());
            }
        }
        depth += opens - closes;
    }
    out
}

/// The section of `help` after the line `title` (e.g. "Commands:"), up to the next heading.
fn section<'h>(help: &'h str, title: &str) -> Vec<&'h str> {
    help.lines()
        .skip_while(|l| l.trim() != title)
        .skip(1)
        .take_while(|l| l.is_empty() || l.starts_with(' '))
        .collect()
}

/// Every command of `lesson`, from the top down, read from `--help`.
fn tree(lesson: &str) -> Vec<Node> {
    let mut nodes = Vec::new();
    let mut todo = vec![Vec::<String>::new()];
    while let Some(path) = todo.pop() {
        let mut args = path.clone();
        args.push("--help".into());
        let out = output(command(lesson, &args));
        assert!(out.status.success(), "{lesson} {args:?}");
        let help = String::from_utf8_lossy(&out.stdout).to_string();
        for line in section(&help, "Commands:") {
            // "  train  Train 784-100-10 …": a name indented by two spaces.
            let Some(name) = line
                .strip_prefix("  ")
                .and_then(|l| l.split_whitespace().next())
            else {
                continue;
            };
            if !line.starts_with("   ") && name != "help" {
                let mut sub = path.clone();
                sub.push(name.to_string());
                todo.push(sub);
            }
        }
        let valued: BTreeSet<String> = section(&help, "Options:")
            .iter()
            .filter_map(|l| {
                // "      --eta <ETA>" or "  -o, --out <DIR>"
                let l = l.trim_start();
                // "-o, --out <DIR>": the long name after the short one (not a comma in the text)
                let short = l.starts_with('-') && !l.starts_with("--");
                let l = l
                    .split_once(", ")
                    .filter(|_| short)
                    .map_or(l, |(_, long)| long);
                let (flag, rest) = l.split_once(' ')?;
                (flag.starts_with("--") && rest.starts_with('<')).then(|| flag.to_string())
            })
            .collect();
        let usage = help
            .lines()
            .find_map(|l| l.strip_prefix("Usage: "))
            .unwrap_or_default();
        nodes.push(Node {
            path,
            valued: valued.into_iter().collect(),
            required: required(usage),
            needs_subcommand: usage.contains("<COMMAND>"),
        });
    }
    nodes
}

impl Node {
    /// The required arguments' placeholders, without `flag`'s own (it is given its value).
    fn required_but(&self, flag: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut it = self.required.iter();
        while let Some(a) = it.next() {
            if a == flag {
                it.next();
            } else {
                out.push(a.clone());
            }
        }
        out
    }
}

/// Every flag with a value given `value`: after its subcommand (`lesson6 train --dropout -1`),
/// and the top command's flags before the first subcommand (`lesson6 --seed -1 train`); each
/// case with the flag it tests.
fn negative_cases(lesson: &str, value: &str) -> Vec<(Vec<String>, String)> {
    let nodes = tree(lesson);
    let leaves: Vec<&Node> = nodes.iter().filter(|n| !n.needs_subcommand).collect();
    let mut cases = Vec::new();
    for leaf in &leaves {
        for flag in &leaf.valued {
            let mut args = leaf.path.clone();
            args.extend([flag.clone(), value.into()]);
            args.extend(leaf.required_but(flag));
            cases.push((args, flag.clone()));
        }
    }
    let top = nodes
        .iter()
        .find(|n| n.path.is_empty())
        .expect("the top command");
    if let (true, Some(leaf)) = (top.needs_subcommand, leaves.first()) {
        for flag in &top.valued {
            let mut args = vec![flag.clone(), value.into()];
            args.extend(leaf.path.iter().cloned());
            args.extend(leaf.required_but(flag));
            cases.push((args, flag.clone()));
        }
    }
    cases
}

#[test]
fn a_negative_number_after_any_subcommand_is_a_value_not_a_flag() {
    let mut count = 0;
    for lesson in LESSONS {
        for value in ["-1", "-0.5"] {
            for (args, flag) in negative_cases(lesson, value) {
                let mut cmd = command(lesson, &args);
                cmd.env("NN_COURSE_PARSE_ONLY", "1");
                let out = output(cmd);
                let stderr = String::from_utf8_lossy(&out.stderr);
                // Parsed, or refused in one sentence that names the flag (an unsigned count).
                let ok = out.status.success()
                    || (out.status.code() == Some(1)
                        && stderr.lines().count() == 1
                        && stderr.contains(flag.as_str()));
                assert!(
                    ok && !stderr.contains("unexpected argument"),
                    "{lesson} {args:?}: {:?}, {stderr}",
                    out.status
                );
                count += 1;
            }
        }
    }
    // Every lesson has flags with values; lessons 4–6 have subcommands.
    assert!(count > 100, "only {count} cases were generated");
}

/// Runs `lesson` with `args`, its standard output a pipe whose reading end is already closed.
fn with_closed_stdout(lesson: &str, args: &[String]) -> Output {
    use std::os::fd::{FromRawFd, OwnedFd};
    let mut fds = [0; 2];
    // SAFETY: `pipe` fills `fds` with two new descriptors that nothing else owns; each is
    // owned exactly once below.
    let writer = unsafe {
        assert_eq!(libc::pipe(fds.as_mut_ptr()), 0, "a pipe");
        drop(OwnedFd::from_raw_fd(fds[0])); // the reading end, closed
        OwnedFd::from_raw_fd(fds[1])
    };
    let mut cmd = command(lesson, args);
    cmd.stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .expect("the lesson runs")
}

#[test]
fn a_standard_output_closed_early_ends_the_program_quietly() {
    use std::os::unix::process::ExitStatusExt;
    let mut runs: Vec<(&str, Vec<String>)> = Vec::new();
    for lesson in LESSONS {
        for node in tree(lesson) {
            let mut args = node.path;
            args.push("--help".into());
            runs.push((lesson, args));
        }
    }
    runs.push(("lesson1", vec![]));
    runs.push(("lesson2", vec![]));
    for (lesson, args) in &runs {
        let out = with_closed_stdout(lesson, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let quiet = out.status.success() || out.status.signal() == Some(libc_sigpipe());
        assert!(
            quiet && !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{lesson} {args:?}: {:?}, {stderr}",
            out.status
        );
    }
    assert!(runs.len() > 10, "{} runs", runs.len());
}

/// SIGPIPE's number on Linux and the BSDs.
fn libc_sigpipe() -> i32 {
    13
}

/// Stands for the fresh `--out` directory of a case.
const OUT: &str = "{OUT}";

/// Whether a flag's value (or a positional argument) names a file the lesson reads.
fn reads_a_file(value_name: &str) -> bool {
    ["<FILE>", "<MODEL>", "<IMAGES>"].contains(&value_name)
}

/// Every command that reads a file its user names, with every such flag given `bad`: the
/// arguments, and whether the command writes into `--out`.
fn file_cases(lesson: &str, bad: &str) -> Vec<Vec<String>> {
    let mut cases = Vec::new();
    for leaf in tree(lesson).iter().filter(|n| !n.needs_subcommand) {
        let mut args = leaf.path.clone();
        let help = {
            let mut a = leaf.path.clone();
            a.push("--help".into());
            String::from_utf8_lossy(&output(command(lesson, &a)).stdout).to_string()
        };
        let mut files = 0;
        for line in section(&help, "Options:") {
            let mut words = line.split_whitespace().skip_while(|w| !w.starts_with("--"));
            if let (Some(flag), Some(value)) = (words.next(), words.next())
                && reads_a_file(value)
            {
                args.extend([flag.to_string(), bad.to_string()]);
                files += 1;
            }
        }
        // Required positional files (`<IMAGES>...`); required flags are among the options.
        let usage = help
            .lines()
            .find_map(|l| l.strip_prefix("Usage: "))
            .unwrap_or_default();
        let words: Vec<&str> = usage.split_whitespace().collect();
        for (i, word) in words.iter().enumerate() {
            let after_flag = i > 0 && words[i - 1].starts_with("--");
            if !after_flag && reads_a_file(word.trim_end_matches("...")) {
                args.push(bad.to_string());
                files += 1;
            }
        }
        // The other required flags, with a placeholder (a file's refusal comes first).
        let mut rest = required(usage).into_iter();
        while let (Some(flag), Some(value)) = (rest.next(), rest.next()) {
            if flag.starts_with("--") && !args.contains(&flag) {
                args.extend([flag, value]);
            }
        }
        if help.contains("--out <") {
            args.extend(["--out".to_string(), OUT.to_string()]);
        }
        if files > 0 {
            cases.push(args);
        }
    }
    cases
}

#[test]
fn a_file_that_is_not_a_regular_file_is_refused_at_once_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let a_dir = dir.path().join("a-directory");
    std::fs::create_dir(&a_dir).unwrap();
    let kinds = [
        (fifo.to_str().unwrap().to_string(), "a FIFO (a named pipe)"),
        ("/dev/zero".to_string(), "a device"),
        (a_dir.to_str().unwrap().to_string(), "a directory"),
    ];
    let mut count = 0;
    for lesson in LESSONS {
        for (bad, kind) in &kinds {
            for args in file_cases(lesson, bad) {
                let out_dir = dir.path().join(format!("out-{count}"));
                let args: Vec<String> = args
                    .into_iter()
                    .map(|a| {
                        if a == OUT {
                            out_dir.to_str().unwrap().to_string()
                        } else {
                            a
                        }
                    })
                    .collect();
                let out = output(command(lesson, &args));
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert!(
                    out.status.code() == Some(1)
                        && stderr.lines().count() == 1
                        && stderr.contains(&format!("it is {kind}, not a regular file")),
                    "{lesson} {args:?}: {:?}, {stderr}",
                    out.status
                );
                let left = std::fs::read_dir(&out_dir).map_or(0, |d| d.count());
                assert_eq!(left, 0, "{lesson} {args:?} left files in --out");
                count += 1;
            }
        }
    }
    // lesson1 --model, lesson2 grad --model --data, lesson5 csv --file, lesson6 predict.
    assert!(count >= 4 * 3, "only {count} cases");
}

/// Runs that write several files, each small enough to run many times.
const WRITERS: [(&str, &[&str]); 5] = [
    ("lesson1", &[]),
    ("lesson2", &[]),
    ("lesson3", &["--loop", "300"]),
    ("lesson5", &["iris"]),
    ("lesson6", &["train", "--limit", "300", "--epochs", "1"]),
];

/// The names in `dir`, sorted.
fn names(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn a_run_that_fails_at_any_of_its_files_leaves_none_of_them() {
    let tmp = tempfile::tempdir().unwrap();
    let mut count = 0;
    for (lesson, args) in WRITERS {
        let run = |out: &std::path::Path| {
            let mut a: Vec<String> = args.iter().map(|s| s.to_string()).collect();
            a.extend(["--out".into(), out.to_str().unwrap().into()]);
            output(command(lesson, &a))
        };
        let full = tmp.path().join(format!("{lesson}-full"));
        assert!(run(&full).status.success(), "{lesson} {args:?}");
        let files = names(&full);
        assert!(files.len() >= 2, "{lesson} writes {files:?}");
        // Each file in turn cannot be written (a directory holds its name): whichever it is,
        // the run fails and takes back every file it had written.
        for blocked in &files {
            let out = tmp.path().join(format!("{lesson}-{count}"));
            std::fs::create_dir_all(out.join(blocked)).unwrap();
            std::fs::write(out.join(blocked).join("in-the-way"), "x").unwrap();
            let o = run(&out);
            let stderr = String::from_utf8_lossy(&o.stderr);
            assert!(
                o.status.code() == Some(1) && stderr.lines().count() == 1,
                "{lesson} {args:?} with {blocked} blocked: {:?} {stderr}",
                o.status
            );
            assert_eq!(
                names(&out),
                std::slice::from_ref(blocked),
                "{lesson} {args:?} with {blocked} blocked left files"
            );
            count += 1;
        }
    }
    assert!(count >= 15, "{count} cases");
}
