//! The bundled font: DejaVu Sans, registered with plotters once, so no system font library is
//! needed. Licence: `assets/LICENSE-DejaVu.txt`.

use plotters::style::{FontStyle, register_font};
use std::sync::Once;

/// The family name every renderer asks plotters for.
pub const FAMILY: &str = "sans-serif";

static REGULAR: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../assets/DejaVuSans-Bold.ttf");
static INIT: Once = Once::new();

/// Registers DejaVu Sans (regular and bold) as `sans-serif`. Called by every renderer; cheap
/// after the first call.
pub fn ensure_fonts() {
    INIT.call_once(|| {
        // The bytes are compiled in and known to parse; a failure would be caught by the tests.
        let _ = register_font(FAMILY, FontStyle::Normal, REGULAR);
        let _ = register_font(FAMILY, FontStyle::Bold, BOLD);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::style::{IntoFont, text_anchor::Pos};

    #[test]
    fn bundled_font_measures_text() {
        ensure_fonts();
        let font = (FAMILY, 20).into_font();
        let (w, h) = font.box_size("Hello").expect("font registered");
        assert!(w > 30 && h > 10, "box {w}x{h}");
        let bold = (FAMILY, 20).into_font().style(FontStyle::Bold);
        assert!(bold.box_size("Hello").unwrap().0 >= w);
        let _ = Pos::default();
    }
}
