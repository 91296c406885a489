//! Out-of-core streaming: every row once, shuffled, with at most one chunk in memory.

use nn_data::{DataError, load_mnist_dir, stream_csv, stream_idx};
use std::io::Write;
use std::path::Path;

/// Writes `n` rows `id,square,label` with label = id % 3 (names a, b, c).
fn write_csv(path: &Path, n: usize, gzip: bool) {
    let mut text = String::from("id,square,label\n");
    for i in 0..n {
        text += &format!("{i},{},{}\n", (i % 100) * (i % 100), ["a", "b", "c"][i % 3]);
    }
    if gzip {
        let mut e = flate2::write::GzEncoder::new(
            std::fs::File::create(path).unwrap(),
            flate2::Compression::fast(),
        );
        e.write_all(text.as_bytes()).unwrap();
        e.finish().unwrap();
    } else {
        std::fs::write(path, text).unwrap();
    }
}

#[test]
fn csv_stream_sees_every_row_once_with_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    for gzip in [false, true] {
        let path = dir.path().join(if gzip { "big.csv.gz" } else { "big.csv" });
        write_csv(&path, 20_000, gzip);
        let mut s = stream_csv::<f64>(&path, "label", &["a", "b", "c"], 1000, 64, 7).unwrap();
        assert_eq!(
            s.chunk_rows(),
            1024,
            "rounded up to a multiple of the batch size"
        );
        let mut seen = vec![0u8; 20_000];
        let mut batches = 0;
        for b in s.by_ref() {
            let b = b.unwrap();
            assert!(b.x.nrows() <= 64 && b.x.ncols() == 2);
            for r in 0..b.x.nrows() {
                let id = b.x[(r, 0)] as usize;
                seen[id] += 1;
                assert_eq!(b.labels[r], id % 3);
                assert_eq!(b.t[(r, id % 3)], 1.0);
            }
            batches += 1;
        }
        assert!(seen.iter().all(|&c| c == 1));
        assert_eq!(s.rows_read(), 20_000);
        assert!(s.max_rows_held() <= 1024, "held {} rows", s.max_rows_held());
        assert!(batches >= 20_000 / 64);
    }
}

#[test]
fn csv_stream_is_shuffled_by_the_seed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.csv");
    write_csv(&path, 500, false);
    let first = |seed| {
        let b = stream_csv::<f32>(&path, "label", &["a", "b", "c"], 500, 50, seed)
            .unwrap()
            .next()
            .unwrap()
            .unwrap();
        b.x.column(0).iter().copied().collect::<Vec<f32>>()
    };
    let a = first(1);
    assert_eq!(a, first(1));
    assert_ne!(a, first(2));
    assert_ne!(
        a,
        (0..50).map(|i| i as f32).collect::<Vec<_>>(),
        "not in file order"
    );
}

#[test]
fn csv_stream_reports_bad_cells_and_stops() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    std::fs::write(&path, "x,label\n1,a\n2,a\nzwei,b\n4,b\n").unwrap();
    let mut s = stream_csv::<f64>(&path, "label", &["a", "b"], 2, 2, 0).unwrap();
    assert!(s.next().unwrap().is_ok());
    let e = s.next().unwrap().unwrap_err();
    assert!(
        e.to_string()
            .contains("bad.csv: line 4, column 1 (x): expected a finite number, found \"zwei\""),
        "{e}"
    );
    assert!(s.next().is_none());
    std::fs::write(&path, "x,label\n1,z\n").unwrap();
    let e = stream_csv::<f64>(&path, "label", &["a", "b"], 2, 2, 0)
        .unwrap()
        .next()
        .unwrap()
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("expected a class name (a, b) or index, found \"z\""),
        "{e}"
    );
    let e = stream_csv::<f64>(&path, "nope", &["a"], 2, 2, 0).unwrap_err();
    assert!(matches!(e, DataError::MissingColumn { .. }));
    assert!(stream_csv::<f64>(&path, "label", &["a"], 2, 0, 0).is_err());
}

#[test]
fn idx_stream_matches_the_in_memory_sample() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../datasets/mnist-sample");
    let mut s = stream_idx::<f32>(
        dir.join("train-images-idx3-ubyte.gz"),
        dir.join("train-labels-idx1-ubyte.gz"),
        500,
        100,
        3,
    )
    .unwrap();
    let (mut counts, mut ink, mut n) = ([0usize; 10], 0.0f64, 0);
    for b in s.by_ref() {
        let b = b.unwrap();
        assert_eq!((b.x.ncols(), b.t.ncols()), (784, 10));
        b.labels.iter().for_each(|&l| counts[l] += 1);
        ink += b.x.iter().map(|&v| f64::from(v)).sum::<f64>();
        n += b.x.nrows();
    }
    assert_eq!(n, 4000);
    assert_eq!(counts, [400; 10]);
    assert!(s.max_rows_held() <= 500);
    let whole = load_mnist_dir(&dir).unwrap().train;
    let whole_ink: f64 = whole.x.iter().map(|&v| f64::from(v)).sum();
    assert!(
        (ink - whole_ink).abs() < 1e-6 * whole_ink,
        "{ink} vs {whole_ink}"
    );
}

#[test]
fn idx_stream_checks_counts() {
    let dir = tempfile::tempdir().unwrap();
    nn_data::write_idx(dir.path().join("i"), &[3, 2, 2], &[0; 12]).unwrap();
    nn_data::write_idx(dir.path().join("l"), &[2], &[0, 1]).unwrap();
    let e = stream_idx::<f32>(dir.path().join("i"), dir.path().join("l"), 2, 1, 0).unwrap_err();
    assert!(
        matches!(
            e,
            DataError::CountMismatch {
                left_count: 3,
                right_count: 2,
                ..
            }
        ),
        "{e}"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(150))]

    #[test]
    fn arbitrary_text_never_panics(text in "[a-c0-9,.\"\n -]{0,60}") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, &text).unwrap();
        if let Ok(s) = stream_csv::<f64>(&path, "a", &["b", "c"], 3, 2, 0) {
            for _ in s {}
        }
    }
}
