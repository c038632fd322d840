//! What tests read and wait for.

use std::time::Duration;

use serde_json::Value;
use tokio::time::Instant;

use super::model::{BotStatus, CommandScope};
use super::records::{
    ApiCall, BotCommandSpec, CommandList, CreatedLink, DroppedUpdate, GetUpdatesCall, SentMessage, WaitTimeout,
};
use super::state::State;
use super::{FakeTelegram, json};

impl FakeTelegram {
    /// Wait until `check` returns `Some`, re-checking on every change of the fake's state.
    pub(crate) async fn wait_until<R>(
        &self,
        timeout: Duration,
        what: impl FnOnce() -> String,
        mut check: impl FnMut(&State) -> Option<R>,
    ) -> Result<R, WaitTimeout> {
        let deadline = Instant::now() + timeout;
        let mut changes = self.shared.changes.subscribe();
        loop {
            changes.borrow_and_update();
            if let Some(found) = self.shared.read(&mut check) {
                return Ok(found);
            }
            if tokio::time::timeout_at(deadline, changes.changed()).await.is_err() {
                return Err(WaitTimeout { waited: timeout, what: what() });
            }
        }
    }

    // ---- updates and confirmation ----

    /// Updates queued and not yet confirmed (delivered or not), as the JSON `getUpdates` returns.
    pub fn pending_updates(&self) -> Vec<Value> {
        self.shared.read(|st| st.queue.iter().map(|u| u.to_json()).collect())
    }

    pub fn pending_update_ids(&self) -> Vec<i64> {
        self.shared.read(|st| st.queue.iter().map(|u| u.id).collect())
    }

    /// The highest `offset` any `getUpdates` carried (0 before any): updates with a smaller id
    /// are confirmed.
    pub fn confirmed_offset(&self) -> i64 {
        self.shared.read(|st| st.confirmed_offset)
    }

    pub fn is_confirmed(&self, update_id: i64) -> bool {
        self.confirmed_offset() > update_id
    }

    /// Wait until a `getUpdates` confirmed `update_id` (sent an offset above it).
    pub async fn wait_for_confirmation(&self, update_id: i64, timeout: Duration) -> Result<(), WaitTimeout> {
        self.wait_until(
            timeout,
            || format!("confirmation of update {update_id}"),
            |st| (st.confirmed_offset > update_id).then_some(()),
        )
        .await
    }

    /// How many `getUpdates` answers carried this update.
    pub fn delivery_count(&self, update_id: i64) -> u32 {
        self.shared.read(|st| st.deliveries.get(&update_id).copied().unwrap_or(0))
    }

    /// Wait until a `getUpdates` answer carried `update_id`.
    pub async fn wait_for_delivery(&self, update_id: i64, timeout: Duration) -> Result<(), WaitTimeout> {
        self.wait_until(
            timeout,
            || format!("delivery of update {update_id}"),
            |st| st.deliveries.contains_key(&update_id).then_some(()),
        )
        .await
    }

    /// Every `getUpdates` call that finished, in order.
    pub fn get_updates_calls(&self) -> Vec<GetUpdatesCall> {
        self.shared.read(|st| st.polls.clone())
    }

    /// The `allowed_updates` setting in force (`None`: never set).
    pub fn allowed_updates(&self) -> Option<Vec<String>> {
        self.shared.read(|st| st.allowed_updates.clone())
    }

    /// How many `getUpdates` are being held open right now.
    pub fn parked_polls(&self) -> usize {
        self.shared.read(|st| st.parked_polls)
    }

    /// Wait until a `getUpdates` is held open (the bot is idle and polling).
    pub async fn wait_for_parked_poll(&self, timeout: Duration) -> Result<(), WaitTimeout> {
        self.wait_until(timeout, || "a parked getUpdates".to_owned(), |st| (st.parked_polls > 0).then_some(())).await
    }

    /// Updates Telegram would not have delivered, with the reason.
    pub fn dropped_updates(&self) -> Vec<DroppedUpdate> {
        self.shared.read(|st| st.dropped.clone())
    }

    // ---- what the bot did ----

    /// Messages the bot sent to `chat_id`, in order.
    pub fn sent_messages(&self, chat_id: i64) -> Vec<SentMessage> {
        self.shared.read(|st| st.sent.iter().filter(|m| m.chat_id == chat_id).cloned().collect())
    }

    pub fn all_sent_messages(&self) -> Vec<SentMessage> {
        self.shared.read(|st| st.sent.clone())
    }

