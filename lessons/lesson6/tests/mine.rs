//! `lesson6 train --mine` as a learner runs it: with the unfinished stubs it stops with one
//! sentence naming the first function to write; with the reference solutions (`--features
//! solution`) it trains on the bundled MNIST sample with them and reaches exactly the numbers of
//! `--taught`, the same loop with the library's functions, on the same seed — with dropout, and
//! with weight decay.

use std::process::Command;

/// Runs `lesson6 train ARGS` on the first 1500 sample digits for 2 epochs; returns the exit
/// success, stdout's last line and stderr.
fn train(args: &[&str]) -> (bool, String, String) {
    let out = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_lesson6"))
        .args([
            "train",
            "--limit",
            "1500",
            "--epochs",
            "2",
            "--no-pictures",
            "--json",
        ])
        .args(args)
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    let last = stdout.lines().last().unwrap_or("").to_string();
    (
        o.status.success(),
        last,
        String::from_utf8_lossy(&o.stderr).into(),
    )
}

#[cfg(not(feature = "solution"))]
#[test]
fn mine_with_the_unfinished_stubs_names_the_first_function_to_write() {
    let (ok, _, stderr) = train(&["--mine"]);
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains("`normalize_pixels` in lessons/lesson6/src/homework.rs is not written yet")
            && stderr.contains("cargo homework hint normalize_pixels"),
        "{stderr}"
    );
}

#[cfg(feature = "solution")]
#[test]
fn mine_with_the_solutions_reaches_the_librarys_accuracy_on_the_same_seed() {
    let json = |args: &[&str]| -> serde_json::Value {
        let (ok, last, stderr) = train(args);
        assert!(ok, "{args:?}: {stderr}");
        serde_json::from_str(&last).unwrap()
    };
    for extra in [&[][..], &["--weight-decay", "0.001", "--seed", "3"][..]] {
        let mine = json(&[&["--mine"], extra].concat());
        let taught = json(&[&["--taught"], extra].concat());
        assert_eq!(mine["implementation"], "mine");
        assert_eq!(taught["implementation"], "taught");
        let accuracy = mine["test_accuracy"].as_f64().unwrap();
        assert!(accuracy > 0.8, "{extra:?}: test accuracy {accuracy}");
        assert_eq!(mine["test_accuracy"], taught["test_accuracy"], "{extra:?}");
        assert_eq!(
            mine["train_accuracy"], taught["train_accuracy"],
            "{extra:?}"
        );
        for (m, t) in mine["epochs"]
            .as_array()
            .unwrap()
            .iter()
            .zip(taught["epochs"].as_array().unwrap())
        {
            assert_eq!(m["train_loss"], t["train_loss"], "{extra:?}");
            assert_eq!(m["test_loss"], t["test_loss"], "{extra:?}");
        }
    }
}
