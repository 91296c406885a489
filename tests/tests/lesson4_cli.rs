//! `lesson4` end to end with small settings: each experiment's JSON line and pictures, the
//! grid search reproducible, `--mine` on unfinished stubs, and one clear sentence for bad flags.

mod support_l12;

use std::path::{Path, PathBuf};
use std::process::Output;
use support_l12::{assert_one_sentence, bin, last_json, root, run_in, text};

fn lesson4(args: &[&str]) -> Output {
    run_in(&bin("lesson4", "lesson4"), args, &root())
}

/// Runs an experiment quietly with `--json --out DIR` and returns its JSON and the directory.
fn experiment(name: &str, args: &[&str]) -> (serde_json::Value, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap().to_string();
    let mut all = vec![name, "--quiet", "--json", "--out", &out];
    all.extend_from_slice(args);
    let json = last_json(&lesson4(&all));
    assert_eq!(json["experiment"], name);
    (json, dir)
}

/// Every file the JSON names exists under `dir`; PNGs decode.
fn files_exist(json: &serde_json::Value, dir: &Path) -> Vec<PathBuf> {
    let files: Vec<PathBuf> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| PathBuf::from(f.as_str().unwrap()))
        .collect();
    assert!(!files.is_empty());
    for f in &files {
        assert!(f.starts_with(dir), "{f:?}");
        if f.extension().is_some_and(|e| e == "png") {
            let img = image::open(f).unwrap_or_else(|e| panic!("{f:?}: {e}"));
            assert!(img.width() > 100 && img.height() > 100);
        }
    }
    files
}

fn num(json: &serde_json::Value, key: &str) -> f64 {
    json[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} in {json}"))
}

#[test]
fn xor_needs_a_hidden_layer() {
    let (json, dir) = experiment("xor", &["--loop", "1500", "--n", "400"]);
    assert!(num(&json, "no_test_accuracy") < 0.8, "{json}");
    assert!(num(&json, "one_test_accuracy") > 0.9, "{json}");
    assert_eq!(files_exist(&json, dir.path()).len(), 4);
}

#[test]
fn grid_search_is_reproducible_and_picks_the_sensible_eta() {
    let args = [
        "--etas",
        "0.0003,0.03",
        "--widths",
        "10",
        "--activations",
        "relu",
        "--cv",
        "3",
        "--loop",
        "800",
        "--n",
        "300",
    ];
    let (a, dir) = experiment("grid-search", &args);
    let (b, _) = experiment("grid-search", &args);
    assert_eq!(a["cv_results"], b["cv_results"]);
    assert_eq!(a["best_params"]["eta"], 0.03);
    assert_eq!(a["cv_results"].as_array().unwrap().len(), 2);
    assert!(num(&a, "test_accuracy") > 0.85, "{a}");
    let files = files_exist(&a, dir.path());
    let csv = std::fs::read_to_string(&files[0]).unwrap();
    assert!(csv.contains("mean_test_score,std_test_score,rank_test_score"));
}

#[test]
fn boundary_writes_the_lectures_csv_and_pictures() {
    let (json, dir) = experiment("boundary", &["--loop", "1500", "--fine-step", "0.2"]);
    assert!(num(&json, "test_accuracy") > 0.9, "{json}");
    assert_eq!(json["coarse_grid_points"], 169);
    files_exist(&json, dir.path());
    let csv = std::fs::read_to_string(dir.path().join("circle_.csv")).unwrap();
    assert_eq!(csv.lines().count(), 170);
}

#[test]
fn animate_counts_its_frames() {
    let (json, dir) = experiment(
        "animate",
        &["--loop", "400", "--every", "200", "--n", "200"],
    );
    assert_eq!(json["frames"], 3);
    let gif = std::fs::read(dir.path().join("boundary.gif")).unwrap();
    assert!(gif.starts_with(b"GIF89a"));
}

#[test]
fn the_other_experiments_report_their_key_figures() {
    let small = ["--loop", "600", "--n", "300"];
    let (json, dir) = experiment("activations", &small);
    assert!(num(&json, "relu_test_accuracy") > 0.7 && num(&json, "tanh_test_accuracy") > 0.7);
    files_exist(&json, dir.path());
    let mut args = small.to_vec();
    args.extend(["--optimizers", "sgd,adam"]);
    let (json, dir) = experiment("optimizers", &args);
    assert_eq!(json["optimizers"].as_array().unwrap().len(), 2);
    assert!(json["winner"].is_string());
    files_exist(&json, dir.path());
    let mut args = small.to_vec();
    args.extend(["--classes", "3"]);
    let (json, dir) = experiment("multiclass", &args);
    assert!(num(&json, "one_hot_test_accuracy") > 0.8, "{json}");
    assert!(json["number_invented_area"].is_number());
    files_exist(&json, dir.path());
    let (json, dir) = experiment("homework4", &["--loop", "1500", "--n", "1500"]);
    assert!(num(&json, "test_accuracy") > 0.85, "{json}");
    // predictions, truth, the slice y = 0 and the confusion matrix
    assert_eq!(files_exist(&json, dir.path()).len(), 4);
}

#[test]
fn bad_flags_and_unfinished_homework_are_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let o = out.to_str().unwrap();
    assert_one_sentence(&lesson4(&["xor", "--eta=-1", "--out", o]), &["--eta"]);
    assert_one_sentence(
        &lesson4(&["grid-search", "--cv", "1", "--out", o]),
        &["--cv"],
    );
    assert_one_sentence(
        &lesson4(&["boundary", "--fine-step", "0", "--out", o]),
        &["--fine-step"],
    );
    assert_one_sentence(
        &lesson4(&["animate", "--every", "1", "--out", o]),
        &["--every"],
    );
    assert_one_sentence(
        &lesson4(&["multiclass", "--classes", "2", "--out", o]),
        &["--classes"],
    );
    assert_one_sentence(&lesson4(&["boundary", "--mine", "--out", o]), &["--mine"]);
    assert!(!out.exists(), "nothing is written when a flag is wrong");
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let inside = file.join("sub");
    assert_one_sentence(
        &lesson4(&["xor", "--out", inside.to_str().unwrap()]),
        &["--out"],
    );
    // The stubs are unfinished on a fresh checkout: --mine says which function to write.
    assert_one_sentence(
        &lesson4(&["activations", "--mine", "--loop", "10", "--out", o]),
        &["hm_tanh", "cargo homework hint hm_tanh"],
    );
    assert_one_sentence(
        &lesson4(&["homework4", "--mine", "--out", o]),
        &["judge_term_4class"],
    );
    // clap's own errors: one line naming the flag, exit code 1 like every other error.
    let bad = lesson4(&["xor", "--eta", "abc"]);
    let (_, err) = text(&bad);
    assert_eq!(bad.status.code(), Some(1), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("--eta"), "{err}");
}
