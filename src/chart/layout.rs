//! The chart's geometry, colours and drawing primitives. Positions are logical: `x` counts from
//! the side a reader starts at (the left in English, the right in Hebrew), so each panel is
//! written once and mirrored for right-to-left languages.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::text::{FAMILY, visual};
use super::{ChartData, ChartError, draw_error};
use crate::domain::{Source, Stage, Word};
use crate::i18n::{self, Lang};

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 720;
const W: i32 = WIDTH as i32;

/// The card: dark neutral, so it reads on both dark and light chat themes.
pub const BACKGROUND: RGBColor = RGBColor(0x1b, 0x1e, 0x25);
pub const PANEL: RGBColor = RGBColor(0x25, 0x29, 0x33);
pub const TEXT: RGBColor = RGBColor(0xf2, 0xf3, 0xf5);
pub const MUTED: RGBColor = RGBColor(0xa9, 0xb0, 0xbd);
pub const GRID: RGBColor = RGBColor(0x3b, 0x41, 0x4e);

/// Panels: (logical x, width). Both start at `PANEL_TOP` and end at `PANEL_BOTTOM`.
pub const FUNNEL_PANEL: (i32, i32) = (32, 556);
pub const SOURCES_PANEL: (i32, i32) = (612, 556);
pub const PANEL_TOP: i32 = 92;
pub const PANEL_BOTTOM: i32 = HEIGHT as i32 - 28;
pub const PAD: i32 = 24;

pub fn stage_colour(s: Stage) -> RGBColor {
    match s {
        Stage::Newcomer => RGBColor(0x6c, 0x8e, 0xf5),
        Stage::Engaged => RGBColor(0x3e, 0xc1, 0xd3),
        Stage::Contributor => RGBColor(0x6f, 0xcf, 0x7f),
        Stage::Customer => RGBColor(0xf2, 0xc1, 0x4e),
        Stage::Ambassador => RGBColor(0xf2, 0x7a, 0x9b),
    }
}

pub fn source_colour(s: Source) -> RGBColor {
    match s {
        Source::Referral => RGBColor(0x6f, 0xcf, 0x7f),
        Source::CampaignOrganic => RGBColor(0x6c, 0x8e, 0xf5),
        Source::CampaignPaid => RGBColor(0xf2, 0xc1, 0x4e),
        Source::Vanity => RGBColor(0xb5, 0x8c, 0xf2),
        Source::Unknown => RGBColor(0x7d, 0x85, 0x96),
    }
}

/// `c` lightened towards white by `amount` (0–1).
pub fn tint(c: RGBColor, amount: f64) -> RGBColor {
    let mix = |v: u8| (f64::from(v) + (255.0 - f64::from(v)) * amount).round().clamp(0.0, 255.0) as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// Where text sits relative to its logical `x`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Text starts at `x` (reading direction).
    Start,
    Center,
    /// Text ends at `x`.
    End,
}

/// The drawing area with the language's direction.
pub struct Canvas<'a, 'b> {
    area: &'a DrawingArea<BitMapBackend<'b>, Shift>,
    pub lang: Lang,
}

impl<'a, 'b> Canvas<'a, 'b> {
    pub fn new(area: &'a DrawingArea<BitMapBackend<'b>, Shift>, lang: Lang) -> Self {
        Self { area, lang }
    }

    fn rtl(&self) -> bool {
        self.lang.is_rtl()
    }

    /// A logical x as a pixel column.
    fn x(&self, x: i32) -> i32 {
        if self.rtl() { W - x } else { x }
    }

    pub fn fill(&self, colour: RGBColor) -> Result<(), ChartError> {
        self.area.fill(&colour).map_err(draw_error)
    }

    /// A filled rectangle from logical `x` over `width` pixels, `y` to `y + height`.
    pub fn rect(&self, x: i32, y: i32, width: i32, height: i32, colour: RGBColor) -> Result<(), ChartError> {
        if width <= 0 || height <= 0 {
            return Ok(());
        }
        let (a, b) = (self.x(x), self.x(x + width));
        let (left, right) = (a.min(b), a.max(b));
        self.area.draw(&Rectangle::new([(left, y), (right, y + height)], colour.filled())).map_err(draw_error)
    }

    /// A horizontal line.
    pub fn hline(&self, x: i32, width: i32, y: i32, colour: RGBColor) -> Result<(), ChartError> {
        self.rect(x, y, width, 1, colour)
    }

