//! IDX reader and MNIST-format directories: the committed sample and every kind of broken file.

use flate2::{Compression, write::GzEncoder};
use nn_data::idx::{IdxReader, encode_idx, read_idx_from};
use nn_data::mnist::{FASHION_CLASSES, MNIST_FILES};
use nn_data::{DataError, Dataset, load_raw_dir, read_idx, write_idx};

/// Train and test sets of an MNIST-format directory, pixels in [0, 1], with `names` as classes.
#[derive(Debug)]
struct Parts {
    train: Dataset<f32>,
    test: Dataset<f32>,
}

fn load_dir(dir: &Path, names: &[&str]) -> Result<Parts, DataError> {
    let (train, test) = load_raw_dir(dir)?;
    Ok(Parts {
        train: train.to_dataset(names),
        test: test.to_dataset(names),
    })
}

const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

fn load_mnist_dir(dir: impl AsRef<Path>) -> Result<Parts, DataError> {
    load_dir(dir.as_ref(), &DIGITS)
}
use proptest::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../datasets/mnist-sample")
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn from_bytes(bytes: &[u8]) -> Result<nn_data::IdxArray, DataError> {
    read_idx_from(IdxReader::from_reader(
        std::io::Cursor::new(bytes.to_vec()),
        Path::new("mem.idx"),
    )?)
}

/// Writes a small MNIST-format directory: `n_train`/`n_test` 2×3 images, labels `i % 10`.
fn tiny_dir(dir: &Path, n_train: usize, n_test: usize) {
    for (part, n) in [("train", n_train), ("t10k", n_test)] {
        let pixels: Vec<u8> = (0..n * 6).map(|i| (i * 37 % 256) as u8).collect();
        let labels: Vec<u8> = (0..n).map(|i| (i % 10) as u8).collect();
        write_idx(
            dir.join(format!("{part}-images-idx3-ubyte.gz")),
            &[n, 2, 3],
            &pixels,
        )
        .unwrap();
        write_idx(dir.join(format!("{part}-labels-idx1-ubyte")), &[n], &labels).unwrap();
    }
}

#[test]
fn the_committed_sample_loads_as_real_digits() {
    let m = load_mnist_dir(sample_dir()).unwrap();
    assert_eq!((m.train.n(), m.test.n()), (4000, 1000));
    assert_eq!(m.train.n_features(), 784);
    assert_eq!(m.train.class_counts(), vec![400; 10]);
    assert_eq!(m.test.class_counts(), vec![100; 10]);
    assert!(m.train.x.iter().all(|&v| (0.0..=1.0).contains(&v)));
    // real digits: about a fifth of the pixels carry ink, and the border is blank
    let ink = m.train.x.iter().filter(|&&v| v > 0.5).count() as f64 / m.train.x.len() as f64;
    assert!((0.05..0.3).contains(&ink), "{ink}");
    assert!(m.train.x.column(0).iter().all(|&v| v == 0.0));
    let (raw, _) = load_raw_dir(sample_dir()).unwrap();
    assert_eq!(
        (raw.rows, raw.cols, raw.image(0).unwrap().len()),
        (28, 28, 784)
    );
    assert_eq!(
        raw.image(0).unwrap()[300] as f32 / 255.0,
        m.train.x[(0, 300)]
    );
    assert!(raw.image(4000).is_none());
}

#[test]
fn write_then_read_round_trips_raw_and_gz() {
    let dir = tempfile::tempdir().unwrap();
    let data: Vec<u8> = (0..24).collect();
    for name in ["a.idx", "a.idx.gz"] {
        write_idx(dir.path().join(name), &[2, 3, 4], &data).unwrap();
        let a = read_idx(dir.path().join(name)).unwrap();
        assert_eq!(
            (a.dims.as_slice(), a.data.as_slice()),
            (&[2usize, 3, 4][..], &data[..])
        );
    }
    assert!(write_idx(dir.path().join("b.idx"), &[5], &data).is_err());
}

