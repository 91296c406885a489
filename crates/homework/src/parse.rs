//! Reading an exercise's verdict from cargo's and libtest's output: the compiler's first error
//! (from `cargo test --no-run --message-format=json`, or cargo's human text), and each test's
//! result and panics (libtest's default "pretty" format, run with `RUST_BACKTRACE=1`).

use crate::lang::Lang;
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Duration;

/// What the tests say about one exercise.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status", content = "message")]
pub enum Status {
    /// The test passed.
    Passing,
    /// The test failed (or did not finish in time); what went wrong, for the learner.
    Failing(String),
    /// The test panicked with `todo!`'s "not yet implemented" in the exercise's own function;
    /// the panic's message.
    NotStarted(String),
    /// The exercise's function is written but calls another function that is still `todo!()`.
    Waiting {
        /// The function that is still `todo!()`, e.g. `hm_relu`.
        on: String,
        /// Its `todo!` panic's message.
        message: String,
    },
    /// The lesson does not compile; the compiler's first error, with its location.
    DoesNotCompile(String),
}

impl Status {
    /// ✅, ❌ or ⏳.
    pub fn icon(&self) -> &'static str {
        match self {
            Status::Passing => "✅",
            Status::Failing(_) | Status::DoesNotCompile(_) => "❌",
            Status::NotStarted(_) | Status::Waiting { .. } => "⏳",
        }
    }

    /// The JSON name: "passing", "failing", "not_started", "waiting" or "does_not_compile".
    pub fn name(&self) -> &'static str {
        match self {
            Status::Passing => "passing",
            Status::Failing(_) => "failing",
            Status::NotStarted(_) => "not_started",
            Status::Waiting { .. } => "waiting",
            Status::DoesNotCompile(_) => "does_not_compile",
        }
    }

    /// What the learner should read about it (nothing for a passing exercise); the checker's
    /// own words in `lang`, the tests' and the compiler's as they wrote them.
    pub fn message(&self, lang: Lang) -> Option<String> {
        match self {
            Status::Passing => None,
            Status::Failing(m) | Status::NotStarted(m) | Status::DoesNotCompile(m) => {
                Some(m.clone())
            }
            Status::Waiting { on, .. } => Some(lang.waiting_message(on)),
        }
    }
}

/// The status of exercise `id`, whose tests were stopped at the time limit, its message (naming
/// the exercise) in `lang`.
pub fn timed_out(id: &str, limit: Duration, lang: Lang) -> Status {
    Status::Failing(lang.timed_out(id, limit))
}

/// The learner's files — the registry's `file`s, relative to the workspace root — and their
/// text: a panic's location counts as the learner's only in one of them, and the `fn` around a
/// `todo!` is found in their text.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// The workspace root as it appears in absolute paths, e.g. "/work/main".
    pub root: String,
    /// Each learner file (relative path) and its text ("" if it could not be read).
    pub files: BTreeMap<String, String>,
}

impl Sources {
    /// Reads `files` (relative to `root`, each once); a file that cannot be read has no text.
    pub fn read<'a>(root: &std::path::Path, files: impl IntoIterator<Item = &'a str>) -> Self {
        let files: std::collections::BTreeSet<&str> = files.into_iter().collect();
        Sources {
            root: root.display().to_string(),
            files: files
                .into_iter()
                .map(|f| {
                    let text = std::fs::read_to_string(root.join(f)).unwrap_or_default();
                    (f.to_string(), text)
                })
                .collect(),
        }
    }

    /// `location` ("PATH:LINE:COL") relative to the root, if its path is a learner file.
    fn learner(&self, location: &str, file: &str) -> Option<String> {
        let location = self.normalize(location, file)?;
        let (path, _) = split_location(&location)?;
        self.files.contains_key(path).then_some(location)
    }

    /// `location` ("PATH:LINE:COL") with its path relative to the root where it can be.
    /// Backtrace frames print a path relative to the test's package (`./src/homework.rs`):
    /// that is read as `file`, the exercise's own file, when `file` ends with it.
    fn normalize(&self, location: &str, file: &str) -> Option<String> {
        let (path, line_col) = split_location(location)?;
        let path = if let Some(rel) = path.strip_prefix("./") {
            if file == rel || file.ends_with(&format!("/{rel}")) {
                file
            } else {
                rel
            }
        } else {
            let root = format!("{}/", self.root.trim_end_matches('/'));
            path.strip_prefix(root.as_str()).unwrap_or(path)
        };
        Some(format!("{path}:{line_col}"))
    }
}

