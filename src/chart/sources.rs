//! The joins-by-source panel: a stacked bar per week (oldest first, in reading direction), the
//! week's total above it, a legend of the sources below.

use super::ChartError;
use super::layout::{Align, Canvas, GRID, MUTED, PAD, PANEL_BOTTOM, SOURCES_PANEL, TEXT, source_colour};
use crate::digest::{SourceHistory, num};
use crate::domain::{Source, Word};
use crate::i18n;

/// Width of the y axis' labels.
const AXIS: i32 = 56;
/// Room below the bars: week labels, their caption and two rows of legend.
const BELOW: i32 = 150;

pub fn draw(c: &Canvas<'_, '_>, history: &SourceHistory) -> Result<(), ChartError> {
    let (x0, width) = SOURCES_PANEL;
    let weeks = history.weeks.len() as i64;
    let top = c.panel(SOURCES_PANEL, &c.tr("chart-sources-title", &[("weeks", i18n::n(weeks))]))? + 26;
    let bottom = PANEL_BOTTOM - BELOW;
    let left = x0 + PAD + AXIS;
    let right = x0 + width - PAD;
    let max = history.max_total();
    if history.weeks.is_empty() || max == 0 {
        c.text(&c.t("chart-sources-none"), x0 + PAD, top + 20, 20, MUTED, Align::Start)?;
        return legend(c, x0 + PAD, right, PANEL_BOTTOM - 80);
    }

    // The scale: a round step, about four lines.
    let step = nice_step(max);
    let scale_top = max.div_euclid(step) * step + if max % step == 0 { 0 } else { step };
    let height = bottom - top;
    let y_of = |v: i64| bottom - (v as f64 / scale_top as f64 * f64::from(height)).round() as i32;
    let mut tick = 0;
    while tick <= scale_top {
        let y = y_of(tick);
        c.hline(left, right - left, y, GRID)?;
        c.number(&num(tick), left - 10, y - 9, 16, MUTED, Align::End)?;
        tick += step;
    }

    let slot = (right - left) / history.weeks.len() as i32;
    let bar = (f64::from(slot) * 0.62).round() as i32;
    for (i, week) in history.weeks.iter().enumerate() {
        let x = left + slot * i as i32 + (slot - bar) / 2;
        let mut below = 0;
        for &(source, n) in &week.by_source {
            if n <= 0 {
                continue;
            }
            let (from, to) = (y_of(below), y_of(below + n));
            c.rect(x, to, bar, (from - to).max(1), source_colour(source))?;
            below += n;
        }
        let centre = x + bar / 2;
        let last = i + 1 == history.weeks.len();
        let colour = if last { TEXT } else { MUTED };
        c.number(&num(week.total()), centre, y_of(below) - 22, 16, colour, Align::Center)?;
        c.number(&week.week_number().to_string(), centre, bottom + 8, 16, colour, Align::Center)?;
    }
    c.text(&c.t("chart-sources-axis"), (left + right) / 2, bottom + 32, 16, MUTED, Align::Center)?;
    legend(c, x0 + PAD, right, PANEL_BOTTOM - 80)
}

/// The sources with their colours, wrapped to fit between `x` and `right`.
fn legend(c: &Canvas<'_, '_>, x: i32, right: i32, y: i32) -> Result<(), ChartError> {
    let (mut at, mut row) = (x, y);
    for &source in Source::ALL {
        let label = c.source(source);
        let needed = 16 + 8 + c.width(&label, 18);
        if at > x && at + needed > right {
            at = x;
            row += 32;
        }
        at += c.legend(at, row, source_colour(source), &label, 18)? + 22;
    }
    Ok(())
}

/// A round step (1, 2 or 5 times a power of ten) that cuts `0..=max` into about four.
fn nice_step(max: i64) -> i64 {
    let raw = (max as f64 / 4.0).max(1.0);
    let power = 10f64.powi(raw.log10().floor() as i32);
    let step = [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * power).find(|s| *s >= raw).unwrap_or(10.0 * power);
    (step.round() as i64).max(1)
}

#[cfg(test)]
mod tests {
    use super::nice_step;

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(1), 1);
        assert_eq!(nice_step(4), 1);
        assert_eq!(nice_step(7), 2);
        assert_eq!(nice_step(38), 10);
        assert_eq!(nice_step(412), 200);
        assert_eq!(nice_step(1_000), 500);
    }
}
