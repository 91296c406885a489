//! The flags every lesson takes and the `main` every lesson runs: parse, run, and on failure one
//! sentence on stderr and exit code 1.

use anyhow::{Context, bail};
use clap::Parser;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The flags every lesson takes: `--seed --out --quiet --json --mine`. Flatten it into a lesson's
/// arguments with `#[command(flatten)]`.
#[derive(Debug, Clone, clap::Args)]
pub struct Common {
    /// Seed of every random choice (data, initial weights, mini-batch order): the same seed gives
    /// the same numbers on every run.
    #[arg(long, default_value_t = 1, global = true)]
    pub seed: u64,
    /// Directory for the files this lesson writes [default: out/lessonN].
    #[arg(long, value_name = "DIR", global = true)]
    pub out: Option<PathBuf>,
    /// Print only errors (and the JSON line with --json).
    #[arg(long, global = true)]
    pub quiet: bool,
    /// End with one JSON object of the final metrics on the last line of stdout.
    #[arg(long, global = true)]
    pub json: bool,
    /// Run with your own functions from this lesson's src/homework.rs.
    #[arg(long, global = true)]
    pub mine: bool,
}

impl Common {
    /// `--out`, or `out/<lesson>` by default.
    pub fn out_dir(&self, lesson: &str) -> PathBuf {
        self.out
            .clone()
            .unwrap_or_else(|| PathBuf::from("out").join(lesson))
    }

    /// Whether to print the story (not `--quiet`).
    pub fn talk(&self) -> bool {
        !self.quiet
    }
}

/// Parses `A` from the command line and runs `run` on it.
///
/// - `--help` and `--version` print and exit 0;
/// - a flag clap rejects, or an error from `run`, prints `error: <one sentence>` on stderr and
///   exits 1 (never clap's 2, never a backtrace). Negative numbers reach the lesson's own
///   validation, which says what the flag needs, before or after a subcommand
///   ([`negative_numbers_everywhere`]);
/// - a standard output closed early ends the program quietly ([`quiet_on_closed_stdout`]);
/// - with the environment variable [`PARSE_ONLY`] set, it stops after parsing, with exit 0 (the
///   generated tests of every flag use it).
pub fn main<A: Parser>(run: impl FnOnce(A) -> anyhow::Result<()>) -> ExitCode {
    quiet_on_closed_stdout();
    let parsed = negative_numbers_everywhere(A::command())
        .try_get_matches()
        .and_then(|mut m| A::from_arg_matches_mut(&mut m));
    let args = match parsed {
        Ok(a) => a,
        Err(e) => return clap_failure(&e),
    };
    if std::env::var_os(PARSE_ONLY).is_some() {
        return ExitCode::SUCCESS;
    }
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // All or nothing on disk: a failed run takes back what it wrote.
            nn_core::atomic::undo_this_runs_files();
            eprintln!("error: {}", nn_core::one_sentence(&*e));
            ExitCode::FAILURE
        }
    }
}

/// The environment variable that makes [`main`] stop after parsing the flags.
pub const PARSE_ONLY: &str = "NN_COURSE_PARSE_ONLY";

/// `cmd` and every subcommand under it taking `-0.1` or `-3` as a flag's value: clap's
/// `allow_negative_numbers` holds only for the command it is set on, so after a subcommand a
/// negative value was read as an unknown flag ("unexpected argument '-0' found").
pub fn negative_numbers_everywhere(cmd: clap::Command) -> clap::Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    names
        .iter()
        .fold(cmd.allow_negative_numbers(true), |cmd, name| {
            cmd.mut_subcommand(name, negative_numbers_everywhere)
        })
}

/// Makes a standard output that closes early (`lesson1 | head -1`) end the program quietly,
/// with the status of the signal SIGPIPE, as other command-line programs do. Rust starts with
/// SIGPIPE ignored, so the next print after the reader left would panic with "failed printing
/// to stdout: Broken pipe" and a backtrace.
pub fn quiet_on_closed_stdout() {
    #[cfg(unix)]
    // SAFETY: called at the start of `main`, before any thread is started; restoring a signal's
    // default action has no other effect on the program.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Makes sure `--out DIR` can take the lesson's files, before any work, without making it: the
/// directory is made with the first file written into it ([`nn_core::AtomicFile`]), so a run
/// refused later leaves no empty directory. `DIR`, or the nearest of its parents that exists,
/// must be a directory where a file can be written (tried with a temporary file, removed again).
/// A file in its place or a place that cannot be written is named in one sentence.
pub fn check_out_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() && !dir.is_dir() {
        bail!("--out {} is a file, not a directory", dir.display());
    }
    let here = Path::new(".");
    let existing = dir
        .ancestors()
        .find(|d| d.as_os_str().is_empty() || d.exists())
        .map(|d| if d.as_os_str().is_empty() { here } else { d })
        .unwrap_or(here);
    if !existing.is_dir() {
        bail!(
            "--out {}: {} is a file, not a directory",
            dir.display(),
            existing.display()
        );
    }
    // The writer every output uses, dropped unfinished: it leaves nothing behind.
    nn_core::AtomicFile::create(existing.join("write-test")).with_context(|| {
        format!(
            "--out {}: {} is not writable",
            dir.display(),
            existing.display()
        )
    })?;
    Ok(())
}

/// Help and version go to stdout with exit 0; a usage error becomes one line and exit 1.
fn clap_failure(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            ExitCode::FAILURE
        }
        _ => {
            eprintln!("{}", usage_sentence(&e.render().to_string()));
            ExitCode::FAILURE
        }
    }
}