/// "PATH:LINE:COL" as (PATH, "LINE:COL").
fn split_location(location: &str) -> Option<(&str, &str)> {
    let mut parts = location.rsplitn(3, ':');
    let (col, line, path) = (parts.next()?, parts.next()?, parts.next()?);
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (numeric(col) && numeric(line) && !path.is_empty()).then(|| (path, &location[path.len() + 1..]))
}

/// One frame of a panic's backtrace.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// The function, e.g. `lesson3::homework::forward_loop`.
    pub function: String,
    /// Its source location, "PATH:LINE:COL", if the backtrace has one.
    pub location: Option<String>,
}

/// One panic in a test's output: `thread 'ID' panicked at LOCATION:` then its message, then
/// (with `RUST_BACKTRACE=1`) its backtrace.
#[derive(Debug, Clone, PartialEq)]
pub struct Panic {
    /// Where it panicked, "PATH:LINE:COL".
    pub location: String,
    /// Its message (possibly several lines).
    pub message: String,
    /// Its backtrace, innermost first (empty without `RUST_BACKTRACE=1`).
    pub frames: Vec<Frame>,
}

/// The location in `thread 'NAME' (TID) panicked at LOCATION:`, if `line` is such a line.
fn panic_line(line: &str) -> Option<&str> {
    if !line.starts_with("thread '") {
        return None;
    }
    let (_, rest) = line.split_once(" panicked at ")?;
    Some(rest.strip_suffix(':').unwrap_or(rest).trim())
}

/// Every panic in `section`, in order.
pub fn panics(section: &str) -> Vec<Panic> {
    let mut panics: Vec<Panic> = Vec::new();
    // Where we are in the current panic: its message, its backtrace, or past both.
    #[derive(PartialEq)]
    enum Part {
        Message,
        Backtrace,
        Done,
    }
    let mut part = Part::Done;
    let mut message: Vec<&str> = Vec::new();
    let finish = |panics: &mut Vec<Panic>, message: &mut Vec<&str>| {
        if let Some(p) = panics.last_mut()
            && p.message.is_empty()
        {
            p.message = message.join("\n").trim().to_string();
        }
        message.clear();
    };
    for line in section.lines() {
        if let Some(location) = panic_line(line) {
            finish(&mut panics, &mut message);
            panics.push(Panic {
                location: location.to_string(),
                message: String::new(),
                frames: Vec::new(),
            });
            part = Part::Message;
            continue;
        }
        match part {
            Part::Message => {
                if line == "stack backtrace:" {
                    finish(&mut panics, &mut message);
                    part = Part::Backtrace;
                } else if line.starts_with("note: run with `RUST_BACKTRACE") {
                    finish(&mut panics, &mut message);
                    part = Part::Done;
                } else {
                    message.push(line);
                }
            }
            Part::Backtrace => {
                let trimmed = line.trim_start();
                let frames = &mut panics.last_mut().expect("a panic").frames;
                if let Some(location) = trimmed.strip_prefix("at ") {
                    if let Some(f) = frames.last_mut() {
                        f.location = Some(location.trim().to_string());
                    }
                } else if let Some((n, function)) = trimmed.split_once(": ")
                    && !n.is_empty()
                    && n.bytes().all(|b| b.is_ascii_digit())
                {
                    frames.push(Frame {
                        function: function.trim().to_string(),
                        location: None,
                    });
                } else {
                    part = Part::Done;
                }
            }
            Part::Done => {}
        }
    }
    finish(&mut panics, &mut message);
    panics
}

