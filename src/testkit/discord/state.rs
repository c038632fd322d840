//! The fake's mutable world, behind one lock. Nothing here awaits while the lock is held.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::Value;
use tokio::sync::{Notify, mpsc};

use super::records::{
    ClientPayload, DispatchRecord, IdentifyRecord, InviteInfo, RecordedMessage, RecordedRequest, RecordedResponse,
};
use super::spec::{ChannelSpec, FakeDiscordConfig, RoleSpec, UserSpec, permissions};

/// Discord's epoch (2015-01-01) in Unix milliseconds.
pub(crate) const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;

/// What the fake shares between the HTTP handlers, the gateway sessions and the test.
pub(crate) struct Shared {
    pub state: Mutex<State>,
    /// Woken on every change, so waiting helpers re-check their condition.
    pub changed: Notify,
    pub config: FakeDiscordConfig,
    pub http_base: String,
    pub gateway_url: String,
}

impl Shared {
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` on the state, then wakes the waiters.
    pub fn update<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        let out = f(&mut self.lock());
        self.changed.notify_waiters();
        out
    }
}

/// How long a disconnected session stays resumable.
pub(crate) const RESUME_WINDOW: Duration = Duration::from_secs(60);

/// A frame for a gateway connection's writer task.
#[derive(Debug)]
pub(crate) enum Outbound {
    Text(String),
    Close(u16, String),
}

pub(crate) struct Session {
    pub session_id: String,
    pub shard_id: u32,
    pub shard_total: u32,
    pub intents: u64,
    pub seq: u64,
    /// The live connection, `None` while disconnected.
    pub conn: Option<(u64, mpsc::UnboundedSender<Outbound>)>,
    /// When the connection went away; events keep being numbered and logged for a RESUME
    /// during [`RESUME_WINDOW`] after that, as Discord does.
    pub disconnected_at: Option<std::time::Instant>,
    pub ready: bool,
    /// Dispatches sent, kept for RESUME (bounded).
    pub log: Vec<(u64, String)>,
    pub heartbeats: u64,
    pub resumes: u32,
    pub guilds: Vec<u64>,
}

pub(crate) struct MemberState {
    pub user_id: u64,
    pub roles: Vec<u64>,
    pub nick: Option<String>,
    pub joined_at: DateTime<Utc>,
}

pub(crate) struct GuildState {
    pub id: u64,
    pub name: String,
    pub owner: u64,
    pub channels: Vec<ChannelSpec>,
    /// Includes @everyone (id = guild id) and the bot's managed role.
    pub roles: Vec<RoleSpec>,
    pub bot_role_id: u64,
    pub members: BTreeMap<u64, MemberState>,
    pub invites: BTreeMap<String, InviteInfo>,
    pub vanity: Option<(String, u64)>,
    pub joined_at: DateTime<Utc>,
}

impl GuildState {
    /// A member's guild-level permissions (owner and administrators get everything).
    pub fn member_permissions(&self, user_id: u64) -> u64 {
        if user_id == self.owner {
            return permissions::ALL;
        }
        let Some(member) = self.members.get(&user_id) else { return 0 };
        let mut perms = 0;
        for role in &self.roles {
            if role.id == self.id || member.roles.contains(&role.id) {
                perms |= role.permissions;
            }
        }
        if perms & permissions::ADMINISTRATOR != 0 { permissions::ALL } else { perms }
    }

    pub fn has_channel(&self, channel_id: u64) -> bool {
        self.channels.iter().any(|c| c.id == channel_id)
    }
}

pub(crate) struct InteractionState {
    pub guild_id: Option<u64>,
    pub channel_id: u64,
    pub user_id: u64,
    pub token: String,
    pub response: Option<RecordedResponse>,
}

/// An injected fault for one route.
#[derive(Clone, Debug)]
pub(crate) struct Fault {
    pub delay: Duration,
    pub fail: Option<(u16, Value)>,
    /// How many more requests it applies to (`None`: all).
    pub remaining: Option<u32>,
}

#[derive(Default)]
pub(crate) struct State {
    /// The bot's user id (= application id).
    pub bot_id: u64,
    pub next_id: u64,
    pub now: Option<DateTime<Utc>>,
    pub users: BTreeMap<u64, UserSpec>,
    pub guilds: BTreeMap<u64, GuildState>,
    /// user id → DM channel id.
    pub dm_channels: BTreeMap<u64, u64>,
    pub messages: BTreeMap<u64, Vec<RecordedMessage>>,
    pub interactions: HashMap<u64, InteractionState>,
    pub global_commands: Vec<Value>,
    pub guild_commands: BTreeMap<u64, Vec<Value>>,
    pub requests: Vec<RecordedRequest>,
    pub sessions: Vec<Session>,
    pub identifies: Vec<IdentifyRecord>,
    pub client_payloads: Vec<ClientPayload>,
    pub dispatched: Vec<DispatchRecord>,
    pub faults: HashMap<String, Fault>,
    pub next_conn: u64,
}

impl State {
    pub fn now(&self) -> DateTime<Utc> {
        self.now.unwrap_or_else(Utc::now)
    }

    /// A fresh snowflake: deterministic (a fixed base time plus one millisecond per id) and
    /// increasing, so ids sort in creation order.
    pub fn snowflake(&mut self) -> u64 {
        self.next_id += 1;
        let base_ms = 1_735_689_600_000 - DISCORD_EPOCH_MS; // 2025-01-01
        ((base_ms + self.next_id) << 22) | (self.next_id & 0xfff)
    }

    /// A fresh invite code (8 characters, deterministic).
    pub fn invite_code(&mut self) -> String {
        const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        self.next_id += 1;
        let mut n = self.next_id.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut code = String::from("fk");
        for _ in 0..6 {
            code.push(ALPHABET[(n % ALPHABET.len() as u64) as usize] as char);
            n /= ALPHABET.len() as u64;
        }
        code
    }

    pub fn user(&self, id: u64) -> UserSpec {
        self.users.get(&id).cloned().unwrap_or_else(|| UserSpec::from(id))
    }

    pub fn guild_of_channel(&self, channel_id: u64) -> Option<u64> {
        self.guilds.values().find(|g| g.has_channel(channel_id)).map(|g| g.id)
    }

    pub fn dm_user_of_channel(&self, channel_id: u64) -> Option<u64> {
        self.dm_channels.iter().find(|(_, c)| **c == channel_id).map(|(u, _)| *u)
    }

    pub fn find_invite(&self, code: &str) -> Option<&InviteInfo> {
        self.guilds.values().find_map(|g| g.invites.get(code))
    }

    pub fn message_mut(&mut self, channel_id: u64, message_id: u64) -> Option<&mut RecordedMessage> {
        self.messages.get_mut(&channel_id)?.iter_mut().find(|m| m.id == message_id)
    }

    pub fn find_message(&self, message_id: u64) -> Option<&RecordedMessage> {
        self.messages.values().flat_map(|v| v.iter()).find(|m| m.id == message_id)
    }

    pub fn interaction_by_token(&self, token: &str) -> Option<u64> {
        self.interactions.iter().find(|(_, i)| i.token == token).map(|(id, _)| *id)
    }
}

/// Timestamps as Discord writes them (`2025-01-01T00:00:00.000000+00:00`).
pub(crate) fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, false)
}
