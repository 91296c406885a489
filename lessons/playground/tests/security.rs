//! What keeps the playground safe on localhost: host names, other pages, JSON, time limits,
//! bounded answers and threads — against real servers on 127.0.0.1 (port 0), with raw sockets
//! where a test must write exactly the bytes an attacker would. Every loop is bounded.

use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

fn server_with(limits: playground::net::Limits) -> SocketAddr {
    playground::spawn(
        "127.0.0.1",
        0,
        playground::Options {
            limits,
            ..playground::Options::default()
        },
    )
    .expect("the server starts")
}

fn server() -> SocketAddr {
    server_with(playground::net::Limits::default())
}

/// One raw HTTP/1.1 exchange: `head` is the request line and headers (without the blank line);
/// returns the status and the body as JSON.
fn raw(addr: SocketAddr, head: &str, body: &[u8]) -> (u16, Value, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let head = format!(
        "{head}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"));
    let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    let json = serde_json::from_str(body).unwrap_or(Value::Null);
    (status, json, text)
}

fn json_post(addr: SocketAddr, path: &str, body: &str) -> (u16, Value, String) {
    raw(
        addr,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json",
            addr.port()
        ),
        body.as_bytes(),
    )
}

fn get(addr: SocketAddr, path: &str) -> (u16, Value, String) {
    raw(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}", addr.port()),
        b"",
    )
}

fn live(addr: SocketAddr) -> (u64, u64) {
    let (code, v, text) = get(addr, "/api/runs");
    assert_eq!(code, 200, "{text}");
    (v["live"].as_u64().unwrap(), v["threads"].as_u64().unwrap())
}

fn error_of(text: &str, v: &Value) -> String {
    assert!(
        text.to_ascii_lowercase()
            .contains("content-type: application/json"),
        "not JSON: {text}"
    );
    let e = v["error"].as_str().unwrap_or_else(|| panic!("{text}"));
    assert!(
        !e.is_empty() && !e.contains('\n') && e.ends_with('.'),
        "{e}"
    );
    e.to_string()
}

#[test]
fn only_this_machines_host_names_are_served() {
    let addr = server();
    let port = addr.port();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (code, _, text) = raw(
            addr,
            &format!("GET /api/config HTTP/1.1\r\nHost: {host}"),
            b"",
        );
        assert_eq!(code, 200, "{host}: {text}");
    }
    // DNS rebinding: a page on attacker.example whose name now points at 127.0.0.1.
    for path in ["/", "/api/config", "/api/runs"] {
        let (code, v, text) = raw(
            addr,
            &format!("GET {path} HTTP/1.1\r\nHost: attacker.example:{port}"),
            b"",
        );
        assert_eq!(code, 403, "{path}: {text}");
        assert!(error_of(&text, &v).contains("'attacker.example"), "{text}");
    }
    let (code, _, text) = raw(
        addr,
        &format!(
            "POST /api/runs HTTP/1.1\r\nHost: attacker.example:{port}\r\nContent-Type: application/json"
        ),
        b"{}",
    );
    assert_eq!(code, 403, "{text}");
    assert_eq!(live(addr).0, 0, "no run was made");
}

#[test]
fn another_pages_post_is_refused_and_makes_no_run() {
    let addr = server();
    let port = addr.port();
    let settings = json!({"n": 100, "hidden": [4], "iterations": 100}).to_string();
    // The browser's no-cors POST of the issue: text/plain, Origin of another local port.
    let attacks = [
        format!(
            "Origin: http://127.0.0.1:{}\r\nContent-Type: text/plain",
            port + 1
        ),
        "Origin: http://evil.test\r\nContent-Type: application/json".to_string(),
        "Origin: null\r\nContent-Type: application/json".to_string(),
        "Sec-Fetch-Site: cross-site\r\nContent-Type: application/json".to_string(),
        "Content-Type: text/plain".to_string(),
        "Content-Type: application/x-www-form-urlencoded".to_string(),
        "Content-Type: multipart/form-data; boundary=x".to_string(),
    ];
    for attack in &attacks {
        let (code, v, text) = raw(
            addr,
            &format!("POST /api/runs HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{attack}"),
            settings.as_bytes(),
        );
        assert!([403, 415].contains(&code), "{attack}: {text}");
        error_of(&text, &v);
    }
    assert_eq!(live(addr).0, 0, "no attack made a run");
    // The page's own request (same origin, JSON) makes one; another page may not delete it.
    let (code, v, text) = raw(
        addr,
        &format!(
            "POST /api/runs HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nContent-Type: application/json"
        ),
        settings.as_bytes(),
    );
    assert_eq!(code, 200, "{text}");
    let id = v["id"].as_u64().unwrap();
    for (method, path) in [
        ("DELETE", format!("/api/runs/{id}")),
        ("POST", format!("/api/runs/{id}/play")),
    ] {
        let (code, _, text) = raw(
            addr,
            &format!(
                "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://localhost:{}\r\nContent-Type: application/json",
                port + 1
            ),
            b"",
        );
        assert_eq!(code, 403, "{method} {path}: {text}");
    }
    let (_, v, _) = get(addr, &format!("/api/runs/{id}"));
    assert_eq!(v["status"], "paused", "the run was not played");
    assert_eq!(live(addr).0, 1);
}