#[test]
fn fashion_dir_gets_fashion_class_names() {
    let dir = tempfile::tempdir().unwrap();
    tiny_dir(dir.path(), 20, 10);
    let f = load_dir(dir.path(), &FASHION_CLASSES).unwrap();
    assert_eq!(f.train.class_names[9], "Ankle boot");
    assert_eq!(f.train.class_names, FASHION_CLASSES.to_vec());
    assert_eq!((f.train.n(), f.test.n(), f.train.n_features()), (20, 10, 6));
    assert_eq!(f.train.x[(0, 1)], 37.0 / 255.0);
}

#[test]
fn debian_fashion_mnist_loads_when_installed() {
    let dir = Path::new(nn_data::mnist::DEBIAN_FASHION_DIR);
    if !dir.is_dir() {
        eprintln!(
            "{} not installed (apt-get install dataset-fashion-mnist); checked nothing",
            dir.display()
        );
        return;
    }
    let (train, test) = load_raw_dir(dir).unwrap();
    assert_eq!(
        (train.n(), test.n(), train.rows, train.cols),
        (60000, 10000, 28, 28)
    );
    let mut counts = [0; 10];
    test.labels.iter().for_each(|&l| counts[l as usize] += 1);
    assert_eq!(counts, [1000; 10]);
}

#[test]
fn wrong_magic_is_named() {
    let mut bytes = encode_idx(&[2], &[1, 2]).unwrap();
    bytes[2] = 0x0d; // float type
    let e = from_bytes(&bytes).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.starts_with("mem.idx: magic number: expected 0x000008NN"),
        "{msg}"
    );
    assert!(msg.contains("found 0x00000d01"), "{msg}");
    assert!(from_bytes(b"PK\x03\x04rest").is_err());
    assert!(from_bytes(&[0, 0, 8, 0]).is_err(), "zero dimensions");
}

#[test]
fn truncated_files_are_errors_raw_and_gz() {
    let bytes = encode_idx(&[10, 4], &[7; 40]).unwrap();
    let e = from_bytes(&bytes[..bytes.len() - 3]).unwrap_err();
    assert!(
        e.to_string()
            .contains("expected 40 data bytes for dimensions [10, 4], found only 37"),
        "{e}"
    );
    let z = gz(&bytes);
    for cut in [z.len() - 1, z.len() - 8, z.len() / 2, 12, 3] {
        let e = from_bytes(&z[..cut]).unwrap_err();
        assert!(matches!(e, DataError::BadIdx { .. }), "cut {cut}: {e}");
    }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cut.idx.gz");
    std::fs::write(&p, &z[..z.len() / 2]).unwrap();
    let e = read_idx(&p).unwrap_err();
    assert!(e.to_string().contains("cut.idx.gz"), "{e}");
    // header truncated inside the dimensions
    assert!(
        from_bytes(&bytes[..6])
            .unwrap_err()
            .to_string()
            .contains("dimensions")
    );
}

#[test]
fn trailing_data_is_an_error_raw_and_gz() {
    let mut bytes = encode_idx(&[3], &[1, 2, 3]).unwrap();
    bytes.extend_from_slice(&[9, 9]);
    let e = from_bytes(&bytes).unwrap_err();
    assert!(
        e.to_string()
            .contains("found 2 more bytes after them (trailing data)"),
        "{e}"
    );
    assert!(from_bytes(&gz(&bytes)).is_err());
    let mut z = gz(&bytes[..bytes.len() - 2]);
    z.extend_from_slice(b"garbage");
    assert!(from_bytes(&z).is_err(), "garbage after the gzip stream");
}

