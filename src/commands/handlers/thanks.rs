use crate::commands::handle::{CommandError, Ctx, Outcome};
use crate::commands::render::{Arg, Rendered, Tone, line};
use crate::domain::{Envelope, Event, UserId, ValueKind, Word};
use crate::i18n::t;

/// `/thanks @member [kind] [note]`: a member records value another member gave them.
pub async fn thanks(ctx: &Ctx<'_>, member: UserId, kind: ValueKind, note: Option<String>) -> Outcome {
    let lang = ctx.lang;
    if member == ctx.inv.caller {
        return Err(CommandError::Refused(line(lang, "error-self-thanks", vec![])));
    }
    let receiver = ctx.app.store.member(ctx.community, member).await?;
    if receiver.as_ref().is_some_and(|m| m.is_bot) {
        return Err(CommandError::Refused(line(lang, "error-bot-thanks", vec![])));
    }
    let event = Event::ValueLogged { giver: ctx.inv.caller, receiver: member, kind, weight: 1, note };
    let env = Envelope::new(ctx.inv.community.clone(), ctx.inv.source_id.clone(), ctx.app.clock.now(), event);
    ctx.app.ingest.submit_and_wait(env).await?;
    let name = receiver.and_then(|m| m.name);
    Ok(Rendered::message(
        lang,
        Tone::Success,
        line(
            lang,
            "thanks-recorded",
            vec![
                ("receiver", Arg::member(member, name)),
                ("kind", Arg::text(t(lang, &format!("kind-{}", kind.word())))),
            ],
        ),
    ))
}
