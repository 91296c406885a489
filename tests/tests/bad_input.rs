//! Every bad input, in every lesson: one table per lesson of arguments → the error's sentence
//! (a part of it), exit code 1 and nothing left in `--out`; then property tests over the common
//! flags and over arbitrary bytes as each file type (IDX, CSV, model JSON, PNG): never a panic,
//! exit code 0 or 1 only, and nothing left in `--out` after a failure.
//!
//! In a table, `{F}` stands for the directory of fixtures this test writes and `{O}` for a fresh
//! `--out` directory, which must be empty (or absent) after the refusal.

#[path = "support_l12/mod.rs"]
mod support;

use proptest::prelude::*;
use proptest::sample::{Index, select};
use serde_json::json;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The most a single run may take before the test calls it hung.
const DEADLINE: Duration = Duration::from_secs(60);

/// The six lessons' binaries, built like [`support::bin`] does (into this test's target
/// directory, in its profile) but in one cargo call, so the six share one build.
fn binary(lesson: &str) -> PathBuf {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(|| {
        let target_dir = support::profile_dir().parent().unwrap().to_path_buf();
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let profile: &[&str] = if cfg!(debug_assertions) {
            &[]
        } else {
            &["--release"]
        };
        let mut cmd = Command::new(cargo);
        cmd.args(["build", "-q", "--bins"]);
        for n in 1..=6 {
            cmd.args(["-p", &format!("lesson{n}")]);
        }
        let status = cmd
            .args(profile)
            .arg("--target-dir")
            .arg(&target_dir)
            .current_dir(support::root())
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building the lessons failed");
    });
    support::profile_dir().join(format!("{lesson}{}", std::env::consts::EXE_SUFFIX))
}

/// Runs `lesson` with `args` from the repository root, killing it after [`DEADLINE`].
fn run(lesson: &str, args: &[String]) -> Output {
    let bin = binary(lesson);
    let mut child = Command::new(&bin)
        .args(args)
        .current_dir(support::root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("running {bin:?}: {e}"));
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("{lesson} {args:?} ran longer than {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// The entries left in `dir` (none if it does not exist), temporary files included.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Fixtures

/// An IDX file of unsigned bytes.
fn idx(dims: &[u32], data: &[u8]) -> Vec<u8> {
    let mut bytes = vec![0, 0, 8, dims.len() as u8];
    for d in dims {
        bytes.extend(d.to_be_bytes());
    }
    bytes.extend(data);
    bytes
}

/// The four IDX files of a tiny MNIST-format directory: 20 training images of 28×28 and 10
/// test images of `rows`×`cols`, labels `i % 10`.
fn idx_files(rows: u32, cols: u32) -> [(&'static str, Vec<u8>); 4] {
    let pixels =
        |n: u32, len: u32| -> Vec<u8> { (0..n * len).map(|i| (i * 7 % 256) as u8).collect() };
    let labels = |n: u32| -> Vec<u8> { (0..n).map(|i| (i % 10) as u8).collect() };
    [
        (
            "train-images-idx3-ubyte",
            idx(&[20, 28, 28], &pixels(20, 784)),
        ),
        ("train-labels-idx1-ubyte", idx(&[20], &labels(20))),
        (
            "t10k-images-idx3-ubyte",
            idx(&[10, rows, cols], &pixels(10, rows * cols)),
        ),
        ("t10k-labels-idx1-ubyte", idx(&[10], &labels(10))),
    ]
}

fn write_dir(dir: &Path, files: &[(&str, Vec<u8>)]) {
    std::fs::create_dir_all(dir).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

/// A model file: one layer per `(inputs, outputs, activation)`, every weight `w`.
fn model(float: &str, layers: &[(usize, usize, &str)], w: f64) -> String {
    let layers: Vec<_> = layers
        .iter()
        .map(|&(i, o, a)| {
            json!({"inputs": i, "outputs": o, "activation": a,
                   "w": vec![vec![w; o]; i], "b": vec![0.0; o]})
        })
        .collect();
    json!({"format": "nn-course-model", "version": 1, "float": float,
           "loss": "cross_entropy", "layers": layers})
    .to_string()
}

/// A PNG whose header declares `w`×`h` grey pixels, followed by a few bytes of data only.
fn png_declaring(w: u32, h: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        let body: Vec<u8> = kind.iter().chain(data).copied().collect();
        let crc = !body.iter().fold(!0u32, |mut c, &b| {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    (c >> 1) ^ 0xEDB8_8320
                } else {
                    c >> 1
                };
            }
            c
        });
        png.extend((data.len() as u32).to_be_bytes());
        png.extend(&body);
        png.extend(crc.to_be_bytes());
    };
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0x00, 0x00]);
    chunk(b"IEND", &[]);
    png
}

