//! Running a lesson on the learner's own functions (`--mine`): an unfinished `todo!` or a
//! panic in their code becomes one friendly sentence instead of a backtrace.

use crate::check::{NOT_STARTED, panic_text};
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;

static LOCATION: Mutex<Option<String>> = Mutex::new(None);

/// The panic hook is process-wide: one guard at a time installs and restores it, so two
/// threads never restore each other's hook in the wrong order.
static HOOK: Mutex<()> = Mutex::new(());

/// A panic caught by [`silently`]: its message and, when known, its `FILE:LINE`.
#[derive(Debug, Clone, PartialEq)]
pub struct Caught {
    /// The panic message (for `todo!`: "not yet implemented: …").
    pub text: String,
    /// Where the panic happened, as `FILE:LINE`.
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
    let caught = |payload: Box<dyn std::any::Any + Send>| Caught {
        text: panic_text(payload.as_ref()),
        location: LOCATION.lock().unwrap_or_else(|e| e.into_inner()).take(),
    };
    if INSIDE.get() {
        return panic::catch_unwind(AssertUnwindSafe(f)).map_err(caught);
    }
    let serial = HOOK.lock().unwrap_or_else(|e| e.into_inner());
    let previous = panic::take_hook();
    panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()));
        *LOCATION.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }));
    INSIDE.set(true);
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    INSIDE.set(false);
    panic::set_hook(previous);
    let result = result.map_err(caught);
    drop(serial);
    result
}

/// Runs `f` [`silently`]. A `todo!` panic ("not yet implemented: name: …") becomes
/// "`name` in FILE is not written yet; …" naming the hint command; any other panic becomes
/// "your code panicked at FILE:LINE: message". `file` is the learner's homework file; each stub's
/// `todo!("name: …")` names its function, which the sentence repeats.
pub fn guard<T>(file: &str, f: impl FnOnce() -> T) -> Result<T, String> {
    silently(f).map_err(|c| describe(&c.text, c.location.as_deref(), file))
}

/// The sentence for a panic with message `text` at `location`.
pub fn describe(text: &str, location: Option<&str>, file: &str) -> String {
    if let Some(rest) = text.split(NOT_STARTED).nth(1) {
        let name = rest
            .trim_start_matches(':')
            .trim()
            .split(':')
            .next()
            .unwrap_or("")
            .trim();
        let is_name =
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        return match is_name.then_some(name) {
            Some(id) => format!(
                "`{id}` in {file} is not written yet: replace its todo! with your code (stuck? run `cargo homework hint {id}`)"
            ),
            None => format!(
                "a function in {file} is not written yet ({text}); run `cargo homework` to see which"
            ),
        };
    }
    let at = location.map(|l| format!(" at {l}")).unwrap_or_default();
    format!("your code panicked{at}: {text} (run `cargo homework` to check each function)")
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
        assert_eq!(guard(FILE, || 7), Ok(7));
        let caught = silently(|| -> u8 { panic!("quiet") }).unwrap_err();
        assert_eq!(caught.text, "quiet");
        assert!(caught.location.is_some_and(|l| l.contains("mine.rs")));
        // Nested on one thread: the inner call catches, the outer one returns normally.
        let nested = silently(|| silently(|| -> u8 { panic!("inner") }));
        assert_eq!(
            nested.map(|r| r.map_err(|c| c.text)),
            Ok(Err("inner".into()))
        );
        let err = describe("not yet implemented", None, FILE);
        assert!(err.contains("run `cargo homework` to see which"), "{err}");
    }
}
