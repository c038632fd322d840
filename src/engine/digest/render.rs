//! Rendering a digest: plain text for the terminal, Markdown-ish for chat (Discord and Telegram
//! both read `**bold**` and `- ` lists), JSON for machines.

use std::fmt::Write;

use chrono::Duration;
use chrono_tz::Tz;

use super::model::*;
use crate::domain::{Origin, Role, Source, Stage, UserId};

/// Plain text, for a terminal.
pub fn render_text(d: &Digest) -> String {
    render(d, Style::Text)
}

/// Markdown-ish, for a chat message.
pub fn render_markdown(d: &Digest) -> String {
    render(d, Style::Markdown)
}

/// JSON with the stable field names documented in `docs/digest.md`, pretty-printed.
pub fn render_json(d: &Digest) -> String {
    serde_json::to_string_pretty(d).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// How many moves are listed by name.
pub const MOVES_LISTED: usize = 10;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Text,
    Markdown,
}

impl Style {
    fn heading(self, out: &mut String, s: &str) {
        match self {
            Style::Text => {
                let _ = writeln!(out, "\n{s}");
            }
            Style::Markdown => {
                let _ = writeln!(out, "\n**{s}**");
            }
        }
    }

    fn item(self, out: &mut String, s: &str) {
        match self {
            Style::Text => {
                let _ = writeln!(out, "  {s}");
            }
            Style::Markdown => {
                let _ = writeln!(out, "- {s}");
            }
        }
    }
}

/// `1234567` → `1,234,567`.
pub fn num(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// `+3`, `-2`, `±0`.
fn signed(n: i64) -> String {
    match n {
        0 => "±0".into(),
        n if n > 0 => format!("+{}", num(n)),
        n => num(n),
    }
}

/// Minor units as a decimal amount (two decimals) with the currency.
pub fn money(m: &Money) -> String {
    let sign = if m.amount_minor < 0 { "-" } else { "" };
    let a = m.amount_minor.unsigned_abs();
    format!("{} {sign}{}.{:02}", m.currency, num((a / 100) as i64), a % 100)
}

fn monies(m: &[Money]) -> String {
    if m.is_empty() { "no amounts".into() } else { m.iter().map(money).collect::<Vec<_>>().join(", ") }
}

/// A member's display name: their name, or their id.
pub fn who(user: UserId, name: &Option<String>) -> String {
    match name {
        Some(n) if !n.trim().is_empty() => n.clone(),
        _ => format!("member {user}"),
    }
}

fn source_word(s: Source) -> &'static str {
    match s {
        Source::Referral => "referral",
        Source::CampaignPaid => "paid campaign",
        Source::CampaignOrganic => "organic campaign",
        Source::Vanity => "vanity link",
        Source::Unknown => "unknown",
    }
}

fn role_word(r: Role) -> &'static str {
    match r {
        Role::Manager => "manager",
        Role::Professional => "professionals",
        Role::Member => "members",
    }
}

fn origin_word(o: Origin) -> &'static str {
    match o {
        Origin::Thanks => "thanks",
        Origin::Reaction => "reactions",
        Origin::Reply => "answers",
        Origin::Manual => "logged by hand",
    }
}

fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{} {}", num(n), if n == 1 { one } else { many })
}

