//! `/digest preview|now`: this week's digest so far for the caller, or last week's digest
//! posted now where the scheduler would post it.

use crate::commands::handle::{CommandError, Ctx, Outcome};
use crate::commands::render::{Arg, Rendered, Tone, line};
use crate::commands::views;
use crate::digest::{DigestPeriod, build};
use crate::scheduler::{PostError, Posted, post_digest};

/// `/digest preview`: the current week so far, only for the caller.
pub async fn preview(ctx: &Ctx<'_>) -> Outcome {
    let settings = ctx.app.settings(ctx.community).await?;
    let tz = settings.schedule(&ctx.app.config.digest).timezone;
    let now = ctx.app.clock.now();
    let rules = ctx.app.rules_for(ctx.community).await?;
    let digest = build(&ctx.app.store, ctx.community, DigestPeriod::week_of(now, tz), &rules, tz, now).await?;
    Ok(views::digest(ctx.lang, &digest).private(true))
}

/// `/digest now`: posts the last complete week's digest to the digest channel (on Telegram,
/// the group unless one is set), even if it was posted before.
pub async fn now(ctx: &Ctx<'_>) -> Outcome {
    let settings = ctx.app.settings(ctx.community).await?;
    let tz = settings.schedule(&ctx.app.config.digest).timezone;
    let period = DigestPeriod::last_complete_week(ctx.app.clock.now(), tz);
    let lang = ctx.lang;
    match post_digest(ctx.app, ctx.ops, &ctx.inv.community, ctx.community, period, true).await {
        Ok(Posted::Posted { period } | Posted::AlreadyDone { period }) => {
            Ok(Rendered::message(lang, Tone::Success, line(lang, "digest-posted", vec![("period", Arg::text(period))]))
                .private(true))
        }
        Err(PostError::Store(e)) => Err(CommandError::Store(e)),
        Err(PostError::Platform(e)) => Err(CommandError::Platform(e)),
        Err(PostError::NoChannel) => Err(CommandError::Refused(line(lang, "error-no-digest-channel", vec![]))),
    }
}
