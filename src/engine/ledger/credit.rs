//! Which value exchanges an act creates, before the anti-abuse rules decide whether they count.
//!
//! A value exchange points the way the value went: `giver` provided it, `receiver` got it. The
//! `actor` is whoever's act recorded it (the thanker, the reactor, the answerer, the manager who
//! logged it); the anti-abuse limits apply to the actor.
//!
//! | origin | act | giver (credited) | receiver | kind |
//! | --- | --- | --- | --- | --- |
//! | thanks | A's message thanks, replying to B or mentioning B (≤ `max_mentions`) | B | A | support |
//! | reaction | A reacts with a configured emoji on B's message | B | A | content |
//! | reply | B replies to A's question | B | A | support |
//! | manual | `/thanks @B` by A, or a manager's logged value | as logged | as logged | as logged |

use serde::{Deserialize, Serialize};

use super::signals::strip_emoji_modifiers;
use crate::config::LedgerConfig;
use crate::domain::{Message, Origin, Reaction, UserId, ValueKind};

/// One value exchange an act would record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    pub actor: UserId,
    pub giver: UserId,
    pub receiver: UserId,
    pub kind: ValueKind,
    pub weight: i64,
    pub origin: Origin,
    /// The message the exchange hangs on: deleting it withdraws the exchange.
    pub message_id: Option<i64>,
    pub note: Option<String>,
}

/// What the store knows of the message a reply answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Replied {
    pub author: UserId,
    /// The replied-to message asks something.
    pub question: bool,
}

/// The exchanges a new message creates: thanks (to the replied-to author and the mentioned
/// members, at most `max_mentions`, never the author) or, for a reply to a question that is
/// neither thanks nor a question itself, support from the answerer to the asker.
pub fn from_message(msg: &Message, replied: Option<Replied>, rules: &LedgerConfig) -> Vec<Credit> {
    let author = msg.author;
    if msg.signals.thanks {
        let mut credited: Vec<UserId> = Vec::new();
        for user in replied.map(|r| r.author).into_iter().chain(msg.mentions.iter().copied()) {
            if user != author && !credited.contains(&user) {
                credited.push(user);
            }
        }
        credited.truncate(rules.max_mentions);
        return credited
            .into_iter()
            .map(|giver| Credit {
                actor: author,
                giver,
                receiver: author,
                kind: ValueKind::Support,
                weight: 1,
                origin: Origin::Thanks,
                message_id: Some(msg.message_id),
                note: None,
            })
            .collect();
    }
    match replied {
        Some(r) if r.question && r.author != author && !msg.signals.question => vec![Credit {
            actor: author,
            giver: author,
            receiver: r.author,
            kind: ValueKind::Support,
            weight: 1,
            origin: Origin::Reply,
            message_id: Some(msg.message_id),
            note: None,
        }],
        _ => Vec::new(),
    }
}

/// Whether an emoji is one of the configured reactions (skin tones and variation selectors
/// ignored).
pub fn counts_as_reaction(emoji: &str, rules: &LedgerConfig) -> bool {
    let emoji = strip_emoji_modifiers(emoji.trim());
    !emoji.is_empty() && rules.reaction_emoji.iter().any(|e| strip_emoji_modifiers(e.trim()) == emoji)
}

/// The exchange a reaction creates: content from the message's author to the reactor.
pub fn from_reaction(reaction: &Reaction, author: UserId, rules: &LedgerConfig) -> Option<Credit> {
    counts_as_reaction(&reaction.emoji, rules).then_some(Credit {
        actor: reaction.user,
        giver: author,
        receiver: reaction.user,
        kind: ValueKind::Content,
        weight: 1,
        origin: Origin::Reaction,
        message_id: Some(reaction.message_id),
        note: None,
    })
}

/// Longest note kept with a manual exchange.
pub const MAX_NOTE_CHARS: usize = 500;

