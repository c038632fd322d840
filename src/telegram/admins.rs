//! Who manages a group: its administrators (`getChatAdministrators`, cached for
//! `telegram.admin_cache_secs`) and anonymous admins, who post as `GroupAnonymousBot` with the
//! group as `sender_chat`.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use dashmap::DashMap;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::{Message, User};

/// The user Telegram shows as the author of anonymous admins' messages.
pub const GROUP_ANONYMOUS_BOT: u64 = 1_087_968_824;

pub struct Admins {
    ttl: Duration,
    chats: DashMap<i64, (Instant, Arc<HashSet<u64>>)>,
    /// Groups whose administrators were recorded as managers in this process.
    recorded: DashMap<i64, ()>,
}

impl Admins {
    pub fn new(ttl: Duration) -> Self {
        Self { ttl, chats: DashMap::new(), recorded: DashMap::new() }
    }

    /// The group's administrators (bots left out) the first time this process sees the group,
    /// so their role can be recorded; `None` afterwards, or when Telegram cannot be asked (then
    /// the next update tries again).
    pub async fn first_sight(&self, bot: &Bot, chat: ChatId) -> Option<Vec<User>> {
        if self.recorded.insert(chat.0, ()).is_some() {
            return None;
        }
        match bot.get_chat_administrators(chat).await {
            Ok(list) => {
                let ids = Arc::new(list.iter().map(|m| m.user.id.0).collect());
                self.chats.insert(chat.0, (Instant::now(), ids));
                Some(list.into_iter().map(|m| m.user).filter(|u| !u.is_bot).collect())
            }
            Err(e) => {
                self.recorded.remove(&chat.0);
                tracing::warn!(error = %super::bot::describe(&e), "could not read the group's administrators");
                None
            }
        }
    }

    /// The administrators of `chat` (owner included), from the cache while it is fresh.
    pub async fn of(&self, bot: &Bot, chat: ChatId) -> Result<Arc<HashSet<u64>>, RequestError> {
        if let Some(entry) = self.chats.get(&chat.0)
            && entry.0.elapsed() < self.ttl
        {
            return Ok(entry.1.clone());
        }
        let list = bot.get_chat_administrators(chat).await?;
        let ids: Arc<HashSet<u64>> = Arc::new(list.iter().map(|m| m.user.id.0).collect());
        self.chats.insert(chat.0, (Instant::now(), ids.clone()));
        Ok(ids)
    }

    /// Forget a chat's list (someone was promoted or demoted).
    pub fn forget(&self, chat: ChatId) {
        self.chats.remove(&chat.0);
    }

    /// Whether the author of `msg` manages its group. Fails closed: when Telegram cannot be
    /// asked, the answer is no (and the log says why).
    pub async fn manages(&self, bot: &Bot, msg: &Message) -> bool {
        if is_anonymous_admin(msg) {
            return true;
        }
        let Some(user) = msg.from.as_ref() else { return false };
        match self.of(bot, msg.chat.id).await {
            Ok(ids) => ids.contains(&user.id.0),
            Err(e) => {
                crate::telemetry::log_error_chain("could not read the group's administrators", &e);
                false
            }
        }
    }
}

/// A message of an anonymous admin: `GroupAnonymousBot` posting as the group itself.
pub fn is_anonymous_admin(msg: &Message) -> bool {
    msg.from.as_ref().is_some_and(|u| u.id.0 == GROUP_ANONYMOUS_BOT)
        && msg.sender_chat.as_ref().is_some_and(|c| c.id == msg.chat.id)
}
