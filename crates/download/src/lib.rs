//! Downloading full MNIST and Fashion-MNIST from a list of mirrors: every file's published MD5 is
//! verified, the file is written atomically (temporary file, then rename), a failing mirror (no
//! connection, HTTP error, dropped transfer, wrong checksum) passes the file to the next mirror,
//! and an optional progress bar shows the transfer.
//!
//! A crate of its own so that only lesson 6, which downloads, compiles the network and TLS stack
//! (ureq, rustls, ring); every other lesson builds nn-data alone, identically in every command.
#![deny(missing_docs)]

use indicatif::{ProgressBar, ProgressStyle};
use md5::{Digest, Md5};
use nn_core::AtomicFile;
use nn_data::{DataError, Result};
use sha2::Sha256;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The largest file accepted from a server (MNIST's largest is under 10 MB compressed).
pub const MAX_DOWNLOAD_BYTES: u64 = 1 << 30;

/// A published checksum, as lowercase hex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checksum {
    /// MD5 (what torchvision publishes for MNIST and Fashion-MNIST).
    Md5(String),
    /// SHA-256.
    Sha256(String),
}

impl Checksum {
    /// The expected hex digest.
    pub fn hex(&self) -> &str {
        match self {
            Checksum::Md5(h) | Checksum::Sha256(h) => h,
        }
    }
}

enum Hasher {
    Md5(Md5),
    Sha256(Sha256),
}

impl Hasher {
    fn new(c: &Checksum) -> Self {
        match c {
            Checksum::Md5(_) => Hasher::Md5(Md5::new()),
            Checksum::Sha256(_) => Hasher::Sha256(Sha256::new()),
        }
    }
    fn update(&mut self, b: &[u8]) {
        match self {
            Hasher::Md5(h) => h.update(b),
            Hasher::Sha256(h) => h.update(b),
        }
    }
    fn hex(self) -> String {
        let bytes = match self {
            Hasher::Md5(h) => h.finalize().to_vec(),
            Hasher::Sha256(h) => h.finalize().to_vec(),
        };
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// One file of a remote dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteFile {
    /// File name, appended to each mirror's base URL and used as the local name.
    pub name: String,
    /// Its published checksum.
    pub checksum: Checksum,
}

/// A dataset published as files on one or more mirrors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteDataset {
    /// Human-readable name.
    pub name: String,
    /// The files to fetch.
    pub files: Vec<RemoteFile>,
    /// Base URLs (ending in `/`), tried in order.
    pub mirrors: Vec<String>,
}

fn md5_files(list: [(&str, &str); 4]) -> Vec<RemoteFile> {
    list.iter()
        .map(|(name, md5)| RemoteFile {
            name: name.to_string(),
            checksum: Checksum::Md5(md5.to_string()),
        })
        .collect()
}

/// MNIST (the original host no longer serves it): the mirror torchvision uses, then the one
/// TensorFlow uses. Checksums as published by torchvision.
pub fn mnist() -> RemoteDataset {
    RemoteDataset {
        name: "MNIST".into(),
        files: md5_files([
            (
                "train-images-idx3-ubyte.gz",
                "f68b3c2dcbeaaa9fbdd348bbdeb94873",
            ),
            (
                "train-labels-idx1-ubyte.gz",
                "d53e105ee54ea40749a09fcbcd1e9432",
            ),
            (
                "t10k-images-idx3-ubyte.gz",
                "9fb629c4189551a2d022fa330f9573f3",
            ),
            (
                "t10k-labels-idx1-ubyte.gz",
                "ec29112dd5afa0611ce80d1b7f02629c",
            ),
        ]),
        mirrors: vec![
            "https://ossci-datasets.s3.amazonaws.com/mnist/".into(),
            "https://storage.googleapis.com/cvdf-datasets/mnist/".into(),
        ],
    }
}

/// Fashion-MNIST (Zalando Research, MIT licence). Checksums as published by torchvision.
pub fn fashion_mnist() -> RemoteDataset {
    RemoteDataset {
        name: "Fashion-MNIST".into(),
        files: md5_files([
            (
                "train-images-idx3-ubyte.gz",
                "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
            ),
            (
                "train-labels-idx1-ubyte.gz",
                "25c81989df183df01b3e8a0aad5dffbe",
            ),
            (
                "t10k-images-idx3-ubyte.gz",
                "bef4ecab320f06d8554ea6380940ec79",
            ),
            (
                "t10k-labels-idx1-ubyte.gz",
                "bb300cfdad3c16e7a12a480ee83cd310",
            ),
        ]),
        mirrors: vec![
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/".into(),
            "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/"
                .into(),
        ],
    }
}

