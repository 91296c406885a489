//! `lesson1` and `lesson2` end to end: their JSON lines, written files, the grad subcommand on
//! lesson 1's model and batch, `--mine`, and one clear sentence for bad input.

mod support_l12;

use support_l12::{assert_one_sentence, bin, last_json, root, run_in, text};

#[test]
fn lesson1_prints_the_steps_writes_its_files_and_ends_with_json() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("l1");
    let out = run_in(
        &bin("lesson1", "lesson1"),
        &["--json", "--out", out_dir.to_str().unwrap()],
        &root(),
    );
    let (stdout, _) = text(&out);
    for step in [
        "B¹ = (1,…,1)ᵀ ⊗ b¹",
        "A¹ = X⁰ W¹ + B¹",
        "X¹ = ReLU(A¹)",
        "X² = softmax(A²)",
        "(they agree)",
    ] {
        assert!(stdout.contains(step), "missing {step:?}");
    }
    let json = last_json(&out);
    assert!(
        (json["loss"].as_f64().unwrap() - 1.447943).abs() < 1e-6,
        "{json}"
    );
    assert_eq!(json["agree"], true);
    assert_eq!(json["output"].as_array().unwrap().len(), 4);
    for f in ["activations.png", "model.json", "batch.csv"] {
        let path = out_dir.join(f);
        assert!(
            path.is_file() && stdout.contains(&path.display().to_string()),
            "{f}"
        );
    }
    // The weights can come from a file and the input from a flag.
    let model = out_dir.join("model.json");
    let out = run_in(
        &bin("lesson1", "lesson1"),
        &[
            "--json",
            "--quiet",
            "--model",
            model.to_str().unwrap(),
            "--x",
            "1,2",
            "--labels",
            "2",
            "--out",
            out_dir.to_str().unwrap(),
        ],
        &root(),
    );
    assert_eq!(last_json(&out)["output"].as_array().unwrap().len(), 1);
}

#[test]
fn lesson1_explains_bad_flags_in_one_sentence() {
    let l1 = bin("lesson1", "lesson1");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    assert_one_sentence(
        &run_in(&l1, &["--x", "1,2", "--out", out], &root()),
        &["--x has 1 rows", "--labels"],
    );
    assert_one_sentence(
        &run_in(&l1, &["--x", "1,2,3", "--out", out], &root()),
        &["needs 2 values"],
    );
    assert_one_sentence(
        &run_in(&l1, &["--labels", "0,1,7,1", "--out", out], &root()),
        &["class 7"],
    );
    assert_one_sentence(
        &run_in(&l1, &["--model", "no/such.json", "--out", out], &root()),
        &["no/such.json"],
    );
    let (help, _) = text(&run_in(&l1, &["--help"], &root()));
    for flag in [
        "--seed", "--out", "--quiet", "--json", "--mine", "--model", "--x",
    ] {
        assert!(help.contains(flag), "--help lacks {flag}");
    }
}

#[test]
fn mine_runs_the_learners_code_or_names_the_unfinished_function() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().to_str().unwrap();
    for (package, file) in [
        ("lesson1", "lessons/lesson1/src/homework.rs"),
        ("lesson2", "lessons/lesson2/src/homework.rs"),
    ] {
        let out = run_in(
            &bin(package, package),
            &["--mine", "--quiet", "--out", out_dir],
            &root(),
        );
        if !out.status.success() {
            // Unfinished homework: a friendly sentence, never a backtrace.
            assert_one_sentence(&out, &[file, "not written yet", "cargo homework hint"]);
        }
    }
}

#[test]
fn lesson2_checks_every_gradient_and_catches_the_lectures_factor_two() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(
        &bin("lesson2", "lesson2"),
        &["--json", "--out", dir.path().to_str().unwrap()],
        &root(),
    );
    let (stdout, _) = text(&out);
    for step in [
        "∂softmax/∂A² of instance 1",
        "Δ¹ = (Δ² W²ᵀ) ⊙ ReLU'(A¹)",
        "backpropagation is right",
        "Why exactly 2",
    ] {
        assert!(stdout.contains(step), "missing {step:?}");
    }
    let json = last_json(&out);
    assert!(
        json["max_relative_error"].as_f64().unwrap() < 1e-6,
        "{json}"
    );
    assert!(
        (json["lecture_ratio"].as_f64().unwrap() - 2.0).abs() < 1e-6,
        "{json}"
    );
    assert_eq!(json["layers"][0]["dw"].as_array().unwrap().len(), 2);
    assert!(dir.path().join("gradcheck.csv").is_file());
}

#[test]
fn lesson2_grad_reads_lesson1s_model_and_batch() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let l1 = last_json(&run_in(
        &bin("lesson1", "lesson1"),
        &["--json", "--quiet", "--out", d],
        &root(),
    ));
    let (model, data) = (dir.path().join("model.json"), dir.path().join("batch.csv"));
    let (m, x) = (model.to_str().unwrap(), data.to_str().unwrap());
    let l2 = bin("lesson2", "lesson2");
    let json = last_json(&run_in(
        &l2,
        &["grad", "--model", m, "--data", x, "--json"],
        &root(),
    ));
    assert!((json["loss"].as_f64().unwrap() - l1["loss"].as_f64().unwrap()).abs() < 1e-12);
    let layers = json["layers"].as_array().unwrap();
    assert_eq!(layers.len(), 2);
    assert_eq!(layers[0]["dw"].as_array().unwrap().len(), 2);
    assert_eq!(layers[1]["db"].as_array().unwrap().len(), 3);
    // Bad input: one sentence naming the file.
    assert_one_sentence(
        &run_in(
            &l2,
            &["grad", "--model", m, "--data", "missing.csv"],
            &root(),
        ),
        &["missing.csv"],
    );
    assert_one_sentence(
        &run_in(
            &l2,
            &["grad", "--model", m, "--data", "datasets/iris.csv"],
            &root(),
        ),
        &["4 feature columns", "2 inputs"],
    );
    std::fs::write(&data, "x1,x2,label\n1,2,9\n").unwrap();
    assert_one_sentence(
        &run_in(&l2, &["grad", "--model", m, "--data", x], &root()),
        &["class 9", "3 outputs"],
    );
    assert_one_sentence(
        &run_in(&l2, &["grad", "--model", x, "--data", x], &root()),
        &["not a valid model file"],
    );
}
