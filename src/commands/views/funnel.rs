//! `/funnel`: members per stage, who entered each stage in the period, conversions, activity.

use chrono_tz::Tz;

use super::words::{num, stage};
use crate::commands::render::{Arg, Line, Rendered, Span, line, text};
use crate::engine::funnel::FunnelReport;
use crate::i18n::{Lang, t};

pub fn funnel(lang: Lang, f: &FunnelReport, label: &str, tz: Tz) -> Rendered {
    let day = |t: crate::domain::Ts| t.with_timezone(&tz).format("%Y-%m-%d").to_string();
    let mut r = Rendered::new(lang).title(text(
        lang,
        "funnel-title",
        vec![("period", Arg::text(label)), ("from", Arg::text(day(f.from))), ("to", Arg::text(day(f.to)))],
    ));
    r = r.line(line(lang, "funnel-members", vec![("members", Arg::text(num(f.members)))]));
    let stages = f
        .stages
        .iter()
        .map(|s| {
            let mut l = Line(vec![Span::Bold(stage(lang, s.stage)), Span::Text(format!(": {}", num(s.members)))]);
            if s.entered > 0 {
                l.0.extend(line(lang, "funnel-entered", vec![("entered", Arg::text(num(s.entered)))]).0);
            }
            l
        })
        .collect();
    r = r.section(t(lang, if f.staff_excluded { "digest-funnel-staff-excluded" } else { "digest-funnel" }), stages);
    let conversions = f
        .conversions
        .iter()
        .map(|c| {
            let pct = c.percent.map_or_else(|| "–".to_string(), |p| format!("{p:.1}%"));
            Line::text(format!(
                "{} → {}: {pct} ({}/{})",
                stage(lang, c.from),
                stage(lang, c.to),
                num(c.reached_to),
                num(c.reached_from)
            ))
        })
        .collect();
    r = r.section(t(lang, "funnel-conversions"), conversions);
    r.section(
        t(lang, "funnel-activity"),
        vec![line(
            lang,
            "funnel-activity-line",
            vec![
                ("active", Arg::text(num(f.activity.active))),
                ("atrisk", Arg::text(num(f.activity.at_risk))),
                ("dormant", Arg::text(num(f.activity.dormant))),
            ],
        )],
    )
}