/// A small PNG of a "1": a light bar on a dark square.
fn digit_png() -> Vec<u8> {
    let img = image::GrayImage::from_fn(32, 32, |x, y| {
        image::Luma([if (14..18).contains(&x) && (4..28).contains(&y) {
            255
        } else {
            0
        }])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    img.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    bytes.into_inner()
}

/// The lecture's mini-batch as lesson 1 writes it.
const BATCH_CSV: &str = "x1,x2,label\n1,2,1\n-1,0.5,0\n0.5,-1.5,2\n2,1,1\n";

/// The fixtures directory, written once per test process.
fn fixtures() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("bad-input-fixtures-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let lecture = [(2, 3, "relu"), (3, 3, "softmax")];
        let mut huge = String::from("a,b,y\n");
        for i in 0..40 {
            huge += &format!("1e308,{i},{}\n", i % 2);
        }
        let files: Vec<(&str, Vec<u8>)> = vec![
            ("model.json", model("f64", &lecture, 0.5).into_bytes()),
            ("big.json", model("f64", &lecture, 1e308).into_bytes()),
            (
                "digits.json",
                model("f32", &[(784, 10, "softmax")], 0.0).into_bytes(),
            ),
            (
                "big-digits.json",
                model("f32", &[(784, 10, "softmax")], 3e37).into_bytes(),
            ),
            (
                "f64-digits.json",
                model("f64", &[(784, 10, "softmax")], 1e300).into_bytes(),
            ),
            ("batch.csv", BATCH_CSV.into()),
            ("label-neg.csv", "x1,x2,label\n1,2,1\n-1,0.5,-1\n".into()),
            ("label-half.csv", "x1,x2,label\n1,2,1\n-1,0.5,1.5\n".into()),
            ("label-cat.csv", "x1,x2,label\n1,2,cat\n".into()),
            ("dup.csv", "a,a,y\n1,2,0\n2,3,1\n".into()),
            ("dup-far.csv", "x1,x2,x1,label\n1,2,3,0\n".into()),
            ("header.csv", "a,b,y\n".into()),
            ("huge.csv", huge.into_bytes()),
            ("digit.png", digit_png()),
            ("huge.png", png_declaring(16000, 16000)),
            ("notes.png", "hello".into()),
        ];
        write_dir(&dir, &files);
        write_dir(&dir.join("idx-14x56"), &idx_files(14, 56));
        write_dir(&dir.join("idx-14x14"), &idx_files(14, 14));
        write_dir(&dir.join("idx-ok"), &idx_files(28, 28));
        dir
    })
}

// ---------------------------------------------------------------------------------------------
// The tables

