//! The one progress bar of the course: on stderr while long work runs, hidden with `--quiet`.
//! Lines printed through it appear above the bar on a terminal, and plainly otherwise, so a log
//! file gets the same story.

use indicatif::{ProgressBar, ProgressStyle};

/// A progress bar over `len` steps labelled `what`: `what [=====>    ] 120/9500 0:01`.
pub fn bar(talk: bool, len: u64, what: &str) -> ProgressBar {
    if !talk {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template("{msg:>14} [{bar:40}] {pos}/{len} {elapsed}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_string());
    bar
}

/// Prints `line` above `bar` (or plainly when the bar is hidden, e.g. not a terminal).
pub fn say(bar: &ProgressBar, line: &str) {
    if bar.is_hidden() {
        println!("{line}");
    } else {
        bar.println(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_bars_are_hidden_and_others_count() {
        assert!(bar(false, 10, "x").is_hidden());
        let b = bar(true, 10, "training");
        b.inc(3);
        assert_eq!((b.position(), b.length()), (3, Some(10)));
        assert_eq!(b.message(), "training");
    }
}
