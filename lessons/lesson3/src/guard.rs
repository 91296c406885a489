//! Calling the learner's code safely: an unfinished `todo!` or a panic becomes a message.

use std::panic::{AssertUnwindSafe, catch_unwind};

/// Why a call into homework code did not return.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The function still says `todo!`.
    NotWritten(String),
    /// The function panicked for another reason (e.g. a shape mismatch); the panic message.
    Panicked(String),
}

/// Runs `f`, turning a panic into a [`Failure`].
pub fn catch<R>(f: impl FnOnce() -> R) -> Result<R, Failure> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let msg = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "a panic without a message".to_string());
        if msg.contains("not yet implemented") {
            Failure::NotWritten(msg)
        } else {
            Failure::Panicked(msg)
        }
    })
}

/// For checks: runs `f`; an unfinished stub keeps panicking (so `cargo homework` shows ⏳), any
/// other panic becomes an `Err` naming `function`.
pub fn call<R>(function: &str, f: impl FnOnce() -> R) -> Result<R, String> {
    match catch(f) {
        Ok(r) => Ok(r),
        Err(Failure::NotWritten(msg)) => std::panic::resume_unwind(Box::new(msg)),
        Err(Failure::Panicked(msg)) => Err(format!("your `{function}` panicked: {msg}")),
    }
}

/// For `--mine`: runs homework function `function` (exercise `exercise` of `file`), turning an
/// unfinished stub or a panic into one friendly sentence.
pub fn mine<R>(
    function: &str,
    exercise: &str,
    file: &str,
    f: impl FnOnce() -> R,
) -> anyhow::Result<R> {
    catch(f).map_err(|failure| match failure {
        Failure::NotWritten(_) => anyhow::anyhow!(
            "`{function}` in {file} is not written yet: finish it (check with `cargo homework`, \
             hint with `cargo homework hint {exercise}`) or run without --mine"
        ),
        Failure::Panicked(msg) => anyhow::anyhow!(
            "your `{function}` in {file} panicked ({msg}); `cargo homework hint {exercise}` may help"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn todo_and_other_panics_are_told_apart() {
        assert_eq!(catch(|| 3), Ok(3));
        assert!(matches!(
            catch(|| -> u8 { panic!("not yet implemented: x") }),
            Err(Failure::NotWritten(_))
        ));
        assert!(
            matches!(catch(|| -> u8 { panic!("boom") }), Err(Failure::Panicked(m)) if m == "boom")
        );
        let e = mine(
            "forward_loop",
            "forward_loop",
            "src/homework.rs",
            || -> u8 { panic!("not yet implemented: forward_loop") },
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("not written yet") && e.contains("cargo homework hint forward_loop"));
        assert_eq!(
            call("f", || -> u8 { panic!("shape") }),
            Err("your `f` panicked: shape".into())
        );
    }
}
