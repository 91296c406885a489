//! Running a lesson on the learner's own functions (`--mine`): an unfinished `todo!` or a
//! panic in their code becomes one friendly sentence instead of a backtrace.
//!
//! The sentence names the learner's function and the line of their homework file where it
//! panicked. A panic inside a library (nalgebra's "dimensions mismatch", an index check) has its
//! own location in the cargo registry or the standard library, which tells the learner nothing:
//! the panic hook captures a backtrace, and [`guard`] reports the innermost frame in the
//! learner's file instead — or, when the panic happened in the lesson's code on what their
//! functions returned, that line of the lesson and the learner's functions it uses.

use crate::check::{NOT_STARTED, panic_hint, panic_text};
use std::backtrace::Backtrace;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;

/// What the hook saw of the last panic: its own location and a backtrace (resolved later, and
/// only if the panic is caught).
struct Seen {
    location: Option<String>,
    backtrace: Backtrace,
}

static LAST: Mutex<Option<Seen>> = Mutex::new(None);

/// The panic hook is process-wide: one guard at a time installs and restores it, so two
/// threads never restore each other's hook in the wrong order.
static HOOK: Mutex<()> = Mutex::new(());

/// A panic caught by [`silently`]: its message, its location and its backtrace.
#[derive(Debug, Clone, PartialEq)]
pub struct Caught {
    /// The panic message (for `todo!`: "not yet implemented: …").
    pub text: String,
    /// Where the panic happened, as `FILE:LINE` (for a panic inside a library, a file of the
    /// cargo registry or the standard library).
    pub location: Option<String>,
    /// The backtrace at the panic, innermost frame first (empty when none was captured).
    pub frames: Vec<Frame>,
}

/// One frame of a backtrace.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// The function, e.g. `lesson1::homework::matrix_multi`.
    pub function: String,
    /// Its source location as `FILE:LINE` (the column dropped), if the backtrace has one.
    pub location: Option<String>,
}

thread_local! {
    /// Whether this thread is inside [`silently`] (its hook is already installed).
    static INSIDE: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with a silent panic hook, so a panic prints nothing and comes back as a
/// [`Caught`]. The hook is process-wide: calls are serialized and the previous hook is restored
/// before returning, so other threads' panics print as usual outside these calls. A call nested
/// in another on the same thread keeps the outer call's hook.
pub fn silently<T>(f: impl FnOnce() -> T) -> Result<T, Caught> {
    let caught = |payload: Box<dyn std::any::Any + Send>| {
        let seen = LAST.lock().unwrap_or_else(|e| e.into_inner()).take();
        let (location, frames) = match seen {
            Some(s) => (s.location, parse_frames(&s.backtrace.to_string())),
            None => (None, Vec::new()),
        };
        Caught {
            text: panic_text(payload.as_ref()),
            location,
            frames,
        }
    };
    if INSIDE.get() {
        return panic::catch_unwind(AssertUnwindSafe(f)).map_err(caught);
    }
    let serial = HOOK.lock().unwrap_or_else(|e| e.into_inner());
    let previous = panic::take_hook();
    panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()));
        let backtrace = Backtrace::force_capture();
        *LAST.lock().unwrap_or_else(|e| e.into_inner()) = Some(Seen {
            location,
            backtrace,
        });
    }));
    INSIDE.set(true);
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    INSIDE.set(false);
    panic::set_hook(previous);
    let result = result.map_err(caught);
    drop(serial);
    result
}

/// The frames of a backtrace as `std::backtrace::Backtrace` prints it, innermost first:
///
/// ```text
///    3: lesson1::homework::matrix_multi
///              at ./lessons/lesson1/src/homework.rs:23:31
/// ```
pub fn parse_frames(backtrace: &str) -> Vec<Frame> {
    let mut frames: Vec<Frame> = Vec::new();
    for line in backtrace.lines() {
        let line = line.trim();
        if let Some(at) = line.strip_prefix("at ") {
            if let Some(last) = frames.last_mut().filter(|f| f.location.is_none()) {
                last.location = Some(without_column(at));
            }
        } else if let Some((number, function)) = line.split_once(": ")
            && !number.is_empty()
            && number.bytes().all(|b| b.is_ascii_digit())
        {
            frames.push(Frame {
                function: function.trim().to_string(),
                location: None,
            });
        }
    }
    frames
}