/// What a case expects: refusal with this part of the sentence, or (for `--mine`, whose
/// homework may be done) success or a refusal with this part.
#[derive(Clone, Copy)]
enum Expect {
    Refused(&'static str),
    RefusedUnlessDone(&'static str),
}

/// Runs every case of a lesson's table and reports all the cases that misbehave at once.
fn table(lesson: &str, cases: &[(&[&str], Expect)]) {
    let mut wrong = Vec::new();
    for (args, expect) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let args: Vec<String> = args
            .iter()
            .map(|a| {
                a.replace("{F}", fixtures().to_str().unwrap())
                    .replace("{O}", out.to_str().unwrap())
            })
            .collect();
        let o = run(lesson, &args);
        let (_, err) = support::text(&o);
        let line = err.trim();
        let (needle, optional) = match *expect {
            Expect::Refused(n) => (n, false),
            Expect::RefusedUnlessDone(n) => (n, true),
        };
        let problem = if optional && o.status.success() {
            None
        } else if err.contains("panicked") || err.contains("RUST_BACKTRACE") {
            Some("panicked".to_string())
        } else if o.status.code() != Some(1) {
            Some(format!("exit code {:?}", o.status.code()))
        } else if line.lines().count() != 1 || !line.starts_with("error: ") {
            Some("not one line starting with \"error: \"".into())
        } else if !line.contains(needle) {
            Some(format!("the sentence lacks {needle:?}"))
        } else if !leftovers(&out).is_empty() {
            Some(format!("left {:?} in --out", leftovers(&out)))
        } else {
            None
        };
        if let Some(p) = problem {
            wrong.push(format!(
                "{lesson} {}: {p}\n    stderr: {line}",
                args.join(" ")
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

use Expect::{Refused, RefusedUnlessDone};

#[test]
fn lesson1_refuses_bad_input() {
    table(
        "lesson1",
        &[
            (
                &["--model", "{F}/big.json", "--out", "{O}"],
                Refused("the weights of"),
            ),
            (
                &["--model", "{F}/big.json", "--out", "{O}"],
                Refused("are too large (up to 1e308)"),
            ),
            (
                &["--model", "{F}/nowhere.json", "--out", "{O}"],
                Refused("nowhere.json"),
            ),
            (
                &["--model", "{F}/batch.csv", "--out", "{O}"],
                Refused("not a valid model file"),
            ),
            (
                &["--x", "1,2,3", "--out", "{O}"],
                Refused("--x: each row needs 2 values"),
            ),
            (&["--x", "1,2;3", "--out", "{O}"], Refused("--x")),
            (
                &["--labels", "7,0,0,0", "--out", "{O}"],
                Refused("--labels: class 7"),
            ),
            (&["--seed", "-1", "--out", "{O}"], Refused("--seed")),
            (
                &["--out", "{F}/batch.csv"],
                Refused("is a file, not a directory"),
            ),
            (
                &["--mine", "--out", "{O}"],
                RefusedUnlessDone("cargo homework hint"),
            ),
        ],
    );
}

#[test]
fn lesson2_refuses_bad_input() {
    let grad = |data: &'static str| -> [&'static str; 5] {
        ["grad", "--model", "{F}/model.json", "--data", data]
    };
    table(
        "lesson2",
        &[
            (
                &["grad", "--model", "{F}/big.json", "--data", "{F}/batch.csv"],
                Refused("the loss is NaN: the weights of"),
            ),
            (
                &grad("{F}/label-neg.csv"),
                Refused("data row 2 has label \"-1\""),
            ),
            (
                &grad("{F}/label-half.csv"),
                Refused("data row 2 has label \"1.5\""),
            ),
            (
                &grad("{F}/label-cat.csv"),
                Refused("data row 1 has label \"cat\""),
            ),
            (
                &grad("{F}/dup.csv"),
                Refused("the column name \"a\" appears twice, in columns 1 and 2"),
            ),
            (&grad("{F}/dup-far.csv"), Refused("in columns 1 and 3")),
            (
                &grad("{F}/header.csv"),
                Refused("header line but no data rows"),
            ),
            (&grad("{F}/nowhere.csv"), Refused("nowhere.csv")),
            (
                &[
                    "grad",
                    "--model",
                    "{F}/digits.json",
                    "--data",
                    "{F}/batch.csv",
                ],
                Refused("takes 784 inputs"),
            ),
            (&["grad", "--data", "{F}/batch.csv"], Refused("--model")),
            (&["--seed", "x", "--out", "{O}"], Refused("--seed")),
            (
                &["--out", "{F}/batch.csv"],
                Refused("is a file, not a directory"),
            ),
            (
                &["--mine", "--out", "{O}"],
                RefusedUnlessDone("cargo homework hint"),
            ),
        ],
    );
}

#[test]
fn lesson3_refuses_bad_input() {
    table(
        "lesson3",
        &[
            (&["--eta", "1e9", "--out", "{O}"], Refused("diverged")),
            (
                &["--eta", "-1", "--out", "{O}"],
                Refused("--eta must be a positive number"),
            ),
            (&["--eta", "NaN", "--out", "{O}"], Refused("--eta")),
            (
                &["--batch-size", "801", "--out", "{O}"],
                Refused("--batch-size 801 is larger than the training set (800 instances)"),
            ),
            (
                &["--batch-size", "0", "--out", "{O}"],
                Refused("--batch-size"),
            ),
            (&["--loop", "0", "--out", "{O}"], Refused("--loop")),
            (
                &["--loop", "10000000", "--out", "{O}"],
                Refused("--loop must be between 1 and"),
            ),
            (&["--hidden", "10,0", "--out", "{O}"], Refused("--hidden")),
            (&["--hidden", "100000", "--out", "{O}"], Refused("--hidden")),
            (
                &["--hidden", "1000,1000,1000", "--out", "{O}"],
                Refused("the network 2-1000-1000-1000-2 has 2007002 weights and biases"),
            ),
            (&["--n", "5", "--out", "{O}"], Refused("--n")),
            (
                &["--test-fraction", "1", "--out", "{O}"],
                Refused("--test-fraction"),
            ),
            (&["--radius=-inf", "--out", "{O}"], Refused("--radius")),
            (
                &["--activation", "softmax", "--out", "{O}"],
                Refused("--activation"),
            ),
            (&["--mode", "sideways", "--out", "{O}"], Refused("sideways")),
            (
                &["--out", "{F}/batch.csv"],
                Refused("is a file, not a directory"),
            ),
            (
                &["--out", "/proc/nn-bad-input"],
                Refused("--out /proc/nn-bad-input"),
            ),
            (
                &["--mine", "--loop", "50", "--out", "{O}"],
                RefusedUnlessDone("cargo homework hint"),
            ),
        ],
    );
}

#[test]
fn lesson4_refuses_bad_input() {
    let mut cases: Vec<(&[&str], Expect)> = vec![
        (
            &["optimizers", "--eta", "1e9", "--out", "{O}"],
            Refused("training diverged for every optimizer with --eta 1000000000"),
        ),
        (
            &[
                "optimizers",
                "--eta",
                "1e4",
                "--loop",
                "300",
                "--out",
                "{O}",
            ],
            Refused("no optimizer learned"),
        ),
        (
            &["optimizers", "--optimizers", "adam,bogus", "--out", "{O}"],
            Refused("bogus"),
        ),
        (
            &[
                "grid-search",
                "--etas",
                "1e9",
                "--loop",
                "20",
                "--out",
                "{O}",
            ],
            Refused("diverged"),
        ),
        (
            &["grid-search", "--batch-sizes", "801", "--out", "{O}"],
            Refused("--batch-sizes 801 is larger than the training set"),
        ),
        (
            &["grid-search", "--cv", "1", "--out", "{O}"],
            Refused("--cv"),
        ),
        (
            &["multiclass", "--classes", "9", "--out", "{O}"],
            Refused("--classes"),
        ),
        (
            &["boundary", "--coarse-step", "0", "--out", "{O}"],
            Refused("--coarse-step"),
        ),
        (
            &["animate", "--every", "0", "--out", "{O}"],
            Refused("--every"),
        ),
        (
            &["optimizers", "--mine", "--out", "{O}"],
            Refused("--mine has nothing to run"),
        ),
        (
            &["xor", "--out", "{F}/batch.csv"],
            Refused("is a file, not a directory"),
        ),
        (&["xor", "--loop", "0", "--out", "{O}"], Refused("--loop")),
        (
            &["xor", "--mine", "--loop", "50", "--out", "{O}"],
            RefusedUnlessDone("cargo homework hint"),
        ),
    ];
    // A training that diverges after the data was made leaves no picture, GIF or CSV behind.
    for experiment in [
        &["xor", "--eta", "1e9", "--out", "{O}"][..],
        &["linear", "--eta", "1e9", "--out", "{O}"],
        &["activations", "--eta", "1e9", "--out", "{O}"],
        &["boundary", "--eta", "1e9", "--out", "{O}"],
        &["multiclass", "--eta", "1e9", "--out", "{O}"],
        &["homework4", "--eta", "1e9", "--out", "{O}"],
        &[
            "animate", "--eta", "1e9", "--every", "1", "--loop", "20", "--out", "{O}",
        ],
    ] {
        cases.push((experiment, Refused("diverged")));
    }
    table("lesson4", &cases);
}

#[test]
fn lesson5_refuses_bad_input() {
    table(
        "lesson5",
        &[
            (&["--eta", "1e9", "--out", "{O}"], Refused("diverged")),
            (
                &["titanic", "--eta", "1e9", "--out", "{O}"],
                Refused("diverged"),
            ),
            (
                &["--batch-size", "121", "--out", "{O}"],
                Refused("--batch-size: 121 is larger than the training part (120 of the 150 rows)"),
            ),
            (
                &["--batch-size", "0", "--out", "{O}"],
                Refused("--batch-size"),
            ),
            (&["--loop", "0", "--out", "{O}"], Refused("--loop")),
            (&["--loop", "10000000", "--out", "{O}"], Refused("--loop")),
            (&["--hidden", "100000", "--out", "{O}"], Refused("--hidden")),
            (
                &["--hidden", "1000,1000,1000", "--out", "{O}"],
                Refused("invalid --hidden: the network 4-1000-1000-1000-3 has"),
            ),
            (&["--eta", "-0.5", "--out", "{O}"], Refused("--eta")),
            (&["--folds", "1", "--out", "{O}"], Refused("--folds")),
            (
                &["--test-fraction", "1.5", "--out", "{O}"],
                Refused("--test-fraction"),
            ),
            (
                &[
                    "csv",
                    "--file",
                    "{F}/dup.csv",
                    "--target",
                    "y",
                    "--out",
                    "{O}",
                ],
                Refused("dup.csv: line 1: the column name \"a\" appears twice, in columns 1 and 2"),
            ),
            (
                &[
                    "csv",
                    "--file",
                    "{F}/header.csv",
                    "--target",
                    "y",
                    "--out",
                    "{O}",
                ],
                Refused("header.csv: the file has a header line but no data rows"),
            ),
            (
                &[
                    "csv",
                    "--file",
                    "{F}/huge.csv",
                    "--target",
                    "y",
                    "--out",
                    "{O}",
                ],
                Refused("column \"a\" is unusable: its values reach 1e308"),
            ),
            (
                &[
                    "csv",
                    "--file",
                    "{F}/nowhere.csv",
                    "--target",
                    "y",
                    "--out",
                    "{O}",
                ],
                Refused("nowhere.csv"),
            ),
            (
                &[
                    "csv",
                    "--file",
                    "{F}/batch.csv",
                    "--target",
                    "y",
                    "--out",
                    "{O}",
                ],
                Refused("\"y\""),
            ),
            (
                &["--out", "{F}/batch.csv"],
                Refused("is a file, not a directory"),
            ),
            (
                &["--mine", "--out", "{O}"],
                RefusedUnlessDone("cargo homework hint"),
            ),
        ],
    );
}

#[test]
fn lesson6_refuses_bad_input() {
    let small = ["--epochs", "1", "--limit", "500", "--out", "{O}"];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        let mut a = vec!["train"];
        a.extend_from_slice(extra);
        a.extend_from_slice(&small);
        a
    };
    let cases: Vec<(Vec<&str>, Expect)> = vec![
        (
            vec!["train", "--epochs", "1000000000", "--out", "{O}"],
            Refused("--epochs must be between 1 and 1000"),
        ),
        (with(&["--eta", "1e9"]), Refused("diverged")),
        (with(&["--eta=-1"]), Refused("--eta")),
        (
            with(&["--width", "1000000000"]),
            Refused("--width must be between 1 and 4096"),
        ),
        (
            with(&["--width", "4096", "--depth", "2"]),
            Refused("the network 784-4096-4096-10 has 20037642 weights and biases"),
        ),
        (with(&["--depth", "100000"]), Refused("--depth")),
        (with(&["--threads", "100000"]), Refused("--threads")),
        (
            with(&["--batch-size", "100000"]),
            Refused("fewer than one batch"),
        ),
        (with(&["--dropout", "2"]), Refused("--dropout")),
        (
            vec!["train", "--data-dir", "{F}/idx-14x56", "--out", "{O}"],
            Refused("t10k-images-idx3-ubyte: image size: expected 28×28"),
        ),
        (
            vec!["train", "--data-dir", "{F}/idx-14x56", "--out", "{O}"],
            Refused("found 14×56"),
        ),
        (
            vec!["train", "--data-dir", "{F}/idx-14x14", "--out", "{O}"],
            Refused("found 14×14"),
        ),
        (
            vec!["train", "--data-dir", "{F}/nowhere", "--out", "{O}"],
            Refused("--data-dir"),
        ),
        (
            vec!["train", "--out", "{F}/batch.csv"],
            Refused("is a file, not a directory"),
        ),
        (
            vec!["predict", "--model", "{F}/digits.json", "{F}/huge.png"],
            Refused("huge.png: the image is 16000×16000 pixels"),
        ),
        (
            vec!["predict", "--model", "{F}/digits.json", "{F}/notes.png"],
            Refused("notes.png: not a readable image"),
        ),
        (
            vec!["predict", "--model", "{F}/model.json", "{F}/digit.png"],
            Refused("the model takes 2 inputs, not 784"),
        ),
        (
            vec!["predict", "--model", "{F}/nowhere.json", "{F}/digit.png"],
            Refused("nowhere.json"),
        ),
        (
            vec!["predict", "--model", "{F}/big-digits.json", "{F}/digit.png"],
            Refused("a probability for"),
        ),
        (
            vec!["predict", "--model", "{F}/big-digits.json", "{F}/digit.png"],
            Refused("big-digits.json are too large (up to 3e37)"),
        ),
        (
            vec!["predict", "--model", "{F}/f64-digits.json", "{F}/digit.png"],
            Refused("layer 1 holds 1e300, too large for the f32 numbers it is read as"),
        ),
    ];
    let cases: Vec<(&[&str], Expect)> = cases.iter().map(|(a, e)| (a.as_slice(), *e)).collect();
    table("lesson6", &cases);
}

// ---------------------------------------------------------------------------------------------
// Property tests: random values for the common flags

/// The kinds of value a flag takes; each draws from edge cases and ordinary values.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// A count (iterations, sizes): kept small, or beyond every limit.
    Count,
    /// A list of counts (`--hidden`).
    Counts,
    /// A real number.
    Real,
    /// A seed (u64).
    Seed,
    /// A name (activation, optimizer, mode).
    Name,
    /// A matrix as text (lesson 1's `--x`).
    Matrix,
}

fn value(kind: Kind) -> BoxedStrategy<String> {
    let edge = |v: &[&'static str]| select(v.to_vec()).prop_map(String::from);
    match kind {
        Kind::Count => prop_oneof![
            edge(&[
                "-1",
                "0",
                "1",
                "2",
                "1000001",
                "1e9",
                "18446744073709551616",
                "NaN",
                "x",
                ""
            ]),
            (0u32..12).prop_map(|v| v.to_string()),
        ]
        .boxed(),
        Kind::Counts => prop_oneof![
            edge(&["0", "3,0", "100000", "5,5", "-1", "1,x", "", ","]),
            (1u32..12).prop_map(|v| v.to_string()),
        ]
        .boxed(),
        Kind::Real => prop_oneof![
            edge(&[
                "-1", "0", "-0", "1e9", "1e308", "-1e308", "NaN", "inf", "-inf", "1e-300", "abc",
                "", "0.5", "0.01",
            ]),
            (-3.0f64..3.0).prop_map(|v| v.to_string()),
        ]
        .boxed(),
        Kind::Seed => prop_oneof![
            edge(&[
                "-1",
                "0",
                "18446744073709551615",
                "18446744073709551616",
                "abc",
                ""
            ]),
            any::<u64>().prop_map(|v| v.to_string()),
        ]
        .boxed(),
        Kind::Name => edge(&[
            "relu",
            "tanh",
            "sigmoid",
            "softmax",
            "sgd",
            "adam",
            "rmsprop",
            "batch",
            "online",
            "minibatch",
            "bogus",
            "",
        ])
        .boxed(),
        Kind::Matrix => edge(&[
            "1,2; -1,0.5",
            "1e308,1e308;1,1;1,1;1,1",
            "NaN,1;1,1;1,1;1,1",
            "inf,0;0,0;0,0;0,0",
            "1,2",
            "",
            "a,b",
            "1,2;3",
            ";",
        ])
        .boxed(),
    }
}

/// One to three of `flags`, each with a random value, as `--flag=value`.
fn some_flags(flags: &'static [(&'static str, Kind)]) -> BoxedStrategy<Vec<String>> {
    prop::sample::subsequence((0..flags.len()).collect::<Vec<_>>(), 1..=3)
        .prop_flat_map(move |picked| {
            picked
                .into_iter()
                .map(|i| {
                    let (flag, kind) = flags[i];
                    value(kind).prop_map(move |v| format!("{flag}={v}"))
                })
                .collect::<Vec<_>>()
        })
        .boxed()
}

/// `base` flags (pairs) the random ones do not already set, so that runs stay short.
fn with_base(mut args: Vec<String>, base: &[(&str, &str)]) -> Vec<String> {
    for (flag, v) in base {
        if !args.iter().any(|a| a.starts_with(&format!("{flag}="))) {
            args.push(format!("{flag}={v}"));
        }
    }
    args
}

/// No panic, exit code 0 or 1, and after a failure one `error:` line and nothing in `out`.
fn survives(lesson: &str, args: &[String], out: &Path) -> Result<(), TestCaseError> {
    let o = run(lesson, args);
    let (_, err) = support::text(&o);
    let what = format!("{lesson} {}", args.join(" "));
    prop_assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{what}: {err}"
    );
    let code = o.status.code();
    prop_assert!(
        code == Some(0) || code == Some(1),
        "{what}: exit {code:?}: {err}"
    );
    if code == Some(0) {
        // A NaN or infinite result is an error, never a printed number.
        let out = String::from_utf8_lossy(&o.stdout);
        let bad = out
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| ["nan", "inf", "infinity"].contains(&w.to_lowercase().as_str()));
        prop_assert!(bad.is_none(), "{what}: printed {bad:?}:\n{out}");
    }
    if code == Some(1) {
        let line = err.trim();
        prop_assert!(
            line.lines().count() == 1 && line.starts_with("error: "),
            "{what}: {err}"
        );
        prop_assert!(
            leftovers(out).is_empty(),
            "{what}: left {:?}",
            leftovers(out)
        );
    }
    Ok(())
}