#[test]
fn huge_claimed_dimensions_fail_without_allocating() {
    let mut bytes = vec![0, 0, 8, 3];
    for d in [0xffff_ffffu32, 0xffff_ffff, 0xffff_ffff] {
        bytes.extend_from_slice(&d.to_be_bytes());
    }
    assert!(
        from_bytes(&bytes)
            .unwrap_err()
            .to_string()
            .contains("dimensions")
    );
    let mut bytes = vec![0, 0, 8, 1];
    bytes.extend_from_slice(&0x4000_0000u32.to_be_bytes()); // claims 1 GiB, has 3 bytes
    bytes.extend_from_slice(&[1, 2, 3]);
    assert!(
        from_bytes(&bytes)
            .unwrap_err()
            .to_string()
            .contains("found only 3")
    );
}

#[test]
fn image_label_count_mismatch_names_both_files() {
    let dir = tempfile::tempdir().unwrap();
    tiny_dir(dir.path(), 5, 3);
    write_idx(
        dir.path().join("train-labels-idx1-ubyte"),
        &[4],
        &[0, 1, 2, 3],
    )
    .unwrap();
    let e = load_mnist_dir(dir.path()).unwrap_err();
    let msg = e.to_string();
    assert!(
        matches!(
            e,
            DataError::CountMismatch {
                left_count: 5,
                right_count: 4,
                ..
            }
        ),
        "{msg}"
    );
    assert!(
        msg.contains("train-images-idx3-ubyte.gz") && msg.contains("train-labels-idx1-ubyte"),
        "{msg}"
    );
}

#[test]
fn test_images_of_another_size_name_their_own_size() {
    let dir = tempfile::tempdir().unwrap();
    tiny_dir(dir.path(), 4, 2);
    // 3×2 has the training images' 6 pixels per image, in another shape: still refused.
    for (dims, found) in [([2, 3, 2], "found 3×2"), ([2, 1, 6], "found 1×6")] {
        write_idx(
            dir.path().join("t10k-images-idx3-ubyte.gz"),
            &dims,
            &[0; 12],
        )
        .unwrap();
        let msg = load_raw_dir(dir.path()).unwrap_err().to_string();
        assert!(
            msg.contains("t10k-images-idx3-ubyte.gz")
                && msg.contains("expected 2×3")
                && msg.contains(found),
            "{msg}"
        );
    }
}

#[test]
fn bad_labels_dimensions_and_missing_files_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    tiny_dir(dir.path(), 3, 3);
    write_idx(dir.path().join("t10k-labels-idx1-ubyte"), &[3], &[0, 10, 2]).unwrap();
    let e = load_mnist_dir(dir.path()).unwrap_err();
    assert!(
        e.to_string()
            .contains("expected labels 0 to 9 (item 1), found 10"),
        "{e}"
    );
    write_idx(
        dir.path().join("t10k-labels-idx1-ubyte"),
        &[3, 1],
        &[0, 1, 2],
    )
    .unwrap();
    assert!(
        load_mnist_dir(dir.path())
            .unwrap_err()
            .to_string()
            .contains("dimensions: expected 1")
    );
    std::fs::remove_file(dir.path().join(MNIST_FILES[0].to_string() + ".gz")).unwrap();
    let e = load_mnist_dir(dir.path()).unwrap_err();
    assert!(
        e.to_string()
            .contains("expected a file named train-images-idx3-ubyte"),
        "{e}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn arbitrary_bytes_never_panic(mut bytes in proptest::collection::vec(any::<u8>(), 0..64), valid_header in any::<bool>()) {
        if valid_header && bytes.len() >= 8 {
            // steer towards the interesting paths: a plausible header with random sizes
            let d = 1 + bytes[3] % 3;
            bytes[..4].copy_from_slice(&[0, 0, 8, d]);
        }
        let _ = from_bytes(&bytes);
        let _ = from_bytes(&gz(&bytes));
        let mut z = gz(&bytes);
        let cut = bytes.len() % z.len().max(1);
        z.truncate(cut);
        let _ = from_bytes(&z);
    }
}
