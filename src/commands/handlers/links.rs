//! Invite links: `/invite` (a member's personal link, created once and reused) and
//! `/campaign create|list` (tracked links for channels outside the community). The platform
//! creates the link ([`PlatformOps::create_invite`](crate::commands::PlatformOps)); the store
//! keeps it, and the event log records that it was made.

use crate::commands::InvitePurpose;
use crate::commands::handle::{CommandError, Ctx, Outcome};
use crate::commands::render::{Arg, Line, Rendered, Span, Tone, line};
use crate::domain::{Envelope, Event};
use crate::i18n::t;

async fn log(ctx: &Ctx<'_>, event: Event) -> Result<(), CommandError> {
    let env = Envelope::new(ctx.inv.community.clone(), ctx.inv.source_id.clone(), ctx.app.clock.now(), event);
    ctx.app.ingest.submit_and_wait(env).await?;
    Ok(())
}

fn link(url: &str) -> Arg {
    Arg::Span(Span::Link { url: url.to_string(), label: url.to_string() })
}

/// `/invite`: the caller's personal link with how many people it brought.
pub async fn invite(ctx: &Ctx<'_>) -> Outcome {
    let me = ctx.inv.caller;
    let store = &ctx.app.store;
    let now = ctx.app.clock.now();
    let url = match store.personal_invite(ctx.community, me).await? {
        Some(url) => url,
        None => {
            let created = ctx.ops.create_invite(&ctx.inv.community, InvitePurpose::Personal { user: me }).await?;
            // If another request stored one first, that one wins (one link per member).
            let url = store.save_personal_invite(ctx.community, me, &created, now).await?;
            if url == created {
                log(ctx, Event::PersonalInviteCreated { user: me, invite: url.clone() }).await?;
            }
            url
        }
    };
    let rules = ctx.app.rules_for(ctx.community).await?;
    let c = store.referral_counts_of(ctx.community, me, now, rules.attribution.validation_days).await?;
    Ok(Rendered::new(ctx.lang)
        .title(t(ctx.lang, "invite-title"))
        .tone(Tone::Success)
        .line(line(ctx.lang, "invite-link", vec![("link", link(&url))]))
        .line(line(
            ctx.lang,
            "invite-stats",
            vec![("validated", Arg::num(c.validated)), ("pending", Arg::num(c.pending)), ("left", Arg::num(c.left))],
        ))
        .private(true))
}

/// `/campaign create <name> [paid]`: a tracked link, created once per name.
pub async fn campaign_create(ctx: &Ctx<'_>, name: String, paid: bool) -> Outcome {
    let store = &ctx.app.store;
    if let Some(existing) = store.campaign(ctx.community, &name).await? {
        let l = line(
            ctx.lang,
            "campaign-exists",
            vec![("name", Arg::text(name)), ("link", link(existing.invite.as_deref().unwrap_or("–")))],
        );
        return Ok(Rendered::message(ctx.lang, Tone::Info, l));
    }
    let url = ctx.ops.create_invite(&ctx.inv.community, InvitePurpose::Campaign { name: name.clone(), paid }).await?;
    let (row, created) = store
        .create_campaign(ctx.community, &name, paid, Some(&url), Some(ctx.inv.caller), ctx.app.clock.now())
        .await?;
    if created {
        log(ctx, Event::CampaignCreated { name: name.clone(), paid, invite: Some(url), by: ctx.inv.caller }).await?;
    }
    let kind = t(ctx.lang, if row.paid { "campaign-paid" } else { "campaign-organic" });
    let l = line(
        ctx.lang,
        "campaign-created",
        vec![
            ("name", Arg::text(row.name)),
            ("kind", Arg::text(kind)),
            ("link", link(row.invite.as_deref().unwrap_or("–"))),
        ],
    );
    Ok(Rendered::message(ctx.lang, Tone::Success, l))
}

/// `/campaign list`.
pub async fn campaign_list(ctx: &Ctx<'_>) -> Outcome {
    let campaigns = ctx.app.store.campaigns(ctx.community).await?;
    let mut r = Rendered::new(ctx.lang).title(t(ctx.lang, "campaign-list-title"));
    if campaigns.is_empty() {
        return Ok(r.line(line(ctx.lang, "campaign-none", vec![])));
    }
    for c in campaigns {
        let kind = t(ctx.lang, if c.paid { "campaign-paid" } else { "campaign-organic" });
        let mut l = Line(vec![Span::Bold(c.name), Span::Text(format!(" ({kind})"))]);
        if let Some(url) = c.invite {
            l.0.push(Span::Text(" — ".into()));
            l.0.push(Span::Link { label: url.clone(), url });
        }
        r = r.line(l);
    }
    Ok(r)
}
