//! What the fake saw and did, as plain data for tests to assert on.

use chrono::{DateTime, Utc};
use serde_json::Value;

/// One REST request the client made.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    /// Order of arrival, from 0.
    pub seq: u64,
    pub method: String,
    /// `"<METHOD> <route template>"` without the `/api/v10` prefix, e.g.
    /// `"GET /guilds/{guild_id}/invites"` (see [`routes`](super::routes)); for a route the fake
    /// does not know: `"<METHOD> <path>"`, and [`known`](Self::known) is false.
    pub route: String,
    /// The path as sent, e.g. `/api/v10/guilds/123/invites`.
    pub path: String,
    pub query: Option<String>,
    /// The JSON body (for multipart requests: the `payload_json` part).
    pub json: Option<Value>,
    pub multipart: bool,
    pub known: bool,
    /// The HTTP status the fake answered with.
    pub status: u16,
}

/// A file attached to a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedAttachment {
    pub id: u64,
    pub filename: String,
    pub content_type: Option<String>,
    pub data: Vec<u8>,
}

/// A message in a channel: posted by the bot over REST (or as an interaction response) or by
/// the test through [`FakeDiscord::post_message`](super::FakeDiscord::post_message).
#[derive(Clone, Debug)]
pub struct RecordedMessage {
    pub id: u64,
    pub channel_id: u64,
    pub guild_id: Option<u64>,
    pub author_id: u64,
    pub content: String,
    pub embeds: Vec<Value>,
    pub attachments: Vec<RecordedAttachment>,
    pub components: Vec<Value>,
    pub flags: u64,
    /// The message this one replies to (`message_reference.message_id`).
    pub reply_to: Option<u64>,
    /// Users mentioned (for test-posted messages: as given; for bot messages: parsed `<@id>`).
    pub mentions: Vec<u64>,
    /// The interaction this message answers, if any.
    pub interaction_id: Option<u64>,
    pub timestamp: DateTime<Utc>,
    pub edits: u32,
    pub deleted: bool,
    /// Emoji the bot reacted with (`PUT …/reactions/{emoji}/@me`), unicode or `name:id`.
    pub bot_reactions: Vec<String>,
    /// The last raw JSON payload the client sent for it (`Value::Null` for test-posted ones).
    pub payload: Value,
}

impl RecordedMessage {
    /// Flag 64: only the invoking user sees it.
    pub fn is_ephemeral(&self) -> bool {
        self.flags & 64 != 0
    }

    /// The embeds' titles, in order (missing titles are skipped).
    pub fn embed_titles(&self) -> Vec<String> {
        self.embeds.iter().filter_map(|e| e.get("title").and_then(Value::as_str).map(str::to_owned)).collect()
    }
}

/// The kind of the first answer to an interaction (`type` of the callback).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallbackKind {
    Pong,
    /// 4: a message.
    Message,
    /// 5: "thinking…", a follow-up or an edit of the original comes later.
    Deferred,
    /// 6: deferred update of a component message.
    DeferredUpdate,
    /// 7: update of a component message.
    UpdateMessage,
    /// 8: autocomplete choices.
    Autocomplete,
    /// 9: a modal.
    Modal,
    Other(u64),
}

impl CallbackKind {
    pub(crate) fn from_number(n: u64) -> Self {
        match n {
            1 => Self::Pong,
            4 => Self::Message,
            5 => Self::Deferred,
            6 => Self::DeferredUpdate,
            7 => Self::UpdateMessage,
            8 => Self::Autocomplete,
            9 => Self::Modal,
            other => Self::Other(other),
        }
    }
}

/// Everything the bot answered to one interaction.
#[derive(Clone, Debug)]
pub struct RecordedResponse {
    pub interaction_id: u64,
    pub kind: CallbackKind,
    pub deferred: bool,
    /// Whether the first answer (message or deferral) was ephemeral.
    pub ephemeral: bool,
    /// The original response message, after any `PATCH …/messages/@original` edits
    /// (for a deferral: empty until edited).
    pub original: Option<RecordedMessage>,
    /// Follow-up messages (`POST /webhooks/{app}/{token}`), in order, after edits.
    pub followups: Vec<RecordedMessage>,
    /// The raw callback body.
    pub callback: Value,
}

impl RecordedResponse {
    /// The visible text: the original's content if not empty, else the first follow-up's.
    pub fn content(&self) -> String {
        if let Some(original) = &self.original
            && !original.content.is_empty()
        {
            return original.content.clone();
        }
        self.followups.first().map(|m| m.content.clone()).unwrap_or_default()
    }

    /// All embeds of the original and the follow-ups, in order.
    pub fn embeds(&self) -> Vec<Value> {
        self.original.iter().chain(&self.followups).flat_map(|m| m.embeds.clone()).collect()
    }

    /// Whether the bot said something visible yet (a message, an edit of a deferral, or a
    /// follow-up).
    pub fn is_complete(&self) -> bool {
        match self.kind {
            CallbackKind::Deferred | CallbackKind::DeferredUpdate => {
                self.original.as_ref().is_some_and(|o| o.edits > 0) || !self.followups.is_empty()
            }
            _ => true,
        }
    }
}

/// One IDENTIFY the gateway received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentifyRecord {
    pub shard_id: u32,
    pub shard_total: u32,
    pub intents: u64,
    pub token_ok: bool,
    pub compress: bool,
    pub large_threshold: Option<u64>,
    /// The close code the fake answered with, when it refused the IDENTIFY.
    pub refused_with: Option<u16>,
}

/// A gateway session (one per identified shard; a resumed session keeps its record).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardStatus {
    pub session_id: String,
    pub shard_id: u32,
    pub shard_total: u32,
    pub intents: u64,
    /// Connected now.
    pub connected: bool,
    /// READY and every GUILD_CREATE were sent.
    pub ready: bool,
    /// Last sequence number sent.
    pub seq: u64,
    pub heartbeats: u64,
    pub resumes: u32,
    /// Guilds announced to this session.
    pub guilds: Vec<u64>,
}

/// One dispatch (op 0) the gateway sent.
#[derive(Clone, Debug)]
pub struct DispatchRecord {
    pub session_id: String,
    pub shard_id: u32,
    pub seq: u64,
    pub event: String,
    pub data: Value,
}

/// One non-heartbeat payload a client sent on the gateway (identify, presence, member requests…).
#[derive(Clone, Debug)]
pub struct ClientPayload {
    pub shard_id: Option<u32>,
    pub op: u64,
    pub data: Value,
}

/// An invite as the fake holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InviteInfo {
    pub code: String,
    pub guild_id: u64,
    pub channel_id: u64,
    pub inviter: Option<u64>,
    pub uses: u64,
    /// 0 = unlimited.
    pub max_uses: u64,
    /// Seconds, 0 = never expires.
    pub max_age: u64,
    pub temporary: bool,
    pub created_at: DateTime<Utc>,
}

/// A member as the fake holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberInfo {
    pub user: super::UserSpec,
    pub roles: Vec<u64>,
    pub nick: Option<String>,
    pub joined_at: DateTime<Utc>,
}

/// What [`FakeDiscord::member_join`](super::FakeDiscord::member_join) did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinOutcome {
    pub user_id: u64,
    /// The invite's uses after the join (vanity uses for the vanity code).
    pub uses_after: Option<u64>,
    /// The invite hit `max_uses` and was deleted.
    pub invite_deleted: bool,
    /// How many gateway sessions got the GUILD_MEMBER_ADD (0 when the bot is offline or lacks
    /// the GUILD_MEMBERS intent).
    pub delivered: usize,
}
