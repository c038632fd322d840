//! What every handler gets: the app, the bot, the bot's own identity, the commit tracker and the
//! adapter's caches (cache only: losing them loses no data).

use std::sync::Arc;

use dashmap::DashMap;
use teloxide::Bot;

use super::admins::Admins;
use super::commits::{Ack, Commits, Pending};
use super::ops::TelegramOps;
use crate::app::App;
use crate::domain::{CommunityKey, Envelope, Event, Role, Ts, UserId};
use crate::engine::attribution::telegram::TelegramLink;
use crate::i18n::Lang;

/// The bot's own user.
#[derive(Clone, Debug)]
pub struct Me {
    pub id: UserId,
    pub username: Option<String>,
}

pub struct Adapter {
    pub app: Arc<App>,
    pub bot: Bot,
    pub me: Me,
    pub ops: Arc<TelegramOps>,
    pub commits: Arc<Commits>,
    pub admins: Admins,
    /// `@username` (lower case) → user id, learned from what people post: mentions in commands
    /// and messages are resolved with it.
    pub usernames: DashMap<String, UserId>,
    /// The name last recorded per (chat, user), so `MemberSeen` is sent only when it changes.
    pub seen: DashMap<(i64, UserId), Option<String>>,
    /// Pending join requests' links per (chat, user): the later join is attributed to it when
    /// its `chat_member` update does not carry the link.
    pub join_requests: DashMap<(i64, UserId), TelegramLink>,
    /// People the bot could not write to privately (they never started it), and when: private
    /// replies go to the group for a while instead of failing every time.
    pub no_private_chat: DashMap<UserId, std::time::Instant>,
    /// Cancelled when snowball stops: ends waits for the database.
    pub stop: tokio_util::sync::CancellationToken,
}

impl Adapter {
    /// Queues the events of one update and settles it when they are committed.
    pub fn commit(&self, pending: Pending, key: &CommunityKey, at: Ts, events: Vec<(String, Event)>) {
        let mut acks: Vec<Ack> = Vec::with_capacity(events.len());
        for (source_id, event) in events {
            let kind = event.kind();
            match self.app.ingest.submit_acked(Envelope::new(key.clone(), source_id, at, event)) {
                Ok(ack) => {
                    self.app.metrics.event(kind);
                    acks.push(Box::pin(ack));
                }
                Err(e) => crate::telemetry::log_error_chain(
                    &format!("update {}: a {kind} event could not be queued", pending.id()),
                    &e,
                ),
            }
        }
        pending.after(acks);
    }

    /// A `MemberSeen` event when this person's name is new or changed here.
    pub fn seen_event(&self, chat: i64, user: &teloxide::types::User, update: u32) -> Option<(String, Event)> {
        let id = user.id.0 as UserId;
        if let Some(username) = &user.username {
            self.usernames.insert(username.to_lowercase(), id);
        }
        let name = Some(user.full_name()).filter(|n| !n.trim().is_empty());
        if self.seen.get(&(chat, id)).is_some_and(|known| *known == name) {
            return None;
        }
        self.seen.insert((chat, id), name.clone());
        Some((
            format!("upd:{update}:seen:{id}"),
            Event::MemberSeen { user: id, name, is_bot: user.is_bot, role: None, customer_role: false },
        ))
    }

    /// A `MemberSeen` that records a person's platform role (administrators are managers).
    pub fn role_event(&self, chat: i64, user: &teloxide::types::User, role: Role, update: u32) -> (String, Event) {
        let id = user.id.0 as UserId;
        let name = Some(user.full_name()).filter(|n| !n.trim().is_empty());
        self.seen.insert((chat, id), name.clone());
        (
            format!("upd:{update}:role:{id}"),
            Event::MemberSeen { user: id, name, is_bot: user.is_bot, role: Some(role), customer_role: false },
        )
    }

    /// The events that record a group's administrators as managers, the first time this process
    /// sees the group.
    pub async fn admins_on_first_sight(&self, chat: teloxide::types::ChatId, update: u32) -> Vec<(String, Event)> {
        match self.admins.first_sight(&self.bot, chat).await {
            Some(users) => users.iter().map(|u| self.role_event(chat.0, u, Role::Manager, update)).collect(),
            None => Vec::new(),
        }
    }

    /// The language to answer in: the person's, else the community's.
    pub async fn lang(&self, key: &CommunityKey, locale: Option<&str>) -> Lang {
        Lang::from_locale(locale, self.app.community_language(key).await)
    }
}
