//! Every error the server answers is JSON, `{"error": "<one sentence>"}`, with its status code.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error response: a status and one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError(pub StatusCode, pub String);

impl ApiError {
    /// An error with `status` and the sentence `why`.
    pub fn new(status: StatusCode, why: impl Into<String>) -> Self {
        ApiError(status, why.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

/// The sentence for an error response that some layer below the routes made without one
/// (a method a route does not take, a rejected extractor).
pub fn sentence_for(status: StatusCode, method: &str, path: &str) -> String {
    match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            format!("{path} does not take a {method} request.")
        }
        StatusCode::NOT_FOUND => format!("there is no page or API route {path}."),
        StatusCode::PAYLOAD_TOO_LARGE => "the request body is too large.".into(),
        s => format!(
            "the request to {path} failed: {}.",
            s.canonical_reason().unwrap_or("error").to_lowercase()
        ),
    }
}
