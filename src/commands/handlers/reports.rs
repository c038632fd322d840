//! Read-only reports: `/leaderboard`, `/me`, `/member`, `/funnel`.

use chrono::Datelike;

use super::member_arg;
use crate::commands::FunnelPeriod;
use crate::commands::handle::{CommandError, Ctx, Outcome};
use crate::commands::render::{Arg, Line, Span, line};
use crate::commands::views;
use crate::digest::DigestPeriod;
use crate::domain::{Ts, UserId};
use crate::engine::leaderboard::{Board, Period};
use crate::i18n::t;

/// How many rows a leaderboard shows.
pub const LEADERBOARD_ROWS: usize = 10;
/// How many direct referrals `/member` lists.
const TREE_ROWS: usize = 10;

/// `/leaderboard [board] [period]`: the top 10 and the caller's own rank, unless the community
/// switched leaderboards off.
pub async fn leaderboard(ctx: &Ctx<'_>, board: Board, period: Period) -> Outcome {
    let settings = ctx.app.settings(ctx.community).await?;
    if !settings.leaderboards_on() {
        return Err(CommandError::Refused(line(ctx.lang, "error-leaderboards-off", vec![])));
    }
    let now = ctx.app.clock.now();
    let b = ctx.app.store.leaderboard(ctx.community, board, period, now, ctx.inv.caller, LEADERBOARD_ROWS).await?;
    Ok(views::leaderboard(ctx.lang, &b))
}

/// `/me` (own profile) and `/member @m` (a manager's view, with the referral tree).
pub async fn profile(ctx: &Ctx<'_>, user: UserId, with_tree: bool) -> Outcome {
    let now = ctx.app.clock.now();
    let rules = ctx.app.rules_for(ctx.community).await?;
    let settings = ctx.app.settings(ctx.community).await?;
    let tz = settings.schedule(&ctx.app.config.digest).timezone;
    let Some(p) = ctx.app.store.member_profile(ctx.community, user, now, &rules.funnel).await? else {
        let who = member_arg(ctx, user).await;
        return Err(CommandError::Refused(line(ctx.lang, "error-unknown-member", vec![("member", who)])));
    };
    let tree = if with_tree {
        let referrals = ctx.app.store.referrals_of(ctx.community, user, now, rules.attribution.validation_days).await?;
        let mut lines = Vec::new();
        for r in referrals.iter().rev().take(TREE_ROWS) {
            let name = ctx.app.store.member(ctx.community, r.user).await?.and_then(|m| m.name);
            let status = t(ctx.lang, &format!("referral-{}", crate::domain::Word::word(r.status)));
            lines.push(Line(vec![
                Span::Text("• ".into()),
                Span::Member { id: r.user, name },
                Span::Text(format!(" — {status}")),
            ]));
        }
        if referrals.len() > TREE_ROWS {
            lines.push(line(
                ctx.lang,
                "referral-more",
                vec![("count", Arg::num((referrals.len() - TREE_ROWS) as i64))],
            ));
        }
        Some(lines)
    } else {
        None
    };
    Ok(views::profile(ctx.lang, &p, tz, tree))
}

/// `/funnel [period]`: members per stage at the end of the period (or now), who moved in it.
pub async fn funnel(ctx: &Ctx<'_>, period: FunnelPeriod) -> Outcome {
    let now = ctx.app.clock.now();
    let rules = ctx.app.rules_for(ctx.community).await?;
    let settings = ctx.app.settings(ctx.community).await?;
    let tz = settings.schedule(&ctx.app.config.digest).timezone;
    let (label, from, to) = funnel_bounds(&period, now, tz);
    let report = ctx.app.store.funnel_report(ctx.community, from, to.min(now).max(from), &rules.funnel).await?;
    Ok(views::funnel(ctx.lang, &report, &label, tz))
}

/// The label and `[from, to)` of a funnel period in the community's time zone.
pub fn funnel_bounds(period: &FunnelPeriod, now: Ts, tz: chrono_tz::Tz) -> (String, Ts, Ts) {
    let local = now.with_timezone(&tz).date_naive();
    let (label, p) = match period {
        FunnelPeriod::Week => {
            let p = DigestPeriod::week_of(now, tz);
            (p.to_string(), p)
        }
        FunnelPeriod::IsoWeek { year, week } => {
            let p = DigestPeriod::week(*year, *week).unwrap_or_else(|| DigestPeriod::week_of(now, tz));
            (p.to_string(), p)
        }
        FunnelPeriod::Month => {
            let p = DigestPeriod::Month { year: local.year(), month: local.month() };
            (p.to_string(), p)
        }
        FunnelPeriod::Quarter => {
            let q = (local.month() - 1) / 3;
            let first = DigestPeriod::Month { year: local.year(), month: q * 3 + 1 };
            let last = DigestPeriod::Month { year: local.year(), month: q * 3 + 3 };
            let (from, _) = first.bounds(tz);
            let (_, to) = last.bounds(tz);
            return (format!("{}-Q{}", local.year(), q + 1), from, to);
        }
    };
    let (from, to) = p.bounds(tz);
    (label, from, to)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn funnel_periods_have_labels_and_bounds() {
        let now = chrono::Utc.with_ymd_and_hms(2026, 11, 18, 12, 0, 0).unwrap();
        let tz = chrono_tz::UTC;
        let (label, from, to) = funnel_bounds(&FunnelPeriod::Quarter, now, tz);
        assert_eq!(label, "2026-Q4");
        assert_eq!(from, chrono::Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap());
        assert_eq!(to, chrono::Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap());
        assert_eq!(funnel_bounds(&FunnelPeriod::Week, now, tz).0, "2026-W47");
        assert_eq!(funnel_bounds(&FunnelPeriod::Month, now, tz).0, "2026-11");
        assert_eq!(funnel_bounds(&FunnelPeriod::IsoWeek { year: 2026, week: 2 }, now, tz).0, "2026-W02");
    }
}