/// `cases` cases (or `PROPTEST_CASES`, to search longer), with a short shrink: every case
/// runs a program.
fn config(cases: u32) -> ProptestConfig {
    let env = std::env::var("PROPTEST_CASES").ok();
    ProptestConfig {
        cases: env.and_then(|v| v.parse().ok()).unwrap_or(cases),
        max_shrink_iters: 24,
        ..ProptestConfig::default()
    }
}

const TRAINING: &[(&str, Kind)] = &[
    ("--seed", Kind::Seed),
    ("--n", Kind::Count),
    ("--radius", Kind::Real),
    ("--test-fraction", Kind::Real),
    ("--hidden", Kind::Counts),
    ("--activation", Kind::Name),
    ("--optimizer", Kind::Name),
    ("--mode", Kind::Name),
    ("--batch-size", Kind::Count),
    ("--eta", Kind::Real),
    ("--attenuation", Kind::Real),
    ("--learning-plan", Kind::Count),
    ("--loop", Kind::Count),
    ("--show-interval", Kind::Count),
];

const LESSON5: &[(&str, Kind)] = &[
    ("--seed", Kind::Seed),
    ("--hidden", Kind::Counts),
    ("--activation", Kind::Name),
    ("--optimizer", Kind::Name),
    ("--eta", Kind::Real),
    ("--loop", Kind::Count),
    ("--batch-size", Kind::Count),
    ("--folds", Kind::Count),
    ("--test-fraction", Kind::Real),
];

