//! The funnel panel: one bar per stage (members at the end of the period), its last part in a
//! lighter shade for the members who arrived at the stage during the period.

use super::layout::{Align, Canvas, FUNNEL_PANEL, MUTED, PAD, PANEL_BOTTOM, TEXT, stage_colour, tint};
use super::{ChartError, FunnelBar};
use crate::digest::num;
use crate::i18n;

/// The part of a bar's colour kept for the arrivals' shade.
const ARRIVED_TINT: f64 = 0.55;
/// Room after the longest bar for its numbers.
const NUMBERS: i32 = 170;

pub fn draw(c: &Canvas<'_, '_>, bars: &[FunnelBar], weekly: bool) -> Result<(), ChartError> {
    let (x0, width) = FUNNEL_PANEL;
    let unit = if weekly { "week" } else { "month" };
    let mut y = c.panel(FUNNEL_PANEL, &c.t("chart-funnel-title"))?;

    // Legend: what the two shades mean.
    let base = stage_colour(crate::domain::Stage::Newcomer);
    let mut x = x0 + PAD;
    x += c.legend(x, y, base, &c.t("chart-funnel-members"), 18)? + 24;
    c.legend(x, y, tint(base, ARRIVED_TINT), &c.tr("chart-funnel-arrived", &[("unit", i18n::s(unit))]), 18)?;
    y += 44;

    let rows = bars.len().max(1) as i32;
    let row = (PANEL_BOTTOM - 16 - y) / rows;
    let longest = width - 2 * PAD - NUMBERS;
    let max = bars.iter().map(|b| b.members).max().unwrap_or(0).max(1);
    for bar in bars {
        let colour = stage_colour(bar.stage);
        c.text(&c.stage(bar.stage), x0 + PAD, y, 22, TEXT, Align::Start)?;
        let top = y + 32;
        let height = (row - 44).clamp(14, 40);
        let length = scaled(bar.members, max, longest);
        c.rect(x0 + PAD, top, length, height, colour)?;
        let arrived = scaled(bar.arrived.min(bar.members), max, longest).min(length);
        c.rect(x0 + PAD + length - arrived, top, arrived, height, tint(colour, ARRIVED_TINT))?;
        let mut x = x0 + PAD + length + 12;
        let members = num(bar.members);
        c.number(&members, x, top + (height - 22) / 2, 22, TEXT, Align::Start)?;
        if bar.arrived > 0 {
            x += c.width(&members, 22) + 10;
            let arrived = format!("+{}", num(bar.arrived));
            c.number(&arrived, x, top + (height - 18) / 2 + 1, 18, tint(colour, 0.35), Align::Start)?;
        }
        y += row;
    }
    if bars.is_empty() {
        c.text(&c.t("chart-funnel-empty"), x0 + PAD, y, 20, MUTED, Align::Start)?;
    }
    Ok(())
}

/// `value` of `max` as a length of at most `longest` pixels; anything above zero is visible.
fn scaled(value: i64, max: i64, longest: i32) -> i32 {
    if value <= 0 {
        return 0;
    }
    let l = (value as f64 / max as f64 * f64::from(longest)).round() as i32;
    l.clamp(3, longest)
}

#[cfg(test)]
mod tests {
    use super::scaled;

    #[test]
    fn small_counts_stay_visible_and_nothing_overflows() {
        assert_eq!(scaled(0, 100, 300), 0);
        assert_eq!(scaled(1, 10_000, 300), 3);
        assert_eq!(scaled(50, 100, 300), 150);
        assert_eq!(scaled(100, 100, 300), 300);
        assert_eq!(scaled(500, 100, 300), 300);
    }
}
