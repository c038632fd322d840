//! What the fake recorded, for tests to assert on.

use std::time::Duration;

use serde_json::Value;

use super::model::CommandScope;

/// One Bot API request, with what the fake answered.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiCall {
    /// Order of arrival, from 0.
    pub seq: u64,
    /// The method name as received (teloxide sends PascalCase, e.g. `SendMessage`).
    pub method: String,
    /// The parameters as a JSON object. Multipart text fields stay strings.
    pub params: Value,
    /// Files uploaded in a multipart request.
    pub files: Vec<UploadedFile>,
    /// `Ok(result)` or the error answered. For `getUpdates` the result is the array of update ids.
    pub response: Result<Value, CallError>,
}

impl ApiCall {
    /// Whether this call is for `method`, compared case-insensitively (`sendMessage` == `SendMessage`).
    pub fn is(&self, method: &str) -> bool {
        self.method.eq_ignore_ascii_case(method)
    }
}

/// An error answer: HTTP status, `error_code` and `description`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallError {
    pub code: u16,
    pub description: String,
}

/// A file part of a multipart request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedFile {
    /// The multipart field name (teloxide uses a random id and refers to it as `attach://id`).
    pub field: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// What a `sendPhoto`/`sendDocument` carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SentFile {
    /// Uploaded bytes.
    Upload(UploadedFile),
    /// A `file_id` or URL sent as a plain string.
    Reference(String),
}

impl SentFile {
    pub fn file_name(&self) -> Option<&str> {
        match self {
            SentFile::Upload(file) => file.file_name.as_deref(),
            SentFile::Reference(_) => None,
        }
    }

    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            SentFile::Upload(file) => Some(&file.bytes),
            SentFile::Reference(_) => None,
        }
    }
}

/// The kind of message the bot sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentKind {
    Text,
    Photo,
    Document,
}

/// A message the bot sent (successfully).
#[derive(Debug, Clone, PartialEq)]
pub struct SentMessage {
    pub chat_id: i64,
    pub message_id: i32,
    pub kind: SentKind,
    /// The text (or caption) exactly as sent, markup included.
    pub text: Option<String>,
    /// The text after parse-mode processing (tags removed, HTML entities decoded).
    pub plain_text: Option<String>,
    /// `HTML`, `MarkdownV2`, `Markdown` or `None`.
    pub parse_mode: Option<String>,
    /// The message entities of the answered `Message` (from HTML parsing or given explicitly).
    pub entities: Vec<Value>,
    /// `reply_parameters` as sent.
    pub reply_parameters: Option<Value>,
    /// The message replied to, when it exists.
    pub reply_to_message_id: Option<i32>,
    pub message_thread_id: Option<i32>,
    pub reply_markup: Option<Value>,
    pub file: Option<SentFile>,
    pub date: i64,
}

/// What a `getUpdates` call ended with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollOutcome {
    /// Answered these update ids (possibly none, after the timeout).
    Delivered(Vec<i64>),
    /// Terminated by a newer `getUpdates` (HTTP 409 Conflict).
    Conflict,
    /// Rejected (bad parameters).
    Rejected(String),
}

/// One `getUpdates` call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetUpdatesCall {
    pub offset: Option<i64>,
    pub limit: Option<i64>,
    pub timeout: Option<i64>,
    /// As sent; `None` when the call did not carry the parameter (teloxide sends it only on its
    /// first call; Telegram keeps the previous setting).
    pub allowed_updates: Option<Vec<String>>,
    pub outcome: PollOutcome,
}

/// Why the fake did not deliver an update, as Telegram would not have either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropReason {
    /// `chat_member`, `chat_join_request` and `message_reaction` need the bot to be an admin.
    BotNotAdmin,
    /// The bot is not in the chat (left or kicked).
    BotNotMember,
    /// Privacy mode: a non-admin bot only sees commands, replies to itself and service messages.
    PrivacyMode,
    /// The update type is not in the `allowed_updates` in force when it was due for delivery.
    NotAllowed,
}

/// An update the fake did not deliver.
#[derive(Debug, Clone, PartialEq)]
pub struct DroppedUpdate {
    /// Set when the update was already queued (dropped at delivery by `allowed_updates`).
    pub update_id: Option<i64>,
    /// `message`, `chat_member`, ...
    pub kind: String,
    pub chat_id: Option<i64>,
    pub reason: DropReason,
    pub payload: Value,
}

/// An invite link the bot created, in its current state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedLink {
    pub chat_id: i64,
    pub invite_link: String,
    pub name: Option<String>,
    pub creates_join_request: bool,
    pub expire_date: Option<i64>,
    pub member_limit: Option<i64>,
    pub is_revoked: bool,
    /// Members who joined through it (as pushed by the test).
    pub joined: u32,
    pub created_at: i64,
}

/// A bot command as set with `setMyCommands`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotCommandSpec {
    pub command: String,
    pub description: String,
}

/// The commands currently set for one scope and language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandList {
    pub scope: CommandScope,
    pub language_code: Option<String>,
    pub commands: Vec<BotCommandSpec>,
}

/// A wait helper gave up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("fake Telegram: gave up after {waited:?} waiting for {what}")]
pub struct WaitTimeout {
    pub waited: Duration,
    pub what: String,
}
