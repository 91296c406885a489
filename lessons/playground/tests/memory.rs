//! The issue's measurement, as a test of its own (its own process, so that no other test's runs
//! move the numbers): 50 connections ask a large network's one-step matrices and never read
//! the answer. Each answer is capped, so the server's memory grows by a few MiB, not by 50
//! answers of ~30 MB each (2 GB before the cap). Loops are bounded.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// This process's resident memory in KiB (Linux's /proc; `None` elsewhere).
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn exchange(addr: std::net::SocketAddr, request: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    answer
}

#[test]
fn fifty_unread_downloads_of_a_large_step_cost_little_memory() {
    let Some(_) = rss_kib() else {
        eprintln!("no /proc/self/status here: the measurement is Linux's");
        return;
    };
    let addr = playground::spawn("127.0.0.1", 0, playground::Options::default()).unwrap();
    let host = format!("127.0.0.1:{}", addr.port());
    let body = r#"{"n": 4000, "hidden": [256, 256, 256], "batch_size": 2000, "iterations": 5}"#;
    let made = exchange(
        addr,
        &format!(
            "POST /api/runs HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    let id: u64 = made
        .split("\"id\":")
        .nth(1)
        .and_then(|r| r.trim_end_matches('}').trim().parse().ok())
        .unwrap_or_else(|| panic!("no run: {made}"));
    let stepped = exchange(
        addr,
        &format!(
            "POST /api/runs/{id}/step HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
        ),
    );
    assert!(
        stepped.starts_with("HTTP/1.1 200"),
        "{}",
        &stepped[..stepped.len().min(300)]
    );
    std::thread::sleep(Duration::from_millis(500));
    let before = rss_kib().unwrap();
    let held: Vec<TcpStream> = (0..50)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(
                format!("GET /api/runs/{id}/matrices HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes(),
            )
            .unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_secs(2));
    let after = rss_kib().unwrap();
    let grown_mib = after.saturating_sub(before) / 1024;
    assert!(
        grown_mib < 64,
        "50 unread downloads grew the server by {grown_mib} MiB ({before} → {after} KiB)"
    );
    drop(held);
}
