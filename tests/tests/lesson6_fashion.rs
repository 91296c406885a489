//! Release-mode end-to-end test on the full Fashion-MNIST (70,000 images, Debian's package
//! `dataset-fashion-mnist`): a short run (5 of the default 40 epochs) must reach 85% test accuracy. Run by CI with
//! `cargo test --release -p nn-tests --features fashion-e2e --test lesson6_fashion`.
#![cfg(feature = "fashion-e2e")]

#[path = "support_l12/mod.rs"]
mod support;

use support::{last_json, root, run_in};

#[test]
fn five_epochs_on_full_fashion_mnist_reach_85_percent() {
    let out = std::env::temp_dir().join(format!("lesson6-fashion-{}", std::process::id()));
    let bin = support::bin("lesson6", "lesson6");
    let args = [
        "train",
        "--dataset",
        "fashion",
        "--epochs",
        "5",
        "--threads",
        "2",
        "--json",
        "--out",
        out.to_str().unwrap(),
    ];
    let json = last_json(&run_in(&bin, &args, &root()));
    assert_eq!(json["sample"], false);
    assert_eq!(json["train_images"], 60000);
    assert_eq!(json["test_images"], 10000);
    let acc = json["test_accuracy"].as_f64().unwrap();
    assert!(
        acc >= 0.85,
        "test accuracy {acc} on Fashion-MNIST after 5 epochs"
    );
}
