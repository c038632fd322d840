//! Messages and edits → `MessagePosted` / `MessageEdited`, with the reply target and the people
//! mentioned, for thanks and answers. Commands go to [`super::command`].
//!
//! Forum topics: every message in a topic replies to the topic's `forum_topic_created` message;
//! that is not a reply to a person and is dropped. Messages posted as a chat (channels, anonymous
//! admins) have no person behind them and are not counted.

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::{MessageEntityKind, MessageKind, User};

use super::admins::GROUP_ANONYMOUS_BOT;
use super::context::Adapter;
use crate::domain::{CommunityKey, Event, Message as DomainMessage, MessageSignals, ReplyRef, UserId};

/// The person who wrote `msg`, if a person did.
pub fn person(msg: &Message) -> Option<&User> {
    if msg.sender_chat.is_some() {
        return None;
    }
    msg.from.as_ref().filter(|u| u.id.0 != GROUP_ANONYMOUS_BOT)
}

/// Whether a group chat snowball serves (not a private chat or a channel).
pub fn is_group(msg: &Message) -> bool {
    msg.chat.is_group() || msg.chat.is_supergroup()
}

/// The message `msg` answers, when it answers a person.
pub fn reply_ref(msg: &Message) -> Option<ReplyRef> {
    let replied = msg.reply_to_message()?;
    if replied.forum_topic_created().is_some() {
        return None;
    }
    let author = person(replied)?;
    Some(ReplyRef { message_id: i64::from(replied.id.0), author: Some(author.id.0 as UserId) })
}

/// People mentioned in the text: text mentions carry the user; `@username`s are resolved from
/// what the adapter has seen. The author and bots are left out.
fn mentions(ad: &Adapter, msg: &Message, author: &User) -> Vec<UserId> {
    let entities = msg.parse_entities().or_else(|| msg.parse_caption_entities()).unwrap_or_default();
    let mut out = Vec::new();
    for e in entities {
        let id = match e.kind() {
            MessageEntityKind::TextMention { user } if !user.is_bot => Some(user.id.0 as UserId),
            MessageEntityKind::Mention => {
                let name = e.text().trim_start_matches('@').to_lowercase();
                let is_me = ad.me.username.as_deref().is_some_and(|u| u.eq_ignore_ascii_case(&name));
                if is_me { None } else { ad.usernames.get(&name).map(|id| *id) }
            }
            _ => None,
        };
        if let Some(id) = id.filter(|id| *id != author.id.0 as UserId && !out.contains(id)) {
            out.push(id);
        }
    }
    out
}

fn domain_message(ad: &Adapter, msg: &Message, author: &User) -> DomainMessage {
    DomainMessage {
        message_id: i64::from(msg.id.0),
        author: author.id.0 as UserId,
        author_is_bot: author.is_bot,
        reply_to: reply_ref(msg),
        mentions: mentions(ad, msg, author),
        text: msg.text().or(msg.caption()).map(String::from),
        signals: MessageSignals::default(),
    }
}

#[tracing::instrument(skip_all, fields(update = update.id.0, community = msg.chat.id.0, member = msg.from.as_ref().map(|u| u.id.0)))]
pub async fn on_message(ad: Arc<Adapter>, update: Update, msg: Message) -> anyhow::Result<()> {
    let pending = ad.commits.begin(update.id.0);
    let text = msg.text().or(msg.caption()).unwrap_or_default();
    if !is_group(&msg) {
        if msg.chat.is_private() && text.starts_with('/') {
            super::command::outside_group(&ad, &msg).await;
        }
        pending.skip();
        return Ok(());
    }
    if msg.migrate_to_chat_id().is_some() || msg.migrate_from_chat_id().is_some() {
        return super::migrate::on_migration(&ad, pending, &msg).await;
    }
    if text.starts_with('/') {
        return super::command::on_command(&ad, pending, update.id.0, &msg).await;
    }
    let (Some(author), MessageKind::Common(_)) = (person(&msg), &msg.kind) else {
        pending.skip();
        return Ok(());
    };
    let key = CommunityKey::telegram(msg.chat.id.0);
    let mut events = ad.admins_on_first_sight(msg.chat.id, update.id.0).await;
    events.extend(ad.seen_event(msg.chat.id.0, author, update.id.0));
    events.push((format!("upd:{}", update.id.0), Event::MessagePosted(domain_message(&ad, &msg, author))));
    ad.commit(pending, &key, msg.date, events);
    Ok(())
}

#[tracing::instrument(skip_all, fields(update = update.id.0, community = msg.chat.id.0, member = msg.from.as_ref().map(|u| u.id.0)))]
pub async fn on_edit(ad: Arc<Adapter>, update: Update, msg: Message) -> anyhow::Result<()> {
    let pending = ad.commits.begin(update.id.0);
    let is_command = msg.text().is_some_and(|t| t.starts_with('/'));
    let (true, false, Some(author)) = (is_group(&msg), is_command, person(&msg)) else {
        pending.skip();
        return Ok(());
    };
    let key = CommunityKey::telegram(msg.chat.id.0);
    let at = msg.edit_date().copied().unwrap_or(msg.date);
    let event = Event::MessageEdited(domain_message(&ad, &msg, author));
    ad.commit(pending, &key, at, vec![(format!("upd:{}", update.id.0), event)]);
    Ok(())
}
