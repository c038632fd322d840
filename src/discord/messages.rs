//! Messages and reactions as domain events. The text travels with the event only to be read
//! for signals at ingest; it is never stored.

use serenity::all::{Message, MessageType, MessageUpdateEvent, Reaction, ReactionType, User};

use super::shared::{key, uid};
use crate::domain::{Envelope, Event, Message as Msg, MessageSignals, Reaction as Rx, ReplyRef, Ts, UserId};

/// Mentioned members, without bots and the author.
fn mentions(users: &[User], author: u64) -> Vec<UserId> {
    let mut out: Vec<UserId> = users.iter().filter(|u| !u.bot && u.id.get() != author).map(|u| uid(u.id)).collect();
    out.dedup();
    out
}

fn reply_of(m: &Message) -> Option<ReplyRef> {
    if let Some(r) = &m.referenced_message {
        return Some(ReplyRef { message_id: uid(r.id), author: Some(uid(r.author.id)) });
    }
    if m.kind == MessageType::InlineReply {
        return m
            .message_reference
            .as_ref()
            .and_then(|r| r.message_id)
            .map(|id| ReplyRef { message_id: uid(id), author: None });
    }
    None
}

fn text(content: &str) -> Option<String> {
    (!content.is_empty()).then(|| content.to_string())
}

/// A new guild message (`None` for DMs and the bot's own messages).
pub fn posted(m: &Message, bot: u64) -> Option<Envelope> {
    let guild = m.guild_id?;
    if m.author.id.get() == bot {
        return None;
    }
    let event = Event::MessagePosted(Msg {
        message_id: uid(m.id),
        author: uid(m.author.id),
        author_is_bot: m.author.bot,
        reply_to: reply_of(m),
        mentions: mentions(&m.mentions, m.author.id.get()),
        text: text(&m.content),
        signals: MessageSignals::default(),
    });
    Some(Envelope::new(key(guild), format!("msg:{}", m.id), *m.timestamp, event))
}

/// An edited message, when the edit says who wrote it and what it says now.
pub fn edited(new: Option<&Message>, e: &MessageUpdateEvent, bot: u64, now: Ts) -> Option<Envelope> {
    let guild = e.guild_id.or(new.and_then(|m| m.guild_id))?;
    let at: Ts = e.edited_timestamp.map_or(now, |t| *t);
    let message = match new {
        Some(m) => {
            if m.author.id.get() == bot {
                return None;
            }
            Msg {
                message_id: uid(m.id),
                author: uid(m.author.id),
                author_is_bot: m.author.bot,
                reply_to: reply_of(m),
                mentions: mentions(&m.mentions, m.author.id.get()),
                text: text(&m.content),
                signals: MessageSignals::default(),
            }
        }
        None => {
            let author = e.author.as_ref()?;
            let content = e.content.as_ref()?;
            if author.id.get() == bot {
                return None;
            }
            let referenced = e.referenced_message.as_ref().and_then(|r| r.as_ref());
            let is_reply = e.kind == Some(MessageType::InlineReply);
            let reply_to = match referenced {
                Some(r) => Some(ReplyRef { message_id: uid(r.id), author: Some(uid(r.author.id)) }),
                // The replied-to message is gone or not included: the store's map knows its author.
                None if is_reply => e
                    .message_reference
                    .as_ref()
                    .and_then(|r| r.as_ref())
                    .and_then(|r| r.message_id)
                    .map(|id| ReplyRef { message_id: uid(id), author: None }),
                None => None,
            };
            Msg {
                message_id: uid(e.id),
                author: uid(author.id),
                author_is_bot: author.bot,
                reply_to,
                mentions: e.mentions.as_deref().map(|m| mentions(m, author.id.get())).unwrap_or_default(),
                text: text(content),
                signals: MessageSignals::default(),
            }
        }
    };
    Some(Envelope::new(
        key(guild),
        format!("edit:{}:{}", e.id, at.timestamp_millis()),
        at,
        Event::MessageEdited(message),
    ))
}

/// How snowball writes an emoji: the character itself, or `name:id` for a custom one.
pub fn emoji(e: &ReactionType) -> String {
    match e {
        ReactionType::Unicode(s) => s.clone(),
        ReactionType::Custom { name, id, .. } => format!("{}:{}", name.as_deref().unwrap_or(""), id),
        other => other.to_string(),
    }
}

/// A reaction added (`add`) or removed. Reactions carry no id: the source id has the time.
pub fn reaction(r: &Reaction, add: bool, now: Ts) -> Option<Envelope> {
    let guild = r.guild_id?;
    let user = r.user_id?;
    let emoji = emoji(&r.emoji);
    let reaction = Rx {
        message_id: uid(r.message_id),
        user: uid(user),
        author: r.message_author_id.map(uid),
        emoji: emoji.clone(),
    };
    let (tag, event) =
        if add { ("rx+", Event::ReactionAdded(reaction)) } else { ("rx-", Event::ReactionRemoved(reaction)) };
    Some(Envelope::new(
        key(guild),
        format!("{tag}:{}:{}:{emoji}:{}", r.message_id, user, now.timestamp_millis()),
        now,
        event,
    ))
}

#[cfg(test)]
mod tests {
    use serenity::all::EmojiId;

    use super::*;

    #[test]
    fn emoji_are_written_as_the_ledger_reads_them() {
        assert_eq!(emoji(&ReactionType::Unicode("🙏".into())), "🙏");
        let custom = ReactionType::Custom { animated: false, id: EmojiId::new(42), name: Some("party".into()) };
        assert_eq!(emoji(&custom), "party:42");
    }
}
