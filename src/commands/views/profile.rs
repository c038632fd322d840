//! A member's profile (`/me`, `/member`).

use chrono_tz::Tz;

use super::words::{activity, confidence, kind, monies, num, reason, role, source, stage};
use crate::commands::render::{Arg, Line, Rendered, Span, line, text};
use crate::i18n::{Lang, t};
use crate::store::MemberProfile;

/// How many stage changes and referral-tree lines are shown.
const LISTED: usize = 10;

/// The profile as a reply. `tree` is the referral tree as indented lines (managers only).
pub fn profile(lang: Lang, p: &MemberProfile, tz: Tz, tree: Option<Vec<Line>>) -> Rendered {
    let day = |t: crate::domain::Ts| t.with_timezone(&tz).format("%Y-%m-%d").to_string();
    let a = Arg::text;
    let who = Arg::member(p.user, p.name.clone());
    let title = p.name.clone().unwrap_or_else(|| format!("#{}", p.user));
    let mut r = Rendered::new(lang).title(text(
        lang,
        "profile-title",
        vec![("name", a(title)), ("role", a(role(lang, p.role)))],
    ));
    r = r.line(line(
        lang,
        "profile-stage",
        vec![
            ("member", who.clone_span()),
            ("stage", a(stage(lang, p.stage))),
            // A newcomer has been one since they joined.
            ("since", a(p.stage_at.or(p.first_joined_at).map(day).unwrap_or_else(|| "–".into()))),
        ],
    ));
    r = r.line(match p.quiet_days {
        Some(quiet) => line(
            lang,
            "profile-activity",
            vec![
                ("activity", a(activity(lang, p.activity))),
                ("messages", Arg::num(p.messages)),
                ("quiet", Arg::num(quiet)),
            ],
        ),
        None => line(lang, "profile-activity-none", vec![("activity", a(activity(lang, p.activity)))]),
    });
    if !p.present {
        r = r.line(line(lang, "profile-left", vec![("when", a(p.left_at.map(day).unwrap_or_default()))]));
    }

    let known = p.source.is_some_and(|s| s != crate::domain::Source::Unknown);
    let mut origin = vec![match (known, p.source, p.confidence) {
        (true, Some(s), c) => line(
            lang,
            "profile-source",
            vec![
                ("source", a(source(lang, s))),
                ("confidence", a(confidence(lang, c.unwrap_or(crate::domain::Confidence::Unknown)))),
            ],
        ),
        _ => line(lang, "profile-source-unknown", vec![]),
    }];
    if let Some(inv) = &p.inviter {
        origin.push(line(lang, "profile-inviter", vec![("inviter", Arg::member(inv.user, inv.name.clone()))]));
    }
    if let Some(c) = &p.campaign {
        origin.push(line(lang, "profile-campaign", vec![("campaign", a(c.clone()))]));
    }
    if let Some(j) = p.first_joined_at {
        origin.push(line(lang, "profile-joined", vec![("when", a(day(j))), ("joins", Arg::num(p.join_count))]));
    }
    r = r.section(t(lang, "profile-where-from"), origin);

    let mut history: Vec<Line> = p
        .transitions
        .iter()
        .rev()
        .take(LISTED)
        .map(|tr| {
            line(
                lang,
                "profile-transition",
                vec![
                    ("when", a(day(tr.time()))),
                    ("from", a(stage(lang, tr.from))),
                    ("to", a(stage(lang, tr.to))),
                    ("reason", a(reason(lang, &tr.reason))),
                ],
            )
        })
        .collect();
    if history.is_empty() {
        history.push(line(lang, "profile-no-moves", vec![]));
    }
    r = r.section(t(lang, "profile-history"), history);

    let kinds = |totals: &[crate::store::KindTotal]| {
        let parts: Vec<String> = totals
            .iter()
            .filter(|k| k.weight > 0)
            .map(|k| format!("{} {}", kind(lang, k.kind), num(k.weight)))
            .collect();
        if parts.is_empty() { String::new() } else { format!(" ({})", parts.join(", ")) }
    };
    r = r.section(
        t(lang, "profile-value"),
        vec![
            line(
                lang,
                "profile-gave",
                vec![("weight", a(num(p.value_given_total))), ("kinds", a(kinds(&p.value_given)))],
            ),
            line(
                lang,
                "profile-received",
                vec![("weight", a(num(p.value_received_total))), ("kinds", a(kinds(&p.value_received)))],
            ),
        ],
    );

    let rc = &p.referrals;
    let mut referrals = vec![line(
        lang,
        "profile-referrals",
        vec![
            ("validated", a(num(rc.validated))),
            ("pending", a(num(rc.pending))),
            ("left", a(num(rc.left))),
            ("customers", a(num(rc.customers))),
        ],
    )];
    if let Some(tree) = tree {
        referrals.extend(tree);
    }
    r = r.section(t(lang, "profile-referrals-title"), referrals);

    if let Some(c) = &p.customer {
        r = r.section(
            t(lang, "profile-customer"),
            vec![line(
                lang,
                "profile-customer-line",
                vec![
                    ("since", a(day(c.since))),
                    ("sales", Arg::num(c.sales)),
                    ("revenue", a(monies(lang, &c.revenue))),
                    ("source", a(source(lang, c.source))),
                ],
            )],
        );
    }
    r
}

trait CloneSpan {
    fn clone_span(&self) -> Arg;
}

impl CloneSpan for Arg {
    fn clone_span(&self) -> Arg {
        match self {
            Arg::Value(v) => Arg::Value(v.clone()),
            Arg::Span(s) => Arg::Span(s.clone()),
        }
    }
}

/// A bold label followed by text, for simple rows.
#[allow(dead_code)]
fn row(label: String, value: String) -> Line {
    Line(vec![Span::Bold(label), Span::Text(format!(" {value}"))])
}