    fn style(&self, size: u32, colour: RGBColor, align: Align, valign: VPos) -> TextStyle<'static> {
        let h = match (align, self.rtl()) {
            (Align::Center, _) => HPos::Center,
            (Align::Start, false) | (Align::End, true) => HPos::Left,
            (Align::Start, true) | (Align::End, false) => HPos::Right,
        };
        TextStyle {
            font: (FAMILY, f64::from(size)).into_font(),
            color: colour.to_backend_color(),
            pos: Pos::new(h, valign),
        }
    }

    /// Text at logical `x`, its top at `y`.
    pub fn text(&self, s: &str, x: i32, y: i32, size: u32, colour: RGBColor, align: Align) -> Result<(), ChartError> {
        let shown = visual(s, self.rtl());
        let style = self.style(size, colour, align, VPos::Top);
        self.area.draw(&Text::new(shown, (self.x(x), y), style)).map_err(draw_error)
    }

    /// A number (or `+12`) at logical `x`: digits and signs always read left to right.
    pub fn number(&self, s: &str, x: i32, y: i32, size: u32, colour: RGBColor, align: Align) -> Result<(), ChartError> {
        let style = self.style(size, colour, align, VPos::Top);
        self.area.draw(&Text::new(visual(s, false), (self.x(x), y), style)).map_err(draw_error)
    }

    /// How wide `s` is drawn at `size`.
    pub fn width(&self, s: &str, size: u32) -> i32 {
        let style = self.style(size, TEXT, Align::Start, VPos::Top);
        self.area.estimate_text_size(&visual(s, self.rtl()), &style).map_or(0, |(w, _)| w as i32)
    }

    /// `s`, shortened with an ellipsis to fit `max` pixels.
    pub fn fit(&self, s: &str, size: u32, max: i32) -> String {
        if self.width(s, size) <= max {
            return s.to_string();
        }
        let mut chars: Vec<char> = s.chars().collect();
        while !chars.is_empty() {
            chars.pop();
            let candidate: String = chars.iter().collect::<String>() + "…";
            if self.width(&candidate, size) <= max {
                return candidate;
            }
        }
        "…".into()
    }

    pub fn t(&self, id: &str) -> String {
        i18n::t(self.lang, id)
    }

    /// A stage's name (the same words as the digest's text).
    pub fn stage(&self, s: Stage) -> String {
        self.t(&format!("stage-{}", s.word()))
    }

    /// A source's name.
    pub fn source(&self, s: Source) -> String {
        self.t(&format!("source-{}", s.word().replace('_', "-")))
    }

    pub fn tr(&self, id: &str, args: &[i18n::Arg<'_>]) -> String {
        i18n::tr(self.lang, id, args)
    }

    /// A panel's background and title; returns the y below the title.
    pub fn panel(&self, (x, width): (i32, i32), title: &str) -> Result<i32, ChartError> {
        self.rect(x, PANEL_TOP, width, PANEL_BOTTOM - PANEL_TOP, PANEL)?;
        let title = self.fit(title, 24, width - 2 * PAD);
        self.text(&title, x + PAD, PANEL_TOP + 18, 24, TEXT, Align::Start)?;
        Ok(PANEL_TOP + 58)
    }

    /// A legend entry (a swatch and its label) at logical `x`; returns its width.
    pub fn legend(&self, x: i32, y: i32, colour: RGBColor, label: &str, size: u32) -> Result<i32, ChartError> {
        let swatch = size as i32 - 4;
        self.rect(x, y, swatch, swatch, colour)?;
        self.text(label, x + swatch + 8, y, size, MUTED, Align::Start)?;
        Ok(swatch + 8 + self.width(label, size))
    }
}

/// The background and the title line: community and period.
pub fn header(c: &Canvas<'_, '_>, data: &ChartData) -> Result<(), ChartError> {
    c.fill(BACKGROUND)?;
    let unit = if data.weekly { "week" } else { "month" };
    let id = if data.complete { "chart-title" } else { "chart-title-so-far" };
    let community = c.fit(&data.community, 32, 560);
    let title = c.tr(
        id,
        &[("community", i18n::s(community)), ("unit", i18n::s(unit)), ("period", i18n::s(data.period.clone()))],
    );
    let title = c.fit(&title, 32, W - 2 * FUNNEL_PANEL.0);
    c.text(&title, FUNNEL_PANEL.0, 28, 32, TEXT, Align::Start)
}