/// The checksum of a file on disk, in the same algorithm as `like`.
pub fn file_checksum(path: &Path, like: &Checksum) -> Result<String> {
    let mut f = std::fs::File::open(path).map_err(|e| DataError::io("read", path, e))?;
    let mut h = Hasher::new(like);
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f
            .read(&mut buf)
            .map_err(|e| DataError::io("read", path, e))?;
        if n == 0 {
            return Ok(h.hex());
        }
        h.update(&buf[..n]);
    }
}

/// What [`download`] did with each file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Downloaded {
    /// Local path of the verified file.
    pub path: PathBuf,
    /// The URL it came from, or `None` if a verified copy was already there.
    pub url: Option<String>,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(20)))
        .timeout_recv_response(Some(Duration::from_secs(60)))
        .timeout_recv_body(Some(Duration::from_secs(30 * 60)))
        .build()
        .new_agent()
}

fn fetch(
    agent: &ureq::Agent,
    url: &str,
    dest: &Path,
    checksum: &Checksum,
    bar: &ProgressBar,
) -> Result<()> {
    let http = |found: String| DataError::Http {
        url: url.to_string(),
        found,
    };
    let resp = agent
        .get(url)
        .header("Accept-Encoding", "identity")
        .call()
        .map_err(|e| http(e.to_string()))?;
    let len = resp
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    bar.reset();
    bar.set_length(len.unwrap_or(0));
    let mut body = resp
        .into_body()
        .into_with_config()
        .limit(MAX_DOWNLOAD_BYTES)
        .reader();
    let mut tmp =
        AtomicFile::create(dest).map_err(|e| DataError::io("create a file beside", dest, e))?;
    let mut h = Hasher::new(checksum);
    let mut buf = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let n = match body.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(http(format!(
                    "the transfer broke after {total} bytes ({e})"
                )));
            }
        };
        h.update(&buf[..n]);
        tmp.write_all(&buf[..n])
            .map_err(|e| DataError::io("write", dest, e))?;
        total += n as u64;
        bar.set_position(total);
    }
    if let Some(len) = len.filter(|&l| l != total) {
        return Err(http(format!("{total} of the announced {len} bytes")));
    }
    let found = h.hex();
    if found != checksum.hex().to_ascii_lowercase() {
        return Err(DataError::Checksum {
            url: url.to_string(),
            expected: checksum.hex().to_string(),
            found,
        });
    }
    tmp.keep_on_failure()
        .commit()
        .map_err(|e| DataError::io("write", dest, e))
}

/// Downloads every file of `dataset` into `dir` (created if needed), verified and written
/// atomically; a file already present with the right checksum is kept. `mirrors` overrides the
/// dataset's own list when not empty. `progress` shows a progress bar on stderr.
///
/// For each file the mirrors are tried in order; if all fail, the error lists every attempt.
pub fn download(
    dataset: &RemoteDataset,
    dir: impl AsRef<Path>,
    mirrors: &[&str],
    progress: bool,
) -> Result<Vec<Downloaded>> {
    let dir = dir.as_ref();
    std::fs::create_dir_all(dir).map_err(|e| DataError::io("create", dir, e))?;
    let mirrors: Vec<String> = if mirrors.is_empty() {
        dataset.mirrors.clone()
    } else {
        mirrors.iter().map(|m| m.to_string()).collect()
    };
    let agent = agent();
    let mut done = Vec::new();
    for file in &dataset.files {
        let dest = dir.join(&file.name);
        if dest.is_file()
            && file_checksum(&dest, &file.checksum)? == file.checksum.hex().to_ascii_lowercase()
        {
            done.push(Downloaded {
                path: dest,
                url: None,
            });
            continue;
        }
        let bar = if progress {
            let style = ProgressStyle::with_template(
                "{msg:30} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            ProgressBar::new(0)
                .with_style(style)
                .with_message(file.name.clone())
        } else {
            ProgressBar::hidden()
        };
        let mut attempts = Vec::new();
        for base in &mirrors {
            let url = format!("{}/{}", base.trim_end_matches('/'), file.name);
            match fetch(&agent, &url, &dest, &file.checksum, &bar) {
                Ok(()) => {
                    done.push(Downloaded {
                        path: dest.clone(),
                        url: Some(url),
                    });
                    break;
                }
                Err(e) => attempts.push(e.to_string()),
            }
        }
        bar.finish_and_clear();
        if done.last().is_none_or(|d| d.path != dest) {
            if attempts.is_empty() {
                attempts.push("no mirror was given".into());
            }
            return Err(DataError::AllMirrorsFailed {
                file: file.name.clone(),
                attempts,
            });
        }
    }
    Ok(done)
}
