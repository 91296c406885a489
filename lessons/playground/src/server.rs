//! The HTTP routes: the page, the run API and each run's event stream (Server-Sent Events).
//! Every error is JSON `{"error": "<one sentence>"}` with its status code.

use crate::assets;
use crate::runs::{CreateError, Registry, Run};
use crate::settings::Settings;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
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

/// The largest request body.
pub const BODY_LIMIT: usize = 64 * 1024;

/// What every route sees.
#[derive(Debug, Clone)]
pub struct App {
    /// The live runs.
    pub registry: Arc<Registry>,
    /// The seed the page starts from (`--seed`).
    pub seed: u64,
}

/// An error response: a status and one sentence.
#[derive(Debug)]
pub struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

type ApiResult = Result<Json<Value>, ApiError>;

fn not_found(id: u64) -> ApiError {
    ApiError(
        StatusCode::NOT_FOUND,
        format!("there is no run {id} (it may have been idle too long); start a new one."),
    )
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
        .fallback(|| async { ApiError(StatusCode::NOT_FOUND, "no such page or API route.".into()) })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
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
    Json(json!({ "live": app.registry.len(), "max": app.registry.max, "ids": app.registry.ids() }))
}

async fn create(State(app): State<App>, body: Result<Bytes, BytesRejection>) -> ApiResult {
    let body = body.map_err(|e| {
        ApiError(
            StatusCode::BAD_REQUEST,
            format!("could not read the request body (at most 64 KiB): {e}."),
        )
    })?;
    let settings: Settings = serde_json::from_slice(&body).map_err(|e| {
        ApiError(
            StatusCode::BAD_REQUEST,
            format!("the settings are not valid JSON for a run: {e}."),
        )
    })?;
    let registry = Arc::clone(&app.registry);
    let made = tokio::task::spawn_blocking(move || registry.create(settings))
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
    Path(id): Path<u64>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let run = find(&app, id)?;
    let full = q.get("full").is_some_and(|v| v == "1");
    Ok(Json(run.snapshot(|s| {
        if full { s.frame(id) } else { s.summary(id) }
    })))
}

async fn remove(State(app): State<App>, Path(id): Path<u64>) -> ApiResult {
    if app.registry.remove(id) {
        Ok(Json(json!({ "deleted": id })))
    } else {
        Err(not_found(id))
    }
}

async fn data(State(app): State<App>, Path(id): Path<u64>) -> ApiResult {
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

async fn matrices(State(app): State<App>, Path(id): Path<u64>) -> ApiResult {
    let run = find(&app, id)?;
    run.snapshot(|s| s.step.as_ref().map(|m| json!(m)))
        .map(Json)
        .ok_or_else(|| {
            ApiError(
                StatusCode::NOT_FOUND,
                format!("run {id} has not taken one step yet; press \"one step\" first."),
            )
        })
}

async fn play(State(app): State<App>, Path(id): Path<u64>) -> ApiResult {
    let run = find(&app, id)?;
    run.control().play();
    Ok(Json(run.snapshot(|s| s.summary(id))))
}

async fn pause(State(app): State<App>, Path(id): Path<u64>) -> ApiResult {
    let run = find(&app, id)?;
    run.control().pause();
    Ok(Json(run.snapshot(|s| s.summary(id))))
}

async fn reset(State(app): State<App>, Path(id): Path<u64>) -> ApiResult {
    let run = find(&app, id)?;
    run.reset();
    Ok(Json(run.snapshot(|s| s.summary(id))))
}

/// One step: pauses, lets one iteration through, waits (up to 10 s) for its matrices and
/// returns them with the run's numbers.
async fn step(State(app): State<App>, Path(id): Path<u64>) -> ApiResult {
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
    Ok(Json(run.snapshot(
        |s| json!({ "run": s.frame(id), "matrices": s.step }),
    )))
}

/// The run's frames as Server-Sent Events (`event: frame`), at most ten a second; the stream
/// ends when the run is dropped.
async fn events(State(app): State<App>, Path(id): Path<u64>) -> Result<Response, ApiError> {
    let run = find(&app, id)?;
    let weak = Arc::downgrade(&run);
    let changes = WatchStream::new(run.notify.subscribe());
    drop(run);
    let stream =
        changes
            .throttle(Duration::from_millis(100))
            .map(move |_| -> Result<Event, Infallible> {
                Ok(match weak.upgrade() {
                    Some(run) => {
                        run.touch();
                        let frame = run.snapshot(|s| s.frame(id));
                        Event::default().event("frame").data(frame.to_string())
                    }
                    None => Event::default().event("gone").data("{}"),
                })
            });
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}
