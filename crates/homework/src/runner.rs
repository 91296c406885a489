//! Running exercises' tests: for each lesson, `cargo test --no-run` builds its test binary (no
//! time limit: a first build takes minutes), then the binary runs the lesson's exercises under a
//! time limit (a loop that never ends is stopped, with the whole process group).

use crate::lang::Lang;
use crate::parse::{self, Sources, Status, status_of};
use crate::registry::Exercise;
use anyhow::{Context, Result, bail};
use std::ffi::OsString;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The time limit of one lesson's test run when neither `--timeout` nor `NN_HOMEWORK_TIMEOUT`
/// sets one.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// Runs the exercises' tests from the workspace root.
#[derive(Debug, Clone)]
pub struct Runner {
    /// The workspace root (cargo runs there).
    pub root: PathBuf,
    /// The cargo to run: `$CARGO` (set by `cargo run`), else `cargo`.
    pub cargo: OsString,
    /// A target directory of the tests' own, from `$NN_HOMEWORK_TARGET_DIR`. Without it (the
    /// default) the tests build where cargo builds everything else — `$CARGO_TARGET_DIR`, else
    /// `<root>/target` — so they reuse the workspace's compiled crates. That is safe although
    /// `cargo homework` is itself started by cargo: `cargo run` releases the build directory's
    /// lock before it starts the program.
    pub target_dir: Option<PathBuf>,
    /// The time limit of one lesson's test run; building the tests does not count.
    pub timeout: Duration,
    /// The language of the runner's own words in the exercises' messages.
    pub lang: Lang,
}

/// What the runner is about to do, for a progress line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Progress<'a> {
    /// Building a lesson's tests (`cargo test --no-run`; the first time takes a while).
    Building(&'a str),
    /// Running a lesson's tests under the time limit.
    Running(&'a str, Duration),
}

impl Progress<'_> {
    /// The progress line in `lang`, e.g. "building lesson1's tests…".
    pub fn text(&self, lang: Lang) -> String {
        match *self {
            Progress::Building(lesson) => lang.building(lesson),
            Progress::Running(lesson, limit) => lang.running(lesson, limit),
        }
    }
}

/// The progress line in English.
impl fmt::Display for Progress<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// Parses a time limit in seconds ("20", "0.5"): a positive number (below a billion seconds).
pub fn parse_timeout(text: &str) -> Option<Duration> {
    match text.trim().parse::<f64>() {
        Ok(s) if s > 0.0 && s < 1e9 => Some(Duration::from_secs_f64(s)),
        _ => None,
    }
}

