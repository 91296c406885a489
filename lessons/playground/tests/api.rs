//! The playground's API against a real server on 127.0.0.1 (port 0), with a small HTTP client.

use nalgebra::DMatrix;
use nn_core::{Activation, Dense, Loss, Network, RowDVector};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

fn server() -> String {
    let addr = playground::spawn(
        "127.0.0.1",
        0,
        playground::Options {
            mine: false,
            seed: 1,
            ..playground::Options::default()
        },
    )
    .expect("the server starts");
    format!("http://{addr}")
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// (status, body as JSON, raw body)
fn post(url: &str, body: &str) -> (u16, Value, String) {
    let mut r = agent()
        .post(url)
        .header("content-type", "application/json")
        .send(body)
        .expect("a response");
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().expect("a body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    )
}

fn get(url: &str) -> (u16, Value, String) {
    let mut r = agent().get(url).call().expect("a response");
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().expect("a body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    )
}

fn lecture() -> Value {
    json!({
        "dataset": "circle", "n": 1000, "test_fraction": 0.2, "hidden": [10, 10],
        "activation": "relu", "init": "he", "optimizer": "sgd", "eta": 0.03, "batch_size": 100,
        "attenuation": 0.6, "learning_plan": 2000, "iterations": 3000, "seed": 1, "noise": 0.0
    })
}

fn create(base: &str, settings: &Value) -> u64 {
    let (code, v, text) = post(&format!("{base}/api/runs"), &settings.to_string());
    assert_eq!(code, 200, "{text}");
    v["id"].as_u64().expect("an id")
}

/// Polls the run until it has finished (or the deadline passes); returns its last status JSON.
fn wait_finished(base: &str, id: u64, limit: Duration) -> (Value, String) {
    let deadline = Instant::now() + limit;
    loop {
        let (code, v, text) = get(&format!("{base}/api/runs/{id}"));
        assert_eq!(code, 200, "{text}");
        let s = v["status"].as_str().unwrap_or("").to_string();
        if ["done", "diverged", "error", "stopped"].contains(&s.as_str()) {
            return (v, text);
        }
        assert!(
            Instant::now() < deadline,
            "run {id} still {s} at the deadline: {text}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_lecture_circle_run_reaches_95_percent_test_accuracy() {
    let base = server();
    let id = create(&base, &lecture());
    let (code, _, _) = post(&format!("{base}/api/runs/{id}/play"), "");
    assert_eq!(code, 200);
    let (v, text) = wait_finished(&base, id, Duration::from_secs(120));
    assert_eq!(v["status"], "done", "{text}");
    assert_eq!(v["iteration"], 3000, "{text}");
    let acc = v["test_accuracy"].as_f64().expect("a test accuracy");
    assert!(acc >= 0.95, "test accuracy {acc}: {text}");
    for key in ["loss", "train_accuracy"] {
        assert!(v[key].as_f64().is_some(), "{key} in {text}");
    }
    let (_, full, _) = get(&format!("{base}/api/runs/{id}?full=1"));
    assert!(full["history"].as_array().is_some_and(|h| h.len() >= 100));
    // A finished run's thread waits for a reset: the same run again, to the same numbers.
    let (code, again, text) = post(&format!("{base}/api/runs/{id}/reset"), "");
    assert_eq!(code, 200, "{text}");
    assert_eq!(
        (again["iteration"].as_u64(), again["status"].as_str()),
        (Some(0), Some("paused"))
    );
    post(&format!("{base}/api/runs/{id}/play"), "");
    let (w, text) = wait_finished(&base, id, Duration::from_secs(120));
    assert_eq!(w["status"], "done", "{text}");
    assert_eq!(w["test_accuracy"], v["test_accuracy"], "{text}");
    assert_eq!(
        full["visuals"]["prob"].as_array().map(Vec::len),
        Some(48 * 48)
    );
}

/// The top-left `r × c` of `m`.
fn corner(m: &DMatrix<f64>, r: usize, c: usize) -> DMatrix<f64> {
    m.view((0, 0), (r, c)).into_owned()
}

/// The first mini-batch of a run with `settings`, drawn as the server draws it.
fn first_batch(settings: &Value) -> (DMatrix<f64>, DMatrix<f64>) {
    let s = playground::settings::Settings::from_json(settings.to_string().as_bytes()).unwrap();
    let (train, _, _) = playground::datasets::build(&s).unwrap();
    let t = nn_core::one_hot::<f64>(&train.labels, 2);
    let mut trainer = nn_core::MiniBatches::new(s.seed);
    let (x, t) = trainer.next_batch(nn_core::Data { x: &train.x, t: &t }, s.batch_size);
    (x.clone(), t.clone())
}

fn matrix(rows: &Value) -> DMatrix<f64> {
    let rows: Vec<Vec<f64>> = serde_json::from_value(rows.clone()).expect("rows of numbers");
    let (r, c) = (rows.len(), rows.first().map_or(0, Vec::len));
    DMatrix::from_row_iterator(r, c, rows.into_iter().flatten())
}

fn assert_close(what: &str, ours: &DMatrix<f64>, served: &DMatrix<f64>) {
    assert_eq!(ours.shape(), served.shape(), "{what}");
    let worst = ours
        .iter()
        .zip(served.iter())
        .map(|(a, b)| (a - b).abs() / (1.0 + a.abs()))
        .fold(0.0, f64::max);
    assert!(worst < 1e-12, "{what} differs by {worst}");
}

#[test]
fn one_step_shows_nn_cores_gradients_for_that_batch_and_reset_repeats_it() {
    let base = server();
    let id = create(&base, &lecture());
    let (code, first, text) = post(&format!("{base}/api/runs/{id}/step"), "");
    assert_eq!(code, 200, "{text}");
    let m = &first["matrices"];
    assert_eq!(m["iteration"], 1, "{text}");
    assert_eq!(m["rows"], 100);
    // The page is sent each matrix's shape and its top-left corner (10 rows at most): the
    // mini-batch's 100 rows are rebuilt from the run's seed, as nn-core's loop draws them.
    assert_eq!(
        (m["x"]["rows"].as_u64(), m["x"]["cols"].as_u64()),
        (Some(100), Some(2))
    );
    assert_eq!(matrix(&m["x"]["values"]).shape(), (10, 2));
    let (x, t) = first_batch(&lecture());
    assert_close("X (corner)", &corner(&x, 10, 2), &matrix(&m["x"]["values"]));
    assert_close("T (corner)", &corner(&t, 10, 2), &matrix(&m["t"]["values"]));
    let layers = m["layers"].as_array().expect("layers");
    assert_eq!(layers.len(), 3);
    // Rebuild the network from the served weights (before the update) and let nn-core compute.
    let dense: Vec<Dense<f64>> = layers
        .iter()
        .enumerate()
        .map(|(k, l)| {
            let b: Vec<f64> = serde_json::from_value(l["b"]["values"][0].clone()).unwrap();
            let act = if k == 2 {
                Activation::Softmax
            } else {
                Activation::Relu
            };
            Dense::from_parameters(matrix(&l["w"]["values"]), RowDVector::from_vec(b), act)
        })
        .collect();
    let mut net = Network::from_layers(dense, Loss::CrossEntropy).unwrap();
    net.forward(&x).unwrap();
    net.backward(&x, &t).unwrap();
    for (k, l) in layers.iter().enumerate() {
        let ours = &net.layers[k];
        let served = |key: &str, m: &DMatrix<f64>| {
            let shape = (l[key]["rows"].as_u64(), l[key]["cols"].as_u64());
            assert_eq!(
                shape,
                (Some(m.nrows() as u64), Some(m.ncols() as u64)),
                "{key}"
            );
            let (r, c) = (m.nrows().min(10), m.ncols().min(16));
            assert_close(
                &format!("{key}^{}", k + 1),
                &corner(m, r, c),
                &matrix(&l[key]["values"]),
            );
        };
        served("a", &ours.a);
        served("out", &ours.x);
        served("delta", &ours.delta);
        served("dw", &ours.dw);
        let db = DMatrix::from_row_slice(1, ours.db.len(), ours.db.as_slice());
        served("db", &db);
        // SGD: the weights after the update are W − η ∂L/∂W.
        let after = &ours.w - &ours.dw * 0.03;
        served("w_after", &after);
    }
    assert!(m["loss"].as_f64().is_some_and(|l| l > 0.0), "{text}");
    // The same weights as nn-core draws from the seed.
    let initial: Network<f64> = Network::with_init(
        &nn_core::Architecture::classifier(&[2, 10, 10, 2], Activation::Relu),
        Some(nn_core::Init::He),
        &mut <rand::rngs::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(1),
    )
    .unwrap();
    assert_close(
        "W^1",
        &initial.layers[0].w,
        &matrix(&layers[0]["w"]["values"]),
    );
    // After a reset, one step is the same step again.
    let (code, _, _) = post(&format!("{base}/api/runs/{id}/reset"), "");
    assert_eq!(code, 200);
    let (_, again, _) = post(&format!("{base}/api/runs/{id}/step"), "");
    assert_eq!(again["matrices"], first["matrices"]);
    let (code, served, _) = get(&format!("{base}/api/runs/{id}/matrices"));
    assert_eq!(code, 200);
    assert_eq!(served, first["matrices"]);
}

#[test]
fn bad_input_gets_400_with_one_sentence_and_the_server_keeps_going() {
    let base = server();
    let with = |k: &str, v: Value| {
        let mut s = lecture();
        s[k] = v;
        s.to_string()
    };
    let big = format!("{{\"dataset\": \"{}\"}}", "x".repeat(70 * 1024));
    let cases = [
        r#"{"hidden": [100000]}"#.to_string(),
        with("hidden", json!([257])),
        with("hidden", json!([2, 2, 2, 2, 2, 2, 2])),
        with("eta", json!(0.0)),
        with("eta", json!(-1.0)),
        r#"{"eta": 1e999}"#.to_string(),
        with("dataset", json!("moons")),
        with("iterations", json!(1_000_000)),
        with("iterations", json!(0)),
        with("n", json!(1_000_000)),
        with("activation", json!("softmax")),
        with("optimizer", json!("lbfgs")),
        with("test_fraction", json!(2.0)),
        with("batch_size", json!(0)),
        r#"{"dataset": "upload", "csv": "1,2,0\n1,x,1\n"}"#.to_string(),
        r#"{"hidden": [10,"#.to_string(),
        "not json".to_string(),
        r#"{"unknown_setting": 1}"#.to_string(),
        big,
    ];
    for body in &cases {
        let (code, v, text) = post(&format!("{base}/api/runs"), body);
        let shown: String = body.chars().take(60).collect();
        assert_eq!(code, 400, "{shown}: {text}");
        let why = v["error"].as_str().unwrap_or_else(|| panic!("{text}"));
        assert!(!why.is_empty() && !why.contains('\n'), "{why}");
    }
    assert_eq!(get(&format!("{base}/api/runs/99")).0, 404);
    let (code, _, _) = get(&format!("{base}/api/runs"));
    assert_eq!(code, 200, "still serving");
    let csv =
        json!({"dataset": "upload", "csv": "x1,x2,label\n1,1,1\n-1,-1,0\n2,1,1\n-2,-1,0\n1,2,1\n"});
    create(&base, &csv);
}

#[test]
fn a_hundred_concurrent_requests_keep_the_run_table_bounded() {
    let base = server();
    let small = json!({"n": 100, "hidden": [4], "iterations": 200000, "batch_size": 10});
    let threads: Vec<_> = (0..10)
        .map(|i| {
            let (base, small) = (base.clone(), small.to_string());
            std::thread::spawn(move || {
                let mut codes = Vec::new();
                for j in 0..10 {
                    let (code, v, _) = post(&format!("{base}/api/runs"), &small);
                    codes.push(code);
                    if let Some(id) = v["id"].as_u64()
                        && (i + j) % 2 == 0
                    {
                        codes.push(post(&format!("{base}/api/runs/{id}/play"), "").0);
                    }
                }
                codes
            })
        })
        .collect();
    let mut codes = Vec::new();
    for t in threads {
        codes.extend(t.join().expect("a client thread"));
    }
    assert!(codes.len() >= 100);
    assert!(
        codes.iter().all(|c| [200, 404, 429].contains(c)),
        "{codes:?}"
    );
    let (code, v, text) = get(&format!("{base}/api/runs"));
    assert_eq!(code, 200);
    let live = v["live"].as_u64().unwrap();
    assert!(live <= playground::MAX_RUNS as u64, "{text}");
    // A table full of training runs refuses a new one with a sentence; once one is paused, a
    // new run takes the oldest idle one's place.
    for id in v["ids"].as_array().unwrap() {
        let (code, _, _) = post(&format!("{base}/api/runs/{id}/pause"), "");
        assert_eq!(code, 200);
    }
    let heavy = json!({"n": 10000, "hidden": [256, 256], "batch_size": 2000, "iterations": 200000});
    let ids: Vec<u64> = (0..playground::MAX_RUNS)
        .map(|_| {
            let id = create(&base, &heavy);
            assert_eq!(post(&format!("{base}/api/runs/{id}/play"), "").0, 200);
            id
        })
        .collect();
    let (code, v, text) = post(&format!("{base}/api/runs"), &small.to_string());
    assert_eq!(code, 429, "{text}");
    assert!(
        v["error"].as_str().is_some_and(|e| e.contains("slots")),
        "{text}"
    );
    for id in &ids {
        post(&format!("{base}/api/runs/{id}/pause"), "");
    }
    create(&base, &small);
    let (_, v, text) = get(&format!("{base}/api/runs"));
    assert!(
        v["live"].as_u64().unwrap() <= playground::MAX_RUNS as u64,
        "{text}"
    );
}

#[test]
fn a_huge_eta_diverges_with_the_lectures_advice_and_no_nan() {
    let base = server();
    let mut s = lecture();
    s["eta"] = json!(1e9);
    let id = create(&base, &s);
    post(&format!("{base}/api/runs/{id}/play"), "");
    let (v, text) = wait_finished(&base, id, Duration::from_secs(60));
    assert_eq!(v["status"], "diverged", "{text}");
    // The page shows the iteration that blew up, the one the message names.
    let at = v["iteration"].as_u64().unwrap();
    assert!(at >= 1, "{text}");
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains(&format!("iteration {at}:")),
        "{text}"
    );
    assert!(v["message"].as_str().unwrap().contains("1.000e9"), "{text}");
    let message = v["message"].as_str().unwrap();
    assert!(
        message.contains("try a smaller learning rate η"),
        "{message}"
    );
    let (_, _, full) = get(&format!("{base}/api/runs/{id}?full=1"));
    for text in [&text, &full] {
        let lower = text.to_lowercase();
        assert!(!lower.contains("nan") && !lower.contains("inf"), "{text}");
    }
}

#[test]
fn the_event_stream_sends_frames() {
    use std::io::Read;
    let base = server();
    let id = create(&base, &lecture());
    let mut r = agent()
        .get(&format!("{base}/api/runs/{id}/events"))
        .call()
        .expect("a stream");
    assert_eq!(r.status().as_u16(), 200);
    let kind = r.headers().get("content-type").unwrap().to_str().unwrap();
    assert!(kind.starts_with("text/event-stream"), "{kind}");
    let mut reader = r.body_mut().as_reader();
    let (mut seen, mut buf) = (String::new(), [0u8; 4096]);
    while !seen.contains("event: frame") || !seen.contains("\"visuals\"") {
        let n = reader.read(&mut buf).expect("stream bytes");
        assert!(n > 0, "the stream ended: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        assert!(seen.len() < 1 << 22, "no frame in 4 MiB");
    }
}

#[test]
fn mine_shows_an_unwritten_or_panicking_function_by_name_and_keeps_serving() {
    let addr = playground::spawn(
        "127.0.0.1",
        0,
        playground::Options {
            mine: true,
            seed: 1,
            ..playground::Options::default()
        },
    )
    .unwrap();
    let base = format!("http://{addr}");
    let mut s = lecture();
    s["iterations"] = json!(200);
    let id = create(&base, &s);
    post(&format!("{base}/api/runs/{id}/play"), "");
    let (v, text) = wait_finished(&base, id, Duration::from_secs(60));
    match v["status"].as_str() {
        // A fresh checkout: lesson 3's homework is still `todo!()`.
        Some("error") => {
            let m = v["message"].as_str().unwrap();
            assert!(
                ["forward_loop", "backward_loop", "update_eta"]
                    .iter()
                    .any(|f| m.contains(f)),
                "{m}"
            );
        }
        // The learner's functions work.
        Some("done") => {}
        _ => panic!("{text}"),
    }
    assert_eq!(get(&format!("{base}/api/runs")).0, 200, "still serving");
}
