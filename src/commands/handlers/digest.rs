//! `/digest preview` (the current week so far, only to the caller) and `/digest now` (post the
//! last complete week's digest to the digest channel now).

use crate::commands::handle::{CommandError, Ctx, Outcome};
use crate::commands::ops::PlatformError;
use crate::commands::render::{Arg, Rendered, Tone, line};
use crate::commands::views;
use crate::digest::{DigestPeriod, build};
use crate::scheduler::{PostError, Posted, post_digest, with_chart};

pub async fn preview(ctx: &Ctx<'_>) -> Outcome {
    let now = ctx.app.clock.now();
    let settings = ctx.app.settings(ctx.community).await?;
    let tz = settings.schedule(&ctx.app.config.digest).timezone;
    let rules = ctx.app.rules_for(ctx.community).await?;
    let digest = build(&ctx.app.store, ctx.community, DigestPeriod::week_of(now, tz), &rules, tz, now).await?;
    let reply = views::digest(ctx.lang, &digest).private(true);
    Ok(with_chart(ctx.app, ctx.community, &digest, ctx.lang, reply).await)
}

pub async fn post_now(ctx: &Ctx<'_>) -> Outcome {
    let lang = ctx.lang;
    let now = ctx.app.clock.now();
    let settings = ctx.app.settings(ctx.community).await?;
    let tz = settings.schedule(&ctx.app.config.digest).timezone;
    let period = DigestPeriod::last_complete_week(now, tz);
    match post_digest(ctx.app, ctx.ops, &ctx.inv.community, ctx.community, period, true).await {
        Ok(Posted::Posted { period } | Posted::AlreadyDone { period }) => {
            Ok(Rendered::message(lang, Tone::Success, line(lang, "digest-posted", vec![("period", Arg::text(period))])))
        }
        Err(PostError::NoChannel) => Err(CommandError::Refused(line(lang, "digest-no-channel", vec![]))),
        Err(PostError::Platform(PlatformError::MissingPermission(what))) => {
            Err(CommandError::Refused(line(lang, "error-bot-permission", vec![("permission", Arg::text(what))])))
        }
        Err(PostError::Platform(e)) => Err(CommandError::Platform(e)),
        Err(PostError::Store(e)) => Err(CommandError::Store(e)),
    }
}