impl Runner {
    /// A runner for the workspace at `root` with the defaults: `$CARGO` or `cargo`, cargo's own
    /// target directory, a time limit of [`DEFAULT_TIMEOUT`], and English.
    pub fn new(root: &Path) -> Self {
        Runner {
            root: root.to_path_buf(),
            cargo: std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()),
            target_dir: None,
            timeout: DEFAULT_TIMEOUT,
            lang: Lang::En,
        }
    }

    /// [`Runner::new`] in `lang`, then `$NN_HOMEWORK_TARGET_DIR` and `$NN_HOMEWORK_TIMEOUT`
    /// (seconds).
    pub fn from_env(root: &Path, lang: Lang) -> Result<Self> {
        let mut runner = Runner::new(root);
        runner.lang = lang;
        runner.target_dir = std::env::var_os("NN_HOMEWORK_TARGET_DIR")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from);
        if let Some(limit) = std::env::var_os("NN_HOMEWORK_TIMEOUT") {
            let limit = limit.to_string_lossy();
            match parse_timeout(&limit) {
                Some(limit) => runner.timeout = limit,
                None => bail!(lang.bad_timeout_env(&limit)),
            }
        }
        Ok(runner)
    }

    /// The arguments of the cargo command that runs `ids` of one lesson's test target:
    /// `test -p LESSON --test TEST -- --include-ignored --exact ID…`.
    pub fn args(lesson: &str, test: &str, ids: &[&str]) -> Vec<String> {
        let mut args: Vec<String> = [
            "test",
            "-p",
            lesson,
            "--test",
            test,
            "--",
            "--include-ignored",
            "--exact",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.extend(ids.iter().map(|s| s.to_string()));
        args
    }

    /// The command line a learner can paste to run one exercise's test themselves.
    pub fn display(e: &Exercise) -> String {
        format!(
            "cargo {}",
            Self::args(&e.lesson, &e.test, &[&e.id]).join(" ")
        )
    }

    /// The cargo command that builds one lesson's test target and names its binary:
    /// `cargo test -p LESSON --test TEST --no-run --message-format=json`.
    fn build_command(&self, lesson: &str, test: &str) -> Command {
        let mut command = Command::new(&self.cargo);
        command
            .args(["test", "-p", lesson, "--test", test, "--no-run"])
            .arg("--message-format=json")
            .current_dir(&self.root)
            .env("CARGO_TERM_COLOR", "never");
        if let Some(dir) = &self.target_dir {
            command.env("CARGO_TARGET_DIR", dir);
        }
        command
    }

    /// Runs the tests of `exercises` — one build and one run per lesson and test target, in
    /// order of first appearance — and returns each exercise's status, in the given order.
    /// A lesson that does not compile, or whose tests do not finish in time, does not stop the
    /// others. `progress` is called before each step.
    pub fn check(
        &self,
        exercises: &[&Exercise],
        mut progress: impl FnMut(Progress<'_>),
    ) -> Result<Vec<Status>> {
        let sources = Sources::read(&self.root, exercises.iter().map(|e| e.file.as_str()));
        let mut groups: Vec<(&str, &str)> = Vec::new();
        for e in exercises {
            if !groups.contains(&(e.lesson.as_str(), e.test.as_str())) {
                groups.push((&e.lesson, &e.test));
            }
        }
        let mut statuses: Vec<Option<Status>> = vec![None; exercises.len()];
        for (lesson, test) in groups {
            let members: Vec<usize> = (0..exercises.len())
                .filter(|&k| exercises[k].lesson == lesson && exercises[k].test == test)
                .collect();
            progress(Progress::Building(lesson));
            let build = run_limited(self.build_command(lesson, test), None)
                .with_context(|| format!("could not run {:?}", self.cargo))?;
            let binary = test_binary(&build.output, test);
            let (binary, package_dir) = match binary {
                Some(found) if build.success => found,
                _ => {
                    let status = match parse::compile_error(&build.output) {
                        Some(error) => Status::DoesNotCompile(error),
                        None if build.success => {
                            Status::Failing(self.lang.no_test_binary(lesson, test))
                        }
                        None => Status::Failing(
                            self.lang
                                .could_not_build(lesson, &parse::cargo_error(&build.output)),
                        ),
                    };
                    for &k in &members {
                        statuses[k] = Some(status.clone());
                    }
                    continue;
                }
            };
            progress(Progress::Running(lesson, self.timeout));
            let ids: Vec<&str> = members.iter().map(|&k| exercises[k].id.as_str()).collect();
            let tests = TestBinary {
                path: &binary,
                dir: &package_dir,
            };
            let first = tests.run(&ids, self.timeout)?;
            // A test that failed prints its message only at the end of the run: after a time
            // limit, the failed ones run again without those that never finished.
            let failed: Vec<&str> = ids
                .iter()
                .copied()
                .filter(|id| first.timed_out && parse::finished(&first.output, id) == Some(false))
                .collect();
            let again = if failed.is_empty() {
                None
            } else {
                Some(tests.run(&failed, self.timeout)?)
            };
            for &k in &members {
                let e = exercises[k];
                let run = match &again {
                    Some(again) if failed.contains(&e.id.as_str()) => again,
                    _ => &first,
                };
                statuses[k] = Some(
                    if run.timed_out && parse::finished(&run.output, &e.id).is_none() {
                        parse::timed_out(&e.id, self.timeout, self.lang)
                    } else {
                        status_of(&run.output, &e.id, &e.file, &sources, self.lang)
                    },
                );
            }
        }
        Ok(statuses
            .into_iter()
            .map(|s| s.expect("every exercise is in a group"))
            .collect())
    }
}

/// A lesson's built test binary and the package directory it runs in (as under `cargo test`).
struct TestBinary<'a> {
    path: &'a Path,
    dir: &'a Path,
}

impl TestBinary<'_> {
    /// Runs exactly the tests `ids` (ignored or not) under the time limit.
    fn run(&self, ids: &[&str], limit: Duration) -> Result<Finished> {
        let mut command = Command::new(self.path);
        command
            .args(["--include-ignored", "--exact"])
            .args(ids)
            .current_dir(self.dir)
            .env("CARGO_MANIFEST_DIR", self.dir)
            .env("RUST_BACKTRACE", "1");
        run_limited(command, Some(limit))
            .with_context(|| format!("could not run the test binary {}", self.path.display()))
    }
}