/// `PATH:LINE:COL` as `PATH:LINE` (anything else unchanged).
fn without_column(location: &str) -> String {
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match location.rsplit_once(':') {
        Some((rest, col))
            if numeric(col) && rest.rsplit_once(':').is_some_and(|(_, l)| numeric(l)) =>
        {
            rest.to_string()
        }
        _ => location.to_string(),
    }
}

/// `(PATH, LINE)` of a `PATH:LINE` location.
fn split_location(location: &str) -> Option<(&str, usize)> {
    let (path, line) = location.rsplit_once(':')?;
    Some((path, line.parse().ok()?))
}

/// Whether `path` is a file of the cargo registry, of a git dependency or of the standard
/// library — somewhere the learner should never be sent.
fn outside_the_repository(path: &str) -> bool {
    let path = path.replace('\\', "/");
    path.starts_with("/rustc/")
        || [
            "/.cargo/registry/",
            "/.cargo/git/",
            "/.rustup/",
            "/rustlib/",
        ]
        .iter()
        .any(|p| path.contains(p))
}

/// `path` as the repository names it: without a leading `./` or the current directory.
fn tidy(path: &str) -> String {
    let path = path.strip_prefix("./").unwrap_or(path);
    if let Ok(cwd) = std::env::current_dir()
        && let Ok(rel) = std::path::Path::new(path).strip_prefix(&cwd)
    {
        return rel.display().to_string();
    }
    path.to_string()
}

/// Whether the source path `path` (as a backtrace or a panic prints it) is the learner's `file`
/// (relative to the repository root): the same, or one ends with the other.
fn is_file(path: &str, file: &str) -> bool {
    let path = path.strip_prefix("./").unwrap_or(path).replace('\\', "/");
    path == file || path.ends_with(&format!("/{file}")) || file.ends_with(&format!("/{path}"))
}

/// The learner's function in a frame's `function`, `lesson1::homework::forward::{{closure}}` →
/// `forward`: the last path segment that is a plain name.
fn function_name(function: &str) -> Option<String> {
    let hash = |s: &str| {
        s.len() == 17 && s.starts_with('h') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
    };
    function
        .rsplit("::")
        .filter(|s| !hash(s))
        .find(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .filter(|s| !s.starts_with(|c: char| c.is_ascii_digit()))
        .map(str::to_string)
}

/// Line `line` (1-based) of the file at `path`, trimmed, if it can be read.
fn source_line(path: &str, line: usize) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let l = text.lines().nth(line.checked_sub(1)?)?.trim();
    (!l.is_empty()).then(|| l.to_string())
}

/// The functions declared in the learner's `file` (`fn NAME`), each with its line, if it can be
/// read.
fn declared_functions(file: &str) -> Vec<(String, usize)> {
    let Ok(text) = std::fs::read_to_string(file) else {
        return Vec::new();
    };
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let l = l.trim_start();
            if l.starts_with("//") {
                return None;
            }
            let rest = l.split_once("fn ")?.1;
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            (!name.is_empty()).then_some((name, i + 1))
        })
        .collect()
}

