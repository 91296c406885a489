//! The runner's machinery without compiling anything: the time limit on a command that never
//! ends, and `Runner::check` driving a stand-in cargo (a shell script that answers
//! `cargo test --no-run --message-format=json` like cargo does, with a real captured compile
//! error for one lesson) and stand-in test binaries that pass, fail, or hang.
#![cfg(unix)]

use nn_homework::runner::{Finished, Progress, run_limited};
use nn_homework::{Exercise, Runner, Status};
use std::path::Path;
use std::process::Command;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Held by every test here that starts processes, so they run one at a time. Otherwise one
/// test's fork can inherit, for the moment before its exec, the descriptor another test is
/// writing a script through, and running that script fails with "Text file busy" (ETXTBSY):
/// a random failure seen in a full `cargo test --workspace`.
static SPAWNING: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> MutexGuard<'static, ()> {
    SPAWNING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn sh(script: &str) -> Command {
    let mut command = Command::new("sh");
    command.args(["-c", script]);
    command
}

/// `run_limited` on another thread, failing (instead of hanging) if it has not returned after
/// 20 s.
fn run_watched(command: Command, limit: Duration) -> Finished {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || send.send(run_limited(command, Some(limit)).unwrap()));
    receive
        .recv_timeout(Duration::from_secs(20))
        .expect("run_limited returns soon after its limit")
}

#[test]
fn a_command_that_never_ends_is_stopped_at_the_limit_with_its_output() {
    let _one = one_at_a_time();
    let start = Instant::now();
    let run = run_watched(sh("echo started; sleep 1000"), Duration::from_secs(1));
    let took = start.elapsed();
    assert!(run.timed_out && !run.success, "{run:?}");
    assert!(run.output.contains("started"), "{run:?}");
    assert!(
        took >= Duration::from_secs(1) && took < Duration::from_secs(5),
        "took {took:?}"
    );

    // A command that ends in time is not stopped, and its exit status counts.
    let quick = run_limited(
        sh("echo out; echo err >&2; exit 3"),
        Some(Duration::from_secs(5)),
    )
    .unwrap();
    assert!(!quick.timed_out && !quick.success, "{quick:?}");
    assert!(quick.output.contains("out") && quick.output.contains("err"));
    assert!(run_limited(sh("true"), None).unwrap().success);
}

/// Whether process `pid` still runs (a zombie waiting to be reaped counts as ended).
fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
        Err(_) => false,
    }
}

#[test]
#[cfg(target_os = "linux")]
fn the_whole_process_group_is_killed_not_just_the_child() {
    let _one = one_at_a_time();
    // Like cargo running a test binary: the child starts a process that would outlive it.
    let run = run_watched(sh("sleep 1000 & echo $!; wait"), Duration::from_secs(1));
    assert!(run.timed_out);
    let pid: u32 = run.output.trim().parse().expect("the grandchild's pid");
    let start = Instant::now();
    while alive(pid) && start.elapsed() < Duration::from_secs(3) {
        std::thread::sleep(Duration::from_millis(20));
    }
    if alive(pid) {
        let _ = Command::new("kill").arg(pid.to_string()).status();
        panic!("the grandchild {pid} still ran after the limit");
    }
}

fn write_script(path: &Path, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, format!("#!/bin/sh\n{body}")).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn exercise(id: &str, lesson: &str) -> Exercise {
    Exercise {
        id: id.into(),
        lesson: lesson.into(),
        file: format!("lessons/{lesson}/src/homework.rs"),
        test: "homework".into(),
        book: "b".into(),
        hint: "h".into(),
        hint_ja: "ヒント".into(),
    }
}

// A stand-in test binary: `good` passes, `bad` fails (its message printed at the end, as libtest
// does), `hang` never ends.
const TESTS: &str = r#"
echo "running tests" >> "$LOG"
failed=""
for id in "$@"; do
    case "$id" in
        --*) ;;
        good*) echo "test $id ... ok" ;;
        bad) echo "test bad ... FAILED"; failed="bad" ;;
        hang) sleep 1000 ;;
    esac
