//! The page: plain HTML, CSS and JavaScript compiled into the binary; nothing is fetched from
//! another host.

/// The page.
pub const INDEX: &str = include_str!("assets/index.html");
/// Its script.
pub const APP_JS: &str = include_str!("assets/app.js");
/// Its style sheet.
pub const STYLE: &str = include_str!("assets/style.css");