/// The first line of clap's message (`error: …`), with a pointer to `--help` when clap gives a
/// tip on a later line. A first line ending in `:` takes the indented lines after it (clap lists
/// the missing arguments there).
pub fn usage_sentence(rendered: &str) -> String {
    let mut first = rendered
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("error: bad arguments")
        .to_string();
    if first.ends_with(':') {
        let items: Vec<&str> = rendered
            .lines()
            .skip_while(|l| l.trim() != first)
            .skip(1)
            .take_while(|l| l.starts_with(' ') && !l.trim().is_empty())
            .map(str::trim)
            .collect();
        first = format!("{first} {}", items.join(", "));
    }
    let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
    let tip = lines
        .find(|l| l.starts_with("tip:"))
        .map(|t| t.trim_start_matches("tip:").trim());
    match tip {
        Some(t) => format!("{first} ({t}; see --help)"),
        None => format!("{first} (see --help)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Parser)]
    #[command(allow_negative_numbers = true)]
    struct Lesson {
        #[command(flatten)]
        common: Common,
        #[arg(long, default_value_t = 0.1)]
        eta: f64,
    }

    #[test]
    fn common_flags_parse_with_defaults_and_negative_numbers_reach_validation() {
        let a = Lesson::try_parse_from(["lesson", "--eta", "-1", "--quiet"]).unwrap();
        assert_eq!(a.eta, -1.0, "a negative number is a value, not a flag");
        assert_eq!(a.common.seed, 1);
        assert!(!a.common.talk());
        assert_eq!(a.common.out_dir("lesson9"), PathBuf::from("out/lesson9"));
        let a = Lesson::try_parse_from(["lesson", "--out", "x", "--seed", "7"]).unwrap();
        assert_eq!(
            (a.common.out_dir("l"), a.common.seed),
            (PathBuf::from("x"), 7)
        );
    }

    #[test]
    fn out_dirs_are_checked_without_being_made_and_files_or_unwritable_places_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b");
        check_out_dir(&dir).unwrap();
        assert!(
            !tmp.path().join("a").exists(),
            "made only with the first file"
        );
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            0,
            "the test file is gone"
        );
        let e = check_out_dir(&tmp.path().join("a-file/b"));
        assert!(e.is_ok(), "nothing there yet");
        std::fs::write(tmp.path().join("a-file"), "x").unwrap();
        let e = check_out_dir(&tmp.path().join("a-file/b"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("a-file is a file, not a directory"), "{e}");
        let file = tmp.path().join("f");
        std::fs::write(&file, "x").unwrap();
        let e = check_out_dir(&file).unwrap_err().to_string();
        assert!(e.contains("is a file, not a directory"), "{e}");
        let e = format!(
            "{:#}",
            check_out_dir(Path::new("/proc/nn-course-x")).unwrap_err()
        );
        assert!(e.starts_with("--out /proc/nn-course-x"), "{e}");
    }

    #[test]
    fn a_usage_error_is_one_line_naming_the_flag() {
        let e = Lesson::try_parse_from(["lesson", "--seed", "-5"]).unwrap_err();
        let line = usage_sentence(&e.render().to_string());
        assert!(!line.contains('\n'), "{line}");
        assert!(
            line.starts_with("error: ") && line.contains("--seed"),
            "{line}"
        );
        let e = Lesson::try_parse_from(["lesson", "--etaa", "1"]).unwrap_err();
        let line = usage_sentence(&e.render().to_string());
        assert!(line.contains("--etaa") && line.contains("--eta"), "{line}");
        #[derive(Debug, Parser)]
        struct Needs {
            #[arg(long)]
            model: PathBuf,
            #[arg(long)]
            data: PathBuf,
        }
        let e = Needs::try_parse_from(["lesson"]).unwrap_err();
        let line = usage_sentence(&e.render().to_string());
        assert_eq!(
            line,
            "error: the following required arguments were not provided: --model <MODEL>, --data <DATA> (see --help)"
        );
    }

    #[derive(Debug, Parser)]
    struct WithSubcommands {
        #[command(subcommand)]
        command: Sub,
    }

    #[derive(Debug, clap::Subcommand)]
    enum Sub {
        /// A subcommand with a number.
        Train {
            #[arg(long)]
            dropout: f64,
        },
        /// A subcommand under a subcommand.
        Outer {
            #[command(subcommand)]
            inner: Inner,
        },
    }

    #[derive(Debug, clap::Subcommand)]
    enum Inner {
        Deep {
            #[arg(long)]
            step: i64,
        },
    }

    #[test]
    fn negative_numbers_are_values_after_every_subcommand_however_deep() {
        use clap::{CommandFactory, FromArgMatches};
        let parse = |args: &[&str]| {
            negative_numbers_everywhere(WithSubcommands::command())
                .try_get_matches_from(args)
                .and_then(|mut m| WithSubcommands::from_arg_matches_mut(&mut m))
        };
        // Without the walk, clap reads the value as a flag.
        let plain = WithSubcommands::try_parse_from(["l", "train", "--dropout", "-0.1"]);
        assert!(plain.is_err(), "clap alone took -0.1 as a value");
        let a = parse(&["l", "train", "--dropout", "-0.1"]).unwrap();
        assert!(matches!(a.command, Sub::Train { dropout } if dropout == -0.1));
        let a = parse(&["l", "outer", "deep", "--step", "-3"]).unwrap();
        assert!(matches!(
            a.command,
            Sub::Outer {
                inner: Inner::Deep { step: -3 }
            }
        ));
        // A real unknown flag is still an error.
        assert!(parse(&["l", "train", "--dropout", "0.1", "-x"]).is_err());
    }
}
