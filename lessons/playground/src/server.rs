//! The HTTP routes: the page, the run API and each run's event stream (Server-Sent Events).
//! Every error is JSON `{"error": "<one sentence>"}` with its status code ([`ApiError`]);
//! every request first passes [`guard::layer`] (host names, origin, JSON).

use crate::assets;
pub use crate::errors::ApiError;
use crate::guard::{self, Hosts};
use crate::runs::{CreateError, Registry, Run};
use crate::settings::{MAX_N, Settings};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::WatchStream;

/// The largest request body: 1 MiB, room for a CSV of [`MAX_N`] rows even with every number
/// written to 17 digits (`-1.2345678901234567,2.3456789012345678,1` is 40 bytes a row).
pub const BODY_LIMIT: usize = 1024 * 1024;

/// What every route sees.
#[derive(Debug, Clone)]
pub struct App {
    /// The live runs.
    pub registry: Arc<Registry>,
    /// The seed the page starts from (`--seed`).
    pub seed: u64,
    /// The host names requests may use.
    pub hosts: Arc<Hosts>,
    /// How often an event stream sends a keep-alive comment (well within the stall limit of
    /// [`crate::net::Limits`], so an open page is never cut off).
    pub keep_alive: Duration,
}

type ApiResult = Result<Json<Value>, ApiError>;

fn not_found(id: u64) -> ApiError {
    ApiError(
        StatusCode::NOT_FOUND,
        format!("there is no run {id} (it may have been idle too long); start a new one."),
    )
}

/// The `{id}` of a run's route: a whole number, or a 400 that says so (in JSON).
#[derive(Debug, Clone, Copy)]
pub struct RunId(pub u64);

impl<S: Send + Sync> FromRequestParts<S> for RunId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "the address names no run."))?;
        raw.parse::<u64>().map(RunId).map_err(|_| {
            let shown: String = raw.chars().take(40).collect();
            ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("'{shown}' is not a run id: run ids are whole numbers such as 3."),
            )
        })
    }
}

/// The routes.
pub fn router(app: App) -> Router {
    Router::new()
        .route(
            "/",
            get(|| async { page(assets::INDEX, "text/html; charset=utf-8") }),
        )
        .route(
            "/app.js",
            get(|| async { page(assets::APP_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/style.css",
            get(|| async { page(assets::STYLE, "text/css; charset=utf-8") }),
        )
        .route("/api/config", get(config))
        .route("/api/runs", post(create).get(list))
        .route("/api/runs/{id}", get(status).delete(remove))
        .route("/api/runs/{id}/events", get(events))
        .route("/api/runs/{id}/data", get(data))
        .route("/api/runs/{id}/matrices", get(matrices))
        .route("/api/runs/{id}/play", post(play))
        .route("/api/runs/{id}/pause", post(pause))
        .route("/api/runs/{id}/step", post(step))
        .route("/api/runs/{id}/reset", post(reset))
        .route("/api/runs/{id}/speed", post(speed))
        .fallback(|| async { ApiError(StatusCode::NOT_FOUND, "no such page or API route.".into()) })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app.hosts),
            guard::layer,
        ))
        .with_state(app)
}

fn page(body: &'static str, kind: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

async fn config(State(app): State<App>) -> Json<Value> {
    Json(json!({
        "seed": app.seed,
        "mine": app.registry.mine,
        "max_runs": app.registry.max,
        "defaults": Settings::default(),
    }))
}

async fn list(State(app): State<App>) -> Json<Value> {
    Json(json!({
        "live": app.registry.len(),
        "max": app.registry.max,
        "ids": app.registry.ids(),
        "threads": app.registry.threads.live(),
    }))
}

fn body_error(e: &BytesRejection) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the request is larger than {} KiB, the most the playground reads (a CSV of up to {MAX_N} rows fits).",
                BODY_LIMIT / 1024
            ),
        )
    } else {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("could not read the request body: {e}."),
        )
    }
}

/// `POST /api/runs` with the settings as JSON; `?replace=ID`: the page's previous run, dropped
/// only once the new one is accepted.
async fn create(
    State(app): State<App>,
    Query(q): Query<HashMap<String, String>>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let body = body.map_err(|e| body_error(&e))?;
    let old = match q.get("replace") {
        None => None,
        Some(v) => Some(v.parse::<u64>().map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "replace must be the id of the run to replace, a whole number.",
            )
        })?),
    };
    let registry = Arc::clone(&app.registry);
    let made = tokio::task::spawn_blocking(move || {
        let settings = Settings::from_json(&body).map_err(CreateError::Invalid)?;
        registry.create_replacing(settings, old)
    })
    .await
    .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, format!("{e}.")))?;
    match made {
        Ok(run) => Ok(Json(json!({ "id": run.id }))),
        Err(CreateError::Invalid(why)) => Err(ApiError(StatusCode::BAD_REQUEST, why)),
        Err(CreateError::Full(why)) => Err(ApiError(StatusCode::TOO_MANY_REQUESTS, why)),
    }
}

fn find(app: &App, id: u64) -> Result<Arc<Run>, ApiError> {
    app.registry.get(id).ok_or_else(|| not_found(id))
}