/// Whether `code` uses the identifier `name` (not as part of a longer one).
fn mentions(code: &str, name: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    code.match_indices(name).any(|(i, _)| {
        let before = code[..i].chars().next_back();
        let after = code[i + name.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}

/// Where a panic should be shown to the learner.
#[derive(Debug, Clone, PartialEq)]
enum Place {
    /// In the learner's file: the function (when the backtrace names it) and `FILE:LINE`.
    Learner(Option<String>, String),
    /// In the lesson's own code (`FILE:LINE`), working on what the learner's functions
    /// returned.
    Lesson(String),
    /// Somewhere in the repository (a panic location that is not in a library).
    Other(String),
    /// Nowhere worth showing.
    Unknown,
}

/// The frames of the code that panicked: those after the panic machinery (the hook that
/// captured the backtrace, `std::panicking`, `core::panicking::panic_fmt`, `assert_failed` …).
fn below_the_panic(frames: &[Frame]) -> &[Frame] {
    let machinery = |f: &Frame| {
        [
            "core::panicking::",
            "rust_begin_unwind",
            "std::panicking::begin_panic",
        ]
        .iter()
        .any(|m| f.function.contains(m))
    };
    // The first frame of the machinery, then past every one that follows it directly (the
    // `std::panicking::catch_unwind` frames further out belong to the caller).
    let Some(start) = frames.iter().position(machinery) else {
        return frames;
    };
    let end = frames[start..]
        .iter()
        .position(|f| !machinery(f))
        .map_or(frames.len(), |i| start + i);
    &frames[end..]
}

/// Where `caught` happened, for the learner whose file is `file`.
fn place(caught: &Caught, file: &str) -> Place {
    let frames = below_the_panic(&caught.frames);
    let located = |l: &str| split_location(l).map(|(p, n)| (p.to_string(), n));
    // The innermost frame in the learner's file (or the panic's own location, when it is there).
    let own = caught.location.as_deref().and_then(located);
    if let Some((path, line)) = &own
        && is_file(path, file)
    {
        let function = frames
            .iter()
            .find(|f| {
                f.location
                    .as_deref()
                    .and_then(located)
                    .is_some_and(|(p, _)| is_file(&p, file))
            })
            .and_then(|f| function_name(&f.function));
        return Place::Learner(function, format!("{file}:{line}"));
    }
    for frame in frames {
        if let Some((path, line)) = frame.location.as_deref().and_then(located)
            && is_file(&path, file)
        {
            return Place::Learner(function_name(&frame.function), format!("{file}:{line}"));
        }
    }
    match own {
        Some((path, line)) if !outside_the_repository(&path) => {
            Place::Other(format!("{}:{line}", tidy(&path)))
        }
        // Inside a library, called from the lesson's code: the first frame in the repository.
        _ => frames
            .iter()
            .filter_map(|f| f.location.as_deref().and_then(located))
            .find(|(p, _)| p.ends_with(".rs") && !outside_the_repository(p))
            .map_or(Place::Unknown, |(p, line)| {
                Place::Lesson(format!("{}:{line}", tidy(&p)))
            }),
    }
}

/// Runs `f` [`silently`]. A `todo!` panic ("not yet implemented: name: …") becomes
/// "`name` in FILE is not written yet; …" naming the hint command; any other panic becomes
/// "your `name` panicked at FILE:LINE: message", naming the learner's function and line even when
/// the panic itself happened inside a library it called. `file` is the learner's homework file
/// (relative to the repository root); each stub's `todo!("name: …")` names its function, which
/// the sentence repeats.
pub fn guard<T>(file: &str, f: impl FnOnce() -> T) -> Result<T, String> {
    silently(f).map_err(|c| explain(&c, file))
}

/// The sentence for the caught panic `c` (see [`guard`]).
pub fn explain(c: &Caught, file: &str) -> String {
    if let Some(todo) = not_written(&c.text, file) {
        return todo;
    }
    // One line: assert_eq!'s "\n  left: …\n right: …" (nalgebra's shapes) joined with commas.
    let mut text = String::new();
    for line in c.text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !text.is_empty() {
            text += if text.ends_with('.') { " " } else { ", " };
        }
        text += line;
    }
    let text = &text;
    let hint = panic_hint(text);
    let tail = "(run `cargo homework` to check each function)";
    match place(c, file) {
        Place::Learner(Some(name), at) => {
            format!("your `{name}` panicked at {at}: {text}{hint} {tail}")
        }
        Place::Learner(None, at) => format!("your code panicked at {at}: {text}{hint} {tail}"),
        Place::Lesson(at) => {
            let (path, line) = split_location(&at).unwrap_or((&at, 0));
            let code = source_line(path, line);
            let yours: Vec<String> = declared_functions(file)
                .into_iter()
                .filter(|(name, _)| code.as_deref().is_some_and(|c| mentions(c, name)))
                .map(|(name, line)| format!("`{name}` ({file}:{line})"))
                .collect();
            let code = code.map(|c| format!(" (`{c}`)")).unwrap_or_default();
            let uses = if yours.is_empty() {
                String::new()
            } else {
                format!(", a line that uses your {}", yours.join(" and "))
            };
            format!(
                "the lesson's code panicked at {at}{code}{uses}, on what your functions returned: \
                 {text}{hint}; check the shapes and values your functions return {tail}"
            )
        }
        Place::Other(at) => format!("your code panicked at {at}: {text}{hint} {tail}"),
        Place::Unknown => format!("your code panicked: {text}{hint} {tail}"),
    }
}

/// The sentence for a `todo!` panic: "`name` in FILE is not written yet: …", or `None` when
/// `text` is another panic.
fn not_written(text: &str, file: &str) -> Option<String> {
    let rest = text.split(NOT_STARTED).nth(1)?;
    let name = rest
        .trim_start_matches(':')
        .trim()
        .split(':')
        .next()
        .unwrap_or("")
        .trim();
    let is_name = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    Some(match is_name.then_some(name) {
        Some(id) => format!(
            "`{id}` in {file} is not written yet: replace its todo! with your code (stuck? run `cargo homework hint {id}`)"
        ),
        None => format!(
            "a function in {file} is not written yet ({text}); run `cargo homework` to see which"
        ),
    })
}

/// The sentence for a panic with message `text` at `location` (no backtrace: see [`explain`]).
pub fn describe(text: &str, location: Option<&str>, file: &str) -> String {
    explain(
        &Caught {
            text: text.to_string(),
            location: location.map(str::to_string),
            frames: Vec::new(),
        },
        file,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "lessons/lesson1/src/homework.rs";

    #[test]
    fn todo_names_the_function_and_the_hint() {
        let err = guard(FILE, || -> u8 {
            panic!("not yet implemented: hm_relu: x = max(0, a)")
        })
        .unwrap_err();
        assert!(
            err.contains("`hm_relu` in lessons/lesson1/src/homework.rs is not written yet"),
            "{err}"
        );
        assert!(err.contains("cargo homework hint hm_relu"), "{err}");
    }

    #[test]
    fn other_panics_name_their_place_and_values_pass_through() {
        let err = guard(FILE, || -> u8 { panic!("index out of bounds") }).unwrap_err();
        assert!(err.starts_with("your code panicked at "), "{err}");
        assert!(
            err.contains("mine.rs") && err.contains("index out of bounds"),
            "{err}"
        );
        assert!(err.contains("rows and columns are swapped"), "{err}");
        assert_eq!(guard(FILE, || 7), Ok(7));
        let caught = silently(|| -> u8 { panic!("quiet") }).unwrap_err();
        assert_eq!(caught.text, "quiet");
        assert!(caught.location.is_some_and(|l| l.contains("mine.rs")));
        // The backtrace was captured and read: this test's own function is among its frames.
        assert!(
            caught
                .frames
                .iter()
                .any(|f| f.function.contains("other_panics_name")
                    && f.location.as_deref().is_some_and(|l| l.contains("mine.rs"))),
            "{:?}",
            caught.frames
        );
        // Nested on one thread: the inner call catches, the outer one returns normally.
        let nested = silently(|| silently(|| -> u8 { panic!("inner") }));
        assert_eq!(
            nested.map(|r| r.map_err(|c| c.text)),
            Ok(Err("inner".into()))
        );
        let err = describe("not yet implemented", None, FILE);
        assert!(err.contains("run `cargo homework` to see which"), "{err}");
    }

    /// A panic inside a library the learner's code calls is shown at the learner's line, named
    /// by their function: the backtrace's first frame in `homework.rs`, not nalgebra's file.
    #[test]
    fn a_panic_inside_a_library_is_shown_at_the_learners_line() {
        // What `Backtrace::force_capture()` prints (Rust 1.9x), trimmed to the frames that count.
        let backtrace = "\
   0: std::backtrace_rs::backtrace::libunwind::trace
             at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/../../backtrace/src/backtrace/libunwind.rs:117:9
   1: std::backtrace::Backtrace::force_capture
             at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/backtrace.rs:312:9
   2: nn_course::mine::silently::{{closure}}
             at ./crates/course/src/mine.rs:80:25
   3: core::panicking::panic_fmt
             at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/panicking.rs:80:14
   4: <nalgebra::base::matrix::Matrix<T,R1,C1,SA> as core::ops::arith::Mul<&nalgebra::base::matrix::Matrix<T,R2,C2,SB>>>::mul
             at /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/nalgebra-0.35.0/src/base/ops.rs:595:9
   5: lesson1::homework::forward::{{closure}}
             at ./lessons/lesson1/src/homework.rs:57:21
   6: lesson1::homework::forward
             at ./lessons/lesson1/src/homework.rs:55:9
   7: lesson1::steps::forward_steps
             at ./lessons/lesson1/src/steps.rs:86:18
   8: std::panicking::catch_unwind
             at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/panicking.rs:544:19
   9: main
";
        let frames = parse_frames(backtrace);
        assert_eq!(frames.len(), 10, "{frames:?}");
        assert_eq!(
            frames[5],
            Frame {
                function: "lesson1::homework::forward::{{closure}}".into(),
                location: Some("./lessons/lesson1/src/homework.rs:57".into()),
            }
        );
        assert_eq!(frames[9].location, None);
        let caught = Caught {
            text: "Matrix multiplication dimensions mismatch.".into(),
            location: Some(
                "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/nalgebra-0.35.0/src/base/ops.rs:595".into(),
            ),
            frames,
        };
        let err = explain(&caught, FILE);
        assert!(
            err.starts_with(
                "your `forward` panicked at lessons/lesson1/src/homework.rs:57: Matrix multiplication dimensions mismatch."
            ),
            "{err}"
        );
        assert!(err.contains("shapes do not fit"), "{err}");
        assert!(!err.contains(".cargo") && !err.contains("ops.rs"), "{err}");

        // Absolute paths (a run from another directory) and the learner's own panic location.
        let caught = Caught {
            text: "index out of bounds: the len is 3 but the index is 3".into(),
            location: Some("lessons/lesson1/src/homework.rs:20".into()),
            frames: parse_frames(
                "  0: lesson1::homework::matrix_multi\n     at /home/me/course/lessons/lesson1/src/homework.rs:20:13\n",
            ),
        };
        assert!(
            explain(&caught, FILE).starts_with(
                "your `matrix_multi` panicked at lessons/lesson1/src/homework.rs:20: index out of bounds"
            ),
            "{}",
            explain(&caught, FILE)
        );
    }

    /// A panic in the lesson's code (an addition of two matrices one of the learner's functions
    /// shaped wrongly) is shown at the lesson's line, with the learner's functions that line uses.
    #[test]
    fn a_panic_in_the_lessons_code_names_the_learners_functions_it_uses() {
        // As Rust prints it: the hook, the machinery, nalgebra, the lesson, and further out
        // the `catch_unwind` of `silently` and of `main`, which are not where it panicked.
        let machinery = "   0: nn_course::mine::silently::{{closure}}\n             at ./crates/course/src/mine.rs:82:25\n   1: std::panicking::panic_with_hook\n             at /rustc/abc/library/std/src/panicking.rs:833:13\n   2: __rustc::rust_begin_unwind\n             at /rustc/abc/library/std/src/panicking.rs:689:5\n   3: core::panicking::panic_fmt\n             at /rustc/abc/library/core/src/panicking.rs:80:14\n   4: core::panicking::assert_failed\n             at /rustc/abc/library/core/src/panicking.rs:394:5\n";
        let outside = "   9: std::panicking::catch_unwind\n             at /rustc/abc/library/std/src/panicking.rs:544:19\n  10: nn_course::mine::silently\n             at ./crates/course/src/mine.rs:89:18\n  11: __libc_start_call_main\n             at ./csu/../sysdeps/nptl/libc_start_call_main.h:58:16\n";
        let dir = tempfile::tempdir().unwrap();
        let homework = dir.path().join("homework.rs");
        let steps = dir.path().join("steps.rs");
        std::fs::write(
            &homework,
            "// fn commented_out\npub fn matrix_multi(a: &M, b: &M) -> M {\n    todo!()\n}\n\npub fn hm_relu(a: &M) -> M {\n    todo!()\n}\n",
        )
        .unwrap();
        std::fs::write(
            &steps,
            "fn forward_steps() {\n    let a = (fns.matrix_multi)(&x_prev, &w) + &bias;\n}\n",
        )
        .unwrap();
        let (homework, steps) = (homework.display().to_string(), steps.display().to_string());
        let caught = Caught {
            text: "Matrix addition/subtraction dimensions mismatch.".into(),
            location: Some(
                "/root/.cargo/registry/src/index.crates.io-x/nalgebra-0.35.0/src/base/ops.rs:190"
                    .into(),
            ),
            frames: parse_frames(&format!(
                "{machinery}   5: nalgebra::ops::add\n             at /root/.cargo/registry/src/index.crates.io-x/nalgebra-0.35.0/src/base/ops.rs:190:9\n   6: lesson1::steps::forward_steps\n             at {steps}:2:13\n{outside}"
            )),
        };
        let err = explain(&caught, &homework);
        assert!(
            err.starts_with(&format!(
                "the lesson's code panicked at {steps}:2 (`let a = (fns.matrix_multi)(&x_prev, &w) + &bias;`), a line that uses your `matrix_multi` ({homework}:2), on what your functions returned: Matrix addition/subtraction dimensions mismatch."
            )),
            "{err}"
        );
        assert!(!err.contains("hm_relu") && !err.contains("ops.rs"), "{err}");
        // No frame in the repository: no location at all rather than the registry's.
        let caught = Caught {
            frames: Vec::new(),
            ..caught
        };
        let err = explain(&caught, &homework);
        assert!(
            err.starts_with("your code panicked: Matrix addition/subtraction dimensions mismatch."),
            "{err}"
        );
    }

    /// Multiplies a 2×3 matrix by another 2×3: nalgebra panics in its own file.
    fn multiplies_wrong_shapes() -> nalgebra::DMatrix<f64> {
        let a = nalgebra::DMatrix::<f64>::zeros(2, 3);
        &a * &a
    }

    /// A real capture: the panic's own location is nalgebra's (in the cargo registry), and the
    /// sentence names this file's function and line instead, read from the backtrace.
    #[test]
    fn a_real_library_panic_is_shown_at_the_calling_line() {
        let caught = silently(multiplies_wrong_shapes).unwrap_err();
        assert!(
            caught
                .location
                .as_deref()
                .is_some_and(|l| l.contains("nalgebra")),
            "{caught:?}"
        );
        let err = explain(&caught, "crates/course/src/mine.rs");
        let line = include_str!("mine.rs")
            .lines()
            .position(|l| l.trim() == "&a * &a")
            .unwrap()
            + 1;
        assert!(
            err.starts_with(&format!(
                "your `multiplies_wrong_shapes` panicked at crates/course/src/mine.rs:{line}: "
            )),
            "{err}"
        );
        assert!(
            err.contains("shapes do not fit") && !err.contains("registry"),
            "{err}"
        );
    }

    #[test]
    fn names_and_places() {
        assert_eq!(
            function_name("lesson1::homework::forward::{{closure}}").as_deref(),
            Some("forward")
        );
        assert_eq!(
            function_name("lesson1::homework::hm_softmax::h0123456789abcdef").as_deref(),
            Some("hm_softmax")
        );
        assert_eq!(without_column("./a/b.rs:12:5"), "./a/b.rs:12");
        assert_eq!(without_column("a.rs"), "a.rs");
        assert!(outside_the_repository("/rustc/abc/library/core/src/ops.rs"));
        assert!(outside_the_repository(
            "/root/.cargo/registry/src/x/nalgebra-0.35.0/src/base/ops.rs"
        ));
        assert!(!outside_the_repository("lessons/lesson1/src/steps.rs"));
        assert!(is_file("./lessons/lesson1/src/homework.rs", FILE));
        assert!(is_file("./src/homework.rs", FILE));
        assert!(!is_file("./lessons/lesson2/src/homework.rs", FILE));
        assert!(mentions("(fns.matrix_multi)(&x)", "matrix_multi"));
        assert!(!mentions("my_matrix_multi(&x)", "matrix_multi"));
    }
}