/// The first place in `panics` that is in a learner file: a panic's own location, else the
/// first learner frame of its backtrace (a panic inside nalgebra or std is located in the
/// learner's line that called it).
fn learner_location(panics: &[Panic], file: &str, sources: &Sources) -> Option<String> {
    panics.iter().find_map(|p| {
        sources.learner(&p.location, file).or_else(|| {
            p.frames
                .iter()
                .filter_map(|f| f.location.as_deref())
                .find_map(|l| sources.learner(l, file))
        })
    })
}

/// What a failed test says, for the learner: the last panic's message (the check's own words,
/// e.g. "`update_eta` panicked (with learning_plan = 0, 0 means never)"), the first panic's
/// message when the last does not already include it (the original, e.g. nalgebra's
/// "Gemv: dimensions mismatch."), and where the learner's code panicked. Locations in the cargo
/// registry or the standard library are never shown. The checker's own words are in `lang`.
fn failure_message(
    section: &str,
    panics: &[Panic],
    file: &str,
    sources: &Sources,
    lang: Lang,
) -> String {
    let (Some(first), Some(last)) = (panics.first(), panics.last()) else {
        return section.trim().to_string();
    };
    let mut message = if last.message.is_empty() {
        lang.panic_without_message().to_string()
    } else {
        last.message.clone()
    };
    if panics.len() > 1 && !first.message.is_empty() && !last.message.contains(&first.message) {
        message += &format!(
            "\n  {}{}",
            lang.first_panic(),
            first.message.replace('\n', "\n    ")
        );
    }
    if let Some(location) = learner_location(panics, file, sources)
        && !message.contains(&location)
    {
        message += &format!("\n  {}{location}", lang.at());
    }
    message
}

/// The name of the `fn` whose body holds line `line` (1-based) of Rust `source`: the last
/// `fn NAME` at or before that line. A simple scan, enough for the learners' files.
pub fn enclosing_fn(source: &str, line: usize) -> Option<String> {
    source
        .lines()
        .take(line)
        .filter(|l| !l.trim_start().starts_with("//"))
        .filter_map(fn_name)
        .last()
}

/// `NAME` if `line` declares `fn NAME`.
fn fn_name(line: &str) -> Option<String> {
    let mut rest = line;
    while let Some(i) = rest.find("fn ") {
        let before = rest[..i].chars().last();
        let after = &rest[i + 3..];
        if before.is_none_or(|c| c == ' ' || c == '\t') {
            let name: String = after
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit()) {
                return Some(name);
            }
        }
        rest = after;
    }
    None
}

/// The last segment of a backtrace's function path, without closures, generics or hash:
/// `lesson3::homework::forward_loop::{{closure}}` is `forward_loop`.
fn function_name(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split("::").collect();
    let hash = |s: &str| {
        s.len() == 17 && s.starts_with('h') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
    };
    let name = segments
        .iter()
        .rev()
        .find(|s| !s.is_empty() && !s.starts_with('{') && !s.starts_with('<') && !hash(s))?;
    let name = name.split('<').next()?.trim();
    let identifier = !name.is_empty()
        && name.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    identifier.then(|| name.to_string())
}

