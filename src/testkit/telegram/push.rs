//! Test-facing pushes: chats, messages, edits, topics, reactions, migrations, callback queries.
//! These are synchronous; a parked `getUpdates` is woken at once.

use serde_json::{Value, json};

use super::entities::{auto_entities, entity, sort, utf16_span};
use super::model::{ChatSpec, FakeUser, Pushed, Sender};
use super::state::{ChatState, Gate};
use super::world::{self, Draft, DraftError, create_message, replies_to_bot};
use super::{FakeTelegram, json};

/// A user message being built; [`MessageBuilder::push`] queues it as a `message` update.
#[must_use = "a MessageBuilder does nothing until .push()"]
pub struct MessageBuilder<'a> {
    fake: &'a FakeTelegram,
    chat_id: i64,
    sender: Sender,
    text: String,
    reply_to: Option<i32>,
    thread: Option<i32>,
    explicit: Vec<(String, Value)>,
    auto_entities: bool,
    signature: Option<String>,
}

impl MessageBuilder<'_> {
    /// Reply to a message of the chat (it must exist: pushed or sent by the bot).
    pub fn reply_to(mut self, message_id: i32) -> Self {
        self.reply_to = Some(message_id);
        self
    }

    /// Post in a forum topic (thread id from [`FakeTelegram::create_topic`]).
    pub fn in_topic(mut self, thread_id: i32) -> Self {
        self.thread = Some(thread_id);
        self
    }

    /// Add a `text_mention` entity (a mention of a user without username) over the first
    /// occurrence of `needle` in the text.
    pub fn text_mention(mut self, needle: &str, user: &FakeUser) -> Self {
        let mut e = entity("text_mention", 0, 0);
        e["user"] = json::user(user);
        self.explicit.push((needle.to_owned(), e));
        self
    }

    /// Add an entity of `kind` (`bold`, `mention`, ...) over the first occurrence of `needle`.
    pub fn entity(mut self, kind: &str, needle: &str) -> Self {
        self.explicit.push((needle.to_owned(), entity(kind, 0, 0)));
        self
    }

    /// Do not add the entities Telegram detects itself (commands, @mentions, hashtags, URLs).
    pub fn no_auto_entities(mut self) -> Self {
        self.auto_entities = false;
        self
    }

    /// `author_signature` (anonymous admins with a custom title).
    pub fn signature(mut self, signature: impl Into<String>) -> Self {
        self.signature = Some(signature.into());
        self
    }

    /// Create the message and queue its update. Panics on an unknown chat, reply or topic.
    pub fn push(self) -> Pushed {
        let mut entities = if self.auto_entities { auto_entities(&self.text) } else { Vec::new() };
        for (needle, mut e) in self.explicit {
            let (offset, length) = utf16_span(&self.text, &needle)
                .unwrap_or_else(|| panic!("fake Telegram: {needle:?} is not in the message text"));
            e["offset"] = json!(offset);
            e["length"] = json!(length);
            entities.push(e);
        }
        sort(&mut entities);
        let text = self.text;
        let (chat_id, reply_to, thread, signature) = (self.chat_id, self.reply_to, self.thread, self.signature);
        self.fake.shared.write(|st| {
            let chat_json = json::chat(st.chat(chat_id));
            let mut draft = match &self.sender {
                Sender::User(user) => Draft::new(json::user(user)),
                Sender::AnonymousAdmin => {
                    let mut d = Draft::new(json::user(&FakeUser::group_anonymous_bot()));
                    d.sender_chat = Some(chat_json);
                    d
                }
            };
            draft.reply_to = reply_to;
            draft.thread = thread;
            draft = draft.with("text", json!(text));
            if !entities.is_empty() {
                draft = draft.with("entities", Value::Array(entities));
            }
            if let Some(signature) = signature {
                draft = draft.with("author_signature", json!(signature));
            }
            let msg = match create_message(st, chat_id, draft) {
                Ok(msg) => msg,
                Err(DraftError::ReplyNotFound) => panic!("fake Telegram: no message {reply_to:?} in chat {chat_id}"),
                Err(DraftError::ThreadNotFound) => panic!("fake Telegram: no topic {thread:?} in chat {chat_id}"),
            };
            let visible = text.starts_with('/') || replies_to_bot(&msg, &st.config.bot);
            let message_id = msg["message_id"].as_i64().map(|id| id as i32);
            let update =
                st.push_update("message", Some(chat_id), msg, Gate::Message { visible_in_privacy_mode: visible });
            Pushed { update_ids: update.into_iter().collect(), message_id, callback_query_id: None }
        })
    }
}

