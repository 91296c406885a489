//! `lesson6` end to end on the bundled MNIST sample: train (JSON, model, pictures), predict on
//! digits this test draws, bench, download against a local server, and clear errors.

#[path = "support_l12/mod.rs"]
mod support;

use image::{Luma, Rgb, RgbImage, RgbaImage};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use support::{assert_one_sentence, last_json, root, run_in, text};

fn lesson6() -> PathBuf {
    support::bin("lesson6", "lesson6")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lesson6-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&str]) -> std::process::Output {
    run_in(&lesson6(), args, &root())
}

/// Trains once on 2,000 sample digits for 3 epochs; returns the output directory and the JSON.
fn trained() -> &'static (PathBuf, serde_json::Value) {
    static TRAINED: OnceLock<(PathBuf, serde_json::Value)> = OnceLock::new();
    TRAINED.get_or_init(|| {
        let out = scratch("train");
        let o = out.to_str().unwrap();
        let args = [
            "train",
            "--limit",
            "2000",
            "--epochs",
            "3",
            "--threads",
            "2",
            "--out",
            o,
            "--json",
        ];
        (out.clone(), last_json(&run(&args)))
    })
}

#[test]
fn train_on_the_sample_reports_learns_and_writes_everything() {
    let (out, json) = trained();
    assert_eq!(json["sample"], true, "{json}");
    assert_eq!(json["epochs"].as_array().unwrap().len(), 3);
    let acc = json["test_accuracy"].as_f64().unwrap();
    assert!(
        acc > 0.85,
        "test accuracy {acc} after 3 epochs on 2,000 digits"
    );
    assert_eq!(json["sizes"], serde_json::json!([784, 100, 10]));
    for name in [
        "curves",
        "predictions",
        "misclassified",
        "weights",
        "confusion",
    ] {
        let bytes = std::fs::read(out.join(format!("{name}.png"))).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{name}.png");
    }
    let model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("model.json")).unwrap()).unwrap();
    assert_eq!(model["layers"].as_array().unwrap().len(), 2);
}

/// A digit drawn like a learner would: dark strokes on a light, large, colour canvas.
fn draw(path: &Path, digit: u8) {
    let mut img = RgbImage::from_pixel(240, 320, Rgb([245, 240, 230]));
    let mut ink = |x: i32, y: i32| {
        for dx in -9..=9 {
            for dy in -9..=9 {
                if dx * dx + dy * dy <= 81 {
                    img.put_pixel((x + dx) as u32, (y + dy) as u32, Rgb([20, 20, 60]));
                }
            }
        }
    };
    match digit {
        1 => (60..260).for_each(|y| ink(130, y)),
        _ => (0..360).for_each(|deg| {
            let t = (deg as f64).to_radians();
            ink(
                (120.0 + 60.0 * t.cos()) as i32,
                (160.0 + 100.0 * t.sin()) as i32,
            )
        }),
    }
    img.save(path).unwrap();
}

#[test]
fn predict_reads_digits_drawn_dark_on_light_and_light_on_dark() {
    let (out, _) = trained();
    let dir = scratch("predict");
    let one = dir.join("one.png");
    let zero = dir.join("zero.png");
    draw(&one, 1);
    draw(&zero, 0);
    // The same "0" inverted, with transparency, as a drawing app might save it.
    let inverted = dir.join("zero-inverted.png");
    let rgba: RgbaImage = image::open(&zero).unwrap().to_rgba8();
    let mut dark = rgba.clone();
    dark.pixels_mut().for_each(|p| {
        let v = 255 - p.0[0];
        p.0 = [v, v, v, 255];
    });
    dark.save(&inverted).unwrap();
    let model = out.join("model.json");
    let args = ["predict", "--json", "--model", model.to_str().unwrap()];
    let files = [&one, &zero, &inverted].map(|p| p.to_str().unwrap().to_string());
    let mut all: Vec<&str> = args.to_vec();
    all.extend(files.iter().map(String::as_str));
    let json = last_json(&run(&all));
    let got: Vec<&str> = json["images"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["prediction"].as_str().unwrap())
        .collect();
    assert_eq!(got, ["1", "0", "0"], "{json}");
    let top = &json["images"][0]["top3"];
    assert_eq!(top.as_array().unwrap().len(), 3);
    let p0 = top[0]["probability"].as_f64().unwrap();
    assert!(
        p0 > 0.5 && p0 >= top[1]["probability"].as_f64().unwrap(),
        "{top}"
    );
    // The human form shows the 28×28 picture the network saw.
    let (stdout, _) = text(&run(&[
        "predict",
        "--model",
        model.to_str().unwrap(),
        files[0].as_str(),
    ]));
    assert!(
        stdout.contains("as the network sees it") && stdout.contains('@'),
        "{stdout}"
    );
}

