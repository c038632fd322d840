//! Tracked links: `/invite` (a member's personal invite, created once and reused) and
//! `/campaign create|list` (links for channels outside the community, paid or organic).

use crate::commands::handle::{CommandError, Ctx, Outcome};
use crate::commands::ops::{InvitePurpose, PlatformError};
use crate::commands::render::{Arg, Line, Rendered, Span, Tone, line};
use crate::domain::Event;
use crate::i18n::t;

/// The platform could not make a link: a manager-facing reason when it is a permission.
fn link_failed(ctx: &Ctx<'_>, e: PlatformError) -> CommandError {
    match e {
        PlatformError::MissingPermission(what) => {
            CommandError::Refused(line(ctx.lang, "error-bot-permission", vec![("permission", Arg::text(what))]))
        }
        other => CommandError::Platform(other),
    }
}

async fn log(ctx: &Ctx<'_>, event: Event) -> Result<(), CommandError> {
    ctx.record(event).await
}

/// `/invite`: the caller's personal invite link and how it is doing.
pub async fn invite(ctx: &Ctx<'_>) -> Outcome {
    let (store, me, now) = (&ctx.app.store, ctx.inv.caller, ctx.app.clock.now());
    let url = match store.personal_invite(ctx.community, me).await? {
        Some(url) => url,
        None => {
            let made = ctx
                .ops
                .create_invite(&ctx.inv.community, InvitePurpose::Personal { user: me })
                .await
                .map_err(|e| link_failed(ctx, e))?;
            // Two requests at once keep the first link stored.
            let url = store.save_personal_invite(ctx.community, me, &made, now).await?;
            if url == made {
                log(ctx, Event::PersonalInviteCreated { user: me, invite: url.clone() }).await?;
            }
            url
        }
    };
    let rules = ctx.app.rules_for(ctx.community).await?;
    // The same counts as `/me` and the funnel's ambassador rule (the referrals projection).
    let c = store.referral_counts(ctx.community, me).await?;
    let lang = ctx.lang;
    let link = Arg::Span(Span::Link { url: url.clone(), label: url });
    Ok(Rendered::message(lang, Tone::Success, line(lang, "invite-yours", vec![("link", link)]))
        .line(line(
            lang,
            "invite-stats",
            vec![
                ("validated", Arg::num(c.validated)),
                ("pending", Arg::num(c.pending)),
                ("left", Arg::num(c.left)),
                ("days", Arg::num(i64::from(rules.attribution.validation_days))),
            ],
        ))
        .line(line(lang, "invite-how", vec![])))
}

/// `/campaign create <name> [paid]`: a tracked link for a channel outside the community.
pub async fn create(ctx: &Ctx<'_>, name: String, paid: bool) -> Outcome {
    let (store, now, lang) = (&ctx.app.store, ctx.app.clock.now(), ctx.lang);
    if let Some(existing) = store.campaign(ctx.community, &name).await? {
        let link = existing.invite.unwrap_or_default();
        return Err(CommandError::Refused(line(
            lang,
            "campaign-exists",
            vec![("name", Arg::text(name)), ("link", Arg::text(link))],
        )));
    }
    let url = ctx
        .ops
        .create_invite(&ctx.inv.community, InvitePurpose::Campaign { name: name.clone(), paid })
        .await
        .map_err(|e| link_failed(ctx, e))?;
    let (row, created) =
        store.create_campaign(ctx.community, &name, paid, Some(&url), Some(ctx.inv.caller), now).await?;
    if created {
        log(ctx, Event::CampaignCreated { name: name.clone(), paid, invite: Some(url.clone()), by: ctx.inv.caller })
            .await?;
    }
    let url = row.invite.unwrap_or(url);
    let kind = t(lang, if row.paid { "campaign-paid" } else { "campaign-organic" });
    Ok(Rendered::message(
        lang,
        Tone::Success,
        line(
            lang,
            "campaign-created",
            vec![
                ("name", Arg::text(row.name)),
                ("kind", Arg::text(kind)),
                ("link", Arg::Span(Span::Link { url: url.clone(), label: url })),
            ],
        ),
    )
    .line(line(lang, "campaign-how", vec![])))
}

/// `/campaign list`: every campaign with its link, joins and customers.
pub async fn list(ctx: &Ctx<'_>) -> Outcome {
    let lang = ctx.lang;
    let campaigns = ctx.app.store.campaigns(ctx.community).await?;
    let yields = ctx.app.store.campaign_yields(ctx.community).await?;
    let mut r = Rendered::new(lang).title(t(lang, "campaign-list-title"));
    if campaigns.is_empty() {
        return Ok(r.line(line(lang, "campaign-none", vec![])));
    }
    for c in campaigns {
        let y = yields.get(&c.name).copied().unwrap_or_default();
        let kind = t(lang, if c.paid { "campaign-paid" } else { "campaign-organic" });
        let mut l = Line(vec![Span::Bold(c.name.clone()), Span::Text(format!(" ({kind}) "))]);
        l.0.extend(
            line(lang, "campaign-line", vec![("joins", Arg::num(y.joins)), ("customers", Arg::num(y.customers))]).0,
        );
        if let Some(url) = c.invite.filter(|u| u.starts_with("http")) {
            l.0.push(Span::Text(" · ".into()));
            l.0.push(Span::Link { url: url.clone(), label: url });
        }
        r = r.line(l);
    }
    Ok(r)
}
