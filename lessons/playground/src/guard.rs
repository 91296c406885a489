//! What keeps other web pages and other machines' names out, in front of every route:
//!
//! - the `Host` header must name this machine: `localhost`, `127.0.0.1`, `[::1]` or the one
//!   name given with `--host` (a page on `attacker.example` whose name was made to point at
//!   127.0.0.1, "DNS rebinding", sends `Host: attacker.example` and is refused);
//! - a request that changes anything (every method but GET and HEAD) is refused when it comes
//!   from a page of another origin: its `Origin` header must be this server's own
//!   `http://<Host>`, and its `Sec-Fetch-Site`, when sent, must not be `cross-site` or
//!   `same-site`;
//! - a POST must say its body is JSON (`Content-Type: application/json`): a page of another
//!   origin cannot send that without the browser first asking this server (a CORS
//!   preflight), which it never allows;
//! - any error response a layer below the routes made (405, a rejected extractor) is turned
//!   into the JSON every other error is.

use crate::errors::{ApiError, sentence_for};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The host names this server answers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hosts {
    names: Vec<String>,
}

impl Hosts {
    /// `localhost`, `127.0.0.1`, `[::1]` and `extra` (the `--host` name; an IPv6 address is
    /// written in brackets, as a Host header writes it).
    pub fn new(extra: &str) -> Self {
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "[::1]"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let extra = extra.trim().to_ascii_lowercase();
        let extra = if extra.contains(':') && !extra.starts_with('[') {
            format!("[{extra}]")
        } else {
            extra
        };
        if !extra.is_empty() && !names.contains(&extra) {
            names.push(extra);
        }
        Hosts { names }
    }

    /// The names, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Whether a `Host` header value (`name` or `name:port`) names this server.
    pub fn allows(&self, host: &str) -> bool {
        let name = host_name(host).to_ascii_lowercase();
        self.names.contains(&name)
    }
}

/// The name part of a Host header value: `[::1]:8000` → `[::1]`, `localhost:8000` → `localhost`.
fn host_name(host: &str) -> &str {
    let host = host.trim();
    if host.starts_with('[') {
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    host.rsplit_once(':').map_or(host, |(name, port)| {
        if port.chars().all(|c| c.is_ascii_digit()) {
            name
        } else {
            host
        }
    })
}

fn text<'a>(headers: &'a HeaderMap, name: &header::HeaderName) -> Option<&'a str> {
    headers.get(name).map(|v| v.to_str().unwrap_or("?"))
}

/// Checks one request against the rules above; `None` lets it through.
pub fn check(hosts: &Hosts, method: &Method, headers: &HeaderMap) -> Option<ApiError> {
    let forbidden = |why: String| Some(ApiError::new(StatusCode::FORBIDDEN, why));
    let Some(host) = text(headers, &header::HOST) else {
        return Some(ApiError::new(
            StatusCode::BAD_REQUEST,
            "the request has no Host header.",
        ));
    };
    if !hosts.allows(host) {
        return forbidden(format!(
            "this playground answers only to the host names {}, not to '{}'.",
            hosts.names().join(", "),
            shorten(host)
        ));
    }
    if method == Method::GET || method == Method::HEAD {
        return None;
    }
    if let Some(origin) = text(headers, &header::ORIGIN)
        && !origin.eq_ignore_ascii_case(&format!("http://{host}"))
    {
        return forbidden(format!(
            "a page from {} may not change the playground's runs; only its own page at http://{} may.",
            shorten(origin),
            shorten(host)
        ));
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && (site.eq_ignore_ascii_case("cross-site") || site.eq_ignore_ascii_case("same-site"))
    {
        return forbidden(format!(
            "a page from another site ({site}) may not change the playground's runs."
        ));
    }
    if method == Method::POST {
        let kind = text(headers, &header::CONTENT_TYPE).unwrap_or("");
        let essence = kind.split(';').next().unwrap_or("").trim();
        if !essence.eq_ignore_ascii_case("application/json") {
            return Some(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "a POST must send JSON with the header Content-Type: application/json, found {}.",
                    if kind.is_empty() {
                        "no Content-Type".to_string()
                    } else {
                        format!("'{}'", shorten(kind))
                    }
                ),
            ));
        }
    }
    None
}

/// At most 80 characters of a header value, for a message.
fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(80).collect();
    if s.chars().count() > 80 {
        out.push('…');
    }
    out
}