const LESSON6: &[(&str, Kind)] = &[
    ("--seed", Kind::Seed),
    ("--width", Kind::Count),
    ("--depth", Kind::Count),
    ("--activation", Kind::Name),
    ("--optimizer", Kind::Name),
    ("--eta", Kind::Real),
    ("--attenuation", Kind::Real),
    ("--learning-plan", Kind::Count),
    ("--weight-decay", Kind::Real),
    ("--shift", Kind::Count),
    ("--input-dropout", Kind::Real),
    ("--dropout", Kind::Real),
    ("--average-from", Kind::Count),
    ("--epochs", Kind::Count),
    ("--batch-size", Kind::Count),
    ("--limit", Kind::Count),
    ("--threads", Kind::Count),
];

const LESSON1: &[(&str, Kind)] = &[
    ("--seed", Kind::Seed),
    ("--x", Kind::Matrix),
    ("--labels", Kind::Counts),
];

const EXPERIMENTS: &[&str] = &[
    "xor",
    "linear",
    "optimizers",
    "activations",
    "multiclass",
    "boundary",
    "animate",
    "homework4",
    "grid-search",
];

proptest! {
    #![proptest_config(config(20))]

    #[test]
    fn lesson3_survives_any_flag_values(flags in some_flags(TRAINING)) {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let mut args = with_base(flags, &[("--loop", "30"), ("--n", "300")]);
        args.push(format!("--out={}", out.display()));
        survives("lesson3", &args, &out)?;
    }

    #[test]
    fn lesson4_survives_any_flag_values(
        experiment in select(EXPERIMENTS.to_vec()),
        flags in some_flags(TRAINING),
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let mut args = vec![experiment.to_string()];
        args.extend(with_base(flags, &[("--loop", "30"), ("--n", "300")]));
        args.push(format!("--out={}", out.display()));
        if experiment == "animate" {
            args.push("--every=10".into());
        }
        survives("lesson4", &args, &out)?;
    }

    #[test]
    fn lesson5_survives_any_flag_values(
        data in select(vec!["iris", "titanic"]),
        flags in some_flags(LESSON5),
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let mut args = vec![data.to_string()];
        args.extend(with_base(flags, &[("--loop", "30"), ("--folds", "0")]));
        args.push(format!("--out={}", out.display()));
        survives("lesson5", &args, &out)?;
    }

    #[test]
    fn lesson6_survives_any_flag_values(flags in some_flags(LESSON6)) {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let mut args = vec!["train".to_string()];
        let base = [("--epochs", "1"), ("--limit", "300"), ("--width", "16"), ("--threads", "2")];
        args.extend(with_base(flags, &base));
        args.push(format!("--out={}", out.display()));
        survives("lesson6", &args, &out)?;
    }

    #[test]
    fn lessons_1_and_2_survive_any_flag_values(
        lesson in select(vec!["lesson1", "lesson2"]),
        flags in some_flags(LESSON1),
        random in any::<bool>(),
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        // lesson 2 has no --x or --labels: those are refused as unknown flags.
        let mut args = flags;
        if random {
            args.push("--random".into());
        }
        args.push(format!("--out={}", out.display()));
        survives(lesson, &args, &out)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Property tests: arbitrary bytes as each file type

/// Random bytes, or `valid` with a few bytes changed and perhaps cut short.
fn bytes_like(valid: Vec<u8>) -> BoxedStrategy<Vec<u8>> {
    let mutated = (
        prop::collection::vec((any::<Index>(), any::<u8>()), 1..6),
        any::<Index>(),
        any::<bool>(),
    )
        .prop_map(move |(edits, cut, truncate)| {
            let mut b = valid.clone();
            if !b.is_empty() {
                for (i, v) in edits {
                    let k = i.index(b.len());
                    b[k] = v;
                }
                if truncate {
                    b.truncate(cut.index(b.len()));
                }
            }
            b
        });
    prop_oneof![prop::collection::vec(any::<u8>(), 0..300), mutated].boxed()
}

/// A model file as text with one of its numbers replaced by an extreme one, or its bytes
/// mutated ([`bytes_like`]).
fn model_like(valid: String) -> BoxedStrategy<Vec<u8>> {
    let extreme = select(vec![
        "1e308",
        "-1e308",
        "1e309",
        "0",
        "-0",
        "18446744073709551615",
        "1e-320",
        "\"x\"",
        "null",
        "[]",
    ]);
    let numbers: Vec<(usize, usize)> = {
        let bytes = valid.as_bytes();
        let mut spans = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i].is_ascii_digit() || bytes[i] == b'-' {
                let start = i;
                while i < bytes.len() && b"0123456789.-+eE".contains(&bytes[i]) {
                    i += 1;
                }
                spans.push((start, i));
            } else {
                i += 1;
            }
        }
        spans
    };
    let text = valid.clone();
    let replaced = (select(numbers), extreme)
        .prop_map(move |((a, b), v)| format!("{}{v}{}", &text[..a], &text[b..]).into_bytes());
    prop_oneof![replaced, bytes_like(valid.into_bytes())].boxed()
}