/// The function a `todo!` panic came from: the function of the backtrace frame at the panic's
/// location (what the binary that ran says, even if the file was edited since); without a
/// backtrace, the `fn` around that location in the learner's file; else the name the course's
/// stubs put first in their message ("not yet implemented: NAME: …").
fn todo_function(todo: &Panic, file: &str, sources: &Sources) -> Option<String> {
    let at = sources.normalize(&todo.location, file);
    if let Some(name) = todo
        .frames
        .iter()
        .find(|f| {
            f.location
                .as_deref()
                .and_then(|l| sources.normalize(l, file))
                == at
        })
        .and_then(|f| function_name(&f.function))
    {
        return Some(name);
    }
    if let Some(location) = sources.learner(&todo.location, file)
        && let Some((path, line_col)) = split_location(&location)
        && let Some(text) = sources.files.get(path)
        && let Some(name) = line_col
            .split(':')
            .next()
            .and_then(|l| l.parse().ok())
            .and_then(|line| enclosing_fn(text, line))
    {
        return Some(name);
    }
    let rest = todo.message.split("not yet implemented: ").nth(1)?;
    let (name, _) = rest.split_once(':')?;
    let identifier = !name.is_empty()
        && name.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    identifier.then(|| name.to_string())
}

/// The section of `output` that libtest prints for the failed test `id`.
fn failure_section<'a>(output: &'a str, id: &str) -> Option<&'a str> {
    let header = format!("---- {id} stdout ----");
    let start = output.find(&header)? + header.len();
    let rest = &output[start..];
    let end = [rest.find("\n---- "), rest.find("\nfailures:\n")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

/// Whether test `id` finished in `output`: `Some(true)` if it passed, `Some(false)` if it
/// failed, `None` if libtest printed no result for it (it never ran or did not finish).
pub fn finished(output: &str, id: &str) -> Option<bool> {
    let ok = format!("test {id} ... ok");
    let failed = format!("test {id} ... FAILED");
    output.lines().find_map(|l| match l.trim() {
        l if l == ok => Some(true),
        l if l == failed => Some(false),
        _ => None,
    })
}

/// The compiler's first error in cargo's human output, as "PATH:LINE:COL: error[…]: …" and the
/// lines that show it.
fn human_compile_error(output: &str) -> Option<String> {
    let lines: Vec<&str> = output.lines().collect();
    let start = lines.iter().position(|l| {
        (l.starts_with("error[") || l.starts_with("error: "))
            && !l.starts_with("error: could not compile")
            && !l.starts_with("error: aborting")
    })?;
    let block: Vec<&str> = lines[start..]
        .iter()
        .take_while(|l| !l.trim().is_empty())
        .take(14)
        .copied()
        .collect();
    let location = block
        .iter()
        .find_map(|l| l.trim_start().strip_prefix("--> "))
        .map(str::trim);
    Some(match location {
        Some(location) => format!("{location}: {}\n{}", block[0], block[1..].join("\n")),
        None => block.join("\n"),
    })
}

/// The compiler's first error in the output of `cargo … --message-format=json` (falling back on
/// cargo's human text), as `PATH:LINE:COL: error[CODE]: MESSAGE` and the lines rustc shows for
/// it. `None` if the output holds no compiler error (cargo itself failed, say).
pub fn compile_error(output: &str) -> Option<String> {
    let from_json = output
        .lines()
        .filter(|l| l.starts_with('{'))
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["reason"] == "compiler-message" && v["message"]["level"] == "error")
        .map(|v| v["message"].clone())
        .find(|m| m["spans"].as_array().is_some_and(|s| !s.is_empty()));
    if let Some(m) = from_json {
        let spans = m["spans"].as_array().expect("checked above");
        let span = spans
            .iter()
            .find(|s| s["is_primary"] == true)
            .unwrap_or(&spans[0]);
        let code = m["code"]["code"]
            .as_str()
            .map(|c| format!("[{c}]"))
            .unwrap_or_default();
        let rendered = m["rendered"].as_str().unwrap_or_default();
        let shown: Vec<&str> = rendered
            .trim_end()
            .lines()
            .skip(1)
            .take_while(|l| !l.trim().is_empty())
            .take(14)
            .collect();
        return Some(format!(
            "{}:{}:{}: error{code}: {}\n{}",
            span["file_name"].as_str().unwrap_or("?"),
            span["line_start"],
            span["column_start"],
            m["message"].as_str().unwrap_or_default(),
            shown.join("\n")
        ));
    }
    human_compile_error(output)
}

