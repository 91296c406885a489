//! The downloader against a server started on 127.0.0.1 by the test itself (never a real host):
//! good files, corrupt files, 404, and a connection dropped in the middle of the body.

use md5::{Digest, Md5};
use nn_data::DataError;
use nn_download::{Checksum, RemoteDataset, RemoteFile, download, file_checksum};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};

const BODY: &[u8] = b"pretend this is a gzipped IDX file, long enough to need a few reads....";

fn md5_hex(b: &[u8]) -> String {
    Md5::digest(b).iter().map(|x| format!("{x:02x}")).collect()
}

/// Serves `/good/*` (the right bytes), `/corrupt/*` (wrong bytes), `/drop/*` (announces the full
/// length, sends half, closes) and 404 for anything else. Returns the base URL and a request log.
fn serve() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log = Arc::new(Mutex::new(Vec::new()));
    let log2 = Arc::clone(&log);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let log = Arc::clone(&log2);
            std::thread::spawn(move || handle(stream, &log));
        }
    });
    (base, log)
}

fn handle(mut stream: TcpStream, log: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
    }
    let path = first.split_whitespace().nth(1).unwrap_or("/").to_string();
    log.lock().unwrap().push(path.clone());
    let head = |status: &str, len: usize| {
        format!("HTTP/1.1 {status}\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n")
    };
    let _ = if path.starts_with("/good/") {
        stream
            .write_all(head("200 OK", BODY.len()).as_bytes())
            .and_then(|_| stream.write_all(BODY))
    } else if path.starts_with("/corrupt/") {
        let mut bad = BODY.to_vec();
        bad[3] ^= 1;
        stream
            .write_all(head("200 OK", bad.len()).as_bytes())
            .and_then(|_| stream.write_all(&bad))
    } else if path.starts_with("/drop/") {
        stream
            .write_all(head("200 OK", BODY.len()).as_bytes())
            .and_then(|_| stream.write_all(&BODY[..BODY.len() / 2]))
    } else {
        stream
            .write_all(head("404 Not Found", 9).as_bytes())
            .and_then(|_| stream.write_all(b"not found"))
    };
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

fn dataset(files: &[&str]) -> RemoteDataset {
    RemoteDataset {
        name: "test".into(),
        files: files
            .iter()
            .map(|f| RemoteFile {
                name: f.to_string(),
                checksum: Checksum::Md5(md5_hex(BODY)),
            })
            .collect(),
        mirrors: vec![],
    }
}

fn no_partial_files(dir: &Path) -> bool {
    std::fs::read_dir(dir).unwrap().all(|e| {
        !e.unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".partial")
    })
}

#[test]
fn bad_mirrors_are_skipped_until_a_good_one() {
    let (base, log) = serve();
    let dir = tempfile::tempdir().unwrap();
    let mirrors = [
        format!("{base}/missing/"),
        format!("{base}/drop/"),
        format!("{base}/corrupt/"),
        format!("{base}/good/"),
    ];
    let mirrors: Vec<&str> = mirrors.iter().map(String::as_str).collect();
    let got = download(&dataset(&["a.gz", "b.gz"]), dir.path(), &mirrors, false).unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(
        got[0].url.as_deref(),
        Some(format!("{base}/good/a.gz").as_str())
    );
    assert_eq!(std::fs::read(dir.path().join("a.gz")).unwrap(), BODY);
    assert_eq!(std::fs::read(dir.path().join("b.gz")).unwrap(), BODY);
    assert!(no_partial_files(dir.path()));
    assert_eq!(log.lock().unwrap().len(), 8, "four mirrors per file");
    // a second run finds verified files and fetches nothing
    let again = download(&dataset(&["a.gz", "b.gz"]), dir.path(), &mirrors, true).unwrap();
    assert!(again.iter().all(|d| d.url.is_none()));
    assert_eq!(log.lock().unwrap().len(), 8);
}

#[test]
fn every_failure_is_reported_and_nothing_is_left_behind() {
    let (base, _) = serve();
    let dir = tempfile::tempdir().unwrap();
    let mirrors = [
        format!("{base}/missing/"),
        format!("{base}/drop/"),
        format!("{base}/corrupt/"),
    ];
    let mirrors: Vec<&str> = mirrors.iter().map(String::as_str).collect();
    let e = download(&dataset(&["a.gz"]), dir.path(), &mirrors, false).unwrap_err();
    let DataError::AllMirrorsFailed { file, attempts } = &e else {
        panic!("expected AllMirrorsFailed, found {e}")
    };
    assert_eq!((file.as_str(), attempts.len()), ("a.gz", 3));
    assert!(attempts[0].contains("404"), "{}", attempts[0]);
    assert!(attempts[1].contains("/drop/a.gz"), "{}", attempts[1]);
    assert!(
        attempts[2].contains(&format!("expected checksum {}", md5_hex(BODY))),
        "{}",
        attempts[2]
    );
    assert!(!dir.path().join("a.gz").exists());
    assert!(no_partial_files(dir.path()));
}

#[test]
fn a_corrupt_local_copy_is_replaced_and_refused_server_is_an_error() {
    let (base, _) = serve();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.gz"), b"half a file").unwrap();
    let good = format!("{base}/good/");
    let got = download(&dataset(&["a.gz"]), dir.path(), &[good.as_str()], false).unwrap();
    assert!(got[0].url.is_some());
    let sum = file_checksum(&dir.path().join("a.gz"), &Checksum::Md5(String::new())).unwrap();
    assert_eq!(sum, md5_hex(BODY));
    // a port nobody listens on
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let e = download(
        &dataset(&["c.gz"]),
        dir.path(),
        &[format!("http://{closed}/").as_str()],
        false,
    )
    .unwrap_err();
    assert!(e.to_string().contains("c.gz: every mirror failed"), "{e}");
}

#[test]
fn published_lists_are_complete() {
    for d in [nn_download::mnist(), nn_download::fashion_mnist()] {
        assert_eq!(d.files.len(), 4);
        assert!(d.mirrors.len() >= 2);
        assert!(d.files.iter().all(|f| f.checksum.hex().len() == 32));
        let names: Vec<&str> = d
            .files
            .iter()
            .map(|f| f.name.trim_end_matches(".gz"))
            .collect();
        assert_eq!(names, nn_data::mnist::MNIST_FILES.to_vec());
    }
}