#[test]
fn every_error_is_json_and_an_oversized_body_is_413() {
    let addr = server();
    let cases: [(&str, &str, u16, &str); 6] = [
        ("GET", "/api/runs/-1", 400, "'-1' is not a run id"),
        ("GET", "/api/runs/abc/events", 400, "'abc' is not a run id"),
        ("POST", "/api/runs/x/play", 400, "not a run id"),
        ("GET", "/api/runs/12345", 404, "there is no run 12345"),
        ("PUT", "/api/runs", 405, "does not take a PUT"),
        ("GET", "/nothing/here", 404, "no such page"),
    ];
    for (method, path, status, says) in cases {
        let (code, v, text) = raw(
            addr,
            &format!(
                "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json",
                addr.port()
            ),
            b"",
        );
        assert_eq!(code, status, "{method} {path}: {text}");
        let e = error_of(&text, &v);
        assert!(e.contains(says), "{method} {path}: {e}");
    }
    let big = format!("{{\"csv\": \"{}\"}}", "1,2,0\\n".repeat(200_000));
    assert!(big.len() > playground::server::BODY_LIMIT);
    let (code, v, text) = json_post(addr, "/api/runs", &big);
    assert_eq!(code, 413, "{}", &text[..text.len().min(300)]);
    assert!(error_of(&text, &v).contains("1024 KiB"), "{text}");
}

/// A CSV of `rows` rows, every number written with 17 significant digits.
fn long_csv(rows: usize) -> String {
    let mut csv = String::from("x1,x2,label\n");
    for i in 0..rows {
        let a = -1.234_567_890_123_456 - (i % 97) as f64 * 0.031_234_567_891_234;
        let b = 2.345_678_901_234_567 + (i % 89) as f64 * 0.027_123_456_789_123;
        csv.push_str(&format!("{a:.16},{b:.16},{}\n", i % 2));
    }
    csv
}

#[test]
fn the_csv_limit_and_its_message_agree() {
    let addr = server();
    let most = json!({"dataset": "upload", "csv": long_csv(10_000), "iterations": 10}).to_string();
    assert!(
        most.len() > 64 * 1024,
        "the old limit would have refused it"
    );
    let (code, _, text) = json_post(addr, "/api/runs", &most);
    assert_eq!(
        code,
        200,
        "10 000 rows are promised: {}",
        &text[..text.len().min(300)]
    );
    let one_more = json!({"dataset": "upload", "csv": long_csv(10_001)}).to_string();
    let (code, v, text) = json_post(addr, "/api/runs", &one_more);
    assert_eq!(code, 400, "{}", &text[..text.len().min(300)]);
    assert!(
        error_of(&text, &v).contains("more than 10000 rows"),
        "{text}"
    );
}

