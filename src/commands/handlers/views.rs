//! Commands that show data: `/me`, `/member`, `/leaderboard`, `/funnel`.

use chrono::Duration;

use crate::commands::handle::{CommandError, Ctx, Outcome};
use crate::commands::render::{Arg, Line, Span, line};
use crate::commands::views;
use crate::commands::{Board, FunnelPeriod, Period};
use crate::digest::DigestPeriod;
use crate::domain::UserId;

/// How many members of the referral tree `/member` lists.
const TREE_LINES: usize = 10;
/// How many rows a leaderboard shows.
const TOP: usize = 10;

/// `/me`: the caller's own profile.
pub async fn me(ctx: &Ctx<'_>) -> Outcome {
    profile(ctx, ctx.inv.caller, false).await
}

/// `/member @m`: a member's profile with their referral tree (managers).
pub async fn member(ctx: &Ctx<'_>, member: UserId) -> Outcome {
    profile(ctx, member, true).await
}

async fn profile(ctx: &Ctx<'_>, user: UserId, with_tree: bool) -> Outcome {
    let now = ctx.app.clock.now();
    let rules = ctx.app.rules_for(ctx.community).await?;
    let settings = ctx.app.settings(ctx.community).await?;
    let tz = settings.schedule(&ctx.app.config.digest).timezone;
    let Some(p) = ctx.app.store.member_profile(ctx.community, user, now, &rules.funnel).await? else {
        let who = super::member_arg(ctx, user).await;
        return Err(CommandError::Refused(line(ctx.lang, "error-unknown-member", vec![("member", who)])));
    };
    let tree = if with_tree { Some(tree_lines(ctx, user).await?) } else { None };
    Ok(views::profile(ctx.lang, &p, tz, tree))
}

/// The member's referral tree as indented lines: everyone they brought in, directly or not.
async fn tree_lines(ctx: &Ctx<'_>, user: UserId) -> Result<Vec<Line>, CommandError> {
    let tree = ctx.app.store.referral_tree_around(ctx.community, user).await?;
    let stats = tree.stats(user);
    let mut lines = vec![line(
        ctx.lang,
        "member-tree",
        vec![
            ("direct", Arg::num(stats.direct as i64)),
            ("size", Arg::num((stats.direct + stats.indirect) as i64)),
            ("depth", Arg::num(i64::from(stats.depth))),
            ("generation", Arg::num(i64::from(tree.generation(user)))),
        ],
    )];
    let everyone = tree.descendants(user);
    for (member, depth) in everyone.iter().take(TREE_LINES) {
        let name = ctx.app.store.member(ctx.community, *member).await?.and_then(|m| m.name);
        let indent = "  ".repeat(depth.saturating_sub(1) as usize);
        lines.push(Line(vec![Span::Text(format!("{indent}└ ")), Span::Member { id: *member, name }]));
    }
    if everyone.len() > TREE_LINES {
        lines.push(line(ctx.lang, "digest-more", vec![("count", Arg::num((everyone.len() - TREE_LINES) as i64))]));
    }
    Ok(lines)
}

/// `/leaderboard [referrals|helpers] [week|month|all]`: the top members and the caller's rank.
pub async fn leaderboard(ctx: &Ctx<'_>, board: Board, period: Period) -> Outcome {
    let settings = ctx.app.settings(ctx.community).await?;
    if !settings.leaderboards_on() {
        return Err(CommandError::Refused(line(ctx.lang, "error-leaderboards-off", vec![])));
    }
    let now = ctx.app.clock.now();
    let b = ctx.app.store.leaderboard(ctx.community, board, period, now, ctx.inv.caller, TOP).await?;
    Ok(views::leaderboard(ctx.lang, &b))
}

/// `/funnel [week|month|quarter|YYYY-Www]`: members per stage and who moved in the period.
pub async fn funnel(ctx: &Ctx<'_>, period: FunnelPeriod) -> Outcome {
    let now = ctx.app.clock.now();
    let rules = ctx.app.rules_for(ctx.community).await?;
    let settings = ctx.app.settings(ctx.community).await?;
    let tz = settings.schedule(&ctx.app.config.digest).timezone;
    let days = |n: i64| (now - Duration::days(n), now);
    let (label, (from, to)) = match period {
        FunnelPeriod::Week => (crate::i18n::t(ctx.lang, "funnel-last-7"), days(7)),
        FunnelPeriod::Month => (crate::i18n::t(ctx.lang, "funnel-last-30"), days(30)),
        FunnelPeriod::Quarter => (crate::i18n::t(ctx.lang, "funnel-last-90"), days(90)),
        FunnelPeriod::IsoWeek { year, week } => {
            let Some(p) = DigestPeriod::week(year, week) else {
                let got = format!("{year}-W{week:02}");
                return Err(CommandError::Refused(line(ctx.lang, "error-bad-period", vec![("got", Arg::text(got))])));
            };
            let (from, to) = p.bounds(tz);
            (p.to_string(), (from, to.min(now).max(from)))
        }
    };
    let report = ctx.app.store.funnel_report(ctx.community, from, to, &rules.funnel).await?;
    Ok(views::funnel(ctx.lang, &report, &label, tz))
}
