//! A basic group that becomes a supergroup gets a new chat id; its community keeps its history
//! by moving to the new id. Both the old chat's `migrate_to_chat_id` and the new chat's
//! `migrate_from_chat_id` messages try the move; whichever comes first does it.

use teloxide::prelude::*;

use super::commits::Pending;
use super::context::Adapter;
use crate::domain::CommunityKey;

pub async fn on_migration(ad: &Adapter, pending: Pending, msg: &Message) -> anyhow::Result<()> {
    let (from, to) = match (msg.migrate_to_chat_id(), msg.migrate_from_chat_id()) {
        (Some(to), _) => (msg.chat.id, *to),
        (None, Some(from)) => (*from, msg.chat.id),
        (None, None) => {
            pending.skip();
            return Ok(());
        }
    };
    let (from, to) = (CommunityKey::telegram(from.0), CommunityKey::telegram(to.0));
    // Events of the old chat still queued must land under the old id before it changes.
    ad.app.ingest.flush().await?;
    let moved = ad.app.store.move_community(&from, &to).await?;
    ad.admins.forget(msg.chat.id);
    tracing::info!(%from, %to, moved, "the group became a supergroup");
    pending.skip();
    Ok(())
}
