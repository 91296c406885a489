//! The page: plain HTML, CSS and JavaScript compiled into the binary; nothing is fetched from
//! another host.

/// The page.
pub const INDEX: &str = include_str!("assets/index.html");
/// Its script.
pub const APP_JS: &str = include_str!("assets/app.js");
/// Its style sheet.
pub const STYLE: &str = include_str!("assets/style.css");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::BODY_LIMIT;
    use crate::settings::MAX_N;

    #[test]
    fn the_page_promises_the_limits_the_server_keeps() {
        assert_eq!((MAX_N, BODY_LIMIT), (10_000, 1024 * 1024));
        assert!(INDEX.contains("At most 10 000 rows and 1 MiB."));
        // The page refuses a larger file before sending it (1000 KiB leaves room for the JSON
        // around the text and its escaped line ends: 10 000 rows add 10 000 bytes).
        assert!(APP_JS.contains("file.size > 1000 * 1024"));
        const { assert!(1000 * 1024 + MAX_N + 1024 < BODY_LIMIT) };
    }
}