    /// Wait for a message (already sent or sent later) in `chat_id` matching `predicate`.
    pub async fn wait_for_message(
        &self,
        chat_id: i64,
        predicate: impl Fn(&SentMessage) -> bool,
        timeout: Duration,
    ) -> Result<SentMessage, WaitTimeout> {
        self.wait_until(
            timeout,
            || format!("a matching message in chat {chat_id}"),
            |st| st.sent.iter().find(|m| m.chat_id == chat_id && predicate(m)).cloned(),
        )
        .await
    }

    /// Calls of `method` (case-insensitive: `sendMessage` matches `SendMessage`), in order.
    pub fn calls(&self, method: &str) -> Vec<ApiCall> {
        self.shared.read(|st| st.calls.iter().filter(|c| c.is(method)).cloned().collect())
    }

    pub fn all_calls(&self) -> Vec<ApiCall> {
        self.shared.read(|st| st.calls.clone())
    }

    /// Wait until `method` has been called at least `count` times; returns those calls.
    pub async fn wait_for_calls(
        &self,
        method: &str,
        count: usize,
        timeout: Duration,
    ) -> Result<Vec<ApiCall>, WaitTimeout> {
        self.wait_until(
            timeout,
            || format!("{count} call(s) of {method}"),
            |st| {
                let found: Vec<ApiCall> = st.calls.iter().filter(|c| c.is(method)).cloned().collect();
                (found.len() >= count).then_some(found)
            },
        )
        .await
    }

    /// Names of the methods the fake does not implement that were called.
    pub fn unknown_methods(&self) -> Vec<String> {
        self.shared.read(|st| {
            st.calls
                .iter()
                .filter(|c| c.response.as_ref().is_err_and(|e| e.description.contains("is not implemented")))
                .map(|c| c.method.clone())
                .collect()
        })
    }

    /// Invite links the bot created, in their current state.
    pub fn created_links(&self) -> Vec<CreatedLink> {
        self.shared.read(|st| {
            st.links
                .iter()
                .map(|l| CreatedLink {
                    chat_id: l.chat_id,
                    invite_link: l.invite_link.clone(),
                    name: l.name.clone(),
                    creates_join_request: l.creates_join_request,
                    expire_date: l.expire_date,
                    member_limit: l.member_limit,
                    is_revoked: l.is_revoked,
                    joined: l.joined,
                    created_at: l.created_at,
                })
                .collect()
        })
    }

    /// The commands set for exactly this scope and language (`getMyCommands` semantics).
    pub fn commands(&self, scope: &CommandScope, language_code: Option<&str>) -> Option<Vec<BotCommandSpec>> {
        let key = (scope.clone(), language_code.map(str::to_owned));
        self.shared.read(|st| st.commands.get(&key).cloned())
    }

    /// Every command list currently set.
    pub fn command_lists(&self) -> Vec<CommandList> {
        self.shared.read(|st| {
            st.commands
                .iter()
                .map(|((scope, language_code), commands)| CommandList {
                    scope: scope.clone(),
                    language_code: language_code.clone(),
                    commands: commands.clone(),
                })
                .collect()
        })
    }

    // ---- the fake world ----

    /// The bot's membership in a chat.
    pub fn bot_status(&self, chat_id: i64) -> BotStatus {
        self.shared.read(|st| st.chat(chat_id).bot_status)
    }

    /// A member's `ChatMember` JSON as `getChatMember` would answer (`None`: never seen).
    pub fn member(&self, chat_id: i64, user_id: i64) -> Option<Value> {
        self.shared.read(|st| st.chat(chat_id).member_json(user_id, &st.config.bot))
    }

    /// Users with a pending join request in the chat.
    pub fn pending_join_requests(&self, chat_id: i64) -> Vec<i64> {
        self.shared.read(|st| st.chat(chat_id).join_requests.keys().copied().collect())
    }

    /// A message of the chat (a user's or the bot's) as rendered in updates.
    pub fn chat_message(&self, chat_id: i64, message_id: i32) -> Option<Value> {
        self.shared.read(|st| st.chat(chat_id).messages.get(&message_id).cloned())
    }

    /// The chat as the `chat` field of updates renders it.
    pub fn chat_json(&self, chat_id: i64) -> Value {
        self.shared.read(|st| json::chat(st.chat(chat_id)))
    }

    /// Forget recorded calls, polls, sent messages and dropped updates (long benchmarks).
    pub fn clear_records(&self) {
        self.shared.write(|st| {
            st.calls.clear();
            st.polls.clear();
            st.sent.clear();
            st.dropped.clear();
        });
    }
}