fn render(d: &Digest, style: Style) -> String {
    let unit = if d.period.contains('W') { "week" } else { "month" };
    let tz: Tz = d.timezone.parse().unwrap_or(Tz::UTC);
    let first = d.from.with_timezone(&tz);
    let last = (d.to - Duration::seconds(1)).with_timezone(&tz);
    let title = match &d.community_name {
        Some(n) => format!("{n} ({})", d.community),
        None => d.community.clone(),
    };
    let mut out = String::new();
    match style {
        Style::Text => {
            let _ = writeln!(out, "snowball digest · {title}");
        }
        Style::Markdown => {
            let _ = writeln!(out, "**snowball digest · {title}**");
        }
    }
    let _ = writeln!(
        out,
        "{} {}: {} – {} ({}), compared with {}{}",
        if unit == "week" { "Week" } else { "Month" },
        d.period,
        first.format("%a %-d %b"),
        last.format("%a %-d %b %Y"),
        d.timezone,
        d.previous_period,
        if d.complete {
            String::new()
        } else {
            format!(" · so far, as of {}", d.as_of.with_timezone(&tz).format("%a %-d %b %H:%M"))
        }
    );

    if d.quiet {
        let _ = writeln!(
            out,
            "\nA quiet {unit}: no joins, leaves, messages, value or sales. {} members; {} at risk, {} dormant.",
            num(d.members.value),
            num(d.at_risk.at_risk),
            num(d.at_risk.dormant)
        );
        return out;
    }

    let g = &d.growth;
    style.heading(&mut out, "Growth");
    style.item(&mut out, &format!("{} members ({} this {unit})", num(d.members.value), signed(d.members.change())));
    style.item(
        &mut out,
        &format!(
            "{} joined (last {unit} {}) · {} left ({}) · net {} ({})",
            num(g.joins.value),
            num(g.joins.previous),
            num(g.leaves.value),
            num(g.leaves.previous),
            signed(g.net.value),
            signed(g.net.previous)
        ),
    );
    let by_source: Vec<String> = g
        .by_source
        .iter()
        .filter(|s| s.joins.value > 0 || s.joins.previous > 0)
        .map(|s| format!("{} {} ({})", source_word(s.source), num(s.joins.value), num(s.joins.previous)))
        .collect();
    if !by_source.is_empty() {
        style.item(&mut out, &format!("by source: {}", by_source.join(" · ")));
    }
    let a = &d.activity;
    style.item(
        &mut out,
        &format!(
            "{} from {} (last {unit} {} from {})",
            plural(a.messages.value, "message", "messages"),
            plural(a.active_members.value, "member", "members"),
            num(a.messages.previous),
            num(a.active_members.previous)
        ),
    );

    style.heading(&mut out, if d.funnel.staff_excluded { "Funnel (staff not counted)" } else { "Funnel" });
    for s in &d.funnel.stages {
        let entered = if s.stage == Stage::Newcomer {
            String::new()
        } else {
            format!(" · {} entered (last {unit} {})", num(s.entered.value), num(s.entered.previous))
        };
        style.item(&mut out, &format!("{:<12}{:>7}{entered}", s.stage.to_string(), num(s.members)));
    }
    let conv: Vec<String> = d
        .funnel
        .conversions
        .iter()
        .map(|c| match c.percent {
            Some(p) => format!("{}→{} {p:.1}%", c.from, c.to),
            None => format!("{}→{} –", c.from, c.to),
        })
        .collect();
    style.item(&mut out, &format!("conversion: {}", conv.join(" · ")));

    style.heading(&mut out, &format!("Who moved ({})", num(d.moves.len() as i64)));
    if d.moves.is_empty() {
        style.item(&mut out, "nobody moved");
    }
    // Furthest promotions first, then in time order.
    let mut moves: Vec<&Move> = d.moves.iter().collect();
    moves.sort_by(|a, b| b.to.cmp(&a.to).then(a.at.cmp(&b.at)).then(a.user.cmp(&b.user)));
    for m in moves.iter().take(MOVES_LISTED) {
        style.item(&mut out, &format!("{}: {} → {} ({})", who(m.user, &m.name), m.from, m.to, m.reason));
    }
    if d.moves.len() > MOVES_LISTED {
        style.item(&mut out, &format!("… and {} more", num((d.moves.len() - MOVES_LISTED) as i64)));
    }

    style.heading(&mut out, "Top referrers (validated referrals)");
    if d.top_referrers.is_empty() {
        style.item(&mut out, &format!("no referral was validated this {unit}"));
    }
    for (i, r) in d.top_referrers.iter().enumerate() {
        style.item(&mut out, &format!("{}. {} — {}", i + 1, who(r.user, &r.name), num(r.validated)));
    }
    style.heading(&mut out, "Top helpers (value given)");
    if d.top_helpers.is_empty() {
        style.item(&mut out, &format!("no value was recorded this {unit}"));
    }
    for (i, h) in d.top_helpers.iter().enumerate() {
        style.item(
            &mut out,
            &format!(
                "{}. {} — {} to {}",
                i + 1,
                who(h.user, &h.name),
                num(h.weight),
                plural(h.members, "member", "members")
            ),
        );
    }

    let v = &d.value;
    style.heading(
        &mut out,
        &format!(
            "Value triangle: {}, weight {} (last {unit} {})",
            plural(v.exchanges.value, "exchange", "exchanges"),
            num(v.weight.value),
            num(v.weight.previous)
        ),
    );
    for e in v.edges.iter().filter(|e| e.weight.value > 0 || e.weight.previous > 0) {
        let kinds: Vec<String> = v
            .flows
            .iter()
            .filter(|f| f.from == e.from && f.to == e.to)
            .map(|f| format!("{} {}", f.kind, num(f.weight)))
            .collect();
        let kinds = if kinds.is_empty() { String::new() } else { format!(": {}", kinds.join(", ")) };
        style.item(
            &mut out,
            &format!(
                "{} → {}: {} (last {unit} {}){kinds}",
                role_word(e.from),
                role_word(e.to),
                num(e.weight.value),
                num(e.weight.previous)
            ),
        );
    }
    let origins: Vec<String> = v
        .by_origin
        .iter()
        .filter(|o| o.exchanges > 0)
        .map(|o| format!("{} {}", origin_word(o.origin), num(o.exchanges)))
        .collect();
    if !origins.is_empty() {
        style.item(&mut out, &format!("from {}", origins.join(" · ")));
    }

    if !d.professionals.is_empty() {
        style.heading(&mut out, "Professionals");
        for p in &d.professionals {
            style.item(
                &mut out,
                &format!(
                    "{} ({}): stage {} · exposure {} · gave {}",
                    who(p.user, &p.name),
                    p.stage,
                    num(p.stage_received),
                    num(p.exposure_received),
                    num(p.value_given)
                ),
            );
        }
    }

    let r = &d.at_risk;
    style.heading(&mut out, &format!("At risk: {} · dormant: {}", num(r.at_risk), num(r.dormant)));
    if r.members.is_empty() {
        style.item(&mut out, "nobody past newcomer is slipping");
    }
    for m in &r.members {
        style.item(&mut out, &format!("{} ({}) quiet {} days", who(m.user, &m.name), m.stage, num(m.quiet_days)));
    }

    let i = &d.impact;
    style.heading(&mut out, "Impact return");
    style.item(
        &mut out,
        &format!(
            "{} (last {unit} {}) · {}",
            plural(i.new_customers.value, "new customer", "new customers"),
            num(i.new_customers.previous),
            match i.sales {
                0 => "no sales".to_string(),
                n => format!("{} · revenue {}", plural(n, "sale", "sales"), monies(&i.revenue)),
            }
        ),
    );
    for s in &i.by_source {
        style.item(
            &mut out,
            &format!(
                "{}: {} · {}",
                source_word(s.source),
                plural(s.customers, "customer", "customers"),
                monies(&s.revenue)
            ),
        );
    }
    if i.new_customers.value > 0 {
        style.item(
            &mut out,
            &format!(
                "community-sourced: {} of {} ({}) · influenced: {}",
                num(i.community_sourced),
                num(i.new_customers.value),
                i.community_share_percent.map_or("–".into(), |p| format!("{p:.1}%")),
                num(i.influenced)
            ),
        );
    }
    if !i.snowball.is_empty() {
        let s: Vec<String> = i
            .snowball
            .iter()
            .map(|c| {
                format!("{} {} direct + {} via their referrals", who(c.user, &c.name), num(c.direct), num(c.chain))
            })
            .collect();
        style.item(&mut out, &format!("snowball: {}", s.join(" · ")));
    }

    let q = &d.data_quality;
    style.heading(&mut out, "Data quality");
    style.item(
        &mut out,
        &format!(
            "{}: {} exact · {} inferred · {} ambiguous · {} unknown",
            plural(q.joins, "join", "joins"),
            num(q.exact),
            num(q.inferred),
            num(q.ambiguous),
            num(q.unknown)
        ),
    );
    style.item(
        &mut out,
        &format!(
            "{} · {} · {}",
            plural(q.suspect, "suspect account", "suspect accounts"),
            plural(q.self_invites, "self-invite", "self-invites"),
            plural(q.rejoins, "rejoin", "rejoins")
        ),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_money() {
        assert_eq!(num(0), "0");
        assert_eq!(num(999), "999");
        assert_eq!(num(1000), "1,000");
        assert_eq!(num(-1234567), "-1,234,567");
        assert_eq!(signed(0), "±0");
        assert_eq!(signed(12), "+12");
        assert_eq!(money(&Money { currency: "USD".into(), amount_minor: 123456 }), "USD 1,234.56");
        assert_eq!(money(&Money { currency: "ILS".into(), amount_minor: 5 }), "ILS 0.05");
        assert_eq!(who(7, &None), "member 7");
    }
}