/// Cargo's own last error line in `output` (or its last line), for failures that are not the
/// compiler's.
pub fn cargo_error(output: &str) -> String {
    let lines = || output.lines().map(str::trim).filter(|l| !l.is_empty());
    lines()
        .rfind(|l| l.starts_with("error"))
        .or_else(|| lines().next_back())
        .unwrap_or("nothing")
        .to_string()
}

/// The verdict for exercise `id`, whose learner file is `file`, from the output of its test
/// binary run with `--include-ignored --exact ID…` (and `RUST_BACKTRACE=1`); the checker's own
/// words in its message are in `lang`.
pub fn status_of(output: &str, id: &str, file: &str, sources: &Sources, lang: Lang) -> Status {
    match finished(output, id) {
        Some(true) => Status::Passing,
        Some(false) => {
            let section = failure_section(output, id).unwrap_or_default();
            let panics = panics(section);
            if let Some(todo) = panics
                .iter()
                .find(|p| p.message.contains("not yet implemented"))
            {
                return match todo_function(todo, file, sources) {
                    Some(on) if on != id => Status::Waiting {
                        on,
                        message: todo.message.clone(),
                    },
                    _ => Status::NotStarted(todo.message.clone()),
                };
            }
            Status::Failing(failure_message(section, &panics, file, sources, lang))
        }
        None => match compile_error(output) {
            Some(error) => Status::DoesNotCompile(error),
            None => Status::Failing(lang.no_result(id, &cargo_error(output))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "lessons/lesson1/src/homework.rs";

    fn sources(text: &str) -> Sources {
        Sources {
            root: "/work/main".into(),
            files: [
                (FILE.to_string(), text.to_string()),
                ("lessons/lesson3/src/homework.rs".into(), String::new()),
            ]
            .into(),
        }
    }

    // The learner's lesson 1 file as the locations below see it (lines 1-12).
    const HOMEWORK: &str = "\
use nalgebra::DMatrix;
/// ReLU.
pub fn hm_relu(a: &DMatrix<f64>) -> DMatrix<f64> {
    todo!(\"hm_relu: x_ij = max(0, a_ij)\")
}

pub fn forward(x: &DMatrix<f64>) -> DMatrix<f64> {
    // fn not_this() is a comment
    let a = x.clone();
    hm_relu(&a)
}
pub fn cross_entropy(x: &DMatrix<f64>) -> f64 { todo!() }
";

    // libtest's output with RUST_BACKTRACE=0: one panic per test.
    const RUN: &str = "\
running 4 tests
test hm_relu ... ok
test hm_softmax ... FAILED
test forward ... FAILED
test cross_entropy ... FAILED

failures:

---- hm_softmax stdout ----

thread 'hm_softmax' (123) panicked at lessons/lesson1/tests/homework.rs:9:9:
hm_softmax(A = [1, 2]): entry (1, 1) is 0.5 but should be 0.2689
  each row is normalised on its own
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace

---- forward stdout ----

thread 'forward' (124) panicked at lessons/lesson1/src/homework.rs:4:5:
not yet implemented: hm_relu: x_ij = max(0, a_ij)

---- cross_entropy stdout ----

thread 'cross_entropy' (125) panicked at lessons/lesson1/src/homework.rs:12:50:
not yet implemented


failures:
    cross_entropy
    forward
    hm_softmax

test result: FAILED. 1 passed; 3 failed; 0 ignored; 0 measured; 3 filtered out
";

    #[test]
    fn reads_pass_fail_and_not_started() {
        let s = sources(HOMEWORK);
        assert_eq!(
            status_of(RUN, "hm_relu", FILE, &s, Lang::En),
            Status::Passing
        );
        assert_eq!(
            status_of(RUN, "hm_softmax", FILE, &s, Lang::En),
            Status::Failing("hm_softmax(A = [1, 2]): entry (1, 1) is 0.5 but should be 0.2689\n  each row is normalised on its own".into())
        );
        assert_eq!(
            status_of(RUN, "cross_entropy", FILE, &s, Lang::En),
            Status::NotStarted("not yet implemented".into())
        );
        assert_eq!(finished(RUN, "forward"), Some(false));
        assert_eq!(finished(RUN, "nope"), None);
    }

    #[test]
    fn a_todo_in_another_function_is_waiting_on_it() {
        // By location: line 4 of the learner's file is inside `fn hm_relu`.
        let waiting = Status::Waiting {
            on: "hm_relu".into(),
            message: "not yet implemented: hm_relu: x_ij = max(0, a_ij)".into(),
        };
        assert_eq!(
            status_of(RUN, "forward", FILE, &sources(HOMEWORK), Lang::En),
            waiting
        );
        let message = waiting.message(Lang::En).unwrap();
        assert!(
            message.starts_with("it calls `hm_relu`, which is not written yet"),
            "{message}"
        );
        // By the stub's message when the file cannot be read.
        assert_eq!(
            status_of(RUN, "forward", FILE, &sources(""), Lang::En),
            waiting
        );
        // A todo in the exercise's own function is "not started", whatever its message says.
        let own = RUN.replace("hm_relu: x_ij", "forward: x_ij");
        assert!(matches!(
            status_of(&own, "forward", FILE, &sources(""), Lang::En),
            Status::NotStarted(_)
        ));
        let relocated = RUN.replace("homework.rs:4:5", "homework.rs:10:5");
        assert!(matches!(
            status_of(&relocated, "forward", FILE, &sources(HOMEWORK), Lang::En),
            Status::NotStarted(_)
        ));
    }

    #[test]
    fn the_backtrace_names_the_todos_function_even_if_the_file_changed() {
        // The learner's file has moved on since the build: line 4 is now in `forward`; the
        // backtrace of the binary that ran still says `hm_relu`.
        let edited = format!("\n\n\n{HOMEWORK}");
        let run = "\
test forward ... FAILED

failures:

---- forward stdout ----

thread 'forward' (1) panicked at lessons/lesson1/src/homework.rs:4:5:
not yet implemented
stack backtrace:
   0: __rustc::rust_begin_unwind
             at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/panicking.rs:689:5
   2: lesson1::homework::hm_relu::{{closure}}
             at ./src/homework.rs:4:5
   3: lesson1::homework::forward
             at ./src/homework.rs:10:5

failures:
";
        assert!(matches!(
            status_of(run, "forward", FILE, &sources(&edited), Lang::En),
            Status::Waiting { on, .. } if on == "hm_relu"
        ));
        // Without the frame, the file decides.
        let no_frame = run
            .replace("hm_relu::{{closure}}", "helper")
            .replace("./src/homework.rs:4:5", "./src/other.rs:4:5");
        assert!(matches!(
            status_of(&no_frame, "forward", FILE, &sources(HOMEWORK), Lang::En),
            Status::Waiting { on, .. } if on == "hm_relu"
        ));
        assert_eq!(
            function_name("<lesson1::X as core::ops::Fn>::call::h0123456789abcdef").as_deref(),
            Some("call")
        );
        assert_eq!(
            function_name("lesson1::homework::forward::<f64>").as_deref(),
            Some("forward")
        );
        assert_eq!(function_name("{{closure}}"), None);
    }

    #[test]
    fn enclosing_fn_finds_the_function_around_a_line() {
        assert_eq!(enclosing_fn(HOMEWORK, 4).as_deref(), Some("hm_relu"));
        assert_eq!(enclosing_fn(HOMEWORK, 9).as_deref(), Some("forward"));
        assert_eq!(enclosing_fn(HOMEWORK, 12).as_deref(), Some("cross_entropy"));
        assert_eq!(enclosing_fn(HOMEWORK, 1), None);
        assert_eq!(
            fn_name("    pub(crate) fn helper<T>(f: fn(f64) -> f64) {").as_deref(),
            Some("helper")
        );
        assert_eq!(fn_name("let f: fn(f64) -> f64 = g;"), None);
    }

    // Rust 1.95's output with RUST_BACKTRACE=1 for a check that catches the learner's panic
    // (inside nalgebra) and panics again with its own message: nalgebra's panic comes first.
    const NESTED: &str = "\
running 1 test
test forward_loop ... FAILED

failures:

---- forward_loop stdout ----

thread 'forward_loop' (8678) panicked at /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/nalgebra-0.35.0/src/base/blas.rs:522:9:
Gemv: dimensions mismatch.
stack backtrace:
   0: __rustc::rust_begin_unwind
             at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/panicking.rs:689:5
   1: core::panicking::panic_fmt
             at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/panicking.rs:80:14
   2: nalgebra::base::blas::<impl nalgebra::base::matrix::Matrix<T,D,S>>::gemv
             at /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/nalgebra-0.35.0/src/base/blas.rs:522:9
   3: lesson3::homework::forward_loop
             at ./src/homework.rs:23:31
   4: lesson1::check_util::call::{{closure}}
             at /work/main/lessons/lesson1/src/check_util.rs:37:11
   5: __rust_try
   6: homework::forward_loop
             at ./tests/homework.rs:16:5
note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.

thread 'forward_loop' (8678) panicked at lessons/lesson3/tests/homework.rs:9:9:
`forward_loop` panicked (network [2, 10, 10, 2], batch of 7)
stack backtrace:
   0: __rustc::rust_begin_unwind
             at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/panicking.rs:689:5
   1: homework::pass
             at ./tests/homework.rs:9:9
note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.


failures:
    forward_loop

test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 2 filtered out
";

    const LESSON3: &str = "lessons/lesson3/src/homework.rs";

    #[test]
    fn a_wrapped_panic_shows_the_check_the_original_and_the_learners_line() {
        let parsed = panics(failure_section(NESTED, "forward_loop").unwrap());
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].message, "Gemv: dimensions mismatch.");
        assert_eq!(parsed[0].frames.len(), 7);
        assert_eq!(
            parsed[0].frames[3],
            Frame {
                function: "lesson3::homework::forward_loop".into(),
                location: Some("./src/homework.rs:23:31".into())
            }
        );
        assert_eq!(parsed[1].location, "lessons/lesson3/tests/homework.rs:9:9");
        let Status::Failing(message) =
            status_of(NESTED, "forward_loop", LESSON3, &sources(""), Lang::En)
        else {
            panic!("not failing");
        };
        assert_eq!(
            message,
            "`forward_loop` panicked (network [2, 10, 10, 2], batch of 7)\n  \
             the first panic: Gemv: dimensions mismatch.\n  \
             at lessons/lesson3/src/homework.rs:23:31"
        );
        assert!(!message.contains("registry") && !message.contains("/rustc/"));
        // In Japanese, the checker's own labels are; the check's and nalgebra's words are quoted.
        let Status::Failing(ja) =
            status_of(NESTED, "forward_loop", LESSON3, &sources(""), Lang::Ja)
        else {
            panic!("not failing");
        };
        assert_eq!(
            ja,
            "`forward_loop` panicked (network [2, 10, 10, 2], batch of 7)\n  \
             最初のパニック: Gemv: dimensions mismatch.\n  \
             場所: lessons/lesson3/src/homework.rs:23:31"
        );
    }

    #[test]
    fn the_original_panic_is_not_repeated_and_foreign_locations_are_left_out() {
        // The check's message already quotes the original, which panicked in std (no learner frame).
        let quoted = "\
---- update_eta stdout ----

thread 'update_eta' (9) panicked at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/num/mod.rs:319:5:
attempt to calculate the remainder with a divisor of zero
stack backtrace:
   0: core::panicking::panic_const::panic_const_rem_by_zero
             at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/panicking.rs:175:17
note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.

thread 'update_eta' (9) panicked at lessons/lesson3/tests/homework.rs:9:9:
update_eta panicked: attempt to calculate the remainder with a divisor of zero (with learning_plan = 0, 0 means never)
stack backtrace:
   0: homework::pass
             at ./tests/homework.rs:9:9
";
        let run = format!("test update_eta ... FAILED\n\nfailures:\n\n{quoted}\n\nfailures:\n");
        assert_eq!(
            status_of(&run, "update_eta", LESSON3, &sources(""), Lang::En),
            Status::Failing("update_eta panicked: attempt to calculate the remainder with a divisor of zero (with learning_plan = 0, 0 means never)".into())
        );
        // A panic in the learner's own line (std's index panics carry the caller's location),
        // printed relative to the workspace root, or absolute.
        for location in [
            "lessons/lesson3/src/homework.rs:56:8",
            "/work/main/lessons/lesson3/src/homework.rs:56:8",
        ] {
            let own = run.replace(
                "/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/num/mod.rs:319:5",
                location,
            );
            let Status::Failing(m) = status_of(&own, "update_eta", LESSON3, &sources(""), Lang::En)
            else {
                panic!("not failing");
            };
            assert!(
                m.ends_with("\n  at lessons/lesson3/src/homework.rs:56:8"),
                "{m}"
            );
        }
    }

    // `cargo test -p lesson1 --test homework --no-run --message-format=json` (stdout, then
    // stderr) on a copy of this workspace whose lessons/lesson1/src/homework.rs has an unused
    // import on line 11 (a warning first) and returns `1.0` from `matrix_multi` on line 19
    // (captured with cargo 1.95; most dependencies' artifact messages left out).
    const BROKEN_JSON: &str = include_str!("../tests/fixtures/compile_error.json");
    // The same build in cargo's human format.
    const BROKEN_HUMAN: &str = include_str!("../tests/fixtures/compile_error.txt");

    #[test]
    fn reads_the_first_compiler_error_with_its_location() {
        for output in [BROKEN_JSON, BROKEN_HUMAN] {
            let error = compile_error(output).expect("an error");
            let first = error.lines().next().unwrap();
            assert_eq!(
                first, "lessons/lesson1/src/homework.rs:19:5: error[E0308]: mismatched types",
                "{error}"
            );
            assert!(error.contains("found floating-point number"), "{error}");
            assert!(error.contains("19 |     1.0"), "{error}");
            assert!(!error.contains("warning"), "{error}");
        }
        // A run whose build failed reports that, not a missing test.
        assert!(matches!(
            status_of(BROKEN_HUMAN, "matrix_multi", FILE, &sources(""), Lang::En),
            Status::DoesNotCompile(e) if e.starts_with("lessons/lesson1/src/homework.rs:19:5")
        ));
        assert_eq!(compile_error("   Compiling lesson1\n    Finished"), None);
        assert_eq!(
            cargo_error("error: package ID specification `nope` did not match any packages\n"),
            "error: package ID specification `nope` did not match any packages"
        );
    }

    #[test]
    fn a_missing_test_is_said_plainly() {
        match status_of(
            "running 0 tests\n\ntest result: ok. 0 passed",
            "nope",
            FILE,
            &sources(""),
            Lang::En,
        ) {
            Status::Failing(m) => assert!(m.contains("no result for \"nope\""), "{m}"),
            s => panic!("{s:?}"),
        }
        assert_eq!(Status::NotStarted(String::new()).name(), "not_started");
        assert_eq!(
            timed_out("forward_loop", Duration::from_secs(20), Lang::En)
                .message(Lang::En)
                .unwrap(),
            "`forward_loop` did not finish in 20 s — is there a loop in `forward_loop` (or in a \
             function it calls) that never ends?"
        );
        assert_eq!(
            timed_out("hm_relu", Duration::from_millis(500), Lang::En)
                .message(Lang::En)
                .unwrap(),
            "`hm_relu` did not finish in 0.5 s — is there a loop in `hm_relu` (or in a function it \
             calls) that never ends?"
        );
    }
}
