//! `lesson3` end to end: a short training run's JSON line and its three pictures, the three
//! learning modes, `--mine` (the learner's loops, or one friendly sentence while they are still
//! todo!), and one clear sentence with a non-zero exit — and no files — for bad flags.

mod support_l12;

use std::path::Path;
use support_l12::{assert_one_sentence, bin, last_json, root, run_in, text};

fn lesson3() -> std::path::PathBuf {
    bin("lesson3", "lesson3")
}

/// Asserts `path` is a PNG that decodes to a picture of at least 200×200 pixels with more than
/// one colour.
fn assert_png(path: &Path) {
    let img = image::open(path).unwrap_or_else(|e| panic!("{path:?} is not a valid image: {e}"));
    let rgb = img.to_rgb8();
    assert!(
        rgb.width() >= 200 && rgb.height() >= 200,
        "{path:?} is tiny"
    );
    let first = rgb.get_pixel(0, 0);
    assert!(
        rgb.pixels().any(|p| p != first),
        "{path:?} is one flat colour"
    );
}

#[test]
fn a_short_run_learns_the_circle_and_writes_its_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("pics");
    let out = run_in(
        &lesson3(),
        &[
            "--loop",
            "2000",
            "--json",
            "--out",
            out_dir.to_str().unwrap(),
        ],
        &root(),
    );
    let (stdout, _) = text(&out);
    let json = last_json(&out);
    assert_eq!(json["iterations"], 2000);
    assert!(json["train_accuracy"].as_f64().unwrap() >= 0.9, "{json}");
    assert!(json["test_accuracy"].as_f64().unwrap() >= 0.9, "{json}");
    let loss = json["final_loss"].as_f64().unwrap();
    assert!(loss.is_finite() && loss < 0.4, "{json}");
    // The lecture's show_interval: one line every 1000 iterations.
    assert!(
        stdout.contains("iteration   1000") && stdout.contains("iteration   2000"),
        "{stdout}"
    );
    for f in [
        "circle_test.png",
        "circle_curves.png",
        "circle_boundary.png",
    ] {
        let path = out_dir.join(f);
        assert_png(&path);
        assert!(
            stdout.contains(&format!("wrote {}", path.display())),
            "{f} not printed"
        );
    }
}

#[test]
fn quiet_json_prints_only_the_json_line() {
    let out = run_in(
        &lesson3(),
        &["--loop", "200", "--quiet", "--json", "--no-pictures"],
        &root(),
    );
    let (stdout, stderr) = text(&out);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(last_json(&out)["iterations"], 200);
}

#[test]
fn batch_and_online_learning_and_other_parts_run() {
    for args in [
        &["--mode", "batch", "--loop", "1500", "--eta", "0.5"][..],
        &["--mode", "online", "--loop", "3000", "--eta", "0.01"][..],
        &[
            "--optimizer",
            "adam",
            "--activation",
            "tanh",
            "--loop",
            "1500",
            "--eta",
            "0.01",
        ][..],
    ] {
        let mut all = args.to_vec();
        all.extend(["--quiet", "--json", "--no-pictures"]);
        let json = last_json(&run_in(&lesson3(), &all, &root()));
        assert!(
            json["test_accuracy"].as_f64().unwrap() >= 0.8,
            "{args:?}: {json}"
        );
    }
}

#[test]
fn bad_flags_are_one_sentence_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("never");
    let out = out_dir.to_str().unwrap();
    for (args, needle) in [
        (&["--eta=-1"][..], "--eta"),
        (&["--batch-size", "0"][..], "--batch-size"),
        (&["--test-fraction", "1.5"][..], "--test-fraction"),
        (&["--n", "3", "--test-fraction", "0.1"][..], "--n"),
        (&["--hidden", "10,0"][..], "--hidden"),
        (&["--loop", "0"][..], "--loop"),
    ] {
        let mut all = args.to_vec();
        all.extend(["--out", out]);
        let out = run_in(&lesson3(), &all, &root());
        assert_one_sentence(&out, &[needle]);
        assert!(out.stdout.is_empty(), "{args:?} printed before failing");
        assert!(!out_dir.exists(), "{args:?} wrote {out_dir:?}");
    }
    // An unknown mode is refused by the argument parser, naming the flag.
    let bad = run_in(&lesson3(), &["--mode", "sideways", "--out", out], &root());
    let (_, stderr) = text(&bad);
    assert!(
        !bad.status.success() && stderr.contains("--mode"),
        "{stderr}"
    );
    assert!(!out_dir.exists());
    // An --out that is a file.
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let args = ["--loop", "10", "--out", file.to_str().unwrap()];
    let out = run_in(&lesson3(), &args, &root());
    assert_one_sentence(&out, &[file.to_str().unwrap(), "not a directory"]);
    assert!(
        out.stdout.is_empty(),
        "nothing is trained before the flags are checked"
    );
}

#[test]
fn mine_trains_with_the_learners_loops_or_names_the_unfinished_function() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "--mine",
        "--loop",
        "2000",
        "--quiet",
        "--json",
        "--no-pictures",
    ];
    let out = run_in(&lesson3(), &args, dir.path());
    if out.status.success() {
        let json = last_json(&out);
        assert_eq!(json["implementation"], "mine");
        assert!(json["test_accuracy"].as_f64().unwrap() >= 0.9, "{json}");
    } else {
        // Fresh stubs: a friendly sentence naming the function and the hint, never a backtrace.
        assert_one_sentence(
            &out,
            &[
                "lessons/lesson3/src/homework.rs",
                "not written yet",
                "cargo homework hint",
            ],
        );
    }
}
