//! `/digest preview` (this week so far, only to the caller) and `/digest now` (the last
//! complete week, posted to the digest channel even if it was posted before).

use crate::commands::handle::{CommandError, Ctx, Outcome};
use crate::commands::render::{Arg, Tone, line};
use crate::commands::views;
use crate::digest::{DigestPeriod, build};
use crate::scheduler::{PostError, Posted, post_digest};

/// `/digest preview`.
pub async fn preview(ctx: &Ctx<'_>) -> Outcome {
    let now = ctx.app.clock.now();
    let settings = ctx.app.settings(ctx.community).await?;
    let tz = settings.schedule(&ctx.app.config.digest).timezone;
    let rules = ctx.app.rules_for(ctx.community).await?;
    let digest = build(&ctx.app.store, ctx.community, DigestPeriod::week_of(now, tz), &rules, tz, now).await?;
    Ok(views::digest(ctx.lang, &digest).private(true))
}

/// `/digest now`.
pub async fn now(ctx: &Ctx<'_>) -> Outcome {
    let settings = ctx.app.settings(ctx.community).await?;
    let tz = settings.schedule(&ctx.app.config.digest).timezone;
    let period = DigestPeriod::last_complete_week(ctx.app.clock.now(), tz);
    match post_digest(ctx.app, ctx.ops, &ctx.inv.community, ctx.community, period, true).await {
        Ok(Posted::Posted { period } | Posted::AlreadyDone { period }) => {
            let channel = settings.digest_channel.unwrap_or_default();
            Ok(crate::commands::Rendered::message(
                ctx.lang,
                Tone::Success,
                line(ctx.lang, "digest-posted", vec![("period", Arg::text(period)), ("channel", Arg::text(channel))]),
            ))
        }
        Err(PostError::NoChannel) => Err(CommandError::Refused(line(ctx.lang, "error-no-digest-channel", vec![]))),
        Err(PostError::Store(e)) => Err(e.into()),
        Err(PostError::Platform(e)) => Err(e.into()),
    }
}
