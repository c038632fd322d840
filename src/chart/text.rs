//! Text on the chart: the embedded font, and right-to-left text in visual order.
//!
//! plotters draws a string's characters left to right in the order given, so Hebrew is first
//! reordered with the Unicode bidirectional algorithm (`unicode-bidi`): right-to-left runs are
//! reversed, their brackets mirrored, and the invisible direction marks Fluent adds around
//! inserted values removed.

use std::sync::OnceLock;

use plotters::style::FontStyle;
use unicode_bidi::{BidiInfo, Level};

use super::ChartError;

/// The family name the chart's text is drawn with.
pub const FAMILY: &str = "snowball-dejavu-sans";

static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Registers the embedded font with plotters, once.
pub fn register_font() -> Result<(), ChartError> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| plotters::style::register_font(FAMILY, FontStyle::Normal, FONT).is_ok());
    if ok { Ok(()) } else { Err(ChartError::Font) }
}

/// Direction marks and embeddings: they steer the algorithm and are not drawn.
fn is_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The mirrored glyph of a bracket in a right-to-left run.
fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        other => other,
    }
}

/// `text` in visual order (left to right as it should appear), for a paragraph whose base
/// direction is right to left when `rtl`. One line; newlines are not expected.
pub fn visual(text: &str, rtl: bool) -> String {
    let base = if rtl { Level::rtl() } else { Level::ltr() };
    let info = BidiInfo::new(text, Some(base));
    let mut out = String::with_capacity(text.len());
    for para in &info.paragraphs {
        let (levels, runs) = info.visual_runs(para, para.range.clone());
        for run in runs {
            let s = &text[run.clone()];
            if levels[run.start].is_rtl() {
                out.extend(s.chars().rev().map(mirror));
            } else {
                out.push_str(s);
            }
        }
    }
    out.retain(|c| !is_control(c) && c != '\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hebrew_is_reversed_and_numbers_keep_their_order() {
        // "שבוע 47" (week 47): the Hebrew word reads from the right, the number stays 47.
        assert_eq!(visual("שבוע 47", true), "47 עובש");
        // Fluent's isolates around a value are dropped once they have done their work.
        assert_eq!(visual("הצטרפו \u{2068}1,234\u{2069} השבוע", true), "עובשה 1,234 ופרטצה");
        // Brackets in a right-to-left run are mirrored.
        assert_eq!(visual("משפך (שבוע)", true), "(עובש) ךפשמ");
        // English is left alone, whatever the base direction of a mixed label.
        assert_eq!(visual("referral", false), "referral");
        assert_eq!(visual("acme", true), "acme");
        assert_eq!(visual("acme — הפניות", false), "acme — תוינפה");
    }
}