done
if [ -n "$failed" ]; then
    printf '\nfailures:\n\n---- bad stdout ----\n\nthread '"'"'bad'"'"' (7) panicked at lessons/lessona/tests/homework.rs:3:5:\nbad() should return 1\nstack backtrace:\n   0: lessona::homework::bad\n             at ./src/homework.rs:2:5\n\nfailures:\n    bad\n'
    exit 101
fi
"#;

#[test]
fn check_builds_then_runs_each_lesson_and_one_failure_stops_no_other() {
    let _one = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compile_error.json");
    let log = root.join("log");
    // cargo test -p LESSON --test homework --no-run --message-format=json
    write_script(
        &root.join("cargo"),
        &format!(
            r#"echo "cargo $*" >> "{log}"
lesson=$3
if [ "$lesson" = lessonb ]; then cat "{fixture}"; exit 101; fi
printf '{{"reason":"compiler-artifact","target":{{"kind":["test"],"name":"homework"}},"executable":"{root}/%s/tests.sh","manifest_path":"{root}/lessons/%s/Cargo.toml"}}\n' "$lesson" "$lesson"
printf '{{"reason":"build-finished","success":true}}\n'
"#,
            log = log.display(),
            fixture = fixture.display(),
            root = root.display()
        ),
    );
    for lesson in ["lessona", "lessonc"] {
        write_script(
            &root.join(lesson).join("tests.sh"),
            &format!("LOG={}\n{TESTS}", log.display()),
        );
        std::fs::create_dir_all(root.join("lessons").join(lesson).join("src")).unwrap();
        std::fs::write(
            root.join("lessons").join(lesson).join("src/homework.rs"),
            "pub fn good() {}\npub fn bad() {}\n",
        )
        .unwrap();
    }
    let mut runner = Runner::new(root);
    runner.cargo = root.join("cargo").into();
    runner.timeout = Duration::from_secs(1);
    let exercises = [
        exercise("good", "lessona"),
        exercise("bad", "lessona"),
        exercise("hang", "lessona"),
        exercise("matrix_multi", "lessonb"),
        exercise("good_too", "lessonc"),
    ];
    let start = Instant::now();
    // On a thread of its own: a broken time limit fails the test instead of hanging it.
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let all: Vec<&Exercise> = exercises.iter().collect();
        let mut steps = Vec::new();
        let statuses = runner.check(&all, |step| steps.push(step.to_string()));
        send.send((statuses.unwrap(), steps))
    });
    let (statuses, steps) = receive
        .recv_timeout(Duration::from_secs(30))
        .expect("check returns soon after the time limit");
    let took = start.elapsed();

    assert_eq!(statuses[0], Status::Passing);
    // Run again without `hang`, `bad` says what is wrong and where in the learner's file.
    assert_eq!(
        statuses[1],
        Status::Failing("bad() should return 1\n  at lessons/lessona/src/homework.rs:2:5".into())
    );
    assert_eq!(
        statuses[2],
        Status::Failing(
            "`hang` did not finish in 1 s — is there a loop in `hang` (or in a function it calls) \
             that never ends?"
                .into()
        )
    );
    match &statuses[3] {
        Status::DoesNotCompile(e) => assert!(
            e.starts_with("lessons/lesson1/src/homework.rs:19:5: error[E0308]: mismatched types"),
            "{e}"
        ),
        s => panic!("{s:?}"),
    }
    assert_eq!(statuses[4], Status::Passing);
    assert!(took < Duration::from_secs(8), "took {took:?}");

    assert_eq!(
        steps,
        [
            Progress::Building("lessona").to_string(),
            Progress::Running("lessona", Duration::from_secs(1)).to_string(),
            Progress::Building("lessonb").to_string(),
            Progress::Building("lessonc").to_string(),
            Progress::Running("lessonc", Duration::from_secs(1)).to_string(),
        ]
    );
    assert_eq!(steps[0], "building lessona's tests…");
    assert_eq!(steps[1], "running lessona's tests (time limit 1 s)…");
    let log = std::fs::read_to_string(&log).unwrap();
    let calls: Vec<&str> = log.lines().collect();
    let build =
        |l: &str| format!("cargo test -p {l} --test homework --no-run --message-format=json");
    assert_eq!(
        calls,
        [
            build("lessona").as_str(),
            "running tests",
            "running tests",
            build("lessonb").as_str(),
            build("lessonc").as_str(),
            "running tests",
        ],
        "{log}"
    );
}