/// The test binary of target `test` and its package directory, from the JSON messages of
/// `cargo test --no-run --message-format=json`.
fn test_binary(output: &str, test: &str) -> Option<(PathBuf, PathBuf)> {
    output
        .lines()
        .filter(|l| l.starts_with('{'))
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| {
            v["reason"] == "compiler-artifact"
                && v["target"]["name"] == test
                && v["target"]["kind"]
                    .as_array()
                    .is_some_and(|k| k.iter().any(|k| k == "test"))
        })
        .find_map(|v| {
            let exe = PathBuf::from(v["executable"].as_str()?);
            let dir = Path::new(v["manifest_path"].as_str()?)
                .parent()?
                .to_path_buf();
            Some((exe, dir))
        })
}

/// How a command run by [`run_limited`] ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Finished {
    /// Its stdout, then its stderr, as text.
    pub output: String,
    /// Whether it exited with status 0.
    pub success: bool,
    /// Whether the time limit passed, so its process group was killed.
    pub timed_out: bool,
}

/// Collects one pipe's bytes on a thread of its own, so the child never blocks on a full pipe.
fn collect(
    pipe: Option<impl Read + Send + 'static>,
) -> (Arc<Mutex<Vec<u8>>>, Option<JoinHandle<()>>) {
    let buffer = Arc::new(Mutex::new(Vec::new()));
    let handle = pipe.map(|mut pipe| {
        let buffer = Arc::clone(&buffer);
        std::thread::spawn(move || {
            let mut chunk = [0u8; 8192];
            while let Ok(n) = pipe.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                buffer
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .extend_from_slice(&chunk[..n]);
            }
        })
    });
    (buffer, handle)
}

/// Kills the process group `group` with SIGKILL: the child and everything it started (cargo's
/// test binary, its threads and any process it spawned).
#[cfg(unix)]
fn kill_group(child: &mut std::process::Child) {
    unsafe extern "C" {
        fn kill(pid: i32, signal: i32) -> i32;
    }
    const SIGKILL: i32 = 9;
    let group = i32::try_from(child.id()).expect("a process id fits in pid_t");
    // SAFETY: kill(2) with a negative pid signals that process group and touches no memory. The
    // child has not been waited for yet, so its id still names its group and no other.
    if unsafe { kill(-group, SIGKILL) } != 0 {
        let _ = child.kill();
    }
}

#[cfg(not(unix))]
fn kill_group(child: &mut std::process::Child) {
    let _ = child.kill();
}

/// Runs `command` with stdin closed and stdout and stderr captured. On Unix it runs in a process
/// group of its own; if `limit` passes first, the whole group is killed and `timed_out` is set.
/// `command` is any command: the tests use `sh -c 'sleep 1000'`.
pub fn run_limited(mut command: Command, limit: Option<Duration>) -> std::io::Result<Finished> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let start = Instant::now();
    let mut child = command.spawn()?;
    let (stdout, out_thread) = collect(child.stdout.take());
    let (stderr, err_thread) = collect(child.stderr.take());
    let (success, timed_out) = loop {
        if let Some(status) = child.try_wait()? {
            break (status.success(), false);
        }
        if limit.is_some_and(|limit| start.elapsed() >= limit) {
            kill_group(&mut child);
            let _ = child.wait();
            break (false, true);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // The pipes close when the last process holding them ends; a grandchild that escaped the
    // group could keep them open, so wait a little, then take what has arrived.
    let grace = Instant::now();
    for handle in [out_thread, err_thread].into_iter().flatten() {
        while !handle.is_finished() && grace.elapsed() < Duration::from_secs(2) {
            std::thread::sleep(Duration::from_millis(10));
        }
        if handle.is_finished() {
            let _ = handle.join();
        }
    }
    let text = |b: &Arc<Mutex<Vec<u8>>>| {
        String::from_utf8_lossy(&b.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    };
    Ok(Finished {
        output: format!("{}\n{}", text(&stdout), text(&stderr)),
        success,
        timed_out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_runs_exactly_the_exercise_including_ignored() {
        let e = Exercise {
            id: "hm_relu".into(),
            lesson: "lesson1".into(),
            file: "f".into(),
            test: "homework".into(),
            book: "b".into(),
            hint: "h".into(),
            hint_ja: "ヒント".into(),
        };
        assert_eq!(
            Runner::display(&e),
            "cargo test -p lesson1 --test homework -- --include-ignored --exact hm_relu"
        );
    }
}
