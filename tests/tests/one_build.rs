//! One build serves every command a learner types. Cargo compiles a crate again, under a new hash,
//! whenever the features switched on in it differ, and features are the union over whatever
//! packages one command builds. So unless every shared crate has the same features in
//! `cargo run -p lesson3`, `cargo test --workspace` and `cargo homework` (`cargo test -p lessonN`),
//! nalgebra, nn-core and everything above them are compiled once per command: minutes and
//! gigabytes. The workspace `Cargo.toml` pins the features that differ; this test names any crate
//! that needs a new pin.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// `name version` → its features, as `cargo tree` resolves them for `args`.
fn features(args: &[&str]) -> BTreeMap<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = Command::new(cargo)
        .args(["tree", "--offline", "--prefix", "none", "-f", "{p}|{f}"])
        .args(args)
        .current_dir(root)
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "cargo tree {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let (package, features) = line.split_once('|')?;
            // "nalgebra v0.35.0" or "nn-core v0.1.0 (/path)": keep the name and version.
            let id: Vec<&str> = package.split_whitespace().take(2).collect();
            let features = features.trim_end_matches(" (*)").to_string();
            Some((id.join(" "), features))
        })
        .collect()
}

/// The crates whose features in the command `what` differ from `cargo test --workspace`'s.
fn differences(what: &str, args: &[&str], workspace: &BTreeMap<String, String>) -> Vec<String> {
    features(args)
        .into_iter()
        .filter_map(|(id, f)| {
            let w = workspace.get(&id)?;
            (*w != f).then(|| format!("{what}: {id} has [{f}], the workspace has [{w}]"))
        })
        .collect()
}

#[test]
fn every_command_builds_the_shared_crates_with_the_same_features() {
    let workspace = features(&["--workspace", "-e", "normal,build,dev"]);
    assert!(
        workspace.keys().any(|k| k.starts_with("nalgebra ")),
        "cargo tree listed no nalgebra: {workspace:?}"
    );
    let mut found = Vec::new();
    for lesson in [
        "lesson1", "lesson2", "lesson3", "lesson4", "lesson5", "lesson6",
    ] {
        let run = format!("cargo run -p {lesson}");
        found.extend(differences(
            &run,
            &["-p", lesson, "-e", "normal,build"],
            &workspace,
        ));
        let test = format!("cargo test -p {lesson}");
        found.extend(differences(
            &test,
            &["-p", lesson, "-e", "normal,build,dev"],
            &workspace,
        ));
    }
    let run = "cargo run -p playground";
    found.extend(differences(
        run,
        &["-p", "playground", "-e", "normal,build"],
        &workspace,
    ));
    assert!(
        found.is_empty(),
        "these crates would be compiled twice; pin the workspace's features in the root \
         Cargo.toml:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_sees_a_difference_when_there_is_one() {
    // Compared with itself, a command differs nowhere; with one crate's features altered, it
    // differs in exactly that crate.
    let lesson1 = features(&["-p", "lesson1", "-e", "normal,build"]);
    assert!(lesson1.len() > 20, "{lesson1:?}");
    let same = differences("self", &["-p", "lesson1", "-e", "normal,build"], &lesson1);
    assert!(same.is_empty(), "{same:?}");
    let mut altered = lesson1.clone();
    let first = altered.keys().next().unwrap().clone();
    altered.insert(first.clone(), "a-feature-nobody-has".into());
    let found = differences("self", &["-p", "lesson1", "-e", "normal,build"], &altered);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains(&first), "{found:?}");
}

/// A learner's first build is lesson 3's: the crates it compiles (its normal and build
/// dependencies, each version once, lesson 3 itself included) stay at most 100, and none of them
/// is the download stack, which only lesson 6 needs.
#[test]
fn lesson3_compiles_at_most_100_crates_and_no_download_stack() {
    let crates = features(&["-p", "lesson3", "-e", "normal,build"]);
    let names: Vec<&str> = crates
        .keys()
        .filter_map(|id| id.split_whitespace().next())
        .collect();
    assert!(names.contains(&"nalgebra"), "{names:?}");
    let stack: Vec<&&str> = names
        .iter()
        .filter(|n| ["ureq", "rustls", "ring", "webpki-roots", "nn-download"].contains(n))
        .collect();
    assert!(stack.is_empty(), "lesson 3 compiles {stack:?}");
    assert!(
        crates.len() <= 100,
        "lesson 3 compiles {} crates, more than 100: {names:?}",
        crates.len()
    );
}