#[test]
fn slow_and_silent_clients_are_cut_off() {
    let limits = playground::net::Limits {
        connections: 64,
        header_read: Duration::from_secs(1),
        stall: Duration::from_secs(2),
    };
    let addr = server_with(limits);
    let start = Instant::now();
    // 20 sockets that send nothing and 20 that send one header line every 200 ms.
    let mut silent: Vec<TcpStream> = (0..20).map(|_| TcpStream::connect(addr).unwrap()).collect();
    let mut slow: Vec<TcpStream> = (0..20).map(|_| TcpStream::connect(addr).unwrap()).collect();
    for s in &mut slow {
        s.write_all(b"GET /api/config HTTP/1.1\r\n").unwrap();
    }
    let mut slow_cut = vec![None; slow.len()];
    for line in 0..25 {
        std::thread::sleep(Duration::from_millis(200));
        for (i, s) in slow.iter_mut().enumerate() {
            if slow_cut[i].is_none()
                && s.write_all(format!("X-Line-{line}: a\r\n").as_bytes())
                    .is_err()
            {
                slow_cut[i] = Some(start.elapsed());
            }
        }
    }
    for (i, cut) in slow_cut.iter().enumerate() {
        let at = cut.unwrap_or_else(|| panic!("slow socket {i} was still open after 5 s"));
        assert!(
            at < Duration::from_secs(4),
            "slow socket {i} cut after {at:?}"
        );
    }
    for (i, s) in silent.iter_mut().enumerate() {
        s.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
        let mut buf = [0u8; 256];
        match s.read(&mut buf) {
            Ok(0) => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
            other => panic!(
                "silent socket {i} still open after {:?}: {other:?}",
                start.elapsed()
            ),
        }
    }
    // A body that stops arriving: cut after the stall limit.
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(
        format!(
            "POST /api/runs HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"n\":",
            addr.port()
        )
        .as_bytes(),
    )
    .unwrap();
    let sent = Instant::now();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut rest = Vec::new();
    let _ = s.read_to_end(&mut rest);
    let waited = sent.elapsed();
    assert!(
        waited >= Duration::from_millis(1500) && waited < Duration::from_secs(6),
        "a stalled body was cut after {waited:?}"
    );
    // An open event stream is not stalled: its keep-alives go out more often than the limit.
    let (_, v, _) = json_post(addr, "/api/runs", r#"{"n": 100, "hidden": [4]}"#);
    let id = v["id"].as_u64().unwrap();
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(
        format!(
            "GET /api/runs/{id}/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            addr.port()
        )
        .as_bytes(),
    )
    .unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let opened = Instant::now();
    let mut got = 0;
    let mut buf = [0u8; 65536];
    while opened.elapsed() < Duration::from_secs(5) {
        match s.read(&mut buf) {
            Ok(0) => panic!("the event stream was closed after {:?}", opened.elapsed()),
            Ok(n) => got += n,
            Err(e) => panic!("the event stream went quiet: {e}"),
        }
    }
    assert!(got > 0);
    // And the server still answers.
    assert_eq!(get(addr, "/api/config").0, 200);
}

#[test]
fn the_one_step_answer_is_small_whatever_the_network() {
    let addr = server();
    let heavy = json!({"n": 4000, "hidden": [256, 256, 256], "batch_size": 2000, "iterations": 5});
    let (code, v, text) = json_post(addr, "/api/runs", &heavy.to_string());
    assert_eq!(code, 200, "{text}");
    let id = v["id"].as_u64().unwrap();
    let (code, _, text) = json_post(addr, &format!("/api/runs/{id}/step"), "");
    assert_eq!(code, 200, "{}", &text[..text.len().min(300)]);
    let (code, m, text) = get(addr, &format!("/api/runs/{id}/matrices"));
    assert_eq!(code, 200);
    assert!(
        text.len() < 192 * 1024,
        "the matrices take {} bytes",
        text.len()
    );
    let a1 = &m["layers"][1]["a"];
    assert_eq!(
        (a1["rows"].as_u64(), a1["cols"].as_u64()),
        (Some(2000), Some(256))
    );
    assert_eq!(a1["values"].as_array().map(Vec::len), Some(10));
    assert_eq!(a1["values"][0].as_array().map(Vec::len), Some(16));
    let (_, _, frame) = get(addr, &format!("/api/runs/{id}?full=1"));
    assert!(
        frame.len() < 1024 * 1024,
        "a frame takes {} bytes",
        frame.len()
    );
}

#[test]
fn stopped_runs_free_their_thread_and_threads_never_pile_up() {
    let addr = server();
    let heavy = json!({"n": 10000, "hidden": [256, 256], "batch_size": 2000, "iterations": 200000});
    let mut most = 0;
    for _ in 0..8 {
        let (code, v, text) = json_post(addr, "/api/runs", &heavy.to_string());
        assert!(code == 200 || code == 429, "{text}");
        if let Some(id) = v["id"].as_u64() {
            assert_eq!(json_post(addr, &format!("/api/runs/{id}/play"), "").0, 200);
            std::thread::sleep(Duration::from_millis(100));
            let (code, _, text) = raw(
                addr,
                &format!(
                    "DELETE /api/runs/{id} HTTP/1.1\r\nHost: 127.0.0.1:{}",
                    addr.port()
                ),
                b"",
            );
            assert_eq!(code, 200, "{text}");
        }
        let (_, threads) = live(addr);
        most = most.max(threads);
        assert!(
            threads <= playground::MAX_RUNS as u64,
            "{threads} training threads"
        );
    }
    // Every stopped thread ends within its step.
    let deadline = Instant::now() + Duration::from_secs(60);
    while live(addr).1 > 0 {
        assert!(
            Instant::now() < deadline,
            "threads still alive: {:?}",
            live(addr)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(most >= 1, "the runs did start their threads");
}

#[test]
fn a_speed_spaces_the_iterations() {
    let addr = server();
    let (_, v, _) = json_post(
        addr,
        "/api/runs",
        r#"{"n": 200, "hidden": [4], "iterations": 100000}"#,
    );
    let id = v["id"].as_u64().unwrap();
    let (code, v, text) = json_post(
        addr,
        &format!("/api/runs/{id}/speed"),
        r#"{"per_second": 20}"#,
    );
    assert_eq!(code, 200, "{text}");
    assert_eq!(v["speed"], 20.0);
    json_post(addr, &format!("/api/runs/{id}/play"), "");
    std::thread::sleep(Duration::from_millis(1500));
    let (_, v, _) = get(addr, &format!("/api/runs/{id}"));
    let at = v["iteration"].as_u64().unwrap();
    assert!(
        (15..=45).contains(&at),
        "20 a second for 1.5 s: {at} iterations"
    );
    for bad in [r#"{"per_second": 0}"#, r#"{"per_second": "fast"}"#, r#"{}"#] {
        let (code, v, text) = json_post(addr, &format!("/api/runs/{id}/speed"), bad);
        assert_eq!(code, 400, "{bad}: {text}");
        assert!(error_of(&text, &v).contains("per_second"));
    }
    json_post(
        addr,
        &format!("/api/runs/{id}/speed"),
        r#"{"per_second": null}"#,
    );
    std::thread::sleep(Duration::from_millis(1000));
    let (_, v, _) = get(addr, &format!("/api/runs/{id}"));
    assert!(
        v["iteration"].as_u64().unwrap() > at + 100,
        "as fast as it goes: {v}"
    );
    assert_eq!(v["speed"], Value::Null);
}

#[test]
fn new_settings_replace_the_pages_run_only_once_accepted() {
    let addr = server();
    let (_, v, _) = json_post(addr, "/api/runs", r#"{"n": 100, "hidden": [4]}"#);
    let old = v["id"].as_u64().unwrap();
    let (code, v, text) = json_post(
        addr,
        &format!("/api/runs?replace={old}"),
        r#"{"hidden": [2.5]}"#,
    );
    assert_eq!(code, 400, "{text}");
    assert!(
        error_of(&text, &v).contains("hidden layer 1's width"),
        "{text}"
    );
    assert_eq!(
        get(addr, &format!("/api/runs/{old}")).0,
        200,
        "the old run is kept"
    );
    let (code, v, text) = json_post(
        addr,
        &format!("/api/runs?replace={old}"),
        r#"{"hidden": [3]}"#,
    );
    assert_eq!(code, 200, "{text}");
    let new = v["id"].as_u64().unwrap();
    assert_eq!(get(addr, &format!("/api/runs/{old}")).0, 404, "replaced");
    assert_eq!(get(addr, &format!("/api/runs/{new}")).0, 200);
}

#[test]
fn a_watched_run_is_not_evicted_for_a_fifth_one() {
    let addr = server();
    let (_, v, _) = json_post(addr, "/api/runs", r#"{"n": 100, "hidden": [4]}"#);
    let watched = v["id"].as_u64().unwrap();
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .write_all(
            format!(
                "GET /api/runs/{watched}/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
                addr.port()
            )
            .as_bytes(),
        )
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut buf = [0u8; 1024];
    assert!(stream.read(&mut buf).unwrap() > 0, "the stream opened");
    for _ in 0..6 {
        let (code, _, text) = json_post(addr, "/api/runs", r#"{"n": 100, "hidden": [4]}"#);
        assert_eq!(code, 200, "{text}");
    }
    assert_eq!(live(addr).0, playground::MAX_RUNS as u64);
    assert_eq!(
        get(addr, &format!("/api/runs/{watched}")).0,
        200,
        "the watched run is kept"
    );
}