/// The middleware: [`check`], then every error response in JSON.
pub async fn layer(State(hosts): State<Arc<Hosts>>, request: Request, next: Next) -> Response {
    if let Some(refused) = check(&hosts, request.method(), request.headers()) {
        return refused.into_response();
    }
    let method = request.method().to_string();
    let path: String = request.uri().path().chars().take(200).collect();
    let response = next.run(request).await;
    let status = response.status();
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if status.is_client_error() || status.is_server_error() {
        if json {
            return response;
        }
        let (parts, body) = response.into_parts();
        let said = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
        let said = String::from_utf8_lossy(&said).trim().to_string();
        let why = if said.is_empty() || said.contains('\n') {
            sentence_for(status, &method, &path)
        } else {
            let said = said.trim_end_matches('.');
            format!("{said}.")
        };
        let mut fixed = ApiError::new(status, why).into_response();
        for (k, v) in &parts.headers {
            if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH {
                fixed.headers_mut().insert(k, v.clone());
            }
        }
        return fixed;
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn host_names_with_and_without_ports() {
        let hosts = Hosts::new("127.0.0.1");
        for ok in [
            "localhost",
            "localhost:8000",
            "127.0.0.1:1",
            "[::1]:8000",
            "LOCALHOST:9",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for bad in [
            "attacker.example",
            "attacker.example:8000",
            "127.0.0.2",
            "[::2]:80",
            "",
        ] {
            assert!(!hosts.allows(bad), "{bad}");
        }
        let lan = Hosts::new("192.0.2.20");
        assert!(lan.allows("192.0.2.20:8000") && !hosts.allows("192.0.2.20:8000"));
        assert!(
            Hosts::new("::1")
                .names()
                .iter()
                .filter(|n| *n == "[::1]")
                .count()
                == 1
        );
        assert!(Hosts::new("fe80::1").allows("[fe80::1]:8000"));
    }

    #[test]
    fn state_changing_requests_need_the_same_origin_and_json() {
        let hosts = Hosts::new("127.0.0.1");
        let post = Method::POST;
        let ok = [
            ("host", "127.0.0.1:8000"),
            ("content-type", "application/json"),
        ];
        assert_eq!(check(&hosts, &post, &headers(&ok)), None);
        let same = [
            ("host", "127.0.0.1:8000"),
            ("origin", "http://127.0.0.1:8000"),
            ("content-type", "application/json; charset=utf-8"),
            ("sec-fetch-site", "same-origin"),
        ];
        assert_eq!(check(&hosts, &post, &headers(&same)), None);
        let other_port = [
            ("host", "127.0.0.1:8000"),
            ("origin", "http://127.0.0.1:9000"),
            ("content-type", "application/json"),
        ];
        let e = check(&hosts, &post, &headers(&other_port)).unwrap();
        assert_eq!(e.0, StatusCode::FORBIDDEN);
        assert!(e.1.contains("http://127.0.0.1:9000"), "{}", e.1);
        let cross = [
            ("host", "127.0.0.1:8000"),
            ("content-type", "application/json"),
            ("sec-fetch-site", "cross-site"),
        ];
        assert_eq!(
            check(&hosts, &Method::DELETE, &headers(&cross)).unwrap().0,
            StatusCode::FORBIDDEN
        );
        let plain = [("host", "127.0.0.1:8000"), ("content-type", "text/plain")];
        let e = check(&hosts, &post, &headers(&plain)).unwrap();
        assert_eq!(e.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(e.1.contains("text/plain"), "{}", e.1);
        let none = [("host", "127.0.0.1:8000")];
        assert_eq!(
            check(&hosts, &post, &headers(&none)).unwrap().0,
            StatusCode::UNSUPPORTED_MEDIA_TYPE
        );
        // Reading is allowed from anywhere on this machine's names (the browser keeps the
        // answer from another origin's page), but never for another host name.
        let read = [("host", "localhost:8000"), ("origin", "http://evil.test")];
        assert_eq!(check(&hosts, &Method::GET, &headers(&read)), None);
        let rebound = [("host", "attacker.example:8000")];
        assert_eq!(
            check(&hosts, &Method::GET, &headers(&rebound)).unwrap().0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            check(&hosts, &Method::GET, &HeaderMap::new()).unwrap().0,
            StatusCode::BAD_REQUEST
        );
    }
}