impl FakeTelegram {
    /// Create a chat the bot is in (admin or member as the spec says). No update is pushed.
    pub fn add_chat(&self, spec: ChatSpec) {
        self.shared.write(|st| {
            st.chats.insert(spec.id, ChatState::from_spec(spec));
        });
    }

    /// Start building a message from `sender` (a [`FakeUser`] or [`Sender::AnonymousAdmin`]).
    pub fn message(&self, chat_id: i64, sender: impl Into<Sender>, text: impl Into<String>) -> MessageBuilder<'_> {
        MessageBuilder {
            fake: self,
            chat_id,
            sender: sender.into(),
            text: text.into(),
            reply_to: None,
            thread: None,
            explicit: Vec::new(),
            auto_entities: true,
            signature: None,
        }
    }

    /// A plain text message from a user; returns its message id.
    pub fn user_message(&self, chat_id: i64, from: &FakeUser, text: impl Into<String>) -> i32 {
        self.message(chat_id, from, text).push().message_id()
    }

    /// A message of an anonymous admin: `from` is GroupAnonymousBot (1087968824) and
    /// `sender_chat` is the chat. Returns its message id.
    pub fn anonymous_admin_message(&self, chat_id: i64, text: impl Into<String>) -> i32 {
        self.message(chat_id, Sender::AnonymousAdmin, text).push().message_id()
    }

    /// Edit a message's text: an `edited_message` update with `edit_date` = the clock. Entities
    /// are detected again; explicit ones are not kept.
    pub fn edit_message(&self, chat_id: i64, message_id: i32, new_text: impl Into<String>) -> Pushed {
        let text = new_text.into();
        self.shared.write(|st| {
            let clock = st.clock;
            let chat = st.chat_mut(chat_id);
            let msg = chat
                .messages
                .get_mut(&message_id)
                .unwrap_or_else(|| panic!("fake Telegram: no message {message_id} in chat {chat_id}"));
            msg["text"] = json!(text);
            msg["edit_date"] = json!(clock);
            let entities = auto_entities(&text);
            if let Some(obj) = msg.as_object_mut() {
                if entities.is_empty() {
                    obj.remove("entities");
                } else {
                    obj.insert("entities".to_owned(), Value::Array(entities));
                }
            }
            let msg = msg.clone();
            let visible = text.starts_with('/') || replies_to_bot(&msg, &st.config.bot);
            let update = st.push_update(
                "edited_message",
                Some(chat_id),
                msg,
                Gate::Message { visible_in_privacy_mode: visible },
            );
            Pushed { update_ids: update.into_iter().collect(), message_id: Some(message_id), callback_query_id: None }
        })
    }

    /// Create a forum topic: a `forum_topic_created` service message whose id is the topic's
    /// thread id (`Pushed::message_id`). Messages in it: [`MessageBuilder::in_topic`].
    pub fn create_topic(&self, chat_id: i64, creator: &FakeUser, name: &str) -> Pushed {
        self.shared.write(|st| {
            let thread = st.chat(chat_id).next_message_id;
            st.chat_mut(chat_id).topics.insert(thread);
            let mut draft = Draft::new(json::user(creator))
                .with("forum_topic_created", json!({ "name": name, "icon_color": 7322096 }));
            draft.thread = Some(thread);
            let mut pushed = Pushed::default();
            world::push_service(st, chat_id, draft, &mut pushed);
            pushed
        })
    }

    /// A user sets one emoji reaction on a message (replacing their previous ones).
    pub fn reaction(&self, chat_id: i64, message_id: i32, user: &FakeUser, emoji: &str) -> Pushed {
        self.set_reactions(chat_id, message_id, user, &[emoji])
    }

    /// `actor` sets its reactions on a message to `emojis` (empty: removes them). A
    /// `message_reaction` update with `old_reaction`/`new_reaction`; like Telegram's, it does not
    /// say who wrote the message. Anonymous admins react as the chat (`actor_chat`).
    pub fn set_reactions(&self, chat_id: i64, message_id: i32, actor: impl Into<Sender>, emojis: &[&str]) -> Pushed {
        let actor = actor.into();
        self.shared.write(|st| {
            let clock = st.clock;
            let chat = st.chat_mut(chat_id);
            let chat_json = json::chat(chat);
            let actor_id = match &actor {
                Sender::User(u) => u.id,
                Sender::AnonymousAdmin => chat_id,
            };
            let new: Vec<String> = emojis.iter().map(|e| (*e).to_owned()).collect();
            let old = chat.reactions.insert((message_id, actor_id), new.clone()).unwrap_or_default();
            let as_json = |list: &[String]| -> Value {
                list.iter().map(|e| json!({ "type": "emoji", "emoji": e })).collect::<Vec<_>>().into()
            };
            let mut payload = json!({
                "chat": chat_json, "message_id": message_id, "date": clock,
                "old_reaction": as_json(&old), "new_reaction": as_json(&new)
            });
            match &actor {
                Sender::User(u) => payload["user"] = json::user(u),
                Sender::AnonymousAdmin => payload["actor_chat"] = payload["chat"].clone(),
            }
            let update = st.push_update("message_reaction", Some(chat_id), payload, Gate::Admin);
            Pushed { update_ids: update.into_iter().collect(), message_id: None, callback_query_id: None }
        })
    }

    /// Upgrade a basic group to a supergroup with `new_id`: a `migrate_to_chat_id` message in the
    /// old chat, a `migrate_from_chat_id` message in the new one (message ids restart there).
    /// The chat's members, admins and links move; the old id answers 400 with
    /// `parameters.migrate_to_chat_id` from then on.
    pub fn migrate_to_supergroup(&self, chat_id: i64, new_id: i64, by: &FakeUser) -> Pushed {
        self.shared.write(|st| {
            let mut pushed = Pushed::default();
            world::push_service(
                st,
                chat_id,
                Draft::new(json::user(by)).with("migrate_to_chat_id", json!(new_id)),
                &mut pushed,
            );
            let mut chat = st.chats.remove(&chat_id).unwrap_or_else(|| panic!("fake Telegram: no chat {chat_id}"));
            chat.id = new_id;
            chat.kind = super::model::ChatKind::Supergroup;
            chat.next_message_id = 1;
            chat.messages.clear();
            chat.reactions.clear();
            st.chats.insert(new_id, chat);
            st.migrated.insert(chat_id, new_id);
            for link in st.links.iter_mut().filter(|l| l.chat_id == chat_id) {
                link.chat_id = new_id;
            }
            let draft = Draft::new(json::user(by)).with("migrate_from_chat_id", json!(chat_id));
            world::push_service(st, new_id, draft, &mut pushed);
            pushed
        })
    }

    /// A user presses an inline button under a message: a `callback_query` update. The query id
    /// is in `Pushed::callback_query_id`; answer it with `answerCallbackQuery`.
    pub fn callback_query(&self, chat_id: i64, message_id: i32, from: &FakeUser, data: &str) -> Pushed {
        self.shared.write(|st| {
            let id = format!("{}", 4_000_000_000_000_000_000u64 + st.next_callback_id);
            st.next_callback_id += 1;
            let message = st
                .chat(chat_id)
                .messages
                .get(&message_id)
                .cloned()
                .unwrap_or_else(|| panic!("fake Telegram: no message {message_id} in chat {chat_id}"));
            let payload = json!({
                "id": id, "from": json::user(from), "message": message,
                "chat_instance": format!("ci{chat_id}"), "data": data
            });
            let update = st.push_update("callback_query", Some(chat_id), payload, Gate::Present);
            Pushed {
                update_ids: update.into_iter().collect(),
                message_id: Some(message_id),
                callback_query_id: Some(id),
            }
        })
    }

    /// Queue any update as is (`kind` is its field name, e.g. `"poll_answer"`). Not gated.
    pub fn push_raw_update(&self, kind: &str, chat_id: Option<i64>, payload: Value) -> i64 {
        self.shared
            .write(|st| st.push_update(kind, chat_id, payload, Gate::Always))
            .expect("ungated updates are always queued")
    }

    /// The fake clock (Unix seconds), the `date` of everything created from now on.
    pub fn now(&self) -> i64 {
        self.shared.read(|st| st.clock)
    }

    pub fn set_clock(&self, unix_seconds: i64) {
        self.shared.write(|st| st.clock = unix_seconds);
    }

    pub fn advance_clock(&self, seconds: i64) {
        self.shared.write(|st| st.clock += seconds);
    }
}
