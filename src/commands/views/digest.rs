//! The digest as a chat message (Discord embed, Telegram HTML), in the community's language.

use chrono::Duration;
use chrono_tz::Tz;

use super::words::{confidence, kind, monies, num, origin, reason, roles, signed, source, stage};
use crate::commands::render::{Arg, Line, Rendered, Span, line, text};
use crate::domain::{Confidence, Stage, UserId};
use crate::engine::digest::{Digest, Move};
use crate::i18n::{Lang, t};

/// How many named moves, at-risk members and list entries a chat digest shows.
const LISTED: usize = 10;

fn member(user: UserId, name: &Option<String>) -> Arg {
    Arg::member(user, name.clone())
}

fn a(s: impl Into<String>) -> Arg {
    Arg::text(s)
}

/// The digest as a reply.
pub fn digest(lang: Lang, d: &Digest) -> Rendered {
    let unit = if d.period.contains('W') { "week" } else { "month" };
    let tz: Tz = d.timezone.parse().unwrap_or(Tz::UTC);
    let first = d.from.with_timezone(&tz).format("%Y-%m-%d").to_string();
    let last = (d.to - Duration::seconds(1)).with_timezone(&tz).format("%Y-%m-%d").to_string();
    let name = d.community_name.clone().unwrap_or_else(|| d.community.clone());
    let mut r = Rendered::new(lang).title(text(lang, "digest-title", vec![("community", a(name))]));
    r = r.line(line(
        lang,
        "digest-period",
        vec![
            ("unit", a(unit)),
            ("period", a(d.period.clone())),
            ("first", a(first)),
            ("last", a(last)),
            ("tz", a(d.timezone.clone())),
            ("previous", a(d.previous_period.clone())),
        ],
    ));
    if !d.complete {
        let asof = d.as_of.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
        r = r.line(line(lang, "digest-so-far", vec![("asof", a(asof))]));
    }
    if d.quiet {
        return r.line(line(
            lang,
            "digest-quiet",
            vec![
                ("unit", a(unit)),
                ("members", a(num(d.members.value))),
                ("atrisk", a(num(d.at_risk.at_risk))),
                ("dormant", a(num(d.at_risk.dormant))),
            ],
        ));
    }

    // Growth and activity.
    let g = &d.growth;
    let mut growth = vec![
        line(
            lang,
            "digest-members",
            vec![("unit", a(unit)), ("members", a(num(d.members.value))), ("change", a(signed(d.members.change())))],
        ),
        line(
            lang,
            "digest-joins",
            vec![
                ("unit", a(unit)),
                ("joins", a(num(g.joins.value))),
                ("prevjoins", a(num(g.joins.previous))),
                ("leaves", a(num(g.leaves.value))),
                ("prevleaves", a(num(g.leaves.previous))),
                ("net", a(signed(g.net.value))),
            ],
        ),
    ];
    let by_source: Vec<String> = g
        .by_source
        .iter()
        .filter(|s| s.joins.value > 0 || s.joins.previous > 0)
        .map(|s| format!("{} {} ({})", source(lang, s.source), num(s.joins.value), num(s.joins.previous)))
        .collect();
    if !by_source.is_empty() {
        growth.push(line(lang, "digest-by-source", vec![("list", a(by_source.join(" · ")))]));
    }
    let act = &d.activity;
    growth.push(line(
        lang,
        "digest-activity",
        vec![
            ("unit", a(unit)),
            ("messages", a(num(act.messages.value))),
            ("members", a(num(act.active_members.value))),
            ("prevmessages", a(num(act.messages.previous))),
            ("prevmembers", a(num(act.active_members.previous))),
        ],
    ));
    r = r.section(t(lang, "digest-growth"), growth);

    // Funnel.
    let mut funnel: Vec<Line> = d
        .funnel
        .stages
        .iter()
        .map(|s| {
            let mut l = Line(vec![Span::Bold(stage(lang, s.stage)), Span::Text(format!(": {}", num(s.members)))]);
            if s.stage != Stage::Newcomer && (s.entered.value > 0 || s.entered.previous > 0) {
                l.0.extend(
                    line(
                        lang,
                        "digest-entered",
                        vec![
                            ("unit", a(unit)),
                            ("entered", a(num(s.entered.value))),
                            ("prev", a(num(s.entered.previous))),
                        ],
                    )
                    .0,
                );
            }
            l
        })
        .collect();
    let conv: Vec<String> = d
        .funnel
        .conversions
        .iter()
        .map(|c| {
            let pct = c.percent.map_or_else(|| "–".to_string(), |p| format!("{p:.1}%"));
            format!("{} → {} {pct}", stage(lang, c.from), stage(lang, c.to))
        })
        .collect();
    if !conv.is_empty() {
        funnel.push(line(lang, "digest-conversion", vec![("list", a(conv.join(" · ")))]));
    }
    let funnel_title = if d.funnel.staff_excluded { "digest-funnel-staff-excluded" } else { "digest-funnel" };
    r = r.section(t(lang, funnel_title), funnel);

    // Who moved: furthest promotions first.
    let mut moves: Vec<&Move> = d.moves.iter().collect();
    moves.sort_by(|x, y| y.to.cmp(&x.to).then(x.at.cmp(&y.at)).then(x.user.cmp(&y.user)));
    let mut moved: Vec<Line> = moves
        .iter()
        .take(LISTED)
        .map(|m| {
            line(
                lang,
                "digest-move",
                vec![
                    ("member", member(m.user, &m.name)),
                    ("from", a(stage(lang, m.from))),
                    ("to", a(stage(lang, m.to))),
                    ("reason", a(reason(lang, &m.reason))),
                ],
            )
        })
        .collect();
    if moves.is_empty() {
        moved.push(line(lang, "digest-nobody-moved", vec![("unit", a(unit))]));
    } else if moves.len() > LISTED {
        moved.push(line(lang, "digest-more", vec![("count", a(num((moves.len() - LISTED) as i64)))]));
    }
    r = r.section(text(lang, "digest-moves", vec![("count", a(num(d.moves.len() as i64)))]), moved);

    // Top referrers and helpers.
    let mut referrers: Vec<Line> = d
        .top_referrers
        .iter()
        .enumerate()
        .map(|(i, x)| {
            line(
                lang,
                "digest-rank-line",
                vec![
                    ("rank", Arg::num(i as i64 + 1)),
                    ("member", member(x.user, &x.name)),
                    ("score", a(num(x.validated))),
                ],
            )
        })
        .collect();
    if referrers.is_empty() {
        referrers.push(line(lang, "digest-no-referrals", vec![("unit", a(unit))]));
    }
    r = r.section(t(lang, "digest-top-referrers"), referrers);
    let mut helpers: Vec<Line> = d
        .top_helpers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            line(
                lang,
                "digest-helper-line",
                vec![
                    ("rank", Arg::num(i as i64 + 1)),
                    ("member", member(h.user, &h.name)),
                    ("weight", a(num(h.weight))),
                    ("members", Arg::num(h.members)),
                ],
            )
        })
        .collect();
    if helpers.is_empty() {
        helpers.push(line(lang, "digest-no-helpers", vec![("unit", a(unit))]));
    }
    r = r.section(t(lang, "digest-top-helpers"), helpers);

    // The value triangle.
    let v = &d.value;
    let mut triangle: Vec<Line> = v
        .edges
        .iter()
        .filter(|e| e.weight.value > 0 || e.weight.previous > 0)
        .map(|e| {
            let kinds: Vec<String> = v
                .flows
                .iter()
                .filter(|f| f.from == e.from && f.to == e.to)
                .map(|f| format!("{} {}", kind(lang, f.kind), num(f.weight)))
                .collect();
            line(
                lang,
                "digest-edge",
                vec![
                    ("unit", a(unit)),
                    ("from", a(roles(lang, e.from))),
                    ("to", a(roles(lang, e.to))),
                    ("weight", a(num(e.weight.value))),
                    ("prev", a(num(e.weight.previous))),
                    ("kinds", a(if kinds.is_empty() { String::new() } else { format!(" — {}", kinds.join(", ")) })),
                ],
            )
        })
        .collect();
    let origins: Vec<String> = v
        .by_origin
        .iter()
        .filter(|o| o.exchanges > 0)
        .map(|o| format!("{} {}", origin(lang, o.origin), num(o.exchanges)))
        .collect();
    if !origins.is_empty() {
        triangle.push(line(lang, "digest-origins", vec![("list", a(origins.join(" · ")))]));
    }
    r = r.section(
        text(
            lang,
            "digest-value",
            vec![
                ("unit", a(unit)),
                ("exchanges", Arg::num(v.exchanges.value)),
                ("weight", a(num(v.weight.value))),
                ("prev", a(num(v.weight.previous))),
            ],
        ),
        triangle,
    );

    if !d.professionals.is_empty() {
        let pros = d
            .professionals
            .iter()
            .take(LISTED)
            .map(|p| {
                line(
                    lang,
                    "digest-professional",
                    vec![
                        ("member", member(p.user, &p.name)),
                        ("stage", a(stage(lang, p.stage))),
                        ("stagegot", a(num(p.stage_received))),
                        ("exposure", a(num(p.exposure_received))),
                        ("gave", a(num(p.value_given))),
                    ],
                )
            })
            .collect();
        r = r.section(t(lang, "digest-professionals"), pros);
    }

    let risk = &d.at_risk;
    let mut slipping: Vec<Line> = risk
        .members
        .iter()
        .take(LISTED)
        .map(|m| {
            line(
                lang,
                "digest-at-risk-member",
                vec![
                    ("member", member(m.user, &m.name)),
                    ("stage", a(stage(lang, m.stage))),
                    ("days", Arg::num(m.quiet_days)),
                ],
            )
        })
        .collect();
    if slipping.is_empty() {
        slipping.push(line(lang, "digest-nobody-slipping", vec![]));
    }
    r = r.section(
        text(lang, "digest-at-risk", vec![("atrisk", a(num(risk.at_risk))), ("dormant", a(num(risk.dormant)))]),
        slipping,
    );

    let i = &d.impact;
    let mut impact = vec![line(
        lang,
        "digest-impact-line",
        vec![
            ("unit", a(unit)),
            ("customers", Arg::num(i.new_customers.value)),
            ("prev", a(num(i.new_customers.previous))),
            ("sales", Arg::num(i.sales)),
            ("revenue", a(monies(lang, &i.revenue))),
        ],
    )];
    for s in &i.by_source {
        impact.push(line(
            lang,
            "digest-impact-source",
            vec![
                ("source", a(source(lang, s.source))),
                ("customers", Arg::num(s.customers)),
                ("revenue", a(monies(lang, &s.revenue))),
            ],
        ));
    }
    if i.new_customers.value > 0 {
        impact.push(line(
            lang,
            "digest-community-sourced",
            vec![
                ("sourced", a(num(i.community_sourced))),
                ("total", a(num(i.new_customers.value))),
                ("share", a(i.community_share_percent.map_or_else(|| "–".into(), |p| format!("{p:.1}%")))),
                ("influenced", a(num(i.influenced))),
            ],
        ));
    }
    for c in i.snowball.iter().take(5) {
        impact.push(line(
            lang,
            "digest-snowball",
            vec![("member", member(c.user, &c.name)), ("direct", a(num(c.direct))), ("chain", a(num(c.chain)))],
        ));
    }
    r = r.section(t(lang, "digest-impact"), impact);

    let q = &d.data_quality;
    let confidences: Vec<String> =
        [Confidence::Exact, Confidence::Inferred, Confidence::Ambiguous, Confidence::Unknown]
            .iter()
            .map(|c| format!("{} {}", num(q.count(*c)), confidence(lang, *c)))
            .collect();
    r = r.section(
        t(lang, "digest-quality"),
        vec![
            line(
                lang,
                "digest-quality-joins",
                vec![("joins", Arg::num(q.joins)), ("list", a(confidences.join(" · ")))],
            ),
            line(
                lang,
                "digest-quality-flags",
                vec![
                    ("suspect", Arg::num(q.suspect)),
                    ("selfinvites", Arg::num(q.self_invites)),
                    ("rejoins", Arg::num(q.rejoins)),
                ],
            ),
        ],
    );
    r.footer = Some(t(lang, "digest-footer"));
    r
}