/// A manual exchange (`/thanks`, a manager's log). The weight is clamped to 1…100 and the note
/// to 500 characters.
pub fn from_manual(
    giver: UserId,
    receiver: UserId,
    by: Option<UserId>,
    kind: ValueKind,
    weight: i64,
    note: Option<&str>,
) -> Credit {
    let note = note.map(str::trim).filter(|n| !n.is_empty()).map(|n| n.chars().take(MAX_NOTE_CHARS).collect());
    Credit {
        actor: by.unwrap_or(receiver),
        giver,
        receiver,
        kind,
        weight: weight.clamp(1, 100),
        origin: Origin::Manual,
        message_id: None,
        note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{MessageSignals, ReplyRef};

    fn msg(author: UserId, thanks: bool, question: bool, reply_to: Option<UserId>, mentions: Vec<UserId>) -> Message {
        Message {
            message_id: 100,
            author,
            author_is_bot: false,
            reply_to: reply_to.map(|a| ReplyRef { message_id: 99, author: Some(a) }),
            mentions,
            text: None,
            signals: MessageSignals { thanks, question },
        }
    }

    #[test]
    fn thanks_credits_the_replied_to_author_and_mentions_at_most_three() {
        let rules = LedgerConfig::default();
        let m = msg(1, true, false, Some(2), vec![3, 2, 1, 4, 5]);
        let credits = from_message(&m, Some(Replied { author: 2, question: false }), &rules);
        let givers: Vec<_> = credits.iter().map(|c| c.giver).collect();
        assert_eq!(givers, vec![2, 3, 4], "replied-to first, deduplicated, never the author, at most 3");
        assert!(credits.iter().all(|c| c.receiver == 1 && c.actor == 1 && c.origin == Origin::Thanks));
        assert!(credits.iter().all(|c| c.kind == ValueKind::Support && c.message_id == Some(100)));
    }

    #[test]
    fn a_reply_to_a_question_credits_support_to_the_answerer() {
        let rules = LedgerConfig::default();
        let m = msg(5, false, false, Some(6), vec![]);
        let c = from_message(&m, Some(Replied { author: 6, question: true }), &rules);
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].actor, c[0].giver, c[0].receiver, c[0].origin), (5, 5, 6, Origin::Reply));
        // Not a question, a counter-question, or answering yourself: nothing.
        assert!(from_message(&m, Some(Replied { author: 6, question: false }), &rules).is_empty());
        let counter = msg(5, false, true, Some(6), vec![]);
        assert!(from_message(&counter, Some(Replied { author: 6, question: true }), &rules).is_empty());
        assert!(from_message(&m, Some(Replied { author: 5, question: true }), &rules).is_empty());
    }

    #[test]
    fn reactions_count_only_with_configured_emoji() {
        let rules = LedgerConfig::default();
        let r = |emoji: &str| Reaction { message_id: 7, user: 1, author: None, emoji: emoji.into() };
        let c = from_reaction(&r("❤️"), 2, &rules).unwrap();
        assert_eq!((c.giver, c.receiver, c.kind, c.origin), (2, 1, ValueKind::Content, Origin::Reaction));
        assert!(from_reaction(&r("❤"), 2, &rules).is_some(), "without the variation selector");
        assert!(from_reaction(&r("👏🏾"), 2, &rules).is_some(), "with a skin tone");
        assert!(from_reaction(&r("👍"), 2, &rules).is_none());
    }

    #[test]
    fn manual_exchanges_clamp_weight_and_default_the_actor_to_the_receiver() {
        let c = from_manual(2, 1, None, ValueKind::Connections, 500, Some("  intro to a client "));
        assert_eq!((c.actor, c.weight, c.note.as_deref()), (1, 100, Some("intro to a client")));
        let c = from_manual(9, 3, Some(9), ValueKind::Stage, 0, Some(""));
        assert_eq!((c.actor, c.weight, c.note), (9, 1, None));
    }
}
