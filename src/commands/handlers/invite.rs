//! `/invite` and `/campaign`: tracked invite links, created once through the platform and
//! reused afterwards (the store remembers them; the first one stored wins).

use crate::commands::handle::{CommandError, Ctx, Outcome};
use crate::commands::ops::InvitePurpose;
use crate::commands::render::{Arg, Rendered, Span, Tone, line};
use crate::domain::{Envelope, Event};
use crate::i18n::t;

fn link(url: &str) -> Arg {
    Arg::Span(Span::Link { url: url.to_string(), label: url.to_string() })
}

async fn submit(ctx: &Ctx<'_>, event: Event) -> Result<(), CommandError> {
    let env = Envelope::new(ctx.inv.community.clone(), ctx.inv.source_id.clone(), ctx.app.clock.now(), event);
    ctx.app.ingest.submit_and_wait(env).await?;
    Ok(())
}

/// `/invite`: the caller's personal link (created on first use) and what it brought.
pub async fn invite(ctx: &Ctx<'_>) -> Outcome {
    let me = ctx.inv.caller;
    let store = &ctx.app.store;
    let url = match store.personal_invite(ctx.community, me).await? {
        Some(url) => url,
        None => {
            let created = ctx.ops.create_invite(&ctx.inv.community, InvitePurpose::Personal { user: me }).await?;
            submit(ctx, Event::PersonalInviteCreated { user: me, invite: created.clone() }).await?;
            // A concurrent request may have stored another link first: that one counts.
            store.personal_invite(ctx.community, me).await?.unwrap_or(created)
        }
    };
    let counts = store.referral_counts(ctx.community, me).await?;
    let lang = ctx.lang;
    Ok(Rendered::message(lang, Tone::Success, line(lang, "invite-link", vec![("link", link(&url))])).line(line(
        lang,
        "invite-counts",
        vec![
            ("validated", Arg::num(counts.validated)),
            ("pending", Arg::num(counts.pending)),
            ("left", Arg::num(counts.left)),
        ],
    )))
}

fn kind(lang: crate::i18n::Lang, paid: bool) -> Arg {
    Arg::text(t(lang, if paid { "campaign-kind-paid" } else { "campaign-kind-organic" }))
}

/// `/campaign create <name> [paid]`: a campaign's tracked link, created once.
pub async fn create(ctx: &Ctx<'_>, name: String, paid: bool) -> Outcome {
    let lang = ctx.lang;
    let store = &ctx.app.store;
    if let Some(existing) = store.campaign(ctx.community, &name).await?
        && let Some(url) = existing.invite.as_deref()
    {
        let l = line(
            lang,
            "campaign-exists",
            vec![("name", Arg::text(name.clone())), ("kind", kind(lang, existing.paid)), ("link", link(url))],
        );
        return Ok(Rendered::message(lang, Tone::Info, l));
    }
    let purpose = InvitePurpose::Campaign { name: name.clone(), paid };
    let url = ctx.ops.create_invite(&ctx.inv.community, purpose).await?;
    submit(ctx, Event::CampaignCreated { name: name.clone(), paid, invite: Some(url.clone()), by: ctx.inv.caller })
        .await?;
    if store.campaign(ctx.community, &name).await?.is_some_and(|c| c.invite.is_none()) {
        // The campaign existed without a link (e.g. registered by hand): give it this one.
        store.set_campaign_invite(ctx.community, &name, &url).await?;
    }
    let l = line(
        lang,
        "campaign-created",
        vec![("name", Arg::text(name)), ("kind", kind(lang, paid)), ("link", link(&url))],
    );
    Ok(Rendered::message(lang, Tone::Success, l))
}

/// `/campaign list`.
pub async fn list(ctx: &Ctx<'_>) -> Outcome {
    let lang = ctx.lang;
    let campaigns = ctx.app.store.campaigns(ctx.community).await?;
    if campaigns.is_empty() {
        return Ok(Rendered::message(lang, Tone::Info, line(lang, "campaign-none", vec![])));
    }
    let mut r = Rendered::new(lang).title(t(lang, "campaign-list-title"));
    for c in campaigns {
        let url = c.invite.unwrap_or_default();
        r = r.line(line(
            lang,
            "campaign-line",
            vec![("name", Arg::text(c.name)), ("kind", kind(lang, c.paid)), ("link", link(&url))],
        ));
    }
    Ok(r)
}
