//! Reading an exercise's verdict from `cargo test` output (libtest's default "pretty" format).

use serde::Serialize;

/// What the tests say about one exercise.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status", content = "message")]
pub enum Status {
    /// The test passed.
    Passing,
    /// The test failed; the check's message (or the compiler's).
    Failing(String),
    /// The test panicked with `todo!`'s "not yet implemented"; its message.
    NotStarted(String),
}

impl Status {
    /// ✅, ❌ or ⏳.
    pub fn icon(&self) -> &'static str {
        match self {
            Status::Passing => "✅",
            Status::Failing(_) => "❌",
            Status::NotStarted(_) => "⏳",
        }
    }

    /// "passing", "failing" or "not_started" (the JSON names).
    pub fn name(&self) -> &'static str {
        match self {
            Status::Passing => "passing",
            Status::Failing(_) => "failing",
            Status::NotStarted(_) => "not_started",
        }
    }
}

/// The panic message in a failed test's `---- ID stdout ----` section: the lines after
/// "panicked at FILE:LINE:COL:" up to the backtrace note.
fn panic_message(section: &str) -> String {
    let mut lines = section.lines().skip_while(|l| !l.contains("panicked at"));
    let first = lines.next();
    let body: Vec<&str> = lines
        .take_while(|l| !l.starts_with("note: run with `RUST_BACKTRACE"))
        .collect();
    let body = body.join("\n").trim().to_string();
    if body.is_empty() {
        first.unwrap_or(section.trim()).trim().to_string()
    } else {
        body
    }
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

/// The compiler's first error in `output`, with a few lines of context.
fn compile_error(output: &str) -> Option<String> {
    let start = output.find("error[").or_else(|| output.find("error: "))?;
    let lines: Vec<&str> = output[start..].lines().take(14).collect();
    Some(lines.join("\n"))
}

/// The verdict for `id` from the combined stdout and stderr of
/// `cargo test … -- --include-ignored --exact ID…`.
pub fn status_of(output: &str, id: &str) -> Status {
    if output
        .lines()
        .any(|l| l.trim() == format!("test {id} ... ok"))
    {
        return Status::Passing;
    }
    if output
        .lines()
        .any(|l| l.trim() == format!("test {id} ... FAILED"))
    {
        let message = failure_section(output, id)
            .map(panic_message)
            .unwrap_or_default();
        return if message.contains("not yet implemented") {
            Status::NotStarted(message)
        } else {
            Status::Failing(message)
        };
    }
    if let Some(error) = compile_error(output) {
        return Status::Failing(format!(
            "cargo could not build the lesson (does your code compile?):\n{error}"
        ));
    }
    Status::Failing(format!(
        "cargo ran no test named {id:?}; is it in the lesson's tests/homework.rs? (cargo said: {})",
        output
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("nothing")
            .trim()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUN: &str = "\
running 3 tests
test hm_relu ... ok
test hm_softmax ... FAILED
test forward ... FAILED

failures:

---- hm_softmax stdout ----

thread 'hm_softmax' (123) panicked at lessons/lesson1/tests/homework.rs:9:9:
hm_softmax(A = [1, 2]): entry (1, 1) is 0.5 but should be 0.2689
  each row is normalised on its own
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace

---- forward stdout ----

thread 'forward' (124) panicked at lessons/lesson1/src/homework.rs:60:5:
not yet implemented: forward: for k in 0..depth
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace


failures:
    forward
    hm_softmax

test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 3 filtered out
";

    #[test]
    fn reads_pass_fail_and_not_started() {
        assert_eq!(status_of(RUN, "hm_relu"), Status::Passing);
        assert_eq!(
            status_of(RUN, "hm_softmax"),
            Status::Failing("hm_softmax(A = [1, 2]): entry (1, 1) is 0.5 but should be 0.2689\n  each row is normalised on its own".into())
        );
        assert_eq!(
            status_of(RUN, "forward"),
            Status::NotStarted("not yet implemented: forward: for k in 0..depth".into())
        );
    }

    #[test]
    fn reports_compile_errors_and_missing_tests() {
        let broken = "   Compiling lesson1\nerror[E0308]: mismatched types\n  --> lessons/lesson1/src/homework.rs:30:5\n";
        match status_of(broken, "hm_relu") {
            Status::Failing(m) => assert!(
                m.contains("could not build the lesson") && m.contains("homework.rs:30:5"),
                "{m}"
            ),
            s => panic!("{s:?}"),
        }
        match status_of("running 0 tests\n\ntest result: ok. 0 passed", "nope") {
            Status::Failing(m) => assert!(m.contains("no test named \"nope\""), "{m}"),
            s => panic!("{s:?}"),
        }
        assert_eq!(Status::NotStarted(String::new()).name(), "not_started");
    }
}
