//! `message_reaction` → `ReactionAdded` / `ReactionRemoved`. Telegram does not say whose message
//! it was: ingest credits the author from the store's message → author map.

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::{MessageReactionUpdated, ReactionType};

use super::context::Adapter;
use crate::domain::{CommunityKey, Event, Reaction, UserId};

fn emojis(list: &[ReactionType]) -> Vec<String> {
    list.iter().filter_map(|r| r.emoji().cloned()).collect()
}

#[tracing::instrument(skip_all, fields(update = update.id.0, community = r.chat.id.0, member = r.user().map(|u| u.id.0)))]
pub async fn on_reaction(ad: Arc<Adapter>, update: Update, r: MessageReactionUpdated) -> anyhow::Result<()> {
    let pending = ad.commits.begin(update.id.0);
    // Anonymous reactions (as the chat) have no person to credit.
    let Some(user) = r.user() else {
        pending.skip();
        return Ok(());
    };
    let (old, new) = (emojis(&r.old_reaction), emojis(&r.new_reaction));
    let reaction = |emoji: &String| Reaction {
        message_id: i64::from(r.message_id.0),
        user: user.id.0 as UserId,
        author: None,
        emoji: emoji.clone(),
    };
    let id = update.id.0;
    let mut events: Vec<_> = ad.seen_event(r.chat.id.0, user, id).into_iter().collect();
    for (i, e) in old.iter().filter(|e| !new.contains(e)).enumerate() {
        events.push((format!("upd:{id}:-{i}"), Event::ReactionRemoved(reaction(e))));
    }
    for (i, e) in new.iter().filter(|e| !old.contains(e)).enumerate() {
        events.push((format!("upd:{id}:+{i}"), Event::ReactionAdded(reaction(e))));
    }
    ad.commit(pending, &CommunityKey::telegram(r.chat.id.0), r.date, events);
    Ok(())
}
