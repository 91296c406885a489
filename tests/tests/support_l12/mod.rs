//! Helpers for the end-to-end tests of lesson1, lesson2 and cargo homework: build a workspace
//! binary once into this test's target directory and run it from the repository root.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, OnceLock};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `target/<profile>` of this test executable.
pub fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    exe.parent()
        .and_then(Path::parent)
        .expect("target/<profile>")
        .to_path_buf()
}

/// Builds binary `bin` of package `package` (once per test process) and returns its path: in
/// the profile this test was built in (`--release` or not).
pub fn bin(package: &str, bin: &str) -> PathBuf {
    bin_in(package, bin, !cfg!(debug_assertions))
}

/// Builds binary `bin` of package `package` in the release profile (`release`) or the dev one,
/// into this test's target directory (once per test process), and returns its path. A debug test
/// can run an optimised binary this way without compiling its own dependencies again in release.
pub fn bin_in(package: &str, bin: &str, release: bool) -> PathBuf {
    static BUILT: OnceLock<Mutex<Vec<(String, bool)>>> = OnceLock::new();
    let built = BUILT.get_or_init(|| Mutex::new(Vec::new()));
    let mut built = built.lock().unwrap_or_else(|e| e.into_inner());
    let target_dir = profile_dir()
        .parent()
        .expect("target directory")
        .to_path_buf();
    let profile_dir = target_dir.join(if release { "release" } else { "debug" });
    let path = profile_dir.join(format!("{bin}{}", std::env::consts::EXE_SUFFIX));
    if !built.iter().any(|(b, r)| b == bin && *r == release) {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let profile: &[&str] = if release { &["--release"] } else { &[] };
        let status = Command::new(cargo)
            .args(["build", "-q", "-p", package, "--bin", bin])
            .args(profile)
            .arg("--target-dir")
            .arg(&target_dir)
            .current_dir(root())
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building {bin} failed");
        built.push((bin.to_string(), release));
    }
    path
}

/// Runs `bin` with `args` in `dir`.
pub fn run_in(bin: &Path, args: &[&str], dir: &Path) -> Output {
    Command::new(bin)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("running {bin:?}: {e}"))
}

/// stdout and stderr as text.
pub fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The last stdout line parsed as JSON.
pub fn last_json(out: &Output) -> serde_json::Value {
    let (stdout, stderr) = text(out);
    assert!(out.status.success(), "failed: {stderr}");
    let last = stdout.lines().last().expect("some output");
    serde_json::from_str(last).unwrap_or_else(|e| panic!("last line {last:?} is not JSON: {e}"))
}

/// A failure with exit code 1 and one line on stderr containing every needle, no panic.
pub fn assert_one_sentence(out: &Output, needles: &[&str]) {
    let (_, err) = text(out);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    for n in needles {
        assert!(err.contains(n), "{err:?} should mention {n:?}");
    }
}
