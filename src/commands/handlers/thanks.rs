use chrono::Duration;

use crate::commands::handle::{CommandError, Ctx, Outcome};
use crate::commands::render::{Arg, Rendered, Tone, line};
use crate::domain::{Event, Origin, UserId, ValueKind, Word};
use crate::engine::ledger::{Credit, Party, PastCredit, Refusal, admit};
use crate::i18n::t;
use crate::store::{from_millis, to_millis};

/// `/thanks @member [kind] [note]`: the caller records value another member gave them.
/// Value flows from the member who helped (giver) to the caller (receiver); the caller is
/// the actor the anti-abuse limits apply to. Refusals are explained and change nothing.
pub async fn thanks(ctx: &Ctx<'_>, member: UserId, kind: ValueKind, note: Option<String>) -> Outcome {
    let lang = ctx.lang;
    let me = ctx.inv.caller;
    let now = ctx.app.clock.now();
    let store = &ctx.app.store;
    let receiver_row = store.member(ctx.community, me).await?;
    let giver_row = store.member(ctx.community, member).await?;
    let party = |row: &Option<crate::store::MemberRow>| Party {
        role: row.as_ref().map(|m| m.role()).unwrap_or_default(),
        is_bot: row.as_ref().is_some_and(|m| m.is_bot),
    };
    let rules = ctx.app.rules_for(ctx.community).await?;
    let credit = Credit {
        actor: me,
        giver: member,
        receiver: me,
        kind,
        weight: 1,
        origin: Origin::Manual,
        message_id: None,
        note: note.clone(),
    };
    let window = Duration::seconds(rules.ledger.cooldown_secs as i64).max(Duration::days(1));
    let recent: Vec<PastCredit> = store
        .recent_exchanges_of(ctx.community, me, to_millis(now - window))
        .await?
        .into_iter()
        .map(|r| PastCredit { actor: r.actor, giver: r.giver, receiver: r.receiver, at: from_millis(r.at) })
        .collect();
    let giver_name = giver_row.as_ref().and_then(|m| m.name.clone());
    if let Err(refusal) =
        admit(&credit, now, [party(&receiver_row), party(&giver_row), party(&receiver_row)], &recent, &rules.ledger)
    {
        let l = match refusal {
            Refusal::SelfCredit => line(lang, "error-self-thanks", vec![]),
            Refusal::Bot => line(lang, "error-bot-thanks", vec![]),
            Refusal::Cooldown => line(lang, "error-cooldown", vec![("member", Arg::member(member, giver_name))]),
            Refusal::DailyCap => line(lang, "error-daily-cap", vec![]),
        };
        return Err(CommandError::Refused(l));
    }
    let event = Event::ValueLogged { giver: member, receiver: me, kind, weight: 1, note, by: None };
    ctx.record(event).await?;
    Ok(Rendered::message(
        lang,
        Tone::Success,
        line(
            lang,
            "thanks-recorded",
            vec![
                ("receiver", Arg::member(member, giver_name)),
                ("kind", Arg::text(t(lang, &format!("kind-{}", kind.word())))),
            ],
        ),
    ))
}