proptest! {
    #![proptest_config(config(16))]

    #[test]
    fn lesson6_survives_any_idx_bytes(
        which in 0usize..4,
        bytes in bytes_like(idx_files(28, 28)[0].1.clone()),
        labels in bytes_like(idx_files(28, 28)[1].1.clone()),
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let (data, out) = (tmp.path().join("data"), tmp.path().join("out"));
        let mut files = idx_files(28, 28);
        // Image files get image-like bytes, label files label-like ones.
        files[which].1 = if which % 2 == 0 { bytes } else { labels };
        write_dir(&data, &files);
        let args: Vec<String> = [
            "train", "--epochs", "1", "--batch-size", "5", "--width", "8", "--threads", "1",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain([format!("--data-dir={}", data.display()), format!("--out={}", out.display())])
        .collect();
        survives("lesson6", &args, &out)?;
    }

    #[test]
    fn lessons_2_and_5_survive_any_csv_bytes(
        lesson in select(vec!["lesson2", "lesson5"]),
        bytes in bytes_like(BATCH_CSV.as_bytes().to_vec()),
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let (csv, out) = (tmp.path().join("data.csv"), tmp.path().join("out"));
        std::fs::write(&csv, bytes).unwrap();
        let args: Vec<String> = if lesson == "lesson2" {
            vec![
                "grad".into(),
                format!("--model={}/model.json", fixtures().display()),
                format!("--data={}", csv.display()),
            ]
        } else {
            vec![
                "csv".into(),
                format!("--file={}", csv.display()),
                "--target=label".into(),
                "--loop=20".into(),
                "--folds=0".into(),
                "--test-fraction=0.5".into(),
                format!("--out={}", out.display()),
            ]
        };
        survives(lesson, &args, &out)?;
    }

    #[test]
    fn lessons_1_2_and_6_survive_any_model_bytes(
        use_in in 0usize..3,
        small in model_like(model("f64", &[(2, 3, "relu"), (3, 3, "softmax")], 0.5)),
        digits in model_like(model("f32", &[(784, 10, "softmax")], 0.0)),
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let (file, out) = (tmp.path().join("model.json"), tmp.path().join("out"));
        let f = fixtures();
        let (lesson, args) = match use_in {
            0 => ("lesson1", vec![format!("--model={}", file.display())]),
            1 => ("lesson2", vec![
                "grad".to_string(),
                format!("--model={}", file.display()),
                format!("--data={}/batch.csv", f.display()),
            ]),
            _ => ("lesson6", vec![
                "predict".to_string(),
                format!("--model={}", file.display()),
                format!("{}/digit.png", f.display()),
            ]),
        };
        std::fs::write(&file, if use_in == 2 { digits } else { small }).unwrap();
        let mut args = args;
        if lesson == "lesson1" {
            args.push(format!("--out={}", out.display()));
        }
        survives(lesson, &args, &out)?;
    }

    #[test]
    fn lesson6_predict_survives_any_png_bytes(
        bytes in prop_oneof![bytes_like(digit_png()), bytes_like(png_declaring(16000, 16000))],
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let png = tmp.path().join("digit.png");
        std::fs::write(&png, bytes).unwrap();
        let args = vec![
            "predict".to_string(),
            format!("--model={}/digits.json", fixtures().display()),
            png.display().to_string(),
        ];
        survives("lesson6", &args, tmp.path().join("out").as_path())?;
    }
}
