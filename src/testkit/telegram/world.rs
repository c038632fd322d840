//! World changes shared by the test-facing pushes and the Bot API methods: creating messages
//! (with Telegram's reply and topic rules) and membership changes.

use serde_json::{Map, Value, json};

use super::json;
use super::model::{ChatKind, FakeUser, Pushed};
use super::state::{Gate, MemberStatus, State};

/// A message about to be created in a chat.
pub(crate) struct Draft {
    pub from: Value,
    pub sender_chat: Option<Value>,
    pub reply_to: Option<i32>,
    /// Forum topic (thread id) the message is posted in.
    pub thread: Option<i32>,
    /// The content fields (`text`, `entities`, `photo`, `new_chat_members`, ...).
    pub body: Map<String, Value>,
}

impl Draft {
    pub fn new(from: Value) -> Self {
        Self { from, sender_chat: None, reply_to: None, thread: None, body: Map::new() }
    }

    pub fn with(mut self, key: &str, value: Value) -> Self {
        self.body.insert(key.to_owned(), value);
        self
    }
}

pub(crate) enum DraftError {
    ReplyNotFound,
    ThreadNotFound,
}

/// Create and store a message; returns its JSON. Rules, as Telegram applies them:
/// - `reply_to_message` holds the replied message without its own `reply_to_message`;
/// - in a forum, a message in a topic has `message_thread_id` and `is_topic_message`, and when it
///   replies to nothing its `reply_to_message` is the topic's `forum_topic_created` message;
///   a reply to a topic message is in that topic;
/// - in a supergroup without topics, a reply carries `message_thread_id` = the id of the first
///   message of the reply chain (a comment thread, not a topic: no `is_topic_message`).
pub(crate) fn create_message(st: &mut State, chat_id: i64, draft: Draft) -> Result<Value, DraftError> {
    let clock = st.clock;
    let history = st.config.message_history.max(1);
    let chat = st.chat_mut(chat_id);
    let reply = match draft.reply_to {
        Some(id) => Some(chat.messages.get(&id).cloned().ok_or(DraftError::ReplyNotFound)?),
        None => None,
    };
    let reply_thread = reply.as_ref().and_then(|r| r["message_thread_id"].as_i64()).map(|t| t as i32);
    let reply_in_topic = reply.as_ref().is_some_and(|r| r["is_topic_message"] == json!(true));
    let mut thread = None;
    let mut topic = false;
    let mut reply_json = reply.as_ref().map(json::nested);
    match chat.kind {
        ChatKind::Forum => {
            let t = draft.thread.or(if reply_in_topic { reply_thread } else { None });
            if let Some(t) = t {
                if !chat.topics.contains(&t) {
                    return Err(DraftError::ThreadNotFound);
                }
                thread = Some(t);
                topic = true;
                if reply_json.is_none() {
                    reply_json = chat.messages.get(&t).map(json::nested);
                }
            }
        }
        ChatKind::Supergroup => {
            if let Some(r) = &reply {
                thread = reply_thread.or(r["message_id"].as_i64().map(|id| id as i32));
            }
        }
        ChatKind::Group => {}
    }
    let message_id = chat.take_message_id();
    let mut msg = json!({ "message_id": message_id, "date": clock, "chat": json::chat(chat), "from": draft.from });
    if let Some(sender_chat) = draft.sender_chat {
        msg["sender_chat"] = sender_chat;
    }
    if let Some(t) = thread {
        msg["message_thread_id"] = json!(t);
    }
    if topic {
        msg["is_topic_message"] = json!(true);
    }
    if let Some(r) = reply_json {
        msg["reply_to_message"] = r;
    }
    if let Some(obj) = msg.as_object_mut() {
        obj.extend(draft.body);
    }
    chat.messages.insert(message_id, msg.clone());
    while chat.messages.len() > history {
        chat.messages.pop_first();
    }
    Ok(msg)
}

/// Whether a message replies to one of the bot's messages (privacy mode lets those through).
pub(crate) fn replies_to_bot(msg: &Value, bot: &FakeUser) -> bool {
    msg["reply_to_message"]["from"]["id"].as_i64() == Some(bot.id)
        && msg["reply_to_message"].get("forum_topic_created").is_none()
}

/// A member's status changes: a `chat_member` update (needs the bot to be an admin) and, when
/// the chat shows them, the service message. `extra` goes into the `chat_member` payload
/// (`invite_link`, `via_join_request`, ...).
pub(crate) fn change_member(
    st: &mut State,
    chat_id: i64,
    user: &FakeUser,
    by: &FakeUser,
    new_status: MemberStatus,
    extra: Map<String, Value>,
) -> Pushed {
    let bot = st.config.bot.clone();
    let clock = st.clock;
    let chat = st.chat_mut(chat_id);
    let old = chat.member_json(user.id, &bot).unwrap_or_else(|| json::plain_member(user, MemberStatus::Left));
    let was_present = matches!(old["status"].as_str(), Some("member" | "administrator" | "creator" | "restricted"));
    chat.members.insert(user.id, super::state::MemberState { user: user.clone(), status: new_status });
    let new = json::plain_member(user, new_status);
    let mut payload = json!({
        "chat": json::chat(chat), "from": json::user(by), "date": clock,
        "old_chat_member": old, "new_chat_member": new
    });
    if let Some(obj) = payload.as_object_mut() {
        obj.extend(extra);
    }
    let service = chat.join_service_messages;
    let mut pushed = Pushed::default();
    pushed.update_ids.extend(st.push_update("chat_member", Some(chat_id), payload, Gate::Admin));
    if !service {
        return pushed;
    }
    let body = match new_status {
        MemberStatus::Member if !was_present => ("new_chat_members", json!([json::user(user)])),
        MemberStatus::Left | MemberStatus::Kicked if was_present => ("left_chat_member", json::user(user)),
        _ => return pushed,
    };
    let draft = Draft::new(json::user(by)).with(body.0, body.1.clone());
    if body.0 == "new_chat_members" {
        // Telegram also keeps the deprecated single-member fields.
        let draft = draft.with("new_chat_member", json::user(user)).with("new_chat_participant", json::user(user));
        push_service(st, chat_id, draft, &mut pushed);
    } else {
        let draft = draft.with("left_chat_participant", json::user(user));
        push_service(st, chat_id, draft, &mut pushed);
    }
    pushed
}

/// Create a service message and queue it as a `message` update (always visible to the bot).
pub(crate) fn push_service(st: &mut State, chat_id: i64, draft: Draft, pushed: &mut Pushed) {
    if let Ok(msg) = create_message(st, chat_id, draft) {
        pushed.message_id = msg["message_id"].as_i64().map(|id| id as i32);
        pushed.update_ids.extend(st.push_update(
            "message",
            Some(chat_id),
            msg,
            Gate::Message { visible_in_privacy_mode: true },
        ));
    }
}
