//! The value ledger's projection: turning messages, reactions and manual logs into admitted value
//! exchanges (through `engine::ledger`), and withdrawing them when their message goes.

use super::funnel::evaluate;
use super::project::active;
use super::state::BatchState;
use crate::domain::{Message, Origin, Reaction, UserId, ValueKind};
use crate::engine::Rules;
use crate::engine::leaderboard::Board;
use crate::engine::ledger::{self, Credit, Party, PastCredit, Replied};
use crate::store::{ValueRow, from_millis};

/// The credits of a new message: thanks, or an answer to a question.
pub(crate) fn credit_message(state: &mut BatchState, rules: &Rules, event_id: i64, at: i64, msg: &Message) {
    let replied = replied(state, msg);
    for credit in ledger::from_message(msg, replied, &rules.ledger) {
        record(state, rules, event_id, at, credit);
    }
}

/// An edit re-reads the message: thanks added later credits once (never twice for one message);
/// thanks removed withdraws what the thanks credited.
pub(crate) fn credit_edit(state: &mut BatchState, rules: &Rules, event_id: i64, at: i64, msg: &Message) {
    if state.message(msg.message_id).is_none_or(|m| m.deleted || m.author != msg.author) {
        return;
    }
    let thanks: Vec<usize> = state
        .values_on_message(msg.message_id)
        .into_iter()
        .filter(|&i| state.value(i).origin == Origin::Thanks && state.value(i).actor == msg.author)
        .collect();
    if msg.signals.thanks {
        if thanks.is_empty() {
            let replied = replied(state, msg);
            for credit in ledger::from_message(msg, replied, &rules.ledger) {
                if credit.origin == Origin::Thanks {
                    record(state, rules, event_id, at, credit);
                }
            }
        }
    } else {
        for i in thanks {
            withdraw(state, i, at);
        }
    }
}

/// What the store knows of the message `msg` replies to.
fn replied(state: &BatchState, msg: &Message) -> Option<Replied> {
    let reply = msg.reply_to.as_ref()?;
    let row = state.message(reply.message_id);
    let author = reply.author.or(row.map(|r| r.author))?;
    let question = row.is_some_and(|r| r.question && !r.deleted && r.author == author);
    Some(Replied { author, question })
}

/// A reaction with a configured emoji credits the message's author.
pub(crate) fn credit_reaction(state: &mut BatchState, rules: &Rules, event_id: i64, at: i64, r: &Reaction) {
    let row = state.message(r.message_id);
    if row.is_some_and(|m| m.deleted) {
        return;
    }
    let author = r.author.or(row.map(|m| m.author));
    active(state.member_mut(r.user), at);
    let Some(author) = author else { return };
    if let Some(credit) = ledger::from_reaction(r, author, &rules.ledger) {
        record(state, rules, event_id, at, credit);
    }
}

/// Removing a configured reaction withdraws what it credited.
pub(crate) fn withdraw_reaction(state: &mut BatchState, rules: &Rules, r: &Reaction, at: i64) {
    if !ledger::counts_as_reaction(&r.emoji, &rules.ledger) {
        return;
    }
    let found = state.values_on_message(r.message_id).into_iter().rev().find(|&i| {
        let v = state.value(i);
        v.origin == Origin::Reaction && v.actor == r.user && v.withdrawn_at.is_none()
    });
    if let Some(i) = found {
        withdraw(state, i, at);
    }
}

/// Deleting a message withdraws every exchange hanging on it (its thanks, its answer, the
/// reactions to it).
pub(crate) fn withdraw_message(state: &mut BatchState, message_id: i64, at: i64) {
    for i in state.values_on_message(message_id) {
        withdraw(state, i, at);
    }
}

/// `/thanks` or a manager's log.
#[allow(clippy::too_many_arguments)]
pub(crate) fn log_value(
    state: &mut BatchState,
    rules: &Rules,
    event_id: i64,
    at: i64,
    (giver, receiver, by): (UserId, UserId, Option<UserId>),
    kind: ValueKind,
    weight: i64,
    note: Option<&str>,
) {
    let credit = ledger::from_manual(giver, receiver, by, kind, weight, note);
    active(state.member_mut(credit.actor), at);
    record(state, rules, event_id, at, credit);
}

fn party(state: &BatchState, user: UserId) -> Party {
    state.member(user).map(|m| Party { role: m.role(), is_bot: m.is_bot }).unwrap_or_default()
}

/// Admits a credit through the anti-abuse rules and, if it counts, records it, updates the
/// members' totals and the helpers board, and re-evaluates the giver's stage.
fn record(state: &mut BatchState, rules: &Rules, event_id: i64, at: i64, credit: Credit) -> bool {
    let parties = [party(state, credit.actor), party(state, credit.giver), party(state, credit.receiver)];
    let lookback = at - chrono::Duration::days(1).num_milliseconds().max(rules.ledger.cooldown_secs as i64 * 1000);
    let past =
        |v: &ValueRow| PastCredit { actor: v.actor, giver: v.giver, receiver: v.receiver, at: from_millis(v.at) };
    let recent: Vec<PastCredit> = state
        .values_by_actor(credit.actor)
        .chain(state.values_by_giver(credit.giver).filter(|v| v.actor != credit.actor))
        .filter(|v| v.withdrawn_at.is_none() && v.at >= lookback)
        .map(past)
        .collect();
    if let Err(refusal) = ledger::admit(&credit, from_millis(at), parties, &recent, &rules.ledger) {
        tracing::trace!(?refusal, origin = %credit.origin, "value exchange not counted");
        return false;
    }
    let row = ValueRow {
        id: None,
        community: state.community,
        event_id,
        at,
        actor: credit.actor,
        giver: credit.giver,
        receiver: credit.receiver,
        giver_role: parties[1].role,
        receiver_role: parties[2].role,
        kind: credit.kind,
        weight: credit.weight,
        origin: credit.origin,
        message_id: credit.message_id,
        note: credit.note,
        withdrawn_at: None,
    };
    let (giver, receiver, weight) = (row.giver, row.receiver, row.weight);
    state.push_value(row);
    state.member_mut(giver).value_given += weight;
    state.member_mut(receiver).value_received += weight;
    state.score(Board::Helpers, giver, at, weight);
    evaluate(state, rules, giver, at, None);
    true
}

/// Withdraws an exchange at `at`: the totals and the helpers board lose its weight (in the
/// buckets of when it was given). Stages already reached stay.
fn withdraw(state: &mut BatchState, i: usize, at: i64) {
    if !state.mark_withdrawn(i, at) {
        return;
    }
    let v = state.value(i);
    let (giver, receiver, weight, given_at) = (v.giver, v.receiver, v.weight, v.at);
    state.member_mut(giver).value_given -= weight;
    state.member_mut(receiver).value_received -= weight;
    state.score(Board::Helpers, giver, given_at, -weight);
}