#[test]
fn predict_errors_name_the_file() {
    let dir = scratch("predict-errors");
    let missing = dir.join("missing.json");
    let png = dir.join("x.png");
    image::GrayImage::from_pixel(10, 10, Luma([0]))
        .save(&png)
        .unwrap();
    let out = run(&[
        "predict",
        "--model",
        missing.to_str().unwrap(),
        png.to_str().unwrap(),
    ]);
    assert_one_sentence(&out, &["missing.json"]);
    let (trained_dir, _) = trained();
    let model = trained_dir.join("model.json");
    let out = run(&[
        "predict",
        "--model",
        model.to_str().unwrap(),
        png.to_str().unwrap(),
    ]);
    assert_one_sentence(&out, &["x.png", "no digit"]);
    let text_file = dir.join("notes.png");
    std::fs::write(&text_file, "hello").unwrap();
    let out = run(&[
        "predict",
        "--model",
        model.to_str().unwrap(),
        text_file.to_str().unwrap(),
    ]);
    assert_one_sentence(&out, &["notes.png", "not a readable image"]);
}

#[test]
fn bad_flags_and_bad_data_are_one_sentence_and_write_nothing() {
    let out_dir = scratch("bad");
    let o = out_dir.join("out");
    let o = o.to_str().unwrap();
    assert_one_sentence(&run(&["train", "--epochs", "0", "--out", o]), &["--epochs"]);
    assert_one_sentence(&run(&["train", "--eta=-1", "--out", o]), &["--eta"]);
    let missing = out_dir.join("nowhere");
    assert_one_sentence(
        &run(&["train", "--data-dir", missing.to_str().unwrap(), "--out", o]),
        &["--data-dir"],
    );
    // A truncated IDX file: the error names it, and no model is written.
    let data = out_dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    for f in [
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
    ] {
        std::fs::copy(root().join("datasets/mnist-sample").join(f), data.join(f)).unwrap();
    }
    let bytes = std::fs::read(data.join("t10k-images-idx3-ubyte.gz")).unwrap();
    std::fs::write(
        data.join("t10k-images-idx3-ubyte.gz"),
        &bytes[..bytes.len() / 2],
    )
    .unwrap();
    let out = run(&[
        "train",
        "--data-dir",
        data.to_str().unwrap(),
        "--epochs",
        "1",
        "--out",
        o,
    ]);
    assert_one_sentence(&out, &["t10k-images-idx3-ubyte.gz"]);
    assert!(!Path::new(o).join("model.json").exists());
}

#[test]
fn bench_reports_seconds_per_epoch_and_accuracy() {
    let json = last_json(&run(&[
        "bench",
        "--dataset",
        "mnist",
        "--limit",
        "1000",
        "--epochs",
        "3",
        "--threads",
        "1",
        "--json",
    ]));
    let s = json["seconds_per_epoch"].as_f64().unwrap();
    assert!(s > 0.0 && s.is_finite(), "{json}");
    let times = json["epoch_seconds"].as_array().unwrap();
    assert_eq!(times.len(), 3);
    assert!(json["test_accuracy"].as_f64().unwrap() > 0.5, "{json}");
    assert!(json["samples_per_second"].as_f64().unwrap() > 0.0);
    // the floor: the epoch's products alone, and the share of the epoch they are
    let floor = json["floor_seconds_per_epoch"].as_f64().unwrap();
    let efficiency = json["efficiency"].as_f64().unwrap();
    assert!(
        floor > 0.0 && json["floor_gflops"].as_f64().unwrap() > 0.0,
        "{json}"
    );
    // one floor per epoch, timed right after it; the efficiency is the median of the pairs
    let floors: Vec<f64> = json["floor_epoch_seconds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(floors.len(), 3, "{json}");
    let mut pairs: Vec<f64> = floors
        .iter()
        .zip(times)
        .map(|(f, e)| f / e.as_f64().unwrap())
        .collect();
    pairs.sort_by(f64::total_cmp);
    assert!((efficiency - pairs[1]).abs() < 1e-9, "{json}");
    let mut sorted = floors.clone();
    sorted.sort_by(f64::total_cmp);
    assert_eq!(floor, sorted[1], "{json}");
    assert_eq!(json["precision"], "f32");
    let json = last_json(&run(&[
        "bench",
        "--dataset",
        "mnist",
        "--limit",
        "300",
        "--epochs",
        "1",
        "--threads",
        "2",
        "--f64",
        "--json",
    ]));
    assert_eq!(json["precision"], "f64", "{json}");
    assert_eq!(json["threads"], 2);
    assert!(json["seconds_per_epoch"].as_f64().unwrap() > 0.0, "{json}");
}

/// A server on 127.0.0.1 that answers every request with the same wrong bytes.
fn wrong_bytes_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let body = b"these are not the MNIST bytes";
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body);
        }
    });
    format!("http://127.0.0.1:{port}/")
}

#[test]
fn download_rejects_a_mirror_with_wrong_checksums_and_keeps_nothing() {
    let dir = scratch("download");
    let target = dir.join("mnist");
    let mirror = wrong_bytes_server();
    let out = run(&[
        "download",
        "--quiet",
        "--dir",
        target.to_str().unwrap(),
        "--mirror",
        &mirror,
    ]);
    assert_one_sentence(&out, &["checksum"]);
    let left: Vec<_> = std::fs::read_dir(&target)
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "nothing half-written may stay: {left:?}");
}