async fn status(
    State(app): State<App>,
    RunId(id): RunId,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let run = find(&app, id)?;
    let full = q.get("full").is_some_and(|v| v == "1");
    Ok(Json(if full { run.frame() } else { run.summary() }))
}

async fn remove(State(app): State<App>, RunId(id): RunId) -> ApiResult {
    if app.registry.remove(id) {
        Ok(Json(json!({ "deleted": id })))
    } else {
        Err(not_found(id))
    }
}

async fn data(State(app): State<App>, RunId(id): RunId) -> ApiResult {
    let run = find(&app, id)?;
    let points = |d: &nn_data::Dataset<f64>| -> Vec<[f64; 3]> {
        (0..d.n())
            .map(|i| [d.x[(i, 0)], d.x[(i, 1)], d.labels[i] as f64])
            .collect()
    };
    let d = &run.data;
    Ok(Json(json!({
        "train": points(&d.train),
        "test": points(&d.test),
        "extent": d.extent,
        "settings": d.settings,
        "mine": d.mine,
    })))
}

async fn matrices(State(app): State<App>, RunId(id): RunId) -> ApiResult {
    let run = find(&app, id)?;
    // The matrices are shared: taken under the lock, serialized after it.
    let step = run.snapshot(|s| s.step.clone());
    step.map(|m| Json(json!(m.as_ref()))).ok_or_else(|| {
        ApiError(
            StatusCode::NOT_FOUND,
            format!("run {id} has not taken one step yet; press \"one step\" first."),
        )
    })
}

async fn play(State(app): State<App>, RunId(id): RunId) -> ApiResult {
    let run = find(&app, id)?;
    run.control().play();
    Ok(Json(run.summary()))
}

async fn pause(State(app): State<App>, RunId(id): RunId) -> ApiResult {
    let run = find(&app, id)?;
    run.control().pause();
    Ok(Json(run.summary()))
}

async fn reset(State(app): State<App>, RunId(id): RunId) -> ApiResult {
    let run = find(&app, id)?;
    run.reset();
    Ok(Json(run.summary()))
}

/// `POST /api/runs/{id}/speed` with `{"per_second": 30}` (iterations per second) or
/// `{"per_second": null}` (as fast as it goes).
async fn speed(
    State(app): State<App>,
    RunId(id): RunId,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let body = body.map_err(|e| body_error(&e))?;
    let run = find(&app, id)?;
    let refused = || {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "the speed must be {\"per_second\": N} with N a number above 0, or null for as fast as it goes.",
        )
    };
    let v: Value = serde_json::from_slice(&body).map_err(|_| refused())?;
    let per_second = match v.get("per_second") {
        Some(Value::Null) => None,
        Some(n) => Some(n.as_f64().filter(|n| *n > 0.0).ok_or_else(refused)?),
        None => return Err(refused()),
    };
    run.control().set_speed(per_second);
    Ok(Json(run.summary()))
}

/// One step: pauses, lets one iteration through, waits (up to 10 s) for its matrices and
/// returns them with the run's numbers.
async fn step(State(app): State<App>, RunId(id): RunId) -> ApiResult {
    let run = find(&app, id)?;
    let before = run.snapshot(|s| (s.iteration, s.step.as_ref().map(|m| m.iteration)));
    run.control().step();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let (done, finished) = run.snapshot(|s| {
            let captured = s.step.as_ref().map(|m| m.iteration);
            (
                captured != before.1 && s.iteration > before.0,
                s.status.finished(),
            )
        });
        if done || finished || tokio::time::Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let step = run.snapshot(|s| s.step.clone());
    Ok(Json(
        json!({ "run": run.frame(), "matrices": step.as_deref() }),
    ))
}

/// The run's frames as Server-Sent Events (`event: frame`), at most ten a second; `event:
/// gone` when the run is dropped. While the stream is open the run counts as looked at.
async fn events(State(app): State<App>, RunId(id): RunId) -> Result<Response, ApiError> {
    let run = find(&app, id)?;
    let keep_alive = app.keep_alive;
    let weak = Arc::downgrade(&run);
    let watching = run.watch();
    let changes = WatchStream::new(run.notify.subscribe());
    drop(run);
    let stream =
        changes
            .throttle(Duration::from_millis(100))
            .map(move |_| -> Result<Event, Infallible> {
                let _watching = &watching;
                Ok(match weak.upgrade() {
                    Some(run) if !run.snapshot(|s| s.status == crate::state::Status::Stopped) => {
                        run.touch();
                        Event::default()
                            .event("frame")
                            .data(run.frame().to_string())
                    }
                    _ => Event::default().event("gone").data("{}"),
                })
            });
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(keep_alive))
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_promises_the_limits_the_server_keeps() {
        assert_eq!((MAX_N, BODY_LIMIT), (10_000, 1024 * 1024));
        assert!(assets::INDEX.contains("At most 10 000 rows and 1 MiB."));
        // The page refuses a larger file before sending it (1000 KiB leaves room for the JSON
        // around the text and its escaped line ends: 10 000 rows add 10 000 bytes).
        assert!(assets::APP_JS.contains("file.size > 1000 * 1024"));
        const { assert!(1000 * 1024 + MAX_N + 1024 < BODY_LIMIT) };
    }
}
