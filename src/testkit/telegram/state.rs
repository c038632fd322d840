//! The fake's world and bookkeeping, behind one mutex. Nothing here awaits.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::time::Duration;

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

use super::json;
use super::model::{AdminSpec, BotStatus, ChatKind, ChatSpec, CommandScope, FakeUser};
use super::records::{ApiCall, BotCommandSpec, DropReason, DroppedUpdate, GetUpdatesCall, SentMessage};

/// Update types Telegram sends when `allowed_updates` was never set or set to `[]`.
const NOT_BY_DEFAULT: [&str; 3] = ["chat_member", "message_reaction", "message_reaction_count"];

pub(crate) struct Config {
    pub token: String,
    pub bot: FakeUser,
    pub max_poll_wait: Duration,
    pub privacy_mode: bool,
    /// Messages kept per chat (for replies, edits, reactions); older ones are forgotten.
    pub message_history: usize,
}

pub(crate) struct StoredUpdate {
    pub id: i64,
    pub kind: String,
    pub chat_id: Option<i64>,
    pub payload: Value,
}

impl StoredUpdate {
    pub fn to_json(&self) -> Value {
        let mut v = json!({ "update_id": self.id });
        v[self.kind.as_str()] = self.payload.clone();
        v
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MemberStatus {
    Member,
    Left,
    Kicked,
}

pub(crate) struct MemberState {
    pub user: FakeUser,
    pub status: MemberStatus,
}

pub(crate) struct JoinRequest {
    pub user: FakeUser,
    /// The `invite_link` JSON the request carried.
    pub link: Option<Value>,
}

pub(crate) struct ChatState {
    pub id: i64,
    pub title: String,
    pub kind: ChatKind,
    pub username: Option<String>,
    pub admins: Vec<AdminSpec>,
    pub bot_status: BotStatus,
    pub members: BTreeMap<i64, MemberState>,
    pub next_message_id: i32,
    /// Every message in the chat (the users' and the bot's), as rendered.
    pub messages: BTreeMap<i32, Value>,
    /// Forum topics by thread id (= the id of the `forum_topic_created` message).
    pub topics: BTreeSet<i32>,
    /// Current reactions by (message id, actor id).
    pub reactions: HashMap<(i32, i64), Vec<String>>,
    pub join_requests: BTreeMap<i64, JoinRequest>,
    pub join_service_messages: bool,
}

impl ChatState {
    pub fn from_spec(spec: ChatSpec) -> Self {
        let members = spec
            .members
            .into_iter()
            .map(|user| (user.id, MemberState { user, status: MemberStatus::Member }))
            .collect();
        Self {
            id: spec.id,
            title: spec.title,
            kind: spec.kind,
            username: spec.username,
            admins: spec.admins,
            bot_status: if spec.bot_is_admin { BotStatus::Administrator } else { BotStatus::Member },
            members,
            next_message_id: 1,
            messages: BTreeMap::new(),
            topics: BTreeSet::new(),
            reactions: HashMap::new(),
            join_requests: BTreeMap::new(),
            join_service_messages: spec.join_service_messages,
        }
    }

    pub fn bot_present(&self) -> bool {
        matches!(self.bot_status, BotStatus::Administrator | BotStatus::Member)
    }

    pub fn bot_is_admin(&self) -> bool {
        self.bot_status == BotStatus::Administrator
    }

    pub fn take_message_id(&mut self) -> i32 {
        let id = self.next_message_id;
        self.next_message_id += 1;
        id
    }

    pub fn admin(&self, user_id: i64) -> Option<&AdminSpec> {
        self.admins.iter().find(|a| a.user.id == user_id)
    }

    /// The `ChatMember` JSON of a user, or `None` when the fake never saw them.
    pub fn member_json(&self, user_id: i64, bot: &FakeUser) -> Option<Value> {
        if user_id == bot.id {
            return Some(json::bot_member(bot, self.bot_status));
        }
        if let Some(a) = self.admin(user_id) {
            let title = a.custom_title.as_deref();
            return Some(if a.is_owner {
                json::owner(&a.user, a.is_anonymous, title)
            } else {
                json::administrator(&a.user, a.is_anonymous, title, false)
            });
        }
        self.members.get(&user_id).map(|m| json::plain_member(&m.user, m.status))
    }

    pub fn member_count(&self) -> usize {
        let plain = self.members.values().filter(|m| m.status == MemberStatus::Member).count();
        let admins = self.admins.iter().filter(|a| !self.members.contains_key(&a.user.id)).count();
        plain + admins + usize::from(self.bot_present())
    }
}

pub(crate) struct LinkState {
    pub chat_id: i64,
    pub invite_link: String,
    pub name: Option<String>,
    pub creates_join_request: bool,
    pub expire_date: Option<i64>,
    pub member_limit: Option<i64>,
    pub is_revoked: bool,
    pub joined: u32,
    pub created_at: i64,
}

/// Which rule decides whether Telegram would deliver an update at all.
pub(crate) enum Gate {
    /// Delivered whenever the bot is in the chat (or the update has no chat).
    Present,
    /// Needs the bot to be an administrator (`chat_member`, `chat_join_request`, `message_reaction`).
    Admin,
    /// A message: privacy mode applies when the bot is not an administrator.
    Message { visible_in_privacy_mode: bool },
    /// Always delivered (`my_chat_member`).
    Always,
}

pub(crate) struct State {
    pub config: Config,
    pub clock: i64,
    pub next_update_id: i64,
    pub queue: VecDeque<StoredUpdate>,
    pub confirmed_offset: i64,
    pub deliveries: HashMap<i64, u32>,
    pub allowed_updates: Option<Vec<String>>,
    pub poll_generation: u64,
    pub parked_polls: usize,
    pub shutting_down: bool,
    pub chats: BTreeMap<i64, ChatState>,
    /// Old group id -> new supergroup id.
    pub migrated: HashMap<i64, i64>,
    pub links: Vec<LinkState>,
    pub rng: ChaCha8Rng,
    pub next_call_seq: u64,
    pub next_callback_id: u64,
    pub calls: Vec<ApiCall>,
    pub polls: Vec<GetUpdatesCall>,
    pub sent: Vec<SentMessage>,
    pub dropped: Vec<DroppedUpdate>,
    pub commands: BTreeMap<(CommandScope, Option<String>), Vec<BotCommandSpec>>,
}

impl State {
    pub fn new(config: Config, rng: ChaCha8Rng, first_update_id: i64, clock: i64) -> Self {
        Self {
            config,
            clock,
            next_update_id: first_update_id,
            queue: VecDeque::new(),
            confirmed_offset: 0,
            deliveries: HashMap::new(),
            allowed_updates: None,
            poll_generation: 0,
            parked_polls: 0,
            shutting_down: false,
            chats: BTreeMap::new(),
            migrated: HashMap::new(),
            links: Vec::new(),
            rng,
            next_call_seq: 0,
            next_callback_id: 1,
            calls: Vec::new(),
            polls: Vec::new(),
            sent: Vec::new(),
            dropped: Vec::new(),
            commands: BTreeMap::new(),
        }
    }

    pub fn chat(&self, chat_id: i64) -> &ChatState {
        self.chats.get(&chat_id).unwrap_or_else(|| panic!("fake Telegram: no chat {chat_id} (add_chat first)"))
    }

    pub fn chat_mut(&mut self, chat_id: i64) -> &mut ChatState {
        self.chats.get_mut(&chat_id).unwrap_or_else(|| panic!("fake Telegram: no chat {chat_id} (add_chat first)"))
    }

    /// Queue an update unless Telegram would not have created it; returns its id.
    pub fn push_update(&mut self, kind: &str, chat_id: Option<i64>, payload: Value, gate: Gate) -> Option<i64> {
        if let Some(reason) = self.gate_reason(chat_id, &gate) {
            self.dropped.push(DroppedUpdate { update_id: None, kind: kind.to_owned(), chat_id, reason, payload });
            return None;
        }
        let id = self.next_update_id;
        self.next_update_id += 1;
        self.queue.push_back(StoredUpdate { id, kind: kind.to_owned(), chat_id, payload });
        Some(id)
    }

    fn gate_reason(&self, chat_id: Option<i64>, gate: &Gate) -> Option<DropReason> {
        if matches!(gate, Gate::Always) {
            return None;
        }
        let chat = chat_id.and_then(|id| self.chats.get(&id))?;
        if !chat.bot_present() {
            return Some(DropReason::BotNotMember);
        }
        match gate {
            Gate::Admin if !chat.bot_is_admin() => Some(DropReason::BotNotAdmin),
            Gate::Message { visible_in_privacy_mode: false } if self.config.privacy_mode && !chat.bot_is_admin() => {
                Some(DropReason::PrivacyMode)
            }
            _ => None,
        }
    }

    pub fn is_allowed(&self, kind: &str) -> bool {
        match &self.allowed_updates {
            Some(list) if !list.is_empty() => list.iter().any(|k| k == kind),
            _ => !NOT_BY_DEFAULT.contains(&kind),
        }
    }

    /// Forget updates confirmed by `offset`, as Telegram does on every `getUpdates`.
    pub fn apply_offset(&mut self, offset: i64) {
        if offset > 0 {
            while self.queue.front().is_some_and(|u| u.id < offset) {
                self.queue.pop_front();
            }
            self.confirmed_offset = self.confirmed_offset.max(offset);
        } else if offset < 0 {
            let keep = usize::try_from(offset.unsigned_abs()).unwrap_or(usize::MAX);
            while self.queue.len() > keep {
                self.queue.pop_front();
            }
            let first_kept = self.queue.front().map_or(self.next_update_id, |u| u.id);
            self.confirmed_offset = self.confirmed_offset.max(first_kept);
        }
    }

    /// Up to `limit` deliverable updates from the front of the queue (they stay queued until
    /// confirmed). Updates met on the way that the current `allowed_updates` excludes are
    /// dropped from the queue and recorded. Only the front is examined: cheap for long queues.
    pub fn take_batch(&mut self, limit: usize) -> Vec<Value> {
        let mut batch = Vec::new();
        let mut i = 0;
        while batch.len() < limit && i < self.queue.len() {
            if self.is_allowed(&self.queue[i].kind) {
                let u = &self.queue[i];
                batch.push(u.to_json());
                *self.deliveries.entry(u.id).or_default() += 1;
                i += 1;
            } else if let Some(u) = self.queue.remove(i) {
                self.dropped.push(DroppedUpdate {
                    update_id: Some(u.id),
                    kind: u.kind,
                    chat_id: u.chat_id,
                    reason: DropReason::NotAllowed,
                    payload: u.payload,
                });
            }
        }
        batch
    }

    /// A new invite link hash: 16 characters from the seeded generator.
    pub fn new_link_text(&mut self) -> String {
        let hash: String = (0..16).map(|_| json::LINK_ALPHABET[self.rng.random_range(0..64)] as char).collect();
        format!("https://t.me/+{hash}")
    }

    /// A user the fake knows from any chat (admins, members, join requests) or the bot itself.
    pub fn find_user(&self, user_id: i64) -> Option<FakeUser> {
        if user_id == self.config.bot.id {
            return Some(self.config.bot.clone());
        }
        self.chats.values().find_map(|c| {
            c.admin(user_id)
                .map(|a| a.user.clone())
                .or_else(|| c.members.get(&user_id).map(|m| m.user.clone()))
                .or_else(|| c.join_requests.get(&user_id).map(|r| r.user.clone()))
        })
    }

    /// Resolve a `chat_id` parameter (number, numeric string or `@username`), following migrations.
    pub fn resolve_chat(&self, raw: &Value) -> Result<i64, ResolveError> {
        let id = match raw {
            Value::Number(n) => n.as_i64(),
            Value::String(s) if s.starts_with('@') => {
                let name = &s[1..];
                self.chats.values().find(|c| c.username.as_deref() == Some(name)).map(|c| c.id)
            }
            Value::String(s) => s.parse().ok(),
            _ => None,
        }
        .ok_or(ResolveError::NotFound)?;
        if let Some(to) = self.migrated.get(&id) {
            return Err(ResolveError::Migrated(*to));
        }
        if self.chats.contains_key(&id) { Ok(id) } else { Err(ResolveError::NotFound) }
    }
}

pub(crate) enum ResolveError {
    NotFound,
    Migrated(i64),
}
